import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatNumber, formatPercent, givenDecimals, numberFromText } from "./number-format.js";

describe("numberFromText", () => {
  it("reads a decimal comma or point, digits grouped by spaces, and a sign", () => {
    expect(numberFromText("0,5")).toBe(0.5);
    expect(numberFromText("0.5")).toBe(0.5);
    expect(numberFromText(",25")).toBe(0.25);
    expect(numberFromText("12,")).toBe(12);
    expect(numberFromText(" 1 234,5 ")).toBe(1234.5);
    expect(numberFromText("1\u00a0234\u202f567")).toBe(1234567);
    expect(numberFromText("-3")).toBe(-3);
    expect(numberFromText("+0,475")).toBe(0.475);
  });

  it("says empty for an empty text and invalid for what is no number, or two marks of either kind", () => {
    expect(numberFromText("  ")).toBeNull();
    for (const text of ["abc", "1,234.5", "1.234,5", "1,2,3", "0..5", "5 га", "1e3", "-", ",", "0x10"])
      expect(numberFromText(text)).toBe("invalid");
  });

  it("reads back every number as the pages write it, in every language", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -10_000_000, max: 10_000_000 }),
        fc.integer({ min: 0, max: 4 }),
        (n, d) => {
          const value = n / 10 ** d;
          for (const locale of ["ky", "ru", "uz", "tg"] as const)
            expect(numberFromText(formatNumber(value, locale, d))).toBeCloseTo(value, 10);
        },
      ),
    );
  });
});

describe("formatPercent", () => {
  it("keeps a percentage and its sign together with a no-break space, so a narrow cell never wraps the sign alone", () => {
    expect(formatPercent(82, "ky", 1)).toBe("82,0\u00a0%");
    expect(formatPercent(1234.5, "ru", 1)).toBe("1\u00a0234,5\u00a0%");
    expect(formatPercent(12.5, "en", 1)).toBe("12.5\u00a0%");
  });
});

describe("givenDecimals", () => {
  it("counts every decimal a number was given with, the exponent written out", () => {
    expect(givenDecimals(1e-9)).toBe(9);
    expect(givenDecimals(1.5e-7)).toBe(8);
    expect(givenDecimals(0.37)).toBe(2);
    expect(givenDecimals(-2)).toBe(0);
    expect(formatNumber(1e-9, "ky", givenDecimals(1e-9))).toBe("0,000000001");
  });
});
