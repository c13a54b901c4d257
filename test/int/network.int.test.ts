import ExcelJS from "exceljs";
import { uuidv7 } from "uuidv7";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withSystem } from "../../src/server/platform/transactions.js";
import { irrigatedPlot, waterUser } from "../../src/server/water/tables.js";
import { type Client, login, seedOrganisation, startTestApp, type TestApp } from "../support/app.js";
import { seedWuaWithStaff } from "../support/wua-fixtures.js";

const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
const EN = { "accept-language": "en" };
const line = (...points: number[][]) => ({ type: "LineString", coordinates: points });

interface Reach {
  id: string;
  code: string;
  parentId: string | null;
  capacityLps: number;
  version: number;
}
interface Problem {
  code: string;
  title: string;
  errors?: { path: string; code: string; message: string }[];
}

describe("the canal network", () => {
  let t: TestApp;
  let director: Client;
  let master: Client;
  let otherDirector: Client;
  let clerk: Client;
  let wuaId: string;

  beforeAll(async () => {
    t = await startTestApp();
    const wua = await seedWuaWithStaff(t, { director: ["wua-director"], master: ["water-master"] });
    const other = await seedWuaWithStaff(t, { director: ["wua-director"] });
    const municipality = await seedOrganisation(t.database, { users: { admin: ["administrator"] } });
    wuaId = wua.org.id;
    ({ director, master } = wua.as);
    otherDirector = other.as.director;
    clerk = await login(t.app, municipality.users.admin!.username);
    // A user's own language wins over the browser's: these read the messages in English.
    for (const c of [director, master, otherDirector, clerk]) await c.patch("/api/me", { locale: "en" });
  });
  afterAll(() => t.close());

  const network = async (c: Client = director) =>
    (await c.get("/api/water/network")).json() as { reaches: Reach[]; structures: { code: string }[] };
  const addReach = (body: Record<string, unknown>, c: Client = director) =>
    c.post("/api/water/reaches", body, EN);
  const ids: Record<string, Reach> = {};

  it("builds a tree from the head intake down to an outlet", async () => {
    const head = await addReach({
      code: "H",
      name: "Head intake",
      parentId: null,
      kind: "head",
      capacityLps: 1000,
    });
    expect(head.statusCode).toBe(201);
    ids.H = head.json();
    const main = await addReach({
      code: "MK",
      name: "Main canal",
      parentId: ids.H!.id,
      kind: "main",
      capacityLps: 800,
      efficiency: 0.85,
      lengthM: 5200,
      lining: "concrete",
      geometry: line([74.6, 42.5], [74.61, 42.51, 820]),
    });
    expect(main.statusCode).toBe(201);
    ids.MK = main.json();
    expect(main.json().geometry).toEqual(line([74.6, 42.5], [74.61, 42.51]));
    ids.S1 = (
      await addReach({
        code: "S1",
        name: "Secondary 1",
        parentId: ids.MK!.id,
        kind: "secondary",
        capacityLps: 300,
      })
    ).json();
    ids.O1 = (
      await addReach({ code: "O1", name: "Outlet 1", parentId: ids.S1!.id, kind: "outlet", capacityLps: 50 })
    ).json();
    expect((await network(master)).reaches.map((r) => r.code)).toEqual(["H", "MK", "O1", "S1"]);
  });

  it("refuses a child wider than its parent, unless overridden, and writes nothing", async () => {
    const before = await network();
    const res = await director.patch(
      `/api/water/reaches/${ids.S1!.id}`,
      { version: 1, capacityLps: 900 },
      EN,
    );
    expect(res.statusCode).toBe(422);
    const problem = res.json() as Problem;
    expect(problem.code).toBe("water.networkInvalid");
    expect(problem.errors).toEqual([
      {
        path: "capacityLps",
        code: "networkCapacityExceedsParent",
        message: "S1 carries 900 l/s, more than its parent MK (800 l/s); confirm it if that is right",
      },
    ]);
    expect(await network()).toEqual(before);
    const ok = await director.patch(
      `/api/water/reaches/${ids.S1!.id}`,
      { version: 1, capacityLps: 900, capacityOverride: true },
      EN,
    );
    expect(ok.statusCode).toBe(200);
    ids.S1 = ok.json();
    expect(ids.S1!.version).toBe(2);
  });

  it("names the child a narrowed parent now exceeds", async () => {
    const res = await director.patch(`/api/water/reaches/${ids.S1!.id}`, { version: 2, capacityLps: 40 }, EN);
    expect(res.statusCode).toBe(422);
    expect((res.json() as Problem).errors?.map((e) => e.path)).toEqual(["network.O1.capacityLps"]);
  });

  it("refuses a cycle and an orphan, changing nothing", async () => {
    const before = await network();
    const cycle = await director.patch(
      `/api/water/reaches/${ids.MK!.id}`,
      { version: 1, parentId: ids.S1!.id },
      EN,
    );
    expect(cycle.statusCode).toBe(422);
    expect((cycle.json() as Problem).errors?.map((e) => e.code)).toContain("networkCycle");
    const orphan = await addReach({
      code: "S9",
      name: "Lost",
      parentId: null,
      kind: "secondary",
      capacityLps: 10,
    });
    expect(orphan.statusCode).toBe(422);
    expect((orphan.json() as Problem).errors).toEqual([
      { path: "parentId", code: "networkOrphan", message: expect.stringContaining("S9") },
    ]);
    expect(await network()).toEqual(before);
  });

  it("refuses a taken code, a point for a canal and positions outside WGS 84", async () => {
    const taken = await addReach({
      code: "MK",
      name: "x",
      parentId: ids.H!.id,
      kind: "main",
      capacityLps: 1,
    });
    expect((taken.json() as Problem).errors?.[0]).toMatchObject({ path: "code", code: "codeTaken" });
    const point = await addReach({
      code: "S2",
      name: "x",
      parentId: ids.MK!.id,
      kind: "secondary",
      capacityLps: 1,
      geometry: { type: "Point", coordinates: [74.6, 42.5] },
    });
    expect((point.json() as Problem).errors?.[0]).toMatchObject({
      path: "geometry",
      code: "geometryWrongType",
    });
    const swapped = await addReach({
      code: "S2",
      name: "x",
      parentId: ids.MK!.id,
      kind: "secondary",
      capacityLps: 1,
      geometry: line([42.5, 174.6], [42.5, 74.6]),
    });
    expect((swapped.json() as Problem).errors?.[0]).toMatchObject({ code: "geometryOutOfRange" });
  });

  it("changes only what a PATCH names", async () => {
    const res = await director.patch(`/api/water/reaches/${ids.MK!.id}`, { version: 1, name: "Main" }, EN);
    expect(res.json()).toMatchObject({
      name: "Main",
      efficiency: 0.85,
      lengthM: 5200,
      lining: "concrete",
      geometry: line([74.6, 42.5], [74.61, 42.51]),
      version: 2,
    });
    ids.MK = res.json();
  });

  it("answers a stale version with 409", async () => {
    const res = await director.patch(`/api/water/reaches/${ids.MK!.id}`, { version: 7, name: "Main" }, EN);
    expect(res.statusCode).toBe(409);
  });

  it("keeps a gauging post's device valid", async () => {
    const base = { reachId: ids.O1!.id, code: "GP-O1", name: "Post at O1", kind: "gauging-post" };
    const none = await director.post("/api/water/structures", base, EN);
    expect((none.json() as Problem).errors?.[0]).toMatchObject({ path: "gauge", code: "gaugeRequired" });
    const flume = await director.post(
      "/api/water/structures",
      { ...base, gauge: { kind: "parshall-flume", throatWidthM: 0.5 } },
      EN,
    );
    expect(flume.statusCode).toBe(422);
    expect(flume.json()).toMatchObject({
      code: "water.gaugeInvalidThroatWidth",
      title: "0.5 m is not the throat width of a standard Parshall flume",
    });
    const ok = await director.post(
      "/api/water/structures",
      {
        ...base,
        gauge: { kind: "parshall-flume", throatWidthM: 0.61 },
        geometry: { type: "Point", coordinates: [74.605, 42.505] },
      },
      EN,
    );
    expect(ok.statusCode).toBe(201);
    const gate = await director.post(
      "/api/water/structures",
      { reachId: ids.S1!.id, code: "G-S1", name: "Gate", kind: "gate", gauge: { kind: "v-notch-90" } },
      EN,
    );
    expect((gate.json() as Problem).errors?.[0]).toMatchObject({ code: "gaugeOnlyOnPost" });
    const table = await director.patch(
      `/api/water/structures/${ok.json().id}`,
      {
        version: 1,
        gauge: {
          kind: "rating-table",
          points: [
            { levelM: 0.1, flowLps: 5 },
            { levelM: 0.3, flowLps: 40 },
          ],
        },
      },
      EN,
    );
    expect(table.statusCode).toBe(200);
    expect(table.json().gauge.kind).toBe("rating-table");
  });

  it("keeps a reach that still carries structures in service", async () => {
    const res = await director.post(
      `/api/water/reaches/${ids.O1!.id}/retire`,
      { version: 1, retiredOn: "2026-11-30" },
      EN,
    );
    expect(res.statusCode).toBe(422);
    expect(res.json().code).toBe("water.reachInUse");
  });

  it("lets a water master read but not change the network, and a municipality neither", async () => {
    expect((await master.get("/api/water/network")).statusCode).toBe(200);
    const res = await addReach(
      { code: "X", name: "x", parentId: ids.H!.id, kind: "main", capacityLps: 1 },
      master,
    );
    expect(res.statusCode).toBe(403);
    expect((await clerk.get("/api/water/network")).json().code).toBe("water.notAProvider");
    expect((await otherDirector.get("/api/water/network")).json().reaches).toEqual([]);
    const foreign = await otherDirector.patch(`/api/water/reaches/${ids.MK!.id}`, { version: 1, name: "x" });
    expect(foreign.statusCode).toBe(404);
  });

  it("exports GeoJSON that imports back unchanged, and into another WUA as a whole network", async () => {
    const exported = await director.get("/api/water/network/export?format=geojson");
    expect(exported.statusCode).toBe(200);
    const collection = exported.json() as {
      features: { geometry: unknown; properties: Record<string, unknown> }[];
    };
    expect(collection.features.map((f) => `${f.properties.layer}:${f.properties.code}`)).toEqual([
      "reach:H",
      "reach:MK",
      "reach:O1",
      "reach:S1",
      "structure:GP-O1",
    ]);
    const before = await network();
    const again = await director.post("/api/water/network/import", collection, EN);
    expect(again.json()).toMatchObject({ issues: [], imported: { created: 0, updated: 0, unchanged: 5 } });
    expect(await network()).toEqual(before);

    const into = await otherDirector.post("/api/water/network/import", collection, EN);
    expect(into.json()).toMatchObject({ issues: [], imported: { created: 5, updated: 0 } });
    const copy = await network(otherDirector);
    expect(copy.reaches.map((r) => r.code)).toEqual(["H", "MK", "O1", "S1"]);
    const byCode = new Map(copy.reaches.map((r) => [r.code, r]));
    expect(byCode.get("O1")!.parentId).toBe(byCode.get("S1")!.id);
  });

  it("refuses a whole GeoJSON file for one bad feature, naming it", async () => {
    const before = await network(otherDirector);
    const res = await otherDirector.post(
      "/api/water/network/import",
      {
        type: "FeatureCollection",
        features: [
          {
            type: "Feature",
            geometry: null,
            properties: {
              layer: "reach",
              code: "T1",
              name: "New",
              parentCode: "S1",
              kind: "tertiary",
              capacityLps: 20,
            },
          },
          {
            type: "Feature",
            geometry: null,
            properties: {
              layer: "reach",
              code: "T2",
              name: "Wide",
              parentCode: "T1",
              kind: "tertiary",
              capacityLps: 99,
            },
          },
        ],
      },
      EN,
    );
    expect(res.json()).toMatchObject({
      imported: null,
      issues: [{ sheet: "reaches", row: 2, column: "capacityLps", code: "networkCapacityExceedsParent" }],
    });
    expect(await network(otherDirector)).toEqual(before);
  });

  async function readBook(buffer: Buffer) {
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(buffer as unknown as ArrayBuffer);
    return book;
  }
  const upload = (c: Client, body: Buffer) =>
    c.call("POST", "/api/water/network/import", body, { "content-type": XLSX, ...EN });

  it("round-trips the workbook and its plots, and refuses a bad row with its sheet, row and column", async () => {
    const userId = uuidv7();
    const plotId = uuidv7();
    await withSystem(t.database, async (tx) => {
      await tx.insert(waterUser).values({
        id: userId,
        orgId: wuaId,
        number: 17,
        kind: "person",
        surname: "Асанов",
        givenName: "Бакыт",
        displayName: "Асанов Бакыт",
      });
      await tx.insert(irrigatedPlot).values({
        id: plotId,
        orgId: wuaId,
        waterUserId: userId,
        outletId: ids.O1!.id,
        cadastralNumber: "4-03-12-0007",
        areaHa: 1.5,
        tenure: "own",
      });
    });
    const template = await readBook((await director.get("/api/water/network/template", EN)).rawPayload);
    expect(template.worksheets.map((w) => w.name)).toEqual(["Reaches", "Structures", "Plots", "Lists"]);

    const book = await readBook((await director.get("/api/water/network/export?format=xlsx", EN)).rawPayload);
    const plots = book.getWorksheet("Plots")!;
    expect(plots.getRow(2).getCell(3).value).toBe("4-03-12-0007");
    // Place the plot by its user number and cadastral number, not by id.
    plots.getRow(2).getCell(1).value = null;
    plots.getRow(2).getCell(6).value = JSON.stringify({
      type: "Polygon",
      coordinates: [
        [
          [74.6, 42.5],
          [74.601, 42.5],
          [74.601, 42.501],
          [74.6, 42.5],
        ],
      ],
    });
    const placed = await upload(director, Buffer.from(await book.xlsx.writeBuffer()));
    expect(placed.json()).toMatchObject({ issues: [], imported: { created: 0, updated: 1, unchanged: 5 } });
    const map = (await director.get("/api/water/map")).json();
    expect(map.plots).toMatchObject([{ id: plotId, userNumber: 17, areaHa: 1.5 }]);
    expect(map.tileUrl).toBe(null);

    const reaches = book.getWorksheet("Reaches")!;
    reaches.addRow(["T9", "Tertiary", "S1", "Tertiary", 100, "Earth", 10, 0.8, "No", "{"]);
    reaches.addRow(["T8", "Tertiary", "NOPE", "Canal?", null, null, 10]);
    const bad = await upload(director, Buffer.from(await book.xlsx.writeBuffer()));
    expect(
      (
        bad.json() as {
          issues: { sheet: string; row: number; column: string; code: string; columnLabel: string }[];
        }
      ).issues,
    ).toEqual([
      expect.objectContaining({ sheet: "reaches", row: 6, column: "geometry", code: "geometryWrongType" }),
      expect.objectContaining({
        sheet: "reaches",
        row: 7,
        column: "kind",
        code: "invalid",
        columnLabel: "Kind",
      }),
    ]);
    expect((await network()).reaches.map((r) => r.code)).toEqual(["H", "MK", "O1", "S1"]);
  });
});
