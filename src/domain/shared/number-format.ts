import type { Locale } from "../places/units.js";

/**
 * Digits grouped by a no-break space with a decimal comma (as Kyrgyz, Russian, Uzbek and Tajik
 * write numbers), or the English way. Written out rather than left to ICU: browsers with reduced
 * ICU data (Debian's Chromium among them) fall back to English for ky-KG.
 */
export function formatNumber(value: number, locale: Locale, fractionDigits = 0): string {
  const fixed = Math.abs(value).toFixed(fractionDigits);
  const [whole = "0", fraction] = fixed.split(".");
  const english = locale === "en";
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, english ? "," : "\u00a0");
  const sign = value < 0 && Number(fixed) !== 0 ? "-" : "";
  return `${sign}${grouped}${fraction ? (english ? "." : ",") + fraction : ""}`;
}

/**
 * A number and its unit joined by a no-break space, so a narrow table cell never wraps the unit
 * onto a line of its own ("82,0" above a lone "%").
 */
export const withUnit = (number: string, unit: string) => `${number}\u00a0${unit}`;

/** A percentage as the pages write it: "82,0 %", number and sign kept on one line. */
export function formatPercent(percent: number, locale: Locale, fractionDigits = 0): string {
  return withUnit(formatNumber(percent, locale, fractionDigits), "%");
}

/**
 * Every decimal a number has, however many (1e-9 has nine): its shortest text, the exponent
 * written out, so a refusal for too many decimals shows them all.
 */
export function givenDecimals(value: number): number {
  const [mantissa = "", exponent = "0"] = String(Math.abs(value)).split("e");
  const places = (mantissa.split(".")[1]?.length ?? 0) - Number(exponent);
  return Math.min(Math.max(places, 0), 100);
}

/** The decimals a number was given with, to `most` places: 0.3 is written 0,3, not 0,3000. */
export const decimalsOf = (value: number, most: number) =>
  value.toFixed(most).replace(/0+$/, "").split(".")[1]?.length ?? 0;

/**
 * A number as people type it: "0,5" or "0.5", digits grouped by spaces ("1 234,5"), a sign. Null
 * for an empty text; "invalid" for anything else, "1,234.5" too: which mark is the decimal one is
 * not guessed, as a browser's number field would (it drops the comma of "0,5" and reads 5).
 */
export function numberFromText(text: string): number | null | "invalid" {
  const s = text.replace(/[\s\u00a0\u202f]/g, "");
  if (s === "") return null;
  return /^[-+]?(\d+([.,]\d*)?|[.,]\d+)$/.test(s) ? Number(s.replace(",", ".")) : "invalid";
}
