import type { Geometry, Position } from "./network-check.js";

/**
 * Lengths and areas of what is drawn on the map, on a sphere of the Earth's mean radius (IUGG
 * R1 = 6 371 008.8 m). Over a WUA's few kilometres the sphere is within 0.5 % of the WGS 84
 * ellipsoid, closer than a canal's recorded length ever is.
 */
export const EARTH_RADIUS_M = 6_371_008.8;

const rad = (deg: number) => (deg * Math.PI) / 180;

/** Great-circle distance in metres between two [longitude, latitude] positions (haversine). */
export function haversineM([lon1, lat1]: Position, [lon2, lat2]: Position): number {
  const dLat = rad(lat2 - lat1);
  const dLon = rad(lon2 - lon1);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(lat1)) * Math.cos(rad(lat2)) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** Length in metres of a path of positions. */
export function pathLengthM(path: readonly Position[]): number {
  let total = 0;
  for (let i = 1; i < path.length; i++) total += haversineM(path[i - 1]!, path[i]!);
  return total;
}

/** A canal's drawn length in metres (every part of a MultiLineString); null for what is not a line. */
export function lineLengthM(g: Geometry): number | null {
  if (g.type === "LineString") return pathLengthM(g.coordinates);
  if (g.type === "MultiLineString") return g.coordinates.reduce((sum, part) => sum + pathLengthM(part), 0);
  return null;
}

/**
 * Area in m² enclosed by a ring, whichever way it turns (Chamberlain & Duquette, "Some algorithms
 * for polygons on a sphere", JPL 2007: exact for edges along parallels and meridians, within a
 * fraction of a percent for a field's short edges). A closing position equal to the first is allowed.
 */
export function ringAreaM2(ring: readonly Position[]): number {
  const open = ring.length > 1 && ring[0]![0] === ring.at(-1)![0] && ring[0]![1] === ring.at(-1)![1];
  const points = open ? ring.slice(0, -1) : ring;
  const n = points.length;
  if (n < 3) return 0;
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const before = points[(i + n - 1) % n]!;
    const after = points[(i + 1) % n]!;
    sum += rad(after[0] - before[0]) * Math.sin(rad(points[i]![1]));
  }
  return Math.abs((sum * EARTH_RADIUS_M ** 2) / 2);
}

const M2_PER_HA = 10_000;

/** A plot's drawn area in hectares (outer rings less their holes); null for what is not an area. */
export function polygonAreaHa(g: Geometry): number | null {
  const polygonM2 = (rings: readonly Position[][]) =>
    rings.reduce((sum, ring, i) => sum + (i === 0 ? 1 : -1) * ringAreaM2(ring), 0);
  if (g.type === "Polygon") return polygonM2(g.coordinates) / M2_PER_HA;
  if (g.type === "MultiPolygon")
    return g.coordinates.reduce((sum, polygon) => sum + polygonM2(polygon), 0) / M2_PER_HA;
  return null;
}

/** Whether segments ab and cd cross or touch (in plain longitude/latitude: enough at a field's scale). */
function segmentsMeet(a: Position, b: Position, c: Position, d: Position): boolean {
  const turn = (p: Position, q: Position, r: Position) =>
    Math.sign((q[0] - p[0]) * (r[1] - p[1]) - (q[1] - p[1]) * (r[0] - p[0]));
  const within = (p: Position, q: Position, r: Position) =>
    Math.min(p[0], q[0]) <= r[0] &&
    r[0] <= Math.max(p[0], q[0]) &&
    Math.min(p[1], q[1]) <= r[1] &&
    r[1] <= Math.max(p[1], q[1]);
  const [d1, d2, d3, d4] = [turn(c, d, a), turn(c, d, b), turn(a, b, c), turn(a, b, d)];
  if (d1 !== d2 && d3 !== d4 && d1 !== 0 && d2 !== 0 && d3 !== 0 && d4 !== 0) return true;
  return (
    (d1 === 0 && within(c, d, a)) ||
    (d2 === 0 && within(c, d, b)) ||
    (d3 === 0 && within(a, b, c)) ||
    (d4 === 0 && within(a, b, d))
  );
}

/**
 * Whether a closed ring crosses or touches itself (a figure-eight field has no area to speak of).
 * Neighbouring edges share their vertex and are not counted. Quadratic: rings are a few hundred
 * positions at most when drawn by hand.
 */
export function ringSelfIntersects(ring: readonly Position[]): boolean {
  const edges = ring.length - 1;
  for (let i = 0; i < edges; i++)
    for (let j = i + 1; j < edges; j++) {
      const adjacent = j === i + 1 || (i === 0 && j === edges - 1);
      if (adjacent) continue;
      if (segmentsMeet(ring[i]!, ring[i + 1]!, ring[j]!, ring[j + 1]!)) return true;
    }
  return false;
}
