import { describe, expect, it } from "vitest";
import { monthCounts, monthGaps, monthlyNormals, type NormalDay } from "./normals.js";

const day = (
  date: string,
  et0Mm: number,
  rainMm: number | null,
  wind2mMps: number | null = 2,
): NormalDay => ({
  day: date,
  et0Mm,
  rainMm,
  tmaxC: 30,
  tminC: 15,
  tdewC: null,
  rhMinPct: 40,
  wind2mMps,
});
const month = (ym: string, length: number, et0Mm: number, rainMm: number | null, skip: number[] = []) =>
  Array.from({ length }, (_, i) => i + 1)
    .filter((d) => !skip.includes(d))
    .map((d) => day(`${ym}-${String(d).padStart(2, "0")}`, et0Mm, rainMm));

describe("WMO 3/5 rule", () => {
  it("counts a month with at most 5 days missing and at most 3 in a row", () => {
    const all = (skip: number[]) =>
      Array.from({ length: 31 }, (_, i) => i + 1).filter((d) => !skip.includes(d));
    expect(monthGaps(all([2, 3, 4, 10, 20]), 31)).toEqual({ missing: 5, longestRun: 3 });
    expect(monthCounts(all([2, 3, 4, 10, 20]), 31)).toBe(true);
    expect(monthCounts(all([2, 3, 4, 10, 20, 25]), 31)).toBe(false); // six missing
    expect(monthCounts(all([2, 3, 4, 5]), 31)).toBe(false); // four in a row
    expect(monthCounts(all([28, 29, 30, 31]), 31)).toBe(false); // a run at the month's end
    expect(monthCounts(all([]), 30)).toBe(true);
  });
});

describe("monthly normals from daily records", () => {
  it("leaves out months that fail the rule and says how many months each normal rests on", () => {
    const normals = monthlyNormals([
      ...month("2024-07", 31, 6, 1),
      ...month("2025-07", 31, 5, 2, [3, 9, 15]), // counts for ET0; its rain is incomplete
      ...month("2026-07", 31, 9, 0, [1, 2, 3, 4]), // four in a row: left out entirely
      ...month("2026-08", 10, 5, 0), // ten days of August only
    ]);
    expect(normals).toHaveLength(1);
    expect(normals[0]).toMatchObject({ month: 7, yearCount: 2, rainYearCount: 1, dayCount: 59 });
    expect(normals[0]!.et0MmPerDay).toBeCloseTo(5.5, 10);
    expect(normals[0]!.rainMm).toBeCloseTo(31, 10);
  });

  it("gives no rain normal, rather than 0 mm, when no month has every day's rain", () => {
    const [july] = monthlyNormals([...month("2025-07", 31, 5, null), ...month("2026-07", 31, 5, 3, [7])]);
    expect(july).toMatchObject({ rainMm: null, rainYearCount: 0, yearCount: 2 });
  });

  it("averages each month's own means, so a year is weighed once", () => {
    const [june] = monthlyNormals([
      ...month("2025-06", 30, 4, 0),
      ...month("2026-06", 30, 8, 0, [1, 10, 20, 25, 30]),
    ]);
    expect(june!.et0MmPerDay).toBe(6);
    expect(june!.rhMinPct).toBe(40);
    expect(june!.windMps).toBe(2);
  });
});
