import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type PenaltyRule, penaltyFor } from "./penalty.js";

const daily: PenaltyRule = { kind: "daily", basisPointsPerDay: 10, graceDays: 10, capPercent: 20 };
const monthly: PenaltyRule = { kind: "monthly", percentPerMonth: 1, graceDays: 0, capPercent: 10 };

describe("late-payment penalty", () => {
  it("charges 0.1 % a day after the grace days, which are forgiven", () => {
    expect(penaltyFor(100_000, "2026-12-01", "2026-12-11", daily)).toBe(0); // 10 days: still in grace
    expect(penaltyFor(100_000, "2026-12-01", "2026-12-12", daily)).toBe(100); // 1 day charged
    expect(penaltyFor(100_000, "2026-12-01", "2027-01-10", daily)).toBe(3_000); // 40 − 10 = 30 days
  });

  it("charges a monthly percentage pro rata by day, a month being 30 days", () => {
    expect(penaltyFor(100_000, "2026-12-01", "2027-01-15", monthly)).toBe(1_500); // 45 days = 1.5 %
    expect(penaltyFor(1_001, "2026-12-01", "2026-12-16", monthly)).toBe(5); // 5.005 tyiyn rounds to 5
    expect(penaltyFor(1_000, "2026-12-01", "2026-12-16", { ...monthly, percentPerMonth: 1.5 })).toBe(8); // 7.5 → 8
  });

  it("stops at the cap, rounded down so it is never exceeded", () => {
    expect(penaltyFor(100_000, "2025-01-01", "2026-12-31", daily)).toBe(20_000);
    expect(penaltyFor(99_999, "2025-01-01", "2026-12-31", monthly)).toBe(9_999);
  });

  it("charges nothing before the due date or on nothing owed, and refuses a broken rule", () => {
    expect(penaltyFor(100_000, "2026-12-01", "2026-11-01", monthly)).toBe(0);
    expect(penaltyFor(0, "2025-12-01", "2026-12-01", monthly)).toBe(0);
    expect(penaltyFor(-500, "2025-12-01", "2026-12-01", monthly)).toBe(0);
    expect(() => penaltyFor(100, "2026-01-01", "2026-02-01", { ...daily, graceDays: -1 })).toThrow(
      /billing.invalidPenaltyRule/,
    );
    expect(() => penaltyFor(100, "2026-01-01", "2026-02-01", { ...monthly, percentPerMonth: 0.001 })).toThrow(
      /billing.invalidPenaltyRule/,
    );
  });

  it("grows with time, never beyond the cap, in whole tyiyn", () => {
    const rule = fc.oneof(
      fc.record({
        kind: fc.constant("daily" as const),
        basisPointsPerDay: fc.integer({ min: 0, max: 100 }),
        graceDays: fc.nat(30),
        capPercent: fc.integer({ min: 0, max: 100 }),
      }),
      fc.record({
        kind: fc.constant("monthly" as const),
        percentPerMonth: fc.integer({ min: 0, max: 500 }).map((x) => x / 100),
        graceDays: fc.nat(30),
        capPercent: fc.integer({ min: 0, max: 100 }),
      }),
    );
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 100_000_000 }),
        fc.nat(1000),
        fc.nat(1000),
        rule,
        (outstanding, a, b, r) => {
          const day = (n: number) => new Date(Date.UTC(2026, 0, 1 + n)).toISOString().slice(0, 10);
          const early = penaltyFor(outstanding, "2026-01-01", day(Math.min(a, b)), r);
          const late = penaltyFor(outstanding, "2026-01-01", day(Math.max(a, b)), r);
          expect(Number.isSafeInteger(late)).toBe(true);
          expect(early).toBeGreaterThanOrEqual(0);
          expect(late).toBeGreaterThanOrEqual(early);
          expect(late * 100).toBeLessThanOrEqual(outstanding * r.capPercent);
        },
      ),
    );
  });
});
