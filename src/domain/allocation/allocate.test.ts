import { describe, expect, it } from "vitest";
import { allocate, allocateSeason } from "./allocate.js";
import type { AllocationCase } from "./model.js";

const reach = (id: string, parent: string | null, capacityM3: number, efficiency = 1) => ({
  id,
  parent,
  capacityM3,
  efficiency,
});
const user = (id: string, r: string, demandM3: number, weight: number, guaranteeM3?: number) => ({
  id,
  reach: r,
  demandM3,
  weight,
  ...(guaranteeM3 === undefined ? {} : { guaranteeM3 }),
});
const byId = (result: ReturnType<typeof allocate>) => Object.fromEntries(result.users.map((u) => [u.id, u]));

describe("allocation of scarce water", () => {
  it("gives equal depth per hectare when the head is short, after the canal's losses", () => {
    const result = allocate({
      policy: "equal-depth-per-hectare",
      supplyM3: 1000,
      reaches: [reach("main", null, 5000, 0.8)],
      users: [user("a", "main", 1000, 1), user("b", "main", 1000, 3)],
    });
    const u = byId(result);
    // 1000 m³ at the head delivers 800; shared 1:3 by area.
    expect(u.a!.allocatedM3).toBeCloseTo(200, 9);
    expect(u.b!.allocatedM3).toBeCloseTo(600, 9);
    expect(u.a!.boundBy).toEqual({ kind: "supply" });
    expect(result.reaches).toEqual([{ id: "main", inflowM3: expect.closeTo(1000, 9) }]);
  });

  it("gives everyone the same share of demand under the proportional rule", () => {
    const result = allocate({
      policy: "equal-share-of-demand",
      supplyM3: 600,
      reaches: [reach("main", null, 5000)],
      users: [user("a", "main", 300, 9), user("b", "main", 900, 1)],
    });
    const u = byId(result);
    expect(u.a!.allocatedM3 / 300).toBeCloseTo(0.5, 9);
    expect(u.b!.allocatedM3 / 900).toBeCloseTo(0.5, 9);
  });

  it("gives a user no more than their demand and shares the rest among the others", () => {
    const u = byId(
      allocate({
        policy: "equal-depth-per-hectare",
        supplyM3: 900,
        reaches: [reach("main", null, 5000)],
        users: [user("small", "main", 100, 1), user("b", "main", 1000, 1), user("c", "main", 1000, 1)],
      }),
    );
    expect(u.small).toMatchObject({ allocatedM3: 100, boundBy: { kind: "demand" } });
    expect(u.b!.allocatedM3).toBeCloseTo(400, 9);
    expect(u.c!.allocatedM3).toBeCloseTo(400, 9);
  });

  it("allocates nothing beyond a canal's capacity, and gives the rest to others", () => {
    const u = byId(
      allocate({
        policy: "equal-depth-per-hectare",
        supplyM3: 1000,
        reaches: [reach("main", null, 5000), reach("tail", "main", 100, 0.5)],
        users: [user("head-user", "main", 1000, 1), user("tail-user", "tail", 1000, 1)],
      }),
    );
    // The tail canal takes in 100 and loses half of it.
    expect(u["tail-user"]).toMatchObject({ allocatedM3: 50, boundBy: { kind: "reach", reach: "tail" } });
    expect(u["head-user"]!.allocatedM3).toBeCloseTo(900, 9);
    expect(u["head-user"]!.boundBy).toEqual({ kind: "supply" });
  });

  it("gives guarantees first, shared fairly when even they do not fit", () => {
    const u = byId(
      allocate({
        policy: "equal-depth-per-hectare",
        supplyM3: 300,
        reaches: [reach("main", null, 5000)],
        users: [
          user("vulnerable-1", "main", 400, 1, 200),
          user("vulnerable-2", "main", 400, 1, 400),
          user("other", "main", 400, 10),
        ],
      }),
    );
    // 600 m³ of guarantees, 300 of water: each guaranteed user gets half of their guarantee.
    expect(u["vulnerable-1"]!.allocatedM3).toBeCloseTo(100, 9);
    expect(u["vulnerable-2"]!.allocatedM3).toBeCloseTo(200, 9);
    expect(u.other!.allocatedM3).toBeCloseTo(0, 9);
  });

  it("runs the policy above the guarantees once they are met", () => {
    const u = byId(
      allocate({
        policy: "equal-depth-per-hectare",
        supplyM3: 1000,
        reaches: [reach("main", null, 5000)],
        users: [user("v", "main", 1000, 1, 500), user("a", "main", 1000, 1), user("b", "main", 1000, 1)],
      }),
    );
    // v keeps its 500; the other 500 go to a and b (each 250), who stay below v's level.
    expect(u.v!.allocatedM3).toBeCloseTo(500, 9);
    expect(u.a!.allocatedM3).toBeCloseTo(250, 9);
    expect(u.b!.allocatedM3).toBeCloseTo(250, 9);
  });

  it("serves several canals that start at the head, and users with no demand get nothing", () => {
    const result = allocate({
      policy: "equal-depth-per-hectare",
      supplyM3: 400,
      reaches: [reach("left", null, 1000), reach("right", null, 1000, 0.5)],
      users: [user("l", "left", 1000, 1), user("r", "right", 1000, 1), user("idle", "left", 0, 1)],
    });
    const u = byId(result);
    // Equal depth: x_l = x_r = x; cost at the head x + 2x = 400.
    expect(u.l!.allocatedM3).toBeCloseTo(400 / 3, 9);
    expect(u.r!.allocatedM3).toBeCloseTo(400 / 3, 9);
    expect(u.idle).toMatchObject({ allocatedM3: 0, boundBy: { kind: "demand" } });
  });

  it("meets every demand when there is water enough", () => {
    const result = allocate({
      policy: "equal-share-of-demand",
      supplyM3: 10_000,
      reaches: [reach("main", null, 10_000, 0.9), reach("sec", "main", 5000, 0.9)],
      users: [user("a", "main", 1000, 1), user("b", "sec", 2000, 1)],
    });
    expect(result.users.every((u) => u.boundBy.kind === "demand")).toBe(true);
    const inflow = Object.fromEntries(result.reaches.map((r) => [r.id, r.inflowM3]));
    expect(inflow.sec).toBeCloseTo(2000 / 0.9, 9);
    expect(inflow.main).toBeCloseTo((1000 + 2000 / 0.9) / 0.9, 9);
  });

  it("refuses a case with a cycle, an unknown parent or negative numbers, naming each problem", () => {
    const bad: AllocationCase = {
      policy: "equal-depth-per-hectare",
      supplyM3: -1,
      reaches: [reach("a", "b", 10), reach("b", "a", 10), reach("c", "nowhere", -5, 1.5)],
      users: [user("u", "ghost", -1, 1)],
    };
    try {
      allocate(bad);
      expect.unreachable();
    } catch (error) {
      const fields = (error as { fields: { path: (string | number)[]; code: string }[] }).fields;
      const codes = fields.map((f) => `${f.path.join(".")}:${f.code}`);
      expect(codes).toEqual(
        expect.arrayContaining([
          "supplyM3:negative",
          "reaches.2.capacityM3:negative",
          "reaches.2.efficiency:efficiencyRange",
          "reaches.2.parent:unknownParent",
          "reaches.0.parent:cycle",
          "users.0.reach:unknownReach",
          "users.0.demandM3:negative",
        ]),
      );
    }
  });
});

describe("a season of periods", () => {
  it("gives each period what allocating it alone gives, on one network checked once", () => {
    const reaches = [reach("main", null, 1000, 0.9), reach("tail", "main", 300, 0.8)];
    const periods = [400, 900, 2000].map((supplyM3, k) => ({
      supplyM3,
      users: [user("a", "main", 500 + 100 * k, 2), user("b", "tail", 400, 1, 100)],
    }));
    const season = allocateSeason({ policy: "equal-depth-per-hectare", reaches, periods });
    expect(season).toEqual(
      periods.map((p) => allocate({ policy: "equal-depth-per-hectare", reaches, ...p })),
    );
  });

  it("names the period of a bad entry", () => {
    expect(() =>
      allocateSeason({
        policy: "equal-share-of-demand",
        reaches: [reach("main", null, 10)],
        periods: [
          { supplyM3: 5, users: [] },
          { supplyM3: -5, users: [] },
        ],
      }),
    ).toThrow(
      expect.objectContaining({ fields: [expect.objectContaining({ path: ["periods", 1, "supplyM3"] })] }),
    );
  });
});
