import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  EARTH_RADIUS_M,
  haversineM,
  lineLengthM,
  pathLengthM,
  polygonAreaHa,
  ringAreaM2,
  ringSelfIntersects,
} from "./geometry.js";
import type { Position } from "./network-check.js";

const DEGREE_M = (Math.PI / 180) * EARTH_RADIUS_M; // 111 195.08 m

describe("lengths on the map", () => {
  it("measures a degree of latitude and of longitude on the equator as π R / 180", () => {
    expect(haversineM([74, 42], [74, 43])).toBeCloseTo(DEGREE_M, 3);
    expect(haversineM([0, 0], [1, 0])).toBeCloseTo(DEGREE_M, 3);
    // A degree of longitude shrinks with the cosine of the latitude (Bishkek, 42.87° N), to first order.
    expect(haversineM([74, 42.87], [74.01, 42.87]) / (DEGREE_M * 0.01)).toBeCloseTo(
      Math.cos((42.87 * Math.PI) / 180),
      5,
    );
  });

  it("agrees with the published Nashville–Los Angeles example (2887.26 km on R = 6372.8 km)", () => {
    const km = haversineM([-86.67, 36.12], [-118.4, 33.94]) / 1000;
    expect(km * (6372.8e3 / EARTH_RADIUS_M)).toBeCloseTo(2887.26, 2);
  });

  it("adds a line's segments and a MultiLineString's parts, and has no length for a point or an area", () => {
    const a: Position = [74.6, 42.5];
    const b: Position = [74.61, 42.5];
    const c: Position = [74.61, 42.51];
    expect(lineLengthM({ type: "LineString", coordinates: [a, b, c] })).toBeCloseTo(
      haversineM(a, b) + haversineM(b, c),
      6,
    );
    expect(
      lineLengthM({
        type: "MultiLineString",
        coordinates: [
          [a, b],
          [b, c],
        ],
      }),
    ).toBeCloseTo(pathLengthM([a, b, c]), 6);
    expect(lineLengthM({ type: "Point", coordinates: a })).toBe(null);
    expect(lineLengthM({ type: "Polygon", coordinates: [[a, b, c, a]] })).toBe(null);
  });

  it("never shortens a path by adding a vertex (triangle inequality)", () => {
    const position = fc.tuple(
      fc.double({ min: 69, max: 81, noNaN: true }),
      fc.double({ min: 39, max: 44, noNaN: true }),
    );
    fc.assert(
      fc.property(position, position, position, (a, b, c) => {
        expect(pathLengthM([a, b, c])).toBeGreaterThanOrEqual(haversineM(a, c) - 1e-6);
      }),
    );
  });
});

describe("areas on the map", () => {
  const square = (lon: number, lat: number, dLon: number, dLat: number): Position[] => [
    [lon, lat],
    [lon + dLon, lat],
    [lon + dLon, lat + dLat],
    [lon, lat + dLat],
    [lon, lat],
  ];

  it("gives a cell between two meridians and two parallels exactly: R² Δλ (sin φ2 − sin φ1)", () => {
    const exact = EARTH_RADIUS_M ** 2 * (Math.PI / 180) * Math.sin(Math.PI / 180);
    expect(ringAreaM2(square(0, 0, 1, 1)) / exact).toBeCloseTo(1, 12);
  });

  it("measures a 100 m × 100 m field near Bishkek as one hectare, turned either way", () => {
    const lat = 42.87;
    const dLat = 100 / DEGREE_M;
    const dLon = 100 / (DEGREE_M * Math.cos((lat * Math.PI) / 180));
    const ring = square(74.6, lat, dLon, dLat);
    const area = polygonAreaHa({ type: "Polygon", coordinates: [ring] })!;
    expect(area).toBeGreaterThan(0.999);
    expect(area).toBeLessThan(1.001);
    expect(polygonAreaHa({ type: "Polygon", coordinates: [[...ring].reverse()] })).toBeCloseTo(area, 9);
  });

  it("takes holes out and adds a MultiPolygon's parts", () => {
    const outer = square(74.6, 42.5, 0.01, 0.01);
    const hole = square(74.602, 42.502, 0.002, 0.002);
    const whole = polygonAreaHa({ type: "Polygon", coordinates: [outer] })!;
    const holed = polygonAreaHa({ type: "Polygon", coordinates: [outer, hole] })!;
    expect(holed).toBeCloseTo(whole - ringAreaM2(hole) / 10_000, 9);
    expect(polygonAreaHa({ type: "MultiPolygon", coordinates: [[outer], [hole]] })).toBeCloseTo(
      whole + ringAreaM2(hole) / 10_000,
      9,
    );
    expect(polygonAreaHa({ type: "Point", coordinates: [74.6, 42.5] })).toBe(null);
  });
});

describe("a ring that crosses itself", () => {
  it("finds a figure-eight and a vertex touching an edge, and passes a plain field", () => {
    expect(
      ringSelfIntersects([
        [0, 0],
        [1, 1],
        [1, 0],
        [0, 1],
        [0, 0],
      ]),
    ).toBe(true);
    expect(
      ringSelfIntersects([
        [0, 0],
        [2, 0],
        [2, 2],
        [1, 0],
        [0, 2],
        [0, 0],
      ]),
    ).toBe(true);
    expect(
      ringSelfIntersects([
        [0, 0],
        [1, 0],
        [1, 1],
        [0.5, 0.4],
        [0, 1],
        [0, 0],
      ]),
    ).toBe(false);
  });
});
