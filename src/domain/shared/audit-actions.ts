/**
 * Every action the audit trail records, in the order the audit page offers them. The trail's
 * writer accepts only these, the page's filter lists them and the catalogs name them (a catalog
 * test checks), so a new action cannot reach the page as a raw English code.
 */
export const AUDIT_ACTIONS = [
  "create",
  "update",
  "delete",
  "add",
  "merge",
  "import",
  "publish",
  "close",
  "sign",
  "void",
  "reverse",
  "revoke",
  "end",
  "terminate",
  "retire",
  "archive",
  "restore",
  "propose",
  "confirmed",
  "refused",
  "transfer-in",
  "transfer-out",
  "read",
  "retry",
  "login",
  "logout",
  "logout-everywhere",
  "lock",
] as const;

export type AuditAction = (typeof AUDIT_ACTIONS)[number];
