import { and, asc, eq, isNull, lte, or } from "drizzle-orm";
import {
  assertBirthOnBirthDate,
  assertMayHead,
  assertMayMarry,
  assertMigrationSince,
  assertNotAfterToday,
  birthDay,
  relationToNewHead,
} from "../../domain/registry/life-events.js";
import { personValues } from "../../domain/registry/person.js";
import { DomainError } from "../../domain/shared/errors.js";
import { recordAudit } from "../audit/service.js";
import { type RequestContext, requireActor } from "../platform/context.js";
import type { Database, Tx } from "../platform/db.js";
import { organisationToday } from "../platform/local-day.js";
import { endFlagsOfDissolved, refreshDerivedFlagsSince } from "./flags.js";
import {
  addMember,
  assertOneHead,
  assertOwnVillage,
  bumpHousehold,
  changeMembership,
  currentMembership,
  endMembership,
  type HouseholdAddress,
  insertEvent,
  insertHousehold,
  loadHousehold,
  unendedMemberships,
  withRegister,
} from "./households.js";
import { assertInForce, membershipOpenOn } from "./in-force.js";
import { insertPerson, loadPerson, type PersonInput, recordPersonFact } from "./people.js";
import { household, householdMember, lifeEvent, person, type Relation } from "./tables.js";

/** `membershipOpenOn` over the tables as drizzle names them. */
const openOn = (day: string) => membershipOpenOn(day, "household_member", "person");

/** The household a person belongs to on the day, if any: a person is in at most one at a time. */
async function openMembership(tx: Tx, personId: string, day: string) {
  const [row] = await tx
    .select({ m: householdMember })
    .from(householdMember)
    .innerJoin(person, eq(person.id, householdMember.personId))
    .where(and(eq(householdMember.personId, personId), openOn(day)))
    .limit(1);
  return row?.m;
}

/**
 * The members of a household on the day with their names and birth dates (for choosing a head): one
 * who has died is none, though the record carries no end.
 */
async function openMembersOf(tx: Tx, householdId: string, day: string) {
  return tx
    .select({
      m: householdMember,
      birthDate: person.birthDate,
      sex: person.sex,
      surname: person.surname,
      givenName: person.givenName,
    })
    .from(householdMember)
    .innerJoin(person, eq(person.id, householdMember.personId))
    .where(and(eq(householdMember.householdId, householdId), openOn(day)));
}

/**
 * A birth or an arrival brings someone new, not a current member again: a form sent twice, or the
 * same child typed in by two clerks, is refused. The same person is the same PIN, or the same name
 * (as folded for search) with the same birth date.
 */
async function assertNotAMemberAlready(
  tx: Tx,
  householdId: string,
  newcomer: { pin: string | null; searchKey: string; birthDate: string | null },
) {
  const samePerson = [
    newcomer.pin ? eq(person.pin, newcomer.pin) : undefined,
    newcomer.birthDate
      ? and(eq(person.searchKey, newcomer.searchKey), eq(person.birthDate, newcomer.birthDate))
      : undefined,
  ].filter((c) => c !== undefined);
  if (samePerson.length === 0) return;
  const [member] = await tx
    .select({ surname: person.surname, givenName: person.givenName })
    .from(householdMember)
    .innerJoin(person, eq(person.id, householdMember.personId))
    .where(
      and(eq(householdMember.householdId, householdId), isNull(householdMember.toDate), or(...samePerson)),
    )
    .limit(1);
  if (member)
    throw new DomainError("registry.sameAsMember", { name: `${member.surname} ${member.givenName}` });
}

/**
 * A household no one belongs to any more (its last member died, left or moved) is dissolved on
 * that day, and its history says so: it no longer counts among the households in force, and its
 * flags end with it. Says whether it was.
 */
export async function dissolveIfLeftEmpty(tx: Tx, ctx: RequestContext, householdId: string, on: string) {
  if ((await openMembersOf(tx, householdId, on)).length > 0) return false;
  const [before] = await tx.select().from(household).where(eq(household.id, householdId));
  const [after] = await tx
    .update(household)
    .set({ dissolvedOn: on })
    .where(eq(household.id, householdId))
    .returning();
  await recordAudit(tx, ctx, { action: "update", entity: "household", entityId: householdId, before, after });
  await insertEvent(tx, ctx, { kind: "household-dissolved", occurredOn: on, householdId });
  await endFlagsOfDissolved(tx, ctx, householdId, on);
  return true;
}

/**
 * The heads of a household who died by the day with no end written to their membership: older
 * records and imports hold them, and they head no one (see membershipOpenOn).
 */
function deadHeadsUnended(tx: Tx, householdId: string, day: string) {
  return unendedMemberships(
    tx,
    householdId,
    and(
      eq(householdMember.relation, "head"),
      lte(person.deathDate, day),
      lte(householdMember.fromDate, person.deathDate),
    ),
  ).orderBy(asc(person.deathDate));
}

/**
 * Ends a membership its member outlived on the death day, tied to the death's event where the
 * register recorded one (older records may carry the death alone), audited.
 */
export async function endOnDeath(
  tx: Tx,
  ctx: RequestContext,
  membershipId: string,
  personId: string,
  deathDate: string,
) {
  const [death] = await tx
    .select({ id: lifeEvent.id })
    .from(lifeEvent)
    .where(and(eq(lifeEvent.personId, personId), eq(lifeEvent.kind, "death"), isNull(lifeEvent.annulledAt)))
    .limit(1);
  await changeMembership(tx, ctx, membershipId, () => ({ toDate: deathDate, toEventId: death?.id ?? null }));
}

/** A staying member's relation to the household's new head. */
export interface RelationToHead {
  personId: string;
  relation: Relation;
}

/**
 * The relations a clerk gives to a new head: of every member who stays but the new head, each once,
 * none a second head. By person.
 */
function relationsToNewHead(staying: { m: { personId: string } }[], relations: RelationToHead[]) {
  const given = new Map(relations.map((r) => [r.personId, r.relation]));
  const everyoneOnce =
    given.size === relations.length &&
    given.size === staying.length &&
    staying.every(({ m }) => given.has(m.personId));
  if (!everyoneOnce) throw new DomainError("registry.relationsOfEveryoneStaying", { count: staying.length });
  if (relations.some((r) => r.relation === "head"))
    throw new DomainError("registry.oneHeadRequired", { count: 2 });
  return given;
}

/**
 * The relations to a new head that a request gives: the list, or none. None given where the request
 * could have given them (an API client's death, departure, marriage or split) refuses what the old
 * relations do not tell; a head who arrives in another household is asked none there
 * (`NONE_ASKED`), and what they do not tell stays as it was.
 */
const NONE_ASKED = "none-asked";
type RelationsGiven = RelationToHead[] | undefined | typeof NONE_ASKED;

/**
 * The relations to a new head when none are given: read from the old ones where they tell it
 * (relationToNewHead), as the form suggests them. Where they do not (the old head's daughter-in-law
 * may be the new head's wife or his brother's), a request that could have said is refused rather
 * than the relation to the old head kept as if it were the one to the new.
 */
function suggestedRelationsToNewHead(
  staying: { m: { personId: string; relation: Relation }; sex: string | null }[],
  newHead: { m: { relation: Relation } },
  untold: "refuse" | "keep",
) {
  const suggested = new Map<string, Relation>();
  for (const { m, sex } of staying) {
    const relation = relationToNewHead({ relation: m.relation, sex }, newHead.m);
    if (!relation && untold === "refuse")
      throw new DomainError("registry.relationsOfEveryoneStaying", { count: staying.length });
    suggested.set(m.personId, relation ?? m.relation);
  }
  return suggested;
}

export type LifeEventInput =
  | { kind: "birth"; occurredOn: string; relation: Relation; person: PersonInput }
  | {
      kind: "arrival";
      occurredOn: string;
      relation: Relation;
      person?: PersonInput;
      personId?: string;
      from?: string;
      /** When the person moves from another household they head, who heads it after them. */
      newHeadPersonId?: string;
    }
  | {
      kind: "death";
      occurredOn: string;
      personId: string;
      newHeadPersonId?: string;
      relations?: RelationToHead[];
    }
  | {
      kind: "departure";
      occurredOn: string;
      personId: string;
      destination?: string;
      newHeadPersonId?: string;
      relations?: RelationToHead[];
    }
  | {
      kind: "marriage";
      occurredOn: string;
      personId: string;
      toHouseholdId?: string;
      relation?: Relation;
      destination?: string;
      newHeadPersonId?: string;
      relations?: RelationToHead[];
      underAgeConfirmed?: boolean;
    }
  | {
      kind: "household-split";
      occurredOn: string;
      members: { personId: string; relation: Relation }[];
      address: HouseholdAddress;
      newHeadPersonId?: string;
      relations?: RelationToHead[];
    }
  | {
      kind: "head-change";
      occurredOn: string;
      newHeadPersonId: string;
      /** Every other member's relation to the new head, the old head's included. */
      relations: RelationToHead[];
    }
  | { kind: "relation-correction"; occurredOn: string; personId: string; relation: Relation }
  | {
      kind: "migration";
      occurredOn: string;
      personId: string;
      migration: { country: string; place?: string; since?: string } | null;
    };

/**
 * Records what happened to a household, and changes the register accordingly, keeping history:
 * memberships close and open on the event's day, nothing is overwritten. Derived vulnerability
 * flags follow on the same day.
 */
export async function recordLifeEvent(
  database: Database,
  ctx: RequestContext,
  householdId: string,
  input: LifeEventInput,
) {
  return withRegister(database, ctx, async (tx) => {
    const actor = requireActor(ctx);
    const home = await loadHousehold(tx, actor.orgId, householdId);
    const today = organisationToday(ctx);
    // The day it happened: a birth's is the child's birth date (see birthDay).
    const on =
      input.kind === "birth"
        ? birthDay(personValues(input.person, today, ["person"]).birthDate, input.occurredOn)
        : input.occurredOn;
    // The person's own fields are checked first (above); then what the request says twice must agree.
    if (input.kind === "birth") assertBirthOnBirthDate(input.person.birthDate, input.occurredOn);
    if (input.kind === "migration") assertMigrationSince(input.migration?.since, on, today);
    assertNotAfterToday(on, today);
    if (on < home.formedOn)
      throw new DomainError("registry.eventBeforeHousehold", { formedOn: home.formedOn });
    assertInForce(home, on);
    const touched = new Set([householdId]);
    let result: { eventId: string; householdId?: string };

    // A member's relation changes on the day: the membership ends and a new one opens, both with
    // the event, so a past day's card still says what the register said then. One begun that same
    // day (a birth and a head change on one day) takes the new relation itself, audited: ended and
    // reopened it would hold no day, and the card would list it as a former membership of none.
    const relate = async (
      membership: typeof householdMember.$inferSelect,
      relation: Relation,
      eventId: string,
    ) => {
      if (membership.fromDate === on) return changeMembership(tx, ctx, membership.id, () => ({ relation }));
      await endMembership(tx, ctx, membership.id, on, eventId);
      await addMember(tx, ctx, {
        householdId: membership.householdId,
        personId: membership.personId,
        relation,
        fromDate: on,
        eventId,
      });
    };
    // A head who leaves (or hands over, staying) hands the household to someone who stays, old
    // enough to head it; the others' relations to the new head change with it, as given or as the old ones tell.
    const handOverHead = async (
      fromId: string,
      newHeadId: string | undefined,
      eventId: string,
      relations: RelationsGiven,
      staying: (personId: string) => boolean,
    ) => {
      const others = (await openMembersOf(tx, fromId, on)).filter(({ m }) => staying(m.personId));
      if (others.length === 0) return;
      if (!newHeadId) throw new DomainError("registry.newHeadRequired");
      const next = others.find(({ m }) => m.personId === newHeadId);
      if (!next) throw new DomainError("registry.notAMember");
      const rest = others.filter((o) => o !== next);
      assertMayHead(next, rest, on);
      const relationOf = Array.isArray(relations)
        ? relationsToNewHead(rest, relations)
        : suggestedRelationsToNewHead(rest, next, relations === NONE_ASKED ? "keep" : "refuse");
      await relate(next.m, "head", eventId);
      for (const { m } of rest) {
        const relation = relationOf.get(m.personId)!;
        if (relation !== m.relation) await relate(m, relation, eventId);
      }
    };
    // Leaving a household (death, departure, marriage, a move to another): the head hands over,
    // the membership ends on the day, and a household left with no one is dissolved.
    const leave = async (
      membership: typeof householdMember.$inferSelect,
      newHeadId: string | undefined,
      eventId: string,
      relations?: RelationsGiven,
    ) => {
      if (membership.relation === "head")
        await handOverHead(
          membership.householdId,
          newHeadId,
          eventId,
          relations,
          (id) => id !== membership.personId,
        );
      await endMembership(tx, ctx, membership.id, on, eventId);
      await dissolveIfLeftEmpty(tx, ctx, membership.householdId, on);
      touched.add(membership.householdId);
    };

    switch (input.kind) {
      case "birth":
      case "arrival": {
        if (input.relation === "head") throw new DomainError("registry.oneHeadRequired", { count: 2 });
        let personId = input.kind === "arrival" ? input.personId : undefined;
        // Someone who arrives from another household of the book moves: that membership ends the same day.
        let moving: typeof householdMember.$inferSelect | undefined;
        if (personId) {
          const existing = await loadPerson(tx, actor.orgId, personId);
          if (existing.deathDate) throw new DomainError("registry.personDied");
          moving = await openMembership(tx, personId, on);
          if (moving?.householdId === householdId) throw new DomainError("registry.alreadyAMember");
        } else {
          if (!input.person)
            throw new DomainError("validation.fields", {}, [{ path: ["person"], code: "required" }]);
          const values = input.kind === "birth" ? { ...input.person, birthDate: on } : input.person;
          const newcomer = personValues(values, today, ["person"]);
          await assertNotAMemberAlready(tx, householdId, newcomer);
          personId = (await insertPerson(tx, ctx, newcomer, ["person"])).id;
        }
        const event = await insertEvent(tx, ctx, {
          kind: input.kind,
          occurredOn: on,
          householdId,
          personId,
          otherHouseholdId: moving?.householdId ?? null,
          details: input.kind === "arrival" && input.from ? { from: input.from } : {},
        });
        if (moving)
          await leave(
            moving,
            input.kind === "arrival" ? input.newHeadPersonId : undefined,
            event.id,
            NONE_ASKED,
          );
        await addMember(tx, ctx, {
          householdId,
          personId,
          relation: input.relation,
          fromDate: on,
          eventId: event.id,
        });
        result = { eventId: event.id };
        break;
      }
      case "death":
      case "departure": {
        const membership = await currentMembership(tx, householdId, input.personId, on);
        const event = await insertEvent(tx, ctx, {
          kind: input.kind,
          occurredOn: on,
          householdId,
          personId: input.personId,
          details: input.kind === "departure" && input.destination ? { destination: input.destination } : {},
        });
        await leave(membership, input.newHeadPersonId, event.id, input.relations);
        if (input.kind === "death") await recordPersonFact(tx, ctx, input.personId, { deathDate: on });
        result = { eventId: event.id };
        break;
      }
      case "marriage": {
        const membership = await currentMembership(tx, householdId, input.personId, on);
        const { birthDate } = await loadPerson(tx, actor.orgId, input.personId);
        // Kept with the event (and so in its audit): the age the clerk confirmed the marriage at.
        const underAge = assertMayMarry(birthDate, on, input.underAgeConfirmed === true);
        if (input.toHouseholdId) {
          if (input.toHouseholdId === householdId) throw new DomainError("registry.sameHousehold");
          assertInForce(await loadHousehold(tx, actor.orgId, input.toHouseholdId), on);
        }
        const event = await insertEvent(tx, ctx, {
          kind: "marriage",
          occurredOn: on,
          householdId,
          personId: input.personId,
          otherHouseholdId: input.toHouseholdId ?? null,
          details: {
            ...(input.destination ? { destination: input.destination } : {}),
            ...(underAge !== null ? { underAgeConfirmed: { age: underAge } } : {}),
          },
        });
        await leave(membership, input.newHeadPersonId, event.id, input.relations);
        if (input.toHouseholdId) {
          const relation = input.relation ?? "spouse";
          if (relation === "head") throw new DomainError("registry.oneHeadRequired", { count: 2 });
          await addMember(tx, ctx, {
            householdId: input.toHouseholdId,
            personId: input.personId,
            relation,
            fromDate: on,
            eventId: event.id,
          });
          touched.add(input.toHouseholdId);
        }
        result = { eventId: event.id };
        break;
      }
      case "household-split": {
        assertOneHead(input.members.map((m) => m.relation));
        await assertOwnVillage(tx, actor.orgId, input.address.villageCode);
        const memberships = [];
        for (const m of input.members)
          memberships.push(await currentMembership(tx, householdId, m.personId, on));
        const going = (personId: string) => input.members.some((x) => x.personId === personId);
        const goingPeople = (await openMembersOf(tx, householdId, on)).filter(({ m }) => going(m.personId));
        const newHead = goingPeople.find(({ m }) =>
          input.members.some((x) => x.personId === m.personId && x.relation === "head"),
        )!;
        assertMayHead(
          newHead,
          goingPeople.filter((g) => g !== newHead),
          on,
        );
        const created = await insertHousehold(tx, ctx, input.address, on, householdId);
        // Both households' histories name the other by its number, and who went.
        const went = input.members.map(({ personId }) => {
          const { surname, givenName } = goingPeople.find(({ m }) => m.personId === personId)!;
          return { personId, name: `${surname} ${givenName}` };
        });
        const event = await insertEvent(tx, ctx, {
          kind: "household-split",
          occurredOn: on,
          householdId,
          otherHouseholdId: created.id,
          details: {
            fromHousehold: { id: householdId, number: home.number },
            newHousehold: { id: created.id, number: created.number },
            members: went,
          },
        });
        const stays = (await openMembersOf(tx, householdId, on)).filter(({ m }) => !going(m.personId));
        if (stays.length === 0) throw new DomainError("registry.splitTakesEveryone");
        const leavingHead = memberships.find((m) => m.relation === "head");
        if (leavingHead)
          await handOverHead(
            householdId,
            input.newHeadPersonId,
            event.id,
            input.relations,
            (id) => !going(id),
          );
        for (const [i, m] of input.members.entries()) {
          await endMembership(tx, ctx, memberships[i]!.id, on, event.id);
          await addMember(tx, ctx, {
            householdId: created.id,
            personId: m.personId,
            relation: m.relation,
            fromDate: on,
            eventId: event.id,
          });
        }
        touched.add(created.id);
        result = { eventId: event.id, householdId: created.id };
        break;
      }
      case "head-change": {
        await currentMembership(tx, householdId, input.newHeadPersonId, on);
        const head = (await openMembersOf(tx, householdId, on)).find(({ m }) => m.relation === "head");
        if (head?.m.personId === input.newHeadPersonId) throw new DomainError("registry.alreadyHead");
        // No living head (one recorded dead with no end written, from older records or an import):
        // the clerk names one among the living, and the dead head's membership ends on the death day.
        const deadHeads = head ? [] : await deadHeadsUnended(tx, householdId, on);
        const formerHead = head?.m.personId ?? deadHeads.at(-1)?.m.personId;
        const event = await insertEvent(tx, ctx, {
          kind: "head-change",
          occurredOn: on,
          householdId,
          personId: input.newHeadPersonId,
          details: formerHead ? { formerHeadPersonId: formerHead } : {},
        });
        for (const dead of deadHeads) await endOnDeath(tx, ctx, dead.m.id, dead.m.personId, dead.deathDate!);
        // Everyone living stays, the old head too: the relations name him or her with the others.
        await handOverHead(householdId, input.newHeadPersonId, event.id, input.relations, () => true);
        result = { eventId: event.id };
        break;
      }
      case "relation-correction": {
        const membership = await currentMembership(tx, householdId, input.personId, on);
        // Who heads is changed by a head change, which asks everyone's relation to the new head.
        if (membership.relation === "head" || input.relation === "head")
          throw new DomainError("registry.headByHeadChange");
        if (membership.relation === input.relation) throw new DomainError("registry.relationUnchanged");
        const event = await insertEvent(tx, ctx, {
          kind: "relation-correction",
          occurredOn: on,
          householdId,
          personId: input.personId,
          details: { from: membership.relation, to: input.relation },
        });
        await relate(membership, input.relation, event.id);
        result = { eventId: event.id };
        break;
      }
      case "migration": {
        await currentMembership(tx, householdId, input.personId, on);
        const migration = input.migration ? { ...input.migration, since: on } : null;
        await recordPersonFact(tx, ctx, input.personId, { migration });
        const event = await insertEvent(tx, ctx, {
          kind: "migration",
          occurredOn: on,
          householdId,
          personId: input.personId,
          details: { migration },
        });
        result = { eventId: event.id };
        break;
      }
    }
    for (const id of touched) {
      await bumpHousehold(tx, id);
      await refreshDerivedFlagsSince(tx, ctx, id, on);
    }
    return result;
  });
}
