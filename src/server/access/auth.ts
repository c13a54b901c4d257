import { and, eq, gt, isNull, lt, or } from "drizzle-orm";
import type { Locale } from "../../domain/places/units.js";
import { DomainError } from "../../domain/shared/errors.js";
import { DEFAULT_TIME_ZONE } from "../../domain/shared/local-time.js";
import { recordAudit } from "../audit/service.js";
import { type ReadableOrganisations, readableOrgIds } from "../orgs/service.js";
import { organisation } from "../orgs/tables.js";
import type { Actor, RequestContext } from "../platform/context.js";
import type { Database, OpenTransaction, Tx } from "../platform/db.js";
import { withSystem } from "../platform/transactions.js";
import { isRole, type Role } from "./roles.js";
import { dummyPasswordHash, randomSecret, sha256, verifyPassword } from "./secrets.js";
import { apiToken, appUser, membership, session, usernameKey } from "./tables.js";

export const LOCKOUT_AFTER_FAILURES = 5;
export const LOCKOUT_MINUTES = 15;
const ABSOLUTE_SESSION_DAYS = 7;
const TOKEN_PREFIX = "aimak_";

export interface SessionInfo {
  token: string;
  csrfToken: string;
  expiresAt: Date;
}

/** Checks a password; counts failures and locks the account for a while after too many. */
export async function login(
  database: Database,
  ctx: RequestContext,
  input: { username: string; password: string; userAgent?: string },
  sessionHours: number,
  now = new Date(),
): Promise<SessionInfo> {
  const username = usernameKey(input.username);
  const found = await withSystem(database, (tx) =>
    tx.select().from(appUser).where(eq(appUser.username, username)).limit(1),
  );
  const user = found[0];
  if (!user || user.disabledAt) {
    await verifyPassword(await dummyPasswordHash(), input.password);
    throw new DomainError("auth.invalidCredentials");
  }
  if (user.lockedUntil && user.lockedUntil > now) {
    throw new DomainError("auth.locked", {
      minutes: Math.ceil((user.lockedUntil.getTime() - now.getTime()) / 60000),
    });
  }
  const ok = await verifyPassword(user.passwordHash, input.password);
  // The transaction commits the failure count; the error is raised only after it has committed.
  const outcome = await withSystem(database, async (tx): Promise<SessionInfo | null> => {
    const orgIds = await membershipOrgIds(tx, user.id);
    const auditCtx: RequestContext = {
      ...ctx,
      actor: {
        userId: user.id,
        username: user.username,
        orgId: "",
        roles: [],
        readOrgIds: [],
        timeZone: DEFAULT_TIME_ZONE,
      },
    };
    if (!ok) {
      const failures = user.failedLogins + 1;
      const lock = failures >= LOCKOUT_AFTER_FAILURES;
      await tx
        .update(appUser)
        .set({
          failedLogins: lock ? 0 : failures,
          lockedUntil: lock ? new Date(now.getTime() + LOCKOUT_MINUTES * 60000) : user.lockedUntil,
        })
        .where(eq(appUser.id, user.id));
      if (lock) {
        for (const orgId of orgIds) {
          await recordAudit(tx, auditCtx, { orgId, action: "lock", entity: "user", entityId: user.id });
        }
      }
      return null;
    }
    await tx.update(appUser).set({ failedLogins: 0, lockedUntil: null }).where(eq(appUser.id, user.id));
    const token = randomSecret();
    const csrfToken = randomSecret();
    const expiresAt = new Date(now.getTime() + sessionHours * 3600_000);
    await tx.insert(session).values({
      tokenHash: sha256(token),
      userId: user.id,
      csrfToken,
      activeOrgId: orgIds.length === 1 ? orgIds[0]! : null,
      createdAt: now,
      lastSeenAt: now,
      expiresAt,
      userAgent: input.userAgent?.slice(0, 300) ?? null,
    });
    for (const orgId of orgIds) {
      await recordAudit(tx, auditCtx, { orgId, action: "login", entity: "user", entityId: user.id });
    }
    return { token, csrfToken, expiresAt };
  });
  if (!outcome) throw new DomainError("auth.invalidCredentials");
  return outcome;
}

async function membershipOrgIds(tx: Tx, userId: string): Promise<string[]> {
  const rows = await tx
    .selectDistinct({ orgId: membership.orgId })
    .from(membership)
    .where(eq(membership.userId, userId));
  return rows.map((r) => r.orgId);
}

export interface Authenticated {
  actor: Actor | null; // null while no organisation is chosen
  userId: string;
  username: string;
  locale: Locale;
  client: "browser" | "api-token";
  csrfToken: string | null;
  sessionTokenHash: string | null;
  /** The request's read-only transaction, already in the actor's tenant (see authenticateSession). */
  tenantTransaction?: OpenTransaction;
}

/** What a session's row holds (migration 0022, app_session). */
interface SessionRow {
  activeOrgId: string | null;
  csrfToken: string;
  createdAt: Date;
  lastSeenAt: Date;
  userId: string;
  username: string;
  locale: string;
  disabledAt: Date | null;
  roles: string[];
  orgKind: string | null;
  timeZone: string | null;
  readOrgIds: string[] | null;
  organisationCount: number | null;
}

/**
 * Resolves a session cookie to its user; slides the idle expiry at most once a minute.
 * With `openTenant` (for a request that reads in one read-only transaction), the same round trip
 * also opens that transaction in the session's tenant on PostgreSQL: `tenantTransaction`, which
 * the caller must run or abandon.
 */
export async function authenticateSession(
  database: Database,
  token: string,
  sessionHours: number,
  now = new Date(),
  options?: { openTenant?: boolean },
): Promise<Authenticated | null> {
  const tokenHash = sha256(token);
  const open = options?.openTenant ? database.openReadTransaction : undefined;
  const opened = open ? await open<SessionRow>(sessionLookup(tokenHash, now, true)) : undefined;
  const [row] = opened
    ? opened.rows
    : await database.script<SessionRow>(sessionLookup(tokenHash, now, false));
  // Sliding the expiry writes through another connection: the open transaction gives its own back
  // first, so that requests holding theirs never wait on the pool for one another.
  const lent = opened && row && !slidesNow(row, now) ? opened.transaction : undefined;
  if (opened && !lent) opened.transaction.abandon();
  try {
    const authenticated = await sessionAuthenticated(database, tokenHash, row, sessionHours, now);
    if (lent && authenticated?.actor) return { ...authenticated, tenantTransaction: lent };
    lent?.abandon();
    return authenticated;
  } catch (error) {
    lent?.abandon();
    throw error;
  }
}

/**
 * The script that reads a session's row (app_session), as the system role: one round trip. Its two
 * values are literals made here (a hex digest and an ISO instant), as a script of statements needs.
 */
function sessionLookup(tokenHash: string, now: Date, enterTenant: boolean) {
  if (!/^[0-9a-f]{64}$/.test(tokenHash)) throw new Error("session token hash is not a hex digest");
  return `set local role aimak_system;
    select * from app_session('${tokenHash}', '${now.toISOString()}'::timestamptz, ${enterTenant})`;
}

/** A session's row still good (app_session has checked its idle expiry): its user enabled, within its absolute lifetime. */
function sessionLive(row: SessionRow | undefined, now: Date): row is SessionRow {
  return (
    row !== undefined &&
    !row.disabledAt &&
    now.getTime() - new Date(row.createdAt).getTime() <= ABSOLUTE_SESSION_DAYS * 86400_000
  );
}

/** A session's idle expiry slides at most once a minute. */
const slidesNow = (row: SessionRow, now: Date) => now.getTime() - new Date(row.lastSeenAt).getTime() > 60_000;

async function sessionAuthenticated(
  database: Database,
  tokenHash: string,
  row: SessionRow | undefined,
  sessionHours: number,
  now: Date,
): Promise<Authenticated | null> {
  if (!sessionLive(row, now)) return null;
  if (slidesNow(row, now)) {
    await withSystem(database, (tx) =>
      tx
        .update(session)
        .set({ lastSeenAt: now, expiresAt: new Date(now.getTime() + sessionHours * 3600_000) })
        .where(eq(session.tokenHash, tokenHash)),
    );
  }
  const user = { id: row.userId, username: row.username };
  const actor =
    row.activeOrgId && row.orgKind
      ? await actorOf(
          async (orgId) => ({
            orgIds: row.readOrgIds ?? [orgId],
            organisationCount: row.organisationCount ?? 0,
          }),
          user,
          { id: row.activeOrgId, kind: row.orgKind, timeZone: row.timeZone ?? DEFAULT_TIME_ZONE },
          row.roles.filter(isRole),
        )
      : null;
  return {
    actor,
    userId: row.userId,
    username: row.username,
    locale: row.locale as Locale,
    client: "browser",
    csrfToken: row.csrfToken,
    sessionTokenHash: tokenHash,
  };
}

/**
 * The saved language of the user whose session or API token a request carries, while it is valid;
 * null otherwise. Only the language: for an error raised before the guard authenticated the
 * request (a body that could not be read, an address that is not there), which is answered in the
 * user's language as every other error is. Neither the session's expiry nor the token's last use
 * is touched.
 */
export async function savedLocaleOf(
  database: Database,
  credential: { sessionToken: string } | { apiToken: string },
  now = new Date(),
): Promise<Locale | null> {
  if ("sessionToken" in credential) {
    const [row] = await database.script<SessionRow>(
      sessionLookup(sha256(credential.sessionToken), now, false),
    );
    return sessionLive(row, now) ? (row.locale as Locale) : null;
  }
  if (!credential.apiToken.startsWith(TOKEN_PREFIX)) return null;
  const [row] = await withSystem(database, (tx) =>
    tx
      .select({ locale: appUser.locale })
      .from(apiToken)
      .innerJoin(appUser, eq(appUser.id, apiToken.userId))
      .where(and(liveApiToken(credential.apiToken, now), isNull(appUser.disabledAt)))
      .limit(1),
  );
  return (row?.locale as Locale | undefined) ?? null;
}

/** An API token's row while it holds: this token's, not revoked, not expired. */
const liveApiToken = (token: string, now: Date) =>
  and(
    eq(apiToken.tokenHash, sha256(token)),
    isNull(apiToken.revokedAt),
    or(isNull(apiToken.expiresAt), gt(apiToken.expiresAt, now)),
  );

/** Resolves a personal API token: one organisation, one role, while the user still holds it. */
export async function authenticateApiToken(database: Database, token: string, now = new Date()) {
  if (!token.startsWith(TOKEN_PREFIX)) return null;
  return withSystem(database, async (tx): Promise<Authenticated | null> => {
    const [row] = await tx
      .select({ t: apiToken, u: appUser })
      .from(apiToken)
      .innerJoin(appUser, eq(appUser.id, apiToken.userId))
      .where(liveApiToken(token, now))
      .limit(1);
    if (!row || row.u.disabledAt || !isRole(row.t.role)) return null;
    const actor = await actorFor(tx, row.u, row.t.orgId, row.t.role);
    if (!actor) return null;
    if (!row.t.lastUsedAt || now.getTime() - row.t.lastUsedAt.getTime() > 60_000) {
      await tx.update(apiToken).set({ lastUsedAt: now }).where(eq(apiToken.id, row.t.id));
    }
    return {
      actor,
      userId: row.u.id,
      username: row.u.username,
      locale: row.u.locale as Locale,
      client: "api-token",
      csrfToken: null,
      sessionTokenHash: null,
    };
  });
}

/** The actor for a user in an organisation, or null if they hold no role there (any more). */
export async function actorFor(
  tx: Tx,
  user: { id: string; username: string },
  orgId: string,
  onlyRole: Role | null,
): Promise<Actor | null> {
  const held = await tx
    .select({ role: membership.role, orgKind: organisation.kind, timeZone: organisation.timeZone })
    .from(membership)
    .innerJoin(organisation, eq(organisation.id, membership.orgId))
    .where(and(eq(membership.userId, user.id), eq(membership.orgId, orgId)));
  const roles = held.map((h) => h.role).filter(isRole);
  return actorOf(
    (id) => readableOrgIds(tx, id),
    user,
    { id: orgId, kind: held[0]?.orgKind ?? "", timeZone: held[0]?.timeZone ?? DEFAULT_TIME_ZONE },
    onlyRole ? roles.filter((r) => r === onlyRole) : roles,
  );
}

async function actorOf(
  readable: (orgId: string) => Promise<ReadableOrganisations>,
  user: { id: string; username: string },
  org: { id: string; kind: string; timeZone: string },
  roles: Role[],
): Promise<Actor | null> {
  if (roles.length === 0) return null;
  // Only a district office reads beyond itself (the organisations of its area); one whose area is
  // the whole country reads every organisation.
  const read = org.kind === "district-office" ? await readable(org.id) : null;
  return {
    userId: user.id,
    username: user.username,
    orgId: org.id,
    roles,
    readOrgIds: read?.orgIds ?? [org.id],
    ...(read && read.orgIds.length === read.organisationCount ? { readsEveryOrganisation: true } : {}),
    ...(org.kind === "district-office" ? { office: true } : {}),
    timeZone: org.timeZone,
  };
}

export async function switchOrganisation(
  database: Database,
  tokenHash: string,
  userId: string,
  orgId: string,
) {
  await withSystem(database, async (tx) => {
    const held = await tx
      .select({ id: membership.id })
      .from(membership)
      .where(and(eq(membership.userId, userId), eq(membership.orgId, orgId)))
      .limit(1);
    if (held.length === 0) throw new DomainError("notFound.organisation");
    await tx.update(session).set({ activeOrgId: orgId }).where(eq(session.tokenHash, tokenHash));
  });
}

export async function logout(database: Database, ctx: RequestContext, tokenHash: string, userId: string) {
  await withSystem(database, async (tx) => {
    await tx.delete(session).where(eq(session.tokenHash, tokenHash));
    for (const orgId of await membershipOrgIds(tx, userId)) {
      await recordAudit(tx, ctx, { orgId, action: "logout", entity: "user", entityId: userId });
    }
  });
}

/** Ends every session of the user, on every device. */
export async function logoutEverywhere(database: Database, ctx: RequestContext, userId: string) {
  await withSystem(database, async (tx) => {
    await tx.delete(session).where(eq(session.userId, userId));
    for (const orgId of await membershipOrgIds(tx, userId)) {
      await recordAudit(tx, ctx, { orgId, action: "logout-everywhere", entity: "user", entityId: userId });
    }
  });
}

export async function purgeExpiredSessions(database: Database, now = new Date()) {
  await withSystem(database, (tx) => tx.delete(session).where(lt(session.expiresAt, now)));
}

export { TOKEN_PREFIX };
