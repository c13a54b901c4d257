import { describe, expect, it } from "vitest";
import { dayAheadIssues } from "./day-ahead.js";

describe("dayAheadIssues", () => {
  it("names a day after today at its path, and lets today, an earlier day or none pass", () => {
    expect(dayAheadIssues(["endedOn"], "2026-12-08", "2026-12-07")).toEqual([
      { path: ["endedOn"], code: "afterToday", params: { today: "2026-12-07" } },
    ]);
    for (const day of ["2026-12-07", "2026-01-01", null, undefined])
      expect(dayAheadIssues(["endedOn"], day, "2026-12-07")).toEqual([]);
  });
});
