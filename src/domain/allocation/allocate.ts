import { buildTree, fill, type Tree } from "./fill.js";
import {
  type AllocationCase,
  type AllocationPolicy,
  type AllocationResult,
  type BoundBy,
  type Reach,
  validateCase,
  validateSeason,
  type WaterUserDemand,
} from "./model.js";

/**
 * Allocates the water of one period: first the guarantees (max-min fair in x/guarantee when even
 * they do not fit), then the council's policy with those amounts as lower bounds:
 * equal depth per hectare (max-min fair in x/weight) or equal share of demand (in x/demand).
 */
export function allocate(c: AllocationCase): AllocationResult {
  validateCase(c);
  return allocateValid({
    policy: c.policy,
    reaches: c.reaches,
    periods: [{ supplyM3: c.supplyM3, users: c.users }],
  })[0]!;
}

interface Season {
  policy: AllocationPolicy;
  reaches: Reach[];
  periods: { supplyM3: number; users: WaterUserDemand[] }[];
}

/** Every period of a season (e.g. 36 decades) on one network, checked and built once. */
export function allocateSeason(season: Season): AllocationResult[] {
  validateSeason(season.policy, season.reaches, season.periods);
  return allocateValid(season);
}

function allocateValid(season: Season): AllocationResult[] {
  const reachIndex = new Map(season.reaches.map((r, i) => [r.id, i]));
  const tree = buildTree(
    season.reaches.map((r) => (r.parent === null ? -1 : reachIndex.get(r.parent)!)),
    season.reaches.map((r) => r.efficiency),
    season.reaches.map((r) => r.capacityM3),
  );
  return season.periods.map((p) =>
    allocatePeriod(tree, reachIndex, season.policy, season.reaches, p.supplyM3, p.users),
  );
}

function allocatePeriod(
  tree: Tree,
  reachIndex: ReadonlyMap<string, number>,
  policy: AllocationPolicy,
  reaches: Reach[],
  supplyM3: number,
  users: WaterUserDemand[],
): AllocationResult {
  const reachOf = Int32Array.from(users.map((u) => reachIndex.get(u.reach)!));
  const demand = Float64Array.from(users.map((u) => u.demandM3));
  const guarantee = Float64Array.from(users.map((u) => Math.min(u.guaranteeM3 ?? 0, u.demandM3)));

  const guaranteed = guarantee.some((g) => g > 0)
    ? fill(
        tree,
        { reachOf, weight: guarantee, lower: new Float64Array(guarantee.length), upper: guarantee },
        supplyM3,
      ).allocated
    : new Float64Array(guarantee.length);

  const weight = policy === "equal-share-of-demand" ? demand : Float64Array.from(users.map((u) => u.weight));
  const { allocated, boundBy } = fill(tree, { reachOf, weight, lower: guaranteed, upper: demand }, supplyM3);

  const reason = boundReasons(reaches);
  return {
    users: users.map((u, i) => ({ id: u.id, allocatedM3: allocated[i]!, boundBy: reason(boundBy[i]!) })),
    reaches: reachInflows(tree, reachOf, allocated).map((inflowM3, i) => ({ id: reaches[i]!.id, inflowM3 })),
  };
}

const BY_DEMAND: BoundBy = Object.freeze({ kind: "demand" });
const BY_SUPPLY: BoundBy = Object.freeze({ kind: "supply" });

/** One frozen reason per reach, shared by its users: a decade of 20,000 users allocates none. */
function boundReasons(reaches: Reach[]): (code: number) => BoundBy {
  const byReach: BoundBy[] = [];
  return (code) => {
    if (code === -2) return BY_DEMAND;
    if (code === -1) return BY_SUPPLY;
    byReach[code] ??= Object.freeze({ kind: "reach" as const, reach: reaches[code]!.id });
    return byReach[code]!;
  };
}

/** What each reach must take in to deliver the allocation below it, losses included. */
export function reachInflows(tree: Tree, reachOf: Int32Array, allocated: Float64Array): number[] {
  const outflow = new Float64Array(tree.size);
  reachOf.forEach((r, u) => {
    outflow[r] = outflow[r]! + allocated[u]!;
  });
  const inflow = new Array<number>(tree.size).fill(0);
  for (const s of tree.postOrder) {
    inflow[s] = outflow[s]! / tree.efficiency[s]!;
    const p = tree.parent[s]!;
    if (p >= 0) outflow[p] = outflow[p]! + inflow[s]!;
  }
  return inflow;
}
