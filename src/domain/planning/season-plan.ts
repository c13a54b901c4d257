import { daysInMonth, decadeKey, decadeRange, decadesBetween } from "../shared/decade.js";
import { DomainError } from "../shared/errors.js";
import type { ReachKind } from "../water/network.js";
import type { Crop } from "./crops.js";
import type { EffectiveRainMethod } from "./effective-rain.js";
import { DEFAULT_WIND_MPS } from "./et0.js";
import { saturationVapourPressure } from "./fao56.js";
import { adjustCropForClimate } from "./kc.js";
import { type DecadeClimate, type PlotCropping, plotRequirement } from "./requirement.js";

export type ClimateSource = "daily" | "normal";

/**
 * The crop's typical planting day for a season: in the season's year, or the year before for a
 * crop sown after the season ends (winter wheat in October needs next season's water).
 */
export function typicalPlantingDate(crop: Crop, season: { endsOn: string }): string {
  const year = Number(season.endsOn.slice(0, 4));
  const date = `${year}-${crop.typicalPlanting}`;
  return date > season.endsOn ? `${year - 1}-${crop.typicalPlanting}` : date;
}

export interface DayRecord {
  day: string; // YYYY-MM-DD
  et0Mm: number;
  rainMm: number | null;
}

export interface MonthlyNormal {
  month: number;
  et0MmPerDay: number;
  /** The month's total rain. */
  rainMm: number;
}

/**
 * The climate of each decade of a season: the station's daily records where they cover the whole
 * decade (what happened), else its long-term monthly normal (what is expected). A plan made
 * mid-season thus uses the weather so far and the normals for the rest.
 */
export function seasonClimate(
  from: string,
  to: string,
  days: readonly DayRecord[],
  normals: readonly MonthlyNormal[],
): (DecadeClimate & { source: ClimateSource })[] {
  const byDay = new Map(days.map((d) => [d.day, d]));
  return decadesBetween(from, to).map((decade) => {
    const range = decadeRange(decade);
    const records = datesOf(range.first, range.days).map((d) => byDay.get(d));
    if (records.every((r) => r !== undefined)) {
      return {
        decade,
        et0MmPerDay: records.reduce((s, r) => s + r.et0Mm, 0) / range.days,
        rainMm: records.reduce((s, r) => s + (r.rainMm ?? 0), 0),
        source: "daily" as const,
      };
    }
    const normal = normals.find((n) => n.month === decade.month);
    if (!normal) throw new DomainError("planning.noClimate", { decade: decadeKey(decade) });
    return {
      decade,
      et0MmPerDay: normal.et0MmPerDay,
      rainMm: (normal.rainMm * range.days) / daysInMonth(decade.year, decade.month),
      source: "normal" as const,
    };
  });
}

function datesOf(first: string, count: number): string[] {
  const start = Date.parse(`${first}T00:00:00Z`);
  return Array.from({ length: count }, (_, i) => new Date(start + i * 86_400_000).toISOString().slice(0, 10));
}

/** The wind and minimum humidity that Kc mid and end are adjusted to (FAO-56 Eq. 62). */
export interface KcClimate {
  windMps: number;
  rhMinPct: number;
  days: number;
}

export interface KcWeatherDay {
  tmaxC: number;
  tminC: number;
  tdewC: number | null;
  rhMinPct: number | null;
  wind2mMps: number | null;
}

/**
 * Mean wind at 2 m and mean RHmin over the days given. RHmin not measured is estimated from the
 * dew point, or from Tmin where that is unknown too (FAO-56 Eq. 63 and the Tdew ≈ Tmin rule);
 * wind not measured is FAO-56's default 2 m/s. Eq. 62 asks for the mid-season stage's means; a
 * WUA plans many crops on one station, so the season's means stand for all of them.
 */
export function kcClimate(days: readonly KcWeatherDay[]): KcClimate | null {
  if (days.length === 0) return null;
  const rhMin = (d: KcWeatherDay) =>
    d.rhMinPct ??
    Math.min(100, (100 * saturationVapourPressure(d.tdewC ?? d.tminC)) / saturationVapourPressure(d.tmaxC));
  return {
    windMps: days.reduce((s, d) => s + (d.wind2mMps ?? DEFAULT_WIND_MPS), 0) / days.length,
    rhMinPct: days.reduce((s, d) => s + rhMin(d), 0) / days.length,
    days: days.length,
  };
}

export interface PlanReach {
  id: string;
  parentId: string | null;
  code: string;
  name: string;
  kind: ReachKind;
  /** Conveyance efficiency, 0 < e ≤ 1. */
  efficiency: number;
}

export interface PlanLine {
  waterUserId: string;
  waterUserName: string;
  outletId: string;
  cropping: PlotCropping;
}

export interface SeasonPlan {
  decades: string[];
  climate: { decade: string; et0MmPerDay: number; rainMm: number; source: ClimateSource }[];
  /** Per water user, at the field: net (crop need less effective rain) and gross (÷ application efficiency). */
  users: { waterUserId: string; name: string; areaHa: number; netM3: number[]; grossM3: number[] }[];
  /**
   * Per reach (canal or outlet), what must enter it: what it delivers (to plots or to its child
   * reaches) divided by its conveyance efficiency.
   */
  reaches: {
    reachId: string;
    parentId: string | null;
    code: string;
    name: string;
    kind: ReachKind;
    efficiency: number;
    deliveredM3: number[];
    inflowM3: number[];
  }[];
  /** The order to the district water department: the inflow of the head reaches, per decade. */
  headM3: number[];
  headTotalM3: number;
  /** What Kc mid and end were adjusted to (Eq. 62); null: the table's values, for u2 = 2 m/s and RHmin = 45 %. */
  kcClimate: KcClimate | null;
}

/**
 * The season's water-use plan: each request line's requirement per decade (FAO-56, via
 * `plotRequirement`, with Kc adjusted to the local climate when it is known), summed per user at
 * the field, then carried up the canal tree from the outlets to the head with each reach's losses.
 */
export function seasonPlan(
  climate: readonly (DecadeClimate & { source: ClimateSource })[],
  lines: readonly PlanLine[],
  reaches: readonly PlanReach[],
  rainMethod: EffectiveRainMethod,
  kcAdjustment: KcClimate | null = null,
): SeasonPlan {
  const n = climate.length;
  const zeros = () => new Array<number>(n).fill(0);
  const add = (into: number[], values: readonly number[]) => {
    for (let i = 0; i < n; i++) into[i]! += values[i]!;
  };
  const users = new Map<string, SeasonPlan["users"][number]>();
  const atOutlet = new Map<string, number[]>();
  const reachById = new Map(reaches.map((r) => [r.id, r]));
  for (const line of lines) {
    const outlet = reachById.get(line.outletId);
    if (outlet?.kind !== "outlet")
      throw new DomainError("planning.plotWithoutOutlet", { outletId: line.outletId });
    const cropping = kcAdjustment
      ? {
          ...line.cropping,
          crop: adjustCropForClimate(line.cropping.crop, kcAdjustment.windMps, kcAdjustment.rhMinPct),
        }
      : line.cropping;
    const requirement = plotRequirement(cropping, climate, rainMethod);
    const user = users.get(line.waterUserId) ?? {
      waterUserId: line.waterUserId,
      name: line.waterUserName,
      areaHa: 0,
      netM3: zeros(),
      grossM3: zeros(),
    };
    user.areaHa += line.cropping.areaHa;
    add(
      user.netM3,
      requirement.map((r) => r.netM3),
    );
    const gross = requirement.map((r) => r.grossM3);
    add(user.grossM3, gross);
    users.set(line.waterUserId, user);
    const outletDemand = atOutlet.get(outlet.id) ?? zeros();
    add(outletDemand, gross);
    atOutlet.set(outlet.id, outletDemand);
  }

  const children = new Map<string | null, PlanReach[]>();
  for (const r of reaches) children.set(r.parentId, [...(children.get(r.parentId) ?? []), r]);
  const result = new Map<string, SeasonPlan["reaches"][number]>();
  const visit = (reach: PlanReach, path: Set<string>): number[] => {
    if (path.has(reach.id)) throw new DomainError("planning.networkCycle", { code: reach.code });
    if (!(reach.efficiency > 0 && reach.efficiency <= 1))
      throw new DomainError("planning.conveyanceEfficiencyRange", { code: reach.code });
    const delivered = [...(atOutlet.get(reach.id) ?? zeros())];
    for (const child of children.get(reach.id) ?? [])
      add(delivered, visit(child, new Set([...path, reach.id])));
    const inflow = delivered.map((v) => v / reach.efficiency);
    result.set(reach.id, {
      reachId: reach.id,
      parentId: reach.parentId,
      code: reach.code,
      name: reach.name,
      kind: reach.kind,
      efficiency: reach.efficiency,
      deliveredM3: delivered,
      inflowM3: inflow,
    });
    return inflow;
  };
  const headM3 = zeros();
  for (const root of reaches.filter((r) => r.parentId === null || !reachById.has(r.parentId))) {
    const inflow = visit(root, new Set());
    if (root.kind === "head") add(headM3, inflow);
  }
  return {
    decades: climate.map((c) => decadeKey(c.decade)),
    climate: climate.map((c) => ({
      decade: decadeKey(c.decade),
      et0MmPerDay: c.et0MmPerDay,
      rainMm: c.rainMm,
      source: c.source,
    })),
    users: [...users.values()].sort((a, b) => a.name.localeCompare(b.name)),
    // In the order the network was given (the water area lists it as the scheme does).
    reaches: reaches.flatMap((r) => result.get(r.id) ?? []),
    headM3,
    headTotalM3: headM3.reduce((s, v) => s + v, 0),
    kcClimate: kcAdjustment,
  };
}
