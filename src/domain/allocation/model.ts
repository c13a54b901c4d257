import { DomainError, type FieldIssue } from "../shared/errors.js";

/**
 * One allocation case: the canal tree for a period (a decade or a day), the users at its outlets,
 * and the water at the head. Volumes are m³ over the period; a reach's capacity is the most it
 * can take in at its upstream end, and it delivers `efficiency` of what it takes in.
 */
export type AllocationPolicy = "equal-depth-per-hectare" | "equal-share-of-demand";
export const POLICIES: readonly AllocationPolicy[] = ["equal-depth-per-hectare", "equal-share-of-demand"];

export interface Reach {
  id: string;
  parent: string | null;
  capacityM3: number;
  efficiency: number;
}

export interface WaterUserDemand {
  id: string;
  /** The reach at whose downstream end the user takes water. */
  reach: string;
  demandM3: number;
  /** For equal depth per hectare: the irrigated area (any positive measure of entitlement). */
  weight: number;
  /** Served first (e.g. vulnerable households), shared max-min fairly if even these do not fit. */
  guaranteeM3?: number;
}

export interface AllocationCase {
  policy: AllocationPolicy;
  supplyM3: number;
  reaches: Reach[];
  users: WaterUserDemand[];
}

export type BoundBy = { kind: "demand" } | { kind: "reach"; reach: string } | { kind: "supply" };

export interface AllocationResult {
  users: { id: string; allocatedM3: number; boundBy: BoundBy }[];
  reaches: { id: string; inflowM3: number }[];
}

/** Every problem of a case at once, as field issues; throws `allocation.invalidCase` if any. */
export function validateCase(c: AllocationCase): void {
  const issues = [
    ...networkIssues(c.policy, c.reaches),
    ...periodIssues(c.policy, new Set(c.reaches.map((r) => r.id)), c.supplyM3, c.users, []),
  ];
  if (issues.length > 0) throw new DomainError("allocation.invalidCase", { count: issues.length }, issues);
}

/** The same for a season: the network once, then each period's supply and users. */
export function validateSeason(
  policy: AllocationPolicy,
  reaches: Reach[],
  periods: { supplyM3: number; users: WaterUserDemand[] }[],
) {
  const reachIds = new Set(reaches.map((r) => r.id));
  const issues = [
    ...networkIssues(policy, reaches),
    ...periods.flatMap((p, i) => periodIssues(policy, reachIds, p.supplyM3, p.users, ["periods", i])),
  ];
  if (issues.length > 0) throw new DomainError("allocation.invalidCase", { count: issues.length }, issues);
}

function networkIssues(policy: AllocationPolicy, reaches: Reach[]): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const add = (path: (string | number)[], code: string, params: Record<string, string | number> = {}) =>
    issues.push({ path, code, params });
  if (!POLICIES.includes(policy)) add(["policy"], "unknownPolicy", { value: String(policy) });
  const index = new Map<string, number>();
  reaches.forEach((r, i) => {
    if (index.has(r.id)) add(["reaches", i, "id"], "duplicateId", { id: r.id });
    index.set(r.id, i);
    if (!(r.capacityM3 >= 0) || !Number.isFinite(r.capacityM3))
      add(["reaches", i, "capacityM3"], "negative", { id: r.id });
    if (!(r.efficiency > 0 && r.efficiency <= 1))
      add(["reaches", i, "efficiency"], "efficiencyRange", { id: r.id });
  });
  reaches.forEach((r, i) => {
    if (r.parent !== null && !index.has(r.parent))
      add(["reaches", i, "parent"], "unknownParent", { id: r.id, parent: r.parent });
  });
  for (const cycle of findCycles(reaches, index)) {
    add(["reaches", index.get(cycle[0]!)!, "parent"], "cycle", { ids: cycle.join(" → ") });
  }
  return issues;
}

function periodIssues(
  policy: AllocationPolicy,
  reachIds: ReadonlySet<string>,
  supplyM3: number,
  users: WaterUserDemand[],
  at: (string | number)[],
): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const add = (path: (string | number)[], code: string, params: Record<string, string | number> = {}) =>
    issues.push({ path: [...at, ...path], code, params });
  const valid = (x: number) => x >= 0 && Number.isFinite(x);
  if (!valid(supplyM3)) add(["supplyM3"], "negative", { value: supplyM3 });
  const userIds = new Set<string>();
  // A plain loop: a season checks 36 × 20,000 users, and this runs before every allocation.
  for (let i = 0; i < users.length; i++) {
    const u = users[i]!;
    if (userIds.has(u.id)) add(["users", i, "id"], "duplicateId", { id: u.id });
    userIds.add(u.id);
    if (!reachIds.has(u.reach)) add(["users", i, "reach"], "unknownReach", { id: u.id, reach: u.reach });
    if (!valid(u.demandM3)) add(["users", i, "demandM3"], "negative", { id: u.id });
    if (!valid(u.weight)) add(["users", i, "weight"], "negative", { id: u.id });
    else if (policy === "equal-depth-per-hectare" && u.weight === 0 && u.demandM3 > 0) {
      add(["users", i, "weight"], "weightRequired", { id: u.id });
    }
    if (u.guaranteeM3 !== undefined && !valid(u.guaranteeM3))
      add(["users", i, "guaranteeM3"], "negative", { id: u.id });
  }
  return issues;
}

/** Parent chains that loop back on themselves, each cycle named once. */
function findCycles(reaches: readonly Reach[], index: ReadonlyMap<string, number>): string[][] {
  const state = new Map<string, "visiting" | "done">();
  const cycles: string[][] = [];
  for (const start of reaches) {
    const path: string[] = [];
    let id: string | null = start.id;
    while (id !== null && !state.has(id)) {
      state.set(id, "visiting");
      path.push(id);
      const i = index.get(id);
      id = i === undefined ? null : reaches[i]!.parent;
      if (id !== null && !index.has(id)) id = null;
    }
    if (id !== null && state.get(id) === "visiting") cycles.push(path.slice(path.indexOf(id)));
    for (const p of path) state.set(p, "done");
  }
  return cycles;
}
