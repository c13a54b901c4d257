import { and, asc, desc, eq, getTableColumns, inArray, isNull, lte, or, type SQL, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { uuidv7 } from "uuidv7";
import { cadastralNumberOrRefuse } from "../../domain/registry/cadastral-number.js";
import {
  assertMayHead,
  assertNotAfterToday,
  assertNotBeforeMembership,
  membershipStart,
} from "../../domain/registry/life-events.js";
import { membershipEnd } from "../../domain/registry/merge.js";
import { migrationOn, personValues, repeatedPinIssues } from "../../domain/registry/person.js";
import { ADDRESS_CHANGED, ADDRESS_FIELDS } from "../../domain/registry/vocabulary.js";
import { DomainError } from "../../domain/shared/errors.js";
import { localDayOf } from "../../domain/shared/local-time.js";
import { phoneOfField } from "../../domain/shared/phone.js";
import { displayNames } from "../access/users.js";
import { changesNothing, recordAudit, recordAuditForBoth, recordedChangesOf } from "../audit/service.js";
import { findOrganisation } from "../orgs/service.js";
import { descendantCodes, loadUnitGraph } from "../places/service.js";
import { type RequestContext, requireActor } from "../platform/context.js";
import type { Database, TransactionOptions, Tx } from "../platform/db.js";
import { organisationToday } from "../platform/local-day.js";
import { isLockNotAvailable } from "../platform/pg-errors.js";
import { withTenant } from "../platform/transactions.js";
import { addressKeyOf } from "./address-keys.js";
import { asRecordedBy } from "./as-recorded.js";
import { deriveFlagsOfNewHousehold, migrationEventsOf } from "./flags.js";
import { assertInForce, isAliveOn, isFlagOn, isMemberOn, memberSince } from "./in-force.js";
import { insertPerson, type PersonInput } from "./people.js";
import type { RegisterScope } from "./search.js";
import {
  type Dwelling,
  household,
  householdFlag,
  householdMember,
  type LandCategory,
  type LifeEventKind,
  type LivestockSpecies,
  landPlot,
  lifeEvent,
  livestockCount,
  person,
  type Relation,
} from "./tables.js";

/** The key of a municipality's register lock (see withRegister). */
export const registerLockKey = (orgId: string) => sql`hashtext(${`register:${orgId}`})`;
/** The key of the lock that numbers a municipality's new households one at a time. */
export const householdNumberLockKey = (orgId: string) => sql`hashtext(${`household-number:${orgId}`})`;

/**
 * Runs a register write for the acting municipality; other kinds of organisation keep no register.
 * Every write holds its municipality's register lock in shared mode, which a hand-over of the
 * register to a successor (registry/transfer.ts) takes exclusively: a write either finishes before
 * the register moves or starts after, and then finds its household gone to the successor.
 */
export async function withRegister<T>(
  database: Database,
  ctx: RequestContext,
  work: (tx: Tx) => Promise<T>,
  options?: TransactionOptions,
) {
  const actor = requireActor(ctx);
  return withTenant(
    database,
    actor,
    async (tx) => {
      await tx.execute(sql`select pg_advisory_xact_lock_shared(${registerLockKey(actor.orgId)})`);
      await assertMunicipality(tx, actor.orgId);
      return work(tx);
    },
    options,
  );
}

/** Refuses an organisation that keeps no household register (an office, a water provider). */
export async function assertMunicipality(tx: Tx, orgId: string) {
  if ((await findOrganisation(tx, orgId))?.kind !== "ayil-okmotu")
    throw new DomainError("registry.notAMunicipality");
}

export interface HouseholdAddress {
  villageCode: string;
  street?: string | null;
  house?: string | null;
  phone?: string | null;
  notes?: string | null;
  dwelling?: Dwelling;
}

export interface NewHousehold extends HouseholdAddress {
  formedOn: string;
  members: { relation: Relation; person: PersonInput }[];
}

/** Whether `villageCode` is a village within the organisation's area (an office's: its whole area). */
export async function isOwnVillage(tx: Tx, orgId: string, villageCode: string): Promise<boolean> {
  const org = await findOrganisation(tx, orgId);
  const under = await descendantCodes(tx, org!.adminUnitCode);
  const unit = under.includes(villageCode)
    ? (await loadUnitGraph(tx, villageCode)).get(villageCode)
    : undefined;
  return unit?.level === "village";
}

export async function assertOwnVillage(tx: Tx, orgId: string, villageCode: string) {
  if (!(await isOwnVillage(tx, orgId, villageCode)))
    throw new DomainError("validation.fields", {}, [
      { path: ["villageCode"], code: "unknownVillage", params: { code: villageCode } },
    ]);
}

export function assertOneHead(relations: Relation[]) {
  const heads = relations.filter((r) => r === "head").length;
  if (heads !== 1) throw new DomainError("registry.oneHeadRequired", { count: heads });
}

/**
 * Household numbers run per municipality; the lock keeps two clerks from taking the same one. A
 * book's import holds it while it writes its households (half a minute and more for 100,000,
 * BENCHMARKS.md): a new household waits for it a third of the request's statement bound, then is
 * refused saying why, rather than waiting out the bound to hear only that it took too long.
 */
async function nextHouseholdNumber(tx: Tx, orgId: string): Promise<number> {
  // An unbounded transaction (statement_timeout 0) waits as long as it takes: lock_timeout 0.
  await tx.execute(
    sql`select set_config('lock_timeout', (extract(epoch from current_setting('statement_timeout')::interval) * 1000 / 3)::bigint::text, true)`,
  );
  try {
    await tx.execute(sql`select pg_advisory_xact_lock(${householdNumberLockKey(orgId)})`);
  } catch (error) {
    if (isLockNotAvailable(error)) throw new DomainError("conflict.householdNumbering");
    throw error;
  }
  // The rest of the request waits for its locks as it did before.
  await tx.execute(
    sql`select set_config('lock_timeout', reset_val, true) from pg_settings where name = 'lock_timeout'`,
  );
  const [row] = await tx
    .select({ last: sql<number>`coalesce(max(${household.number}), 0)::int` })
    .from(household)
    .where(eq(household.orgId, orgId));
  return (row?.last ?? 0) + 1;
}

/** Records a life event of a household, audited. */
export async function insertEvent(
  tx: Tx,
  ctx: RequestContext,
  event: {
    kind: LifeEventKind;
    occurredOn: string;
    householdId: string;
    personId?: string | null;
    otherHouseholdId?: string | null;
    details?: Record<string, unknown>;
  },
) {
  const actor = requireActor(ctx);
  const [created] = await tx
    .insert(lifeEvent)
    .values({ id: uuidv7(), orgId: actor.orgId, recordedBy: actor.userId, details: {}, ...event })
    .returning();
  await recordAudit(tx, ctx, {
    action: "create",
    entity: "life_event",
    entityId: created!.id,
    after: created,
  });
  return created!;
}

/** A stay added, audited: opened by an event, or, a merge's piece of a joined stay, perhaps ended too. */
export async function addMember(
  tx: Tx,
  ctx: RequestContext,
  m: {
    householdId: string;
    personId: string;
    relation: Relation;
    fromDate: string;
    eventId: string | null;
    toDate?: string | null;
    toEventId?: string | null;
  },
) {
  const actor = requireActor(ctx);
  const [created] = await tx
    .insert(householdMember)
    .values({
      id: uuidv7(),
      orgId: actor.orgId,
      householdId: m.householdId,
      personId: m.personId,
      relation: m.relation,
      fromDate: m.fromDate,
      fromEventId: m.eventId,
      toDate: m.toDate ?? null,
      toEventId: m.toEventId ?? null,
    })
    .returning();
  await recordAudit(tx, ctx, {
    action: "create",
    entity: "household_member",
    entityId: created!.id,
    after: created,
  });
}

/** A household's memberships with no end written, as `which` narrows them, with their member's death. */
export function unendedMemberships(tx: Tx, householdId: string, which: SQL | undefined) {
  return tx
    .select({ m: householdMember, deathDate: person.deathDate })
    .from(householdMember)
    .innerJoin(person, eq(person.id, householdMember.personId))
    .where(and(eq(householdMember.householdId, householdId), isNull(householdMember.toDate), which));
}

/** A person's membership of a household that an event on `day` changes: open, and the person alive then. */
export async function currentMembership(tx: Tx, householdId: string, personId: string, day: string) {
  const [row] = await unendedMemberships(tx, householdId, eq(householdMember.personId, personId));
  if (!row) throw new DomainError("registry.notAMember");
  if (!isAliveOn(row, day)) throw new DomainError("registry.personDied");
  return row.m;
}

export async function endMembership(
  tx: Tx,
  ctx: RequestContext,
  membershipId: string,
  toDate: string,
  eventId: string,
) {
  const [member] = await tx
    .select({ birthDate: person.birthDate })
    .from(householdMember)
    .innerJoin(person, eq(person.id, householdMember.personId))
    .where(eq(householdMember.id, membershipId));
  await changeMembership(tx, ctx, membershipId, (before) => {
    assertNotBeforeMembership(toDate, before.fromDate, member?.birthDate ?? null);
    return { toDate, toEventId: eventId };
  });
}

/** Changes a membership as `change` decides from the row as it is, audited. */
export async function changeMembership(
  tx: Tx,
  ctx: RequestContext,
  membershipId: string,
  change: (before: typeof householdMember.$inferSelect) => Partial<typeof householdMember.$inferInsert>,
) {
  const [before] = await tx.select().from(householdMember).where(eq(householdMember.id, membershipId));
  if (!before) throw new DomainError("registry.notAMember");
  const [after] = await tx
    .update(householdMember)
    .set(change(before))
    .where(eq(householdMember.id, membershipId))
    .returning();
  await recordAudit(tx, ctx, {
    action: "update",
    entity: "household_member",
    entityId: membershipId,
    before,
    after,
  });
}

export async function bumpHousehold(tx: Tx, householdId: string) {
  await tx
    .update(household)
    .set({ version: sql`${household.version} + 1`, updatedAt: new Date() })
    .where(eq(household.id, householdId));
}

/**
 * A new household of the book at an address, numbered next, formed on `formedOn` (split off from
 * another when `splitFrom` says so), audited. Its members and forming event are the caller's.
 */
export async function insertHousehold(
  tx: Tx,
  ctx: RequestContext,
  address: HouseholdAddress,
  formedOn: string,
  splitFrom: string | null = null,
) {
  const orgId = requireActor(ctx).orgId;
  const [created] = await tx
    .insert(household)
    .values({
      id: uuidv7(),
      orgId,
      number: await nextHouseholdNumber(tx, orgId),
      villageCode: address.villageCode,
      street: address.street ?? null,
      house: address.house ?? null,
      addressKey: await addressKeyOf(tx, {
        villageCode: address.villageCode,
        street: address.street ?? null,
        house: address.house ?? null,
      }),
      phone: householdPhone(address.phone),
      notes: address.notes ?? null,
      dwelling: address.dwelling ?? {},
      formedOn,
      splitFrom,
    })
    .returning();
  await recordAudit(tx, ctx, {
    action: "create",
    entity: "household",
    entityId: created!.id,
    after: created,
  });
  return created!;
}

/** Registers a household with its members; the first event of its history is its forming. */
export async function createHousehold(database: Database, ctx: RequestContext, input: NewHousehold) {
  return withRegister(database, ctx, async (tx) => {
    const actor = requireActor(ctx);
    await assertOwnVillage(tx, actor.orgId, input.villageCode);
    assertOneHead(input.members.map((m) => m.relation));
    const today = organisationToday(ctx);
    assertNotAfterToday(input.formedOn, today);
    const repeated = repeatedPinIssues(
      input.members.map((m) => m.person),
      (index) => ["members", index, "person"],
    );
    if (repeated.length > 0) throw new DomainError("validation.fields", {}, repeated);
    const created = await insertHousehold(tx, ctx, input, input.formedOn);
    const event = await insertEvent(tx, ctx, {
      kind: "household-formed",
      occurredOn: input.formedOn,
      householdId: created!.id,
    });
    const members = [];
    for (const [index, member] of input.members.entries()) {
      const where = ["members", index, "person"];
      const added = await insertPerson(tx, ctx, personValues(member.person, today, where), where);
      members.push({ relation: member.relation, birthDate: added.birthDate });
      await addMember(tx, ctx, {
        householdId: created!.id,
        personId: added.id,
        relation: member.relation,
        fromDate: membershipStart(input.formedOn, added.birthDate),
        eventId: event.id,
      });
    }
    const head = members.find((m) => m.relation === "head")!;
    assertMayHead(
      head,
      members.filter((m) => m !== head),
      input.formedOn,
    );
    await deriveFlagsOfNewHousehold(tx, ctx, created!.id, input.formedOn);
    return created!;
  });
}

/** Corrects a household's address, phone or notes; a save to the values it has writes nothing. */
export async function updateHousehold(
  database: Database,
  ctx: RequestContext,
  id: string,
  patch: Partial<HouseholdAddress> & { version: number },
) {
  return withRegister(database, ctx, async (tx) => {
    const actor = requireActor(ctx);
    const before = await loadHousehold(tx, actor.orgId, id);
    if (patch.villageCode !== undefined) await assertOwnVillage(tx, actor.orgId, patch.villageCode);
    const { version, ...changes } = patch;
    if (changes.phone !== undefined) changes.phone = householdPhone(changes.phone);
    if (version === before.version && changesNothing(before, changes)) return before;
    const addressKey = await addressKeyOf(tx, {
      villageCode: changes.villageCode ?? before.villageCode,
      street: changes.street === undefined ? before.street : changes.street,
      house: changes.house === undefined ? before.house : changes.house,
    });
    const [after] = await tx
      .update(household)
      .set({ ...changes, addressKey, version: sql`${household.version} + 1`, updatedAt: new Date() })
      .where(and(eq(household.id, id), eq(household.version, version)))
      .returning();
    if (!after) throw new DomainError("conflict.version", { current: before.version });
    await recordAudit(tx, ctx, { action: "update", entity: "household", entityId: id, before, after });
    return after;
  });
}

/** The household's phone for SMS as the gateway takes it (E.164), or a field refusal. */
function householdPhone(phone: string | null | undefined): string | null {
  const normalized = phoneOfField(phone);
  if (normalized === "invalid")
    throw new DomainError("validation.fields", {}, [{ path: ["phone"], code: "phoneInvalid" }]);
  return normalized;
}

/**
 * A cadastral number names one plot: while a plot of the municipality holds it, no other household
 * takes it (a sale is recorded by ending the seller's plot first). Which of `numbers` plots in
 * force hold, with the holding household's book number.
 */
export async function cadastralHolders(tx: Tx, orgId: string, numbers: readonly string[]) {
  if (numbers.length === 0) return new Map<string, number>();
  const held = await tx
    .select({ cadastralNumber: landPlot.cadastralNumber, number: household.number })
    .from(landPlot)
    .innerJoin(household, eq(household.id, landPlot.householdId))
    .where(
      and(
        eq(landPlot.orgId, orgId),
        // One array parameter: a book may name more numbers than a statement takes parameters.
        sql`${landPlot.cadastralNumber} = any(${sql.param([...numbers])}::text[])`,
        isNull(landPlot.toDate),
      ),
    );
  return new Map(held.map((h) => [h.cadastralNumber!, h.number]));
}

async function assertCadastralNumberFree(tx: Tx, orgId: string, cadastralNumber: string) {
  const holder = (await cadastralHolders(tx, orgId, [cadastralNumber])).get(cadastralNumber);
  if (holder !== undefined)
    throw new DomainError("validation.fields", {}, [
      { path: ["cadastralNumber"], code: "cadastralNumberHeld", params: { number: holder } },
    ]);
}

export async function loadHousehold(tx: Tx, orgId: string, id: string) {
  const [row] = await tx
    .select()
    .from(household)
    .where(and(eq(household.id, id), eq(household.orgId, orgId)));
  if (!row) throw new DomainError("notFound.household");
  return row;
}

const activeOn = (from: string, to: string | null, day: string) => from <= day && (to === null || to > day);

/** How many counts before the last one a card lists. */
export const EARLIER_LIVESTOCK_COUNTS_SHOWN = 9;

/**
 * The household card as it stood on `asOf` (today by default): members, land, the last livestock
 * count, flags in force, and the events up to that day. `readable`: an office opens a card of a
 * municipality it reads, to read only; each such opening is audited in the office's chain and in
 * the municipality's (which office, who of its staff, which household, when), since it is a look
 * into another organisation's register and the municipality answers for its people's data.
 */
export async function householdCard(
  database: Database,
  ctx: RequestContext,
  id: string,
  asOf: string,
  scope: RegisterScope = "organisation",
) {
  const actor = requireActor(ctx);
  const elsewhere = scope === "readable";
  return withTenant(
    database,
    actor,
    async (tx) => {
      let row = elsewhere
        ? await loadReadableHousehold(tx, actor.readOrgIds, id)
        : await loadHousehold(tx, actor.orgId, id);
      if (elsewhere) {
        const office = await findOrganisation(tx, actor.orgId);
        await recordAuditForBoth(tx, ctx, row.orgId, {
          action: "read",
          entity: "household",
          entityId: id,
          after: {
            orgId: row.orgId,
            number: row.number,
            asOf,
            office: { id: actor.orgId, name: office?.name },
          },
        });
      }
      let members = await tx
        .select({ m: householdMember, p: person })
        .from(householdMember)
        .innerJoin(person, eq(person.id, householdMember.personId))
        .where(eq(householdMember.householdId, id))
        .orderBy(asc(householdMember.fromDate), asc(person.birthDate));
      if (asOf < organisationToday(ctx)) {
        // A past day's address and names are the ones recorded by then.
        row = (await asRecordedBy(tx, row.orgId, "household", [row], asOf, actor.timeZone))[0]!;
        const people = await asRecordedBy(
          tx,
          row.orgId,
          "person",
          members.map(({ p }) => p),
          asOf,
          actor.timeZone,
        );
        // A labour migration is dated: the day reads what is known of it now (migrationOn), so the
        // card agrees with its history, where a departure abroad recorded later for a day before is
        // listed; one recorded by then with a later start had not begun.
        const events = await migrationEventsOf(
          tx,
          row.orgId,
          members.map(({ p }) => p.id),
          asOf,
        );
        members = members.map(({ m, p: now }, i) => {
          const then = people[i]!;
          const facts = {
            event: events.get(now.id)?.at(-1) ?? null,
            recordedThen: then.migration,
            recordedNow: now.migration,
          };
          return { m, p: { ...then, migration: migrationOn(asOf, facts) } };
        });
      }
      const plots = await tx
        .select()
        .from(landPlot)
        .where(eq(landPlot.householdId, id))
        .orderBy(asc(landPlot.fromDate));
      // The last count and the ones before it: the paper book kept a column a year, five years a page.
      const [livestock, ...earlierLivestock] = await tx
        .select()
        .from(livestockCount)
        .where(and(eq(livestockCount.householdId, id), lte(livestockCount.countedOn, asOf)))
        .orderBy(desc(livestockCount.countedOn))
        .limit(1 + EARLIER_LIVESTOCK_COUNTS_SHOWN);
      const flags = await tx
        .select()
        .from(householdFlag)
        .where(eq(householdFlag.householdId, id))
        .orderBy(asc(householdFlag.setOn), asc(householdFlag.criterionCode));
      // The numbers of the households an event names, so that the history names the other one (a
      // marriage into it, a split off it) as the book does; the household of a book this user may not
      // read stays unnamed.
      const recordedIn = alias(household, "recorded_in");
      const otherHousehold = alias(household, "other_household");
      const events = await tx
        .select({
          ...getTableColumns(lifeEvent),
          householdNumber: recordedIn.number,
          otherHouseholdNumber: otherHousehold.number,
          // Named here: one entered in error (an annulled birth) is no member, now or before.
          personName: sql<string | null>`${person.surname} || ' ' || ${person.givenName}`,
          annulledByMerge,
        })
        .from(lifeEvent)
        .leftJoin(person, eq(person.id, lifeEvent.personId))
        .leftJoin(recordedIn, eq(recordedIn.id, lifeEvent.householdId))
        .leftJoin(otherHousehold, eq(otherHousehold.id, lifeEvent.otherHouseholdId))
        .where(
          and(
            or(eq(lifeEvent.householdId, id), eq(lifeEvent.otherHouseholdId, id)),
            lte(lifeEvent.occurredOn, asOf),
          ),
        )
        // Events of one write share its instant; their ids (UUIDv7) keep the order they were made in.
        .orderBy(asc(lifeEvent.occurredOn), asc(lifeEvent.recordedAt), asc(lifeEvent.id));
      // An address carries no date of its own: each change of it, kept by the audit trail, is listed
      // among the events by the day it was recorded (its creation is the household's formation,
      // listed already as an event).
      const moves = (await recordedChangesOf(tx, row.orgId, "household", id, ADDRESS_FIELDS))
        .map((change) => ({
          id: change.id,
          kind: ADDRESS_CHANGED,
          occurredOn: localDayOf(change.at, actor.timeZone),
          householdId: id,
          householdNumber: row.number,
          personId: null,
          personName: null,
          otherHouseholdId: null,
          otherHouseholdNumber: null,
          details: { from: change.before, to: change.after },
          recordedAt: change.at,
          recordedBy: change.userId,
          annulledAt: null,
          annulledBy: null,
          annulledReason: null,
          annulledByMerge: null,
        }))
        .filter((move) => move.occurredOn <= asOf);
      // By day, then as recorded (a stable sort keeps the events' own order within an instant).
      const history = [...events, ...moves].sort(
        (a, b) => a.occurredOn.localeCompare(b.occurredOn) || a.recordedAt.getTime() - b.recordedAt.getTime(),
      );
      // Who set each flag (the card names the person, not a role she may not have), who recorded and
      // who annulled each entry of the history, in one read.
      const users = await displayNames(tx, [
        ...flags.flatMap((f) => (f.setBy === null ? [] : [f.setBy])),
        ...history.flatMap((e) => [e.recordedBy, e.annulledBy].filter((u) => u !== null)),
      ]);
      const named = flags.map((f) => ({ ...f, setByName: (f.setBy && users.get(f.setBy)) ?? null }));
      const memberRows = members.map(({ m }) => m);
      const relationOrder = (r: string) => (r === "head" ? 0 : r === "spouse" ? 1 : 2);
      return {
        ...row,
        asOf,
        existed: row.formedOn <= asOf && (row.dissolvedOn === null || row.dissolvedOn > asOf),
        members: members
          .filter(({ m, p }) => isMemberOn(m, p, asOf))
          .sort((a, b) => relationOrder(a.m.relation) - relationOrder(b.m.relation))
          .map(({ m, p }) => ({
            ...personView({ ...p, deathDate: null }),
            relation: m.relation,
            memberSince: memberSince(m, memberRows),
            // The day the relation began: a kinship check reads the relation as of then.
            relationSince: m.fromDate,
            membershipId: m.id,
          })),
        formerMembers: members.flatMap(({ m, p }) => {
          const until = membershipEnd(m, p);
          return until !== null && until <= asOf
            ? [{ ...personView(p), relation: m.relation, memberSince: m.fromDate, memberUntil: until }]
            : [];
        }),
        landPlots: plots.filter((p) => activeOn(p.fromDate, p.toDate, asOf)),
        formerLandPlots: plots.filter((p) => p.toDate !== null && p.toDate <= asOf),
        livestock: livestock ?? null,
        earlierLivestock,
        flags: named.filter((f) => isFlagOn(f, asOf)),
        // What the social worker removed, with why: the card keeps the household's flag history.
        formerFlags: named.filter((f) => f.clearedOn !== null && f.clearedOn <= asOf),
        events: historyRows(history, users),
      };
    },
    { readOnly: !elsewhere },
  );
}

/** The merge that voided an event (see lifeEvent.annulledByEventId): its day, the record merged, the one kept. */
interface AnnulledByMerge {
  on: string;
  mergedName: string;
  keptName: string;
}

const annulledByMerge = sql<AnnulledByMerge | null>`(select jsonb_build_object('on', by_merge.occurred_on::text,
    'mergedName', by_merge.details ->> 'mergedName', 'keptName', kept.surname || ' ' || kept.given_name)
  from life_event by_merge join person kept on kept.id = by_merge.person_id
  where by_merge.id = ${lifeEvent.annulledByEventId} and by_merge.kind = 'person-merged')`;

/**
 * The history as the card lists it, each entry with who recorded it: an annulled event stays, with
 * who annulled it, when and why (an event registered by mistake, see annulment.ts).
 */
function historyRows<
  E extends { recordedBy: string | null; annulledBy: string | null; annulledAt: Date | null },
>(events: E[], users: ReadonlyMap<string, string>) {
  const nameOf = (userId: string | null) => (userId ? (users.get(userId) ?? null) : null);
  return events.map((e) => ({
    ...e,
    recordedByName: nameOf(e.recordedBy),
    annulledByName: nameOf(e.annulledBy),
    annulledAt: e.annulledAt?.toISOString() ?? null,
  }));
}

/**
 * A household holds no land and counts no herd before it was formed (as none of its life events
 * may be dated earlier, and as the book's import refuses): the day is refused at its field.
 */
function refuseBeforeFormed(home: { formedOn: string }, day: string, field: string, code: string) {
  if (day < home.formedOn)
    throw new DomainError("validation.fields", {}, [
      { path: [field], code, params: { formedOn: home.formedOn } },
    ]);
}

/** A household of one of these organisations (the policies let only a readable one through). */
async function loadReadableHousehold(tx: Tx, orgIds: readonly string[], id: string) {
  const [row] = await tx
    .select()
    .from(household)
    .where(and(eq(household.id, id), inArray(household.orgId, [...orgIds])));
  if (!row) throw new DomainError("notFound.household");
  return row;
}

export function personView(p: typeof person.$inferSelect) {
  return { ...p, pinStatus: p.pin ? ("valid" as const) : ("unknown" as const) };
}

export interface LandPlotInput {
  cadastralNumber?: string | null;
  areaHa: number;
  category: LandCategory;
  tenure: "owned" | "leased";
  fromDate: string;
}

export async function addLandPlot(
  database: Database,
  ctx: RequestContext,
  householdId: string,
  input: LandPlotInput,
) {
  return withRegister(database, ctx, async (tx) => {
    const actor = requireActor(ctx);
    const home = await loadHousehold(tx, actor.orgId, householdId);
    assertInForce(home);
    assertNotAfterToday(input.fromDate, organisationToday(ctx));
    refuseBeforeFormed(home, input.fromDate, "fromDate", "plotBeforeHousehold");
    // Checked and written as the book's import does: one rule for both.
    const cadastralNumber = cadastralNumberOrRefuse(input.cadastralNumber);
    if (cadastralNumber) await assertCadastralNumberFree(tx, actor.orgId, cadastralNumber);
    const [created] = await tx
      .insert(landPlot)
      .values({ id: uuidv7(), orgId: actor.orgId, householdId, ...input, cadastralNumber })
      .returning();
    await recordAudit(tx, ctx, {
      action: "create",
      entity: "land_plot",
      entityId: created!.id,
      after: created,
    });
    await insertEvent(tx, ctx, {
      kind: "land-acquired",
      occurredOn: input.fromDate,
      householdId,
      details: { plotId: created!.id, areaHa: input.areaHa, category: input.category, tenure: input.tenure },
    });
    await bumpHousehold(tx, householdId);
    return created!;
  });
}

/** A plot sold, or a lease ended: the plot stays in the history up to that day. */
export async function endLandPlot(
  database: Database,
  ctx: RequestContext,
  householdId: string,
  plotId: string,
  input: { toDate: string; reason: "sold" | "lease-ended" | "other"; note?: string },
) {
  return withRegister(database, ctx, async (tx) => {
    const actor = requireActor(ctx);
    const [before] = await tx
      .select()
      .from(landPlot)
      .where(
        and(eq(landPlot.id, plotId), eq(landPlot.householdId, householdId), eq(landPlot.orgId, actor.orgId)),
      );
    if (!before) throw new DomainError("notFound.landPlot");
    if (before.toDate) throw new DomainError("registry.plotAlreadyEnded");
    assertNotAfterToday(input.toDate, organisationToday(ctx));
    if (input.toDate < before.fromDate)
      throw new DomainError("registry.eventBeforeMembership", { fromDate: before.fromDate });
    const [after] = await tx
      .update(landPlot)
      .set({ toDate: input.toDate, endReason: input.reason })
      .where(eq(landPlot.id, plotId))
      .returning();
    await recordAudit(tx, ctx, { action: "update", entity: "land_plot", entityId: plotId, before, after });
    await insertEvent(tx, ctx, {
      kind: "land-ended",
      occurredOn: input.toDate,
      householdId,
      details: { plotId, reason: input.reason, note: input.note ?? null },
    });
    await bumpHousehold(tx, householdId);
    return after!;
  });
}

/**
 * A livestock count (by species, as of a day, usually 1 January). A second count of the same day
 * corrects the first species by species: a species not given keeps its number, 0 says there is none.
 */
export async function recordLivestock(
  database: Database,
  ctx: RequestContext,
  householdId: string,
  input: { countedOn: string; counts: Partial<Record<LivestockSpecies, number>> },
) {
  return withRegister(database, ctx, async (tx) => {
    const actor = requireActor(ctx);
    const home = await loadHousehold(tx, actor.orgId, householdId);
    assertInForce(home);
    assertNotAfterToday(input.countedOn, organisationToday(ctx));
    refuseBeforeFormed(home, input.countedOn, "countedOn", "livestockBeforeHousehold");
    const [before] = await tx
      .select()
      .from(livestockCount)
      .where(and(eq(livestockCount.householdId, householdId), eq(livestockCount.countedOn, input.countedOn)));
    const counts = { ...before?.counts, ...input.counts };
    if (before && changesNothing(before, { counts })) return before;
    const [after] = await tx
      .insert(livestockCount)
      .values({
        id: before?.id ?? uuidv7(),
        orgId: actor.orgId,
        householdId,
        countedOn: input.countedOn,
        counts,
      })
      .onConflictDoUpdate({
        target: [livestockCount.householdId, livestockCount.countedOn],
        set: { counts },
      })
      .returning();
    await recordAudit(tx, ctx, {
      action: before ? "update" : "create",
      entity: "livestock_count",
      entityId: after!.id,
      before,
      after,
    });
    await bumpHousehold(tx, householdId);
    return after!;
  });
}
