import { DomainError, type FieldIssue } from "./errors.js";

/**
 * A record of what has happened (a request handed in, a plot given up, a user who stopped taking
 * water) is dated on a day that has come on the organisation's clock: dated ahead, it took effect
 * at once (a plot ended in 2098 was ended from the moment it was saved). The register's rule too.
 */
export function dayAheadIssues(
  path: (string | number)[],
  day: string | null | undefined,
  today: string,
): FieldIssue[] {
  return day && day > today ? [{ path, code: "afterToday", params: { today } }] : [];
}

/** Refuses a day ahead as a field of the request (400 `validation.fields`). */
export function refuseDayAhead(path: (string | number)[], day: string | null | undefined, today: string) {
  const issues = dayAheadIssues(path, day, today);
  if (issues.length > 0) throw new DomainError("validation.fields", {}, issues);
}
