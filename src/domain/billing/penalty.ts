import { DomainError } from "../shared/errors.js";
import { assertTyiyn, type Tyiyn } from "../shared/money.js";
import { daysBetween } from "./calendar.js";
import { divRoundHalfAwayFromZero, isQuantity, scaleQuantity, toTyiyn } from "./rounding.js";

/**
 * A late-payment penalty (пеня), if the WUA's rules have one: simple interest on the amount
 * outstanding, never compounded, either in basis points per day (10 bp = 0.1 % a day) or in
 * percent per month (a month counted as 30 days, pro rata by day).
 *
 * - The first `graceDays` days after the due date are forgiven, not merely deferred: on day
 *   `graceDays + n` past due, n days are charged.
 * - The penalty is capped at `capPercent` of the outstanding amount, rounded down so the cap is
 *   never exceeded.
 * - The exact amount is rounded once, half-up (rounding.ts).
 */
export type PenaltyRule = { graceDays: number; capPercent: number } & (
  | { kind: "daily"; basisPointsPerDay: number }
  | { kind: "monthly"; percentPerMonth: number }
);

export function penaltyFor(outstandingTyiyn: Tyiyn, dueDate: string, asOf: string, rule: PenaltyRule): Tyiyn {
  assertTyiyn(outstandingTyiyn, "outstandingTyiyn");
  assertRule(rule);
  const chargedDays = daysBetween(dueDate, asOf) - rule.graceDays;
  if (outstandingTyiyn <= 0 || chargedDays <= 0) return 0;
  const outstanding = BigInt(outstandingTyiyn);
  const days = BigInt(chargedDays);
  // Rates as exact integers: basis points of basis points (1e-8 per day), so both kinds share one division.
  const exact =
    rule.kind === "daily"
      ? divRoundHalfAwayFromZero(
          outstanding * days * scaleQuantity(rule.basisPointsPerDay),
          10_000n * 10_000n,
        )
      : divRoundHalfAwayFromZero(
          outstanding * days * scaleQuantity(rule.percentPerMonth / 100),
          10_000n * 30n,
        );
  const cap = (outstanding * scaleQuantity(rule.capPercent / 100)) / 10_000n;
  return toTyiyn(exact < cap ? exact : cap);
}

function assertRule(rule: PenaltyRule): void {
  const rate = rule.kind === "daily" ? rule.basisPointsPerDay : rule.percentPerMonth / 100;
  const ok =
    Number.isSafeInteger(rule.graceDays) &&
    rule.graceDays >= 0 &&
    isQuantity(rate) &&
    isQuantity(rule.capPercent / 100);
  if (!ok) throw new DomainError("billing.invalidPenaltyRule");
}
