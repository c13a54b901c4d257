import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditEvent } from "../../src/server/audit/tables.js";
import { withSystem } from "../../src/server/platform/transactions.js";
import { type Client, startTestApp, type TestApp } from "../support/app.js";
import { seedWaterNetwork } from "../support/water-fixtures.js";
import { seedWuaWithStaff } from "../support/wua-fixtures.js";

interface Problem {
  code: string;
  title: string;
  errors?: { path: string; code: string; message: string }[];
}

const line = {
  type: "LineString",
  coordinates: [
    [74.6, 42.5],
    [74.61, 42.505],
    [74.62, 42.5],
  ],
};
const point = { type: "Point", coordinates: [74.605, 42.502] };
const field = {
  type: "Polygon",
  coordinates: [
    [
      [74.6, 42.5],
      [74.602, 42.5],
      [74.602, 42.501],
      [74.6, 42.501],
      [74.6, 42.5],
    ],
  ],
};

describe("drawing the network on the map", () => {
  let t: TestApp;
  let director: Client;
  let accountant: Client;
  let master: Client;
  let otherDirector: Client;
  let wuaId: string;
  let ids: Awaited<ReturnType<typeof seedWaterNetwork>>;

  beforeAll(async () => {
    t = await startTestApp();
    const wua = await seedWuaWithStaff(t, {
      director: ["wua-director"],
      accountant: ["accountant"],
      master: ["water-master"],
    });
    const other = await seedWuaWithStaff(t, { director: ["wua-director"] });
    wuaId = wua.org.id;
    ids = await seedWaterNetwork(t.database, wuaId);
    ({ director, accountant, master } = wua.as);
    otherDirector = other.as.director;
    // A user's own language wins over the browser's: these read the messages in English.
    for (const c of [director, accountant, master, otherDirector]) await c.patch("/api/me", { locale: "en" });
  });
  afterAll(() => t.close());

  const audited = (entity: string, entityId: string) =>
    withSystem(t.database, (tx) =>
      tx
        .select({ action: auditEvent.action, after: auditEvent.after })
        .from(auditEvent)
        .where(and(eq(auditEvent.entity, entity), eq(auditEvent.entityId, entityId))),
    );
  const map = async () =>
    (await director.get("/api/water/map")).json() as {
      reaches: { id: string; geometry: unknown; version: number }[];
      structures: { id: string; geometry: unknown; version: number }[];
      plots: { id: string; geometry: unknown; version: number }[];
    };

  it("draws a canal, places a gate and outlines a plot, each saved, versioned and audited", async () => {
    const reach = await director.put(`/api/water/reaches/${ids.main}/geometry`, {
      version: 1,
      geometry: line,
    });
    expect(reach.statusCode).toBe(200);
    expect(reach.json()).toMatchObject({ id: ids.main, geometry: line, version: 2 });
    const gate = await director.put(`/api/water/structures/${ids.gate}/geometry`, {
      version: 1,
      geometry: point,
    });
    expect(gate.json()).toMatchObject({ id: ids.gate, geometry: point, version: 2 });
    const plot = await director.put(`/api/water/plots/${ids.plot1}/geometry`, {
      version: 1,
      geometry: field,
    });
    expect(plot.json()).toEqual({ id: ids.plot1, areaHa: 2.5, geometry: field, version: 2 });

    const drawn = await map();
    expect(drawn.reaches.find((r) => r.id === ids.main)?.geometry).toEqual(line);
    expect(drawn.structures.find((s) => s.id === ids.gate)?.geometry).toEqual(point);
    // Plots not drawn yet come too, so that the map can offer them for drawing.
    expect(drawn.plots.map((p) => [p.id, p.geometry !== null])).toEqual([
      [ids.plot1, true],
      [ids.plot2, false],
      [ids.plot3, false],
    ]);
    expect(await audited("canal_reach", ids.main)).toEqual([
      expect.objectContaining({ action: "update", after: expect.objectContaining({ geometry: line }) }),
    ]);
    expect(await audited("irrigated_plot", ids.plot1)).toEqual([
      expect.objectContaining({ action: "update", after: expect.objectContaining({ geometry: field }) }),
    ]);
  });

  it("takes a drawing away with null and keeps the record", async () => {
    const gone = await director.put(`/api/water/structures/${ids.gate}/geometry`, {
      version: 2,
      geometry: null,
    });
    expect(gone.statusCode).toBe(200);
    expect(gone.json()).toMatchObject({ code: "Ш-1", kind: "gate", geometry: null, version: 3 });
    expect((await audited("canal_structure", ids.gate)).map((a) => a.action)).toEqual(["update", "update"]);
  });

  it("refuses bad geometry with the position's problem in the user's language, writing nothing", async () => {
    const refused = async (path: string, geometry: unknown) => {
      const r = await director.put(path, { version: 2, geometry });
      expect(r.statusCode).toBe(400);
      const body = r.json() as Problem;
      expect(body.code).toBe("validation.fields");
      return body.errors!.map((e) => [e.code, e.message]);
    };
    const reachPath = `/api/water/reaches/${ids.main}/geometry`;
    expect(await refused(reachPath, point)).toContainEqual([
      "geometryExpectedLine",
      "Must be a line (GeoJSON LineString)",
    ]);
    expect(await refused(reachPath, { type: "LineString", coordinates: [[74.6, 42.5]] })).toEqual([
      ["lineTooFewPositions", "A line needs at least two points"],
    ]);
    expect(
      await refused(reachPath, {
        type: "LineString",
        coordinates: [
          [74.6, 95],
          [200, 42.5],
        ],
      }),
    ).toEqual([
      ["latitudeOutOfRange", "Latitude must be between −90 and 90 degrees (longitude first, then latitude)"],
      [
        "longitudeOutOfRange",
        "Longitude must be between −180 and 180 degrees (longitude first, then latitude)",
      ],
    ]);
    const plotPath = `/api/water/plots/${ids.plot1}/geometry`;
    const ring = field.coordinates[0]!;
    expect(await refused(plotPath, { type: "Polygon", coordinates: [ring.slice(0, 4)] })).toEqual([
      ["ringNotClosed", "The outline is not closed: its last point must equal its first"],
    ]);
    expect(await refused(plotPath, { type: "Polygon", coordinates: [[ring[0], ring[1], ring[0]]] })).toEqual([
      [
        "ringTooFewPositions",
        "An area needs at least three corners (four positions, the last equal to the first)",
      ],
    ]);
    const figureEight = [ring[0], ring[2], ring[1], ring[3], ring[0]];
    expect(await refused(plotPath, { type: "Polygon", coordinates: [figureEight] })).toEqual([
      ["ringSelfIntersects", "The outline crosses itself"],
    ]);
    const drawn = await map();
    expect(drawn.reaches.find((r) => r.id === ids.main)).toMatchObject({ geometry: line, version: 2 });
    expect(drawn.plots.find((p) => p.id === ids.plot1)).toMatchObject({ geometry: field, version: 2 });
  });

  it("answers a stale version with 409, changing nothing", async () => {
    const stale = await director.put(`/api/water/reaches/${ids.main}/geometry`, {
      version: 1,
      geometry: null,
    });
    expect(stale.statusCode).toBe(409);
    expect((stale.json() as Problem).code).toBe("conflict.version");
    const plot = await director.put(`/api/water/plots/${ids.plot1}/geometry`, { version: 1, geometry: null });
    expect(plot.statusCode).toBe(409);
    expect((await map()).reaches.find((r) => r.id === ids.main)?.geometry).toEqual(line);
  });

  it("lets the accountant outline plots but not draw canals, a water master neither, another WUA nothing", async () => {
    const reachPath = `/api/water/reaches/${ids.outlet1}/geometry`;
    const plotPath = `/api/water/plots/${ids.plot2}/geometry`;
    expect((await accountant.put(reachPath, { version: 1, geometry: line })).statusCode).toBe(403);
    expect((await accountant.put(plotPath, { version: 1, geometry: field })).statusCode).toBe(200);
    expect((await master.put(reachPath, { version: 1, geometry: line })).statusCode).toBe(403);
    expect(
      (await master.put(`/api/water/structures/${ids.gate}/geometry`, { version: 3, geometry: point }))
        .statusCode,
    ).toBe(403);
    expect((await master.put(plotPath, { version: 2, geometry: null })).statusCode).toBe(403);
    const elsewhere = await otherDirector.put(reachPath, { version: 1, geometry: line });
    expect(elsewhere.statusCode).toBe(404);
    expect((await map()).reaches.find((r) => r.id === ids.outlet1)?.geometry).toBe(null);
  });
});
