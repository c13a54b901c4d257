import { type SQL, sql } from "drizzle-orm";
import { DomainError } from "../../domain/shared/errors.js";

/**
 * A member of a household in force on a day: joined by then, not yet left, and alive. Every list,
 * count, card and vulnerability rule of the register reads membership this one way. (A death ends
 * the membership too; the death date is read as well, so no record that carries one is counted.)
 */
export const isMemberOn = (
  membership: { fromDate: string; toDate: string | null },
  member: { deathDate: string | null },
  day: string,
) =>
  membership.fromDate <= day &&
  (membership.toDate === null || membership.toDate > day) &&
  isAliveOn(member, day);

/** Alive on the day: a death ends every membership on its day, whether or not an end was written. */
export const isAliveOn = (member: { deathDate: string | null }, day: string) =>
  member.deathDate === null || member.deathDate > day;

/**
 * The first day of a member's unbroken stay in the household: a change of head, a relation
 * corrected or a head's death closes the membership row and opens the next on the same day, so the
 * rows of one person that follow each other without a gap read as one stay. A member who left and
 * came back later starts again on the return. `rows`: the household's membership rows.
 */
export function memberSince(
  membership: { personId: string; fromDate: string },
  rows: readonly { personId: string; fromDate: string; toDate: string | null }[],
): string {
  let since = membership.fromDate;
  for (;;) {
    const before = rows.find(
      (r) => r.personId === membership.personId && r.toDate === since && r.fromDate < since,
    );
    if (!before) return since;
    since = before.fromDate;
  }
}

const aliveOn = (day: string, member: string): SQL =>
  sql`(${sql.identifier(member)}.death_date is null or ${sql.identifier(member)}.death_date > ${day})`;

/** The same in SQL, over a `household_member` and a `person` row named as the query names them. */
export const memberInForceOn = (day: string, membership = "m", member = "p"): SQL => {
  const m = sql.identifier(membership);
  return sql`(${m}.from_date <= ${day} and (${m}.to_date is null or ${m}.to_date > ${day})
    and ${aliveOn(day, member)})`;
};

/**
 * A member of a household in force on some day from `from` to `to`: joined by `to`, not left nor
 * dead before `from`. A household read over days gone by (the flags it held since) reads these.
 */
export const memberInForceDuring = (from: string, to: string, membership = "m", member = "p"): SQL => {
  const m = sql.identifier(membership);
  return sql`(${m}.from_date <= ${to} and (${m}.to_date is null or ${m}.to_date > ${from})
    and ${aliveOn(from, member)})`;
};

/**
 * A membership a life event on the day may change: no end written, and its member alive then (a
 * record that carries a death but no end is over). Unlike `memberInForceOn` it does not ask that the
 * membership began by the day: an event dated before a membership began still finds it, and is
 * refused for its date, rather than leaving the person in two households.
 */
export const membershipOpenOn = (day: string, membership = "m", member = "p"): SQL =>
  sql`(${sql.identifier(membership)}.to_date is null and ${aliveOn(day, member)})`;

/**
 * A person whom a municipality's book counts on the day: not merged, and a member of a household
 * in force then (a death ends the membership too). `member` names the query's person row.
 */
export const personCountedOn = (day: string, member = "p"): SQL =>
  sql`${sql.identifier(member)}.merged_into is null and exists (
    select from household_member counted where counted.person_id = ${sql.identifier(member)}.id
      and ${memberInForceOn(day, "counted", member)})`;

/**
 * `left join lateral … hh`: the household a query's person `p` is a member of on the day (the lowest
 * number if two), as `hh.id` and `hh.number`; nulls when none.
 */
export const householdOn = (day: string): SQL =>
  sql`left join lateral (
    select h.id, h.number from household_member m join household h on h.id = m.household_id
      where m.person_id = p.id and ${memberInForceOn(day)}
      order by h.number limit 1
  ) hh on true`;

/**
 * A household's flag in force on a day: set by then and not yet cleared (the clearing day ends
 * it; a clearing day ahead, a benefit granted until then, leaves it in force till that day). The
 * card, the lists, the filters, the counts and the water providers all read flags this one way.
 */
export const isFlagOn = (flag: { setOn: string; clearedOn: string | null }, day: string) =>
  flag.setOn <= day && (flag.clearedOn === null || flag.clearedOn > day);

/** The same in SQL, over a `household_flag` row named as the query names it. */
export const flagInForceOn = (day: string, flag = "f"): SQL => {
  const f = sql.identifier(flag);
  return sql`(${f}.set_on <= ${day} and (${f}.cleared_on is null or ${f}.cleared_on > ${day}))`;
};

/** Whether household `household` (as the query names it) holds a flag of `code` in force on the day. */
export const hasFlagOn = (code: string, day: string, household = "h"): SQL =>
  sql`exists (select 1 from household_flag f where f.household_id = ${sql.identifier(household)}.id
    and f.criterion_code = ${code} and ${flagInForceOn(day)})`;

/**
 * What happens to a household is recorded only while it exists: not on or after the day it was
 * dissolved. Without a day (a plot taken, a livestock count), not at all once it is dissolved.
 */
export function assertInForce(row: { dissolvedOn: string | null }, on?: string) {
  if (row.dissolvedOn !== null && (on === undefined || on >= row.dissolvedOn))
    throw new DomainError("registry.householdDissolved", { dissolvedOn: row.dissolvedOn });
}
