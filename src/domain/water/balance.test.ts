import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DomainError } from "../shared/errors.js";
import { type BalanceInput, type Delivery, type MeasuredVolume, waterBalance } from "./balance.js";
import type { NetworkRow, ReachKind } from "./network.js";

const reach = (id: string, parentId: string | null, kind: ReachKind): NetworkRow => ({
  id,
  parentId,
  kind,
  capacityLps: 1000,
  efficiency: 0.8,
});

// The head canal H feeds the secondary S1 and the outlet O1; S1 feeds the outlets O2 and O3.
const NETWORK: NetworkRow[] = [
  reach("H", null, "head"),
  reach("S1", "H", "secondary"),
  reach("O1", "H", "outlet"),
  reach("O2", "S1", "outlet"),
  reach("O3", "S1", "outlet"),
];

function codes(input: BalanceInput) {
  try {
    waterBalance(input);
  } catch (e) {
    if (!(e instanceof DomainError)) throw e;
    return [e.code, ...e.fields.map((f) => `${f.path.join(".")} ${f.code}`)];
  }
  return [];
}

describe("waterBalance", () => {
  it("balances a small network by hand", () => {
    const [p] = waterBalance({
      network: NETWORK,
      headInflows: [{ periodKey: "2026-06-1", volumeM3: 1000 }],
      measured: [{ periodKey: "2026-06-1", reachId: "S1", volumeM3: 600 }],
      deliveries: [
        { periodKey: "2026-06-1", outletId: "O1", volumeM3: 150 },
        { periodKey: "2026-06-1", outletId: "O1", volumeM3: 100 },
        { periodKey: "2026-06-1", outletId: "O2", volumeM3: 300 },
        { periodKey: "2026-06-1", outletId: "O3", volumeM3: 200 },
      ],
    });
    // H: in 1000 (the head), out 600 (S1) + 250 (O1) = 850. S1: in 600, out 300 + 200 = 500.
    expect(p!.canals).toEqual([
      { reachId: "H", inflowM3: 1000, outflowM3: 850, lossesM3: 150, efficiency: 0.85, missing: [] },
      { reachId: "S1", inflowM3: 600, outflowM3: 500, lossesM3: 100, efficiency: 500 / 600, missing: [] },
    ]);
    expect(p!.system).toEqual({
      receivedM3: 1000,
      deliveredM3: 750,
      lossesM3: 250,
      efficiency: 0.75,
      missing: [],
    });
  });

  it("names the missing data and leaves what depends on it empty, never guessing", () => {
    const [p] = waterBalance({
      network: NETWORK,
      headInflows: [{ periodKey: "2026-06-2", volumeM3: 800 }],
      measured: [],
      deliveries: [
        { periodKey: "2026-06-2", outletId: "O1", volumeM3: 200 },
        { periodKey: "2026-06-2", outletId: "O2", volumeM3: 250 },
      ],
    });
    expect(p!.canals).toEqual([
      {
        reachId: "H",
        inflowM3: 800,
        outflowM3: null,
        lossesM3: null,
        efficiency: null,
        missing: [{ kind: "reach-inflow", reachId: "S1" }],
      },
      {
        reachId: "S1",
        inflowM3: null,
        outflowM3: null,
        lossesM3: null,
        efficiency: null,
        missing: [
          { kind: "reach-inflow", reachId: "S1" },
          { kind: "outlet-volume", outletId: "O3" },
        ],
      },
    ]);
    expect(p!.system).toMatchObject({ receivedM3: 800, deliveredM3: 450, lossesM3: 350, efficiency: 0.5625 });
  });

  it("prefers an outlet's own measurement to the deliveries recorded there", () => {
    const [p] = waterBalance({
      network: NETWORK,
      headInflows: [{ periodKey: "p", volumeM3: 1000 }],
      measured: [
        { periodKey: "p", reachId: "S1", volumeM3: 600 },
        { periodKey: "p", reachId: "O1", volumeM3: 260 },
      ],
      deliveries: [{ periodKey: "p", outletId: "O1", volumeM3: 250 }],
    });
    expect(p!.canals[0]).toMatchObject({ reachId: "H", outflowM3: 860, lossesM3: 140 });
    expect(p!.system.deliveredM3).toBe(250);
  });

  it("gives no efficiency when nothing came in, and reports a missing head inflow", () => {
    const [p] = waterBalance({
      network: NETWORK,
      headInflows: [],
      measured: [
        { periodKey: "p", reachId: "H", volumeM3: 0 },
        { periodKey: "p", reachId: "S1", volumeM3: 0 },
        { periodKey: "p", reachId: "O1", volumeM3: 0 },
        { periodKey: "p", reachId: "O2", volumeM3: 0 },
        { periodKey: "p", reachId: "O3", volumeM3: 0 },
      ],
      deliveries: [],
    });
    expect(p!.canals[0]).toMatchObject({ inflowM3: 0, outflowM3: 0, lossesM3: 0, efficiency: null });
    expect(p!.system).toEqual({
      receivedM3: null,
      deliveredM3: 0,
      lossesM3: null,
      efficiency: null,
      missing: [{ kind: "head-inflow" }],
    });
  });

  it("needs each root's own measurement when the network has several roots", () => {
    const [p] = waterBalance({
      network: [...NETWORK, reach("H2", null, "head"), reach("O4", "H2", "outlet")],
      headInflows: [{ periodKey: "p", volumeM3: 1000 }],
      measured: [],
      deliveries: [{ periodKey: "p", outletId: "O4", volumeM3: 10 }],
    });
    expect(p!.canals.find((c) => c.reachId === "H2")!.missing).toEqual([
      { kind: "reach-inflow", reachId: "H2" },
    ]);
  });

  it("refuses unknown reaches, deliveries at canals, double measurements and bad volumes, all at once", () => {
    expect(
      codes({
        network: NETWORK,
        headInflows: [
          { periodKey: "p", volumeM3: 10 },
          { periodKey: "p", volumeM3: 12 },
        ],
        measured: [
          { periodKey: "p", reachId: "S9", volumeM3: 1 },
          { periodKey: "p", reachId: "S1", volumeM3: 1 },
          { periodKey: "p", reachId: "S1", volumeM3: -1 },
        ],
        deliveries: [{ periodKey: "p", outletId: "S1", volumeM3: Number.NaN }],
      }),
    ).toEqual([
      "water.balanceInvalid",
      "headInflows.1.periodKey balanceDuplicateHeadInflow",
      "measured.0.reachId balanceUnknownReach",
      "measured.2.reachId balanceDuplicateMeasurement",
      "measured.2.volumeM3 balanceInvalidVolume",
      "deliveries.0.outletId balanceNotAnOutlet",
      "deliveries.0.volumeM3 balanceInvalidVolume",
    ]);
    expect(
      codes({ network: [reach("A", "A", "main")], headInflows: [], measured: [], deliveries: [] })[0],
    ).toBe("water.networkInvalid");
  });
});

/**
 * A random canal tree with at least one outlet under every canal, whole-m³ deliveries at every
 * outlet, and each canal's inflow measured as what it passes on plus a chosen loss.
 */
const measuredNetwork = (withLosses: boolean) =>
  fc
    .record({
      parents: fc.array(fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }), {
        minLength: 1,
        maxLength: 15,
      }),
      outlets: fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 5000 })), {
        minLength: 1,
        maxLength: 40,
      }),
      losses: fc.array(fc.integer({ min: 0, max: 3000 }), { minLength: 15, maxLength: 15 }),
    })
    .map(({ parents, outlets, losses }) => {
      const canals = parents.map((c, i) => reach(`c${i}`, i === 0 ? null : `c${Math.floor(c * i)}`, "main"));
      const outletRows = [
        ...canals.map((c, i) => ({ row: reach(`o${i}`, c.id, "outlet"), volumeM3: 1 + i })),
        ...outlets.map(([at, volumeM3], j) => ({
          row: reach(`x${j}`, canals[at % canals.length]!.id, "outlet"),
          volumeM3,
        })),
      ];
      const deliveries: Delivery[] = outletRows.map((o) => ({
        periodKey: "p",
        outletId: o.row.id,
        volumeM3: o.volumeM3,
      }));
      // Children come after their parents, so walking backwards sums each subtree first.
      const inflow = new Map<string, number>();
      for (let i = canals.length - 1; i >= 0; i--) {
        const id = canals[i]!.id;
        const passedOn =
          outletRows.filter((o) => o.row.parentId === id).reduce((s, o) => s + o.volumeM3, 0) +
          canals.filter((c) => c.parentId === id).reduce((s, c) => s + inflow.get(c.id)!, 0);
        inflow.set(id, passedOn + (withLosses ? losses[i]! : 0));
      }
      const measured: MeasuredVolume[] = canals
        .slice(1)
        .map((c) => ({ periodKey: "p", reachId: c.id, volumeM3: inflow.get(c.id)! }));
      return {
        input: {
          network: [...canals, ...outletRows.map((o) => o.row)],
          headInflows: [{ periodKey: "p", volumeM3: inflow.get("c0")! }],
          measured,
          deliveries,
        },
        losses: new Map(canals.map((c, i) => [c.id, withLosses ? losses[i]! : 0])),
      };
    });

describe("water balance properties", () => {
  it("gives an efficiency of exactly 1 everywhere when nothing is lost", () => {
    fc.assert(
      fc.property(measuredNetwork(false), ({ input }) => {
        const [p] = waterBalance(input);
        for (const c of p!.canals) {
          expect(c.missing).toEqual([]);
          expect(c.lossesM3).toBe(0);
          expect(c.efficiency).toBe(1);
        }
        expect(p!.system.efficiency).toBe(1);
      }),
    );
  });

  it("finds each canal's own loss, and the canals' losses add up to the system's", () => {
    fc.assert(
      fc.property(measuredNetwork(true), ({ input, losses }) => {
        const [p] = waterBalance(input);
        for (const c of p!.canals) expect(c.lossesM3).toBe(losses.get(c.reachId));
        const total = p!.canals.reduce((s, c) => s + c.lossesM3!, 0);
        expect(total).toBe(p!.system.lossesM3);
        expect(p!.system.lossesM3).toBe(p!.system.receivedM3! - p!.system.deliveredM3);
        for (const c of p!.canals) {
          expect(c.efficiency!).toBeGreaterThan(0);
          expect(c.efficiency!).toBeLessThanOrEqual(1);
        }
      }),
    );
  });
});
