import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  amountForQuantity,
  divRoundHalfAwayFromZero,
  ratePercent,
  scaleQuantity,
  sumQuantities,
} from "./rounding.js";

describe("billing rounding", () => {
  it("rounds halves away from zero and everything else to the nearest tyiyn", () => {
    expect(divRoundHalfAwayFromZero(5n, 2n)).toBe(3n);
    expect(divRoundHalfAwayFromZero(-5n, 2n)).toBe(-3n);
    expect(divRoundHalfAwayFromZero(14n, 10n)).toBe(1n);
    expect(divRoundHalfAwayFromZero(16n, 10n)).toBe(2n);
    expect(divRoundHalfAwayFromZero(0n, 7n)).toBe(0n);
  });

  it("charges a fractional quantity exactly, without float noise", () => {
    expect(amountForQuantity(0.37, 50_000)).toBe(18_500); // 0.37 ha at 500 som/ha = 185 som
    expect(amountForQuantity(12.3, 15)).toBe(185); // 184.5 tyiyn rounds up
    expect(amountForQuantity(0.1, 15)).toBe(2); // 1.5 tyiyn rounds up
    expect(amountForQuantity(0.0001, 4_999)).toBe(0); // 0.4999 tyiyn rounds down
  });

  it("sums quantities exactly before any rounding", () => {
    expect(sumQuantities(Array.from({ length: 10 }, () => 0.1))).toBe(1);
    expect(amountForQuantity(sumQuantities(Array.from({ length: 10 }, () => 0.1)), 15)).toBe(15);
  });

  it("refuses quantities with more than 4 decimals or below zero", () => {
    expect(() => scaleQuantity(0.00001)).toThrow(/billing.invalidQuantity/);
    expect(() => scaleQuantity(-1)).toThrow(/billing.invalidQuantity/);
    expect(() => scaleQuantity(Number.NaN)).toThrow(/billing.invalidQuantity/);
  });

  it("never strays more than half a tyiyn from the exact product", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 100_000_000 }),
        fc.integer({ min: 0, max: 1_000_000 }),
        (q, rate) => {
          const quantity = q / 10_000;
          const amount = amountForQuantity(quantity, rate);
          // Exact product in ten-thousandths of a tyiyn: |amount·10⁴ − q·rate| ≤ 5000.
          const error = BigInt(amount) * 10_000n - BigInt(q) * BigInt(rate);
          expect(error <= 5_000n && error >= -5_000n).toBe(true);
          if (error === -5_000n) throw new Error("a half was rounded down");
        },
      ),
    );
  });

  it("formats a rational as a percentage, rounded half-up", () => {
    expect(ratePercent({ numerator: 7, denominator: 8 })).toBe("87.5");
    expect(ratePercent({ numerator: 2, denominator: 3 }, 2)).toBe("66.67");
    expect(ratePercent({ numerator: 1, denominator: 3 }, 0)).toBe("33");
    expect(ratePercent({ numerator: 5, denominator: 4 })).toBe("125.0");
    expect(ratePercent({ numerator: 0, denominator: 0 })).toBeNull();
  });
});
