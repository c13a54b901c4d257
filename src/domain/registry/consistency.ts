import { type MembershipPeriod, overlap } from "./merge.js";

/** One of a person's household memberships, as the register holds it. */
export interface PersonMembership extends MembershipPeriod {
  id: string;
  householdId: string;
}

/** A membership the register should have ended, and the day it ends on. */
export interface MembershipEnd {
  membershipId: string;
  toDate: string;
  /** `death`: it outlived its member; `moved`: the person joined another household that day. */
  reason: "death" | "moved";
  /** For `moved`: the membership that began on `toDate`. */
  laterMembershipId?: string;
}

export interface MembershipRepairs<M extends PersonMembership = PersonMembership> {
  ends: MembershipEnd[];
  /** Memberships of two households begun on one day, as given: which is wrong only the clerk can tell. */
  sameDay: [M, M][];
}

/**
 * How to mend one person's memberships that contradict each other: records kept before the
 * register refused them (or brought in by hand) can leave a person a member after death, or of two
 * households over the same days. A membership running past the death ends on the death day; of two
 * that overlap, the earlier-begun ends on the day the later began — a move whose departure was not
 * recorded. Begun the same day, nothing tells which stands, so the pair is reported, not changed.
 * Only ever shortens a period; never ends one before it began.
 */
export function membershipRepairs<M extends PersonMembership>(
  memberships: readonly M[],
  deathDate: string | null,
): MembershipRepairs<M> {
  // Each span is worked on as a copy beside the membership it came from, handed back as given.
  const spans = memberships
    .map((given) => ({ id: given.id, fromDate: given.fromDate, toDate: given.toDate, given }))
    .sort((a, b) => (a.fromDate < b.fromDate ? -1 : a.fromDate > b.fromDate ? 1 : a.id < b.id ? -1 : 1));
  const ends = new Map<string, MembershipEnd>();
  if (deathDate !== null)
    for (const m of spans)
      if (m.fromDate <= deathDate && (m.toDate === null || m.toDate > deathDate)) {
        m.toDate = deathDate;
        ends.set(m.id, { membershipId: m.id, toDate: deathDate, reason: "death" });
      }
  const sameDay: [M, M][] = [];
  for (let i = 0; i < spans.length; i++)
    for (let j = i + 1; j < spans.length; j++) {
      const earlier = spans[i]!;
      const later = spans[j]!;
      // An empty period (ended the day it began) holds no day to contradict.
      if (earlier.toDate === earlier.fromDate || later.toDate === later.fromDate) continue;
      if (!overlap(earlier, later)) continue;
      if (earlier.fromDate === later.fromDate) {
        sameDay.push([earlier.given, later.given]);
        continue;
      }
      earlier.toDate = later.fromDate;
      ends.set(earlier.id, {
        membershipId: earlier.id,
        toDate: later.fromDate,
        reason: "moved",
        laterMembershipId: later.id,
      });
    }
  return { ends: [...ends.values()], sameDay };
}
