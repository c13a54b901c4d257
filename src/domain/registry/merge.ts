import { DomainError } from "../shared/errors.js";
import type { Sex } from "./pin.js";

/** A period of household membership, as [fromDate, toDate): null is still a member. */
export interface MembershipPeriod {
  fromDate: string;
  toDate: string | null;
}

/** The day a membership ended: the end written, or the member's death if that came first; null while open. */
export const membershipEnd = (membership: { toDate: string | null }, member: { deathDate: string | null }) =>
  member.deathDate !== null && (membership.toDate === null || member.deathDate < membership.toDate)
    ? member.deathDate
    : membership.toDate;

/** Another member's stay in a household, and their death if the register knows it. */
export interface Housemate extends MembershipPeriod {
  deathDate: string | null;
}

/** A period of household membership of one of the records. */
export interface MergeMembership extends MembershipPeriod {
  id: string;
  /** The household's number, to name it in a refusal. */
  household: number;
  householdId: string;
  /**
   * The record heads the household in this stay, on every day of it: a change of head or of
   * relation ends a stay and opens another on the day (server/registry/life-events.ts, `relate`).
   */
  head?: boolean;
  /** The household's other members' stays: a head's stay is not cut from under them. */
  housemates?: Housemate[];
  /**
   * The events that opened and ended it, where one did (a birth, an arrival, a move, a household's
   * forming; a departure, a death), not only a day written (an imported book's).
   */
  fromEventId?: string | null;
  toEventId?: string | null;
}

/** The events that open and end a stay. */
export interface StayTies {
  fromEventId: string | null;
  toEventId: string | null;
}

/** One of two records of a person to be merged, with what decides whether they may become one. */
export interface MergeRecord {
  id: string;
  pin: string | null;
  sex: Sex;
  birthDate: string | null;
  /** The day the record has the person dead, if it does. */
  deathDate?: string | null;
  memberships: MergeMembership[];
}

/**
 * What the merge does to the memberships. Entered twice in one household (the commonest
 * duplicate), the person keeps one membership from the earlier start to the kept one's end, and
 * the duplicate's goes.
 * Registered in two households over the same days, only one can be true, and the record the clerk
 * keeps is: the duplicate's stay is cut around the kept one's, or dropped where nothing is left.
 */
export interface MergePlan {
  /** The stays' new days, and the events that open and end them where those change too. */
  change: {
    id: string;
    fromDate: string;
    toDate: string | null;
    fromEventId?: string | null;
    toEventId?: string | null;
    /** It is the head's stay now (see byHeadship). */
    head?: true;
  }[];
  /**
   * Stays to add: the days of a joined stay past its first piece, where the duplicate headed the
   * household and the kept record had the person under another relation (see byHeadship); `like`
   * names the kept stay whose household and relation they take.
   */
  add?: (Piece & { like: string })[];
  drop: string[];
  /** Of `drop`, the duplicate's stays joined into the kept record's stay in the same household. */
  joined: string[];
}

/** A part of a joined stay, the head's or not, and the events that open and end it. */
export interface Piece extends MembershipPeriod, StayTies {
  head: boolean;
}

/** What a merge does to one of the duplicate's stays in a household. */
export interface MergedStay {
  householdId: string;
  household: number;
  fromDate: string;
  toDate: string | null;
  /** Kept as it was; joined with the kept record's stay there; cut to `becomes`; dropped as registered by mistake. */
  outcome: "kept" | "joined" | "cut" | "dropped";
  becomes: { fromDate: string; toDate: string | null } | null;
}

/**
 * What a merge does to households: the duplicate's stays, the households left with no one, closed,
 * and the duplicate's events there it voids.
 */
export interface MergeEffect {
  stays: MergedStay[];
  closed: { householdId: string; household: number; on: string }[];
  /** The duplicate's events voided with the stays dropped (see eventsVoided), in the order they happened. */
  voided: {
    householdId: string;
    household: number;
    kind: (typeof VOIDED_WITH_THEIR_STAYS)[number];
    occurredOn: string;
  }[];
}

/** An event that opened or ended a stay, or null where none did. */
const tie = (eventId: string | null | undefined) => eventId ?? null;
// ISO days compare as strings.
const earlier = (a: string, b: string) => (a < b ? a : b);
const later = (a: string, b: string) => (a > b ? a : b);
/** Two membership periods [fromDate, toDate) share a day. */
export const overlap = (a: MembershipPeriod, b: MembershipPeriod) =>
  (a.toDate === null || b.fromDate < a.toDate) && (b.toDate === null || a.fromDate < b.toDate);

/**
 * A housemate there on some day of the period: their stay ends at their death too, written or not
 * (one recorded dead with no end is no one the household needs a head for after that day).
 */
function present(housemate: Housemate, period: MembershipPeriod): boolean {
  const toDate = membershipEnd(housemate, housemate);
  // A stay of no days (ended, or its member dead, by the day it began) has no one there.
  if (toDate !== null && toDate <= housemate.fromDate) return false;
  return overlap({ fromDate: housemate.fromDate, toDate }, period);
}

/** Stays by their first day, then by id: the order the merge works them through. */
const inOrder = (stays: readonly MergeMembership[]) =>
  [...stays].sort((a, b) =>
    a.fromDate !== b.fromDate ? (a.fromDate < b.fromDate ? -1 : 1) : a.id < b.id ? -1 : a.id > b.id ? 1 : 0,
  );

/** The first day on which a stay the merge changed differs from what it was; null if none does. */
export function firstDayChanged(before: MembershipPeriod, after: MembershipPeriod): string | null {
  const days = [
    ...(before.fromDate === after.fromDate ? [] : [before.fromDate, after.fromDate]),
    ...(before.toDate === after.toDate ? [] : [before.toDate, after.toDate]),
  ].filter((d) => d !== null);
  return days.length > 0 ? days.reduce(earlier) : null;
}

/** The days of a period that another does not cover: none, one period, or two around it. */
function without(p: MembershipPeriod, other: MembershipPeriod): MembershipPeriod[] {
  if (!overlap(p, other)) return [p];
  const left: MembershipPeriod[] = [];
  if (p.fromDate < other.fromDate) left.push({ fromDate: p.fromDate, toDate: other.fromDate });
  if (other.toDate !== null && (p.toDate === null || other.toDate < p.toDate))
    left.push({ fromDate: other.toDate, toDate: p.toDate });
  return left;
}

/**
 * Refuses a merge that would drop or contradict a fact: one person has one PIN, one sex, one birth
 * date and one household at a time, now and on every past day. The clerk settles a contradiction on
 * the records first (corrects the wrong birth date), then merges; a fact only one record knows is
 * kept. The kept record's stays in other households stand as they are: a merge never rewrites the
 * history the clerk chose to keep.
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
  // Two deaths on different days: the kept record would die on its own day, and the duplicate's
  // death event, moved to it, on another. Which is true is the clerk's to say, as for birth dates.
  if (keep.deathDate && duplicate.deathDate && keep.deathDate !== duplicate.deathDate)
    throw new DomainError("registry.mergeDifferentDeathDates", {
      kept: keep.deathDate,
      duplicate: duplicate.deathDate,
    });
  // Worked through in the order of the stays, not as given: which stay a joined one reaches first,
  // and which kept stay a refusal names, must not depend on the order the rows were read in.
  const given = inOrder(keep.memberships);
  const kept = given.map((k) => ({ ...k }));
  const drop: string[] = [];
  const joined: string[] = [];
  const elsewhere: MergeMembership[] = [];
  const joining = new Map<MergeMembership, MergeMembership[]>();
  for (const d of inOrder(duplicate.memberships)) {
    const same = kept.filter((k) => k.household === d.household && overlap(k, d));
    // One of the duplicate's periods joining two of the kept record's: too tangled to guess.
    if (same.length > 1) throw overlapping(same[0]!, same[1]!);
    const into = same[0];
    if (!into) {
      elsewhere.push(d);
      continue;
    }
    drop.push(d.id);
    joined.push(d.id);
    joining.set(into, [...(joining.get(into) ?? []), d]);
  }
  for (const [into, ds] of joining) {
    joinStart(into, ds[0]!);
    joinEnd(into, ds.at(-1)!, { kept: keep.deathDate ?? null, duplicate: duplicate.deathDate ?? null });
  }
  const change = kept.flatMap(({ id, fromDate, toDate, fromEventId, toEventId }, i) => {
    const was = given[i]!;
    const ties = {
      ...(tie(fromEventId) === tie(was.fromEventId) ? {} : { fromEventId: tie(fromEventId) }),
      ...(tie(toEventId) === tie(was.toEventId) ? {} : { toEventId: tie(toEventId) }),
    };
    const same = fromDate === was.fromDate && toDate === was.toDate && Object.keys(ties).length === 0;
    return same ? [] : [{ id, fromDate, toDate, ...ties }];
  });
  // Joined, a stay may reach days the kept record has the person in another household.
  for (const c of change) {
    const other = kept.find((k) => k.id !== c.id && overlap(k, c));
    if (other) throw overlapping(kept.find((k) => k.id === c.id)!, other);
  }
  for (const d of elsewhere) {
    let left: MembershipPeriod[] = [d];
    for (const k of kept) {
      const pieces = left.flatMap((p) => without(p, k));
      // A kept stay in the middle of the duplicate's would split it in two: the clerk decides.
      if (pieces.length > 1) throw overlapping(k, d);
      left = pieces;
    }
    const rest = left[0];
    if (rest && rest.fromDate === d.fromDate && rest.toDate === d.toDate) continue;
    const lost = rest ? without(d, rest) : [d];
    if (d.head && d.housemates?.some((h) => lost.some((l) => present(h, l))))
      throw new DomainError("registry.mergeTakesHead", {
        household: d.household,
        householdId: d.householdId,
      });
    // A cut end or start is where the kept record has the person elsewhere: no event of its own.
    if (rest)
      change.push({
        id: d.id,
        ...rest,
        ...(rest.fromDate !== d.fromDate && d.fromEventId ? { fromEventId: null } : {}),
        ...(rest.toDate !== d.toDate && d.toEventId ? { toEventId: null } : {}),
      });
    else drop.push(d.id);
  }
  assertDiesOnce(keep, duplicate, kept, { change, drop, joined });
  const add: NonNullable<MergePlan["add"]> = [];
  for (const [into, ds] of joining) {
    const [first, ...rest] = byHeadship(into, ds);
    if (!first) continue;
    const { fromDate, toDate, fromEventId, toEventId } = first;
    const becomes = {
      id: into.id,
      fromDate,
      toDate,
      fromEventId,
      toEventId,
      ...(first.head ? { head: true as const } : {}),
    };
    const at = change.findIndex((c) => c.id === into.id);
    if (at >= 0) change[at] = becomes;
    else change.push(becomes);
    add.push(...rest.map((p) => ({ like: into.id, ...p })));
  }
  return { change, drop, joined, ...(add.length > 0 ? { add } : {}) };
}

/**
 * A joined stay in pieces by the headship, where the duplicate headed the household on some of its
 * days and the kept record has the person there under another relation: on those days the person
 * is the head, as the register splits a stay where the head changes (`relate`), the pieces opened
 * and ended by the events that made the duplicate head and ended that (a head change, its death).
 * Joined under the kept record's relation alone, the household would have no head those days.
 * None where the kept stay is the head's, or the duplicate headed none of those days.
 */
function byHeadship(into: MergeMembership, ds: readonly MergeMembership[]): Piece[] {
  const headed = ds.filter((d) => d.head && overlap(d, into));
  if (into.head || headed.length === 0) return [];
  // A head change ties two pieces; an arrival as head, or a departure, where the kept record has
  // the person there all along, ties none: it is voided, or refuses the merge (see eventsVoided).
  const changedThere = (day: string | null, eventId: string | null | undefined) =>
    ds.some((x) => x.toDate === day) && ds.some((x) => x.fromDate === day) ? tie(eventId) : null;
  const pieces: Piece[] = [];
  let from: string | null = into.fromDate;
  let fromEventId = tie(into.fromEventId);
  for (const d of headed) {
    if (from === null) break;
    if (d.fromDate > from) {
      const turned = changedThere(d.fromDate, d.fromEventId);
      pieces.push({ fromDate: from, toDate: d.fromDate, head: false, fromEventId, toEventId: turned });
      [from, fromEventId] = [d.fromDate, turned];
    }
    const endsThere = d.toDate === null || (into.toDate !== null && d.toDate >= into.toDate);
    const toDate = endsThere ? into.toDate : d.toDate;
    const toEventId = endsThere ? tie(into.toEventId) : changedThere(d.toDate, d.toEventId);
    pieces.push({ fromDate: from, toDate, head: true, fromEventId, toEventId });
    [from, fromEventId] = [toDate, toEventId];
  }
  if (from !== null && from !== into.toDate)
    pieces.push({
      fromDate: from,
      toDate: into.toDate,
      head: false,
      fromEventId,
      toEventId: tie(into.toEventId),
    });
  return pieces;
}

/**
 * Where a joined stay starts: at the duplicate's earlier start, with the event that opened it,
 * unless the kept record came into the household on its day by an event of its own (an arrival, a
 * birth): the duplicate's days before it are then an arrival misdated on it, cut, or, begun by an
 * event of its own too (its arrival, the household's forming with it), a contradiction the clerk
 * settles first (`registry.mergeDifferentStarts`). A later start of the duplicate's is its arrival
 * where the kept record was already, the event that made the duplicate: voided (see eventsVoided).
 */
function joinStart(into: MergeMembership, d: MergeMembership) {
  if (d.fromDate > into.fromDate || (d.fromDate === into.fromDate && into.fromEventId)) return;
  if (d.fromDate === into.fromDate || !into.fromEventId) {
    into.fromDate = d.fromDate;
    into.fromEventId = d.fromEventId ?? null;
    return;
  }
  if (d.fromEventId)
    throw new DomainError("registry.mergeDifferentStarts", {
      kept: into.fromDate,
      duplicate: d.fromDate,
      household: d.household,
      householdId: d.householdId,
    });
}

/**
 * Where a joined stay ends: where the kept one does, on the kept record's departure, death or move,
 * or not yet. The duplicate's days there past that end are a departure not recorded on it; a later
 * end it has by an event of its own (a departure, a move) or its death contradicts the kept
 * record's, and which day is true the clerk decides first (`registry.mergeDifferentEnds`). Its
 * earlier end, on days the kept record has the person there still, is voided with the other events
 * that tell of days the kept record has otherwise (see eventsVoided): a merge never shortens a kept
 * stay. Its death is not voided: the kept record, silent on it, takes it, and the open stay ends
 * there; a death before the kept record's own end contradicts it (`registry.mergeDiedAndLives`).
 * On the kept record's own day, its event is a second record of the kept one's, voided too, unless
 * the kept end was written with none: the stay then ends by it.
 */
function joinEnd(
  into: MergeMembership,
  d: MergeMembership,
  died: { kept: string | null; duplicate: string | null },
) {
  const keptEnds = membershipEnd(into, { deathDate: died.kept });
  const ends = membershipEnd(d, { deathDate: died.duplicate });
  if (ends === null || !(d.toEventId || ends === died.duplicate)) return;
  if (ends === keptEnds) {
    if (!into.toEventId && d.toDate === into.toDate) into.toEventId = d.toEventId ?? null;
  } else if (keptEnds !== null && ends > keptEnds)
    throw new DomainError("registry.mergeDifferentEnds", {
      kept: keptEnds,
      duplicate: ends,
      household: d.household,
      householdId: d.householdId,
    });
  else if (ends === died.duplicate) {
    // Dead on a day the kept record has the person there, and ending it: the person's death.
    if (keptEnds !== null) throw diedAndLives(ends, into);
    if (d.toDate !== null) Object.assign(into, { toDate: d.toDate, toEventId: d.toEventId ?? null });
  }
}

/**
 * The events that open and end each of the duplicate's stays once merged: those of the stay its
 * days are then in (itself, kept or cut; the kept record's stay it joined), or none, dropped as
 * registered by mistake.
 */
export function tiesAfter(keep: MergeRecord, duplicate: MergeRecord, plan: MergePlan) {
  const ties = (s: MergeMembership): StayTies => {
    const c = plan.change.find((c) => c.id === s.id);
    return {
      fromEventId: c?.fromEventId !== undefined ? c.fromEventId : (s.fromEventId ?? null),
      toEventId: c?.toEventId !== undefined ? c.toEventId : (s.toEventId ?? null),
    };
  };
  return new Map(
    duplicate.memberships.map((d): [string, StayTies | null] => {
      if (!plan.drop.includes(d.id)) return [d.id, ties(d)];
      if (!plan.joined.includes(d.id)) return [d.id, null];
      const into = keep.memberships.find((k) => k.household === d.household && overlap(k, d));
      if (!into) return [d.id, null];
      // Of the joined stay's pieces, the one that starts on its first day and the one that ends on its last.
      const first = plan.change.find((c) => c.id === into.id) ?? into;
      const pieces = [{ ...first, ...ties(into) }, ...(plan.add ?? []).filter((p) => p.like === into.id)];
      return [
        d.id,
        {
          fromEventId: pieces.find((p) => p.fromDate === d.fromDate)?.fromEventId ?? null,
          toEventId: pieces.find((p) => p.toDate === d.toDate)?.toEventId ?? null,
        },
      ];
    }),
  );
}

/**
 * Refuses two records of which one has the person dead and the other living on: the duplicate's
 * death in a stay the merge drops or cuts short of it (the kept record has the person elsewhere on
 * the eve of the death), or either record's stay beginning after the other's death. Which is true
 * the clerk decides (annuls the death registered by mistake, or corrects the other record) before
 * merging. A death that ends a stay the merge keeps, or joins with the kept record's, is the
 * person's: the kept record, silent on it, takes it.
 */
function assertDiesOnce(keep: MergeRecord, duplicate: MergeRecord, kept: MergeMembership[], plan: MergePlan) {
  const died = duplicate.deathDate ?? null;
  if (died !== null && keep.deathDate == null) {
    const endedByDeath = duplicate.memberships.filter(
      (d) => d.fromDate < died && membershipEnd(d, { deathDate: died }) === died,
    );
    for (const d of endedByDeath) {
      const cut = plan.change.find((c) => c.id === d.id);
      const lost =
        (plan.drop.includes(d.id) && !plan.joined.includes(d.id)) ||
        (cut !== undefined && cut.toDate !== null && cut.toDate < died);
      // On the eve of the death the kept record has the person in a household of its own.
      const there = kept.find((k) => k.fromDate < died && (k.toDate === null || k.toDate >= died));
      if (lost) throw diedAndLives(died, there ?? d);
    }
    const after = kept.find((k) => k.fromDate > died);
    if (after) throw diedAndLives(died, after);
  }
  const keptDied = keep.deathDate ?? null;
  if (keptDied !== null) {
    const after = duplicate.memberships
      .filter((d) => !plan.drop.includes(d.id))
      .map((d) => ({ ...d, ...plan.change.find((c) => c.id === d.id) }))
      .find((d) => d.fromDate > keptDied);
    if (after) throw diedAndLives(keptDied, after);
  }
}

const diedAndLives = (died: string, living: MergeMembership) =>
  new DomainError("registry.mergeDiedAndLives", {
    died,
    household: living.household,
    householdId: living.householdId,
  });

/**
 * The kinds of the duplicate's own events that say only where it belonged: which household it was
 * born into, came to, left, married out of or into, and as whom. A death, a labour migration, a head
 * change (others' relations change with it) say more, and move to the kept record whatever the stays.
 */
export const VOIDED_WITH_THEIR_STAYS = [
  "birth",
  "arrival",
  "departure",
  "marriage",
  "relation-correction",
] as const;

/**
 * The duplicate's events a merge voids: those of a kind above that opened or ended stays of the
 * duplicate's and no longer do (see tiesAfter), and did nothing else but end the duplicate's own
 * stays elsewhere. Such an event tells of days in a household the person never lived in, or of a
 * coming or going the kept record has otherwise: an arrival into a household the merge drops as
 * registered by mistake, or into one where the kept record was already (the event that made the
 * duplicate); a departure from days the merge cuts away (the kept record has the person elsewhere
 * by then); a second record of the kept record's own birth, arrival or departure there on its
 * day. Also a move there out of a
 * household the duplicate did live in (its arrival in No. 58 that ended its stay with its parents),
 * which never happened either: the stay it ended is left to end where the kept record has the
 * person (the merge cuts it there, or joins it with the kept record's stay in the same household).
 * One that opened a stay that stands (a move out of No. 58 into the parents' household) is partly
 * true and moves to the kept record.
 *
 * Such a move that also changed others' stays (the duplicate headed the household it left, and
 * another, perhaps the kept record, heads it since) refuses the merge: voided alone, it would leave
 * the handover standing on an event that never happened; undone with it, the household would be
 * headless from that day wherever the person left it anyway (the kept record elsewhere), and what
 * was recorded since on the new head's word would stand on nothing. The clerk annuls the move
 * first, which hands the headship back with the annulment's own checks, then settles the head.
 */
export function eventsVoided(
  events: readonly { id: string; kind: string; occurredOn: string }[],
  /** Every membership (of anyone) each event opened or ended, which, and its household. */
  touched: readonly {
    eventId: string;
    membershipId: string;
    ended: boolean;
    householdId: string;
    household: number;
  }[],
  stays: {
    /** All the duplicate's stays. */
    own: ReadonlySet<string>;
    /** The events that open and end each of them once merged (tiesAfter). */
    after: ReadonlyMap<string, StayTies | null>;
  },
): string[] {
  return events
    .filter((e) => (VOIDED_WITH_THEIR_STAYS as readonly string[]).includes(e.kind))
    .filter((e) => {
      const its = touched.filter((t) => t.eventId === e.id);
      const own = its.filter((t) => stays.own.has(t.membershipId));
      const stands = (t: (typeof own)[number]) => {
        const after = stays.after.get(t.membershipId);
        return after != null && (t.ended ? after.toEventId : after.fromEventId) === e.id;
      };
      const into = own.find((t) => !stands(t));
      if (!into || !own.every((t) => !stands(t) || t.ended)) return false;
      const handedOver = its.find((t) => !stays.own.has(t.membershipId));
      // A departure (as head, where the kept record has the person there still) opened no stay of its own.
      const leaving = own.every((t) => t.ended);
      if (handedOver)
        throw new DomainError(
          leaving ? "registry.mergeVoidsHeadHandoverLeaving" : "registry.mergeVoidsHeadHandover",
          {
            on: e.occurredOn,
            into: into.household,
            household: handedOver.household,
            householdId: handedOver.householdId,
          },
        );
      return true;
    })
    .map((e) => e.id);
}

const overlapping = (a: MergeMembership, b: MergeMembership) =>
  new DomainError("registry.mergeMembershipsOverlap", {
    kept: a.household,
    duplicate: b.household,
    from: later(a.fromDate, b.fromDate),
    // The duplicate's household, whose periods the clerk would correct.
    household: b.household,
    householdId: b.householdId,
  });
