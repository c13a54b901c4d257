import { DomainError, type FieldIssue } from "../shared/errors.js";

/** One flow reading at a gauging post: a mirab's observation or a logger's sample. */
export interface FlowReading {
  /** A Date or epoch milliseconds. */
  at: Date | number;
  flowLps: number;
}

export interface VolumeOptions {
  /**
   * The longest interval between two readings that is bridged by assuming the flow changed
   * linearly. A longer silence is a gap: nobody knows what flowed, so it counts for nothing.
   */
  maxGapMinutes: number;
}

/** Epoch milliseconds. */
export interface Gap {
  from: number;
  to: number;
}

export interface VolumeResult {
  volumeM3: number;
  /** Seconds for which the volume is known; with the gaps, what a delivery act must disclose. */
  coveredSeconds: number;
  gaps: Gap[];
}

interface Series {
  timesMs: Float64Array;
  flowsLps: Float64Array;
  maxGapMs: number;
}

/**
 * Volume from flow readings by the trapezoidal rule (flow taken as linear between readings),
 * ordered by time. An interval longer than `maxGapMinutes` adds nothing and is reported as a gap.
 */
export function integrateVolume(readings: readonly FlowReading[], options: VolumeOptions): VolumeResult {
  const s = prepare(readings, options);
  const n = s.timesMs.length;
  if (n === 0) return { volumeM3: 0, coveredSeconds: 0, gaps: [] };
  return integrate(s, s.timesMs[0]!, s.timesMs[n - 1]!);
}

/**
 * The volume that passed within [fromMs, toMs] — a decade, a turn. At the window's edges the flow
 * is interpolated, but only inside an interval that is not a gap; parts of the window before the
 * first reading, after the last one or inside a gap are reported as gaps, so covered + gaps = window.
 */
export function volumeInWindow(
  readings: readonly FlowReading[],
  fromMs: number,
  toMs: number,
  options: VolumeOptions,
): VolumeResult {
  if (!Number.isFinite(fromMs)) throw new DomainError("date.invalid", { value: String(fromMs) });
  if (!Number.isFinite(toMs)) throw new DomainError("date.invalid", { value: String(toMs) });
  if (toMs < fromMs) {
    throw new DomainError("date.rangeReversed", {
      from: new Date(fromMs).toISOString(),
      to: new Date(toMs).toISOString(),
    });
  }
  return integrate(prepare(readings, options), fromMs, toMs);
}

function prepare(readings: readonly FlowReading[], options: VolumeOptions): Series {
  if (!(options.maxGapMinutes > 0)) {
    throw new DomainError("water.volumeInvalidMaxGap", { value: String(options.maxGapMinutes) });
  }
  const issues: FieldIssue[] = [];
  const times = new Float64Array(readings.length);
  readings.forEach((r, i) => {
    times[i] = r.at instanceof Date ? r.at.getTime() : r.at;
    if (!Number.isFinite(times[i]!)) issues.push({ path: [i, "at"], code: "volumeInvalidReading" });
    // A canal does not flow backwards through a gauging post; a negative reading is a typing error.
    if (!(r.flowLps >= 0) || !Number.isFinite(r.flowLps)) {
      issues.push({ path: [i, "flowLps"], code: "volumeInvalidReading" });
    }
  });
  if (issues.length > 0)
    throw new DomainError("water.volumeInvalidReadings", { count: issues.length }, issues);

  const order = Array.from(readings.keys()).sort((a, b) => times[a]! - times[b]!);
  // Several readings of one instant (entered twice, or kept from before entry refused that) are one
  // observation, at their mean flow: taken in the order they came, the flow would step from one to
  // the other at that instant, and the volume on each side would depend on which the database
  // happened to list first.
  const timesMs: number[] = [];
  const flowsLps: number[] = [];
  for (let k = 0; k < order.length; ) {
    const at = times[order[k]!]!;
    let sum = 0;
    let count = 0;
    for (; k < order.length && times[order[k]!] === at; k++, count++) sum += readings[order[k]!]!.flowLps;
    timesMs.push(at);
    flowsLps.push(sum / count);
  }
  return {
    timesMs: Float64Array.from(timesMs),
    flowsLps: Float64Array.from(flowsLps),
    maxGapMs: options.maxGapMinutes * 60_000,
  };
}

function integrate(s: Series, fromMs: number, toMs: number): VolumeResult {
  const { timesMs: t, flowsLps: q, maxGapMs } = s;
  const n = t.length;
  const gaps: Gap[] = [];
  const addGap = (from: number, to: number) => {
    if (!(to > from)) return;
    const last = gaps[gaps.length - 1];
    if (last !== undefined && last.to === from) last.to = to;
    else gaps.push({ from, to });
  };
  // Σ (q_a + q_b)·Δt in l/s·ms, halved and scaled once at the end: fewer roundings.
  let doubledLpsMs = 0;
  let coveredMs = 0;

  if (n === 0) addGap(fromMs, toMs);
  else addGap(fromMs, Math.min(t[0]!, toMs));
  for (let i = 0; i + 1 < n; i++) {
    const t0 = t[i]!;
    const t1 = t[i + 1]!;
    if (t1 <= fromMs || t0 >= toMs) continue;
    const a = Math.max(t0, fromMs);
    const b = Math.min(t1, toMs);
    if (t1 - t0 > maxGapMs) {
      addGap(a, b);
      continue;
    }
    const q0 = q[i]!;
    const slope = (q[i + 1]! - q0) / (t1 - t0);
    const qa = a === t0 ? q0 : q0 + slope * (a - t0);
    const qb = b === t1 ? q[i + 1]! : q0 + slope * (b - t0);
    doubledLpsMs += (qa + qb) * (b - a);
    coveredMs += b - a;
  }
  if (n > 0) addGap(Math.max(t[n - 1]!, fromMs), toMs);

  // l/s·ms → m³: ÷2 (trapezoid), ÷1000 (ms → s), ÷1000 (l → m³).
  return { volumeM3: doubledLpsMs / 2e6, coveredSeconds: coveredMs / 1000, gaps };
}
