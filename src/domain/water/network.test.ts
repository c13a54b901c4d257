import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DomainError } from "../shared/errors.js";
import { type NetworkRow, validateNetwork } from "./network.js";

const row = (id: string, parentId: string | null, over: Partial<NetworkRow> = {}): NetworkRow => ({
  id,
  parentId,
  kind: parentId === null ? "head" : "main",
  capacityLps: 1000,
  efficiency: 0.9,
  ...over,
});

function problems(rows: NetworkRow[]) {
  try {
    validateNetwork(rows);
  } catch (e) {
    if (!(e instanceof DomainError)) throw e;
    expect(e.code).toBe("water.networkInvalid");
    expect(e.params.count).toBe(e.fields.length);
    return e.fields.map((f) => ({ path: f.path, code: f.code, params: f.params }));
  }
  return [];
}

describe("validateNetwork", () => {
  it("orders reaches parents first, with their depth", () => {
    const ordered = validateNetwork([
      row("o1", "sec", { kind: "outlet", capacityLps: 50 }),
      row("sec", "main", { kind: "secondary", capacityLps: 300 }),
      row("main", "head", { capacityLps: 800 }),
      row("head", null),
    ]);
    expect(ordered.map((r) => [r.id, r.depth, r.rowIndex])).toEqual([
      ["head", 0, 3],
      ["main", 1, 2],
      ["sec", 2, 1],
      ["o1", 3, 0],
    ]);
  });

  it("collects every problem at once, each on its row and field", () => {
    expect(
      problems([
        row("head", null),
        row("a", "head", { efficiency: 0 }),
        row("a", "head", { capacityLps: -5 }),
        row("b", "nowhere"),
        row("c", "head", { capacityLps: 1500 }),
        row("d", "head", { capacityLps: 1500, capacityOverride: true }),
      ]),
    ).toEqual([
      { path: [1, "efficiency"], code: "networkEfficiencyRange", params: { id: "a" } },
      { path: [2, "id"], code: "networkDuplicateId", params: { id: "a" } },
      { path: [2, "capacityLps"], code: "networkNegativeCapacity", params: { id: "a" } },
      { path: [3, "parentId"], code: "networkUnknownParent", params: { id: "b", parentId: "nowhere" } },
      {
        path: [4, "capacityLps"],
        code: "networkCapacityExceedsParent",
        params: { id: "c", parentId: "head", capacityLps: 1500, parentCapacityLps: 1000 },
      },
    ]);
  });

  it("names each cycle once, including a reach that is its own parent", () => {
    expect(
      problems([row("head", null), row("x", "z"), row("y", "x"), row("z", "y"), row("self", "self")]).map(
        (p) => [p.code, p.params?.ids],
      ),
    ).toEqual([
      ["networkCycle", "x → z → y → x"],
      ["networkCycle", "self → self"],
    ]);
  });

  it("refuses a reach fed by an outlet, and an unknown kind", () => {
    const found = problems([
      row("head", null),
      row("o", "head", { kind: "outlet" }),
      row("t", "o", { kind: "tertiary" }),
      row("q", "head", { kind: "lateral" as NetworkRow["kind"] }),
    ]);
    expect(found.map((p) => [p.path, p.code])).toEqual([
      [[2, "parentId"], "networkParentIsOutlet"],
      [[3, "kind"], "networkUnknownKind"],
    ]);
  });

  it("handles a 50,000-reach chain, and a 50,000-reach loop, without recursion", () => {
    const n = 50_000;
    const chain = Array.from({ length: n }, (_, i) => row(`r${i}`, i === 0 ? null : `r${i - 1}`));
    const ordered = validateNetwork(chain.slice().reverse());
    expect(ordered[0]!.id).toBe("r0");
    expect(ordered[n - 1]!).toMatchObject({ id: `r${n - 1}`, depth: n - 1 });

    const loop = chain.map((r, i) => (i === 0 ? { ...r, parentId: `r${n - 1}` } : r));
    const found = problems(loop);
    expect(found).toHaveLength(1);
    expect(found[0]!.code).toBe("networkCycle");
  });

  it("checks a scattered tree of 10,000 reaches", () => {
    // Each reach hangs under an earlier one. How the time grows is for a benchmark, not a test.
    const big = Array.from({ length: 10_000 }, (_, i) =>
      row(`r${i}`, i === 0 ? null : `r${Math.floor(((i * 0.6180339887) % 1) * i)}`),
    );
    expect(validateNetwork(big)).toHaveLength(10_000);
  });
});

describe("validateNetwork properties", () => {
  it("puts every reach after its parent, one level deeper, for any tree", () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }), {
          minLength: 1,
          maxLength: 80,
        }),
        fc.array(fc.nat(), { minLength: 80, maxLength: 80 }),
        (choices, shuffle) => {
          const tree = choices.map((c, i) =>
            row(`r${i}`, i === 0 || c < 0.1 ? null : `r${Math.floor(c * i)}`),
          );
          const rows = tree
            .map((r, i) => ({ r, k: shuffle[i]! }))
            .sort((a, b) => a.k - b.k)
            .map((x) => x.r);
          const ordered = validateNetwork(rows);
          expect(ordered).toHaveLength(rows.length);
          const position = new Map(ordered.map((r, i) => [r.id, i]));
          const depth = new Map(ordered.map((r) => [r.id, r.depth]));
          for (const r of ordered) {
            if (r.parentId === null) expect(r.depth).toBe(0);
            else {
              expect(position.get(r.parentId)!).toBeLessThan(position.get(r.id)!);
              expect(r.depth).toBe(depth.get(r.parentId)! + 1);
            }
          }
        },
      ),
    );
  });
});
