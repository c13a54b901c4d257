import { describe, expect, it } from "vitest";
import { cropByCode } from "./crops.js";
import { plotRequirement } from "./requirement.js";
import { kcClimate, type PlanReach, seasonClimate, seasonPlan, typicalPlantingDate } from "./season-plan.js";

const maize = cropByCode("maize-grain")!;
const normals = Array.from({ length: 12 }, (_, i) => ({ month: i + 1, et0MmPerDay: 5, rainMm: 31 }));
const reaches: PlanReach[] = [
  { id: "h", parentId: null, code: "H", name: "Head", kind: "head", efficiency: 0.9 },
  { id: "m", parentId: "h", code: "M", name: "Main", kind: "main", efficiency: 0.8 },
  { id: "o1", parentId: "m", code: "O1", name: "Outlet 1", kind: "outlet", efficiency: 1 },
  { id: "o2", parentId: "h", code: "O2", name: "Outlet 2", kind: "outlet", efficiency: 0.5 },
];

describe("season climate", () => {
  it("takes a decade from daily records only when every day is there, else from the month's normal", () => {
    const days = Array.from({ length: 10 }, (_, i) => ({
      day: `2026-07-${String(i + 1).padStart(2, "0")}`,
      et0Mm: 6,
      rainMm: i === 0 ? 4 : null,
    }));
    const climate = seasonClimate("2026-07-01", "2026-07-31", days, normals);
    expect(climate.map((c) => c.source)).toEqual(["daily", "normal", "normal"]);
    expect(climate[0]).toMatchObject({ et0MmPerDay: 6, rainMm: 4 });
    // 11 of July's 31 days of a 31 mm month.
    expect(climate[2]!.rainMm).toBeCloseTo(11, 10);
  });

  it("refuses a decade with neither records nor a normal", () => {
    expect(() => seasonClimate("2026-07-01", "2026-07-10", [], [])).toThrow(/planning.noClimate/);
  });
});

describe("season plan", () => {
  const climate = seasonClimate("2026-04-21", "2026-10-31", [], normals);
  const cropping = { areaHa: 2, crop: maize, plantingDate: "2026-04-25", method: "furrow" as const };
  const plan = seasonPlan(
    climate,
    [
      { waterUserId: "u1", waterUserName: "Asanov", outletId: "o1", cropping },
      { waterUserId: "u2", waterUserName: "Beshimov", outletId: "o2", cropping: { ...cropping, areaHa: 1 } },
    ],
    reaches,
    { kind: "usda-scs" },
  );
  const total = (v: number[]) => v.reduce((s, x) => s + x, 0);
  const gross = total(plotRequirement(cropping, climate, { kind: "usda-scs" }).map((r) => r.grossM3));

  it("gives each user the gross requirement of their plots", () => {
    expect(total(plan.users.find((u) => u.waterUserId === "u1")!.grossM3)).toBeCloseTo(gross, 6);
    expect(total(plan.users.find((u) => u.waterUserId === "u2")!.grossM3)).toBeCloseTo(gross / 2, 6);
  });

  it("divides by each reach's efficiency on the way up to the head", () => {
    const expectedHead = (gross / 1 / 0.8 + gross / 2 / 0.5) / 0.9;
    expect(plan.headTotalM3).toBeCloseTo(expectedHead, 4);
    const main = plan.reaches.find((r) => r.reachId === "m")!;
    expect(total(main.inflowM3)).toBeCloseTo(gross / 0.8, 4);
  });

  it("keeps every decade's head order at least the field demand (losses only add)", () => {
    plan.headM3.forEach((v, i) => {
      const field = plan.users.reduce((s, u) => s + u.grossM3[i]!, 0);
      expect(v).toBeGreaterThanOrEqual(field - 1e-9);
    });
  });

  it("refuses a plot whose outlet is not an outlet of the network", () => {
    expect(() =>
      seasonPlan(climate, [{ waterUserId: "u", waterUserName: "x", outletId: "m", cropping }], reaches, {
        kind: "none",
      }),
    ).toThrow(/planning.plotWithoutOutlet/);
  });
});

describe("Kc adjusted to the climate", () => {
  it("estimates RHmin from the dew point, or from Tmin, and takes 2 m/s where wind is unknown", () => {
    const c = kcClimate([
      { tmaxC: 30, tminC: 15, tdewC: 15, rhMinPct: null, wind2mMps: 4 },
      { tmaxC: 30, tminC: 15, tdewC: null, rhMinPct: null, wind2mMps: null },
      { tmaxC: 30, tminC: 15, tdewC: 5, rhMinPct: 50, wind2mMps: 3 },
    ])!;
    // e°(15)/e°(30) = 1.7056/4.2431 (FAO-56 Table 2.3).
    expect(c.rhMinPct).toBeCloseTo((2 * 40.2 + 50) / 3, 0);
    expect(c.windMps).toBe(3);
    expect(kcClimate([])).toBeNull();
  });

  it("raises the water need in dry, windy weather and keeps the table's Kc at u2 = 2, RHmin = 45", () => {
    const climate = seasonClimate("2026-05-01", "2026-09-30", [], normals);
    const line = {
      waterUserId: "u",
      waterUserName: "u",
      outletId: "o1",
      cropping: { areaHa: 1, crop: maize, plantingDate: "2026-05-01", method: "drip" as const },
    };
    const plan = (k: Parameters<typeof seasonPlan>[4]) =>
      seasonPlan(climate, [line], reaches, { kind: "none" }, k).headTotalM3;
    expect(plan({ windMps: 2, rhMinPct: 45, days: 1 })).toBeCloseTo(plan(null), 6);
    expect(plan({ windMps: 4, rhMinPct: 25, days: 1 })).toBeGreaterThan(plan(null));
  });
});

describe("typical planting date", () => {
  it("puts a crop sown after the season's end in the year before", () => {
    const season = { endsOn: "2026-09-30" };
    expect(typicalPlantingDate(maize, season)).toBe("2026-04-25");
    expect(typicalPlantingDate(cropByCode("winter-wheat")!, season)).toBe("2025-10-01");
  });
});
