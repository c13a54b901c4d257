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
  /** The month's total rain; null when the station's records never held a complete month of it. */
  rainMm: number | null;
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
): (DecadeClimate & { source: ClimateSource; rainRecorded: boolean })[] {
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
        rainRecorded: records.some((r) => r.rainMm !== null),
      };
    }
    const normal = normals.find((n) => n.month === decade.month);
    if (!normal) throw new DomainError("planning.noClimate", { decade: decadeKey(decade) });
    return {
      decade,
      et0MmPerDay: normal.et0MmPerDay,
      // Rain unknown counts as none: the plan then orders enough water for a dry month.
      rainMm: ((normal.rainMm ?? 0) * range.days) / daysInMonth(decade.year, decade.month),
      source: "normal" as const,
      rainRecorded: normal.rainMm !== null,
    };
  });
}

function datesOf(first: string, count: number): string[] {
  const start = Date.parse(`${first}T00:00:00Z`);
  return Array.from({ length: count }, (_, i) => new Date(start + i * 86_400_000).toISOString().slice(0, 10));
}

/** The wind and minimum humidity that Kc mid or Kc end is adjusted to (FAO-56 Eq. 62). */
export interface StageClimate {
  windMps: number;
  rhMinPct: number;
  /** Days of the stage taken from the station's daily records, and from its monthly normals. */
  dailyDays: number;
  normalDays: number;
}

export interface KcWeatherDay {
  tmaxC: number;
  tminC: number;
  tdewC: number | null;
  rhMinPct: number | null;
  wind2mMps: number | null;
}

/**
 * A day's RHmin: measured, else estimated from the dew point, or from Tmin where that is unknown
 * too (FAO-56 Eq. 63 with the Tdew ≈ Tmin rule).
 */
export function rhMinOf(d: KcWeatherDay): number {
  return (
    d.rhMinPct ??
    Math.min(100, (100 * saturationVapourPressure(d.tdewC ?? d.tminC)) / saturationVapourPressure(d.tmaxC))
  );
}

/** What Eq. 62 may use of a month's normal: its mean wind (null: not measured) and RHmin. */
export interface KcNormal {
  month: number;
  windMps: number | null;
  rhMinPct: number | null;
}

export interface KcWeather {
  days: readonly (KcWeatherDay & { day: string })[];
  normals: readonly KcNormal[];
}

/**
 * Mean u2 and RHmin over the days from `first` for `count` days: each day from the station's
 * record where it has one, else from its month's normal where that knows RHmin. Wind not measured
 * is FAO-56's default 2 m/s. Null when no day of the stage is known either way.
 */
export function stageClimate(first: string, count: number, weather: KcWeather): StageClimate | null {
  const byDay = new Map(weather.days.map((d) => [d.day, d]));
  let wind = 0;
  let rhMin = 0;
  let dailyDays = 0;
  let normalDays = 0;
  for (const date of datesOf(first, count)) {
    const record = byDay.get(date);
    if (record) {
      wind += record.wind2mMps ?? DEFAULT_WIND_MPS;
      rhMin += rhMinOf(record);
      dailyDays++;
      continue;
    }
    const normal = weather.normals.find((n) => n.month === Number(date.slice(5, 7)));
    if (normal?.rhMinPct == null) continue;
    wind += normal.windMps ?? DEFAULT_WIND_MPS;
    rhMin += normal.rhMinPct;
    normalDays++;
  }
  const days = dailyDays + normalDays;
  return days === 0 ? null : { windMps: wind / days, rhMinPct: rhMin / days, dailyDays, normalDays };
}

export interface KcAdjustment {
  cropCode: string;
  plantingDate: string;
  /** Means over the mid-season stage, for Kc mid; null: the table's Kc mid. */
  mid: StageClimate | null;
  /** Means over the late-season stage, for Kc end; null: the table's Kc end. */
  end: StageClimate | null;
  kcMid: number;
  kcEnd: number;
}

/**
 * FAO-56 Eq. 62 for one cropping: Kc mid adjusted to the mean u2 and RHmin of its own mid-season
 * stage, Kc end to those of its late-season stage (the paper's "at the end of the late season"
 * values are the stage's means), each from the planting date and the crop's stage lengths.
 */
export function kcAdjustment(crop: Crop, plantingDate: string, weather: KcWeather): KcAdjustment {
  const s = crop.stagesDays;
  const midStart = addDays(plantingDate, s.initial + s.development);
  const mid = stageClimate(midStart, s.mid, weather);
  const end = stageClimate(addDays(midStart, s.mid), s.late, weather);
  const adjusted = adjustCropForClimate(crop, mid, end);
  return { cropCode: crop.code, plantingDate, mid, end, kcMid: adjusted.kc.mid, kcEnd: adjusted.kc.end };
}

function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
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
  /** `rainRecorded` false: the station recorded no rain for the decade, which counts as none (absent in plans made before it was kept). */
  climate: {
    decade: string;
    et0MmPerDay: number;
    rainMm: number;
    source: ClimateSource;
    rainRecorded?: boolean;
  }[];
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
  /**
   * Kc mid and end of each cropping (crop and planting date) as adjusted by Eq. 62, with the stage
   * means used; empty when no weather was given (the table's values, for u2 = 2 m/s, RHmin = 45 %).
   */
  kcAdjustments: KcAdjustment[];
}

/**
 * The season's water-use plan: each request line's requirement per decade (FAO-56, via
 * `plotRequirement`, with Kc adjusted to the local climate when it is known), summed per user at
 * the field, then carried up the canal tree from the outlets to the head with each reach's losses.
 */
export function seasonPlan(
  climate: readonly (DecadeClimate & { source: ClimateSource; rainRecorded?: boolean })[],
  lines: readonly PlanLine[],
  reaches: readonly PlanReach[],
  rainMethod: EffectiveRainMethod,
  kcWeather: KcWeather | null = null,
): SeasonPlan {
  const n = climate.length;
  const zeros = () => new Array<number>(n).fill(0);
  const add = (into: number[], values: readonly number[]) => {
    for (let i = 0; i < n; i++) into[i]! += values[i]!;
  };
  const users = new Map<string, SeasonPlan["users"][number]>();
  const atOutlet = new Map<string, number[]>();
  const reachById = new Map(reaches.map((r) => [r.id, r]));
  const adjustments = new Map<string, KcAdjustment>();
  const adjustedCrop = ({ crop, plantingDate }: PlotCropping) => {
    const key = `${crop.code}:${plantingDate}`;
    const found = adjustments.get(key) ?? kcAdjustment(crop, plantingDate, kcWeather!);
    adjustments.set(key, found);
    return { ...crop, kc: { ...crop.kc, mid: found.kcMid, end: found.kcEnd } };
  };
  for (const line of lines) {
    const outlet = reachById.get(line.outletId);
    if (outlet?.kind !== "outlet")
      throw new DomainError("planning.plotWithoutOutlet", { outletId: line.outletId });
    const cropping = kcWeather ? { ...line.cropping, crop: adjustedCrop(line.cropping) } : line.cropping;
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
      ...(c.rainRecorded === false ? { rainRecorded: false } : {}),
    })),
    // "2. Токтосунова" before "10. Мамбетов": a user's name starts with their number.
    users: [...users.values()].sort((a, b) => a.name.localeCompare(b.name, "ru", { numeric: true })),
    // In the order the network was given (the water area lists it as the scheme does).
    reaches: reaches.flatMap((r) => result.get(r.id) ?? []),
    headM3,
    headTotalM3: headM3.reduce((s, v) => s + v, 0),
    kcAdjustments: [...adjustments.values()],
  };
}
