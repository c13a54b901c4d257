import { DomainError } from "../shared/errors.js";
import type { Sex } from "./pin.js";

/** A period of household membership, as [fromDate, toDate): null is still a member. */
export interface MembershipPeriod {
  fromDate: string;
  toDate: string | null;
}

/** A period of household membership of one of the records. */
export interface MergeMembership extends MembershipPeriod {
  id: string;
  /** The household's number, to name it in a refusal. */
  household: number;
}

/** One of two records of a person to be merged, with what decides whether they may become one. */
export interface MergeRecord {
  id: string;
  pin: string | null;
  sex: Sex;
  birthDate: string | null;
  memberships: MergeMembership[];
}

/**
 * What the merge does to the memberships. Entered twice in one household (the commonest
 * duplicate), the person keeps one membership spanning both periods and the duplicate's goes.
 * Registered in two households over the same days, where one membership ended (a departure was
 * recorded), the other starts on that day: the recorded move is the better evidence.
 */
export interface MergePlan {
  change: { id: string; fromDate: string; toDate: string | null }[];
  drop: string[];
}

// ISO days compare as strings.
const earlier = (a: string, b: string) => (a < b ? a : b);
const later = (a: string, b: string) => (a > b ? a : b);
/** Two membership periods [fromDate, toDate) share a day. */
export const overlap = (a: MembershipPeriod, b: MembershipPeriod) =>
  (a.toDate === null || b.fromDate < a.toDate) && (b.toDate === null || a.fromDate < b.toDate);

/**
 * Refuses a merge that would drop or contradict a fact: one person has one PIN, one sex, one birth
 * date and one household at a time, now and on every past day. The clerk settles a contradiction on
 * the records first (corrects the wrong birth date, records the departure from one household), then
 * merges; a fact only one record knows is kept.
 */
export function checkMerge(keep: MergeRecord, duplicate: MergeRecord): MergePlan {
  if (keep.id === duplicate.id) throw new DomainError("registry.mergeSamePerson");
  if (keep.pin && duplicate.pin && keep.pin !== duplicate.pin)
    throw new DomainError("registry.mergeDifferentPins");
  if (keep.sex !== duplicate.sex) throw new DomainError("registry.mergeDifferentSexes");
  if (keep.birthDate && duplicate.birthDate && keep.birthDate !== duplicate.birthDate)
    throw new DomainError("registry.mergeDifferentBirthDates", {
      kept: keep.birthDate,
      duplicate: duplicate.birthDate,
    });
  const original = new Map([...keep.memberships, ...duplicate.memberships].map((m) => [m.id, m]));
  const kept = keep.memberships.map((k) => ({ ...k }));
  const drop: string[] = [];
  const joined: MergeMembership[] = [];
  for (const d of duplicate.memberships) {
    const same = kept.filter((k) => k.household === d.household && overlap(k, d));
    // One of the duplicate's periods joining two of the kept record's: too tangled to guess.
    if (same.length > 1) throw overlapping(same[0]!, same[1]!);
    const into = same[0];
    if (!into) {
      joined.push({ ...d });
      continue;
    }
    drop.push(d.id);
    into.fromDate = earlier(d.fromDate, into.fromDate);
    into.toDate = into.toDate === null || d.toDate === null ? null : later(d.toDate, into.toDate);
  }
  // Two periods of one record as it was never clashed; a joined or widened one may clash with any.
  const all = [...kept, ...joined];
  const untouched = (m: MergeMembership) => {
    const was = original.get(m.id)!;
    return !joined.includes(m) && m.fromDate === was.fromDate && m.toDate === was.toDate;
  };
  for (const [i, k] of all.entries())
    for (const d of all.slice(i + 1)) {
      if (!overlap(k, d) || (untouched(k) && untouched(d))) continue;
      if (k.toDate === null && d.toDate === null)
        throw new DomainError("registry.mergeBothMembers", { kept: k.household, duplicate: d.household });
      const [first, next] =
        k.fromDate < d.fromDate || (k.fromDate === d.fromDate && k.toDate !== null) ? [k, d] : [d, k];
      if (first.toDate === null || (next.toDate !== null && next.toDate <= first.toDate))
        throw overlapping(k, d);
      next.fromDate = first.toDate;
    }
  const change = all
    .filter((m) => m.fromDate !== original.get(m.id)!.fromDate || m.toDate !== original.get(m.id)!.toDate)
    .map(({ id, fromDate, toDate }) => ({ id, fromDate, toDate }));
  return { change, drop };
}

const overlapping = (a: MergeMembership, b: MergeMembership) =>
  new DomainError("registry.mergeMembershipsOverlap", {
    kept: a.household,
    duplicate: b.household,
    from: later(a.fromDate, b.fromDate),
  });
