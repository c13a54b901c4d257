import { DomainError, type FieldIssue } from "../shared/errors.js";

/** From the head intake, where the WUA takes water, down to the outlets (суу бөлгүч / водовыпуск) that serve fields. */
export type ReachKind = "head" | "main" | "secondary" | "tertiary" | "outlet";
export const REACH_KINDS: readonly ReachKind[] = ["head", "main", "secondary", "tertiary", "outlet"];

/** One reach of a canal network as it is stored: a flat row pointing at its parent. */
export interface NetworkRow {
  id: string;
  parentId: string | null;
  kind: ReachKind;
  /** The most the reach can carry at its upstream end. */
  capacityLps: number;
  /** Conveyance efficiency: the share of what enters that reaches the downstream end, 0 < e ≤ 1. */
  efficiency: number;
  /**
   * A child wider than its parent is usually a typing error, but not always (a reach rebuilt
   * larger before its parent, a night-storage pond): the hydro-technician says so explicitly.
   */
  capacityOverride?: boolean;
}

export interface OrderedReach extends NetworkRow {
  /** 0 for a root (the head), 1 for what it feeds, and so on. */
  depth: number;
  /** Position of the row in the input, for pointing at it in messages. */
  rowIndex: number;
}

/**
 * Checks a network and returns its reaches parents-first (breadth-first from the roots, in input
 * order), each with its depth. Every problem is collected as a field issue on its row, then one
 * `water.networkInvalid` is thrown. Linear in the number of rows, without recursion, so a long chain of
 * reaches cannot overflow the stack.
 */
export function validateNetwork(rows: readonly NetworkRow[]): OrderedReach[] {
  const n = rows.length;
  const issues: FieldIssue[] = [];
  const add = (row: number, field: string, code: string, params: Record<string, string | number>) =>
    issues.push({ path: [row, field], code, params });

  const indexOf = new Map<string, number>();
  for (let i = 0; i < n; i++) {
    const r = rows[i]!;
    if (indexOf.has(r.id)) add(i, "id", "networkDuplicateId", { id: r.id });
    else indexOf.set(r.id, i);
    if (!REACH_KINDS.includes(r.kind))
      add(i, "kind", "networkUnknownKind", { id: r.id, kind: String(r.kind) });
    if (!(r.capacityLps >= 0) || !Number.isFinite(r.capacityLps)) {
      add(i, "capacityLps", "networkNegativeCapacity", { id: r.id });
    }
    if (!(r.efficiency > 0 && r.efficiency <= 1))
      add(i, "efficiency", "networkEfficiencyRange", { id: r.id });
  }

  // -1: a root; a row whose parent is unknown is treated as a root so the other checks still run.
  const parentOf = new Int32Array(n).fill(-1);
  for (let i = 0; i < n; i++) {
    const r = rows[i]!;
    if (r.parentId === null) continue;
    const p = indexOf.get(r.parentId);
    if (p === undefined) {
      add(i, "parentId", "networkUnknownParent", { id: r.id, parentId: r.parentId });
      continue;
    }
    parentOf[i] = p;
    const parent = rows[p]!;
    // An outlet hands water to users, not to canals: the balance counts it as a leaf.
    if (parent.kind === "outlet")
      add(i, "parentId", "networkParentIsOutlet", { id: r.id, parentId: parent.id });
    if (r.capacityLps > parent.capacityLps && !r.capacityOverride) {
      add(i, "capacityLps", "networkCapacityExceedsParent", {
        id: r.id,
        parentId: parent.id,
        capacityLps: r.capacityLps,
        parentCapacityLps: parent.capacityLps,
      });
    }
  }

  for (const cycle of findCycles(parentOf)) {
    const ids = [...cycle, cycle[0]!].map((i) => rows[i]!.id).join(" → ");
    add(cycle[0]!, "parentId", "networkCycle", { ids });
  }

  if (issues.length > 0) {
    // Row by row reads better than check by check; the sort is stable within a row.
    issues.sort((a, b) => (a.path[0] as number) - (b.path[0] as number));
    throw new DomainError("water.networkInvalid", { count: issues.length }, issues);
  }
  return topologicalOrder(rows, parentOf);
}

/**
 * Each parent chain that loops, named once, listed from where the walk first met it. Every row is
 * walked at most once: a walk stops at a row already finished.
 */
function findCycles(parentOf: Int32Array): number[][] {
  const n = parentOf.length;
  const ON_PATH = 1;
  const DONE = 2;
  const state = new Uint8Array(n);
  const positionOnPath = new Int32Array(n);
  const cycles: number[][] = [];
  const path: number[] = [];
  for (let start = 0; start < n; start++) {
    if (state[start] !== 0) continue;
    path.length = 0;
    let j = start;
    while (j >= 0 && state[j] === 0) {
      state[j] = ON_PATH;
      positionOnPath[j] = path.length;
      path.push(j);
      j = parentOf[j]!;
    }
    if (j >= 0 && state[j] === ON_PATH) cycles.push(path.slice(positionOnPath[j]!));
    for (const k of path) state[k] = DONE;
  }
  return cycles;
}

function topologicalOrder(rows: readonly NetworkRow[], parentOf: Int32Array): OrderedReach[] {
  const n = rows.length;
  // Children in compressed rows (offsets into one array), in input order.
  const childStart = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) if (parentOf[i]! >= 0) childStart[parentOf[i]! + 1]!++;
  for (let i = 0; i < n; i++) childStart[i + 1]! += childStart[i]!;
  const fill = childStart.slice(0, n);
  const children = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const p = parentOf[i]!;
    if (p >= 0) children[fill[p]!++] = i;
  }

  const queue = new Int32Array(n);
  const depth = new Int32Array(n);
  let tail = 0;
  for (let i = 0; i < n; i++) if (parentOf[i] === -1) queue[tail++] = i;
  for (let head = 0; head < tail; head++) {
    const i = queue[head]!;
    for (let c = childStart[i]!; c < childStart[i + 1]!; c++) {
      const child = children[c]!;
      depth[child] = depth[i]! + 1;
      queue[tail++] = child;
    }
  }
  return Array.from(queue, (i) => ({ ...rows[i]!, depth: depth[i]!, rowIndex: i }));
}
