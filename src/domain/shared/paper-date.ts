import type { Locale } from "../places/units.js";
import { decadeRange, parseDecadeKey } from "./decade.js";

/** Whether a text is a day written as the register stores it, YYYY-MM-DD (not whether it exists). */
export const isIsoDay = (text: string): boolean => /^\d{4}-\d{2}-\d{2}$/.test(text);

/**
 * A day as papers print it, "dd.MM.yyyy" (20.04.1978): certificates, receipts and delivery acts
 * are read and filled in by hand in this form, whatever the reader's language.
 */
export function paperDate(isoDay: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(isoDay);
  // A day the register stores is always ISO; anything else is a bug upstream, not a date to guess.
  if (!m) throw new Error(`not an ISO day: ${isoDay}`);
  return `${m[3]}.${m[2]}.${m[1]}`;
}

/**
 * A day as a reader of `locale` sees it on screen and in messages: the papers' dd.MM.yyyy, or
 * dd/MM/yyyy in English. ICU would give Kyrgyz "9/5/25", which no one in Kyrgyzstan writes.
 */
export function localeDate(isoDay: string, locale: Locale): string {
  const day = paperDate(isoDay);
  return locale === "en" ? day.replaceAll(".", "/") : day;
}

/**
 * A decade as its days, "01.07–10.07" (01/07–10/07 in English), for a key "2026-07-1": what the
 * district's water orders and a WUA's plan call a decade, where the key itself reads as a date.
 */
export function decadeLabel(key: string, locale: Locale): string {
  const { first, last } = decadeRange(parseDecadeKey(key));
  return `${localeDate(first, locale).slice(0, 5)}–${localeDate(last, locale).slice(0, 5)}`;
}

/**
 * The day a person typed, as an ISO day: day first, as papers write it in every language of the
 * region ("20.04.1978", "20/4/1978", "20-04-1978", "20 04 1978"), or ISO itself (pasted, or a
 * spreadsheet's). Month first is never read: 05/01 is the 5th of January, as a clerk means it.
 * Null for an empty text; "invalid" for anything else, a day the calendar lacks (31.02) too.
 */
export function dayFromText(text: string): string | null | "invalid" {
  const s = text.trim();
  if (s === "") return null;
  const iso = writtenDay(s);
  return iso !== null && isCalendarDay(iso) ? iso : "invalid";
}

/** Whether the (proleptic Gregorian) calendar has a YYYY-MM-DD day: counted, not parsed (a book's import reads a million). */
function isCalendarDay(iso: string): boolean {
  const year = Number(iso.slice(0, 4));
  const month = Number(iso.slice(5, 7));
  const day = Number(iso.slice(8, 10));
  if (month < 1 || month > 12 || day < 1) return false;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return day <= (month === 2 ? (leap ? 29 : 28) : [4, 6, 9, 11].includes(month) ? 30 : 31);
}

/** A text written as a day is (see dayFromText), as "YYYY-MM-DD", whether or not the calendar has it; else null. */
function writtenDay(s: string): string | null {
  const dayFirst = /^(\d{1,2})[./\- ]+(\d{1,2})[./\- ]+(\d{4})$/.exec(s);
  if (dayFirst) return `${dayFirst[3]}-${dayFirst[2]!.padStart(2, "0")}-${dayFirst[1]!.padStart(2, "0")}`;
  return isIsoDay(s) ? s : null;
}

/**
 * Why dayFromText read no day in a text: it is not written as a day ("format": "20.04.78", "эртең"),
 * or it is, but the calendar lacks that day ("noSuchDay": 31.02.2030), which a clerk fixes otherwise.
 */
export const whyNoDay = (text: string): "format" | "noSuchDay" =>
  writtenDay(text.trim()) === null ? "format" : "noSuchDay";

/** A group of a masked field's digits: how many, and the largest first digit of a two-digit one. */
interface DigitGroup {
  width: number;
  firstAtMost?: number;
}

/**
 * A field's text as digits are typed into it, the separator put in after each group but the last,
 * so a phone's digit keyboard (which has no dot or colon) can type a whole day or time. A group's
 * first digit that no two-digit value starts with is that group's whole value: "5" is the 5th,
 * "05.", and "8" is eight o'clock, "08:". Only a text of digits in the mask's own shape is touched,
 * and only as it grows: a text typed with separators of its own ("1.5.2020", "8:05"), a pasted ISO
 * day, a deletion are left as they are.
 */
function maskTyped(text: string, previous: string, separator: string, shape: readonly DigitGroup[]): string {
  if (text.length <= previous.length) return text;
  // A separator typed by hand where the mask has just written one is that one ("7." is "07:").
  if (
    previous.endsWith(separator) &&
    text.startsWith(previous) &&
    /^[\s./:-]$/.test(text.slice(previous.length))
  )
    return previous;
  const groups = text.split(separator);
  const inShape =
    /^\d+$/.test(groups.join("")) &&
    (groups.length === 1 ||
      (groups.length <= shape.length &&
        groups.every((g, i) =>
          i === groups.length - 1 ? g.length <= shape[i]!.width : g.length === shape[i]!.width,
        )));
  if (!inShape) return text;
  let rest = groups.join("");
  let masked = "";
  for (const [i, { width, firstAtMost }] of shape.entries()) {
    if (rest === "") break;
    const last = i === shape.length - 1;
    const single = !last && firstAtMost !== undefined && Number(rest[0]) > firstAtMost;
    const group = single ? `0${rest[0]}` : rest.slice(0, width);
    rest = rest.slice(single ? 1 : width);
    masked += group + (!last && group.length === width ? separator : "");
  }
  // More digits than the shape holds: not the mask's to cut.
  return rest === "" ? masked : text;
}

const DAY_SHAPE: readonly DigitGroup[] = [
  { width: 2, firstAtMost: 3 },
  { width: 2, firstAtMost: 1 },
  { width: 4 },
];
const TIME_SHAPE: readonly DigitGroup[] = [{ width: 2, firstAtMost: 2 }, { width: 2 }];

/** A day field's text as digits are typed: "2004" → "20.04.", "20041978" → "20.04.1978", "5" → "05.". */
export const maskTypedDay = (text: string, previous: string, separator: string): string =>
  maskTyped(text, previous, separator, DAY_SHAPE);

/**
 * The time of day a person typed, as "HH:MM" on the 24-hour clock: "08:53", "8:53", "8.53",
 * "08 53", "0853" or "853". Null for an empty text; "invalid" for anything else ("8:5" is not read
 * as either 8:05 or 8:50, and there is no a.m. or p.m.: the region's clocks and papers have none).
 */
export function timeFromText(text: string): string | null | "invalid" {
  const s = text.trim();
  if (s === "") return null;
  const m = /^(\d{1,2})[:.\- ]?(\d{2})$/.exec(s);
  if (!m || Number(m[1]) > 23 || Number(m[2]) > 59) return "invalid";
  return `${m[1]!.padStart(2, "0")}:${m[2]}`;
}

/** A time field's text as digits are typed: "08" → "08:", "0853" and "853" → "08:53". */
export const maskTypedTime = (text: string, previous: string): string =>
  maskTyped(text, previous, ":", TIME_SHAPE);
