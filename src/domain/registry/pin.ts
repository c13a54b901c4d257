import { DomainError } from "../shared/errors.js";

/**
 * The personal identification number (ПИН): 14 digits — digit 1 the sex (1 female, 2 male; a
 * leading 0 exists and its meaning is not public), digits 2–9 the birth date DDMMYYYY, digits 10–14
 * a serial. There is no public checksum, so nothing is rejected on one.
 */
export type Sex = "female" | "male";

export interface PinFacts {
  sex: Sex | null;
  birthDate: string; // YYYY-MM-DD
}

const PIN_PATTERN = /^[012]\d{13}$/;

/** Reads sex and birth date out of a PIN; throws `pin.invalid` for anything that is not one. */
export function parsePin(pin: string): PinFacts {
  if (!PIN_PATTERN.test(pin)) throw new DomainError("pin.invalid", { pin });
  const day = Number(pin.slice(1, 3));
  const month = Number(pin.slice(3, 5));
  const year = Number(pin.slice(5, 9));
  const date = new Date(Date.UTC(year, month - 1, day));
  if (
    year < 1880 ||
    date.getUTCFullYear() !== year ||
    date.getUTCMonth() !== month - 1 ||
    date.getUTCDate() !== day
  ) {
    throw new DomainError("pin.invalidDate", { pin });
  }
  const sexDigit = pin[0];
  return {
    sex: sexDigit === "1" ? "female" : sexDigit === "2" ? "male" : null,
    birthDate: `${pin.slice(5, 9)}-${pin.slice(3, 5)}-${pin.slice(1, 3)}`,
  };
}

/**
 * A PIN checked against what else is known of the person. Field issues name each disagreement so
 * a clerk sees which of the two is wrong.
 */
export function checkPin(pin: string, person: { sex: Sex; birthDate: string }): PinFacts {
  const facts = parsePin(pin);
  const fields = [];
  if (facts.birthDate !== person.birthDate)
    fields.push({
      path: ["pin"],
      code: "pinBirthDateMismatch",
      params: { pinDate: facts.birthDate, birthDate: person.birthDate },
    });
  if (facts.sex && facts.sex !== person.sex) fields.push({ path: ["pin"], code: "pinSexMismatch" });
  if (fields.length > 0) throw new DomainError("pin.disagrees", { pin }, fields);
  return facts;
}

/** The fewest leading digits of a PIN a search takes as its start (fewer are a birth day's part, or a number). */
export const PIN_PREFIX_MIN_DIGITS = 6;

/** PINs from `from` up to, not including, `before` (no end: null). */
export interface PinRange {
  from: string;
  before: string | null;
}

/**
 * The PINs that start with `prefix` (6 to 13 digits) as a range of text in code-point order, the
 * order of digits in any collation: from the prefix up to, not including, the next prefix of the
 * same length (null past "999…"), so a btree of PINs reads them as one range. Null for anything
 * that is not such a prefix.
 */
export function pinPrefixRange(prefix: string): PinRange | null {
  if (!new RegExp(`^\\d{${PIN_PREFIX_MIN_DIGITS},13}$`).test(prefix)) return null;
  const next = (BigInt(prefix) + 1n).toString().padStart(prefix.length, "0");
  return { from: prefix, before: next.length > prefix.length ? null : next };
}
