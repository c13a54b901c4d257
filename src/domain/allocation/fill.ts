/**
 * Weighted max-min fair filling on a canal tree, exactly (no bisection).
 *
 * Every user grows with one common level t: x_u(t) = clamp(t·w_u, lo_u, hi_u). A reach's inflow as a
 * function of t is piecewise linear and non-decreasing: the users at its downstream end plus the
 * inflows of its child reaches, divided by its efficiency. When it reaches the reach's capacity at
 * level t*, progressive filling freezes every user below that reach, so the reach's inflow stays
 * constant beyond t*. Computing these capped functions from the tails up to the head, and capping
 * the sum at the head with the supply, gives each reach its t*; a user's final level is the least
 * t* on its path to the head. For nested (tree) constraints this is the lexicographic max-min
 * allocation, and it costs O(events × depth) with sorted merges instead of one LP per round.
 */

/** A piecewise linear non-decreasing function of the level: value at 0, then slope changes. */
interface Breakpoints {
  base: number;
  t: Float64Array;
  slopeChange: Float64Array;
}

export interface Tree {
  size: number;
  parent: Int32Array; // -1 for a reach that starts at the head
  efficiency: Float64Array;
  capacity: Float64Array;
  /** Children before parents. */
  postOrder: Int32Array;
  children: number[][];
}

export interface FillInput {
  reachOf: Int32Array;
  weight: Float64Array;
  lower: Float64Array;
  upper: Float64Array;
}

export interface FillResult {
  allocated: Float64Array;
  /** -2: own upper bound (demand), -1: the head's supply, ≥ 0: the reach whose capacity binds. */
  boundBy: Int32Array;
}

export function buildTree(
  parents: readonly number[],
  efficiency: readonly number[],
  capacity: readonly number[],
): Tree {
  const size = parents.length;
  const children: number[][] = Array.from({ length: size }, () => []);
  const roots: number[] = [];
  parents.forEach((p, i) => {
    if (p < 0) roots.push(i);
    else children[p]!.push(i);
  });
  const postOrder = new Int32Array(size);
  let k = 0;
  const stack: [number, number][] = roots.map((r) => [r, 0]);
  while (stack.length > 0) {
    const top = stack[stack.length - 1]!;
    const kids = children[top[0]]!;
    if (top[1] < kids.length) stack.push([kids[top[1]++]!, 0]);
    else {
      postOrder[k++] = top[0];
      stack.pop();
    }
  }
  return {
    size,
    parent: Int32Array.from(parents),
    efficiency: Float64Array.from(efficiency),
    capacity: Float64Array.from(capacity),
    postOrder,
    children,
  };
}

export function fill(tree: Tree, users: FillInput, supply: number): FillResult {
  const n = tree.size;
  const own = ownBreakpoints(tree.size, users);
  const levelCap = new Float64Array(n); // t* of each reach
  const inflow: (Breakpoints | null)[] = new Array(n).fill(null);
  for (const s of tree.postOrder) {
    const parts = [own[s]!];
    for (const c of tree.children[s]!) parts.push(inflow[c]!);
    const merged = scaleInPlace(mergeAll(parts), 1 / tree.efficiency[s]!);
    levelCap[s] = crossing(merged, tree.capacity[s]!);
    inflow[s] = cap(merged, levelCap[s]!);
    for (const c of tree.children[s]!) inflow[c] = null; // merged into the parent; free it
  }
  const roots: number[] = [];
  for (let s = 0; s < n; s++) if (tree.parent[s]! < 0) roots.push(s);
  const headLevel = crossing(mergeAll(roots.map((r) => inflow[r]!)), supply);

  // From the head down: the least t* on the path, and who sets it (the innermost reach on ties).
  const level = new Float64Array(n);
  const setBy = new Int32Array(n);
  for (let k = n - 1; k >= 0; k--) {
    const s = tree.postOrder[k]!;
    const p = tree.parent[s]!;
    const [above, aboveBy] = p < 0 ? [headLevel, -1] : [level[p]!, setBy[p]!];
    if (levelCap[s]! <= above) {
      level[s] = levelCap[s]!;
      setBy[s] = s;
    } else {
      level[s] = above;
      setBy[s] = aboveBy;
    }
  }

  const count = users.reachOf.length;
  const allocated = new Float64Array(count);
  const boundBy = new Int32Array(count);
  for (let u = 0; u < count; u++) {
    const lo = users.lower[u]!;
    const hi = users.upper[u]!;
    const w = users.weight[u]!;
    const r = users.reachOf[u]!;
    if (hi <= lo || w <= 0 || hi <= level[r]! * w) {
      allocated[u] = hi <= lo || w <= 0 ? lo : hi;
      boundBy[u] = hi <= lo || hi <= level[r]! * w ? -2 : setBy[r]!;
    } else {
      allocated[u] = Math.max(lo, level[r]! * w);
      boundBy[u] = setBy[r]!;
    }
  }
  return { allocated, boundBy };
}

/**
 * Each reach's own users as breakpoints: events dealt out to their reaches (a counting sort), then
 * each reach's short list sorted in place; a tertiary canal has tens of users, not thousands.
 */
function ownBreakpoints(reachCount: number, users: FillInput): Breakpoints[] {
  const count = users.reachOf.length;
  const base = new Float64Array(reachCount);
  const start = new Int32Array(reachCount + 1);
  for (let u = 0; u < count; u++) {
    const r = users.reachOf[u]!;
    base[r] = base[r]! + users.lower[u]!;
    if (users.upper[u]! > users.lower[u]! && users.weight[u]! > 0) start[r + 1] = start[r + 1]! + 2;
  }
  for (let r = 0; r < reachCount; r++) start[r + 1] = start[r + 1]! + start[r]!;
  const t = new Float64Array(start[reachCount]!);
  const slopeChange = new Float64Array(t.length);
  const cursor = start.slice(0, reachCount);
  for (let u = 0; u < count; u++) {
    const w = users.weight[u]!;
    if (!(users.upper[u]! > users.lower[u]! && w > 0)) continue;
    const at = cursor[users.reachOf[u]!]!;
    cursor[users.reachOf[u]!] = at + 2;
    t[at] = users.lower[u]! / w;
    slopeChange[at] = w;
    t[at + 1] = users.upper[u]! / w;
    slopeChange[at + 1] = -w;
  }
  const out: Breakpoints[] = new Array(reachCount);
  for (let r = 0; r < reachCount; r++) {
    sortTogether(t, slopeChange, start[r]!, start[r + 1]!);
    out[r] = {
      base: base[r]!,
      t: t.subarray(start[r]!, start[r + 1]!),
      slopeChange: slopeChange.subarray(start[r]!, start[r + 1]!),
    };
  }
  return out;
}

/** Sorts t[from..to) ascending, moving slopeChange along: insertion sort for short runs. */
function sortTogether(t: Float64Array, d: Float64Array, from: number, to: number) {
  if (to - from > 64) {
    const index = Array.from({ length: to - from }, (_, i) => from + i).sort((x, y) => t[x]! - t[y]!);
    const tt = index.map((i) => t[i]!);
    const dd = index.map((i) => d[i]!);
    t.set(tt, from);
    d.set(dd, from);
    return;
  }
  for (let i = from + 1; i < to; i++) {
    const ti = t[i]!;
    const di = d[i]!;
    let j = i - 1;
    while (j >= from && t[j]! > ti) {
      t[j + 1] = t[j]!;
      d[j + 1] = d[j]!;
      j--;
    }
    t[j + 1] = ti;
    d[j + 1] = di;
  }
}

/** Scales a function this node owns (its parts are merged copies), without another copy. */
function scaleInPlace(f: Breakpoints, factor: number): Breakpoints {
  if (factor === 1) return f;
  for (let k = 0; k < f.slopeChange.length; k++) f.slopeChange[k] = f.slopeChange[k]! * factor;
  return { base: f.base * factor, t: f.t, slopeChange: f.slopeChange };
}

/** Merges sorted breakpoint lists pairwise, as merge sort does: O(n log k) for k lists. */
function mergeAll(parts: Breakpoints[]): Breakpoints {
  let level = parts.filter((p) => p.t.length > 0 || p.base !== 0);
  if (level.length === 0) return { base: 0, t: new Float64Array(0), slopeChange: new Float64Array(0) };
  if (level.length === 1) {
    // Copy, so that scaling in place never touches a child's list.
    const only = level[0]!;
    return { base: only.base, t: only.t, slopeChange: only.slopeChange.slice() };
  }
  while (level.length > 1) {
    const next: Breakpoints[] = [];
    for (let i = 0; i < level.length; i += 2)
      next.push(i + 1 < level.length ? merge(level[i]!, level[i + 1]!) : level[i]!);
    level = next;
  }
  return level[0]!;
}

function merge(a: Breakpoints, b: Breakpoints): Breakpoints {
  const t = new Float64Array(a.t.length + b.t.length);
  const d = new Float64Array(t.length);
  let i = 0;
  let j = 0;
  let k = 0;
  while (i < a.t.length && j < b.t.length) {
    if (a.t[i]! <= b.t[j]!) {
      t[k] = a.t[i]!;
      d[k++] = a.slopeChange[i++]!;
    } else {
      t[k] = b.t[j]!;
      d[k++] = b.slopeChange[j++]!;
    }
  }
  for (; i < a.t.length; i++, k++) {
    t[k] = a.t[i]!;
    d[k] = a.slopeChange[i]!;
  }
  for (; j < b.t.length; j++, k++) {
    t[k] = b.t[j]!;
    d[k] = b.slopeChange[j]!;
  }
  return { base: a.base + b.base, t, slopeChange: d };
}

/** The least level at which the function exceeds the limit; Infinity if it never does. */
function crossing(f: Breakpoints, limit: number): number {
  let value = f.base;
  let slope = 0;
  let at = 0;
  for (let k = 0; k < f.t.length; k++) {
    const next = f.t[k]!;
    if (slope > 0) {
      const reached = value + slope * (next - at);
      if (reached > limit) return Math.max(at, at + (limit - value) / slope);
      value = reached;
    }
    at = next;
    slope += f.slopeChange[k]!;
  }
  // Rounding can leave a sliver of slope after the last user has stopped: that is no growth.
  if (slope > 1e-12 * Math.max(1, Math.abs(value))) return Math.max(at, at + (limit - value) / slope);
  return Number.POSITIVE_INFINITY;
}

/** The same function, constant from `level` on: everything below has frozen there. */
function cap(f: Breakpoints, level: number): Breakpoints {
  if (level === Number.POSITIVE_INFINITY) return f;
  let kept = 0;
  let slope = 0;
  while (kept < f.t.length && f.t[kept]! < level) slope += f.slopeChange[kept++]!;
  if (slope === 0)
    return { base: f.base, t: f.t.subarray(0, kept), slopeChange: f.slopeChange.subarray(0, kept) };
  const t = new Float64Array(kept + 1);
  const d = new Float64Array(kept + 1);
  t.set(f.t.subarray(0, kept));
  d.set(f.slopeChange.subarray(0, kept));
  t[kept] = level;
  d[kept] = -slope;
  return { base: f.base, t, slopeChange: d };
}
