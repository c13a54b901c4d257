import { describe, expect, it } from "vitest";
import { decadeKey, decadeOf, decadeRange, decadesBetween } from "./decade.js";

describe("decade", () => {
  it("puts days 1–10, 11–20 and 21–end in decades 1, 2 and 3", () => {
    expect(decadeOf("2026-07-10").index).toBe(1);
    expect(decadeOf("2026-07-11").index).toBe(2);
    expect(decadeOf("2026-07-31").index).toBe(3);
  });

  it("gives the third decade of February 8 or 9 days", () => {
    expect(decadeRange({ year: 2026, month: 2, index: 3 }).days).toBe(8);
    expect(decadeRange({ year: 2028, month: 2, index: 3 }).days).toBe(9);
  });

  it("lists 36 decades in a year", () => {
    const all = decadesBetween("2026-01-01", "2026-12-31");
    expect(all).toHaveLength(36);
    expect(decadeKey(all[35]!)).toBe("2026-12-3");
  });

  it("refuses an impossible date", () => {
    expect(() => decadeOf("2026-02-30")).toThrow(/date.invalid/);
  });
});
