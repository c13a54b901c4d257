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
