/**
 * Equity you can see: Molden & Gates (1990) performance indicators of water delivery, delivered
 * depth, and comparisons between groups (head/middle/tail of a canal, vulnerable vs other
 * households, women-headed vs others). Q_D is delivered, Q_R required, per place and period.
 */
export interface DeliveryObservation {
  place: string; // a user, an outlet or a canal
  period: string; // e.g. a decade key "2026-07-2"
  deliveredM3: number;
  requiredM3: number;
}

export interface MoldenGates {
  /** Mean of min(Q_D/Q_R, 1): 1 is every need met. */
  adequacy: number;
  /** Mean of min(Q_R/Q_D, 1): 1 is no water beyond need. */
  efficiency: number;
  /**
   * Mean over places of the coefficient of variation over time of Q_D/Q_R: 0 is steady. Only places
   * seen in two periods or more count; null when there are none (one period says nothing of it).
   */
  dependability: number | null;
  /** Mean over periods of the coefficient of variation over places of Q_D/Q_R: 0 is even. */
  equity: number;
  observations: number;
}

export function moldenGates(observations: readonly DeliveryObservation[]): MoldenGates {
  const withNeed = observations.filter((o) => o.requiredM3 > 0);
  const withDelivery = observations.filter((o) => o.deliveredM3 > 0);
  const ratio = (o: DeliveryObservation) => o.deliveredM3 / o.requiredM3;
  const overTime = [...groupBy(withNeed, (o) => o.place).values()].filter((g) => g.length > 1);
  return {
    adequacy: mean(withNeed.map((o) => Math.min(ratio(o), 1))),
    efficiency: mean(withDelivery.map((o) => Math.min(o.requiredM3 / o.deliveredM3, 1))),
    dependability:
      overTime.length > 0 ? mean(overTime.map((g) => coefficientOfVariation(g.map(ratio)))) : null,
    equity: mean(
      [...groupBy(withNeed, (o) => o.period).values()].map((g) => coefficientOfVariation(g.map(ratio))),
    ),
    observations: observations.length,
  };
}

/** Delivered depth in mm over an area in ha: 1 mm on 1 ha is 10 m³. */
export const depthMm = (volumeM3: number, areaHa: number) => (areaHa > 0 ? volumeM3 / (10 * areaHa) : 0);

export type CanalThird = "head" | "middle" | "tail";

/**
 * Head, middle and tail thirds of a canal, from its outlets in order from the head, by each
 * outlet's relative position i/(n−1): symmetric, and two outlets are a head and a tail.
 */
export function canalThirds(outletsFromHead: readonly string[]): Map<string, CanalThird> {
  const n = outletsFromHead.length;
  return new Map(
    outletsFromHead.map((id, i) => {
      const position = n === 1 ? 0 : i / (n - 1);
      const third: CanalThird = position < 1 / 3 ? "head" : position > 2 / 3 ? "tail" : "middle";
      return [id, third] as const;
    }),
  );
}

export interface UserDelivery {
  group: string;
  deliveredM3: number;
  requiredM3: number;
  areaHa: number;
}

export interface GroupSummary {
  group: string;
  users: number;
  deliveredM3: number;
  requiredM3: number;
  /** Total delivered over total required: how much of the group's need was met. */
  relativeSupply: number;
  /** Mean over the group's users of min(Q_D/Q_R, 1). */
  adequacy: number;
  depthMm: number;
}

/** Compares groups (e.g. "vulnerable" and "other") on the same measures. */
export function compareGroups(users: readonly UserDelivery[]): GroupSummary[] {
  return [...groupBy(users, (u) => u.group).entries()]
    .map(([group, members]) => {
      const delivered = sum(members.map((u) => u.deliveredM3));
      const required = sum(members.map((u) => u.requiredM3));
      return {
        group,
        users: members.length,
        deliveredM3: delivered,
        requiredM3: required,
        relativeSupply: required > 0 ? delivered / required : 0,
        adequacy: mean(
          members.filter((u) => u.requiredM3 > 0).map((u) => Math.min(u.deliveredM3 / u.requiredM3, 1)),
        ),
        depthMm: depthMm(delivered, sum(members.map((u) => u.areaHa))),
      };
    })
    .sort((a, b) => a.group.localeCompare(b.group));
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = out.get(k);
    if (list) list.push(item);
    else out.set(k, [item]);
  }
  return out;
}

const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);
const mean = (xs: readonly number[]) => (xs.length === 0 ? 0 : sum(xs) / xs.length);

/** Population standard deviation over the mean; 0 when the mean is 0 (nothing to vary). */
function coefficientOfVariation(xs: readonly number[]): number {
  const m = mean(xs);
  if (m === 0) return 0;
  return Math.sqrt(mean(xs.map((x) => (x - m) ** 2))) / m;
}
