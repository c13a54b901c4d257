import { DomainError } from "./errors.js";

/**
 * Civil time of an organisation, by its IANA time-zone name. A water master's "today", a decade
 * and a turn's hour begin at local midnight or on the local clock, not at UTC's: Kyrgyzstan is
 * UTC+6 all year, Tajikistan and Uzbekistan UTC+5. Intl carries the zone rules (DST included), so
 * no offset is written down here.
 */
export const DEFAULT_TIME_ZONE = "Asia/Bishkek";

const DAY_MS = 86_400_000;
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    try {
      f = new Intl.DateTimeFormat("en-US", {
        timeZone,
        hourCycle: "h23",
        year: "numeric",
        month: "2-digit",
        day: "2-digit",
        hour: "2-digit",
        minute: "2-digit",
        second: "2-digit",
      });
    } catch {
      throw new DomainError("orgs.unknownTimeZone", { timeZone });
    }
    formatters.set(timeZone, f);
  }
  return f;
}

/** Whether Intl knows the zone ("Asia/Dushanbe" yes, "UTC+5" no). */
export function isTimeZone(name: string): boolean {
  try {
    formatter(name);
    return /^[A-Za-z_]+(\/[A-Za-z0-9_+-]+)*$/.test(name);
  } catch {
    return false;
  }
}

/** The wall clock at an instant, as if it were UTC: year…second in one number. */
function wallMs(atMs: number, timeZone: string): number {
  const p: Record<string, number> = {};
  for (const part of formatter(timeZone).formatToParts(atMs))
    if (part.type !== "literal") p[part.type] = Number(part.value);
  // Not Date.UTC, which takes a year 0–99 for 1900–1999: the day 0050-01-01 began in 1950.
  const wall = new Date(0);
  wall.setUTCFullYear(p.year!, p.month! - 1, p.day!);
  return wall.setUTCHours(p.hour!, p.minute!, p.second!);
}

/** How far the zone's clock is ahead of UTC at an instant, in milliseconds. */
export function utcOffsetMs(atMs: number, timeZone: string): number {
  const whole = Math.floor(atMs / 1000) * 1000;
  return wallMs(whole, timeZone) - whole;
}

/** The zone's offset from UTC at an instant as a clock label says it: "UTC+6", "UTC+5:30", "UTC-3", "UTC". */
export function utcOffsetText(atMs: number, timeZone: string): string {
  const minutes = Math.round(utcOffsetMs(atMs, timeZone) / 60_000);
  if (minutes === 0) return "UTC";
  const abs = Math.abs(minutes);
  const rest = abs % 60;
  return `UTC${minutes < 0 ? "-" : "+"}${Math.floor(abs / 60)}${rest ? `:${String(rest).padStart(2, "0")}` : ""}`;
}

const ms = (at: Date | number) => (at instanceof Date ? at.getTime() : at);
const wallIso = (at: Date | number, timeZone: string) => new Date(wallMs(ms(at), timeZone)).toISOString();

/** The local calendar day (YYYY-MM-DD) an instant falls on. */
export const localDayOf = (at: Date | number, timeZone: string) => wallIso(at, timeZone).slice(0, 10);

/** The local hour (0–23) an instant falls in. */
export const localHourOf = (at: Date | number, timeZone: string) =>
  Number(wallIso(at, timeZone).slice(11, 13));

/** The day after a calendar day. */
export const nextDay = (day: string) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + DAY_MS).toISOString().slice(0, 10);

/** A phone's clock may run some minutes fast: a moment measured this far ahead of now is still taken. */
export const CLOCK_SLACK_MS = 15 * 60_000;

/** Whether a moment measured in the field (a reading, a turn's end) is still to come at `nowMs`. */
export const isMomentAhead = (atMs: number, nowMs: number) => atMs > nowMs + CLOCK_SLACK_MS;

/** The local wall clock at an instant to the minute, "YYYY-MM-DDTHH:MM", as a moment field holds it. */
export const localMomentOf = (at: Date | number, timeZone: string) => wallIso(at, timeZone).slice(0, 16);

/**
 * The instant a local wall-clock reading names (a moment "YYYY-MM-DDTHH:MM", or a day's midnight)
 * and the reading's first guess at it: the offset at the guess may differ from the one at the
 * reading's own time (a DST change between them), so the instant is read again with the guess's.
 */
function wallInstantMs(wall: string, timeZone: string): { guess: number; instant: number } {
  const asUtc = Date.parse(`${wall}Z`);
  const guess = asUtc - utcOffsetMs(asUtc, timeZone);
  return { guess, instant: asUtc - utcOffsetMs(guess, timeZone) };
}

/** The instant a local moment ("YYYY-MM-DDTHH:MM") names on the zone's clock. */
export const momentMs = (moment: string, timeZone: string) => wallInstantMs(`${moment}:00`, timeZone).instant;

/** The instant a local calendar day begins (where a DST change skips midnight, the first instant after). */
export function dayStartMs(day: string, timeZone: string): number {
  const { guess, instant } = wallInstantMs(`${day}T00:00:00`, timeZone);
  return localDayOf(instant, timeZone) === day ? instant : guess;
}

/** [start, end) of the inclusive local days from…to, in epoch milliseconds. */
export const daysWindow = (from: string, to: string, timeZone: string) => ({
  fromMs: dayStartMs(from, timeZone),
  toMs: dayStartMs(nextDay(to), timeZone),
});

/**
 * [start, end) in epoch milliseconds of a period asked for by its bounds, each a local day or an
 * instant: `from` is a day's midnight or the instant itself, `to` the next day's midnight or the
 * instant's next millisecond (a Date's last), so that it is included. A bound left out is undefined.
 */
export function periodWindowMs(
  from: string | Date | undefined,
  to: string | Date | undefined,
  timeZone: string,
): { fromMs?: number; toMs?: number } {
  return {
    ...(from === undefined
      ? {}
      : { fromMs: typeof from === "string" ? dayStartMs(from, timeZone) : from.getTime() }),
    ...(to === undefined
      ? {}
      : { toMs: typeof to === "string" ? dayStartMs(nextDay(to), timeZone) : to.getTime() + 1 }),
  };
}

/**
 * "dd.MM.yyyy HH:mm" on the local clock, as acts are filled in by hand; without the year
 * ("dd.MM HH:mm") where the season makes it plain (an SMS, a printed schedule).
 */
export function formatLocalDateTime(at: Date | number | string, timeZone: string, withYear = true): string {
  const iso = wallIso(typeof at === "string" ? Date.parse(at) : at, timeZone);
  const date = `${iso.slice(8, 10)}.${iso.slice(5, 7)}${withYear ? `.${iso.slice(0, 4)}` : ""}`;
  return `${date} ${iso.slice(11, 16)}`;
}
