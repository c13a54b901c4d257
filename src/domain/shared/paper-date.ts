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
