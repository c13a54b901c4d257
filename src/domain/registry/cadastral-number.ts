import { DomainError } from "../shared/errors.js";

/**
 * A land plot's cadastral number: in Kyrgyzstan the identification code of a real estate object
 * (идентификационный код объекта недвижимости, Gosregister) is digits in groups joined by hyphens,
 * oblast-district-zone-quarter-plot, e.g. 1-02-03-0004-0005, with more groups for a building or a
 * flat on the plot. The widths of the groups are not checked (older codes and the paper books
 * differ, and numbers are still written with fewer groups): the rule refuses what is clearly no such
 * code (letters, other signs, an empty group) and takes any digits in 2 to 8 groups.
 */
export const CADASTRAL_NUMBER_EXAMPLE = "1-02-03-0004-0005";

const CADASTRAL_NUMBER = /^\d{1,6}(-\d{1,6}){1,7}$/;

/** Dashes a text editor or a spreadsheet puts for a typed hyphen (‐ ‑ ‒ – — −). */
const DASHES = /[\u2010-\u2015\u2212]/g;

/**
 * The cadastral number a clerk typed or a file holds, written the one way the register keeps it:
 * spaces around and about the groups dropped, any dash read as a hyphen ("1 - 02 – 03" is
 * 1-02-03). Null for a blank text (the plot has none); "invalid" for a text that is no cadastral
 * number.
 */
export function readCadastralNumber(text: string | null | undefined): string | null | "invalid" {
  const written = (text ?? "")
    .replace(DASHES, "-")
    .replace(/[\s\u00a0\u202f]*-[\s\u00a0\u202f]*/g, "-")
    .trim();
  if (written === "") return null;
  return CADASTRAL_NUMBER.test(written) ? written : "invalid";
}

/** What a field or a cell of no cadastral number is told (errors.field.cadastralNumberForm). */
export const CADASTRAL_NUMBER_ISSUE = {
  code: "cadastralNumberForm",
  params: { example: CADASTRAL_NUMBER_EXAMPLE },
} as const;

/**
 * The cadastral number a form sent, written as the register keeps it (null when blank); a text
 * that is none is refused at its field. One rule for the register's land plots and the water
 * users' irrigated plots.
 */
export function cadastralNumberOrRefuse(text: string | null | undefined): string | null {
  const read = readCadastralNumber(text);
  if (read === "invalid")
    throw new DomainError("validation.fields", {}, [
      { path: ["cadastralNumber"], ...CADASTRAL_NUMBER_ISSUE },
    ]);
  return read;
}
