import { parseCsv } from "../shared/csv.js";
import { numberFromText } from "../shared/number-format.js";
import { dayFromText } from "../shared/paper-date.js";
import type { DailyWeather } from "./et0.js";

/**
 * Reading a station's daily weather from a CSV whose columns the user maps and whose units the user
 * states: converted to FAO-56's units and checked row by row. Nothing here writes; the caller keeps
 * the rows only if there is no issue at all.
 */
export const WEATHER_FIELDS = [
  "date",
  "tmax",
  "tmin",
  "tdew",
  "rhMax",
  "rhMin",
  "rhMean",
  "radiation",
  "wind",
  "windHeight",
  "rain",
] as const;
export type WeatherField = (typeof WEATHER_FIELDS)[number];

export const TEMPERATURE_UNITS = ["C", "K"] as const;
/** Daily radiation as MJ m⁻² day⁻¹, as a day's mean W/m², or as hours of bright sunshine. */
export const RADIATION_UNITS = ["MJ/m2/d", "W/m2", "sunshine-hours"] as const;

export interface WeatherUnits {
  temperature: (typeof TEMPERATURE_UNITS)[number];
  radiation: (typeof RADIATION_UNITS)[number];
  /** Height of the anemometer (m), unless a column gives it per row; FAO-56 Eq. 47 brings the speed to 2 m. */
  windHeightM: number;
}

export interface WeatherMapping {
  /** Header of the file's column for each field; date, tmax and tmin are required. */
  columns: Partial<Record<WeatherField, string>>;
  units: WeatherUnits;
}

export interface WeatherRow extends DailyWeather {
  rainMm?: number;
}

export interface WeatherIssue {
  /** 1-based line of the file (the header is line 1). */
  line: number;
  field: WeatherField | null;
  code: string;
  params: Record<string, string | number>;
}

/** Plausible ranges in FAO-56 units: a value outside is a typo or a wrong unit, not weather. */
const RANGES: Partial<Record<WeatherField, [number, number]>> = {
  tmax: [-60, 60],
  tmin: [-60, 60],
  tdew: [-70, 40],
  rhMax: [0, 100],
  rhMin: [0, 100],
  rhMean: [0, 100],
  wind: [0, 60],
  windHeight: [0.5, 100],
  rain: [0, 500],
};
const RADIATION_RANGE: Record<WeatherUnits["radiation"], [number, number]> = {
  "MJ/m2/d": [0, 45],
  "W/m2": [0, 520],
  "sunshine-hours": [0, 24],
};

/** A day's mean W/m² is 0.0864 MJ m⁻² day⁻¹ (86 400 s). */
const W_TO_MJ_PER_DAY = 0.0864;

/** The header of a weather CSV (its first record), for the user to map onto the fields. */
export function csvHeader(csv: string): { headers: string[] } {
  return { headers: (parseCsv(csv)[0]?.cells ?? []).map((h) => h.trim()) };
}

export function readWeatherCsv(
  csv: string,
  mapping: WeatherMapping,
): { rows: WeatherRow[]; issues: WeatherIssue[] } {
  const [head, ...records] = parseCsv(csv);
  const headers = (head?.cells ?? []).map((h) => h.trim());
  const issues: WeatherIssue[] = [];
  const index = new Map<WeatherField, number>();
  for (const field of WEATHER_FIELDS) {
    const header = mapping.columns[field];
    if (header === undefined) {
      if (field === "date" || field === "tmax" || field === "tmin")
        issues.push({ line: 1, field, code: "columnRequired", params: {} });
      continue;
    }
    const at = headers.indexOf(header);
    if (at < 0) issues.push({ line: 1, field, code: "columnMissing", params: { column: header } });
    else index.set(field, at);
  }
  if (issues.length > 0) return { rows: [], issues };

  const rows: WeatherRow[] = [];
  const seen = new Map<string, number>();
  for (const record of records) {
    const { line } = record;
    const cells = record.cells.map((c) => c.trim());
    const cell = (field: WeatherField) => {
      const at = index.get(field);
      return at === undefined ? "" : (cells[at] ?? "");
    };
    const before = issues.length;
    // Day first as the region writes it (20.04.2026, 20/04/2026, 20-04-2026) or ISO, as every import reads days.
    const day = dayFromText(cell("date"));
    const date = day === "invalid" ? null : day;
    if (!date) issues.push({ line, field: "date", code: "invalidDate", params: { value: cell("date") } });
    else if (seen.has(date))
      issues.push({
        line,
        field: "date",
        code: "duplicateDate",
        params: { value: date, other: seen.get(date)! },
      });
    else seen.set(date, line);

    const number = (field: WeatherField, required: boolean): number | undefined => {
      const raw = cell(field);
      if (raw === "") {
        if (required) issues.push({ line, field, code: "valueRequired", params: {} });
        return undefined;
      }
      const typed = numberFromText(raw);
      if (typeof typed !== "number") {
        issues.push({ line, field, code: "notANumber", params: { value: raw } });
        return undefined;
      }
      const isTemperature = field === "tmax" || field === "tmin" || field === "tdew";
      const value = isTemperature && mapping.units.temperature === "K" ? typed - 273.15 : typed;
      const [min, max] = field === "radiation" ? RADIATION_RANGE[mapping.units.radiation] : RANGES[field]!;
      if (value < min || value > max) {
        issues.push({ line, field, code: "outOfRange", params: { value: raw, min, max } });
        return undefined;
      }
      return value;
    };
    const tmaxC = number("tmax", true);
    const tminC = number("tmin", true);
    const row: WeatherRow = { date: date ?? "", tmaxC: tmaxC ?? 0, tminC: tminC ?? 0 };
    const optional: [WeatherField, keyof WeatherRow][] = [
      ["tdew", "tdewC"],
      ["rhMax", "rhMaxPct"],
      ["rhMin", "rhMinPct"],
      ["rhMean", "rhMeanPct"],
      ["wind", "windMps"],
      ["rain", "rainMm"],
    ];
    for (const [field, key] of optional) {
      const value = number(field, false);
      if (value !== undefined) (row as unknown as Record<string, number>)[key] = value;
    }
    const windHeightM = number("windHeight", false);
    if (row.windMps !== undefined) row.windHeightM = windHeightM ?? mapping.units.windHeightM;
    const radiation = number("radiation", false);
    if (radiation !== undefined) {
      if (mapping.units.radiation === "sunshine-hours") row.sunshineHours = radiation;
      else row.rsMJ = mapping.units.radiation === "W/m2" ? radiation * W_TO_MJ_PER_DAY : radiation;
    }
    if (tmaxC !== undefined && tminC !== undefined && tmaxC < tminC)
      issues.push({
        line,
        field: "tmax",
        code: "temperaturesReversed",
        params: { tmax: tmaxC, tmin: tminC },
      });
    if (issues.length === before) rows.push(row);
  }
  if (rows.length === 0 && issues.length === 0)
    issues.push({ line: 1, field: null, code: "noRows", params: {} });
  return { rows, issues };
}
