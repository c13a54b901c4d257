import type { Locale } from "../places/units.js";

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
 * The day a person typed, as an ISO day: day first, as papers write it in every language of the
 * region ("20.04.1978", "20/4/1978", "20-04-1978", "20 04 1978"), or ISO itself (pasted, or a
 * spreadsheet's). Month first is never read: 05/01 is the 5th of January, as a clerk means it.
 * Null for an empty text; "invalid" for anything else, a day the calendar lacks (31.02) too.
 */
export function dayFromText(text: string): string | null | "invalid" {
  const s = text.trim();
  if (s === "") return null;
  const dayFirst = /^(\d{1,2})[./\- ]+(\d{1,2})[./\- ]+(\d{4})$/.exec(s);
  const iso = dayFirst
    ? `${dayFirst[3]}-${dayFirst[2]!.padStart(2, "0")}-${dayFirst[1]!.padStart(2, "0")}`
    : isIsoDay(s)
      ? s
      : null;
  if (iso === null) return "invalid";
  const d = new Date(`${iso}T00:00:00Z`);
  return Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== iso ? "invalid" : iso;
}

/**
 * A day field's text as digits are typed into it, the separator put in after the day and the
 * month, so a phone's digit keyboard (which has no dot) can type a whole day: "2004" → "20.04.",
 * "20041978" → "20.04.1978". Only a text of digits in the mask's own shape (two-digit day and
 * month) is touched, and only as it grows: "1.5.2020" typed with its own dots, a pasted ISO day,
 * a deletion are left as they are.
 */
export function maskTypedDay(text: string, previous: string, separator: string): string {
  if (text.length <= previous.length) return text;
  // The separator typed by hand where the mask has just written it is the same one.
  if (text === previous + separator && previous.endsWith(separator)) return previous;
  const sep = separator.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
  if (!new RegExp(`^\\d{1,8}$|^\\d{2}${sep}(\\d{0,2}|\\d{2}${sep}\\d{0,4})$`).test(text)) return text;
  const digits = text.replaceAll(separator, "");
  const [day, month, year] = [digits.slice(0, 2), digits.slice(2, 4), digits.slice(4)];
  return `${day}${digits.length >= 2 ? separator : ""}${month}${digits.length >= 4 ? separator : ""}${year}`;
}
