import { sql } from "drizzle-orm";
import { type LocalizedText, pickName } from "../../domain/places/units.js";
import { membershipRepairs, type PersonMembership } from "../../domain/registry/consistency.js";
import { type RequestContext, requireActor } from "../platform/context.js";
import { type Database, rows, type Tx } from "../platform/db.js";
import { organisationToday } from "../platform/local-day.js";
import { withTenant } from "../platform/transactions.js";
import { endFlagsOfDissolved, outlivesDissolution, refreshDerivedFlags } from "./flags.js";
import { bumpHousehold, changeMembership, withRegister } from "./households.js";
import { memberInForceOn } from "./in-force.js";
import { dissolveIfLeftEmpty, endOnDeath } from "./life-events.js";

export const FINDING_KINDS = [
  "member-before-birth",
  "member-after-death",
  "in-two-households",
  "same-day-two-households",
  "empty-household",
  "household-without-head",
  "flag-after-dissolution",
] as const;

/**
 * A contradiction in the register that the register's own rules now refuse, but that records kept
 * before those rules (or an earlier import) can still hold. `day` is the birth day, the death day,
 * the day the later membership began, the day both began, the day the household was left empty or
 * without a head, or the day it was dissolved.
 */
export interface RegisterFinding {
  kind: (typeof FINDING_KINDS)[number];
  personId: string | null;
  personName: string | null;
  householdId: string;
  householdNumber: number;
  otherHouseholdId: string | null;
  otherHouseholdNumber: number | null;
  /** A flag's criterion, named in the user's language. */
  criterionName: string | null;
  day: string;
  /**
   * Whether the repair can mend it; a same-day pair needs the clerk to record which is wrong, a
   * household without a head the clerk to name one.
   */
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
 * or with no head among those who do (the head died with no end written, or left with none named).
 * `lastLeft`: the day the last one went, `headLeft` the day the last head did — the day it was formed
 * if none ever was (a merge may leave one with no membership at all). `among`: of these households only;
 * `dissolvedToo`: dissolved ones as well (a merge asks whether a dissolution's day still holds).
 */
export function householdsAmiss(
  tx: Tx,
  orgId: string,
  today: string,
  among?: string[],
  dissolvedToo = false,
) {
  const gone = sql`least(coalesce(m.to_date, 'infinity'), coalesce(p.death_date, 'infinity'))`;
  return rows<{
    householdId: string;
    householdNumber: number;
    occupied: boolean;
    lastLeft: string;
    headLeft: string;
  }>(
    tx,
    sql`select h.id as "householdId", h.number as "householdNumber",
               coalesce(bool_or(${memberInForceOn(today)}), false) as occupied,
               greatest(h.formed_on, max(${gone}) filter (where m.id is not null))::text as "lastLeft",
               greatest(h.formed_on, max(${gone}) filter (where m.relation = 'head'))::text as "headLeft"
          from household h
          left join household_member m on m.household_id = h.id
          left join person p on p.id = m.person_id
         where h.org_id = ${orgId} ${dissolvedToo ? sql`` : sql`and h.dissolved_on is null`} and h.formed_on <= ${today}
           ${among ? sql`and h.id = any(${sql.param(among)}::uuid[])` : sql``}
         group by h.id
        having not coalesce(bool_or(m.relation = 'head' and ${memberInForceOn(today)}), false)
         order by h.number`,
  );
}

/**
 * Flags of dissolved households still in force after the day the household was dissolved: kept from
 * before a dissolution ended them (endFlagsOfDissolved), they count the household among the vulnerable.
 */
function flagsAfterDissolution(tx: Tx, orgId: string) {
  return rows<{
    householdId: string;
    householdNumber: number;
    dissolvedOn: string;
    code: string;
    criterion: LocalizedText | null;
  }>(
    tx,
    sql`select h.id as "householdId", h.number as "householdNumber", h.dissolved_on::text as "dissolvedOn",
               household_flag.criterion_code as code, c.name as criterion
          from household h
          join household_flag on household_flag.household_id = h.id
          left join vulnerability_criterion c on c.org_id = h.org_id and c.code = household_flag.criterion_code
         where h.org_id = ${orgId} and h.dissolved_on is not null and ${outlivesDissolution(sql`h.dissolved_on`)}
         order by h.number, household_flag.set_on`,
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

/** A finding, with what it does not name left null. */
const finding = (
  found: Pick<RegisterFinding, "kind" | "householdId" | "householdNumber" | "day" | "repairable"> &
    Partial<RegisterFinding>,
): RegisterFinding => ({
  personId: null,
  personName: null,
  otherHouseholdId: null,
  otherHouseholdNumber: null,
  criterionName: null,
  ...found,
});

/** The register's contradictions, for the clerk to see before repairing them. */
export async function checkRegister(database: Database, ctx: RequestContext): Promise<RegisterFinding[]> {
  const actor = requireActor(ctx);
  return withTenant(database, actor, async (tx) => {
    const { memberships, people } = await plan(tx, actor.orgId);
    const findings = (await membershipsBeforeBirth(tx, actor.orgId)).map((m) =>
      finding({
        kind: "member-before-birth",
        personId: m.personId,
        personName: m.personName,
        householdId: m.householdId,
        householdNumber: m.householdNumber,
        day: m.birthDate,
        repairable: m.repairable,
      }),
    );
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
        findings.push(
          finding({
            kind: end.reason === "death" ? "member-after-death" : "in-two-households",
            ...about(m),
            otherHouseholdId: later?.householdId ?? null,
            otherHouseholdNumber: later?.householdNumber ?? null,
            day: end.toDate,
            repairable: true,
          }),
        );
      }
      for (const [first, second] of sameDay) {
        findings.push(
          finding({
            kind: "same-day-two-households",
            ...about(first),
            otherHouseholdId: second.householdId,
            otherHouseholdNumber: second.householdNumber,
            day: first.fromDate,
            repairable: false,
          }),
        );
      }
    }
    for (const h of await householdsAmiss(tx, actor.orgId, organisationToday(ctx)))
      findings.push(
        finding({
          // Emptied, the repair dissolves it; headless, the clerk names the head on its card.
          kind: h.occupied ? "household-without-head" : "empty-household",
          householdId: h.householdId,
          householdNumber: h.householdNumber,
          day: h.occupied ? h.headLeft : h.lastLeft,
          repairable: !h.occupied,
        }),
      );
    for (const f of await flagsAfterDissolution(tx, actor.orgId))
      findings.push(
        finding({
          kind: "flag-after-dissolution",
          householdId: f.householdId,
          householdNumber: f.householdNumber,
          criterionName: f.criterion ? pickName(f.criterion, ctx.locale) : f.code,
          day: f.dissolvedOn,
          repairable: true,
        }),
      );
    return findings;
  });
}

/**
 * Mends what checkRegister finds and can be mended, in one transaction, each change audited as the
 * clerk's: memberships begun before the birth start on the birth day; memberships end on the death
 * day or the day the person joined the other household (tied to the death or the arrival event),
 * then households left with no one are dissolved on the day the last one went. Flags follow, and the
 * flags dissolved households still hold end on the day of the dissolution, as a dissolution ends
 * them. Pairs begun on one day and households without a head are left for the clerk.
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
    for (const h of await householdsAmiss(tx, actor.orgId, today))
      if (h.occupied) left++;
      else if (await dissolveIfLeftEmpty(tx, ctx, h.householdId, h.lastLeft)) {
        touched.add(h.householdId);
        householdsDissolved++;
      }
    // After the dissolutions, which end the flags of the households they dissolve themselves.
    let flagsEnded = 0;
    const dissolvedWithFlags = new Map(
      (await flagsAfterDissolution(tx, actor.orgId)).map((f) => [f.householdId, f.dissolvedOn]),
    );
    for (const [householdId, dissolvedOn] of dissolvedWithFlags)
      flagsEnded += await endFlagsOfDissolved(tx, ctx, householdId, dissolvedOn);
    for (const id of touched) {
      await bumpHousehold(tx, id);
      await refreshDerivedFlags(tx, ctx, id, today);
    }
    return { membershipsStartedAtBirth, membershipsEnded, householdsDissolved, flagsEnded, left };
  });
}
