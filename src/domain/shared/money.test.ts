import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { allocateProportionally, parseSom } from "./money.js";

describe("money", () => {
  it("parses som amounts to exact tyiyn", () => {
    expect(parseSom("1234.5")).toBe(123450);
    expect(parseSom("1 234,05")).toBe(123405);
    expect(parseSom("-12")).toBe(-1200);
    expect(() => parseSom("12.345")).toThrow(/money.unparseable/);
  });

  it("splits an amount proportionally so that the parts add up exactly", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -1e9, max: 1e9 }),
        fc.array(fc.integer({ min: 1, max: 1000 }), { minLength: 1, maxLength: 30 }),
        (total, weights) => {
          const parts = allocateProportionally(total, weights);
          expect(parts.reduce((a, b) => a + b, 0)).toBe(total);
          for (const p of parts) expect(Number.isInteger(p)).toBe(true);
        },
      ),
    );
  });
});
