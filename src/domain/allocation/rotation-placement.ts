/**
 * Where each outlet's run goes in a cycle (see rotation.ts): one by one at the earliest time its
 * draw fits under every reach above it and the head, else in the head's streams by McNaughton's
 * wrap-around rule; and the check that runs placed keep every reach within what it carries.
 */

/** The head's steady flow, as a reach above the canals' own. */
export const HEAD = Symbol("head");

/** A reach an outlet draws through: the flow it takes in for one l/s at the outlet, and its capacity. */
export interface Draw {
  reach: string | typeof HEAD;
  perLps: number;
  capacityLps: number;
}

/** An outlet's run in a cycle, in ms from its start; `wraps`: what passes its end goes on at its start. */
export interface Placement {
  from: number;
  to: number;
  wraps?: boolean;
}

interface Run {
  flowLps: number;
  ms: number;
  path: Draw[];
}

/**
 * Flows for runs that always fit where the head brings what the outlets take: the head's water
 * left beside the outlets running all the time is cut into equal streams, as wide as the
 * narrowest gate takes; an outlet whose water needs more than one stream over the period runs
 * all the time at its average instead (and the streams are cut again from what is left).
 */
export function streamFlows(
  gated: { mostLps: number; averageLps: number; steadyLps: number; allTheTime: boolean; path: Draw[] }[],
  headLeftLps: number,
): { flows: number[]; continuous: boolean[]; count: number } | undefined {
  const atHead = (k: number) => gated[k]!.path.at(-1)!.perLps;
  const continuous = gated.map((o) => o.allTheTime);
  let leftLps = headLeftLps;
  for (;;) {
    const rotating = gated.flatMap((_, k) => (continuous[k] ? [] : [k]));
    const narrowestLps = Math.min(...rotating.map((k) => gated[k]!.mostLps * atHead(k)));
    const count = rotating.length === 0 ? 0 : Math.ceil(leftLps / narrowestLps - 1e-9);
    if (rotating.length > 0 && !(count > 0)) return undefined;
    const streamLps = leftLps / count;
    const wider = rotating.filter((k) => gated[k]!.averageLps * atHead(k) > streamLps * (1 + 1e-9));
    if (wider.length === 0)
      return {
        flows: gated.map((o, k) => (continuous[k] ? o.steadyLps : streamLps / atHead(k))),
        continuous,
        count,
      };
    for (const k of wider) {
      continuous[k] = true;
      leftLps -= gated[k]!.averageLps * atHead(k);
    }
  }
}

/**
 * Runs at the stream flows, placed by McNaughton's wrap-around rule: each stream serves outlets one
 * after another, and a run the cycle's end cuts goes on at the start of the next stream. No run is
 * longer than the cycle, so its two parts never overlap, and no more run at once than there are
 * streams. None where the runs need more streams than there are.
 */
export function inStreams(
  runs: Run[],
  streams: { continuous: boolean[]; count: number },
  lengthMs: number,
): Placement[] | undefined {
  let position = 0; // along the streams laid end to end, at whole milliseconds
  const placed = runs.map((r, k): Placement => {
    if (streams.continuous[k]) return { from: 0, to: Math.round(r.ms) };
    const from = Math.round(position);
    position += r.ms;
    return { from: from % lengthMs, to: (from % lengthMs) + Math.round(position) - from, wraps: true };
  });
  return position <= streams.count * lengthMs + 1 ? placed : undefined;
}

/** Whether runs placed in a cycle keep every reach, and the head, within what it carries at every moment. */
export function withinReaches(runs: Run[], placed: Placement[], lengthMs: number): boolean {
  const events = new Map<string | typeof HEAD, { at: number; lps: number }[]>();
  runs.forEach((r, k) => {
    const { from, to, wraps } = placed[k]!;
    const parts =
      wraps && to > lengthMs
        ? [
            [from, lengthMs],
            [0, to - lengthMs],
          ]
        : [[from, to]];
    for (const { reach, perLps } of r.path) {
      const list = events.get(reach) ?? [];
      events.set(reach, list);
      for (const [start, end] of parts)
        list.push({ at: start!, lps: r.flowLps * perLps }, { at: end!, lps: -r.flowLps * perLps });
    }
  });
  const capacity = new Map(runs.flatMap((r) => r.path.map((d) => [d.reach, d.capacityLps] as const)));
  for (const [reach, list] of events) {
    // Ends before starts at the same moment: a run that ends lets the next begin.
    list.sort((a, b) => a.at - b.at || a.lps - b.lps);
    let lps = 0;
    for (const e of list) {
      lps += e.lps;
      if (lps > capacity.get(reach)! * (1 + 1e-9) + 1e-9) return false;
    }
  }
  return true;
}

/** What a reach carries over a cycle: `lps[i]` from `at[i]` to the next breakpoint (the last on to the end). */
interface Profile {
  at: number[];
  lps: number[];
}

/** The index of the profile's segment that starts at `t`, cutting the one that holds it there if need be. */
function cutAt(profile: Profile, t: number): number {
  const { at, lps } = profile;
  let low = 0;
  let high = at.length; // the first breakpoint after t
  while (low < high) {
    const mid = (low + high) >> 1;
    if (at[mid]! <= t) low = mid + 1;
    else high = mid;
  }
  const i = low - 1;
  if (at[i] === t) return i;
  at.splice(i + 1, 0, t);
  lps.splice(i + 1, 0, lps[i]!);
  return i + 1;
}

/**
 * Each outlet's run within a cycle (from, to in ms), placed at the earliest time its draw fits
 * under every reach above it and the head's flow, the outlets in the order given. Each reach keeps
 * what it carries as a profile, so a run's place is found in one pass over the profiles of its
 * path: the spans where its draw would not fit, and the first gap between them as long as the run.
 */
export function fitTogether(outlets: Run[]): Placement[] {
  const profiles = new Map<string | typeof HEAD, Profile>();
  const profileOf = (reach: string | typeof HEAD) => {
    const found = profiles.get(reach) ?? { at: [0], lps: [0] };
    profiles.set(reach, found);
    return found;
  };
  return outlets.map((o) => {
    const blocked: [number, number][] = [];
    let latestEnd = 0;
    for (const { reach, perLps, capacityLps } of o.path) {
      const { at, lps } = profileOf(reach);
      const roomLps = capacityLps * (1 + 1e-9) + 1e-9 - o.flowLps * perLps;
      latestEnd = Math.max(latestEnd, at.at(-1)!);
      at.forEach((t, i) => {
        if (lps[i]! > roomLps) blocked.push([t, at[i + 1] ?? Infinity]);
      });
    }
    blocked.sort((a, b) => a[0] - b[0]);
    let from = 0;
    for (const [start, end] of blocked) {
      if (from + o.ms <= start) break;
      from = Math.max(from, end);
    }
    // A draw no reach could ever carry starts after everything on its path, and overruns.
    if (!Number.isFinite(from)) from = latestEnd;
    if (o.ms > 0)
      for (const { reach, perLps } of o.path) {
        const profile = profileOf(reach);
        const first = cutAt(profile, from);
        const last = cutAt(profile, from + o.ms);
        for (let i = first; i < last; i++) profile.lps[i]! += o.flowLps * perLps;
      }
    return { from, to: from + o.ms };
  });
}
