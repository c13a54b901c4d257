import { DomainError } from "../shared/errors.js";
import { DEFAULT_TIME_ZONE, localHourOf } from "../shared/local-time.js";
import { lapInPieces } from "./rotation-laps.js";
import {
  type Draw,
  fitTogether,
  HEAD,
  inStreams,
  type Placement,
  streamFlows,
  withinReaches,
} from "./rotation-placement.js";

/**
 * The rotation schedule (кезек · очередь полива): users on an outlet take turns whose length is
 * their water at the outlet's flow, head to tail. A cycle (often 7 days) repeats within the
 * period, the last one cut short where the period ends, each taking its share of everyone's
 * water by its length; each cycle starts its turns `shiftHours` later, wrapping round (a turn
 * that would pass the cycle's end goes on at its start), so night turns move from user to user
 * over the season.
 *
 * The head's water for the period arrives at a steady flow (a district's act gives a volume for a
 * decade), so no more can run at once than that flow brings, less what the canals lose on the
 * way: an outlet runs at the head's whole flow when its gate takes it, else the flow is shared
 * evenly by as few outlets as can carry it. Outlets under a reach run together only while their
 * draws fit its capacity; otherwise an outlet waits its turn too.
 */
export interface RotationOutlet {
  id: string;
  /** The reach feeding the outlet; capacities of it and its ancestors bound simultaneous flow. */
  reach: string;
  /** The most the outlet's gate passes. */
  flowLps: number;
  /** Users in order from the head of the outlet's field channel, with water for the whole period. */
  users: { id: string; volumeM3: number }[];
}

export interface RotationInput {
  periodStart: string; // ISO instant
  periodHours: number;
  cycleHours: number;
  shiftHours: number;
  /** The head's water for the period as a steady flow; none: only the canals' capacities bound. */
  supplyLps?: number;
  outlets: RotationOutlet[];
  /** `efficiency`: the share of what a reach takes in that it delivers (1 when not given). */
  reaches: { id: string; parent: string | null; capacityLps: number; efficiency?: number }[];
}

/**
 * A period cut in spans where users leave (see allocation/spans.ts), the spans one after another
 * from `periodStart`: each user's water in each span, 0 in one they take none in (after they left).
 */
export interface SpannedRotationInput extends Omit<RotationInput, "periodHours" | "outlets"> {
  spanHours: number[];
  outlets: (Omit<RotationOutlet, "users"> & { users: { id: string; spanM3: number[] }[] })[];
}

export interface Turn {
  id: string;
  outlet: string;
  user: string;
  cycle: number;
  start: string;
  end: string;
  volumeM3: number;
  manual: boolean;
}

export interface RotationSchedule {
  turns: Turn[];
  /** Outlets whose turns could not fit in a cycle under the canals' capacities. */
  overruns: { outlet: string; cycle: number; hours: number }[];
}

const HOUR_MS = 3_600_000;

export function buildRotation(input: RotationInput): RotationSchedule {
  const { periodHours, outlets, ...rule } = input;
  return buildRotationInSpans({
    ...rule,
    spanHours: [periodHours],
    outlets: outlets.map((o) => ({ ...o, users: o.users.map((u) => ({ id: u.id, spanM3: [u.volumeM3] })) })),
  });
}

/**
 * The rotation of a period cut in spans where users leave. The cycles keep the period's grid
 * (every `cycleHours` from its start, numbered from 0): an archive day starts no cycle. Each span's
 * outlets run at the flows its water sets, and each part of a cycle in a span takes the span's
 * water of its days, so the head's steady flow holds span by span; but the cycle's order goes on
 * across the archive day: one turn each, head to tail, the turn the day cuts going on after it and
 * those who left skipped from then on (lapInPieces). No one has a turn after they left.
 */
export function buildRotationInSpans(input: SpannedRotationInput): RotationSchedule {
  if (!(input.cycleHours > 0) || input.spanHours.length === 0 || !input.spanHours.every((h) => h > 0))
    throw new DomainError("rotation.invalidCycle");
  const reachById = new Map(input.reaches.map((r) => [r.id, r]));
  for (const o of input.outlets) {
    if (!(o.flowLps > 0)) throw new DomainError("rotation.noFlow", { outlet: o.id });
    if (!reachById.has(o.reach))
      throw new DomainError("rotation.unknownReach", { outlet: o.id, reach: o.reach });
  }
  // Each reach from the outlet's up to the head, with the flow it must take in for one l/s at the
  // outlet (what is lost below it counted), and its capacity.
  const draws = (o: { reach: string }) => {
    const found: Draw[] = [];
    let perLps = 1;
    for (let r = reachById.get(o.reach); r; r = r.parent === null ? undefined : reachById.get(r.parent)) {
      perLps /= r.efficiency ?? 1;
      found.push({ reach: r.id, perLps, capacityLps: r.capacityLps });
    }
    if (input.supplyLps !== undefined)
      found.push({ reach: HEAD, perLps, capacityLps: Math.max(input.supplyLps, 0) });
    return found;
  };
  const flows = input.spanHours.map((hours, span) =>
    spanFlows(
      hours,
      input.supplyLps,
      input.outlets.flatMap((o) => {
        const waterM3 = o.users.reduce((sum, u) => sum + (u.spanM3[span] ?? 0), 0);
        return waterM3 > 0 ? [{ id: o.id, flowLps: o.flowLps, path: draws(o), waterM3 }] : [];
      }),
    ),
  );

  const schedule: RotationSchedule = { turns: [], overruns: [] };
  const spanMs = input.spanHours.map((hours) => Math.round(hours * HOUR_MS));
  const periodMs = spanMs.reduce((sum, ms) => sum + ms, 0);
  const cycleMs = Math.round(input.cycleHours * HOUR_MS);
  for (let cycle = 0; cycle < cycleCount(periodMs, cycleMs); cycle++) {
    const from = cycle * cycleMs;
    const to = from + Math.min(cycleMs, periodMs - from);
    // The cycle's part in each span it runs through, with that span's share of water for its days.
    const pieces: { span: number; startMs: number; lengthMs: number; share: number }[] = [];
    let spanStart = 0;
    spanMs.forEach((ms, span) => {
      const start = Math.max(from, spanStart);
      const end = Math.min(to, spanStart + ms);
      if (end > start)
        pieces.push({ span, startMs: start, lengthMs: end - start, share: (end - start) / ms });
      spanStart += ms;
    });
    const laps = new Map(
      input.outlets.map((o) => [
        o.id,
        lapInPieces(
          o.users.map((u) => ({ id: u.id, pieceM3: pieces.map((p) => (u.spanM3[p.span] ?? 0) * p.share) })),
        ),
      ]),
    );
    pieces.forEach((piece, k) => {
      const { turns, overruns } = rotateCycle(flows[piece.span]!, {
        cycle,
        startMs: Date.parse(input.periodStart) + piece.startMs,
        lengthMs: piece.lengthMs,
        // The cycle's shift is taken at its start; its rest after an archive day goes on at once.
        shiftMs: k === 0 ? Math.round(cycle * input.shiftHours * HOUR_MS) % piece.lengthMs : 0,
        idSuffix: k === 0 ? "" : `-${k}`,
        lapOf: (outlet) => laps.get(outlet)?.[k] ?? [],
      });
      schedule.turns.push(...turns);
      schedule.overruns.push(...overruns);
    });
  }
  return schedule;
}

/** An outlet as a span runs it: the flow of its runs, and the average that spreads its water over the span. */
interface OutletFlow {
  id: string;
  path: Draw[];
  flowLps: number;
  steadyLps: number;
}

interface SpanFlows {
  outlets: OutletFlow[];
  /** What the cycles fall back on where the runs placed one by one do not fit (see inStreams). */
  streams: ReturnType<typeof streamFlows>;
}

/**
 * What each outlet with water in a span runs at. The head's water arrives at a steady flow, so no
 * more runs at once than it brings: an outlet whose water takes the whole span even at its most
 * runs all the time at its average, and the others share what the head brings beside those.
 */
function spanFlows(
  hours: number,
  supplyLps: number | undefined,
  outlets: { id: string; flowLps: number; path: Draw[]; waterM3: number }[],
): SpanFlows {
  // The most each outlet can run at (its gate, and every reach above it), and the flow that
  // spreads its water over the whole span (m³ → l ÷ s).
  const spanS = hours * 3600;
  const gated = outlets.map((o) => {
    const mostLps = Math.min(o.flowLps, ...o.path.map((d) => d.capacityLps / d.perLps));
    const averageLps = (o.waterM3 * 1000) / spanS;
    // An outlet whose water takes the whole span even at its most runs all the time, at its average
    // (`steadyLps`, no more than it can take).
    const steadyLps = Math.min(mostLps, averageLps);
    return { ...o, mostLps, averageLps, steadyLps, allTheTime: averageLps >= mostLps * (1 - 1e-9) };
  });
  const headLeftLps =
    supplyLps === undefined
      ? Infinity
      : supplyLps -
        gated.filter((o) => o.allTheTime).reduce((sum, o) => sum + o.averageLps * o.path.at(-1)!.perLps, 0);
  return {
    outlets: gated.map((o) => {
      const headBrings = Math.max(headLeftLps, 1e-9) / o.path.at(-1)!.perLps;
      // A gate narrower than what the head brings shares it evenly with as few others as can carry it.
      const flowLps = o.allTheTime
        ? o.steadyLps
        : !Number.isFinite(headBrings)
          ? o.mostLps
          : o.mostLps < headBrings
            ? headBrings / Math.ceil(headBrings / o.mostLps)
            : headBrings;
      if (!(flowLps > 0)) throw new DomainError("rotation.noFlow", { outlet: o.id });
      return { id: o.id, path: o.path, flowLps, steadyLps: o.steadyLps };
    }),
    streams: supplyLps === undefined ? undefined : streamFlows(gated, headLeftLps),
  };
}

/**
 * One cycle's turns, or a cycle's part in one span: each outlet's run placed under the reaches and
 * the head, then cut in turns by its lap (the users' water in it, in order), shifted by `shiftMs`.
 */
function rotateCycle(
  flows: SpanFlows,
  piece: {
    cycle: number;
    startMs: number;
    lengthMs: number;
    shiftMs: number;
    idSuffix: string;
    lapOf: (outlet: string) => { id: string; volumeM3: number }[];
  },
): RotationSchedule {
  const { cycle, startMs: cycleStart, lengthMs, shiftMs: shift } = piece;
  const { streams } = flows;
  const turns: Turn[] = [];
  const overruns: RotationSchedule["overruns"] = [];
  // Milliseconds a user's water takes at a flow (m³ → l ÷ l/s → s).
  const durationOf = (flowLps: number, volumeM3: number) => ((volumeM3 * 1000) / flowLps) * 1000;
  const runsAt = (lps: number[]) =>
    flows.outlets.map((o, k) => {
      const users = piece.lapOf(o.id);
      return {
        ...o,
        users,
        flowLps: lps[k]!,
        ms: users.reduce((sum, u) => sum + durationOf(lps[k]!, u.volumeM3), 0),
      };
    });
  let runs = runsAt(flows.outlets.map((o) => o.flowLps));
  // At whole milliseconds, a run that follows another starting where that one ends.
  let offsets: Placement[] = fitTogether(runs).map((p) => ({
    from: Math.round(p.from),
    to: Math.round(p.to),
  }));
  // Placed one by one, runs can leave no room for the last where the water would fit: then the
  // head's streams (which know no reach below the head), else every outlet all the cycle at its
  // average, which fits wherever the period's water does.
  const overran = (placed: Placement[]) => placed.some((r) => !r.wraps && r.to > lengthMs + 1);
  if (overran(offsets) && streams) {
    const streamRuns = runsAt(streams.flows);
    const placed = inStreams(streamRuns, streams, lengthMs);
    if (placed && withinReaches(streamRuns, placed, lengthMs)) {
      runs = streamRuns;
      offsets = placed;
    }
  }
  if (overran(offsets)) {
    const steadyRuns = runsAt(flows.outlets.map((o) => o.steadyLps));
    const placed = steadyRuns.map((r) => ({ from: 0, to: Math.round(r.ms) }));
    if (!overran(placed) && withinReaches(steadyRuns, placed, lengthMs)) {
      runs = steadyRuns;
      offsets = placed;
    }
  }
  // A run that ends within a millisecond past the cycle's end (rounding) ends at it: wrapped,
  // that millisecond would start the cycle beside the run's own start.
  offsets = offsets.map((p) =>
    !p.wraps && p.to > lengthMs && p.to <= lengthMs + 1 ? { ...p, to: lengthMs } : p,
  );
  runs.forEach((o, k) => {
    const { from, to, wraps } = offsets[k]!;
    // A run that overflows the cycle is not wrapped onto its own start: it runs on, reported.
    const overrun = !wraps && to > lengthMs + 1;
    if (overrun) overruns.push({ outlet: o.id, cycle, hours: (to - lengthMs) / HOUR_MS });
    const runM3 = o.users.reduce((sum, u) => sum + u.volumeM3, 0);
    if (!(runM3 > 0)) return;
    let beforeM3 = 0;
    for (const u of o.users) {
      // The run is cut in turns at whole milliseconds by the users' water (one flow for all),
      // each user's end the next one's start and the last one's the run's end.
      const start = from + Math.round(((to - from) * beforeM3) / runM3);
      beforeM3 += u.volumeM3;
      const duration = from + Math.round(((to - from) * beforeM3) / runM3) - start;
      // Water of less than a millisecond's flow has no turn.
      if (duration <= 0) continue;
      // The shift moves the whole run later; what passes the cycle's end goes on at its start,
      // but for a run that overflows it, whose turns run on past the end as reported (wrapped,
      // they would draw beside turns the reaches had no room for).
      const begin = overrun ? start + shift : (start + shift) % lengthMs;
      const first = overrun ? duration : Math.min(duration, lengthMs - begin);
      const id = `${o.id}/${u.id}/${cycle}${piece.idSuffix}`;
      const part = (id: string, start: number, ms: number) =>
        turns.push({
          id,
          outlet: o.id,
          user: u.id,
          cycle,
          start: new Date(cycleStart + start).toISOString(),
          end: new Date(cycleStart + start + ms).toISOString(),
          volumeM3: (u.volumeM3 * ms) / duration,
          manual: false,
        });
      part(id, begin, first);
      if (duration > first) part(`${id}/2`, 0, duration - first);
    }
  });
  return { turns, overruns };
}

/** The cycles of a period: the last one cut short where it ends (a millisecond left over is rounding). */
const cycleCount = (periodMs: number, cycleMs: number) => Math.ceil((periodMs - 1) / cycleMs);

/** Hours of a turn that fall at night (20:00–06:00 on the clock of `timeZone`). */
export function nightHours(
  turn: Pick<Turn, "start" | "end">,
  timeZone = DEFAULT_TIME_ZONE,
  nightFrom = 20,
  nightTo = 6,
): number {
  let total = 0;
  const end = Date.parse(turn.end);
  for (let t = Date.parse(turn.start); t < end; ) {
    const next = Math.min(end, (Math.floor(t / HOUR_MS) + 1) * HOUR_MS);
    const hour = localHourOf(t, timeZone);
    if (hour >= nightFrom || hour < nightTo) total += (next - t) / HOUR_MS;
    t = next;
  }
  return total;
}

/**
 * A water master's change to one turn: a new start and/or length. The turn is flagged manual and
 * kept; a change that would overlap another turn on the same outlet is refused, naming it.
 */
export function adjustTurn(
  schedule: RotationSchedule,
  turnId: string,
  change: { start?: string; durationHours?: number },
  /**
   * Where a turn may lie, as instants: the run's period (the water it shares is that period's), and
   * for a user who has left (archived), the moment they left, after which they take no water.
   */
  bounds?: { periodStart: string; periodEnd: string; userLeft?: string | null },
): RotationSchedule {
  const turn = schedule.turns.find((t) => t.id === turnId);
  if (!turn) throw new DomainError("rotation.unknownTurn", { turn: turnId });
  const start = Date.parse(change.start ?? turn.start);
  const duration =
    change.durationHours !== undefined
      ? change.durationHours * HOUR_MS
      : Date.parse(turn.end) - Date.parse(turn.start);
  if (!Number.isFinite(start) || !(duration > 0))
    throw new DomainError("rotation.invalidChange", { turn: turnId });
  const end = start + duration;
  if (bounds && (start < Date.parse(bounds.periodStart) || end > Date.parse(bounds.periodEnd)))
    throw new DomainError("rotation.outsidePeriod", { from: bounds.periodStart, to: bounds.periodEnd });
  if (bounds?.userLeft && end > Date.parse(bounds.userLeft))
    throw new DomainError("rotation.afterUserLeft", { left: bounds.userLeft });
  const clash = schedule.turns.find(
    (t) =>
      t.id !== turnId && t.outlet === turn.outlet && Date.parse(t.start) < end && start < Date.parse(t.end),
  );
  if (clash) throw new DomainError("rotation.overlap", { turn: turnId, other: clash.id, user: clash.user });
  const changed: Turn = {
    ...turn,
    start: new Date(start).toISOString(),
    end: new Date(end).toISOString(),
    manual: true,
  };
  return { ...schedule, turns: schedule.turns.map((t) => (t.id === turnId ? changed : t)) };
}
