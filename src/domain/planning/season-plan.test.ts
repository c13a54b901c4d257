import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CROPS, cropByCode } from "./crops.js";
import { adjustCropForClimate, adjustKcForClimate } from "./kc.js";
import { plotRequirement } from "./requirement.js";
import {
  kcAdjustment,
  type PlanReach,
  seasonClimate,
  seasonPlan,
  stageClimate,
  typicalPlantingDate,
} from "./season-plan.js";

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

  it("says where the station recorded no rain, which counts as none", () => {
    const dry = (rainMm: number | null) =>
      Array.from({ length: 10 }, (_, i) => ({
        day: `2026-07-${String(i + 1).padStart(2, "0")}`,
        et0Mm: 6,
        rainMm,
      }));
    expect(seasonClimate("2026-07-01", "2026-07-10", dry(null), normals)[0]).toMatchObject({
      rainMm: 0,
      rainRecorded: false,
    });
    expect(seasonClimate("2026-07-01", "2026-07-10", dry(0), normals)[0]).toMatchObject({
      rainMm: 0,
      rainRecorded: true,
    });
    const noRainNormal = normals.map((n) => ({ ...n, rainMm: null }));
    expect(seasonClimate("2026-07-11", "2026-07-20", [], noRainNormal)[0]!.rainRecorded).toBe(false);
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

  it("lists users by their numbers as numbers: 2 before 10", () => {
    const numbered = seasonPlan(
      climate,
      ["10. Мамбетов", "2. Токтосунова", "1. Асанов"].map((name, i) => ({
        waterUserId: `n${i}`,
        waterUserName: name,
        outletId: "o1",
        cropping,
      })),
      reaches,
      { kind: "usda-scs" },
    );
    expect(numbered.users.map((u) => u.name)).toEqual(["1. Асанов", "2. Токтосунова", "10. Мамбетов"]);
  });

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

describe("Kc adjusted to the climate of its own stages (FAO-56 Eq. 62)", () => {
  const day = (date: string, wind2mMps: number | null, rhMinPct: number | null) => ({
    day: date,
    tmaxC: 30,
    tminC: 15,
    tdewC: null,
    rhMinPct,
    wind2mMps,
  });
  const dates = (first: string, count: number) =>
    Array.from({ length: count }, (_, i) =>
      new Date(Date.parse(`${first}T00:00:00Z`) + i * 86_400_000).toISOString().slice(0, 10),
    );

  it("works Eq. 62 as the paper does: tomato Kc mid 1.15, h 0.6 m, u2 2.5 m/s, RHmin 30 % → 1.20", () => {
    // 1.15 + [0.04 (2.5 − 2) − 0.004 (30 − 45)] (0.6 / 3)^0.3 = 1.15 + 0.08 × 0.6170 = 1.1994
    expect(adjustKcForClimate(1.15, 2.5, 30, 0.6)).toBeCloseTo(1.1994, 4);
    // The paper bounds u2 to 1–6 m/s and RHmin to 20–80 %.
    expect(adjustKcForClimate(1.15, 9, 5, 0.6)).toBe(adjustKcForClimate(1.15, 6, 20, 0.6));
    expect(adjustKcForClimate(1.15, 0, 95, 0.6)).toBe(adjustKcForClimate(1.15, 1, 80, 0.6));
  });

  it("estimates RHmin from the dew point or Tmin, takes 2 m/s where wind is unknown, and fills gaps from normals", () => {
    const weather = {
      days: [
        { ...day("2026-07-01", 4, null), tdewC: 15 },
        day("2026-07-02", null, null),
        { ...day("2026-07-03", 3, 50), tdewC: 5 },
      ],
      normals: [{ month: 7, windMps: null, rhMinPct: 30 }],
    };
    const c = stageClimate("2026-07-01", 5, weather)!;
    // e°(15)/e°(30) = 1.7056/4.2431 (FAO-56 Table 2.3): 40.2 %; days 4 and 5 from July's normal.
    expect(c).toMatchObject({ dailyDays: 3, normalDays: 2 });
    expect(c.rhMinPct).toBeCloseTo((2 * 40.2 + 50 + 2 * 30) / 5, 0);
    expect(c.windMps).toBeCloseTo((4 + 2 + 3 + 2 + 2) / 5, 10);
    expect(stageClimate("2026-07-01", 5, { days: [], normals: [] })).toBeNull();
  });

  it("takes Kc mid from the mid-season stage's days and Kc end from the late stage's", () => {
    // Maize sown 25 April: initial 30 + development 40 days, mid 50 from 4 July, late 50 from 23 August.
    const mid = dates("2026-07-04", 50).map((d) => day(d, 4, 25));
    const late = dates("2026-08-23", 50).map((d) => day(d, 1.5, 60));
    const before = dates("2026-04-25", 70).map((d) => day(d, 8, 10));
    const a = kcAdjustment(maize, "2026-04-25", { days: [...before, ...mid, ...late], normals: [] });
    expect(a.mid).toEqual({ windMps: 4, rhMinPct: 25, dailyDays: 50, normalDays: 0 });
    expect(a.end).toEqual({ windMps: 1.5, rhMinPct: 60, dailyDays: 50, normalDays: 0 });
    expect(a.kcMid).toBeCloseTo(adjustKcForClimate(1.2, 4, 25, 2), 12);
    expect(a.kcEnd).toBeCloseTo(adjustKcForClimate(0.475, 1.5, 60, 2), 12);
    // A later planting moves both stages: its mid season is the calm, humid weather.
    expect(kcAdjustment(maize, "2026-06-13", { days: late, normals: [] }).mid?.rhMinPct).toBe(60);
  });

  it("gives the single-climate adjustment when every stage has the same climate", () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 10, noNaN: true }),
        fc.double({ min: 5, max: 100, noNaN: true }),
        fc.constantFrom(...CROPS),
        fc.boolean(),
        (wind, rhMin, crop, fromNormals) => {
          const normals = Array.from({ length: 12 }, (_, i) => ({
            month: i + 1,
            windMps: wind,
            rhMinPct: rhMin,
          }));
          const days = fromNormals ? [] : dates("2025-09-01", 500).map((d) => day(d, wind, rhMin));
          const a = kcAdjustment(crop, typicalPlantingDate(crop, { endsOn: "2026-09-30" }), {
            days,
            normals,
          });
          const same = adjustCropForClimate(
            crop,
            { windMps: wind, rhMinPct: rhMin },
            { windMps: wind, rhMinPct: rhMin },
          );
          expect(a.kcMid).toBeCloseTo(same.kc.mid, 9);
          expect(a.kcEnd).toBeCloseTo(same.kc.end, 9);
        },
      ),
      { numRuns: 60 },
    );
  });

  it("raises the water need in dry, windy weather, keeps the table's Kc at u2 = 2, RHmin = 45, and records what it used", () => {
    const climate = seasonClimate("2026-05-01", "2026-09-30", [], normals);
    const line = {
      waterUserId: "u",
      waterUserName: "u",
      outletId: "o1",
      cropping: { areaHa: 1, crop: maize, plantingDate: "2026-05-01", method: "drip" as const },
    };
    const weather = (windMps: number, rhMinPct: number) => ({
      days: [],
      normals: Array.from({ length: 12 }, (_, i) => ({ month: i + 1, windMps, rhMinPct })),
    });
    const plan = (w: Parameters<typeof seasonPlan>[4]) =>
      seasonPlan(climate, [line, line], reaches, { kind: "none" }, w);
    expect(plan(weather(2, 45)).headTotalM3).toBeCloseTo(plan(null).headTotalM3, 6);
    expect(plan(weather(4, 25)).headTotalM3).toBeGreaterThan(plan(null).headTotalM3);
    expect(plan(null).kcAdjustments).toEqual([]);
    const [recorded, ...others] = plan(weather(4, 25)).kcAdjustments;
    expect(others).toEqual([]);
    expect(recorded).toMatchObject({
      cropCode: "maize-grain",
      plantingDate: "2026-05-01",
      mid: { normalDays: 50 },
    });
  });
});

describe("typical planting date", () => {
  it("puts a crop sown after the season's end in the year before", () => {
    const season = { endsOn: "2026-09-30" };
    expect(typicalPlantingDate(maize, season)).toBe("2026-04-25");
    expect(typicalPlantingDate(cropByCode("winter-wheat")!, season)).toBe("2025-10-01");
  });
});
