import { DomainError } from "../shared/errors.js";
import { DEFAULT_TIME_ZONE, localHourOf } from "../shared/local-time.js";

/**
 * The rotation schedule (кезек · очередь полива): users on an outlet take turns whose length is
 * their water at the outlet's flow, head to tail. A cycle (often 7 days) repeats within the
 * period; each cycle starts its turns `shiftHours` later, wrapping round, so night turns move
 * from user to user over the season. Outlets under a reach run together only while their flows
 * fit its capacity; otherwise an outlet waits its turn too.
 */
export interface RotationOutlet {
  id: string;
  /** The reach feeding the outlet; capacities of it and its ancestors bound simultaneous flow. */
  reach: string;
  flowLps: number;
  /** Users in order from the head of the outlet's field channel, with water for the whole period. */
  users: { id: string; volumeM3: number }[];
}

export interface RotationInput {
  periodStart: string; // ISO instant
  cycleHours: number;
  cycles: number;
  shiftHours: number;
  outlets: RotationOutlet[];
  reaches: { id: string; parent: string | null; capacityLps: number }[];
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
  if (!(input.cycleHours > 0) || !(input.cycles >= 1)) throw new DomainError("rotation.invalidCycle");
  const reachById = new Map(input.reaches.map((r) => [r.id, r]));
  for (const o of input.outlets) {
    if (!(o.flowLps > 0)) throw new DomainError("rotation.noFlow", { outlet: o.id });
    if (!reachById.has(o.reach))
      throw new DomainError("rotation.unknownReach", { outlet: o.id, reach: o.reach });
  }
  const path = (reach: string) => {
    const ids: string[] = [];
    for (let r = reachById.get(reach); r; r = r.parent === null ? undefined : reachById.get(r.parent))
      ids.push(r.id);
    return ids;
  };
  const start0 = Date.parse(input.periodStart);
  const cycleMs = input.cycleHours * HOUR_MS;
  // Hours each outlet runs in one cycle: its users' water at its flow (m³ → l ÷ l/s → s).
  const outletHours = input.outlets.map((o) =>
    o.users.reduce((h, u) => h + ((u.volumeM3 / input.cycles) * 1000) / o.flowLps / 3600, 0),
  );
  // Each outlet's offset within the cycle, fitted under every reach's capacity (earliest fit).
  const usage = new Map<string, { from: number; to: number; flow: number }[]>();
  const offsets = input.outlets.map((o, k) => {
    const hours = outletHours[k]!;
    const reaches = path(o.reach);
    const fits = (from: number) =>
      reaches.every((r) => {
        const cap = reachById.get(r)!.capacityLps;
        const busy = usage.get(r) ?? [];
        // Usage is piecewise constant; it peaks at the start of the window or of an interval in it.
        const points = [from, ...busy.map((b) => b.from).filter((t) => t > from && t < from + hours)];
        return points.every(
          (t) =>
            busy.filter((b) => b.from <= t && t < b.to).reduce((s, b) => s + b.flow, 0) + o.flowLps <=
            cap + 1e-9,
        );
      });
    const candidates = [0, ...reaches.flatMap((r) => (usage.get(r) ?? []).map((b) => b.to))].sort(
      (a, b) => a - b,
    );
    const from = candidates.find(fits) ?? Math.max(0, ...candidates);
    for (const r of reaches)
      usage.set(r, [...(usage.get(r) ?? []), { from, to: from + hours, flow: o.flowLps }]);
    return from;
  });

  const turns: Turn[] = [];
  const overruns: RotationSchedule["overruns"] = [];
  input.outlets.forEach((o, k) => {
    for (let cycle = 0; cycle < input.cycles; cycle++) {
      const cycleStart = start0 + cycle * cycleMs;
      const shift = ((cycle * input.shiftHours) % input.cycleHours) * HOUR_MS;
      let t = offsets[k]! * HOUR_MS;
      const runEnd = t + outletHours[k]! * HOUR_MS;
      if (runEnd > cycleMs + 1) overruns.push({ outlet: o.id, cycle, hours: (runEnd - cycleMs) / HOUR_MS });
      for (const u of o.users) {
        const duration = (((u.volumeM3 / input.cycles) * 1000) / o.flowLps) * 1000;
        if (duration <= 0) continue;
        // The shift moves the whole run later; what passes the cycle's end wraps to its start.
        const begin = cycleStart + ((t + shift) % cycleMs);
        turns.push({
          id: `${o.id}/${u.id}/${cycle}`,
          outlet: o.id,
          user: u.id,
          cycle,
          start: new Date(begin).toISOString(),
          end: new Date(begin + duration).toISOString(),
          volumeM3: u.volumeM3 / input.cycles,
          manual: false,
        });
        t += duration;
      }
    }
  });
  return { turns, overruns };
}

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
