import { dayAheadIssues } from "../shared/day-ahead.js";
import { DomainError } from "../shared/errors.js";
import { MIN_SPOUSE_AGE_YEARS } from "./kinship.js";
import type { LifeEventKind, Relation } from "./vocabulary.js";
import { ageOn } from "./vulnerability.js";

/** From 16 a person gets an ID card and may answer for a household before the municipality. */
export const MIN_HEAD_AGE_YEARS = 16;

/**
 * The register records what happened, never what is planned: a day after the organisation's own
 * today (an event, a plot's dates, a livestock count) is refused.
 */
export function assertNotAfterToday(day: string, today: string) {
  if (day > today) throw new DomainError("registry.dateInFuture", { date: day, today });
}

/**
 * The day a birth happened: the child's birth date when the clerk gave one (or the PIN tells it),
 * else the event's date. A clerk registering a birth weeks late types the birth date from the
 * certificate and leaves the form's date at today; the person keeps the birth date and the birth is
 * recorded on it, rather than refusing a date the clerk never meant as the birth's.
 */
export function birthDay(birthDate: string | null, occurredOn: string): string {
  return birthDate ?? occurredOn;
}

/**
 * A birth is recorded on the child's birth date, so an event date given beside a different birth
 * date is refused rather than silently moved: one of the two was typed wrongly, and only the clerk
 * knows which. (The page sends the birth date as the event's date.)
 */
export function assertBirthOnBirthDate(birthDate: string | null | undefined, occurredOn: string) {
  if (birthDate && birthDate !== occurredOn)
    throw new DomainError("registry.birthNotOnBirthDate", { birthDate, occurredOn }, [
      { path: ["occurredOn"], code: "birthNotOnBirthDate", params: { birthDate } },
    ]);
}

/**
 * A labour migration begins on its event's day: a `since` given beside it must be that day, and
 * never one not come yet, rather than be replaced by the event's date unsaid.
 */
export function assertMigrationSince(since: string | undefined, occurredOn: string, today: string) {
  if (since === undefined) return;
  const path = ["migration", "since"];
  const ahead = dayAheadIssues(path, since, today);
  if (ahead.length > 0) throw new DomainError("registry.dateInFuture", { date: since, today }, ahead);
  if (since !== occurredOn)
    throw new DomainError("registry.migrationSinceNotEventDay", { since, occurredOn }, [
      { path, code: "migrationSinceNotEventDay", params: { occurredOn } },
    ]);
}

/**
 * The day a person formed into a household (or brought in with its book) becomes its member: the
 * day it was formed, or a child born later, on the day of the birth.
 */
export function membershipStart(formedOn: string, birthDate: string | null): string {
  return birthDate !== null && birthDate > formedOn ? birthDate : formedOn;
}

/**
 * A membership ends no earlier than it began; when it began with the member's birth, the refusal
 * says that day is the birth day, the likelier mistake being a date typed wrongly.
 */
export function assertNotBeforeMembership(toDate: string, fromDate: string, birthDate: string | null) {
  if (toDate >= fromDate) return;
  throw fromDate === birthDate
    ? new DomainError("registry.eventBeforeBirth", { birthDate })
    : new DomainError("registry.eventBeforeMembership", { fromDate });
}

/**
 * A head must be 16 or older on `on`, unless nobody in the household is: a household of orphaned
 * children still needs someone named as its head. An unknown birth date is not held against anyone.
 */
export function assertMayHead(
  head: { birthDate: string | null },
  others: readonly { birthDate: string | null }[],
  on: string,
) {
  const tooYoung = (birthDate: string | null) =>
    birthDate !== null && ageOn(birthDate, on) < MIN_HEAD_AGE_YEARS;
  const someoneOldEnough = others.some((o) => o.birthDate !== null && !tooYoung(o.birthDate));
  if (tooYoung(head.birthDate) && someoneOldEnough)
    throw new DomainError("registry.headTooYoung", { minAge: MIN_HEAD_AGE_YEARS });
}

/** A member as far as their relation to a new head can be told from their relation to the old one. */
export interface StayingMember {
  /** To the old head ("head" for the old head himself or herself). */
  relation: Relation;
  sex: string | null | undefined;
}

const bySex = (sex: string | null | undefined, male: Relation, female: Relation) =>
  sex === "male" ? male : sex === "female" ? female : undefined;

/**
 * A member's relation to the old head, read again from the new head's side, by the new head's
 * relation to the old head; undefined where it cannot be told (the old head's grandchild may be the
 * new head's child or nephew, his daughter-in-law the new head's wife or his brother's, his "other"
 * the new head's own mother). It assumes the usual family: the old head's wife is the mother of his
 * children. A step-family is the clerk's to correct.
 */
const RELATIONS_SEEN_FROM: Record<
  Exclude<Relation, "head">,
  (member: StayingMember) => Relation | undefined
> = {
  spouse: ({ relation }) =>
    ["son", "daughter", "grandchild", "son-in-law", "daughter-in-law"].includes(relation)
      ? relation
      : relation === "head"
        ? "spouse"
        : relation === "other"
          ? undefined
          : "other",
  son: ({ relation, sex }) => childAsHead(relation, sex),
  daughter: ({ relation, sex }) => childAsHead(relation, sex),
  father: ({ relation, sex }) => parentAsHead(relation, sex),
  mother: ({ relation, sex }) => parentAsHead(relation, sex),
  brother: ({ relation, sex }) => siblingAsHead(relation, sex),
  sister: ({ relation, sex }) => siblingAsHead(relation, sex),
  grandchild: ({ relation }) => (relation === "head" || relation === "spouse" ? "grandparent" : undefined),
  grandparent: ({ relation }) => (relation === "head" ? "grandchild" : undefined),
  // The old head is a parent-in-law, or a kin the list has no word for: "other" either way.
  "son-in-law": ({ relation }) => (relation === "head" ? "other" : undefined),
  "daughter-in-law": ({ relation }) => (relation === "head" ? "other" : undefined),
  other: ({ relation }) => (relation === "head" ? "other" : undefined),
};

/** The old head's son or daughter heads: the parents stay parents, siblings are siblings. */
function childAsHead(relation: Relation, sex: string | null | undefined): Relation | undefined {
  if (relation === "head" || relation === "spouse") return bySex(sex, "father", "mother");
  if (relation === "son") return "brother";
  if (relation === "daughter") return "sister";
  if (relation === "father" || relation === "mother") return "grandparent";
  if (relation === "brother" || relation === "sister" || relation === "grandparent") return "other";
  return undefined;
}

/** The old head's father or mother heads again: the old head and the siblings are children. */
function parentAsHead(relation: Relation, sex: string | null | undefined): Relation | undefined {
  if (relation === "head" || relation === "brother" || relation === "sister")
    return bySex(sex, "son", "daughter");
  if (relation === "father" || relation === "mother") return "spouse";
  if (relation === "spouse") return bySex(sex, "son-in-law", "daughter-in-law");
  if (relation === "son" || relation === "daughter") return "grandchild";
  if (relation === "grandchild" || relation === "son-in-law" || relation === "daughter-in-law")
    return "other";
  return undefined;
}

/** The old head's brother or sister heads: they share parents and siblings. */
function siblingAsHead(relation: Relation, sex: string | null | undefined): Relation | undefined {
  if (relation === "head") return bySex(sex, "brother", "sister");
  if (["father", "mother", "brother", "sister", "grandparent"].includes(relation)) return relation;
  // The old head's "other" may be the new head's own child or in-law.
  return relation === "other" ? undefined : "other";
}

/**
 * What the form suggests as a staying member's relation to the new head, read from the old and the
 * new head's relations; undefined where that does not tell it, so that the clerk chooses rather than
 * accepts a wrong word. The clerk may change any of it.
 */
export function relationToNewHead(
  member: StayingMember,
  newHead: { relation: Relation },
): Relation | undefined {
  return newHead.relation === "head" ? undefined : RELATIONS_SEEN_FROM[newHead.relation](member);
}

/** The marriage age in Kyrgyzstan (Family Code, art. 14). */
export const MARRIAGE_AGE_YEARS = 18;

/**
 * How the register takes a marriage by the age of the person marrying on its day. From 18 it is
 * recorded. At 16 or 17 it is recorded only when the clerk confirms it ("under-age"): such
 * marriages happen (a registry office may allow one in exceptional cases, a religious one is held
 * anyway), and the book records what happened, but never unawares, and the confirmation is kept
 * with the event. Under 16 it is refused ("refused"): no exception reaches that low, and a date
 * typed wrongly is far likelier than the fact. An unknown birth date says nothing (null).
 */
export function marriageAge(
  birthDate: string | null,
  on: string,
): { age: number; standing: "of-age" | "under-age" | "refused" } | null {
  if (!birthDate) return null;
  const age = ageOn(birthDate, on);
  const standing =
    age >= MARRIAGE_AGE_YEARS ? "of-age" : age >= MIN_SPOUSE_AGE_YEARS ? "under-age" : "refused";
  return { age, standing };
}

/**
 * A marriage refused under 16, and under 18 without the clerk's confirmation (see marriageAge);
 * the age of an under-age marriage recorded knowingly, for the event's details, else null.
 */
export function assertMayMarry(birthDate: string | null, on: string, underAgeConfirmed: boolean) {
  const found = marriageAge(birthDate, on);
  if (found === null || found.standing === "of-age") return null;
  if (found.standing === "refused")
    throw new DomainError("registry.marriageRefusedUnderAge", {
      age: found.age,
      minAge: MIN_SPOUSE_AGE_YEARS,
    });
  if (!underAgeConfirmed)
    throw new DomainError("registry.marriageUnderAgeUnconfirmed", {
      age: found.age,
      marriageAge: MARRIAGE_AGE_YEARS,
    });
  return found.age;
}

/**
 * The events a clerk may annul as registered by mistake, because what each did is written down
 * whole and can be undone exactly: the memberships it opened are removed, those it ended reopened, a
 * household it left empty stands again, a death's date is cleared; a split's new household closes on
 * the day it was formed, so it never stood; a labour migration's record is set back to what it was
 * before; a plot acquired is removed, a plot's end is taken back. The register's own events
 * (formation, dissolution, transfer, merge) follow from others.
 */
export const ANNULLABLE_EVENTS = [
  "birth",
  "arrival",
  "death",
  "departure",
  "marriage",
  "head-change",
  "relation-correction",
  "household-split",
  "migration",
  "land-acquired",
  "land-ended",
] as const satisfies readonly LifeEventKind[];

/**
 * Who may annul an event: whoever may record it. Land is the land specialist's as well as the
 * clerk's; every other event is the clerk's (the register's write).
 */
export function annulmentPermission(kind: string): "registry.land" | "registry.write" {
  return kind === "land-acquired" || kind === "land-ended" ? "registry.land" : "registry.write";
}

/** What stands in the way of annulling an event, as the register found it. */
export interface AnnulmentObstacles {
  /** The first later event of the same person, or of a household the event changed (of a plot, the same plot's). */
  laterEvent?: { kind: LifeEventKind; occurredOn: string; personName?: string | null };
  /** A certificate issued to the event's person after the event was recorded, not revoked. */
  certificate?: { year: number; number: number; issuedOn: string };
  /**
   * A certificate issued after the event was recorded, not revoked, that printed what the event
   * made true of a household: of the household a split made, or of a household's land.
   */
  householdCertificate?: { year: number; number: number; issuedOn: string };
  /**
   * The event handed a household to a new head (or changed a relation) on a day another event had
   * already changed its members: the relations it changed in place cannot be told apart.
   */
  sameDayChange?: { occurredOn: string };
  /** A plot the household a split made holds (its acquisition is annulled first). */
  plot?: { householdNumber: number; areaHa: number; fromDate: string };
  /** A water provider's live link to someone who went with the split, made after it. */
  waterUserLink?: { waterUserNumber: number };
  /** A flag a social worker set by hand on the household a split made. */
  flagByHand?: { householdNumber: number; setOn: string };
  /** The plot a taken-back end would hold again is held by another plot in force. */
  plotHeldAgain?: { cadastralNumber: string; householdNumber: number };
  /** The person's labour migration was corrected after the event: its record is no longer the event's. */
  migrationCorrected?: true;
}

const certificateNumber = ({ year, number }: { year: number; number: number }) =>
  `${year}-${String(number).padStart(6, "0")}`;

/**
 * An event may be annulled once, if its kind can be undone and nothing recorded after it rests on
 * it: that is annulled first (a later event, a plot's acquisition), revoked (a certificate, which
 * printed what the event made true), ended (a water user's link) or corrected. The refusal names
 * what stands in the way.
 */
export function assertMayAnnul(
  event: { kind: LifeEventKind; annulledAt: Date | string | null },
  obstacles: AnnulmentObstacles,
) {
  if (event.annulledAt !== null) throw new DomainError("registry.eventAlreadyAnnulled");
  if (!(ANNULLABLE_EVENTS as readonly string[]).includes(event.kind))
    throw new DomainError("registry.eventNotAnnullable", { kind: event.kind });
  const { laterEvent, certificate, householdCertificate, sameDayChange, plot } = obstacles;
  if (laterEvent)
    // Whose it is, when it is someone's: the household's other members' events stand in the way too.
    throw new DomainError("registry.annulAfterLaterEvent", {
      kind: laterEvent.kind,
      date: laterEvent.occurredOn,
      whose: laterEvent.personName ? ` (${laterEvent.personName})` : "",
    });
  if (certificate)
    throw new DomainError("registry.annulAfterCertificate", {
      number: certificateNumber(certificate),
      date: certificate.issuedOn,
    });
  if (householdCertificate)
    throw new DomainError("registry.annulAfterHouseholdCertificate", {
      number: certificateNumber(householdCertificate),
      date: householdCertificate.issuedOn,
    });
  if (sameDayChange) throw new DomainError("registry.annulSameDayChange", { date: sameDayChange.occurredOn });
  if (plot)
    throw new DomainError("registry.annulAfterPlot", {
      number: plot.householdNumber,
      areaHa: plot.areaHa,
      date: plot.fromDate,
    });
  if (obstacles.waterUserLink)
    throw new DomainError("registry.annulAfterWaterUserLink", {
      number: obstacles.waterUserLink.waterUserNumber,
    });
  if (obstacles.flagByHand)
    throw new DomainError("registry.annulAfterFlagByHand", {
      number: obstacles.flagByHand.householdNumber,
      date: obstacles.flagByHand.setOn,
    });
  if (obstacles.plotHeldAgain)
    throw new DomainError("registry.annulPlotHeldAgain", {
      cadastralNumber: obstacles.plotHeldAgain.cadastralNumber,
      number: obstacles.plotHeldAgain.householdNumber,
    });
  if (obstacles.migrationCorrected) throw new DomainError("registry.annulMigrationCorrected");
}

/**
 * Whether an event may have changed other members' relations (a head handed over, a relation
 * corrected): a head change or a relation correction always, a leaving (death, departure, marriage,
 * a move) when the one who left was a head.
 */
export function mayHaveChangedRelations(kind: LifeEventKind, endedRelations: readonly Relation[]) {
  return kind === "head-change" || kind === "relation-correction" || endedRelations.includes("head");
}

/**
 * A person whom an annulled birth or arrival brought into the register, and whom nothing else
 * records (no other membership, event or certificate), was entered in error: the register no longer
 * holds them, while the annulled event still names them.
 */
export function enteredInError(
  kind: LifeEventKind,
  otherRecords: { memberships: number; events: number; certificates: number },
) {
  return (
    (kind === "birth" || kind === "arrival") &&
    otherRecords.memberships === 0 &&
    otherRecords.events === 0 &&
    otherRecords.certificates === 0
  );
}
