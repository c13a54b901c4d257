import { and, asc, eq, gt, inArray, isNotNull, isNull, ne, notInArray, or, sql } from "drizzle-orm";
import {
  type AnnulmentObstacles,
  assertMayAnnul,
  enteredInError,
  mayHaveChangedRelations,
} from "../../domain/registry/life-events.js";
import { DomainError } from "../../domain/shared/errors.js";
import { recordAudit } from "../audit/service.js";
import { type RequestContext, requireActor } from "../platform/context.js";
import type { Database, Tx } from "../platform/db.js";
import { refreshDerivedFlags, reopenFlagsOfDissolved } from "./flags.js";
import { bumpHousehold, changeMembership, loadHousehold, withRegister } from "./households.js";
import { recordPersonFact } from "./people.js";
import { certificate, household, householdMember, lifeEvent } from "./tables.js";

type LifeEventRow = typeof lifeEvent.$inferSelect;

/**
 * When the event was recorded, read in SQL: the row's instant has microseconds that a JavaScript
 * date drops, and events of one write share it exactly.
 */
const recordedWith = (event: LifeEventRow) =>
  sql`(select recorded.recorded_at from life_event recorded where recorded.id = ${event.id})`;

// Land has its own records and does not rest on who belongs to the household.
const LAND_EVENTS = ["land-acquired", "land-ended"] as const;

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
    assertMayAnnul(event, await obstacles(tx, event, touched, dissolutions, ended));

    for (const m of opened) {
      await tx.delete(householdMember).where(eq(householdMember.id, m.id));
      await recordAudit(tx, ctx, { action: "delete", entity: "household_member", entityId: m.id, before: m });
    }
    for (const m of ended) await changeMembership(tx, ctx, m.id, () => ({ toDate: null, toEventId: null }));
    const annul = (row: LifeEventRow) => markAnnulled(tx, ctx, row, input.reason);
    for (const dissolution of dissolutions) {
      const id = dissolution.householdId!;
      const [before] = await tx.select().from(household).where(eq(household.id, id));
      const [after] = await tx
        .update(household)
        .set({ dissolvedOn: null })
        .where(eq(household.id, id))
        .returning();
      await recordAudit(tx, ctx, { action: "update", entity: "household", entityId: id, before, after });
      await annul(dissolution);
      await reopenFlagsOfDissolved(tx, ctx, id, dissolution.occurredOn);
    }
    if (event.kind === "death" && event.personId)
      await recordPersonFact(tx, ctx, event.personId, { deathDate: null });
    if (event.personId && enteredInError(event.kind, await otherRecordsOf(tx, event)))
      await recordPersonFact(tx, ctx, event.personId, { enteredInError: true });
    await annul(event);
    for (const id of touched) {
      await bumpHousehold(tx, id);
      await refreshDerivedFlags(tx, ctx, id, event.occurredOn);
    }
    return { eventId: event.id };
  });
}

/** What recorded after the event rests on it (see AnnulmentObstacles). */
async function obstacles(
  tx: Tx,
  event: LifeEventRow,
  touched: string[],
  dissolutions: LifeEventRow[],
  ended: (typeof householdMember.$inferSelect)[],
): Promise<AnnulmentObstacles> {
  const found: AnnulmentObstacles = {};
  const [later] = await tx
    .select({ kind: lifeEvent.kind, occurredOn: lifeEvent.occurredOn })
    .from(lifeEvent)
    .where(
      and(
        isNull(lifeEvent.annulledAt),
        notInArray(lifeEvent.id, [event.id, ...dissolutions.map((d) => d.id)]),
        // Later in the book's days, or recorded later (a back-dated event may rest on it too).
        or(gt(lifeEvent.occurredOn, event.occurredOn), sql`${lifeEvent.recordedAt} > ${recordedWith(event)}`),
        or(
          event.personId ? eq(lifeEvent.personId, event.personId) : undefined,
          and(
            notInArray(lifeEvent.kind, [...LAND_EVENTS]),
            or(inArray(lifeEvent.householdId, touched), inArray(lifeEvent.otherHouseholdId, touched)),
          ),
        ),
      ),
    )
    .orderBy(asc(lifeEvent.occurredOn), asc(lifeEvent.recordedAt))
    .limit(1);
  if (later) found.laterEvent = later;
  if (event.personId) {
    const [paper] = await tx
      .select({ year: certificate.year, number: certificate.number, issuedOn: certificate.issuedOn })
      .from(certificate)
      .where(
        and(
          eq(certificate.personId, event.personId),
          isNull(certificate.revokedAt),
          sql`${certificate.createdAt} > ${recordedWith(event)}`,
        ),
      )
      .limit(1);
    if (paper) found.certificate = paper;
  }
  if (
    mayHaveChangedRelations(
      event.kind,
      ended.map((m) => m.relation),
    )
  ) {
    // A membership begun that day by another event takes a new relation in place (see recordLifeEvent).
    const [sameDay] = await tx
      .select({ id: householdMember.id })
      .from(householdMember)
      .where(
        and(
          inArray(householdMember.householdId, touched),
          eq(householdMember.fromDate, event.occurredOn),
          isNotNull(householdMember.fromEventId),
          ne(householdMember.fromEventId, event.id),
        ),
      )
      .limit(1);
    if (sameDay) found.sameDayChange = { occurredOn: event.occurredOn };
  }
  return found;
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

async function markAnnulled(tx: Tx, ctx: RequestContext, before: LifeEventRow, reason: string) {
  const [after] = await tx
    .update(lifeEvent)
    .set({ annulledAt: new Date(), annulledBy: requireActor(ctx).userId, annulledReason: reason })
    .where(eq(lifeEvent.id, before.id))
    .returning();
  await recordAudit(tx, ctx, { action: "void", entity: "life_event", entityId: before.id, before, after });
}
