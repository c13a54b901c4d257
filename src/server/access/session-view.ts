import { eq, sql } from "drizzle-orm";
import type { Locale } from "../../domain/places/units.js";
import { DomainError } from "../../domain/shared/errors.js";
import { changesNothing, recordAudit } from "../audit/service.js";
import { organisation } from "../orgs/tables.js";
import { unitLevels } from "../places/service.js";
import type { RequestContext } from "../platform/context.js";
import type { Database } from "../platform/db.js";
import { withSystem } from "../platform/transactions.js";
import type { Authenticated } from "./auth.js";
import { actorPermissions, type Role } from "./roles.js";
import { hashPassword, verifyPassword } from "./secrets.js";
import { appUser, membership } from "./tables.js";

/** How far an office reads: a district (rayon or city), an oblast, or the whole country. */
export type OfficeArea = "district" | "oblast" | "country";
const officeArea = (level: string | undefined): OfficeArea =>
  level === "country" ? "country" : level === "oblast" ? "oblast" : "district";

/** What the web app needs after log-in: the user, where they may work, and what they may do there. */
export async function sessionView(database: Database, auth: Authenticated) {
  return withSystem(database, async (tx) => {
    const [user] = await tx
      .select({
        id: appUser.id,
        username: appUser.username,
        displayName: appUser.displayName,
        locale: appUser.locale,
      })
      .from(appUser)
      .where(eq(appUser.id, auth.userId));
    const rows = await tx
      .select({
        id: organisation.id,
        kind: organisation.kind,
        name: organisation.name,
        timeZone: organisation.timeZone,
        adminUnitCode: organisation.adminUnitCode,
        role: membership.role,
      })
      .from(membership)
      .innerJoin(organisation, eq(organisation.id, membership.orgId))
      .where(eq(membership.userId, auth.userId));
    // An office's area decides how the web app words its reach (a district's, an oblast's, the country).
    const levels = await unitLevels(
      tx,
      rows.filter((r) => r.kind === "district-office").map((r) => r.adminUnitCode),
    );
    const byOrg = new Map<
      string,
      {
        id: string;
        kind: string;
        name: Record<string, string>;
        timeZone: string;
        area: OfficeArea | null;
        roles: Role[];
      }
    >();
    for (const r of rows) {
      // An API token sees only its own organisation.
      if (auth.client === "api-token" && r.id !== auth.actor?.orgId) continue;
      const entry = byOrg.get(r.id) ?? {
        id: r.id,
        kind: r.kind,
        name: r.name as Record<string, string>,
        timeZone: r.timeZone,
        area: r.kind === "district-office" ? officeArea(levels.get(r.adminUnitCode)) : null,
        roles: [],
      };
      entry.roles.push(r.role as Role);
      byOrg.set(r.id, entry);
    }
    const roles = auth.actor?.roles ?? [];
    return {
      user: { ...user!, locale: user!.locale as Locale },
      organisations: [...byOrg.values()],
      activeOrgId: auth.actor?.orgId ?? null,
      roles,
      permissions: auth.actor ? actorPermissions(auth.actor) : [],
      csrfToken: auth.csrfToken,
    };
  });
}

/** One's own language, name and password; audited in every organisation the user works for. */
export async function updateOwnSettings(
  database: Database,
  ctx: RequestContext,
  userId: string,
  patch: { locale?: Locale; displayName?: string; password?: { current: string; next: string } },
) {
  await withSystem(database, async (tx) => {
    const [user] = await tx.select().from(appUser).where(eq(appUser.id, userId));
    if (!user) throw new DomainError("notFound.user");
    let passwordHash: string | undefined;
    if (patch.password) {
      if (!(await verifyPassword(user.passwordHash, patch.password.current))) {
        throw new DomainError("auth.wrongCurrentPassword");
      }
      passwordHash = await hashPassword(patch.password.next);
    }
    const before = { locale: user.locale, displayName: user.displayName };
    // What the user's record becomes: a field not sent stays as it is.
    const next = { locale: patch.locale ?? user.locale, displayName: patch.displayName ?? user.displayName };
    // The language sent again as it is (each sign-in and page may) changes nothing: nothing is written.
    if (!passwordHash && changesNothing(before, next)) return;
    await tx
      .update(appUser)
      .set({ ...next, ...(passwordHash ? { passwordHash } : {}), version: sql`${appUser.version} + 1` })
      .where(eq(appUser.id, userId));
    const orgs = await tx
      .selectDistinct({ orgId: membership.orgId })
      .from(membership)
      .where(eq(membership.userId, userId));
    const after = { ...next, passwordChanged: Boolean(passwordHash) };
    for (const { orgId } of orgs) {
      await recordAudit(tx, ctx, {
        orgId,
        action: "update",
        entity: "user",
        entityId: userId,
        before,
        after,
      });
    }
  });
}
