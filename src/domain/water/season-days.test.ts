import { describe, expect, it } from "vitest";
import { turnDayRefusal } from "./season-days.js";

const seasons = [
  { name: "2025", startsOn: "2025-04-01", endsOn: "2025-09-30" },
  { name: "2026", startsOn: "2026-04-01", endsOn: "2026-09-30" },
];

describe("a turn's day against the seasons", () => {
  it("takes a day a season holds, its first and last included", () => {
    expect(turnDayRefusal(seasons, "2026-04-01")).toBeNull();
    expect(turnDayRefusal(seasons, "2026-09-30")).toBeNull();
  });

  it("refuses a day between seasons at the turn's start, naming the nearest season's days", () => {
    const december = turnDayRefusal(seasons, "2025-12-05")!;
    expect(december.code).toBe("water.turnOutsideSeason");
    expect(december.params).toEqual({
      date: "2025-12-05",
      season: "2025",
      from: "2025-04-01",
      to: "2025-09-30",
    });
    expect(turnDayRefusal(seasons, "2026-03-20")!.params.season).toBe("2026");
    expect(december.fields).toEqual([
      {
        path: ["startedAt"],
        code: "outsideSeason",
        params: { date: "2025-12-05", from: "2025-04-01", to: "2025-09-30" },
      },
    ]);
  });

  it("says no season is open yet where there is none", () => {
    const none = turnDayRefusal([], "2026-05-01")!;
    expect(none.code).toBe("water.turnWithoutSeason");
    expect(none.fields[0]).toMatchObject({ path: ["startedAt"], code: "noSeason" });
  });
});
