import type { Locale } from "../places/units.js";

/** Quotation marks a name may be written with, opening and closing. */
const PAIRS = [
  ["«", "»"],
  ["“", "”"],
  ["„", "“"],
  ['"', '"'],
] as const;

/** The marks a quotation inside a quotation takes in each language's messages. */
const INNER: Record<Locale, readonly [string, string]> = {
  ky: ["„", "“"],
  ru: ["„", "“"],
  uz: ["„", "“"],
  "uz-Latn": ["„", "“"],
  tg: ["„", "“"],
  en: ["‘", "’"],
};

/**
 * A name as a message of `locale` quotes it. The catalogs put the language's quotation marks around
 * a name they quote («{{name}}»), so a name written wholly in its own («Үй-бүлөгө көмөк») gives
 * those up rather than being quoted twice, and one that quotes a part of itself («Береке»
 * программасы) has that part's marks turned into the language's inner ones, as typography nests
 * them: «„Береке“ программасы», not ««Береке» программасы».
 */
export function forQuoting(name: string, locale: Locale): string {
  const text = name.trim();
  for (const [open, close] of PAIRS) {
    const inside = text.slice(1, -1);
    const whole = text.length >= 2 && text.startsWith(open) && text.endsWith(close);
    if (whole && !inside.includes(open) && !inside.includes(close)) return inside.trim();
  }
  const [innerOpen, innerClose] = INNER[locale];
  return PAIRS.reduce(
    (nested, [open, close]) =>
      nested.replace(new RegExp(`${open}([^${open}${close}]*)${close}`, "g"), `${innerOpen}$1${innerClose}`),
    name,
  );
}
