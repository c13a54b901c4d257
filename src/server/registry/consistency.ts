import { sql } from "drizzle-orm";
import { membershipRepairs, type PersonMembership } from "../../domain/registry/consistency.js";
import { type RequestContext, requireActor } from "../platform/context.js";
import { type Database, rows, type Tx } from "../platform/db.js";
import { organisationToday } from "../platform/local-day.js";
import { withTenant } from "../platform/transactions.js";
import { refreshDerivedFlags } from "./flags.js";
import { bumpHousehold, changeMembership, withRegister } from "./households.js";
import { dissolveIfLeftEmpty, endOnDeath } from "./life-events.js";

export const FINDING_KINDS = [
  "member-before-birth",
  "member-after-death",
  "in-two-households",
  "same-day-two-households",
  "empty-household",
] as const;

/**
 * A contradiction in the register that the register's own rules now refuse, but that records kept
 * before those rules (or an earlier import) can still hold. `day` is the birth day, the death day,
 * the day the later membership began, the day both began, or the day the household was left empty.
 */
export interface RegisterFinding {
  kind: (typeof FINDING_KINDS)[number];
  personId: string | null;
  personName: string | null;
  householdId: string;
  householdNumber: number;
  otherHouseholdId: string | null;
  otherHouseholdNumber: number | null;
  day: string;
  /** Whether the repair can mend it; a same-day pair needs the clerk to record which is wrong. */
  repairable: boolean;
}

interface MembershipRow extends PersonMembership {
  personId: string;
  personName: string;
  householdNumber: number;
  fromEventId: string | null;
  deathDate: string | null;
}

/**
 * Every membership of the people whose memberships contradict each other or their death. Read from
 * the municipality's households (by the household index), not a scan of every municipality's members.
 */
function contradictedMemberships(tx: Tx, orgId: string) {
  return rows<MembershipRow>(
    tx,
    sql`with own as (
          select m.id, m.person_id, m.from_date, m.to_date, p.death_date
            from household h
            join household_member m on m.household_id = h.id
            join person p on p.id = m.person_id
           where h.org_id = ${orgId} and p.merged_into is null),
        suspects as (
          select person_id from own
           where death_date is not null and from_date <= death_date and (to_date is null or to_date > death_date)
          union
          select a.person_id from own a
            join household_member b on b.person_id = a.person_id and b.id <> a.id
           where b.from_date >= a.from_date and (a.to_date is null or a.to_date > b.from_date)
             and (a.to_date is null or a.to_date > a.from_date) and (b.to_date is null or b.to_date > b.from_date))
        select m.id, m.person_id as "personId", m.household_id as "householdId", h.number as "householdNumber",
               m.from_date::text as "fromDate", m.to_date::text as "toDate", m.from_event_id as "fromEventId",
               p.death_date::text as "deathDate",
               concat_ws(' ', p.surname, p.given_name, p.patronymic) as "personName"
          from suspects s
          join household_member m on m.person_id = s.person_id
          join household h on h.id = m.household_id
          join person p on p.id = m.person_id
         order by p.surname, p.given_name, m.from_date`,
  );
}

/**
 * Memberships begun before their member was born: a child listed with the household from the day
 * it was formed (as households were recorded before membershipStart). The repair starts them on the
 * birth day; one that also ended by then is left for the clerk.
 */
function membershipsBeforeBirth(tx: Tx, orgId: string) {
  return rows<{
    id: string;
    personId: string;
    personName: string;
    householdId: string;
    householdNumber: number;
    birthDate: string;
    repairable: boolean;
  }>(
    tx,
    sql`select m.id, m.person_id as "personId", m.household_id as "householdId", h.number as "householdNumber",
               concat_ws(' ', p.surname, p.given_name, p.patronymic) as "personName",
               p.birth_date::text as "birthDate", (m.to_date is null or m.to_date > p.birth_date) as repairable
          from household h
          join household_member m on m.household_id = h.id
          join person p on p.id = m.person_id
         where h.org_id = ${orgId} and p.merged_into is null and m.from_date < p.birth_date
         order by h.number, p.birth_date`,
  );
}

/**
 * Households still open with no one belonging to them from today on (everyone left, moved or died),
 * and the day the last one went — or the day it was formed, if no one ever belonged.
 */
function emptyHouseholds(tx: Tx, orgId: string, today: string) {
  return rows<{ householdId: string; householdNumber: number; since: string }>(
    tx,
    sql`select h.id as "householdId", h.number as "householdNumber",
               greatest(h.formed_on, max(least(coalesce(m.to_date, 'infinity'), coalesce(p.death_date, 'infinity'))))::text as since
          from household h
          left join household_member m on m.household_id = h.id
          left join person p on p.id = m.person_id
         where h.org_id = ${orgId} and h.dissolved_on is null and h.formed_on <= ${today}
         group by h.id
        having not coalesce(bool_or((m.to_date is null or m.to_date > ${today})
                                    and (p.death_date is null or p.death_date > ${today})), false)
         order by h.number`,
  );
}

/** What the register's contradictions are and what the repair would make of each membership. */
async function plan(tx: Tx, orgId: string) {
  const memberships = await contradictedMemberships(tx, orgId);
  const byPerson = new Map<string, MembershipRow[]>();
  for (const m of memberships) byPerson.set(m.personId, [...(byPerson.get(m.personId) ?? []), m]);
  const people = [...byPerson.values()].map((own) => ({
    own,
    ...membershipRepairs(own, own[0]!.deathDate),
  }));
  return { memberships: new Map(memberships.map((m) => [m.id, m])), people };
}

/** The register's contradictions, for the clerk to see before repairing them. */
export async function checkRegister(database: Database, ctx: RequestContext): Promise<RegisterFinding[]> {
  const actor = requireActor(ctx);
  return withTenant(database, actor, async (tx) => {
    const { memberships, people } = await plan(tx, actor.orgId);
    const findings: RegisterFinding[] = (await membershipsBeforeBirth(tx, actor.orgId)).map((m) => ({
      kind: "member-before-birth",
      personId: m.personId,
      personName: m.personName,
      householdId: m.householdId,
      householdNumber: m.householdNumber,
      otherHouseholdId: null,
      otherHouseholdNumber: null,
      day: m.birthDate,
      repairable: m.repairable,
    }));
    const about = (m: MembershipRow) => ({
      personId: m.personId,
      personName: m.personName,
      householdId: m.householdId,
      householdNumber: m.householdNumber,
    });
    for (const { ends, sameDay } of people) {
      for (const end of ends) {
        const m = memberships.get(end.membershipId)!;
        const later = end.laterMembershipId ? memberships.get(end.laterMembershipId)! : null;
        findings.push({
          kind: end.reason === "death" ? "member-after-death" : "in-two-households",
          ...about(m),
          otherHouseholdId: later?.householdId ?? null,
          otherHouseholdNumber: later?.householdNumber ?? null,
          day: end.toDate,
          repairable: true,
        });
      }
      for (const [first, second] of sameDay) {
        findings.push({
          kind: "same-day-two-households",
          ...about(first),
          otherHouseholdId: second.householdId,
          otherHouseholdNumber: second.householdNumber,
          day: first.fromDate,
          repairable: false,
        });
      }
    }
    for (const h of await emptyHouseholds(tx, actor.orgId, organisationToday(ctx)))
      findings.push({
        kind: "empty-household",
        personId: null,
        personName: null,
        householdId: h.householdId,
        householdNumber: h.householdNumber,
        otherHouseholdId: null,
        otherHouseholdNumber: null,
        day: h.since,
        repairable: true,
      });
    return findings;
  });
}

/**
 * Mends what checkRegister finds and can be mended, in one transaction, each change audited as the
 * clerk's: memberships begun before the birth start on the birth day; memberships end on the death
 * day or the day the person joined the other household (tied to the death or the arrival event),
 * then households left with no one are dissolved on the day the last one went. Flags follow. Pairs
 * begun on one day are left for the clerk.
 */
export async function repairRegister(database: Database, ctx: RequestContext) {
  const actor = requireActor(ctx);
  return withRegister(database, ctx, async (tx) => {
    const today = organisationToday(ctx);
    const touched = new Set<string>();
    let membershipsStartedAtBirth = 0;
    for (const m of await membershipsBeforeBirth(tx, actor.orgId))
      if (m.repairable) {
        await changeMembership(tx, ctx, m.id, () => ({ fromDate: m.birthDate }));
        touched.add(m.householdId);
        membershipsStartedAtBirth++;
      }
    const { memberships, people } = await plan(tx, actor.orgId);
    let membershipsEnded = 0;
    let left = 0;
    for (const { ends, sameDay } of people) {
      left += sameDay.length;
      for (const end of ends) {
        const m = memberships.get(end.membershipId)!;
        if (end.reason === "death") await endOnDeath(tx, ctx, m.id, m.personId, end.toDate);
        else
          await changeMembership(tx, ctx, m.id, () => ({
            toDate: end.toDate,
            toEventId: memberships.get(end.laterMembershipId!)!.fromEventId ?? null,
          }));
        touched.add(m.householdId);
        membershipsEnded++;
      }
    }
    let householdsDissolved = 0;
    for (const h of await emptyHouseholds(tx, actor.orgId, today))
      if (await dissolveIfLeftEmpty(tx, ctx, h.householdId, h.since)) {
        touched.add(h.householdId);
        householdsDissolved++;
      }
    for (const id of touched) {
      await bumpHousehold(tx, id);
      await refreshDerivedFlags(tx, ctx, id, today);
    }
    return { membershipsStartedAtBirth, membershipsEnded, householdsDissolved, left };
  });
}
