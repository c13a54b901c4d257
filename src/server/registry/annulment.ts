import { and, asc, eq, gt, inArray, isNotNull, isNull, ne, notInArray, or, type SQL, sql } from "drizzle-orm";
import {
  type AnnulmentObstacles,
  annulmentPermission,
  assertMayAnnul,
  enteredInError,
  mayHaveChangedRelations,
} from "../../domain/registry/life-events.js";
import type { Relation } from "../../domain/registry/vocabulary.js";
import { canonicalJson } from "../../domain/shared/canonical-json.js";
import { DomainError } from "../../domain/shared/errors.js";
import { actorAllows } from "../access/roles.js";
import { changedWith, recordAudit } from "../audit/service.js";
import { type RequestContext, requireActor } from "../platform/context.js";
import type { Database, Tx } from "../platform/db.js";
import { liveLinkSince } from "../water/links.js";
import {
  refreshDerivedFlagsSince,
  removeDerivedFlagsOf,
  reopenFlagsEndedOn,
  reopenFlagsOfDissolved,
} from "./flags.js";
import {
  bumpHousehold,
  cadastralHolders,
  changeMembership,
  loadHousehold,
  withRegister,
} from "./households.js";
import { loadPerson, recordPersonFact } from "./people.js";
import {
  certificate,
  household,
  householdFlag,
  householdMember,
  landPlot,
  lifeEvent,
  type person,
  person as personTable,
} from "./tables.js";

type LifeEventRow = typeof lifeEvent.$inferSelect;
type Membership = typeof householdMember.$inferSelect;

/**
 * When the event was recorded, read in SQL: the row's instant has microseconds that a JavaScript
 * date drops, and events of one write share it exactly.
 */
const recordedWith = (event: LifeEventRow) =>
  sql`(select recorded.recorded_at from life_event recorded where recorded.id = ${event.id})`;

// Land has its own records and does not rest on who belongs to the household.
const LAND_EVENTS = ["land-acquired", "land-ended"] as const;
const isLandEvent = (kind: string) => (LAND_EVENTS as readonly string[]).includes(kind);

/** What an event did to the register, as its records tell it: what an annulment undoes. */
interface WhatItDid {
  /** Memberships it opened, and those it ended. */
  opened: Membership[];
  ended: Membership[];
  /** The households it changed. */
  touched: string[];
  /** Dissolutions of a household it left with no one, made in the same write. */
  dissolutions: LifeEventRow[];
  /** The household a split made. */
  made: typeof household.$inferSelect | null;
  /** The plot a land event acquired or ended (by the id its details name). */
  plot: { id: string; row: typeof landPlot.$inferSelect | undefined } | null;
  /** A labour migration's record as it was before the event (its audit trail's `before`). */
  migrationBefore: unknown;
  /** The stay a relation correction changed in place, and the relation it had before. */
  relatedInPlace: { stay: Membership; relation: Relation } | null;
}

/**
 * Annuls an event registered by mistake ("катталган ката"): undoes exactly what it did and keeps it
 * in the history, marked with the reason, who and when. Refused, naming what stands in the way, when
 * something recorded after it rests on it (see assertMayAnnul). Every change is audited; the flags
 * and the day counts follow as after any event.
 */
export async function annulLifeEvent(
  database: Database,
  ctx: RequestContext,
  householdId: string,
  eventId: string,
  input: { reason: string },
) {
  return withRegister(database, ctx, async (tx) => {
    const actor = requireActor(ctx);
    await loadHousehold(tx, actor.orgId, householdId);
    const [event] = await tx
      .select()
      .from(lifeEvent)
      .where(
        and(
          eq(lifeEvent.id, eventId),
          or(eq(lifeEvent.householdId, householdId), eq(lifeEvent.otherHouseholdId, householdId)),
        ),
      );
    if (!event) throw new DomainError("notFound.lifeEvent");
    // The route lets in whoever may annul some event; this one asks what recording it asked.
    const permission = annulmentPermission(event.kind);
    if (!actorAllows(actor, permission)) throw new DomainError("forbidden", { permission });
    const did = await whatItDid(tx, actor.orgId, event);
    assertMayAnnul(event, await obstacles(tx, actor.orgId, event, did));

    for (const m of did.opened) {
      await tx.delete(householdMember).where(eq(householdMember.id, m.id));
      await recordAudit(tx, ctx, { action: "delete", entity: "household_member", entityId: m.id, before: m });
    }
    for (const m of did.ended)
      await changeMembership(tx, ctx, m.id, () => ({ toDate: null, toEventId: null }));
    for (const dissolution of did.dissolutions)
      await undoDissolution(
        tx,
        ctx,
        { householdId: dissolution.householdId!, on: dissolution.occurredOn, event: dissolution },
        { reason: input.reason },
      );
    // The household a split made closes on the day it was formed: it never stood, and neither did
    // the flags the register derived for it (one set by hand refuses the annulment).
    if (did.made) {
      await setDissolved(tx, ctx, did.made.id, did.made.formedOn);
      await removeDerivedFlagsOf(tx, ctx, did.made.id);
    }
    if (did.plot?.row) await undoLand(tx, ctx, event.kind, did.plot.row);
    const inPlace = did.relatedInPlace;
    if (inPlace) await changeMembership(tx, ctx, inPlace.stay.id, () => ({ relation: inPlace.relation }));
    if (event.kind === "migration" && event.personId)
      await recordPersonFact(tx, ctx, event.personId, {
        migration: (did.migrationBefore ?? null) as typeof person.$inferInsert.migration,
      });
    if (event.kind === "death" && event.personId)
      await recordPersonFact(tx, ctx, event.personId, { deathDate: null });
    if (event.personId && enteredInError(event.kind, await otherRecordsOf(tx, event)))
      await recordPersonFact(tx, ctx, event.personId, { enteredInError: true });
    await markAnnulled(tx, ctx, event, { reason: input.reason });
    for (const id of did.touched) await householdUndoneSince(tx, ctx, id, event.occurredOn);
    return { eventId: event.id };
  });
}

async function whatItDid(tx: Tx, orgId: string, event: LifeEventRow): Promise<WhatItDid> {
  const opened = await tx.select().from(householdMember).where(eq(householdMember.fromEventId, event.id));
  const ended = await tx.select().from(householdMember).where(eq(householdMember.toEventId, event.id));
  const touched = [
    ...new Set(
      [event.householdId, event.otherHouseholdId, ...opened, ...ended].flatMap((x) =>
        x === null ? [] : typeof x === "string" ? [x] : [x.householdId],
      ),
    ),
  ];
  // A household the event left with no one was dissolved in the same write, so at the same instant.
  const dissolutions = await tx
    .select()
    .from(lifeEvent)
    .where(
      and(
        eq(lifeEvent.kind, "household-dissolved"),
        inArray(lifeEvent.householdId, touched),
        sql`${lifeEvent.recordedAt} = ${recordedWith(event)}`,
        isNull(lifeEvent.annulledAt),
      ),
    );
  const [made] =
    event.kind === "household-split" && event.otherHouseholdId
      ? await tx.select().from(household).where(eq(household.id, event.otherHouseholdId))
      : [];
  const plotId = isLandEvent(event.kind) ? String(event.details.plotId ?? "") : null;
  const [plotRow] = plotId
    ? await tx
        .select()
        .from(landPlot)
        .where(and(sql`${landPlot.id}::text = ${plotId}`, eq(landPlot.householdId, event.householdId!)))
    : [];
  const before =
    event.kind === "migration" && event.personId
      ? await changedWith(
          tx,
          orgId,
          { entity: "life_event", entityId: event.id },
          { entity: "person", entityIds: [event.personId] },
        )
      : undefined;
  return {
    opened,
    ended,
    touched,
    dissolutions,
    made: made ?? null,
    plot: plotId === null ? null : { id: plotId, row: plotRow },
    migrationBefore: before?.migration ?? null,
    relatedInPlace:
      event.kind === "relation-correction" && opened.length === 0
        ? await relationChangedInPlace(tx, orgId, event)
        : null,
  };
}

/**
 * The stay a relation correction changed in place, being begun on its day (see recordLifeEvent),
 * with the relation it had before, as the audit record of the same request tells. None when the
 * stay's relation has changed again since: the correction can then not be undone exactly.
 */
async function relationChangedInPlace(tx: Tx, orgId: string, event: LifeEventRow) {
  if (!event.householdId || !event.personId) return null;
  const [stay] = await tx
    .select()
    .from(householdMember)
    .where(
      and(
        eq(householdMember.householdId, event.householdId),
        eq(householdMember.personId, event.personId),
        eq(householdMember.fromDate, event.occurredOn),
      ),
    );
  if (!stay || stay.relation !== event.details.to) return null;
  const before = await changedWith(
    tx,
    orgId,
    { entity: "life_event", entityId: event.id },
    { entity: "household_member", entityIds: [stay.id] },
  );
  return typeof before?.relation === "string" ? { stay, relation: before.relation as Relation } : null;
}

/** What recorded after the event rests on it (see AnnulmentObstacles). */
async function obstacles(
  tx: Tx,
  orgId: string,
  event: LifeEventRow,
  did: WhatItDid,
): Promise<AnnulmentObstacles> {
  const found: AnnulmentObstacles = {};
  // A merge of probable duplicates changed only the kept person's stays (and the duplicate's): it
  // rests on an event of its household only if that event changed that person's.
  const people = [
    ...new Set(
      [event.personId, ...did.opened, ...did.ended].flatMap((x) =>
        x === null ? [] : typeof x === "string" ? [x] : [x.personId],
      ),
    ),
  ];
  const restsOnIt = or(
    ne(lifeEvent.kind, "person-merged"),
    people.length > 0 ? inArray(lifeEvent.personId, people) : sql`false`,
  );
  // A land event rests only on its plot's later events; the others on their person's and households'.
  const concerned = did.plot
    ? and(inArray(lifeEvent.kind, [...LAND_EVENTS]), sql`${lifeEvent.details} ->> 'plotId' = ${did.plot.id}`)
    : or(
        event.personId ? eq(lifeEvent.personId, event.personId) : undefined,
        and(
          notInArray(lifeEvent.kind, [...LAND_EVENTS]),
          or(inArray(lifeEvent.householdId, did.touched), inArray(lifeEvent.otherHouseholdId, did.touched)),
          restsOnIt,
        ),
      );
  const [later] = await tx
    .select({
      kind: lifeEvent.kind,
      occurredOn: lifeEvent.occurredOn,
      personName: sql<string | null>`${personTable.surname} || ' ' || ${personTable.givenName}`,
    })
    .from(lifeEvent)
    .leftJoin(personTable, eq(personTable.id, lifeEvent.personId))
    .where(
      and(
        isNull(lifeEvent.annulledAt),
        notInArray(lifeEvent.id, [event.id, ...did.dissolutions.map((d) => d.id)]),
        // Later in the book's days, or recorded later (a back-dated event may rest on it too).
        or(gt(lifeEvent.occurredOn, event.occurredOn), sql`${lifeEvent.recordedAt} > ${recordedWith(event)}`),
        concerned,
      ),
    )
    .orderBy(asc(lifeEvent.occurredOn), asc(lifeEvent.recordedAt))
    .limit(1);
  if (later) found.laterEvent = later;
  const paperAfter = async (which: SQL | undefined) => {
    const [paper] = await tx
      .select({ year: certificate.year, number: certificate.number, issuedOn: certificate.issuedOn })
      .from(certificate)
      .where(
        and(which, isNull(certificate.revokedAt), sql`${certificate.createdAt} > ${recordedWith(event)}`),
      )
      .limit(1);
    return paper;
  };
  if (event.personId) found.certificate = await paperAfter(eq(certificate.personId, event.personId));
  // A household's paper printed what the event made: the new household's any, a household's land.
  if (did.made) found.householdCertificate = await paperAfter(eq(certificate.householdId, did.made.id));
  else if (did.plot)
    found.householdCertificate = await paperAfter(
      and(eq(certificate.householdId, event.householdId!), eq(certificate.kind, "land-plots")),
    );
  // A correction that changed its stay in place is undone from its own record; one that changed
  // neither a stay in place nor by a new one cannot be undone exactly.
  if (event.kind === "relation-correction" && did.opened.length === 0 && !did.relatedInPlace)
    found.sameDayChange = { occurredOn: event.occurredOn };
  else if (
    !did.relatedInPlace &&
    mayHaveChangedRelations(
      event.kind,
      did.ended.map((m) => m.relation),
    )
  ) {
    // A membership begun that day by another event takes a new relation in place (see recordLifeEvent).
    const [sameDay] = await tx
      .select({ id: householdMember.id })
      .from(householdMember)
      .where(
        and(
          inArray(householdMember.householdId, did.touched),
          eq(householdMember.fromDate, event.occurredOn),
          isNotNull(householdMember.fromEventId),
          ne(householdMember.fromEventId, event.id),
        ),
      )
      .limit(1);
    if (sameDay) found.sameDayChange = { occurredOn: event.occurredOn };
  }
  if (did.made) Object.assign(found, await restingOnMade(tx, orgId, event, did.made, did.opened));
  if (event.kind === "land-ended" && did.plot?.row?.cadastralNumber) {
    const cadastralNumber = did.plot.row.cadastralNumber;
    const holder = (await cadastralHolders(tx, orgId, [cadastralNumber])).get(cadastralNumber);
    if (holder !== undefined) found.plotHeldAgain = { cadastralNumber, householdNumber: holder };
  }
  if (event.kind === "migration" && event.personId) {
    const { migration } = await loadPerson(tx, orgId, event.personId);
    if (canonicalJson(migration ?? null) !== canonicalJson(event.details.migration ?? null))
      found.migrationCorrected = true;
  }
  return found;
}

/** What the household a split made holds since: a plot, a water user's link, a flag set by hand. */
async function restingOnMade(
  tx: Tx,
  orgId: string,
  event: LifeEventRow,
  made: typeof household.$inferSelect,
  opened: Membership[],
): Promise<AnnulmentObstacles> {
  const found: AnnulmentObstacles = {};
  const [plot] = await tx
    .select({ areaHa: landPlot.areaHa, fromDate: landPlot.fromDate })
    .from(landPlot)
    .where(eq(landPlot.householdId, made.id))
    .orderBy(asc(landPlot.fromDate))
    .limit(1);
  if (plot) found.plot = { householdNumber: made.number, ...plot };
  const went = opened.filter((m) => m.householdId === made.id).map((m) => m.personId);
  const link = await liveLinkSince(tx, orgId, went, event.recordedAt);
  if (link) found.waterUserLink = link;
  const [flag] = await tx
    .select({ setOn: householdFlag.setOn })
    .from(householdFlag)
    .where(and(eq(householdFlag.householdId, made.id), eq(householdFlag.source, "manual")))
    .orderBy(asc(householdFlag.setOn))
    .limit(1);
  if (flag) found.flagByHand = { householdNumber: made.number, setOn: flag.setOn };
  return found;
}

/** A household dissolved on a day, or (null) standing again, audited. */
async function setDissolved(tx: Tx, ctx: RequestContext, id: string, dissolvedOn: string | null) {
  const [before] = await tx.select().from(household).where(eq(household.id, id));
  const [after] = await tx.update(household).set({ dissolvedOn }).where(eq(household.id, id)).returning();
  await recordAudit(tx, ctx, { action: "update", entity: "household", entityId: id, before, after });
}

/**
 * A plot's holding as it was before the land event: one acquired by mistake is no plot of the
 * household (removed, its before-image audited); one ended by mistake is held again, with no end.
 */
async function undoLand(tx: Tx, ctx: RequestContext, kind: string, plot: typeof landPlot.$inferSelect) {
  if (kind === "land-acquired") {
    await tx.delete(landPlot).where(eq(landPlot.id, plot.id));
    await recordAudit(tx, ctx, { action: "delete", entity: "land_plot", entityId: plot.id, before: plot });
    return;
  }
  const [after] = await tx
    .update(landPlot)
    .set({ toDate: null, endReason: null })
    .where(eq(landPlot.id, plot.id))
    .returning();
  await recordAudit(tx, ctx, {
    action: "update",
    entity: "land_plot",
    entityId: plot.id,
    before: plot,
    after,
  });
}

/** What else records the event's person once the event is undone (see enteredInError). */
async function otherRecordsOf(tx: Tx, event: LifeEventRow) {
  const personId = event.personId!;
  const count = sql<number>`count(*)::int`;
  const [memberships] = await tx
    .select({ n: count })
    .from(householdMember)
    .where(eq(householdMember.personId, personId));
  const [events] = await tx
    .select({ n: count })
    .from(lifeEvent)
    .where(and(eq(lifeEvent.personId, personId), ne(lifeEvent.id, event.id), isNull(lifeEvent.annulledAt)));
  const [certificates] = await tx
    .select({ n: count })
    .from(certificate)
    .where(eq(certificate.personId, personId));
  return { memberships: memberships!.n, events: events!.n, certificates: certificates!.n };
}

/**
 * A household some of whose records were undone from `on` (an event annulled; a merge's stays
 * dropped, cut or joined, its events voided): its version moves, and its flags follow (flagsUndoneSince).
 */
export async function householdUndoneSince(tx: Tx, ctx: RequestContext, householdId: string, on: string) {
  await bumpHousehold(tx, householdId);
  await flagsUndoneSince(tx, ctx, householdId, on);
}

/**
 * The derived flags the register ended on `on` put back, and all the household's derived flags
 * following its facts from then on: after its records were undone from that day, or its members'
 * facts changed (a merge's kept record knowing more of the person).
 */
export async function flagsUndoneSince(tx: Tx, ctx: RequestContext, householdId: string, on: string) {
  await reopenFlagsEndedOn(tx, ctx, householdId, on);
  await refreshDerivedFlagsSince(tx, ctx, householdId, on);
}

/** Who annuls an event: a clerk, with the reason, or the merge whose event voided it (see lifeEvent.annulledByEventId). */
export type AnnulledBy = { reason: string } | { eventId: string | null };

/**
 * A household's dissolution on `on` undone: the household stands again, the flags the dissolution
 * ended are in force again, and its `household-dissolved` event, where it has one (an imported
 * book's dissolved household may have the day alone), is annulled (with the event registered by
 * mistake that had emptied it, or by the merge that gave it members again or another last day).
 */
export async function undoDissolution(
  tx: Tx,
  ctx: RequestContext,
  dissolved: { householdId: string; on: string; event: LifeEventRow | null },
  by: AnnulledBy,
) {
  await setDissolved(tx, ctx, dissolved.householdId, null);
  if (dissolved.event) await markAnnulled(tx, ctx, dissolved.event, by);
  await reopenFlagsOfDissolved(tx, ctx, dissolved.householdId, dissolved.on);
}

/** Marks an event annulled, audited as a void. */
export async function markAnnulled(tx: Tx, ctx: RequestContext, before: LifeEventRow, by: AnnulledBy) {
  const [after] = await tx
    .update(lifeEvent)
    .set({
      annulledAt: new Date(),
      annulledBy: requireActor(ctx).userId,
      ...("reason" in by ? { annulledReason: by.reason } : { annulledByEventId: by.eventId }),
    })
    .where(eq(lifeEvent.id, before.id))
    .returning();
  await recordAudit(tx, ctx, { action: "void", entity: "life_event", entityId: before.id, before, after });
}
