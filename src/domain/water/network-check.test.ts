import { describe, expect, it } from "vitest";
import {
  cleanGeometry,
  geometryIssue,
  geometryProblem,
  networkIssues,
  type ReachRecord,
} from "./network-check.js";

const reach = (code: string, parentCode: string | null, kind: ReachRecord["kind"], capacityLps = 100) => ({
  code,
  parentCode,
  kind,
  capacityLps,
  efficiency: 0.9,
  capacityOverride: false,
});

describe("geometry of the network", () => {
  it("accepts a canal drawn as a line and a post as a point", () => {
    expect(
      geometryProblem(
        {
          type: "LineString",
          coordinates: [
            [74.6, 42.5],
            [74.61, 42.51],
          ],
        },
        "reach",
      ),
    ).toBe(null);
    expect(geometryProblem({ type: "Point", coordinates: [74.6, 42.5, 812] }, "structure")).toBe(null);
  });

  it("refuses a point for a canal, an open ring, and positions outside WGS 84", () => {
    expect(geometryProblem({ type: "Point", coordinates: [74.6, 42.5] }, "reach")?.code).toBe(
      "geometryWrongType",
    );
    const open = {
      type: "Polygon",
      coordinates: [
        [
          [0, 0],
          [1, 0],
          [1, 1],
          [0, 1],
        ],
      ],
    };
    expect(geometryProblem(open, "plot")?.code).toBe("geometryInvalid");
    expect(geometryProblem({ type: "Point", coordinates: [42.5, 174.6] }, "structure")).toEqual({
      code: "geometryOutOfRange",
      params: { lon: 42.5, lat: 174.6 },
    });
    expect(geometryProblem({ type: "LineString", coordinates: [[74.6, 42.5]] }, "reach")?.code).toBe(
      "geometryInvalid",
    );
  });

  it("checks a plot's outline: closed rings as Polygon or MultiPolygon, reported at the field's path", () => {
    const ring = [
      [72.9, 41.1],
      [72.91, 41.1],
      [72.91, 41.11],
      [72.9, 41.1],
    ];
    expect(geometryIssue({ type: "Polygon", coordinates: [ring] }, "plot", ["geometry"])).toEqual([]);
    expect(
      geometryIssue({ type: "MultiPolygon", coordinates: [[ring], [ring]] }, "plot", ["geometry"]),
    ).toEqual([]);
    expect(geometryIssue(null, "plot", ["geometry"])).toEqual([]);
    const code = (value: unknown) =>
      geometryIssue(value, "plot", ["geometry"]).map((i) => `${i.path}:${i.code}`);
    expect(code({ type: "Polygon", coordinates: [ring.slice(0, 3)] })).toEqual(["geometry:geometryInvalid"]);
    expect(code({ type: "Polygon", coordinates: [ring.map(([x, y]) => [x! + 200, y])] })).toEqual([
      "geometry:geometryOutOfRange",
    ]);
    expect(code({ type: "Point", coordinates: [72.9, 41.1] })).toEqual(["geometry:geometryWrongType"]);
    // A bow tie: the same refusal as on the map, whether the outline comes from a form or a file.
    const bowTie = [
      [72.9, 41.1],
      [72.91, 41.11],
      [72.91, 41.1],
      [72.9, 41.11],
      [72.9, 41.1],
    ];
    expect(code({ type: "Polygon", coordinates: [bowTie] })).toEqual(["geometry:ringSelfIntersects"]);
    expect(code({ type: "MultiPolygon", coordinates: [[ring], [bowTie]] })).toEqual([
      "geometry:ringSelfIntersects",
    ]);
  });

  it("drops altitudes and foreign members", () => {
    const g = { type: "Point", coordinates: [74.6, 42.5, 812], bbox: [1] } as never;
    expect(cleanGeometry(g)).toEqual({ type: "Point", coordinates: [74.6, 42.5] });
  });
});

describe("the network by codes", () => {
  it("accepts a tree from a head intake", () => {
    expect(networkIssues([reach("H", null, "head", 500), reach("M", "H", "main", 400)])).toEqual([]);
  });

  it("names an orphan canal, a fed head, a cycle and a child wider than its parent", () => {
    const issues = networkIssues([
      reach("H", null, "head", 500),
      reach("S", null, "secondary"),
      reach("H2", "H", "head", 100),
      reach("A", "B", "main"),
      reach("B", "A", "main"),
      reach("W", "H", "main", 900),
    ]);
    expect(issues.map((i) => `${i.path.join(".")}:${i.code}`)).toEqual([
      "1.parentCode:networkOrphan",
      "2.parentCode:networkHeadHasParent",
      "3.parentCode:networkCycle",
      "5.capacityLps:networkCapacityExceedsParent",
    ]);
  });
});
