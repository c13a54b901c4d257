import { addDays, daysBetween } from "../billing/calendar.js";
import { allocate } from "./allocate.js";
import type { AllocationPolicy, BoundBy, Reach, WaterUserDemand } from "./model.js";

/**
 * A period in which some users take water for only part of it (archived part way through: they
 * left the WUA, sold their land). One allocation case cannot hold them: its supply and capacities
 * are volumes over the period, arriving at a steady flow, and a user who takes water on the first
 * days only would draw more than that flow on those days. So the period is cut where a user
 * leaves, and every span is a case of its own: the head's water and each reach's capacity for its
 * days, the users there then, each with their demand over those days.
 */
export interface PeriodSpan {
  fromDay: string;
  toDay: string;
  days: number;
}

/**
 * The period's days cut at each day a user leaves (archived on it: no water from that day on). A
 * day on or before the period's first leaves nobody in it to cut for, one after its last none out.
 */
export function periodSpans(fromDay: string, toDay: string, leaveDays: Iterable<string>): PeriodSpan[] {
  const cuts = [...new Set(leaveDays)].filter((day) => day > fromDay && day <= toDay).sort();
  const starts = [fromDay, ...cuts];
  return starts.map((start, i) => {
    const end = i + 1 < starts.length ? addDays(starts[i + 1]!, -1) : toDay;
    return { fromDay: start, toDay: end, days: daysBetween(start, end) + 1 };
  });
}

export interface SpannedCase {
  policy: AllocationPolicy;
  /** The head's water over the whole period. */
  supplyM3: number;
  /** Capacities over the whole period. */
  reaches: Reach[];
  /** Each span's days and the users taking water in it, with their demand over those days. */
  spans: { days: number; users: WaterUserDemand[] }[];
}

export interface SpannedResult {
  /** Each user's water over the period, `spansM3` what they get in each span (0 where absent). */
  users: { id: string; allocatedM3: number; boundBy: BoundBy; spansM3: number[] }[];
  reaches: { id: string; inflowM3: number }[];
}

/**
 * Allocates each span on its own (the same fairness among the users there then), the head's water
 * and the capacities shared between spans by their days, and adds up each user's and reach's water.
 * A user's `boundBy` is that of the span where they fall furthest short of demand.
 */
export function allocateInSpans(c: SpannedCase): SpannedResult {
  const periodDays = c.spans.reduce((sum, s) => sum + s.days, 0);
  const users = new Map<string, SpannedResult["users"][number] & { shortM3: number }>();
  const inflow = new Map(c.reaches.map((r) => [r.id, 0]));
  c.spans.forEach((span, i) => {
    const part = span.days / periodDays;
    const result = allocate({
      policy: c.policy,
      supplyM3: c.supplyM3 * part,
      reaches: c.reaches.map((r) => ({ ...r, capacityM3: r.capacityM3 * part })),
      users: span.users,
    });
    for (const r of result.reaches) inflow.set(r.id, inflow.get(r.id)! + r.inflowM3);
    result.users.forEach((u, k) => {
      const shortM3 = span.users[k]!.demandM3 - u.allocatedM3;
      const user = users.get(u.id) ?? {
        id: u.id,
        allocatedM3: 0,
        boundBy: u.boundBy,
        spansM3: new Array<number>(c.spans.length).fill(0),
        shortM3,
      };
      users.set(u.id, user);
      user.allocatedM3 += u.allocatedM3;
      user.spansM3[i] = u.allocatedM3;
      if (shortM3 > user.shortM3) Object.assign(user, { boundBy: u.boundBy, shortM3 });
    });
  });
  return {
    users: [...users.values()].map(({ shortM3: _, ...u }) => u),
    reaches: c.reaches.map((r) => ({ id: r.id, inflowM3: inflow.get(r.id)! })),
  };
}
