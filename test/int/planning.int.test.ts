import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { et0Daily } from "../../src/domain/planning/et0.js";
import { type Client, login, seedOrganisation, startTestApp, type TestApp } from "../support/app.js";
import { closeSeason, seedWaterRegister } from "../support/planning-fixtures.js";
import { seedWuaWithStaff } from "../support/wua-fixtures.js";

// Five July days of Fallon AgriMet 2015 (../shared/reference-data), written as a station's file
// might be: temperatures in kelvin, radiation as the day's mean W/m², wind at 3 m, rain in mm.
const DAYS = [
  { date: "2026-07-01", tmax: 35.2, tmin: 15.3, tdew: 7.4, rs: 30.36, wind3: 2.74, rain: 0 },
  { date: "2026-07-02", tmax: 35.9, tmin: 16.7, tdew: 5.8, rs: 29.86, wind3: 3.17, rain: 1.2 },
  { date: "2026-07-03", tmax: 35.3, tmin: 18.1, tdew: 6.3, rs: 29.52, wind3: 2.9, rain: 0 },
  { date: "2026-07-04", tmax: 34.6, tmin: 15.4, tdew: 8.1, rs: 28.9, wind3: 2.21, rain: 0 },
  { date: "2026-07-05", tmax: 33.9, tmin: 14.9, tdew: 9.2, rs: 27.8, wind3: 2.05, rain: 3.4 },
];
const K = (c: number) => (c + 273.15).toFixed(2);
const W = (mj: number) => (mj / 0.0864).toFixed(3);
const CSV = [
  "Дата;Tmax K;Tmin K;Td K;Rs W;U3;P",
  ...DAYS.map((d) =>
    [d.date.split("-").reverse().join("."), K(d.tmax), K(d.tmin), K(d.tdew), W(d.rs), d.wind3, d.rain].join(
      ";",
    ),
  ),
].join("\n");
const MAPPING = {
  columns: {
    date: "Дата",
    tmax: "Tmax K",
    tmin: "Tmin K",
    tdew: "Td K",
    radiation: "Rs W",
    wind: "U3",
    rain: "P",
  },
  units: { temperature: "K", radiation: "W/m2", windHeightM: 3 },
};
const STATION = { name: "Көк-Арт", latitudeDeg: 39.4575, longitudeDeg: 72.9, altitudeM: 1208.5 };

describe("water-use planning", () => {
  let t: TestApp;
  let director: Client;
  let accountant: Client;
  let mirab: Client;
  let clerk: Client;
  let register: Awaited<ReturnType<typeof seedWaterRegister>>;
  let stationId: string;

  beforeAll(async () => {
    t = await startTestApp();
    const wua = await seedWuaWithStaff(t, {
      director: ["wua-director"],
      accountant: ["accountant"],
      mirab: ["water-master"],
    });
    const municipality = await seedOrganisation(t.database, { users: { clerk: ["administrator"] } });
    register = await seedWaterRegister(t.database, wua.org.id);
    // Messages come in the user's own language: the director reads Russian, the accountant Kyrgyz.
    ({ director, accountant, mirab } = wua.as);
    await director.patch("/api/me", { locale: "ru" });
    clerk = await login(t.app, municipality.users.clerk!.username);
  });
  afterAll(() => t.close());

  it("adds a station once per name, and edits it with the version read", async () => {
    const created = await director.post("/api/planning/stations", STATION);
    expect(created.statusCode, created.body).toBe(201);
    stationId = created.json().id;
    const twice = await director.post("/api/planning/stations", STATION);
    expect(twice.statusCode).toBe(409);
    expect(twice.json().title).toBe("Станция «Көк-Арт» уже есть");
    const stale = await director.patch(`/api/planning/stations/${stationId}`, {
      version: 2,
      altitudeM: 1200,
    });
    expect(stale.json().code).toBe("conflict.version");
    const listed = (await mirab.get("/api/planning/stations")).json();
    expect(listed).toMatchObject([{ id: stationId, name: "Көк-Арт", version: 1 }]);
  });

  it("refuses the water master's writes and a municipality's planning", async () => {
    expect((await mirab.post("/api/planning/stations", { ...STATION, name: "x" })).statusCode).toBe(403);
    expect((await clerk.get("/api/planning/stations")).json()).toEqual([]);
    const res = await clerk.post("/api/planning/stations", { ...STATION, name: "x" });
    expect(res.statusCode).toBe(422);
    expect(res.json().code).toBe("planning.notAWaterProvider");
  });

  it("checks an import row by row, with messages in the user's language, and writes nothing", async () => {
    const bad = `${CSV}\n32.02.2026;300;290;280;200;2;0\n06.07.2026;280;290;270;abc;2;0\n01.07.2026;300;290;280;200;2;0`;
    const res = await director.post(`/api/planning/stations/${stationId}/weather`, { csv: bad, ...MAPPING });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.imported).toBe(0);
    expect(body.issues).toEqual([
      {
        line: 7,
        field: "date",
        code: "invalidDate",
        message: "Не дата: «32.02.2026» (ГГГГ-ММ-ДД или ДД.ММ.ГГГГ)",
      },
      { line: 8, field: "radiation", code: "notANumber", message: "Не число: «abc»" },
      {
        line: 8,
        field: "tmax",
        code: "temperaturesReversed",
        message: expect.stringContaining("Макс. температура"),
      },
      { line: 9, field: "date", code: "duplicateDate", message: "01.07.2026 уже есть в строке 2" },
    ]);
    const days = await director.get(
      `/api/planning/stations/${stationId}/weather?from=2026-01-01&to=2026-12-31`,
    );
    expect(days.json()).toEqual([]);

    const unmapped = await director.post(`/api/planning/stations/${stationId}/weather`, {
      csv: CSV,
      ...MAPPING,
      columns: { ...MAPPING.columns, tmin: "Tmin" },
    });
    expect(unmapped.json().issues).toMatchObject([{ line: 1, field: "tmin", code: "columnMissing" }]);
  });

  it("imports a valid file in FAO-56 units and records ET0 with the method of each day", async () => {
    const dry = await director.post(`/api/planning/stations/${stationId}/weather`, {
      csv: CSV,
      ...MAPPING,
      dryRun: true,
    });
    expect(dry.json()).toMatchObject({ rowCount: 5, issueCount: 0, imported: 0 });
    const res = await director.post(`/api/planning/stations/${stationId}/weather`, { csv: CSV, ...MAPPING });
    expect(res.json()).toMatchObject({ imported: 5, firstDay: "2026-07-01", lastDay: "2026-07-05" });
    const days = (
      await mirab.get(`/api/planning/stations/${stationId}/weather?from=2026-07-01&to=2026-07-31`)
    ).json() as { day: string; et0Mm: number; rainMm: number; et0Method: string; et0Sources: unknown }[];
    expect(days).toHaveLength(5);
    DAYS.forEach((d, i) => {
      const expected = et0Daily(
        {
          date: d.date,
          tmaxC: d.tmax,
          tminC: d.tmin,
          tdewC: d.tdew,
          rsMJ: d.rs,
          windMps: d.wind3,
          windHeightM: 3,
        },
        { latitudeDeg: STATION.latitudeDeg, altitudeM: STATION.altitudeM, rsRsoMin: null },
      );
      // Stored as real (single precision): equal to a few millionths.
      expect(days[i]!.et0Mm).toBeCloseTo(expected.et0Mm, 4);
      expect(days[i]!.rainMm).toBeCloseTo(d.rain, 5);
      expect(days[i]).toMatchObject({
        et0Method: "penman-monteith",
        et0Sources: { ea: "dew-point", rs: "measured", wind: "measured" },
      });
    });
    // Plausible July values at Fallon: REF-ET's ASCE ETo of these days is 7–8 mm.
    expect(days[0]!.et0Mm).toBeGreaterThan(6.5);
    expect(days[0]!.et0Mm).toBeLessThan(9);
  });

  it("recomputes every day's ET0 when the station is moved, so no value disagrees with its station", async () => {
    const moved = await director.patch(`/api/planning/stations/${stationId}`, { version: 1, altitudeM: 200 });
    expect(moved.json()).toMatchObject({ altitudeM: 200, version: 2 });
    const [first] = (
      await director.get(`/api/planning/stations/${stationId}/weather?from=2026-07-01&to=2026-07-01`)
    ).json();
    const d = DAYS[0]!;
    const at = (altitudeM: number) =>
      et0Daily(
        {
          date: d.date,
          tmaxC: d.tmax,
          tminC: d.tmin,
          tdewC: d.tdew,
          rsMJ: d.rs,
          windMps: d.wind3,
          windHeightM: 3,
        },
        { latitudeDeg: STATION.latitudeDeg, altitudeM, rsRsoMin: null },
      ).et0Mm;
    expect(first.et0Mm).toBeCloseTo(at(200), 4);
    expect(Math.abs(at(200) - at(STATION.altitudeM))).toBeGreaterThan(0.01);
    await director.patch(`/api/planning/stations/${stationId}`, { version: 2, altitudeM: STATION.altitudeM });
  });

  it("computes monthly normals only from months complete enough (WMO 3/5 rule), and keeps entered ones", async () => {
    // Five days of July are not a month: nothing to compute a normal from.
    const refused = await director.post(`/api/planning/stations/${stationId}/normals/compute`);
    expect(refused.statusCode).toBe(422);
    expect(refused.json()).toMatchObject({
      code: "planning.noCompleteMonth",
      title: expect.stringContaining("подряд"),
    });
    // Another station with June 2025 held but for two days, one of them without rain.
    const other = (await director.post("/api/planning/stations", { ...STATION, name: "Ош" })).json();
    const june = Array.from({ length: 30 }, (_, i) => i + 1)
      .filter((d) => d !== 12 && d !== 20)
      .map((d) => `2025-06-${String(d).padStart(2, "0")},31,16,${d === 5 ? "" : 1}`);
    const imported = await director.post(`/api/planning/stations/${other.id}/weather`, {
      csv: ["date,tmax,tmin,rain", ...june].join("\n"),
      columns: { date: "date", tmax: "tmax", tmin: "tmin", rain: "rain" },
      units: { temperature: "C", radiation: "MJ/m2/d", windHeightM: 2 },
    });
    expect(imported.json().imported).toBe(28);
    const computed = await director.post(`/api/planning/stations/${other.id}/normals/compute`);
    expect(computed.statusCode, computed.body).toBe(200);
    expect(computed.json()).toEqual([
      expect.objectContaining({
        month: 6,
        origin: "computed",
        dayCount: 28,
        yearCount: 1,
        rainYearCount: 0,
        rainMm: null,
        windMps: null,
      }),
    ]);
    expect(computed.json()[0].rhMinPct).toBeGreaterThan(0);
    const months = [4, 5, 6, 7, 8, 9].map((month) => ({
      month,
      et0MmPerDay: month === 8 ? 6 : 4.5,
      rainMm: 20,
      windMps: 3,
      rhMinPct: 30,
    }));
    const entered = await director.put(`/api/planning/stations/${stationId}/normals`, { normals: months });
    expect(entered.statusCode, entered.body).toBe(200);
    expect(entered.json().map((n: { month: number; origin: string }) => `${n.month}:${n.origin}`)).toEqual([
      "4:entered",
      "5:entered",
      "6:entered",
      "7:entered",
      "8:entered",
      "9:entered",
    ]);
    const twice = await director.put(`/api/planning/stations/${stationId}/normals`, {
      normals: [months[0], months[0]],
    });
    expect(twice.json().code).toBe("planning.normalMonthTwice");
  });

  it("lists FAO-56 crops and keeps the WUA's own stage lengths and Kc beside the table's", async () => {
    const crops = (await mirab.get("/api/planning/crops")).json();
    const maize = crops.find((c: { crop: { code: string } }) => c.crop.code === "maize-grain");
    expect(maize).toMatchObject({ adjustment: null, crop: { stagesDays: { initial: 30, late: 50 } } });
    const body = { typicalPlanting: "05-05", stagesDays: { late: 40 }, kc: { mid: 1.15 }, version: null };
    const saved = await director.put("/api/planning/crops/maize-grain", body);
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json()).toMatchObject({
      reference: { stagesDays: { late: 50 }, kc: { mid: 1.2 } },
      crop: { typicalPlanting: "05-05", stagesDays: { initial: 30, late: 40 }, kc: { mid: 1.15 } },
      adjustment: { version: 1 },
    });
    expect((await director.put("/api/planning/crops/maize-grain", body)).statusCode).toBe(409);
    expect((await director.put("/api/planning/crops/no-such", body)).json().code).toBe("notFound.crop");
  });

  it("checks a request against the user's contract and names each fault", async () => {
    const [asanov, toktogulova] = register.users;
    const url = `/api/planning/seasons/${register.season.id}/requests/${asanov!.id}`;
    const line = {
      plotId: register.plots[0]!.id,
      cropCode: "maize-grain",
      areaHa: 2,
      plantingDate: "2026-04-25",
      irrigationMethod: "furrow",
    };
    const bad = await director.call("PUT", url, {
      submittedOn: "2026-03-10",
      version: null,
      lines: [line, { ...line, cropCode: "potato", areaHa: 1 }, { ...line, plotId: register.plots[1]!.id }],
    });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().code).toBe("planning.requestInvalid");
    expect(bad.json().errors).toEqual([
      {
        path: "lines.2.plotId",
        code: "plotNotContracted",
        message: "Этого участка нет в договоре пользователя на сезон",
      },
      {
        path: "lines.0.areaHa",
        code: "areaAboveContract",
        message: "На участке запрошено 3 га, больше договорных 2,5 га",
      },
      {
        path: "lines.1.areaHa",
        code: "areaAboveContract",
        message: "На участке запрошено 3 га, больше договорных 2,5 га",
      },
    ]);
    const ok = await director.put(url, { submittedOn: "2026-03-10", version: null, lines: [line] });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ version: 1, lines: [{ areaHa: 2, cropCode: "maize-grain" }] });
    const other = await director.put(
      `/api/planning/seasons/${register.season.id}/requests/${toktogulova!.id}`,
      {
        submittedOn: "2026-03-12",
        version: null,
        lines: [
          {
            ...line,
            plotId: register.plots[1]!.id,
            cropCode: "alfalfa",
            areaHa: 1.5,
            plantingDate: "2026-04-01",
          },
          { ...line, plotId: register.plots[1]!.id, cropCode: "potato", areaHa: 1, irrigationMethod: "drip" },
        ],
      },
    );
    expect(other.statusCode, other.body).toBe(200);
    const season = (await mirab.get(`/api/planning/seasons/${register.season.id}/requests`)).json();
    expect(
      season.users.map((u: { request: { lines: unknown[] } | null }) => u.request?.lines.length),
    ).toEqual([1, 2]);
  });

  it("makes plan versions from requests, climate and the canal tree, and keeps the earlier ones", async () => {
    const url = `/api/planning/seasons/${register.season.id}/plans`;
    const first = await director.post(url, { stationId, rainMethod: { kind: "usda-scs" } });
    expect(first.statusCode, first.body).toBe(201);
    const plan = first.json();
    expect(plan.planNumber).toBe(1);
    expect(plan.result.decades[0]).toBe("2026-04-1");
    expect(plan.result.decades).toHaveLength(18);
    const sources = plan.result.climate.map((c: { source: string }) => c.source);
    // 1–5 July only: no July decade is complete, so normals fill every decade.
    expect(new Set(sources)).toEqual(new Set(["normal"]));
    // Kc mid and end follow each crop's own stages (Eq. 62): the potato's mid season (from 19 June)
    // takes 1–5 July from the records and the rest from the normals; dry air and wind raise Kc.
    const potato = plan.result.kcAdjustments.find((a: { cropCode: string }) => a.cropCode === "potato");
    expect(potato).toMatchObject({ plantingDate: "2026-04-25", mid: { dailyDays: 5, normalDays: 40 } });
    expect(potato.mid.rhMinPct).toBeLessThan(45);
    expect(potato.kcMid).toBeGreaterThan(1.15);
    expect(plan.result.kcAdjustments.map((a: { cropCode: string }) => a.cropCode).sort()).toEqual([
      "alfalfa",
      "maize-grain",
      "potato",
    ]);
    const sum = (v: number[]) => v.reduce((s, x) => s + x, 0);
    const field = sum(plan.result.users.map((u: { grossM3: number[] }) => sum(u.grossM3)));
    const outlets = plan.result.reaches.filter((r: { kind: string }) => r.kind === "outlet");
    // Outlets (efficiency 1) pass on what the fields need; main 0.8 and head 0.9 add their losses.
    expect(sum(outlets.map((o: { inflowM3: number[] }) => sum(o.inflowM3)))).toBeCloseTo(field, 3);
    expect(plan.headTotalM3).toBeCloseTo(field / 0.8 / 0.9, 2);
    expect(plan.result.users.map((u: { name: string; areaHa: number }) => [u.name, u.areaHa])).toEqual([
      ["1. Асанов Бакыт", 2],
      ["2. Токтогулова Айгүл", 2.5],
    ]);

    // Mid-season: the weather of July's first decade arrives, and the plan is made again.
    const more = ["06", "07", "08", "09", "10"].map((d) => ({ ...DAYS[4]!, date: `2026-07-${d}` }));
    const csv = [
      "date,tmax,tmin,rain",
      ...[...DAYS, ...more].map((d) => [d.date, d.tmax, d.tmin, d.rain].join(",")),
    ].join("\n");
    const imported = await director.post(`/api/planning/stations/${stationId}/weather`, {
      csv,
      columns: { date: "date", tmax: "tmax", tmin: "tmin", rain: "rain" },
      units: { temperature: "C", radiation: "MJ/m2/d", windHeightM: 2 },
    });
    expect(imported.json().imported).toBe(10);
    const second = await director.post(url, {
      stationId,
      rainMethod: { kind: "fixed-fraction", fraction: 0.8 },
      note: "after the first decade of July",
    });
    expect(second.json().planNumber).toBe(2);
    const julyFirst = second.json().result.climate.find((c: { decade: string }) => c.decade === "2026-07-1");
    expect(julyFirst.source).toBe("daily");
    const versions = (await mirab.get(url)).json();
    expect(versions.map((v: { planNumber: number }) => v.planNumber)).toEqual([2, 1]);
    const again = (await mirab.get(`/api/planning/plans/${plan.id}`)).json();
    expect(again.result).toEqual(plan.result);
    expect(again.rainMethod).toEqual({ kind: "usda-scs" });
  });

  it("refuses a plan without climate for a decade, naming it", async () => {
    const bare = (await director.post("/api/planning/stations", { ...STATION, name: "Bare" })).json();
    const res = await accountant.post(`/api/planning/seasons/${register.season.id}/plans`, {
      stationId: bare.id,
      rainMethod: { kind: "none" },
    });
    expect(res.statusCode).toBe(422);
    expect(res.json().title).toBe(
      "2026-04-1 декадасы үчүн аба ырайы жок: суткалык маалыматты жүктөңүз же айдын нормаларын киргизиңиз",
    );
  });

  it("exports a plan as Excel and PDF in Kyrgyz and Russian", async () => {
    const [latest] = (await mirab.get(`/api/planning/seasons/${register.season.id}/plans`)).json();
    const xlsx = await mirab.get(`/api/planning/plans/${latest.id}/export?format=xlsx&locale=ru`);
    expect(xlsx.statusCode).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const order = book.getWorksheet("Заявка")!;
    expect(String(order.getCell("A1").value)).toBe("План водопользования, Season 2026, версия 2");
    expect(String(order.getCell("A4").value)).toContain("ФАО-56, ур. 62");
    const headRow = order.getRow(7);
    expect(headRow.getCell(1).value).toBe("В голове, м³");
    // Decades by their days, as the district's orders write them, not by their keys.
    expect(order.getRow(6).getCell(2).value).toBe("01.04–10.04");
    expect(headRow.getCell(20).value).toBe(Math.round(latest.headTotalM3));
    // The heading lines and the decades stay in sight as the sheet scrolls.
    expect(order.views[0]).toMatchObject({ state: "frozen", ySplit: 6 });
    expect(order.getColumn(1).width).toBe(30);
    expect(book.getWorksheet("Водопользователи")).toBeDefined();
    const kyBook = await mirab.get(`/api/planning/plans/${latest.id}/export?format=xlsx&locale=ky`);
    await book.xlsx.load(kyBook.rawPayload as unknown as ArrayBuffer);
    expect(book.getWorksheet("Буйрутма")).toBeDefined();
    const pdf = await mirab.get(`/api/planning/plans/${latest.id}/export?format=pdf&locale=ky`);
    expect(pdf.headers["content-type"]).toBe("application/pdf");
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe("%PDF-");
  });

  it("shows another WUA none of the station, its weather, requests or plans", async () => {
    const stranger = (await seedWuaWithStaff(t, { director: ["wua-director"] })).as.director;
    const [plan] = (await mirab.get(`/api/planning/seasons/${register.season.id}/plans`)).json();
    expect((await stranger.get("/api/planning/stations")).json()).toEqual([]);
    expect((await stranger.get("/api/planning/seasons")).json()).toEqual([]);
    for (const url of [
      `/api/planning/stations/${stationId}/weather?from=2026-01-01&to=2026-12-31`,
      `/api/planning/stations/${stationId}/normals`,
      `/api/planning/seasons/${register.season.id}/requests`,
      `/api/planning/plans/${plan.id}`,
      `/api/planning/plans/${plan.id}/export?format=xlsx`,
    ])
      expect((await stranger.get(url)).statusCode, url).toBe(404);
    const patch = await stranger.patch(`/api/planning/stations/${stationId}`, { version: 1, name: "Mine" });
    expect(patch.statusCode).toBe(404);
  });

  it("keeps a closed season's requests and plans as they were", async () => {
    await closeSeason(t.database, register.season.id);
    const url = `/api/planning/seasons/${register.season.id}`;
    const request = await director.put(`${url}/requests/${register.users[0]!.id}`, {
      submittedOn: "2026-10-01",
      version: 1,
      lines: [],
    });
    expect(request.statusCode).toBe(422);
    expect(request.json().title).toBe("Сезон «Season 2026» закрыт: его заявки и планы больше не меняются");
    const plan = await director.post(`${url}/plans`, { stationId, rainMethod: { kind: "none" } });
    expect(plan.json().code).toBe("planning.seasonClosed");
    expect((await mirab.get(`${url}/plans`)).json()).toHaveLength(2);
  });
});
