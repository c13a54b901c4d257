import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CATALOG_LOCALES, pickName } from "../places/units.js";
import { CROPS, cropByCode, withOverrides } from "./crops.js";
import { effectiveRainDecade, effectiveRainMonthly } from "./effective-rain.js";
import { adjustCropForClimate, adjustKcForClimate, kcOnDay } from "./kc.js";
import { plotRequirement, seasonDecades, volumeAtHead } from "./requirement.js";

const test = {
  ...cropByCode("maize-grain")!,
  stagesDays: { initial: 10, development: 10, mid: 10, late: 10 },
  kc: { initial: 0.3, mid: 1.2, end: 0.4 },
};

describe("crops (FAO-56 Tables 11 and 12)", () => {
  it("has the region's crops with complete, plausible data", () => {
    expect(CROPS.map((c) => c.code)).toEqual(
      expect.arrayContaining([
        "maize-grain",
        "winter-wheat",
        "cotton",
        "potato",
        "alfalfa",
        "orchard",
        "grapes",
        "rice",
      ]),
    );
    for (const c of CROPS) {
      expect(c.kc.mid).toBeGreaterThanOrEqual(c.kc.initial);
      expect(Object.values(c.stagesDays).every((d) => d > 0)).toBe(true);
      // Named in every language of the catalogs (Uzbek in Latin letters comes from the Cyrillic).
      expect(CATALOG_LOCALES.filter((l) => !c.name[l])).toEqual([]);
    }
    expect(cropByCode("cotton")!.kc).toEqual({ initial: 0.35, mid: 1.175, end: 0.6 });
    expect(pickName(cropByCode("maize-grain")!.name, "uz-Latn")).toBe("Makkajoʻxori (don)");
  });

  it("waters alfalfa, cut several times, the whole season through", () => {
    const alfalfa = cropByCode("alfalfa")!;
    // 1 April to 27 October: every day of it needs water, July's at the averaged mid-season Kc.
    for (let day = 0; day < 210; day++) expect(kcOnDay(alfalfa, day)).toBeGreaterThan(0);
    expect(kcOnDay(alfalfa, 100)).toBe(0.95);
    expect(kcOnDay(alfalfa, 210)).toBe(0);
  });

  it("takes a WUA's own stage lengths over the table's", () => {
    expect(withOverrides(cropByCode("potato")!, { mid: 60 }).stagesDays).toEqual({
      initial: 25,
      development: 30,
      mid: 60,
      late: 30,
    });
  });
});

describe("crop coefficient", () => {
  it("adjusts Kc mid for climate by Eq. 62", () => {
    // Kc 1.2, u2 3 m/s, RHmin 30 %, h 2 m: 1.2 + (0.04 + 0.06) × (2/3)^0.3
    expect(adjustKcForClimate(1.2, 3, 30, 2)).toBeCloseTo(1.2 + 0.1 * (2 / 3) ** 0.3, 12);
    expect(adjustKcForClimate(1.2, 2, 45, 2)).toBe(1.2);
    // Low Kc end is left as it is.
    expect(
      adjustCropForClimate(cropByCode("barley")!, { windMps: 4, rhMinPct: 20 }, { windMps: 4, rhMinPct: 20 })
        .kc.end,
    ).toBe(0.25);
  });

  it("follows the FAO-56 curve: flat, rising, flat, falling", () => {
    expect([0, 9, 10, 15, 20, 29, 30, 35, 39, 40, -1].map((d) => kcOnDay(test, d))).toEqual([
      0.3,
      0.3,
      0.3,
      0.75,
      1.2,
      1.2,
      1.2,
      0.8,
      expect.closeTo(0.48, 12),
      0,
      0,
    ]);
  });
});

describe("effective rainfall", () => {
  it("follows USDA SCS as in CROPWAT, a fixed fraction, or dependable rain", () => {
    expect(effectiveRainMonthly(100, { kind: "usda-scs" })).toBe(84);
    expect(effectiveRainMonthly(300, { kind: "usda-scs" })).toBe(155);
    expect(effectiveRainMonthly(100, { kind: "fixed-fraction", fraction: 0.8 })).toBe(80);
    expect(effectiveRainMonthly(50, { kind: "dependable" })).toBe(20);
    expect(effectiveRainMonthly(100, { kind: "dependable" })).toBe(56);
    expect(effectiveRainMonthly(10, { kind: "dependable" })).toBe(0);
    // A decade of 10 mm in a 30-day month is treated as a 30 mm month: 30·(125−6)/125 = 28.56 → 9.52.
    expect(effectiveRainDecade(10, 10, 30, { kind: "usda-scs" })).toBeCloseTo(9.52, 10);
  });

  it("never exceeds the rain", () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1000, noNaN: true }), (p) => {
        for (const kind of ["usda-scs", "dependable"] as const) {
          expect(effectiveRainMonthly(p, { kind })).toBeLessThanOrEqual(p + 1e-9);
        }
      }),
    );
  });
});

describe("irrigation requirement", () => {
  const plot = { areaHa: 2, crop: test, plantingDate: "2026-07-01", method: "furrow" as const };
  const climate = [
    { decade: { year: 2026, month: 7, index: 1 as const }, et0MmPerDay: 6, rainMm: 0 },
    { decade: { year: 2026, month: 7, index: 2 as const }, et0MmPerDay: 6, rainMm: 31 },
  ];

  it("is ETc minus effective rain, in mm and m³, at the field", () => {
    const [first, second] = plotRequirement(plot, climate, { kind: "fixed-fraction", fraction: 0.5 });
    expect(first).toMatchObject({
      decade: "2026-07-1",
      daysInSeason: 10,
      etcMm: expect.closeTo(18, 10),
      effectiveRainMm: 0,
    });
    expect(first!.netM3).toBeCloseTo(18 * 10 * 2, 9);
    expect(first!.grossM3).toBeCloseTo(360 / 0.6, 9);
    // Days 10–19: Kc 0.30, 0.39 … 1.11, Σ Kc = 3 + 0.09 × 45 = 7.05; ETc 42.3 mm; rain 31 mm × 0.5.
    expect(second!.etcMm).toBeCloseTo(42.3, 9);
    expect(second!.effectiveRainMm).toBeCloseTo(15.5, 9);
    expect(second!.netMm).toBeCloseTo(26.8, 9);
  });

  it("is never negative and grows with the area", () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 50, noNaN: true }),
        fc.double({ min: 0, max: 400, noNaN: true }),
        (area, rain) => {
          const rows = plotRequirement(
            { ...plot, areaHa: area },
            climate.map((c) => ({ ...c, rainMm: rain })),
            { kind: "usda-scs" },
          );
          const bigger = plotRequirement(
            { ...plot, areaHa: area + 1 },
            climate.map((c) => ({ ...c, rainMm: rain })),
            { kind: "usda-scs" },
          );
          rows.forEach((r, i) => {
            expect(r.netM3).toBeGreaterThanOrEqual(0);
            expect(bigger[i]!.grossM3).toBeGreaterThanOrEqual(r.grossM3);
          });
        },
      ),
    );
  });

  it("knows the decades of a season and the water needed at the head", () => {
    expect(seasonDecades(plot).map((d) => `${d.month}-${d.index}`)).toEqual(["7-1", "7-2", "7-3", "8-1"]);
    expect(volumeAtHead(810, [0.9, 0.75])).toBeCloseTo(1200, 9);
  });
});
