import { and, asc, eq, inArray, isNull, sql } from "drizzle-orm";
import { uuidv7 } from "uuidv7";
import type { Locale } from "../../domain/places/units.js";
import { DomainError } from "../../domain/shared/errors.js";
import { recordAudit } from "../audit/service.js";
import { type RequestContext, requireActor } from "../platform/context.js";
import type { Database, Tx } from "../platform/db.js";
import { isUniqueViolation } from "../platform/pg-errors.js";
import { asSystemWithin, withTenant } from "../platform/transactions.js";
import { TOKEN_PREFIX } from "./auth.js";
import type { Role } from "./roles.js";
import { hashPassword, randomSecret, sha256 } from "./secrets.js";
import { endSessionsOf } from "./system-users.js";
import { apiToken, appUser, membership, newPasswordColumns, usernameKey } from "./tables.js";

/** The columns of a user the application role may read: never the password hash. */
const userColumns = {
  id: appUser.id,
  username: appUser.username,
  displayName: appUser.displayName,
  locale: appUser.locale,
  disabledAt: appUser.disabledAt,
  lockedUntil: appUser.lockedUntil,
  version: appUser.version,
  createdAt: appUser.createdAt,
  homeOrgId: appUser.homeOrgId,
};

/**
 * A user as an organisation's administrator sees them: `managedHere` when this organisation is the
 * login's home, whose administrator alone sets its name, language, password and disabling.
 */
function asSeenBy<U extends { homeOrgId: string | null }>(orgId: string, { homeOrgId, ...user }: U) {
  return { ...user, managedHere: homeOrgId === orgId };
}

async function rolesByUser(tx: Tx, orgId: string, userIds: string[]) {
  if (userIds.length === 0) return new Map<string, Role[]>();
  const rows = await tx
    .select({ userId: membership.userId, role: membership.role })
    .from(membership)
    .where(and(eq(membership.orgId, orgId), inArray(membership.userId, userIds)));
  const out = new Map<string, Role[]>();
  for (const r of rows) out.set(r.userId, [...(out.get(r.userId) ?? []), r.role as Role]);
  return out;
}

/**
 * Users' display names by id, for a register that shows who did what. A user this organisation no
 * longer reads (removed from it, or of a municipality it took over) is left out: the caller says "—".
 */
export async function displayNames(tx: Tx, userIds: readonly string[]): Promise<Map<string, string>> {
  if (userIds.length === 0) return new Map();
  const found = await tx
    .select({ id: appUser.id, displayName: appUser.displayName })
    .from(appUser)
    .where(inArray(appUser.id, [...new Set(userIds)]));
  return new Map(found.map((u) => [u.id, u.displayName]));
}

export async function listUsers(database: Database, ctx: RequestContext) {
  const actor = requireActor(ctx);
  return withTenant(database, actor, async (tx) => {
    const users = await tx
      .selectDistinct(userColumns)
      .from(appUser)
      .innerJoin(membership, eq(membership.userId, appUser.id))
      .where(eq(membership.orgId, actor.orgId))
      .orderBy(asc(appUser.username));
    const roles = await rolesByUser(
      tx,
      actor.orgId,
      users.map((u) => u.id),
    );
    return users.map((u) => ({ ...asSeenBy(actor.orgId, u), roles: roles.get(u.id) ?? [] }));
  });
}

async function loadUser(tx: Tx, orgId: string, userId: string) {
  const [user] = await tx
    .select(userColumns)
    .from(appUser)
    .innerJoin(membership, eq(membership.userId, appUser.id))
    .where(and(eq(appUser.id, userId), eq(membership.orgId, orgId)))
    .limit(1);
  if (!user) throw new DomainError("notFound.user");
  const roles = (await rolesByUser(tx, orgId, [userId])).get(userId) ?? [];
  return { ...asSeenBy(orgId, user), roles };
}

export async function getUser(database: Database, ctx: RequestContext, userId: string) {
  const actor = requireActor(ctx);
  return withTenant(database, actor, (tx) => loadUser(tx, actor.orgId, userId));
}

export interface NewUser {
  username: string;
  displayName: string;
  password: string;
  locale: Locale;
  roles: Role[];
}

export async function createUser(database: Database, ctx: RequestContext, input: NewUser) {
  const actor = requireActor(ctx);
  const passwordHash = await hashPassword(input.password);
  try {
    return await withTenant(database, actor, async (tx) => {
      const id = uuidv7();
      await tx.insert(appUser).values({
        id,
        username: usernameKey(input.username),
        displayName: input.displayName,
        passwordHash,
        locale: input.locale,
        homeOrgId: actor.orgId,
      });
      await addRoles(tx, actor.orgId, id, input.roles);
      const created = await loadUser(tx, actor.orgId, id);
      await recordAudit(tx, ctx, { action: "create", entity: "user", entityId: id, after: created });
      return created;
    });
  } catch (error) {
    if (isUniqueViolation(error))
      throw new DomainError("conflict.usernameTaken", { username: input.username });
    throw error;
  }
}

/**
 * Gives a login of another organisation roles here, by its username: staff a merged municipality
 * hands over, or a municipality's social worker whom the WUA lets read its users. The login stays
 * its home's to manage. Only its id is looked up beyond the organisation (as the system role).
 */
export async function addExistingUser(
  database: Database,
  ctx: RequestContext,
  input: { username: string; roles: Role[] },
) {
  const actor = requireActor(ctx);
  const username = usernameKey(input.username);
  try {
    return await withTenant(database, actor, async (tx) => {
      const [found] = await asSystemWithin(tx, (system) =>
        system.select({ id: appUser.id }).from(appUser).where(eq(appUser.username, username)),
      );
      if (!found) throw new DomainError("notFound.login", { username });
      const [member] = await tx
        .select({ id: membership.id })
        .from(membership)
        .where(and(eq(membership.orgId, actor.orgId), eq(membership.userId, found.id)))
        .limit(1);
      if (member) throw new DomainError("conflict.alreadyMember", { username });
      await addRoles(tx, actor.orgId, found.id, [...new Set(input.roles)]);
      const added = await loadUser(tx, actor.orgId, found.id);
      await recordAudit(tx, ctx, { action: "add", entity: "user", entityId: found.id, after: added });
      return added;
    });
  } catch (error) {
    // Another administrator added the same login at the same moment.
    if (isUniqueViolation(error)) throw new DomainError("conflict.alreadyMember", { username });
    throw error;
  }
}

async function addRoles(tx: Tx, orgId: string, userId: string, roles: readonly Role[]) {
  if (roles.length === 0) return;
  await tx.insert(membership).values(roles.map((role) => ({ id: uuidv7(), orgId, userId, role })));
}

export interface UserPatch {
  version: number;
  displayName?: string;
  locale?: Locale;
  disabled?: boolean;
  roles?: Role[];
  password?: string;
}

/**
 * Edits a user of the organisation: their roles here and, when this is the login's home, its name,
 * language, disabling and a new password. Elsewhere no roles at all takes the login out of this
 * organisation; its home keeps at least one (disabling is how a home lets a login go).
 */
export async function updateUser(database: Database, ctx: RequestContext, userId: string, patch: UserPatch) {
  const actor = requireActor(ctx);
  const passwordHash = patch.password ? await hashPassword(patch.password) : undefined;
  return withTenant(database, actor, async (tx) => {
    const before = await loadUser(tx, actor.orgId, userId);
    if (
      userId === actor.userId &&
      (patch.disabled || (patch.roles && !patch.roles.includes("administrator")))
    ) {
      // An administrator cannot lock themselves out of administering.
      throw new DomainError("users.cannotDemoteSelf");
    }
    const ownSettingsChange =
      (patch.displayName !== undefined && patch.displayName !== before.displayName) ||
      (patch.locale !== undefined && patch.locale !== before.locale) ||
      (patch.disabled !== undefined && patch.disabled !== Boolean(before.disabledAt)) ||
      Boolean(passwordHash);
    if (ownSettingsChange && !before.managedHere) throw new DomainError("users.managedElsewhere");
    if (patch.roles?.length === 0 && before.managedHere) throw new DomainError("users.homeKeepsRole");
    if (before.managedHere) {
      const [updated] = await tx
        .update(appUser)
        .set({
          ...(patch.displayName !== undefined ? { displayName: patch.displayName } : {}),
          ...(patch.locale !== undefined ? { locale: patch.locale } : {}),
          ...(patch.disabled !== undefined ? { disabledAt: patch.disabled ? new Date() : null } : {}),
          ...(passwordHash ? newPasswordColumns(passwordHash) : {}),
          version: sql`${appUser.version} + 1`,
        })
        .where(and(eq(appUser.id, userId), eq(appUser.version, patch.version)))
        .returning({ id: appUser.id });
      if (!updated) throw new DomainError("conflict.version", { current: before.version });
      // A password an administrator sets (forgotten, or got out) ends the sessions the old one opened.
      if (passwordHash && userId !== actor.userId)
        await asSystemWithin(tx, (system) => endSessionsOf(system, userId));
    } else if (patch.version !== before.version) {
      // Roles only: the login's row is its home's to write, so its version is compared, not moved.
      throw new DomainError("conflict.version", { current: before.version });
    }
    if (patch.roles) {
      await tx
        .delete(membership)
        .where(and(eq(membership.orgId, actor.orgId), eq(membership.userId, userId)));
      await addRoles(tx, actor.orgId, userId, [...new Set(patch.roles)]);
    }
    const after =
      patch.roles?.length === 0 ? { ...before, roles: [] } : await loadUser(tx, actor.orgId, userId);
    await recordAudit(tx, ctx, {
      action: "update",
      entity: "user",
      entityId: userId,
      before,
      after: { ...after, passwordChanged: Boolean(passwordHash) },
    });
    return after;
  });
}

const tokenColumns = {
  id: apiToken.id,
  name: apiToken.name,
  role: apiToken.role,
  prefix: apiToken.prefix,
  createdAt: apiToken.createdAt,
  expiresAt: apiToken.expiresAt,
  lastUsedAt: apiToken.lastUsedAt,
  revokedAt: apiToken.revokedAt,
};

export async function listOwnTokens(database: Database, ctx: RequestContext) {
  const actor = requireActor(ctx);
  return withTenant(database, actor, (tx) =>
    tx
      .select(tokenColumns)
      .from(apiToken)
      .where(and(eq(apiToken.orgId, actor.orgId), eq(apiToken.userId, actor.userId)))
      .orderBy(asc(apiToken.createdAt)),
  );
}

/** Creates a token for the acting organisation with one of the user's roles there; shown once. */
export async function createToken(
  database: Database,
  ctx: RequestContext,
  input: { name: string; role: Role; expiresAt: Date | null },
  now = new Date(),
) {
  const actor = requireActor(ctx);
  if (!actor.roles.includes(input.role)) throw new DomainError("tokens.roleNotHeld", { role: input.role });
  // A token expired when issued works for no one: a mistyped year, most likely.
  if (input.expiresAt && input.expiresAt <= now)
    throw new DomainError("validation.fields", {}, [{ path: ["expiresAt"], code: "expiryPast" }]);
  const secret = `${TOKEN_PREFIX}${randomSecret()}`;
  return withTenant(database, actor, async (tx) => {
    const id = uuidv7();
    const [created] = await tx
      .insert(apiToken)
      .values({
        id,
        orgId: actor.orgId,
        userId: actor.userId,
        name: input.name,
        role: input.role,
        tokenHash: sha256(secret),
        prefix: secret.slice(0, 12),
        expiresAt: input.expiresAt,
      })
      .returning(tokenColumns);
    await recordAudit(tx, ctx, { action: "create", entity: "api-token", entityId: id, after: created });
    return { ...created!, token: secret };
  });
}

export async function revokeToken(database: Database, ctx: RequestContext, tokenId: string) {
  const actor = requireActor(ctx);
  return withTenant(database, actor, async (tx) => {
    const [revoked] = await tx
      .update(apiToken)
      .set({ revokedAt: new Date(), version: sql`${apiToken.version} + 1` })
      .where(and(eq(apiToken.id, tokenId), eq(apiToken.userId, actor.userId), isNull(apiToken.revokedAt)))
      .returning(tokenColumns);
    if (!revoked) throw new DomainError("notFound.token");
    await recordAudit(tx, ctx, { action: "revoke", entity: "api-token", entityId: tokenId, after: revoked });
    return revoked;
  });
}
