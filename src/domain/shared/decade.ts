import { DomainError } from "./errors.js";

/**
 * A decade (декада) is a 10-day period of a month: days 1–10, 11–20 and 21 to the month's end.
 * Plans, orders and water balances are kept by decade. Dates are ISO calendar dates (YYYY-MM-DD)
 * with no time zone: a decade is a civil period, not an instant.
 */
export interface Decade {
  year: number;
  month: number; // 1–12
  index: 1 | 2 | 3;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function parseIsoDate(date: string): { year: number; month: number; day: number } {
  const m = ISO_DATE.exec(date);
  if (!m) throw new DomainError("date.invalid", { value: date });
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    throw new DomainError("date.invalid", { value: date });
  }
  return { year, month, day };
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

export function decadeOf(date: string): Decade {
  const { year, month, day } = parseIsoDate(date);
  return { year, month, index: day <= 10 ? 1 : day <= 20 ? 2 : 3 };
}

/** First and last day (inclusive) of a decade, as ISO dates. */
export function decadeRange(decade: Decade): { first: string; last: string; days: number } {
  const firstDay = (decade.index - 1) * 10 + 1;
  const lastDay = decade.index === 3 ? daysInMonth(decade.year, decade.month) : decade.index * 10;
  return {
    first: isoDate(decade.year, decade.month, firstDay),
    last: isoDate(decade.year, decade.month, lastDay),
    days: lastDay - firstDay + 1,
  };
}

/** "2026-07-2" names the second decade of July 2026; stable as a key in data and URLs. */
export function decadeKey(decade: Decade): string {
  return `${decade.year}-${String(decade.month).padStart(2, "0")}-${decade.index}`;
}

export function parseDecadeKey(key: string): Decade {
  const m = /^(\d{4})-(\d{2})-([123])$/.exec(key);
  const month = Number(m?.[2]);
  if (!m || month < 1 || month > 12) throw new DomainError("decade.invalid", { value: key });
  return { year: Number(m[1]), month, index: Number(m[3]) as 1 | 2 | 3 };
}

export function nextDecade(decade: Decade): Decade {
  if (decade.index < 3) return { ...decade, index: (decade.index + 1) as 2 | 3 };
  return decade.month === 12
    ? { year: decade.year + 1, month: 1, index: 1 }
    : { year: decade.year, month: decade.month + 1, index: 1 };
}

/** Every decade that overlaps the inclusive date range [from, to], in order. */
export function decadesBetween(from: string, to: string): Decade[] {
  if (from > to) throw new DomainError("date.rangeReversed", { from, to });
  const out: Decade[] = [];
  const last = decadeKey(decadeOf(to));
  for (let d = decadeOf(from); ; d = nextDecade(d)) {
    out.push(d);
    if (decadeKey(d) === last) return out;
  }
}

function isoDate(year: number, month: number, day: number): string {
  return `${year}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}
