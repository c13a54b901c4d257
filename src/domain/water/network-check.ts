import { DomainError, type FieldIssue } from "../shared/errors.js";
import { ringSelfIntersects } from "./geometry.js";
import { type ReachKind, validateNetwork } from "./network.js";

/** A GeoJSON geometry (RFC 7946: WGS 84 longitude, latitude). */
export type Position = [number, number];
export type Geometry =
  | { type: "Point"; coordinates: Position }
  | { type: "LineString"; coordinates: Position[] }
  | { type: "MultiLineString"; coordinates: Position[][] }
  | { type: "Polygon"; coordinates: Position[][] }
  | { type: "MultiPolygon"; coordinates: Position[][][] };

/** What each thing on the map is drawn as: canals as lines, structures as points, plots as areas. */
export type GeometryRole = "reach" | "structure" | "plot";
const TYPES_OF: Record<GeometryRole, readonly Geometry["type"][]> = {
  reach: ["LineString", "MultiLineString"],
  structure: ["Point"],
  plot: ["Polygon", "MultiPolygon"],
};

export interface GeometryProblem {
  code: "geometryWrongType" | "geometryInvalid" | "geometryOutOfRange" | "ringSelfIntersects";
  params: Record<string, string | number>;
}

const isPosition = (p: unknown): p is Position =>
  Array.isArray(p) && (p.length === 2 || p.length === 3) && p.every((n) => Number.isFinite(n));

/** A line needs two positions; a polygon ring is closed (first = last) with at least four. */
function shapeOk(type: Geometry["type"], c: unknown): boolean {
  const line = (l: unknown, min: number) => Array.isArray(l) && l.length >= min && l.every(isPosition);
  const ring = (r: unknown) =>
    line(r, 4) && (r as Position[])[0]!.every((v, i) => v === (r as Position[]).at(-1)![i]);
  const polygon = (p: unknown) => Array.isArray(p) && p.length >= 1 && p.every(ring);
  const many = (m: unknown, one: (x: unknown) => boolean) =>
    Array.isArray(m) && m.length >= 1 && m.every(one);
  switch (type) {
    case "Point":
      return isPosition(c);
    case "LineString":
      return line(c, 2);
    case "MultiLineString":
      return many(c, (l) => line(l, 2));
    case "Polygon":
      return polygon(c);
    case "MultiPolygon":
      return many(c, polygon);
  }
}

function positions(g: Geometry): Position[] {
  switch (g.type) {
    case "Point":
      return [g.coordinates];
    case "LineString":
      return g.coordinates;
    case "MultiLineString":
    case "Polygon":
      return g.coordinates.flat();
    case "MultiPolygon":
      return g.coordinates.flat(2);
  }
}

/**
 * Checks a geometry for its role; returns the problem, or null when it is fine. Positions keep
 * longitude and latitude only (an altitude from a GPS track is dropped by `cleanGeometry`).
 */
export function geometryProblem(value: unknown, role: GeometryRole): GeometryProblem | null {
  const allowed = TYPES_OF[role];
  const type = (value as { type?: unknown } | null)?.type;
  if (typeof type !== "string" || !allowed.includes(type as Geometry["type"]))
    return { code: "geometryWrongType", params: { expected: allowed.join(", "), type: String(type) } };
  const coordinates = (value as { coordinates?: unknown }).coordinates;
  if (!shapeOk(type as Geometry["type"], coordinates)) return { code: "geometryInvalid", params: { type } };
  const outside = positions(value as Geometry).find(
    ([lon, lat]) => !(lon >= -180 && lon <= 180 && lat >= -90 && lat <= 90),
  );
  if (outside) return { code: "geometryOutOfRange", params: { lon: outside[0], lat: outside[1] } };
  // An outline that crosses itself has no meaningful area, whether drawn, typed or imported.
  const g = value as Geometry;
  const rings = g.type === "Polygon" ? g.coordinates : g.type === "MultiPolygon" ? g.coordinates.flat() : [];
  if (rings.some((ring) => ringSelfIntersects(ring))) return { code: "ringSelfIntersects", params: {} };
  return null;
}

/**
 * A geometry problem as a field issue at `path`, or nothing (no geometry is no problem). The one
 * check for every drawn thing, so a plot's outline and a canal's line fail with the same codes.
 */
export function geometryIssue(value: unknown, role: GeometryRole, path: (string | number)[]): FieldIssue[] {
  if (value === null || value === undefined) return [];
  const problem = geometryProblem(value, role);
  return problem ? [{ path, ...problem }] : [];
}

/** The geometry with two-number positions and nothing but type and coordinates; call after `geometryProblem`. */
export function cleanGeometry(g: Geometry): Geometry {
  const p = ([lon, lat]: Position): Position => [lon, lat];
  switch (g.type) {
    case "Point":
      return { type: g.type, coordinates: p(g.coordinates) };
    case "LineString":
      return { type: g.type, coordinates: g.coordinates.map(p) };
    case "MultiLineString":
    case "Polygon":
      return { type: g.type, coordinates: g.coordinates.map((l) => l.map(p)) };
    case "MultiPolygon":
      return { type: g.type, coordinates: g.coordinates.map((poly) => poly.map((l) => l.map(p))) };
  }
}

/** A reach as the WUA's scheme names it: by its code and its parent's code. */
export interface ReachRecord {
  code: string;
  parentCode: string | null;
  kind: ReachKind;
  capacityLps: number;
  efficiency: number;
  capacityOverride: boolean;
}

/**
 * Every problem of a network given by codes, as field issues `[row, field]` (fields: code,
 * parentCode, kind, capacityLps, efficiency). Beside `validateNetwork`'s checks (cycles, unknown
 * parents, capacity above the parent's, efficiency), only a head intake stands without a parent
 * (an orphan canal is a missing link, not a second source) and a head is fed by no canal.
 */
export function networkIssues(rows: readonly ReachRecord[]): FieldIssue[] {
  const issues: FieldIssue[] = [];
  rows.forEach((r, i) => {
    if (r.kind === "head" && r.parentCode !== null)
      issues.push({ path: [i, "parentCode"], code: "networkHeadHasParent", params: { id: r.code } });
    if (r.kind !== "head" && r.parentCode === null)
      issues.push({ path: [i, "parentCode"], code: "networkOrphan", params: { id: r.code } });
  });
  try {
    validateNetwork(
      rows.map((r) => ({
        id: r.code,
        parentId: r.parentCode,
        kind: r.kind,
        capacityLps: r.capacityLps,
        efficiency: r.efficiency,
        capacityOverride: r.capacityOverride,
      })),
    );
  } catch (error) {
    if (!(error instanceof DomainError) || error.code !== "water.networkInvalid") throw error;
    const rename: Record<string, string> = { id: "code", parentId: "parentCode" };
    for (const f of error.fields)
      issues.push({ ...f, path: [f.path[0]!, rename[String(f.path[1])] ?? String(f.path[1])] });
  }
  return issues.sort((a, b) => (a.path[0] as number) - (b.path[0] as number));
}
