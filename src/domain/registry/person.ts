import { earlierDay } from "../billing/calendar.js";
import { dayAheadIssues } from "../shared/day-ahead.js";
import { DomainError, type FieldIssue } from "../shared/errors.js";
import { endsWithMark, fullNameKey, fullNameLatin, isCyrillicNamePart, nameAsWritten } from "./names.js";
import { checkPin, parsePin, type Sex } from "./pin.js";
import { HOME_COUNTRY, isCountryCode } from "./vocabulary.js";

export interface LabourMigration {
  /** The country's ISO 3166-1 alpha-2 code (COUNTRY_CODES), never the home country's. */
  country: string;
  place?: string;
  since: string;
}

/** The day one away on labour migration on `day` went (recorded as gone on it or before); else null. */
export const abroadSinceOn = (migration: LabourMigration | null, day: string): string | null =>
  migration !== null && migration.since <= day ? migration.since : null;

/** Away on labour migration on `day`: recorded as gone abroad on it or before. */
export const abroadOn = (migration: LabourMigration | null, day: string): boolean =>
  abroadSinceOn(migration, day) !== null;

/** A labour-migration event: the day, and where the person went (null: came home). */
export interface MigrationEvent {
  on: string;
  migration: LabourMigration | null;
}

/** Days away on labour migration: from `since` up to, not including, `until` (null: still away). */
export interface AbroadStretch {
  since: string;
  until: string | null;
}

/**
 * A person's stretches abroad as the register knows them now, oldest first: the migration recorded
 * before the first migration event up to it, each departure event up to the next migration event
 * (a return, or a departure elsewhere), and the migration recorded now from its start on. The
 * record now is what the last event left, or a correction of it: a migration it no longer holds
 * (cleared by a correction, its day unknown) is not told, as a single day's reading does not tell
 * it either.
 */
export function abroadStretches(
  /** The person's migration events, not annulled, oldest first. */
  events: readonly MigrationEvent[],
  recordedNow: LabourMigration | null,
  /** The migration recorded before the first event changed it (registered abroad, then come home). */
  recordedBefore: LabourMigration | null = null,
): AbroadStretch[] {
  const stretches: AbroadStretch[] = [];
  const first = events[0];
  if (first !== undefined && recordedBefore !== null && recordedBefore.since < first.on)
    stretches.push({ since: recordedBefore.since, until: first.on });
  events.forEach((event, i) => {
    const next = events[i + 1];
    // The last event's stretch is the record now's to tell.
    if (event.migration !== null && next !== undefined) stretches.push({ since: event.on, until: next.on });
  });
  if (recordedNow === null) return stretches;
  const since = recordedNow.since;
  return [
    ...stretches.flatMap((s) =>
      s.since >= since ? [] : [{ since: s.since, until: earlierDay(s.until!, since) }],
    ),
    { since, until: null },
  ];
}

/** The day the stretch abroad that holds `day` began; else null. */
export const stretchSinceOn = (stretches: readonly AbroadStretch[], day: string): string | null =>
  stretches.find((s) => s.since <= day && (s.until === null || day < s.until))?.since ?? null;

/** What the register knows of one person's labour migration, for reading a past day. */
export interface MigrationFacts {
  /** The last migration event on or before the day, not annulled: gone abroad or come back on `on`. */
  event: MigrationEvent | null;
  /** The person's migration as recorded by the end of the day. */
  recordedThen: LabourMigration | null;
  /** The person's migration as recorded now. */
  recordedNow: LabourMigration | null;
}

/**
 * The person's labour migration on a past `day`, as the register knows it now: of the facts that
 * began on or before the day, the one that began last. A departure or return recorded later for a
 * day before (the card's history lists it) counts, as does a later correction of a migration begun
 * by then; a start after the day does not, nor does a return recorded by correction (its day is
 * unknown, so the days before it keep the migration recorded then). On a tie the later record
 * wins: a correction of the same migration's country or place.
 */
export function migrationOn(day: string, facts: MigrationFacts): LabourMigration | null {
  const { event, recordedThen, recordedNow } = facts;
  const begun = [
    ...(event === null ? [] : [{ since: event.on, migration: event.migration }]),
    ...[recordedThen, recordedNow].flatMap((m) =>
      m !== null && m.since <= day ? [{ since: m.since, migration: m }] : [],
    ),
  ];
  // Stable: among equal starts the later-listed (later-recorded) fact is kept.
  return (
    begun.reduce<(typeof begun)[number] | null>(
      (last, fact) => (last === null || fact.since >= last.since ? fact : last),
      null,
    )?.migration ?? null
  );
}

export interface PersonInput {
  pin?: string | null;
  surname: string;
  givenName: string;
  patronymic?: string | null;
  sex: Sex;
  birthDate?: string | null;
  citizenship?: string;
  disabilityGroup?: string | null;
  education?: string | null;
  occupation?: string | null;
  migration?: LabourMigration | null;
}

/** A correction of a person as sent: a field left out keeps its stored value, null clears it. */
export type PersonChanges = Partial<PersonInput>;

/**
 * The person a correction leaves: the stored fields with the sent ones laid over them, so a form
 * that knows only some fields cannot erase the others. The result is checked whole by
 * `personValues`, which also derives the Latin form and search key again.
 */
export function correctedPerson(stored: PersonInput, changes: PersonChanges): PersonInput {
  const sent = Object.entries(changes).filter(([, value]) => value !== undefined);
  return { ...stored, ...(Object.fromEntries(sent) as PersonChanges) };
}

/**
 * No one living was born before this day: an earlier birth date is a slip of the keyboard (1700 for
 * 1970) that would count a 300-year-old as a pensioner and sort them first.
 */
export const EARLIEST_BIRTH_DATE = "1900-01-01";

/**
 * The stored values of a person: names checked as Cyrillic, the PIN checked against sex and birth
 * date (a missing birth date is read from the PIN), a birth between EARLIEST_BIRTH_DATE and `today`
 * (the organisation's day), countries that are countries (a labour migrant's not this one), no
 * departure abroad after `today`, the Latin form and search key derived.
 * All problems are reported at once, under `pathPrefix`.
 */
export function personValues(input: PersonInput, today: string, pathPrefix: (string | number)[] = []) {
  const fields: FieldIssue[] = [];
  const names = {
    surname: nameAsWritten(input.surname),
    givenName: nameAsWritten(input.givenName),
    patronymic: input.patronymic?.trim() ? nameAsWritten(input.patronymic) : null,
  };
  fields.push(...nameIssues(names, pathPrefix));
  let birthDate = input.birthDate ?? null;
  const pin = input.pin?.trim() || null;
  if (pin) {
    try {
      const facts = checkPin(pin, { sex: input.sex, birthDate: birthDate ?? pinBirthDate(pin) });
      birthDate ??= facts.birthDate;
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      const issues = error.fields.length > 0 ? error.fields : [pinIssue(error)];
      for (const issue of issues) fields.push({ ...issue, path: [...pathPrefix, ...issue.path] });
    }
  }
  // A birth date read from the PIN is the PIN's fault, one typed in is the birth date's.
  const birthPath = [...pathPrefix, input.birthDate ? "birthDate" : "pin"];
  fields.push(...dayAheadIssues(birthPath, birthDate, today));
  if (birthDate && birthDate < EARLIEST_BIRTH_DATE)
    fields.push({ path: birthPath, code: "birthBeforeEarliest", params: { earliest: EARLIEST_BIRTH_DATE } });
  if (input.citizenship !== undefined && !isCountryCode(input.citizenship))
    fields.push({ path: [...pathPrefix, "citizenship"], code: "countryCode" });
  // A migration is checked against a birth date that is itself taken, not one refused above.
  const birthTaken = fields.some((f) => f.path.join() === birthPath.join()) ? null : birthDate;
  if (input.migration)
    fields.push(...migrationIssues(input.migration, today, birthTaken, [...pathPrefix, "migration"]));
  if (fields.length > 0) throw new DomainError("validation.fields", {}, fields);
  return {
    pin,
    ...names,
    nameLatin: fullNameLatin(names),
    searchKey: fullNameKey(names),
    sex: input.sex,
    birthDate,
    citizenship: input.citizenship ?? "KG",
    disabilityGroup: input.disabilityGroup ?? null,
    education: input.education ?? null,
    occupation: input.occupation ?? null,
    migration: input.migration ?? null,
  };
}

/**
 * What is wrong with a labour migration: a country that is none or is home, a departure to come, or
 * one before the migrant was born.
 */
function migrationIssues(
  migration: LabourMigration,
  today: string,
  birthDate: string | null,
  path: (string | number)[],
): FieldIssue[] {
  const issues: FieldIssue[] = [];
  if (!isCountryCode(migration.country)) issues.push({ path: [...path, "country"], code: "countryCode" });
  else if (migration.country === HOME_COUNTRY)
    issues.push({ path: [...path, "country"], code: "migrationHomeCountry" });
  const ahead = dayAheadIssues([...path, "since"], migration.since, today);
  issues.push(...ahead);
  if (ahead.length === 0 && birthDate !== null && migration.since < birthDate)
    issues.push({ path: [...path, "since"], code: "migrationBeforeBirth", params: { birthDate } });
  return issues;
}

/**
 * What is wrong with a PIN on its own (its form and the date it holds), where the person's sex or
 * birth date is itself wrong and cannot be checked against it: a book row then shows every mistake at once.
 */
export function pinFormIssues(pin: string | null): FieldIssue[] {
  if (!pin) return [];
  try {
    parsePin(pin);
    return [];
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    return [pinIssue(error)];
  }
}

function pinIssue(error: DomainError): FieldIssue {
  return { path: ["pin"], code: error.code === "pin.invalidDate" ? "pinInvalidDate" : "pinInvalid" };
}

function pinBirthDate(pin: string): string {
  return /^\d{14}$/.test(pin) ? `${pin.slice(5, 9)}-${pin.slice(3, 5)}-${pin.slice(1, 3)}` : "";
}

/** Names the register keeps are written in Cyrillic and end with a letter; one issue per name that is not. */
export function nameIssues(
  names: { surname?: string | null; givenName?: string | null; patronymic?: string | null },
  pathPrefix: (string | number)[] = [],
): FieldIssue[] {
  return (["surname", "givenName", "patronymic"] as const).flatMap((key) => {
    const name = names[key];
    if (!name) return [];
    const code = !isCyrillicNamePart(name) ? "cyrillicName" : endsWithMark(name) ? "nameEndsWithMark" : null;
    return code ? [{ path: [...pathPrefix, key], code }] : [];
  });
}

/**
 * People entered together (the members of a new household) cannot share a PIN: each repeat is
 * refused at its PIN, naming the member (numbered from 1, as the form shows them) who has it first.
 */
export function repeatedPinIssues(
  people: readonly { pin?: string | null }[],
  pathOf: (index: number) => (string | number)[],
): FieldIssue[] {
  const first = new Map<string, number>();
  const issues: FieldIssue[] = [];
  for (const [index, { pin }] of people.entries()) {
    const key = pin?.trim();
    if (!key) continue;
    const earlier = first.get(key);
    if (earlier === undefined) first.set(key, index);
    else
      issues.push({
        path: [...pathOf(index), "pin"],
        code: "pinRepeatedInHousehold",
        params: { member: earlier + 1 },
      });
  }
  return issues;
}
