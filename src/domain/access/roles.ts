/** Roles a user holds in one organisation: shared by the server's role table and the web app. */
export const ROLES = [
  "administrator",
  "head",
  "clerk",
  "social-worker",
  "land-specialist",
  "wua-director",
  "accountant",
  "water-master",
  "auditor",
] as const;
export type Role = (typeof ROLES)[number];

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}
