import { DomainError, type FieldIssue } from "../shared/errors.js";
import { type NetworkRow, type OrderedReach, validateNetwork } from "./network.js";

/**
 * Water balance per period (usually a decade, `decadeKey`) of a canal network, from what was
 * measured — never from design efficiencies.
 *
 * The rule, per canal (a reach that is not an outlet):
 * - inflow: the volume measured at the canal's own upstream gauging post. The sole root of a
 *   network has the head intake as its upstream point, so without a measurement of its own it
 *   takes the head inflow (the volume bought from the district water department).
 * - outflow: what leaves it at its own offtakes — the measured inflow of each child canal, plus
 *   for each outlet it feeds the volume measured at the outlet, or failing that the sum of the
 *   deliveries recorded there. Deeper reaches count in their own canal's balance, so losses are
 *   each canal's own conveyance losses and add up along the network.
 * - losses = inflow − outflow; conveyance efficiency = outflow / inflow.
 * A datum that is absent is named in `missing` and makes the figures that need it null. An outlet
 * that was closed has a delivery or a measurement of 0 recorded, not nothing: absence is not zero.
 */
export interface HeadInflow {
  periodKey: string;
  volumeM3: number;
}
export interface MeasuredVolume {
  periodKey: string;
  reachId: string;
  volumeM3: number;
}
/** What delivery acts (акт) record at an outlet; several in a period are summed. */
export interface Delivery {
  periodKey: string;
  outletId: string;
  volumeM3: number;
}

export interface BalanceInput {
  network: readonly NetworkRow[];
  headInflows: readonly HeadInflow[];
  measured: readonly MeasuredVolume[];
  deliveries: readonly Delivery[];
}

export type MissingDatum =
  | { kind: "head-inflow" }
  | { kind: "reach-inflow"; reachId: string }
  | { kind: "outlet-volume"; outletId: string };

export interface CanalBalance {
  reachId: string;
  inflowM3: number | null;
  outflowM3: number | null;
  lossesM3: number | null;
  efficiency: number | null;
  missing: MissingDatum[];
}

/** The whole system: bought at the head against delivered to users. */
export interface SystemBalance {
  receivedM3: number | null;
  deliveredM3: number;
  lossesM3: number | null;
  efficiency: number | null;
  missing: MissingDatum[];
}

export interface PeriodBalance {
  periodKey: string;
  /** Canals parents first, as `validateNetwork` orders them. */
  canals: CanalBalance[];
  system: SystemBalance;
}

/** One balance per period that any input mentions, periods in string order. */
export function waterBalance(input: BalanceInput): PeriodBalance[] {
  const reaches = validateNetwork(input.network);
  const byId = new Map(reaches.map((r) => [r.id, r]));
  validateVolumes(input, byId);

  const children = new Map<string, OrderedReach[]>();
  for (const r of reaches) {
    if (r.parentId === null) continue;
    const siblings = children.get(r.parentId);
    if (siblings) siblings.push(r);
    else children.set(r.parentId, [r]);
  }
  const roots = reaches.filter((r) => r.parentId === null);
  const soleRoot = roots.length === 1 ? roots[0]!.id : null;
  const canals = reaches.filter((r) => r.kind !== "outlet");

  const head = new Map(input.headInflows.map((h) => [h.periodKey, h.volumeM3]));
  const measured = new Map(input.measured.map((m) => [key(m.periodKey, m.reachId), m.volumeM3]));
  const delivered = new Map<string, number>();
  const deliveredInPeriod = new Map<string, number>();
  for (const d of input.deliveries) {
    const k = key(d.periodKey, d.outletId);
    delivered.set(k, (delivered.get(k) ?? 0) + d.volumeM3);
    deliveredInPeriod.set(d.periodKey, (deliveredInPeriod.get(d.periodKey) ?? 0) + d.volumeM3);
  }

  const periods = [
    ...new Set([
      ...input.headInflows.map((h) => h.periodKey),
      ...input.measured.map((m) => m.periodKey),
      ...input.deliveries.map((d) => d.periodKey),
    ]),
  ].sort();

  return periods.map((periodKey) => {
    const canalInflow = (reachId: string): number | undefined =>
      measured.get(key(periodKey, reachId)) ?? (reachId === soleRoot ? head.get(periodKey) : undefined);
    const outletVolume = (outletId: string): number | undefined =>
      measured.get(key(periodKey, outletId)) ?? delivered.get(key(periodKey, outletId));

    const canalBalances = canals.map((canal): CanalBalance => {
      const missing: MissingDatum[] = [];
      const inflow = canalInflow(canal.id);
      if (inflow === undefined) missing.push({ kind: "reach-inflow", reachId: canal.id });
      let outflow = 0;
      let outflowKnown = true;
      for (const child of children.get(canal.id) ?? []) {
        const v = child.kind === "outlet" ? outletVolume(child.id) : canalInflow(child.id);
        if (v !== undefined) outflow += v;
        else {
          outflowKnown = false;
          missing.push(
            child.kind === "outlet"
              ? { kind: "outlet-volume", outletId: child.id }
              : { kind: "reach-inflow", reachId: child.id },
          );
        }
      }
      const inflowM3 = inflow ?? null;
      const outflowM3 = outflowKnown ? outflow : null;
      return { reachId: canal.id, inflowM3, outflowM3, ...lossesAndEfficiency(inflowM3, outflowM3), missing };
    });

    const receivedM3 = head.get(periodKey) ?? null;
    const deliveredM3 = deliveredInPeriod.get(periodKey) ?? 0;
    return {
      periodKey,
      canals: canalBalances,
      system: {
        receivedM3,
        deliveredM3,
        ...lossesAndEfficiency(receivedM3, deliveredM3),
        missing: receivedM3 === null ? [{ kind: "head-inflow" }] : [],
      },
    };
  });
}

function lossesAndEfficiency(inM3: number | null, outM3: number | null) {
  if (inM3 === null || outM3 === null) return { lossesM3: null, efficiency: null };
  // With nothing taken in, an efficiency is not a number anyone can act on.
  return { lossesM3: inM3 - outM3, efficiency: inM3 > 0 ? outM3 / inM3 : null };
}

const key = (periodKey: string, id: string) => `${periodKey}\u0000${id}`;

/** Every input row at fault, as field issues; one `water.balanceInvalid` if any. */
function validateVolumes(input: BalanceInput, byId: ReadonlyMap<string, OrderedReach>): void {
  const issues: FieldIssue[] = [];
  const volumeOk = (v: number) => v >= 0 && Number.isFinite(v);
  const checkVolume = (list: string, i: number, v: number) => {
    if (!volumeOk(v))
      issues.push({
        path: [list, i, "volumeM3"],
        code: "balanceInvalidVolume",
        params: { value: String(v) },
      });
  };

  const heads = new Set<string>();
  input.headInflows.forEach((h, i) => {
    if (heads.has(h.periodKey)) {
      issues.push({
        path: ["headInflows", i, "periodKey"],
        code: "balanceDuplicateHeadInflow",
        params: { periodKey: h.periodKey },
      });
    }
    heads.add(h.periodKey);
    checkVolume("headInflows", i, h.volumeM3);
  });

  // Two measurements of one reach in one period would be double counted or one silently dropped.
  const seen = new Set<string>();
  input.measured.forEach((m, i) => {
    if (!byId.has(m.reachId)) {
      issues.push({
        path: ["measured", i, "reachId"],
        code: "balanceUnknownReach",
        params: { reachId: m.reachId },
      });
    }
    const k = key(m.periodKey, m.reachId);
    if (seen.has(k)) {
      issues.push({
        path: ["measured", i, "reachId"],
        code: "balanceDuplicateMeasurement",
        params: { periodKey: m.periodKey, reachId: m.reachId },
      });
    }
    seen.add(k);
    checkVolume("measured", i, m.volumeM3);
  });

  input.deliveries.forEach((d, i) => {
    if (byId.get(d.outletId)?.kind !== "outlet") {
      issues.push({
        path: ["deliveries", i, "outletId"],
        code: "balanceNotAnOutlet",
        params: { outletId: d.outletId },
      });
    }
    checkVolume("deliveries", i, d.volumeM3);
  });

  if (issues.length > 0) throw new DomainError("water.balanceInvalid", { count: issues.length }, issues);
}
