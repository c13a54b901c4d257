import { and, eq, notExists, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { uuidv7 } from "uuidv7";
import type { Locale } from "../../domain/places/units.js";
import { DomainError } from "../../domain/shared/errors.js";
import { recordAudit } from "../audit/service.js";
import type { RequestContext } from "../platform/context.js";
import type { Tx } from "../platform/db.js";
import type { Role } from "./roles.js";
import { hashPassword } from "./secrets.js";
import { appUser, membership, newPasswordColumns, session, usernameKey } from "./tables.js";

const heldThere = alias(membership, "held_there");

/**
 * Creates a login (or reuses one with the same username) and gives it roles in an organisation,
 * the home of a login it creates.
 * For the CLI and the demo, which run as the system; requests use users.createUser.
 */
export async function createUserAsSystem(
  tx: Tx,
  ctx: RequestContext,
  input: {
    orgId: string;
    username: string;
    displayName: string;
    password: string;
    locale: Locale;
    roles: Role[];
  },
) {
  const username = usernameKey(input.username);
  let [user] = await tx.select({ id: appUser.id }).from(appUser).where(eq(appUser.username, username));
  if (!user) {
    const id = uuidv7();
    await tx.insert(appUser).values({
      id,
      username,
      displayName: input.displayName,
      passwordHash: await hashPassword(input.password),
      locale: input.locale,
      homeOrgId: input.orgId,
    });
    user = { id };
  }
  for (const role of input.roles) {
    const held = await tx
      .select({ id: membership.id })
      .from(membership)
      .where(
        and(eq(membership.orgId, input.orgId), eq(membership.userId, user.id), eq(membership.role, role)),
      );
    if (held.length === 0)
      await tx.insert(membership).values({ id: uuidv7(), orgId: input.orgId, userId: user.id, role });
  }
  await recordAudit(tx, ctx, {
    orgId: input.orgId,
    action: "create",
    entity: "user",
    entityId: user.id,
    after: { username, displayName: input.displayName, roles: input.roles },
  });
  return user.id;
}

/** Signs a login out everywhere (as the system role, which alone sees sessions): after a new password. */
export function endSessionsOf(system: Tx, userId: string) {
  return system.delete(session).where(eq(session.userId, userId)).returning({ userId: session.userId });
}

/**
 * Sets a login's password from the command line: for a home administrator who forgot their own,
 * whom nobody else may reset. Clears a lockout and ends the login's sessions (a reset is also what
 * one does after a password got out); recorded in the home organisation's audit chain.
 */
export async function resetPasswordAsSystem(tx: Tx, ctx: RequestContext, username: string, password: string) {
  const name = usernameKey(username);
  const [user] = await tx
    .select({ id: appUser.id, homeOrgId: appUser.homeOrgId })
    .from(appUser)
    .where(eq(appUser.username, name));
  if (!user) throw new DomainError("notFound.login", { username: name });
  if (!user.homeOrgId) throw new DomainError("users.noHome", { username: name });
  await tx
    .update(appUser)
    .set({ ...newPasswordColumns(await hashPassword(password)), version: sql`${appUser.version} + 1` })
    .where(eq(appUser.id, user.id));
  const ended = await endSessionsOf(tx, user.id);
  await recordAudit(tx, ctx, {
    orgId: user.homeOrgId,
    action: "update",
    entity: "user",
    entityId: user.id,
    after: { username: name, passwordChanged: true, sessionsEnded: ended.length },
  });
  return { userId: user.id, sessionsEnded: ended.length };
}

/**
 * A merged municipality's logins in a register hand-over (system transaction): those at home there
 * take its successor as their home, and those with no role in the successor yet are named.
 */
export async function handOverLogins(system: Tx, fromOrgId: string, intoOrgId: string) {
  const rehomed = await system
    .update(appUser)
    .set({ homeOrgId: intoOrgId })
    .where(eq(appUser.homeOrgId, fromOrgId))
    .returning({ id: appUser.id });
  const withoutRole = await system
    .selectDistinct({ username: appUser.username })
    .from(membership)
    .innerJoin(appUser, eq(appUser.id, membership.userId))
    .where(
      and(
        eq(membership.orgId, fromOrgId),
        notExists(
          system
            .select({ id: heldThere.id })
            .from(heldThere)
            .where(and(eq(heldThere.userId, membership.userId), eq(heldThere.orgId, intoOrgId))),
        ),
      ),
    )
    .orderBy(appUser.username);
  return { rehomed: rehomed.length, withoutRole: withoutRole.map((l) => l.username) };
}
