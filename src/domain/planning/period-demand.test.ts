import { describe, expect, it } from "vitest";
import { plannedDemandInPeriod } from "./period-demand.js";

describe("planned demand over a period", () => {
  const plan = {
    decades: ["2026-07-1", "2026-07-2", "2026-07-3"],
    users: [
      { waterUserId: "a", name: "A", areaHa: 1, netM3: [0, 0, 0], grossM3: [1000, 2000, 1100] },
      { waterUserId: "b", name: "B", areaHa: 2, netM3: [0, 0, 0], grossM3: [500, 0, 0] },
    ],
  };

  it("takes a whole decade as planned", () => {
    const demand = plannedDemandInPeriod(plan, "2026-07-01", "2026-07-10");
    expect(demand.get("a")).toBeCloseTo(1000, 9);
    expect(demand.get("b")).toBeCloseTo(500, 9);
  });

  it("shares a decade by the days covered, across decades and the eleven-day third decade", () => {
    // 6–15 July: five days of the first decade (½), five of the second (½).
    expect(plannedDemandInPeriod(plan, "2026-07-06", "2026-07-15").get("a")).toBeCloseTo(500 + 1000, 9);
    // One day of the third decade (21–31 July has 11 days).
    expect(plannedDemandInPeriod(plan, "2026-07-31", "2026-07-31").get("a")).toBeCloseTo(100, 9);
  });

  it("counts nothing outside the plan", () => {
    expect(plannedDemandInPeriod(plan, "2026-08-01", "2026-08-10").get("a")).toBe(0);
  });
});
