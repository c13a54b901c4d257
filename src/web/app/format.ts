import type { Locale } from "../../domain/places/units.js";
import {
  DEFAULT_TIME_ZONE,
  formatLocalDateTime,
  localDayOf,
  localMomentOf,
  momentMs,
} from "../../domain/shared/local-time.js";
import { formatMoney } from "../../domain/shared/money.js";
import {
  decimalsOf,
  formatNumber,
  formatPercent,
  numberFromText,
  withUnit,
} from "../../domain/shared/number-format.js";
import { localeDate } from "../../domain/shared/paper-date.js";

/**
 * Formatting by the user's language: dates as the server's messages write them (localeDate). Money
 * is integer tyiyn, turned into text from its integer parts so no float rounding can creep in.
 */

// Numbers and money are written the same way on the pages and on the papers and SMS the server writes.
export { formatMoney, formatNumber, formatPercent };

let timeZone = DEFAULT_TIME_ZONE;

/** A day, or the organisation's day an instant falls on (not UTC's: 02:00 in Bishkek is 20:00 UTC the day before). */
export function formatDate(value: string | Date, locale: Locale): string {
  if (typeof value === "string" && value.length === 10) return localeDate(value, locale);
  return localeDate(localDayOf(new Date(value), timeZone), locale);
}

/**
 * A day without its year, as the app writes days: "01.04" (01/04 in English), for a chart's axis
 * or a period's ends, where ISO's "04-01" reads month first.
 */
export const formatDayMonth = (value: string | Date, locale: Locale): string =>
  formatDate(value, locale).slice(0, 5);

/** The acting organisation's time zone (from the session): where its users' days and clocks are. */
export function setTimeZone(zone: string) {
  timeZone = zone;
}
export const currentTimeZone = () => timeZone;

/**
 * Today as an ISO day on the acting organisation's clock: in Bishkek (UTC+6) the day begins six
 * hours before UTC's, so the UTC date would be yesterday's until 06:00.
 */
export function todayIso(): string {
  return localDayOf(Date.now(), timeZone);
}

/** Today written for the user: the organisation's day, not the UTC one. */
export function formatToday(locale: Locale): string {
  return formatDate(todayIso(), locale);
}

/** Date and time on the acting organisation's clock, where the users are. */
/**
 * The organisation's clock at an instant, "YYYY-MM-DDTHH:MM", as a moment field holds it: a phone
 * whose own zone is wrong (a cheap Android left on UTC) still records the turn the water master saw.
 */
export const localMoment = (at: Date | number) => localMomentOf(at, timeZone);

/** The instant (ISO) a moment field's "YYYY-MM-DDTHH:MM" names on the organisation's clock. */
export const momentInstant = (moment: string) => new Date(momentMs(moment, timeZone)).toISOString();

export function formatDateTime(value: string | Date, locale: Locale, zone = timeZone): string {
  const at = new Date(value);
  return `${formatDate(localDayOf(at, zone), locale)} ${formatLocalDateTime(at, zone).slice(11)}`;
}

/**
 * A stretch of time, its end's day written only when it is not the start's: "27.09.2026 12:00 –
 * 18:00", but "27.09.2026 12:00 – 28.09.2026 00:00", where a bare "00:00" would not say which
 * midnight a turn of a day and a half ended at.
 */
export function formatMomentSpan(
  from: string | Date,
  to: string | Date,
  locale: Locale,
  zone = timeZone,
): string {
  const end = formatDateTime(to, locale, zone);
  const sameDay = localDayOf(new Date(from), zone) === localDayOf(new Date(to), zone);
  return `${formatDateTime(from, locale, zone)} – ${sameDay ? end.slice(-5) : end}`;
}

/** A number as a field shows it for typing: ungrouped, with the page's decimal mark (0,475; 0.475 in English). */
export const numberForField = (n: number, locale: Locale): string =>
  locale === "en" ? String(n) : String(n).replace(".", ",");

/** Cubic metres: ICU has no such unit, so the symbol is ours. */
export function formatVolume(m3: number, locale: Locale): string {
  return withUnit(formatNumber(Math.round(m3), locale), locale === "en" ? "m³" : "м³");
}

/**
 * A length in whole metres and an area in hectares to the hundredth, as the register's and the
 * plots' tables write them: grouped, with the reader's decimal mark ("1 250", "0,60"; "0.60" in
 * English). The catalog's text puts the unit after.
 */
export const formatMetres = (m: number, locale: Locale): string => formatNumber(Math.round(m), locale);
export const formatHectares = (ha: number, locale: Locale): string => formatNumber(ha, locale, 2);

/**
 * A measure as recorded, with the decimals it has (up to three) and none it lacks: a canal's
 * capacity "1 800" or "12,5" l/s, an efficiency "0,88" or "1".
 */
export const formatMeasure = (value: number, locale: Locale): string =>
  formatNumber(value, locale, decimalsOf(value, 3));

const MEBIBYTE = 1024 * 1024;

/**
 * Bytes as megabytes for an upload's "3,1 of 12,0 MB sent" on a slow link: one decimal, or two
 * when the whole (`of`) is under a megabyte, so a small file's line still moves.
 */
export function formatMegabytes(bytes: number, locale: Locale, of = bytes): string {
  return formatNumber(bytes / MEBIBYTE, locale, of < MEBIBYTE ? 2 : 1);
}

/**
 * The whole percent of an upload sent, rounded down: 100 only once every byte is up, so a bar
 * never says "done" while the last bytes are still on their way.
 */
export function percentSent(sent: number, total: number): number {
  if (total <= 0) return 100;
  return Math.max(0, Math.min(100, Math.floor((sent * 100) / total)));
}

/**
 * A number typed into a field the page keeps as text (a quick-entry level, a canal's capacity):
 * "0,5" and "1 234,5" as well as "0.5"; null when empty, NaN when no number, which the page or
 * the service refuses rather than guess.
 */
export function typedNumber(text: string): number | null {
  const n = numberFromText(text);
  return n === "invalid" ? Number.NaN : n;
}
