import { and, eq, isNull, or } from "drizzle-orm";
import {
  assertMayHead,
  assertMayMarry,
  assertNotAfterToday,
  birthDay,
} from "../../domain/registry/life-events.js";
import { personValues } from "../../domain/registry/person.js";
import { DomainError } from "../../domain/shared/errors.js";
import { recordAudit } from "../audit/service.js";
import { type RequestContext, requireActor } from "../platform/context.js";
import type { Database, Tx } from "../platform/db.js";
import { organisationToday } from "../platform/local-day.js";
import { refreshDerivedFlags } from "./flags.js";
import {
  addMember,
  assertInForce,
  assertOneHead,
  assertOwnVillage,
  bumpHousehold,
  currentMembership,
  endMembership,
  type HouseholdAddress,
  insertEvent,
  insertHousehold,
  loadHousehold,
  withRegister,
} from "./households.js";
import { insertPerson, loadPerson, type PersonInput, recordPersonFact } from "./people.js";
import { household, householdMember, person, type Relation } from "./tables.js";

/** The household a person belongs to now, if any: a person is in at most one at a time. */
async function openMembership(tx: Tx, personId: string) {
  const [row] = await tx
    .select()
    .from(householdMember)
    .where(and(eq(householdMember.personId, personId), isNull(householdMember.toDate)))
    .limit(1);
  return row;
}

/** The current members of a household with their birth dates (for choosing a head). */
async function openMembersOf(tx: Tx, householdId: string) {
  return tx
    .select({ m: householdMember, birthDate: person.birthDate })
    .from(householdMember)
    .innerJoin(person, eq(person.id, householdMember.personId))
    .where(and(eq(householdMember.householdId, householdId), isNull(householdMember.toDate)));
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
 * that day, and its history says so: it no longer counts among the households in force. Says whether
 * it was.
 */
export async function dissolveIfLeftEmpty(tx: Tx, ctx: RequestContext, householdId: string, on: string) {
  if ((await openMembersOf(tx, householdId)).length > 0) return false;
  const [before] = await tx.select().from(household).where(eq(household.id, householdId));
  const [after] = await tx
    .update(household)
    .set({ dissolvedOn: on })
    .where(eq(household.id, householdId))
    .returning();
  await recordAudit(tx, ctx, { action: "update", entity: "household", entityId: householdId, before, after });
  await insertEvent(tx, ctx, { kind: "household-dissolved", occurredOn: on, householdId });
  return true;
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
  | { kind: "death"; occurredOn: string; personId: string; newHeadPersonId?: string }
  | {
      kind: "departure";
      occurredOn: string;
      personId: string;
      destination?: string;
      newHeadPersonId?: string;
    }
  | {
      kind: "marriage";
      occurredOn: string;
      personId: string;
      toHouseholdId?: string;
      relation?: Relation;
      destination?: string;
      newHeadPersonId?: string;
      underAgeConfirmed?: boolean;
    }
  | {
      kind: "household-split";
      occurredOn: string;
      members: { personId: string; relation: Relation }[];
      address: HouseholdAddress;
      newHeadPersonId?: string;
    }
  | {
      kind: "migration";
      occurredOn: string;
      personId: string;
      migration: { country: string; place?: string } | null;
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
    assertNotAfterToday(on, today);
    if (on < home.formedOn)
      throw new DomainError("registry.eventBeforeHousehold", { formedOn: home.formedOn });
    assertInForce(home, on);
    const touched = new Set([householdId]);
    let result: { eventId: string; householdId?: string };

    // A head who leaves hands the household to someone who stays, old enough to head it.
    const handOverHead = async (
      fromId: string,
      leaving: typeof householdMember.$inferSelect,
      newHeadId: string | undefined,
      eventId: string,
      staying: (personId: string) => boolean = (id) => id !== leaving.personId,
    ) => {
      if (leaving.relation !== "head") return;
      const others = (await openMembersOf(tx, fromId)).filter(({ m }) => staying(m.personId));
      if (others.length === 0) return;
      if (!newHeadId) throw new DomainError("registry.newHeadRequired");
      const next = others.find(({ m }) => m.personId === newHeadId);
      if (!next) throw new DomainError("registry.notAMember");
      assertMayHead(
        next,
        others.filter((o) => o !== next),
        on,
      );
      await endMembership(tx, ctx, next.m.id, on, eventId);
      await addMember(tx, ctx, {
        householdId: fromId,
        personId: newHeadId,
        relation: "head",
        fromDate: on,
        eventId,
      });
    };
    // Leaving a household (death, departure, marriage, a move to another): the head hands over,
    // the membership ends on the day, and a household left with no one is dissolved.
    const leave = async (
      membership: typeof householdMember.$inferSelect,
      newHeadId: string | undefined,
      eventId: string,
    ) => {
      await handOverHead(membership.householdId, membership, newHeadId, eventId);
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
          moving = await openMembership(tx, personId);
          if (moving?.householdId === householdId) throw new DomainError("registry.alreadyAMember");
        } else {
          if (!input.person)
            throw new DomainError("validation.fields", {}, [{ path: ["person"], code: "required" }]);
          const values = input.kind === "birth" ? { ...input.person, birthDate: on } : input.person;
          await assertNotAMemberAlready(tx, householdId, personValues(values, today, ["person"]));
          personId = (await insertPerson(tx, ctx, values, ["person"])).id;
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
          await leave(moving, input.kind === "arrival" ? input.newHeadPersonId : undefined, event.id);
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
        const membership = await currentMembership(tx, householdId, input.personId);
        const event = await insertEvent(tx, ctx, {
          kind: input.kind,
          occurredOn: on,
          householdId,
          personId: input.personId,
          details: input.kind === "departure" && input.destination ? { destination: input.destination } : {},
        });
        await leave(membership, input.newHeadPersonId, event.id);
        if (input.kind === "death") await recordPersonFact(tx, ctx, input.personId, { deathDate: on });
        result = { eventId: event.id };
        break;
      }
      case "marriage": {
        const membership = await currentMembership(tx, householdId, input.personId);
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
        await leave(membership, input.newHeadPersonId, event.id);
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
        for (const m of input.members) memberships.push(await currentMembership(tx, householdId, m.personId));
        const going = (personId: string) => input.members.some((x) => x.personId === personId);
        const goingPeople = (await openMembersOf(tx, householdId)).filter(({ m }) => going(m.personId));
        const newHead = goingPeople.find(({ m }) =>
          input.members.some((x) => x.personId === m.personId && x.relation === "head"),
        )!;
        assertMayHead(
          newHead,
          goingPeople.filter((g) => g !== newHead),
          on,
        );
        const created = await insertHousehold(tx, ctx, input.address, on, householdId);
        const event = await insertEvent(tx, ctx, {
          kind: "household-split",
          occurredOn: on,
          householdId,
          otherHouseholdId: created!.id,
        });
        const stays = (await openMembersOf(tx, householdId)).filter(({ m }) => !going(m.personId));
        if (stays.length === 0) throw new DomainError("registry.splitTakesEveryone");
        const leavingHead = memberships.find((m) => m.relation === "head");
        if (leavingHead)
          await handOverHead(householdId, leavingHead, input.newHeadPersonId, event.id, (id) => !going(id));
        for (const [i, m] of input.members.entries()) {
          await endMembership(tx, ctx, memberships[i]!.id, on, event.id);
          await addMember(tx, ctx, {
            householdId: created!.id,
            personId: m.personId,
            relation: m.relation,
            fromDate: on,
            eventId: event.id,
          });
        }
        touched.add(created!.id);
        result = { eventId: event.id, householdId: created!.id };
        break;
      }
      case "migration": {
        await currentMembership(tx, householdId, input.personId);
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
      await refreshDerivedFlags(tx, ctx, id, on);
    }
    return result;
  });
}
