import { daysInMonth, parseIsoDate } from "../shared/decade.js";
import { type KcWeatherDay, rhMinOf } from "./season-plan.js";

/**
 * Long-term monthly normals from a station's daily records, counting a month of a year only when
 * its record is nearly complete: WMO's "3/5 rule" (WMO-TD No. 341, 1989; restated in WMO-No. 1203,
 * Guidelines on the Calculation of Climate Normals, 2017): a monthly mean is not computed when more
 * than 5 days are missing in total or more than 3 consecutive days are missing. Rain is a total,
 * not a mean: a missing day cannot be averaged away, so a month's rain counts only when every day
 * has it. Each normal says how many months (years) it rests on.
 */
export interface NormalDay extends KcWeatherDay {
  day: string; // YYYY-MM-DD
  et0Mm: number;
  rainMm: number | null;
}

export interface ComputedNormal {
  month: number;
  et0MmPerDay: number;
  /** Mean monthly rain over the complete months; null when no month has every day's rain. */
  rainMm: number | null;
  /** Mean wind at 2 m over the days that measured it; null when none did. */
  windMps: number | null;
  /** Mean RHmin (measured, else estimated from the dew point or Tmin). */
  rhMinPct: number;
  /** Months (of different years) that passed the 3/5 rule. */
  yearCount: number;
  /** Months with every day's rain. */
  rainYearCount: number;
  dayCount: number;
}

export const MAX_MISSING_DAYS = 5;
export const MAX_CONSECUTIVE_MISSING_DAYS = 3;

/** Missing days of a month and the longest run of them, from the days of the month present. */
export function monthGaps(presentDays: Iterable<number>, monthLength: number) {
  const present = new Set(presentDays);
  let missing = 0;
  let run = 0;
  let longestRun = 0;
  for (let d = 1; d <= monthLength; d++) {
    if (present.has(d)) run = 0;
    else {
      missing++;
      run++;
      longestRun = Math.max(longestRun, run);
    }
  }
  return { missing, longestRun };
}

export function monthCounts(presentDays: Iterable<number>, monthLength: number): boolean {
  const { missing, longestRun } = monthGaps(presentDays, monthLength);
  return missing <= MAX_MISSING_DAYS && longestRun <= MAX_CONSECUTIVE_MISSING_DAYS;
}

const mean = (values: readonly number[]) => values.reduce((s, v) => s + v, 0) / values.length;

/**
 * One normal per calendar month that has at least one month passing the 3/5 rule: the mean over
 * those months of each month's mean (so a long record of one year does not outweigh a short one).
 * Months with no such month are left out: a planner then enters the normal from a handbook.
 */
export function monthlyNormals(days: readonly NormalDay[]): ComputedNormal[] {
  const byMonthOfYear = new Map<string, NormalDay[]>();
  for (const d of days) {
    const key = d.day.slice(0, 7);
    byMonthOfYear.set(key, [...(byMonthOfYear.get(key) ?? []), d]);
  }
  type Counted = { et0: number; wind: number | null; rhMin: number; rain: number | null; days: number };
  const byMonth = new Map<number, Counted[]>();
  for (const [key, list] of byMonthOfYear) {
    const { year, month } = parseIsoDate(`${key}-01`);
    const length = daysInMonth(year, month);
    const dayOf = (d: NormalDay) => Number(d.day.slice(8, 10));
    if (!monthCounts(list.map(dayOf), length)) continue;
    const withRain = list.filter((d) => d.rainMm !== null);
    const winds = list.flatMap((d) => (d.wind2mMps === null ? [] : [d.wind2mMps]));
    byMonth.set(month, [
      ...(byMonth.get(month) ?? []),
      {
        et0: mean(list.map((d) => d.et0Mm)),
        wind: winds.length === 0 ? null : mean(winds),
        rhMin: mean(list.map(rhMinOf)),
        rain: withRain.length === length ? withRain.reduce((s, d) => s + d.rainMm!, 0) : null,
        days: list.length,
      },
    ]);
  }
  return [...byMonth.entries()]
    .sort(([a], [b]) => a - b)
    .map(([month, counted]) => {
      const rains = counted.flatMap((c) => (c.rain === null ? [] : [c.rain]));
      const winds = counted.flatMap((c) => (c.wind === null ? [] : [c.wind]));
      return {
        month,
        et0MmPerDay: mean(counted.map((c) => c.et0)),
        rainMm: rains.length === 0 ? null : mean(rains),
        windMps: winds.length === 0 ? null : mean(winds),
        rhMinPct: mean(counted.map((c) => c.rhMin)),
        yearCount: counted.length,
        rainYearCount: rains.length,
        dayCount: counted.reduce((s, c) => s + c.days, 0),
      };
    });
}
