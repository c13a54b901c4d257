import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { canalThirds, compareGroups, depthMm, moldenGates } from "./equity.js";

const obs = (place: string, period: string, deliveredM3: number, requiredM3: number) => ({
  place,
  period,
  deliveredM3,
  requiredM3,
});

describe("Molden & Gates indicators", () => {
  it("are computed as the paper defines them, on a hand-checked case", () => {
    // Two users over two decades; ratios Q_D/Q_R: A 1.0 and 0.5, B 0.5 and 0.5.
    const m = moldenGates([
      obs("A", "d1", 100, 100),
      obs("A", "d2", 50, 100),
      obs("B", "d1", 50, 100),
      obs("B", "d2", 50, 100),
    ]);
    expect(m.adequacy).toBeCloseTo((1 + 0.5 + 0.5 + 0.5) / 4, 12);
    expect(m.efficiency).toBeCloseTo(1, 12);
    // A's ratios over time: mean 0.75, sd 0.25 → CV 1/3; B's: CV 0. Mean 1/6.
    expect(m.dependability).toBeCloseTo(1 / 6, 12);
    // d1 across places: 1.0 and 0.5 → CV 1/3; d2: CV 0. Mean 1/6.
    expect(m.equity).toBeCloseTo(1 / 6, 12);
  });

  it("says nothing of dependability from one period: steadiness over time needs two", () => {
    const m = moldenGates([obs("A", "d1", 50, 100), obs("B", "d1", 100, 100)]);
    expect(m.dependability).toBeNull();
    expect(m.equity).toBeCloseTo(1 / 3, 12);
    // A user seen twice counts; one seen once does not pull the mean towards 0.
    const two = moldenGates([obs("A", "d1", 100, 100), obs("A", "d2", 50, 100), obs("B", "d2", 50, 100)]);
    expect(two.dependability).toBeCloseTo(1 / 3, 12);
  });

  it("counts water beyond need against efficiency, not adequacy", () => {
    const m = moldenGates([obs("A", "d1", 200, 100)]);
    expect(m.adequacy).toBe(1);
    expect(m.efficiency).toBeCloseTo(0.5, 12);
  });

  it("stays within its ranges for any deliveries", () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            d: fc.nat(10_000),
            r: fc.integer({ min: 1, max: 10_000 }),
            p: fc.nat(5),
            t: fc.nat(5),
          }),
          {
            minLength: 1,
            maxLength: 60,
          },
        ),
        (rows) => {
          const m = moldenGates(rows.map((x) => obs(`u${x.p}`, `d${x.t}`, x.d, x.r)));
          for (const v of [m.adequacy, m.efficiency]) {
            expect(v).toBeGreaterThanOrEqual(0);
            expect(v).toBeLessThanOrEqual(1);
          }
          expect(m.dependability ?? 0).toBeGreaterThanOrEqual(0);
          expect(m.equity).toBeGreaterThanOrEqual(0);
        },
      ),
    );
  });
});

describe("where water went", () => {
  it("turns volume into depth: 1 mm on 1 ha is 10 m³", () => {
    expect(depthMm(500, 2.5)).toBe(20);
    expect(depthMm(500, 0)).toBe(0);
  });

  it("splits a canal's outlets into head, middle and tail thirds", () => {
    const thirds = canalThirds(["o1", "o2", "o3", "o4", "o5", "o6", "o7"]);
    expect([...thirds.values()]).toEqual(["head", "head", "middle", "middle", "middle", "tail", "tail"]);
    expect([...canalThirds(["a", "b", "c"]).values()]).toEqual(["head", "middle", "tail"]);
    expect([...canalThirds(["a", "b"]).values()]).toEqual(["head", "tail"]);
  });

  it("compares vulnerable households with the others on the same measures", () => {
    const summary = compareGroups([
      { group: "vulnerable", deliveredM3: 300, requiredM3: 600, areaHa: 1 },
      { group: "vulnerable", deliveredM3: 100, requiredM3: 400, areaHa: 1 },
      { group: "other", deliveredM3: 900, requiredM3: 1000, areaHa: 3 },
    ]);
    expect(summary).toEqual([
      {
        group: "other",
        users: 1,
        deliveredM3: 900,
        requiredM3: 1000,
        relativeSupply: 0.9,
        adequacy: 0.9,
        depthMm: 30,
      },
      {
        group: "vulnerable",
        users: 2,
        deliveredM3: 400,
        requiredM3: 1000,
        relativeSupply: 0.4,
        adequacy: 0.375,
        depthMm: 20,
      },
    ]);
  });
});
