import { describe, expect, it } from "vitest";
import { addDays, daysBetween, earlierDay } from "./calendar.js";

describe("calendar days", () => {
  it("adds days across months, years and a leap day", () => {
    expect(addDays("2026-05-01", 30)).toBe("2026-05-31");
    expect(addDays("2026-12-31", 1)).toBe("2027-01-01");
    expect(addDays("2028-02-28", 1)).toBe("2028-02-29");
    expect(addDays("2027-04-01", -1)).toBe("2027-03-31");
  });

  it("is the inverse of daysBetween", () => {
    for (const [from, days] of [
      ["2026-01-15", 400],
      ["2024-02-29", -366],
    ] as const) {
      expect(daysBetween(from, addDays(from, days))).toBe(days);
    }
  });

  it("picks the earlier of two days, whichever comes first", () => {
    expect(earlierDay("2026-10-31", "2026-12-01")).toBe("2026-10-31");
    expect(earlierDay("2026-12-01", "2026-10-31")).toBe("2026-10-31");
    expect(earlierDay("2026-09-30", "2026-09-30")).toBe("2026-09-30");
    expect(earlierDay("2025-12-31", "2026-01-01")).toBe("2025-12-31");
  });
});
