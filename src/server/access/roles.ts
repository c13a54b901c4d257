import { isRole, ROLES, type Role } from "../../domain/access/roles.js";

export { isRole, ROLES, type Role };

const everyone = ROLES;
const managers = ["administrator", "head", "wua-director"] as const satisfies readonly Role[];
const waterStaff = [
  "administrator",
  "head",
  "wua-director",
  "accountant",
  "water-master",
] as const satisfies readonly Role[];

/**
 * What each role may do: the one table of permissions. Every API route names one permission
 * (or "public" / "signed-in"); `*.access.test.ts` walks every route with every role against it.
 */
export const PERMISSIONS = {
  "org.read": everyone,
  "org.update": managers,
  // Settings that move every local day of the organisation (its time zone): administrators only.
  "org.configure": ["administrator"],
  "users.read": [...managers, "auditor"],
  "users.manage": ["administrator"],
  "audit.read": [...managers, "auditor"],
  "tokens.manage": everyone,
  "sms.read": [...managers, "clerk", "social-worker", "accountant", "water-master", "auditor"],
  "sms.manage": [...managers, "accountant"],
  // The household book is sensitive (people under-report land and livestock for fear of losing
  // benefits): water-provider roles never read it; they see only a linked user's flags.
  "registry.read": ["administrator", "head", "clerk", "social-worker", "land-specialist", "auditor"],
  "registry.write": ["administrator", "head", "clerk"],
  "registry.land": ["administrator", "head", "clerk", "land-specialist"],
  "registry.flags": ["administrator", "head", "clerk", "social-worker"],
  "registry.configure": ["administrator"],
  "certificates.read": ["administrator", "head", "clerk", "auditor"],
  "certificates.issue": ["administrator", "head", "clerk"],
  "certificates.templates": ["administrator"],
  // A municipality confirms (or refuses) a water provider's link to a person of its register.
  "registry.links": ["administrator", "head", "clerk"],
  // The water provider's side: a WUA or a state district unit.
  "water.read": [...waterStaff, "auditor"],
  "water.users": ["administrator", "wua-director", "accountant"],
  "water.network": ["administrator", "wua-director"],
  "water.measure": ["administrator", "wua-director", "accountant", "water-master"],
  "planning.read": [...waterStaff, "auditor"],
  "planning.write": ["administrator", "wua-director", "accountant"],
  "allocation.write": ["administrator", "wua-director", "water-master"],
  "billing.read": ["administrator", "head", "wua-director", "accountant", "auditor"],
  "billing.write": ["administrator", "wua-director", "accountant"],
  "billing.close": ["administrator", "wua-director"],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;
/** Route guards: a permission, any signed-in user, or nobody needed. */
export type RouteGuard = Permission | "signed-in" | "public";

/** Every permission that any of these roles grants. */
export function permissionsOf(roles: readonly Role[]): Permission[] {
  return (Object.keys(PERMISSIONS) as Permission[]).filter((p) => roleAllows(roles, p));
}

/**
 * What an office (district, oblast, national) may not do, whatever roles its people hold: the
 * registers it reads are the municipalities' to keep, and certificates are issued and listed by
 * the municipality that keeps the household (an office has none of its own to list).
 */
export const NOT_FOR_OFFICES: readonly Permission[] = [
  "registry.write",
  "registry.land",
  "registry.flags",
  "registry.links",
  "registry.configure",
  "certificates.read",
  "certificates.issue",
  "certificates.templates",
];

/** Whether the actor may do this: its roles allow it, and an office only what offices may. */
export function actorAllows(actor: { roles: readonly Role[]; office?: boolean }, permission: Permission) {
  return roleAllows(actor.roles, permission) && !(actor.office && NOT_FOR_OFFICES.includes(permission));
}

/** Every permission the actor holds where it acts (what the web app shows and offers). */
export function actorPermissions(actor: { roles: readonly Role[]; office?: boolean }): Permission[] {
  return (Object.keys(PERMISSIONS) as Permission[]).filter((p) => actorAllows(actor, p));
}

export function roleAllows(roles: readonly Role[], permission: Permission): boolean {
  const allowed: readonly Role[] = PERMISSIONS[permission];
  return roles.some((r) => allowed.includes(r));
}
