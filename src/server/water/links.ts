import { and, desc, eq, gt, inArray, or, sql } from "drizzle-orm";
import { uuidv7 } from "uuidv7";
import type { LocalizedText } from "../../domain/places/units.js";
import type { AuditAction } from "../../domain/shared/audit-actions.js";
import { DomainError } from "../../domain/shared/errors.js";
import { recordAudit, recordAuditForBoth } from "../audit/service.js";
import { findOrganisation, servedVillages } from "../orgs/service.js";
import { type RequestContext, requireActor } from "../platform/context.js";
import type { Database, Tx } from "../platform/db.js";
import { organisationToday } from "../platform/local-day.js";
import { asSystemWithin, withTenant } from "../platform/transactions.js";
import { assertMunicipality } from "../registry/households.js";
import {
  type CandidateQuery,
  type LinkCandidate,
  linkCandidates,
  linkedHouseholdFlags,
  peopleForLinks,
  type SharedFlag,
} from "../registry/links.js";
import { type LinkStatus, waterUser, waterUserLink } from "./tables.js";
import { loadWaterUser, withWater } from "./users.js";

/**
 * The joint management model, the provider's side and the municipality's: a water user who is a
 * person of a municipality's register is linked by the provider's proposal and the municipality's
 * confirmation. The link row belongs to the provider; the municipality reaches it (and each side
 * writes its record in the other's audit chain) through narrow system-role steps.
 */

type Link = typeof waterUserLink.$inferSelect;

/** Who in the municipalities over the provider's villages may be this water user. */
export async function linkSuggestions(
  database: Database,
  ctx: RequestContext,
  waterUserId: string,
  birthDate?: string,
): Promise<LinkCandidate[]> {
  const { villages, query } = await withWater(database, ctx, async (tx) => {
    const actor = requireActor(ctx);
    const user = await loadWaterUser(tx, actor.orgId, waterUserId);
    if (user.kind !== "person") throw new DomainError("water.linkOnlyForPersons");
    let q: CandidateQuery;
    if (user.pin) q = { pin: user.pin, surname: user.surname!, givenName: user.givenName! };
    else if (birthDate)
      q = { surname: user.surname!, givenName: user.givenName!, patronymic: user.patronymic, birthDate };
    else
      throw new DomainError("validation.fields", {}, [
        { path: ["query", "birthDate"], code: "birthDateForLink" },
      ]);
    return { villages: await servedVillages(tx, actor.orgId), query: q };
  });
  return linkCandidates(database, villages, query, organisationToday(ctx));
}

/** Writes the same record in the other organisation's chain, so each side sees every step. */
async function auditBoth(
  tx: Tx,
  ctx: RequestContext,
  otherOrgId: string,
  action: AuditAction,
  before: Link | null,
  after: Link,
) {
  await recordAuditForBoth(tx, ctx, otherOrgId, {
    action,
    entity: "water_user_link",
    entityId: after.id,
    before,
    after,
  });
}

/** The provider proposes that a water user is this person; only a current suggestion may be proposed. */
export async function proposeLink(
  database: Database,
  ctx: RequestContext,
  waterUserId: string,
  input: { personId: string; birthDate?: string | undefined },
) {
  const candidates = await linkSuggestions(database, ctx, waterUserId, input.birthDate);
  const chosen = candidates.find((c) => c.personId === input.personId);
  if (!chosen) throw new DomainError("water.notASuggestion");
  return withWater(database, ctx, async (tx) => {
    const actor = requireActor(ctx);
    const [live] = await tx
      .select({ id: waterUserLink.id })
      .from(waterUserLink)
      .where(
        and(
          eq(waterUserLink.waterUserId, waterUserId),
          inArray(waterUserLink.status, ["proposed", "confirmed"]),
        ),
      );
    if (live) throw new DomainError("water.linkExists");
    const [created] = await tx
      .insert(waterUserLink)
      .values({
        id: uuidv7(),
        orgId: actor.orgId,
        waterUserId,
        municipalityOrgId: chosen.municipalityOrgId,
        personId: chosen.personId,
        status: "proposed",
        proposedBy: actor.userId,
        proposedAt: new Date(),
      })
      .returning();
    await auditBoth(tx, ctx, chosen.municipalityOrgId, "propose", null, created!);
    return created!;
  });
}

/**
 * Loads a link for one of its two parties (the provider that owns it, or the municipality it
 * names), as the system role: the municipality cannot read the provider's rows otherwise.
 */
async function linkForParty(tx: Tx, orgId: string, linkId: string): Promise<Link> {
  const [row] = await asSystemWithin(tx, (sys) =>
    sys
      .select()
      .from(waterUserLink)
      .where(
        and(
          eq(waterUserLink.id, linkId),
          or(eq(waterUserLink.orgId, orgId), eq(waterUserLink.municipalityOrgId, orgId)),
        ),
      ),
  );
  if (!row) throw new DomainError("notFound.link");
  return row;
}

async function changeLink(
  tx: Tx,
  ctx: RequestContext,
  before: Link,
  version: number,
  change: { status: Exclude<LinkStatus, "proposed">; reason: string | null },
) {
  const actor = requireActor(ctx);
  const [after] = await asSystemWithin(tx, (sys) =>
    sys
      .update(waterUserLink)
      .set({
        ...change,
        decidedBy: actor.userId,
        decidedAt: new Date(),
        version: sql`${waterUserLink.version} + 1`,
        updatedAt: new Date(),
      })
      .where(and(eq(waterUserLink.id, before.id), eq(waterUserLink.version, version)))
      .returning(),
  );
  if (!after) throw new DomainError("conflict.version", { current: before.version });
  const other = actor.orgId === before.orgId ? before.municipalityOrgId : before.orgId;
  await auditBoth(tx, ctx, other, change.status === "ended" ? "end" : change.status, before, after);
  return after;
}

/** The municipality's clerk confirms a proposal or refuses it with a reason. */
export async function decideLink(
  database: Database,
  ctx: RequestContext,
  linkId: string,
  input: { decision: "confirm" | "refuse"; reason?: string | undefined; version: number },
) {
  const actor = requireActor(ctx);
  return withTenant(database, actor, async (tx) => {
    const before = await linkForParty(tx, actor.orgId, linkId);
    if (before.municipalityOrgId !== actor.orgId) throw new DomainError("notFound.link");
    if (before.status !== "proposed") throw new DomainError("water.linkNotProposed");
    const reason = input.reason?.trim() || null;
    if (input.decision === "refuse" && !reason)
      throw new DomainError("validation.fields", {}, [{ path: ["reason"], code: "required" }]);
    return changeLink(tx, ctx, before, input.version, {
      status: input.decision === "confirm" ? "confirmed" : "refused",
      reason,
    });
  });
}

/** Either side ends a link (or withdraws a proposal); the provider stops seeing the flags at once. */
export async function endLink(
  database: Database,
  ctx: RequestContext,
  linkId: string,
  input: { reason: string; version: number },
) {
  const actor = requireActor(ctx);
  return withTenant(database, actor, async (tx) => {
    const before = await linkForParty(tx, actor.orgId, linkId);
    if (before.status !== "proposed" && before.status !== "confirmed")
      throw new DomainError("water.linkNotLive");
    return changeLink(tx, ctx, before, input.version, { status: "ended", reason: input.reason.trim() });
  });
}

/** The link a water user card shows: the live one, else the latest. */
export async function currentLink(tx: Tx, waterUserId: string): Promise<Link | null> {
  const [link] = await tx
    .select()
    .from(waterUserLink)
    .where(eq(waterUserLink.waterUserId, waterUserId))
    .orderBy(sql`${waterUserLink.status} in ('proposed', 'confirmed') desc`, desc(waterUserLink.proposedAt))
    .limit(1);
  return link ?? null;
}

/**
 * The household's vulnerability flags while the link is confirmed, nothing otherwise. Called after
 * the provider's transaction has read the link (the register is read in a transaction of its own).
 */
export async function sharedFlags(
  database: Database,
  ctx: RequestContext,
  link: Link | null,
): Promise<SharedFlag[]> {
  if (link?.status !== "confirmed") return [];
  return linkedHouseholdFlags(database, link, organisationToday(ctx), ctx.locale);
}

export interface LinkProposalView {
  id: string;
  status: LinkStatus;
  version: number;
  proposedAt: Date;
  decidedAt: Date | null;
  reason: string | null;
  provider: { id: string; name: LocalizedText };
  waterUser: { number: number; displayName: string; pin: string | null; villageCode: string | null };
  person: {
    id: string;
    name: string;
    birthDate: string | null;
    householdId: string | null;
    householdNumber: number | null;
  };
}

/** The municipality's list: links naming its people, pending proposals by default. */
export async function listLinkProposals(
  database: Database,
  ctx: RequestContext,
  status: LinkStatus | "all",
): Promise<LinkProposalView[]> {
  const actor = requireActor(ctx);
  return withTenant(database, actor, async (tx) => {
    await assertMunicipality(tx, actor.orgId);
    const found = await asSystemWithin(tx, async (sys) => {
      const links = await sys
        .select({ link: waterUserLink, user: waterUser })
        .from(waterUserLink)
        .innerJoin(waterUser, eq(waterUser.id, waterUserLink.waterUserId))
        .where(
          and(
            eq(waterUserLink.municipalityOrgId, actor.orgId),
            ...(status === "all" ? [] : [eq(waterUserLink.status, status)]),
          ),
        )
        .orderBy(desc(waterUserLink.proposedAt))
        .limit(200);
      const providers = new Map<string, LocalizedText>();
      for (const { link } of links) {
        if (!providers.has(link.orgId))
          providers.set(link.orgId, (await findOrganisation(sys, link.orgId))!.name);
      }
      return { links, providers };
    });
    const people = await peopleForLinks(
      tx,
      actor.orgId,
      found.links.map(({ link }) => link.personId),
    );
    return found.links.map(({ link, user }) => {
      const p = people.get(link.personId);
      return {
        id: link.id,
        status: link.status,
        version: link.version,
        proposedAt: link.proposedAt,
        decidedAt: link.decidedAt,
        reason: link.reason,
        provider: { id: link.orgId, name: found.providers.get(link.orgId) ?? {} },
        waterUser: {
          number: user.number,
          displayName: user.displayName,
          pin: user.pin,
          villageCode: user.villageCode,
        },
        person: {
          id: link.personId,
          name: p?.name ?? "",
          birthDate: p?.birthDate ?? null,
          householdId: p?.householdId ?? null,
          householdNumber: p?.householdNumber ?? null,
        },
      };
    });
  });
}

/**
 * A live link (proposed or confirmed) to one of these people of a municipality, proposed after
 * `since`, with its water user's number: something the municipality's register now holds up (a
 * split annulled would move them back). Read as the system within the caller's transaction: the
 * rows are the providers'.
 */
export async function liveLinkSince(
  tx: Tx,
  municipalityOrgId: string,
  personIds: readonly string[],
  since: Date,
): Promise<{ waterUserNumber: number } | undefined> {
  if (personIds.length === 0) return undefined;
  return asSystemWithin(tx, async (sys) => {
    const [found] = await sys
      .select({ waterUserNumber: waterUser.number })
      .from(waterUserLink)
      .innerJoin(waterUser, eq(waterUser.id, waterUserLink.waterUserId))
      .where(
        and(
          eq(waterUserLink.municipalityOrgId, municipalityOrgId),
          inArray(waterUserLink.personId, [...personIds]),
          inArray(waterUserLink.status, ["proposed", "confirmed"]),
          gt(waterUserLink.proposedAt, since),
        ),
      )
      .limit(1);
    return found;
  });
}

/**
 * A municipality's register moved into its successor's (units merged): the providers' links to
 * its people now name the successor, so the flags keep reaching the providers. One record in
 * each provider's chain says how many of its links changed. Runs in the caller's system
 * transaction.
 */
export async function repointMunicipalityLinks(
  tx: Tx,
  ctx: RequestContext,
  fromOrgId: string,
  intoOrgId: string,
): Promise<number> {
  const changed = await tx
    .update(waterUserLink)
    .set({ municipalityOrgId: intoOrgId, version: sql`${waterUserLink.version} + 1`, updatedAt: new Date() })
    .where(eq(waterUserLink.municipalityOrgId, fromOrgId))
    .returning({ orgId: waterUserLink.orgId });
  const perProvider = new Map<string, number>();
  for (const { orgId } of changed) perProvider.set(orgId, (perProvider.get(orgId) ?? 0) + 1);
  for (const [orgId, links] of perProvider)
    await recordAudit(tx, ctx, {
      orgId,
      action: "update",
      entity: "water_user_link",
      entityId: fromOrgId,
      after: { municipalityOrgId: intoOrgId, formerMunicipalityOrgId: fromOrgId, links },
    });
  return changed.length;
}
