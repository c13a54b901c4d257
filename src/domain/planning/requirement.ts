import {
  type Decade,
  daysInMonth,
  decadeKey,
  decadeRange,
  decadesBetween,
  parseIsoDate,
} from "../shared/decade.js";
import { DomainError } from "../shared/errors.js";
import type { Crop } from "./crops.js";
import { type EffectiveRainMethod, effectiveRainDecade } from "./effective-rain.js";
import { kcOnDay } from "./kc.js";

/** Field application efficiency by irrigation method (FAO-56 / FAO Irrigation Water Management). */
export const APPLICATION_EFFICIENCY = {
  furrow: 0.6,
  basin: 0.6,
  border: 0.65,
  sprinkler: 0.75,
  drip: 0.9,
} as const;
export type IrrigationMethod = keyof typeof APPLICATION_EFFICIENCY;

export interface PlotCropping {
  areaHa: number;
  crop: Crop;
  plantingDate: string; // YYYY-MM-DD
  method: IrrigationMethod;
  /** The WUA's own measured efficiency, over the method's default. */
  applicationEfficiency?: number;
}

export interface DecadeClimate {
  decade: Decade;
  et0MmPerDay: number;
  rainMm: number;
}

export interface DecadeRequirement {
  decade: string; // key, e.g. "2026-07-2"
  daysInSeason: number;
  etcMm: number;
  effectiveRainMm: number;
  netMm: number;
  netM3: number;
  /** At the field: net divided by the application efficiency. */
  grossM3: number;
}

const DAY_MS = 86_400_000;

/**
 * Water a plot needs, decade by decade: ETc = Σ Kc(day)·ET0, minus the effective rain of the days
 * the crop is in the field, never below zero; m³ = mm × 10 × ha; gross = net / efficiency.
 */
export function plotRequirement(
  plot: PlotCropping,
  climate: readonly DecadeClimate[],
  rainMethod: EffectiveRainMethod,
): DecadeRequirement[] {
  if (!(plot.areaHa >= 0)) throw new DomainError("planning.negativeArea");
  const efficiency = plot.applicationEfficiency ?? APPLICATION_EFFICIENCY[plot.method];
  if (!(efficiency > 0 && efficiency <= 1)) throw new DomainError("planning.efficiencyRange");
  const planted = dayNumber(plot.plantingDate);
  return climate.map(({ decade, et0MmPerDay, rainMm }) => {
    const range = decadeRange(decade);
    const first = dayNumber(range.first);
    let etcMm = 0;
    let daysInSeason = 0;
    for (let d = 0; d < range.days; d++) {
      const kc = kcOnDay(plot.crop, first + d - planted);
      if (kc > 0) {
        etcMm += kc * et0MmPerDay;
        daysInSeason++;
      }
    }
    const rainShare = (rainMm * daysInSeason) / range.days;
    const effectiveRainMm =
      daysInSeason === 0
        ? 0
        : effectiveRainDecade(rainShare, daysInSeason, daysInMonth(decade.year, decade.month), rainMethod);
    const netMm = Math.max(0, etcMm - effectiveRainMm);
    const netM3 = netMm * 10 * plot.areaHa;
    return {
      decade: decadeKey(decade),
      daysInSeason,
      etcMm,
      effectiveRainMm,
      netMm,
      netM3,
      grossM3: netM3 / efficiency,
    };
  });
}

/** The decades a cropping spans, from planting to the end of the late stage. */
export function seasonDecades(plot: PlotCropping): Decade[] {
  const s = plot.crop.stagesDays;
  const length = s.initial + s.development + s.mid + s.late;
  const end = new Date(Date.parse(`${plot.plantingDate}T00:00:00Z`) + (length - 1) * DAY_MS)
    .toISOString()
    .slice(0, 10);
  return decadesBetween(plot.plantingDate, end);
}

/** What must leave the head for a volume at an outlet: divided by each canal's efficiency on the way. */
export function volumeAtHead(volumeM3: number, conveyanceEfficiencies: readonly number[]): number {
  return conveyanceEfficiencies.reduce((v, e) => v / e, volumeM3);
}

function dayNumber(date: string): number {
  const { year, month, day } = parseIsoDate(date);
  return Date.UTC(year, month - 1, day) / DAY_MS;
}
