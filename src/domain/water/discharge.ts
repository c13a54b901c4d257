import { DomainError } from "../shared/errors.js";

/**
 * The structure at a gauging post (гидропост) that turns a measured head or level into a flow.
 * Heads are metres above the crest (weirs) or above the flume floor at the upstream gauge
 * (Parshall, Ha); a rating table maps the post's own staff-gauge level to a flow.
 */
export type GaugeStructure =
  | { kind: "rectangular-weir"; crestWidthM: number; contracted: boolean }
  | { kind: "cipoletti-weir"; crestWidthM: number }
  | { kind: "v-notch-90" }
  | { kind: "parshall-flume"; throatWidthM: number }
  | { kind: "rating-table"; points: RatingPoint[] };

/** The levels a staff gauge can be read at, in metres: anything outside is a mistyped figure. */
export const GAUGE_LEVEL_M = { min: -10, max: 50 } as const;

export interface RatingPoint {
  levelM: number;
  flowLps: number;
}

const FOOT_M = 0.3048;
const CUBIC_FOOT_M3 = FOOT_M ** 3;

/**
 * Sharp-crested rectangular weir, Francis formula. USBR Water Measurement Manual, 3rd ed. (2001),
 * ch. 7: Q = 3.33 (L − 0.2h) h^1.5 with two end contractions, Q = 3.33 L h^1.5 suppressed (ft, ft³/s).
 * In SI the coefficient becomes 3.33·√0.3048 = 1.838 (Q m³/s, L and h in m).
 */
const FRANCIS_SI = 1.838;
/** Cipoletti weir (sides 1 horizontal : 4 vertical). USBR WMM ch. 7 §12, eq. 7-7: Q = 3.367 L h^1.5 → 1.859 in SI. */
const CIPOLETTI_SI = 1.859;
/**
 * 90° V-notch, Thomson's formula: Q = (8/15)·Cd·√(2g)·tan(θ/2)·h^2.5 with Cd ≈ 0.585 for the 90°
 * notch gives Q = 1.38 h^2.5 (Q m³/s, h m). Within 3 % of USBR's own 90° rating (Cone's equation,
 * WMM 3rd ed. ch. 7: Q = 2.49 h^2.48 in ft, ft³/s) over the heads USBR allows, 0.2–1.25 ft.
 */
const THOMSON_SI = 1.38;

/**
 * Parshall flume free-flow equations in the units USBR prints them (Q ft³/s, W and Ha ft).
 * USBR Water Measurement Manual, 3rd ed., ch. 8 (Parshall flumes, free-flow equations):
 * 1 in 0.338 Ha^1.55, 2 in 0.676 Ha^1.55, 3 in 0.992 Ha^1.547, 6 in 2.06 Ha^1.58, 9 in 3.07 Ha^1.53
 * (checked against the metric table that standards print separately, K to four figures: see the test);
 * 1–8 ft Q = 4 W Ha^(1.522 W^0.026); 10–50 ft Q = (3.6875 W + 2.5) Ha^1.6. The two general forms are
 * also what Reclamation's own HDB computes (OpenDCS `decodes.hdb.algo.ParshallFlume`).
 */
const PARSHALL_USBR_FT: readonly { throatWidthFt: number; c: number; n: number }[] = [
  { throatWidthFt: 1 / 12, c: 0.338, n: 1.55 },
  { throatWidthFt: 2 / 12, c: 0.676, n: 1.55 },
  { throatWidthFt: 3 / 12, c: 0.992, n: 1.547 },
  { throatWidthFt: 6 / 12, c: 2.06, n: 1.58 },
  { throatWidthFt: 9 / 12, c: 3.07, n: 1.53 },
  ...[1, 1.5, 2, 3, 4, 5, 6, 7, 8].map((w) => ({ throatWidthFt: w, c: 4 * w, n: 1.522 * w ** 0.026 })),
  ...[10, 12, 15, 20, 25, 30, 40, 50].map((w) => ({ throatWidthFt: w, c: 3.6875 * w + 2.5, n: 1.6 })),
];

/**
 * The same 22 standard flumes in SI: Q (m³/s) = k · Ha(m)^n. Converted, not retyped, so that no
 * rounding of a printed metric table creeps in: k = c · 0.3048³ / 0.3048^n.
 */
export const PARSHALL_FREE_FLOW: readonly { throatWidthM: number; k: number; n: number }[] =
  PARSHALL_USBR_FT.map(({ throatWidthFt, c, n }) => ({
    throatWidthM: throatWidthFt * FOOT_M,
    k: (c * CUBIC_FOOT_M3) / FOOT_M ** n,
    n,
  }));

/**
 * Flumes are built to the nearest millimetre or centimetre (0.61 m for 2 ft, 0.076 m for 3 in);
 * neighbouring standard sizes differ by at least 14 %, so a 2 % match cannot pick the wrong one.
 */
const THROAT_MATCH_TOLERANCE = 0.02;

function parshallCoefficients(throatWidthM: number) {
  return PARSHALL_FREE_FLOW.find(
    (p) => Math.abs(throatWidthM - p.throatWidthM) <= THROAT_MATCH_TOLERANCE * p.throatWidthM,
  );
}

/** Refuses a structure whose formula or table cannot be applied; returns nothing when it is fine. */
export function validateGaugeStructure(structure: GaugeStructure): void {
  switch (structure.kind) {
    case "rectangular-weir":
    case "cipoletti-weir":
      if (!(structure.crestWidthM > 0) || !Number.isFinite(structure.crestWidthM)) {
        throw new DomainError("water.gaugeInvalidCrestWidth", { value: String(structure.crestWidthM) });
      }
      return;
    case "v-notch-90":
      return;
    case "parshall-flume":
      if (!Number.isFinite(structure.throatWidthM) || !parshallCoefficients(structure.throatWidthM)) {
        throw new DomainError("water.gaugeInvalidThroatWidth", { value: String(structure.throatWidthM) });
      }
      return;
    case "rating-table":
      validateRatingTable(structure.points);
      return;
    default: {
      // Data from the database or an API may carry a kind this build does not know.
      const kind = (structure as { kind?: unknown }).kind;
      throw new DomainError("water.gaugeUnknownKind", { kind: String(kind) });
    }
  }
}

function validateRatingTable(points: readonly RatingPoint[]): void {
  if (points.length < 2) throw new DomainError("water.ratingTableTooShort", { count: points.length });
  points.forEach((p, index) => {
    if (!Number.isFinite(p.levelM) || !Number.isFinite(p.flowLps) || p.flowLps < 0) {
      throw new DomainError("water.ratingTableInvalidPoint", { point: index + 1 });
    }
    const previous = points[index - 1];
    if (previous === undefined) return;
    if (!(p.levelM > previous.levelM))
      throw new DomainError("water.ratingTableNotIncreasing", { point: index + 1 });
    if (p.flowLps < previous.flowLps)
      throw new DomainError("water.ratingTableFlowDecreasing", { point: index + 1 });
  });
}

/**
 * Flow in litres per second through a gauging structure at the given head (weirs, flumes) or
 * staff-gauge level (rating table). Free flow only: submerged flumes and drowned weirs need a
 * second reading this function does not take.
 */
export function dischargeLps(structure: GaugeStructure, headM: number): number {
  validateGaugeStructure(structure);
  if (Number.isNaN(headM) || headM === Number.POSITIVE_INFINITY) {
    throw new DomainError("water.gaugeInvalidHead", { value: String(headM) });
  }
  if (structure.kind === "rating-table") return ratingTableFlowLps(structure.points, headM);
  // Water at or below the crest (or the flume floor) does not flow over it.
  if (headM <= 0) return 0;
  return m3sToLps(dischargeM3s(structure, headM));
}

function dischargeM3s(structure: Exclude<GaugeStructure, { kind: "rating-table" }>, headM: number): number {
  switch (structure.kind) {
    case "rectangular-weir": {
      // Each end contraction shortens the effective crest by 0.1 h (Francis).
      const effectiveM = structure.contracted ? structure.crestWidthM - 0.2 * headM : structure.crestWidthM;
      if (effectiveM <= 0) {
        throw new DomainError("water.gaugeHeadOutOfRange", { headM, crestWidthM: structure.crestWidthM });
      }
      return FRANCIS_SI * effectiveM * headM ** 1.5;
    }
    case "cipoletti-weir":
      return CIPOLETTI_SI * structure.crestWidthM * headM ** 1.5;
    case "v-notch-90":
      return THOMSON_SI * headM ** 2.5;
    case "parshall-flume": {
      const { k, n } = parshallCoefficients(structure.throatWidthM)!;
      return k * headM ** n;
    }
  }
}

/**
 * Linear interpolation between the table's points. A level beyond the table is refused rather than
 * extrapolated: a rating is only known where it was gauged. Below a point of zero flow the channel
 * is dry, which is known, so that gives 0.
 */
function ratingTableFlowLps(points: readonly RatingPoint[], levelM: number): number {
  const first = points[0]!;
  const last = points[points.length - 1]!;
  if (levelM < first.levelM && first.flowLps === 0) return 0;
  if (!(levelM >= first.levelM && levelM <= last.levelM)) {
    throw new DomainError("water.levelOutsideRatingTable", {
      levelM,
      minLevelM: first.levelM,
      maxLevelM: last.levelM,
    });
  }
  // Binary search for the last point at or below the level: tables from calibrations can be long.
  let lo = 0;
  let hi = points.length - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (points[mid]!.levelM <= levelM) lo = mid;
    else hi = mid;
  }
  const a = points[lo]!;
  const b = points[hi]!;
  if (levelM === b.levelM) return b.flowLps;
  return a.flowLps + ((b.flowLps - a.flowLps) * (levelM - a.levelM)) / (b.levelM - a.levelM);
}

const m3sToLps = (m3s: number) => m3s * 1000;
