import { dayAheadIssues } from "../shared/day-ahead.js";
import { parseIsoDate } from "../shared/decade.js";
import { DomainError } from "../shared/errors.js";

/** Whole days from one ISO calendar date to another (negative if `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return (dayNumber(to) - dayNumber(from)) / 86_400_000;
}

function dayNumber(date: string): number {
  const { year, month, day } = parseIsoDate(date);
  return Date.UTC(year, month - 1, day);
}

/** The ISO date `days` days after `date` (before it when negative). */
export function addDays(date: string, days: number): string {
  return new Date(dayNumber(date) + days * 86_400_000).toISOString().slice(0, 10);
}

/** The earlier of two ISO calendar dates (compared as days, never as numbers). */
export const earlierDay = (a: string, b: string): string => (daysBetween(a, b) < 0 ? b : a);

/**
 * Billing records what has happened: a payment received, a tariff's decision taken, documents
 * issued or penalties charged on a day still to come are refused, on the field that says it. (When
 * a tariff or a discount applies may lie ahead: a meeting sets next season's rates.)
 */
export function assertHappened(day: string, today: string, field: string) {
  const ahead = dayAheadIssues([field], day, today);
  if (ahead.length > 0) throw new DomainError("billing.dateInFuture", { date: day, today }, ahead);
}
