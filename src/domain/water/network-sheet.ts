import { readCadastralNumber } from "../registry/cadastral-number.js";
import { numberFromText } from "../shared/number-format.js";
import type { GaugeStructure, RatingPoint } from "./discharge.js";
import { REACH_KINDS, type ReachKind } from "./network.js";
import { cleanGeometry, type Geometry, type GeometryRole, geometryProblem } from "./network-check.js";

/**
 * The network as a file: one table per kind of thing (a spreadsheet sheet, or a GeoJSON layer),
 * one row per reach, structure or plot, with the same columns in both. Reading a row checks each
 * cell on its own; the network as a whole is checked after (`networkIssues`).
 */
export const SHEETS = ["reaches", "structures", "plots"] as const;
export type Sheet = (typeof SHEETS)[number];

export const LININGS = ["earth", "concrete", "stone", "flume", "pipe", "other"] as const;
export const STRUCTURE_KINDS = ["gate", "gauging-post", "drop", "siphon", "other"] as const;
export const GAUGE_KINDS = [
  "rectangular-weir",
  "cipoletti-weir",
  "v-notch-90",
  "parshall-flume",
  "rating-table",
] as const;

/** The closed lists a cell may name, by the catalog prefix of their labels. */
export const CHOICES = {
  kind: REACH_KINDS,
  lining: LININGS,
  structureKind: STRUCTURE_KINDS,
  gaugeKind: GAUGE_KINDS,
} as const;
export type Choice = keyof typeof CHOICES;

type ColumnType = "text" | "number" | "integer" | "boolean" | "geometry" | "ratingTable" | Choice;
interface Column {
  key: string;
  type: ColumnType;
  required?: boolean;
}

export const SHEET_COLUMNS: Record<Sheet, readonly Column[]> = {
  reaches: [
    { key: "code", type: "text", required: true },
    { key: "name", type: "text", required: true },
    { key: "parentCode", type: "text" },
    { key: "kind", type: "kind", required: true },
    { key: "lengthM", type: "number" },
    { key: "lining", type: "lining" },
    { key: "capacityLps", type: "number", required: true },
    { key: "efficiency", type: "number" },
    { key: "capacityOverride", type: "boolean" },
    { key: "geometry", type: "geometry" },
  ],
  structures: [
    { key: "code", type: "text", required: true },
    { key: "name", type: "text", required: true },
    { key: "reachCode", type: "text", required: true },
    { key: "structureKind", type: "structureKind", required: true },
    { key: "gaugeKind", type: "gaugeKind" },
    { key: "crestWidthM", type: "number" },
    { key: "contracted", type: "boolean" },
    { key: "throatWidthM", type: "number" },
    { key: "ratingTable", type: "ratingTable" },
    { key: "lon", type: "number" },
    { key: "lat", type: "number" },
  ],
  plots: [
    { key: "plotId", type: "text" },
    { key: "waterUserNumber", type: "integer" },
    { key: "cadastralNumber", type: "text" },
    { key: "outletCode", type: "text" },
    { key: "areaHa", type: "number" },
    { key: "geometry", type: "geometry" },
  ],
};

export interface ReachLine {
  code: string;
  name: string;
  parentCode: string | null;
  kind: ReachKind;
  lengthM: number | null;
  lining: (typeof LININGS)[number] | null;
  capacityLps: number;
  efficiency: number;
  capacityOverride: boolean;
  geometry: Geometry | null;
}
export interface StructureLine {
  code: string;
  name: string;
  reachCode: string;
  kind: (typeof STRUCTURE_KINDS)[number];
  gauge: GaugeStructure | null;
  geometry: Geometry | null;
}
/** A plot is found by its id, or by its user's number and cadastral number; only its place changes. */
export interface PlotLine {
  plotId: string | null;
  waterUserNumber: number | null;
  cadastralNumber: string | null;
  outletCode: string | null;
  geometry: Geometry | null;
}
export interface Lines {
  reaches: ReachLine;
  structures: StructureLine;
  plots: PlotLine;
}

export interface CellIssue {
  column: string | null;
  code: string;
  params?: Record<string, string | number>;
}

/** How cells are read: words of the closed lists and yes/no in any language, folded. */
export interface SheetLookups {
  choices: Record<Choice, Map<string, string>>;
  booleans: Map<string, boolean>;
  fold: (text: string) => string;
}

const GEOMETRY_ROLE: Record<Sheet, GeometryRole> = {
  reaches: "reach",
  structures: "structure",
  plots: "plot",
};

/** "0.10:12; 0.20:41.5" — level in metres and flow in l/s, one pair per point. */
export function formatRatingTable(points: readonly RatingPoint[]): string {
  return points.map((p) => `${p.levelM}:${p.flowLps}`).join("; ");
}

/**
 * A number from a cell: a number, or text as people type it (a decimal comma, spaces between digit
 * groups); null for anything else, "1e3" and "0x10" too.
 */
export function parseNumber(value: unknown): number | null {
  if (typeof value === "number") return Number.isFinite(value) ? value : null;
  if (typeof value !== "string") return null;
  const n = numberFromText(value);
  return typeof n === "number" ? n : null;
}

function readCell(column: Column, raw: unknown, sheet: Sheet, lookups: SheetLookups): unknown {
  const text = typeof raw === "string" ? raw.trim() : raw;
  switch (column.type) {
    case "text":
      return String(text);
    case "number":
      return parseNumber(text);
    case "integer": {
      const n = parseNumber(text);
      return n !== null && Number.isInteger(n) ? n : null;
    }
    case "boolean":
      return typeof text === "boolean" ? text : (lookups.booleans.get(lookups.fold(String(text))) ?? null);
    case "geometry": {
      let value = text;
      if (typeof text === "string") {
        try {
          value = JSON.parse(text);
        } catch {
          return null;
        }
      }
      return geometryProblem(value, GEOMETRY_ROLE[sheet]) ? null : cleanGeometry(value as Geometry);
    }
    case "ratingTable": {
      const points = String(text)
        .split(/[;\n]/)
        .filter((p) => p.trim())
        .map((p) => p.split(":").map(parseNumber));
      if (points.some((p) => p.length !== 2 || p[0] === null || p[1] === null)) return null;
      return points.map(([levelM, flowLps]) => ({ levelM: levelM!, flowLps: flowLps! }));
    }
    default:
      return lookups.choices[column.type].get(lookups.fold(String(text))) ?? null;
  }
}

/**
 * Reads one row: every cell by its column's type, then the row as a reach, structure or plot.
 * Returns the line, or null with the problems of its cells.
 */
export function readLine<S extends Sheet>(
  sheet: S,
  cells: Record<string, unknown>,
  lookups: SheetLookups,
): { line: Lines[S] | null; issues: CellIssue[] } {
  const issues: CellIssue[] = [];
  const v: Record<string, unknown> = {};
  for (const column of SHEET_COLUMNS[sheet]) {
    const raw = cells[column.key];
    if (raw === null || raw === undefined || raw === "") {
      if (column.required) issues.push({ column: column.key, code: "required" });
      v[column.key] = null;
      continue;
    }
    const value = readCell(column, raw, sheet, lookups);
    if (value === null) {
      const geometry =
        column.type === "geometry" ? geometryProblem(parseLoose(raw), GEOMETRY_ROLE[sheet]) : null;
      issues.push(geometry ? { column: column.key, ...geometry } : { column: column.key, code: "invalid" });
    }
    v[column.key] = value;
  }
  if (issues.length > 0) return { line: null, issues };
  return finishLine(sheet, v, issues) as { line: Lines[S] | null; issues: CellIssue[] };
}

function parseLoose(raw: unknown): unknown {
  if (typeof raw !== "string") return raw;
  try {
    return JSON.parse(raw);
  } catch {
    return null;
  }
}

function finishLine(sheet: Sheet, v: Record<string, unknown>, issues: CellIssue[]) {
  const nullable = <T>(x: unknown) => (x ?? null) as T | null;
  switch (sheet) {
    case "reaches": {
      const line: ReachLine = {
        code: v.code as string,
        name: v.name as string,
        parentCode: nullable(v.parentCode),
        kind: v.kind as ReachKind,
        lengthM: nullable(v.lengthM),
        lining: nullable(v.lining),
        capacityLps: v.capacityLps as number,
        efficiency: (v.efficiency as number | null) ?? 1,
        capacityOverride: (v.capacityOverride as boolean | null) ?? false,
        geometry: nullable(v.geometry),
      };
      if (line.lengthM !== null && line.lengthM < 0) issues.push({ column: "lengthM", code: "negative" });
      return { line: issues.length > 0 ? null : line, issues };
    }
    case "structures": {
      const { lon, lat } = v as { lon: number | null; lat: number | null };
      if ((lon === null) !== (lat === null))
        issues.push({ column: lon === null ? "lon" : "lat", code: "required" });
      const geometry: Geometry | null =
        lon !== null && lat !== null ? { type: "Point", coordinates: [lon, lat] } : null;
      const point = geometry && geometryProblem(geometry, "structure");
      if (point) issues.push({ column: "lon", ...point });
      const line: StructureLine = {
        code: v.code as string,
        name: v.name as string,
        reachCode: v.reachCode as string,
        kind: v.structureKind as StructureLine["kind"],
        gauge: gaugeOf(v, issues),
        geometry,
      };
      return { line: issues.length > 0 ? null : line, issues };
    }
    case "plots": {
      const line: PlotLine = {
        plotId: nullable(v.plotId),
        waterUserNumber: nullable(v.waterUserNumber),
        cadastralNumber: writtenAsKept(nullable(v.cadastralNumber)),
        outletCode: nullable(v.outletCode),
        geometry: nullable(v.geometry),
      };
      if (line.plotId === null && (line.waterUserNumber === null || line.cadastralNumber === null))
        issues.push({ column: "plotId", code: "plotKeyRequired" });
      return { line: issues.length > 0 ? null : line, issues };
    }
  }
}

/**
 * A plot's cadastral number written the way plots keep it (`readCadastralNumber`), so a file that
 * spaces it otherwise, as one exported before migration 0045 may, still finds the plot; a text that
 * is no such number stays as written, and finds none.
 */
function writtenAsKept(text: string | null): string | null {
  const read = readCadastralNumber(text);
  return read === "invalid" ? text : read;
}

/** The device of a gauging post from its columns; each kind needs its own dimension. */
function gaugeOf(v: Record<string, unknown>, issues: CellIssue[]): GaugeStructure | null {
  const need = (column: string) => {
    if (v[column] === null) issues.push({ column, code: "required" });
    return v[column] as never;
  };
  switch (v.gaugeKind as (typeof GAUGE_KINDS)[number] | null) {
    case null:
      return null;
    case "rectangular-weir":
      return {
        kind: "rectangular-weir",
        crestWidthM: need("crestWidthM"),
        contracted: v.contracted === true,
      };
    case "cipoletti-weir":
      return { kind: "cipoletti-weir", crestWidthM: need("crestWidthM") };
    case "v-notch-90":
      return { kind: "v-notch-90" };
    case "parshall-flume":
      return { kind: "parshall-flume", throatWidthM: need("throatWidthM") };
    case "rating-table":
      return { kind: "rating-table", points: need("ratingTable") };
  }
}

/** A structure's device as the columns that carry it (the inverse of reading them). */
export function gaugeCells(gauge: GaugeStructure | null): Record<string, unknown> {
  if (!gauge) return {};
  switch (gauge.kind) {
    case "rectangular-weir":
      return { gaugeKind: gauge.kind, crestWidthM: gauge.crestWidthM, contracted: gauge.contracted };
    case "cipoletti-weir":
      return { gaugeKind: gauge.kind, crestWidthM: gauge.crestWidthM };
    case "v-notch-90":
      return { gaugeKind: gauge.kind };
    case "parshall-flume":
      return { gaugeKind: gauge.kind, throatWidthM: gauge.throatWidthM };
    case "rating-table":
      return { gaugeKind: gauge.kind, ratingTable: formatRatingTable(gauge.points) };
  }
}
