import highsModule from "highs";
import type { AllocationCase } from "../../src/domain/allocation/model.js";
import type { RotationInput } from "../../src/domain/allocation/rotation.js";

/**
 * The independent reference: lexicographic max-min fairness solved as rounds of linear programs
 * with HiGHS, the way a consultant would do it. Each round maximises the common level t of the
 * users not yet frozen; users under a binding row (a reach or the head, by its dual) and users at
 * their demand freeze at that level; repeat. Where duals are degenerate and a round freezes
 * nobody, one LP per candidate user decides. It knows nothing of trees: rows are just sums.
 */
// highs ships ESM typings in a package marked CommonJS, so under NodeNext TypeScript sees the
// module namespace where Node hands over the loader function itself.
const highsLoader = highsModule as unknown as typeof import("highs")["default"];
type Highs = Awaited<ReturnType<typeof highsLoader>>;
let solverPromise: Promise<Highs> | null = null;
export const loadHighs = () => {
  solverPromise ??= highsLoader();
  return solverPromise;
};

interface Row {
  name: string;
  terms: [user: number, coefficient: number][];
  limit: number;
}

const EPS = 1e-9;
// Rows sum thousands of users' volumes: default tolerances (1e-7) left whole cubic metres
// unallocated at 20,000 users, so the reference asks for tighter ones (in thousands of m³).
const SOLVER_OPTIONS = {
  output_flag: false,
  primal_feasibility_tolerance: 1e-9,
  dual_feasibility_tolerance: 1e-9,
} as const;
const num = (x: number) => (Number.isFinite(x) ? x.toPrecision(15).replace(/\.?0+(e|$)/, "$1") : "1e30");

/** Volumes go to the LP in thousands of m³, so its absolute tolerances sit well above rounding. */
const UNIT_M3 = 1000;

/** Allocated m³ per user, in the order of c.users; throws if a deadline passes. */
export async function allocateWithLp(
  original: AllocationCase,
  deadline = Number.POSITIVE_INFINITY,
): Promise<number[]> {
  const c: AllocationCase = {
    ...original,
    supplyM3: original.supplyM3 / UNIT_M3,
    reaches: original.reaches.map((r) => ({ ...r, capacityM3: r.capacityM3 / UNIT_M3 })),
    users: original.users.map((u) => ({
      ...u,
      demandM3: u.demandM3 / UNIT_M3,
      ...(u.guaranteeM3 === undefined ? {} : { guaranteeM3: u.guaranteeM3 / UNIT_M3 }),
    })),
  };
  const highs = await loadHighs();
  const rows = constraintRows(c);
  const demand = c.users.map((u) => u.demandM3);
  const guarantee = c.users.map((u) => Math.min(u.guaranteeM3 ?? 0, u.demandM3));
  const zero = c.users.map(() => 0);
  const guaranteed = guarantee.some((g) => g > 0)
    ? rounds(highs, rows, guarantee, zero, guarantee, deadline)
    : zero;
  const weight = c.policy === "equal-share-of-demand" ? demand : c.users.map((u) => u.weight);
  return rounds(highs, rows, weight, guaranteed, demand, deadline).map((x) => x * UNIT_M3);
}

/** One row per reach (its inflow) and one for the head, as sums over users. */
function constraintRows(c: AllocationCase): Row[] {
  return pathRows(
    c.reaches.map((r) => ({ ...r, limit: r.capacityM3 })),
    c.users.map((u) => u.reach),
    c.supplyM3,
  );
}

/**
 * One row per reach and one for the head (none when `headLimit` is not given), each the sum over
 * the items (users, outlets) below it of what an item takes at its reach's start.
 */
function pathRows(
  reaches: { id: string; parent: string | null; efficiency?: number; limit: number }[],
  itemReaches: string[],
  headLimit?: number,
): Row[] {
  const byId = new Map(reaches.map((r) => [r.id, r]));
  const rows = new Map<string, Row>(
    reaches.map((r, i) => [r.id, { name: `r${i}`, terms: [], limit: r.limit }]),
  );
  const head: Row = { name: "head", terms: [], limit: headLimit ?? 0 };
  itemReaches.forEach((reach, i) => {
    // Water delivered at the end of a reach costs 1/efficiency at its start, and so on upwards.
    let factor = 1;
    for (let r = byId.get(reach); r; r = r.parent === null ? undefined : byId.get(r.parent)) {
      factor /= r.efficiency ?? 1;
      rows.get(r.id)!.terms.push([i, factor]);
    }
    head.terms.push([i, factor]);
  });
  return [...rows.values(), ...(headLimit === undefined ? [] : [head])].filter((r) => r.terms.length > 0);
}

/**
 * A rotation cycle's lower bound: the shortest cycle T (hours) in which every outlet's water
 * (`volumeM3`, in the order of the outlets) could pass with flows free to vary continuously, no
 * gate above its flow and no reach, nor the head, above its capacity. Any schedule of turns is
 * such flows, so none is shorter. Solved as: maximise s = 1/T, each outlet's average flow
 * a = volume · s, under the rows of the reaches and the head.
 */
export async function cycleLowerBoundHours(input: RotationInput, volumeM3: number[]): Promise<number> {
  const highs = await loadHighs();
  const rows = pathRows(
    input.reaches.map((r) => ({ ...r, limit: r.capacityLps })),
    input.outlets.map((o) => o.reach),
    input.supplyLps,
  );
  const lines = ["Maximize", " obj: s", "Subject To"];
  // a in l/s, s in cycles per hour: a = volume (m³) · 1000 l/m³ ÷ 3600 s/h · s.
  volumeM3.forEach((v, k) => void lines.push(` v${k}: a${k} - ${num((v * 1000) / 3600)} s = 0`));
  for (const row of rows)
    lines.push(
      ` ${row.name}: ${row.terms.map(([k, f]) => `${num(f)} a${k}`).join(" + ")} <= ${num(row.limit)}`,
    );
  lines.push("Bounds");
  input.outlets.forEach((o, k) => void lines.push(` 0 <= a${k} <= ${num(o.flowLps)}`));
  lines.push("End");
  const solution = highs.solve(lines.join("\n"), SOLVER_OPTIONS);
  if (solution.Status !== "Optimal") throw new Error(`HiGHS: ${solution.Status}`);
  return 1 / solution.Columns.s!.Primal;
}

function rounds(
  highs: Highs,
  rows: Row[],
  weight: number[],
  lower: number[],
  upper: number[],
  deadline: number,
): number[] {
  const n = weight.length;
  const value = lower.slice();
  const frozen = weight.map((w, u) => !(upper[u]! > lower[u]! + EPS && w > 0));
  for (let u = 0; u < n; u++) if (frozen[u]) value[u] = Math.max(lower[u]!, Math.min(upper[u]!, lower[u]!));
  let lastLevel = -1;
  while (frozen.some((f) => !f)) {
    if (Date.now() > deadline) throw new Error("deadline");
    const maxLevel = Math.max(...upper.map((hi, u) => (frozen[u] ? 0 : hi / weight[u]!)));
    const lp = program(rows, weight, lower, upper, value, frozen, { maximise: "t", level: null, maxLevel });
    const solution = highs.solve(lp, SOLVER_OPTIONS);
    if (solution.Status !== "Optimal") throw new Error(`HiGHS: ${solution.Status}`);
    const level = solution.Columns.t!.Primal;
    let progress = false;
    for (let u = 0; u < n; u++) {
      if (!frozen[u] && upper[u]! <= level * weight[u]! * (1 + EPS) + EPS) {
        frozen[u] = true;
        value[u] = Math.max(lower[u]!, Math.min(upper[u]!, solution.Columns[`x${u}`]!.Primal));
        progress = true;
      }
    }
    const binding = new Set(
      (solution.Rows as { Name: string; Dual: number }[])
        .filter((r) => Math.abs(r.Dual) > EPS)
        .map((r) => r.Name),
    );
    for (const row of rows) {
      if (!binding.has(row.name)) continue;
      for (const [u] of row.terms) {
        if (!frozen[u]) {
          frozen[u] = true;
          // Pinned at the level, but never above what this feasible solution gave the user:
          // a value recomputed from t can exceed it by rounding and make the next round infeasible.
          value[u] = Math.max(lower[u]!, Math.min(level * weight[u]!, solution.Columns[`x${u}`]!.Primal));
          progress = true;
        }
      }
    }
    if (!progress || level <= lastLevel) {
      // Degenerate duals: ask each remaining user whether it can still grow at this level.
      for (let u = 0; u < n; u++) {
        if (frozen[u]) continue;
        const test = program(rows, weight, lower, upper, value, frozen, {
          maximise: `x${u}`,
          level,
          maxLevel,
        });
        const s = highs.solve(test, SOLVER_OPTIONS);
        const best = s.Status === "Optimal" ? s.Columns[`x${u}`]!.Primal : Number.POSITIVE_INFINITY;
        const atLevel = Math.max(lower[u]!, level * weight[u]!);
        if (best <= atLevel * (1 + 1e-7) + 1e-7) {
          frozen[u] = true;
          value[u] = atLevel;
          progress = true;
        }
      }
      if (!progress) throw new Error("lexicographic rounds made no progress");
    }
    lastLevel = level;
  }
  return value;
}

function program(
  rows: Row[],
  weight: number[],
  lower: number[],
  upper: number[],
  value: number[],
  frozen: boolean[],
  goal: { maximise: string; level: number | null; maxLevel: number },
): string {
  const lines = ["Maximize", ` obj: ${goal.maximise}`, "Subject To"];
  weight.forEach((w, u) => {
    if (!frozen[u]) {
      lines.push(
        goal.level === null ? ` l${u}: x${u} - ${num(w)} t >= 0` : ` l${u}: x${u} >= ${num(goal.level * w)}`,
      );
    }
  });
  for (const row of rows) {
    lines.push(
      ` ${row.name}: ${row.terms.map(([u, f]) => `${num(f)} x${u}`).join(" + ")} <= ${num(row.limit)}`,
    );
  }
  lines.push("Bounds");
  weight.forEach((_, u) => {
    lines.push(frozen[u] ? ` x${u} = ${num(value[u]!)}` : ` ${num(lower[u]!)} <= x${u} <= ${num(upper[u]!)}`);
  });
  if (goal.level === null) lines.push(` 0 <= t <= ${num(goal.maxLevel * 2 + 1)}`);
  lines.push("End");
  return lines.join("\n");
}
