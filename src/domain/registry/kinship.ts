import type { FieldIssue } from "../shared/errors.js";
import type { Relation } from "./vocabulary.js";
import { ageOn } from "./vulnerability.js";

/**
 * The fewest years between two generations that the register takes without a word: a parent
 * younger than this at a child's birth is a date typed wrongly far more often than a fact.
 */
export const MIN_GENERATION_GAP_YEARS = 12;
/** The same for two generations (a grandparent at a grandchild's birth). */
export const MIN_TWO_GENERATIONS_GAP_YEARS = 25;
/** Below this age no one is anyone's spouse, in the book's sense (the law says 18, see marriage). */
export const MIN_SPOUSE_AGE_YEARS = 16;

/**
 * The relations whose word says a generation lies between the member and the head: who is the
 * elder of the two, and by at least how many years.
 */
const GENERATIONS: Partial<Record<Relation, { elder: "head" | "member"; minYears: number }>> = {
  father: { elder: "member", minYears: MIN_GENERATION_GAP_YEARS },
  mother: { elder: "member", minYears: MIN_GENERATION_GAP_YEARS },
  grandparent: { elder: "member", minYears: MIN_TWO_GENERATIONS_GAP_YEARS },
  son: { elder: "head", minYears: MIN_GENERATION_GAP_YEARS },
  daughter: { elder: "head", minYears: MIN_GENERATION_GAP_YEARS },
  grandchild: { elder: "head", minYears: MIN_TWO_GENERATIONS_GAP_YEARS },
};

/** Relations of someone married: the head's spouse, a child's (son-in-law, daughter-in-law). */
const MARRIED: readonly string[] = ["spouse", "son-in-law", "daughter-in-law"] satisfies Relation[];

/**
 * What makes a member's relation to the head hard to believe, from the two birth dates and the
 * day the member took that relation (`on`): a child born before the head or when the head was a
 * child, a parent born after the head or who was a child at the head's birth, the same for two
 * generations, a spouse under 16 on that day. These are warnings, not refusals: the clerk may have
 * the facts right (an adopted child, a step-parent), so they are shown before saving and the record
 * is kept as entered. An unknown birth date says nothing. Issues are at the member's birth date.
 */
export function kinshipWarnings(
  member: { relation: string; birthDate: string | null },
  head: { birthDate: string | null } | null | undefined,
  on: string,
): FieldIssue[] {
  const path = ["birthDate"];
  const { birthDate } = member;
  if (!birthDate) return [];
  if (MARRIED.includes(member.relation)) {
    const age = ageOn(birthDate, on);
    return age < MIN_SPOUSE_AGE_YEARS
      ? [{ path, code: "kinSpouseUnderAge", params: { age: Math.max(age, 0), minAge: MIN_SPOUSE_AGE_YEARS } }]
      : [];
  }
  const generation = GENERATIONS[member.relation as Relation];
  if (!generation || !head?.birthDate) return [];
  const memberIsElder = generation.elder === "member";
  const [elder, younger] = memberIsElder ? [birthDate, head.birthDate] : [head.birthDate, birthDate];
  if (younger < elder) return [{ path, code: memberIsElder ? "kinBornAfterHead" : "kinBornBeforeHead" }];
  const years = ageOn(elder, younger);
  if (years >= generation.minYears) return [];
  return [
    {
      path,
      code: memberIsElder ? "kinYoungAtHeadsBirth" : "kinHeadYoungAtBirth",
      params: { age: years, minAge: generation.minYears },
    },
  ];
}

/**
 * kinshipWarnings for every member of a household but its head, with each member's index: the
 * book's import and a form of several members check them all at once. `on` is the day each took
 * its relation.
 */
export function householdKinshipWarnings(
  members: readonly { relation: string; birthDate: string | null; on: string }[],
): { index: number; issue: FieldIssue }[] {
  const head = members.find((m) => m.relation === "head");
  return members.flatMap((member, index) =>
    member === head ? [] : kinshipWarnings(member, head, member.on).map((issue) => ({ index, issue })),
  );
}
