import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_TIME_ZONE, localDayOf } from "../../src/domain/shared/local-time.js";
import { translate } from "../../src/server/platform/i18n.js";
import { type Client, seedAimak, startTestApp, type TestApp } from "../support/app.js";
import { seedWaterRegister } from "../support/planning-fixtures.js";
import { seedWuaWithStaff } from "../support/wua-fixtures.js";

const AIMAK = "41703220980000";

/**
 * What the water, planning and allocation routes refuse that QA found accepted (2026-12): each
 * refusal is said in the reader's language and changes nothing.
 */
describe("refusals of the water register, planning and allocation", () => {
  let t: TestApp;
  let director: Client;
  let villages: string[];
  let register: Awaited<ReturnType<typeof seedWaterRegister>>;
  const ky = { "accept-language": "ky" };

  beforeAll(async () => {
    t = await startTestApp();
    ({ villageCodes: villages } = await seedAimak(t.database, AIMAK, 2));
    const wua = await seedWuaWithStaff(
      t,
      { director: ["wua-director"] },
      { adminUnitCode: AIMAK, villageCodes: villages },
    );
    register = await seedWaterRegister(t.database, wua.org.id);
    director = wua.as.director;
  });
  afterAll(() => t.close());

  const userId = () => register.users[0]!.id;
  const card = async () => (await director.get(`/api/water/users/${userId()}`)).json();
  const requestOf = async () =>
    (await director.get(`/api/planning/seasons/${register.season.id}/requests`))
      .json()
      .users.find((u: { waterUserId: string }) => u.waterUserId === userId()).request;
  const requestLine = (over: Record<string, unknown> = {}) => ({
    plotId: register.plots[0]!.id,
    cropCode: "maize-grain",
    areaHa: 2,
    plantingDate: "2026-04-20",
    irrigationMethod: "furrow",
    ...over,
  });

  describe("areas as the tables keep them", () => {
    it("refuses a plot smaller than the 0.0001 ha the register keeps, naming the field (a 500 before)", async () => {
      const before = await card();
      const tiny = await director.call(
        "POST",
        `/api/water/users/${userId()}/plots`,
        { outletId: register.reaches.outlets[0]!.id, areaHa: 1e-12, tenure: "own" },
        ky,
      );
      expect(tiny.statusCode, tiny.body).toBe(400);
      expect(tiny.json()).toMatchObject({
        code: "validation.fields",
        title: translate("ky", "errors.validation.fields"),
        errors: [
          {
            path: "areaHa",
            code: "too_small",
            message: translate("ky", "errors.field.too_small", { minimum: 0.0001 }),
          },
        ],
      });
      const plot = before.plots[0];
      const edited = await director.patch(`/api/water/plots/${plot.id}`, {
        areaHa: 1e-12,
        version: plot.version,
      });
      expect(edited.json().errors[0]).toMatchObject({ path: "areaHa", code: "too_small" });
      expect(await card()).toEqual(before);
      // One square metre is kept.
      const least = await director.post(`/api/water/users/${userId()}/plots`, {
        outletId: register.reaches.outlets[0]!.id,
        areaHa: 0.0001,
        tenure: "lease",
      });
      expect(least.statusCode, least.body).toBe(201);
      expect(least.json().areaHa).toBe(0.0001);
    });

    it("refuses a request line smaller than 0.0001 ha, naming the line's field", async () => {
      const before = await requestOf();
      const tiny = await director.call(
        "PUT",
        `/api/planning/seasons/${register.season.id}/requests/${userId()}`,
        {
          submittedOn: "2026-04-10",
          lines: [requestLine({ areaHa: 1e-12 })],
          version: before?.version ?? null,
        },
        ky,
      );
      expect(tiny.statusCode, tiny.body).toBe(400);
      expect(tiny.json().errors).toEqual([
        {
          path: "lines.0.areaHa",
          code: "too_small",
          message: translate("ky", "errors.field.too_small", { minimum: 0.0001 }),
        },
      ]);
      expect(await requestOf()).toEqual(before);
    });

    it("refuses an act's volume between 0 and the tenth of a m³ the act writes; 0 and 0.1 are taken", async () => {
      const outlet = register.reaches.outlets[0]!.id;
      const act = (clientKey: string, hour: number, volumeM3: number) => ({
        clientKey,
        outletId: outlet,
        waterUserId: userId(),
        method: "act",
        startedAt: `2026-05-03T0${hour}:00:00Z`,
        endedAt: `2026-05-03T0${hour + 1}:00:00Z`,
        volumeM3,
      });
      const tiny = await director.call("POST", "/api/water/deliveries", act("act-volume-tiny", 1, 1e-12), ky);
      expect(tiny.statusCode, tiny.body).toBe(400);
      expect(tiny.json().errors).toEqual([
        {
          path: "volumeM3",
          code: "actVolumeTooSmall",
          message: translate("ky", "errors.field.actVolumeTooSmall"),
        },
      ]);
      expect((await director.get(`/api/water/deliveries?outletId=${outlet}`)).json().items).toEqual([]);
      for (const [key, hour, volumeM3] of [
        ["act-volume-none", 1, 0],
        ["act-volume-tenth", 3, 0.1],
      ] as const) {
        const taken = await director.post("/api/water/deliveries", act(key, hour, volumeM3));
        expect(taken.statusCode, taken.body).toBe(200);
        expect(taken.json().delivery.volumeM3).toBe(volumeM3);
      }
    });
  });

  describe("days that have not come", () => {
    /** The seeded WUA keeps the default zone (Bishkek): its today, which the refusals name. */
    const today = () => localDayOf(new Date(), DEFAULT_TIME_ZONE);
    const ahead = (path: string) => ({
      path,
      code: "afterToday",
      message: translate("ky", "errors.field.afterToday", { today: today() }),
    });

    it("refuses a request handed in on a day to come, with the request's other problems", async () => {
      const before = await requestOf();
      const res = await director.call(
        "PUT",
        `/api/planning/seasons/${register.season.id}/requests/${userId()}`,
        { submittedOn: "2099-01-01", lines: [requestLine()], version: before?.version ?? null },
        ky,
      );
      expect(res.statusCode, res.body).toBe(422);
      expect(res.json()).toMatchObject({
        code: "planning.requestInvalid",
        title: translate("ky", "errors.planning.requestInvalid", { count: 1 }),
        errors: [ahead("submittedOn")],
      });
      expect(await requestOf()).toEqual(before);
      const onTime = await director.put(`/api/planning/seasons/${register.season.id}/requests/${userId()}`, {
        submittedOn: today(),
        lines: [requestLine()],
        version: before?.version ?? null,
      });
      expect(onTime.statusCode, onTime.body).toBe(200);
    });

    it("refuses a plot ended on a day to come, which left it ended at once; today ends it", async () => {
      const before = await card();
      const plot = before.plots[0];
      const res = await director.call(
        "PATCH",
        `/api/water/plots/${plot.id}`,
        { endedOn: "2098-01-01", version: plot.version },
        ky,
      );
      expect(res.statusCode, res.body).toBe(400);
      expect(res.json().errors).toEqual([ahead("endedOn")]);
      expect(await card()).toEqual(before);
      // Not ended: the next edit is taken.
      const edited = await director.patch(`/api/water/plots/${plot.id}`, {
        areaHa: 3,
        version: plot.version,
      });
      expect(edited.statusCode, edited.body).toBe(200);
      const added = await director.post(`/api/water/users/${userId()}/plots`, {
        outletId: register.reaches.outlets[0]!.id,
        areaHa: 0.5,
        tenure: "lease",
      });
      const ended = await director.patch(`/api/water/plots/${added.json().id}`, {
        endedOn: today(),
        version: 1,
      });
      expect(ended.statusCode, ended.body).toBe(200);
      expect(ended.json().endedOn).toBe(today());
    });

    it("refuses a user archived on a day to come", async () => {
      const before = await card();
      const res = await director.call(
        "PATCH",
        `/api/water/users/${userId()}`,
        { archivedOn: "2099-01-01", version: before.version },
        ky,
      );
      expect(res.statusCode, res.body).toBe(400);
      expect(res.json().errors).toEqual([ahead("archivedOn")]);
      expect(await card()).toEqual(before);
    });
  });

  describe("seasons", () => {
    const seasonNames = async () =>
      (await director.get("/api/water/seasons")).json().map((s: { name: string }) => s.name);

    it("refuses a season overlapping another, naming it; the home page keeps the real one", async () => {
      const before = await seasonNames();
      const res = await director.call(
        "POST",
        "/api/water/seasons",
        { year: 2026, name: "Дубль", startsOn: "2026-05-01", endsOn: "2026-06-01" },
        ky,
      );
      expect(res.statusCode, res.body).toBe(422);
      expect(res.json()).toMatchObject({
        code: "water.seasonOverlaps",
        title: translate("ky", "errors.water.seasonOverlaps", {
          name: "Season 2026",
          from: "2026-04-01",
          to: "2026-09-30",
        }),
      });
      expect(await seasonNames()).toEqual(before);
      expect((await director.get("/api/water/glance?on=2026-05-15")).json().season.name).toBe("Season 2026");
    });

    it("refuses a year that is neither the year the season starts nor the one it ends in", async () => {
      const before = await seasonNames();
      const res = await director.call(
        "POST",
        "/api/water/seasons",
        { year: 2027, name: "Алыс", startsOn: "2030-04-01", endsOn: "2030-09-30" },
        ky,
      );
      expect(res.statusCode, res.body).toBe(400);
      expect(res.json().errors).toEqual([
        {
          path: "year",
          code: "seasonYearOffDates",
          message: translate("ky", "errors.field.seasonYearOffDates", {
            from: "2030-04-01",
            to: "2030-09-30",
          }),
        },
      ]);
      expect(await seasonNames()).toEqual(before);
      // A winter season running into the next year may carry either.
      const winter = await director.post("/api/water/seasons", {
        year: 2027,
        name: "Кыш 2026–2027",
        startsOn: "2026-10-15",
        endsOn: "2027-03-15",
      });
      expect(winter.statusCode, winter.body).toBe(201);
    });

    it("opens one of two overlapping seasons sent at once", async () => {
      const sent = await Promise.all(
        [
          ["Жаз 2028", "2028-04-01", "2028-09-30"],
          ["Жай 2028", "2028-05-01", "2028-10-31"],
        ].map(([name, startsOn, endsOn]) =>
          director.post("/api/water/seasons", { year: 2028, name, startsOn, endsOn }),
        ),
      );
      expect(sent.map((r) => r.statusCode).sort()).toEqual([201, 422]);
      expect(sent.find((r) => r.statusCode === 422)!.json().code).toBe("water.seasonOverlaps");
    });
  });

  describe("allocation runs", () => {
    const run = (over: Record<string, unknown>) =>
      director.call(
        "POST",
        "/api/allocation/runs",
        {
          seasonId: register.season.id,
          fromDay: "2026-06-01",
          toDay: "2026-06-10",
          policy: "equal-depth-per-hectare",
          supplyM3: 5000,
          demand: { kind: "norm", m3PerHa: 800 },
          ...over,
        },
        ky,
      );
    const runs = async () =>
      (await director.get(`/api/allocation/runs?seasonId=${register.season.id}`)).json();

    it("refuses a supply beyond 10 km³, which no provider's period takes", async () => {
      const before = await runs();
      const res = await run({ supplyM3: 1e308 });
      expect(res.statusCode, res.body).toBe(400);
      expect(res.json().errors).toEqual([
        {
          path: "supplyM3",
          code: "too_big",
          message: translate("ky", "errors.field.too_big", { maximum: 1e10 }),
        },
      ]);
      expect(await runs()).toEqual(before);
    });

    it("refuses a guarantee naming water users the provider does not have, naming them", async () => {
      const before = await runs();
      const strangers = ["00000000-0000-7000-8000-000000000001", "00000000-0000-7000-8000-000000000002"];
      const res = await run({
        guarantee: { share: 0.5, waterUserIds: [register.users[0]!.id, ...strangers] },
      });
      expect(res.statusCode, res.body).toBe(422);
      expect(res.json()).toMatchObject({
        code: "allocation.guaranteeUnknownUsers",
        title: translate("ky", "errors.allocation.guaranteeUnknownUsers", {
          count: 2,
          ids: strangers.join(", "),
        }),
      });
      expect(await runs()).toEqual(before);
      // The provider's own users are guaranteed as before.
      const listed = await run({ guarantee: { share: 0.5, waterUserIds: [register.users[0]!.id] } });
      expect(listed.statusCode, listed.body).toBe(201);
    });

    it("refuses a guarantee naming water users archived by the period's first day, naming them; guarantees one archived within it for their days", async () => {
      /** A new user of the provider, with a plot at the first outlet if asked, archived on a day. */
      const archivedUser = async (surname: string, archivedOn: string, withPlot: boolean) => {
        const created = await director.post("/api/water/users", {
          kind: "person",
          surname,
          givenName: "Азат",
          villageCode: villages[0],
          locale: "ky",
        });
        expect(created.statusCode, created.body).toBe(201);
        const { id, number } = created.json();
        if (withPlot) {
          const plot = await director.post(`/api/water/users/${id}/plots`, {
            outletId: register.reaches.outlets[0]!.id,
            areaHa: 1,
            tenure: "own",
          });
          expect(plot.statusCode, plot.body).toBe(201);
        }
        const { version } = (await director.get(`/api/water/users/${id}`)).json();
        const archived = await director.patch(`/api/water/users/${id}`, { archivedOn, version });
        expect(archived.statusCode, archived.body).toBe(200);
        return { id: id as string, number: number as number, archivedOn };
      };
      const longGone = await archivedUser("Сабыров", "2026-05-15", false);
      // Archived on the period's first day: a user with a plot at an outlet, who takes no water in it.
      const firstDay = await archivedUser("Мамытов", "2026-06-01", true);
      // Archived on the fifth day: a user of the period's first four.
      const midway = await archivedUser("Жумабеков", "2026-06-05", true);
      // Archived the day after: a user of the whole period.
      const dayAfter = await archivedUser("Турдуев", "2026-06-11", false);

      const before = await runs();
      const guaranteeing = (ids: string[]) => run({ guarantee: { share: 0.5, waterUserIds: ids } });
      /** A guarantee of `ids` refused, naming the users among them archived by the period's first day. */
      const refusedNaming = async (ids: string[], ...archived: { number: number; archivedOn: string }[]) => {
        const res = await guaranteeing(ids);
        expect(res.statusCode, res.body).toBe(422);
        expect(res.json()).toMatchObject({
          code: "allocation.guaranteeArchivedUsers",
          title: translate("ky", "errors.allocation.guaranteeArchivedUsers", {
            count: archived.length,
            day: "2026-06-01",
            users: archived.map((u) => ({
              key: "errors.allocation.guaranteeArchivedUser",
              params: { number: u.number, date: u.archivedOn },
            })),
          }),
        });
        return res.json().title as string;
      };
      const title = await refusedNaming(
        [register.users[0]!.id, firstDay.id, midway.id, dayAfter.id, longGone.id],
        firstDay,
        longGone,
      );
      expect(title).toContain(`№ ${firstDay.number} (01.06.2026`);
      // Named alone, such a user is refused just the same.
      await refusedNaming([firstDay.id], firstDay);
      expect(await runs()).toEqual(before);

      // One archived within the period is guaranteed for the days they were a user.
      const within = await guaranteeing([midway.id, dayAfter.id]);
      expect(within.statusCode, within.body).toBe(201);
      expect(within.json().guarantee).toMatchObject({
        basis: "listed",
        waterUserIds: [midway.id, dayAfter.id],
      });
      const shareOf = (id: string) =>
        within.json().shares.find((s: { waterUserId: string }) => s.waterUserId === id);
      // The norm's 800 m³/ha over ten days, for four.
      expect(shareOf(midway.id)).toMatchObject({ areaHa: 1, demandM3: 320, guaranteeM3: 160 });
      expect(shareOf(midway.id).allocatedM3).toBeGreaterThan(0);
      expect(shareOf(firstDay.id)).toBeUndefined();
    });
  });

  describe("villages", () => {
    const notServed = {
      path: "villageCode",
      code: "villageNotServed",
      message: translate("ky", "errors.field.villageNotServed", { code: "" }),
    };

    it("refuses an empty village code for a user, new or edited, as it refuses a village not served", async () => {
      const usersBefore = (await director.get("/api/water/users?archived=all")).json();
      const created = await director.call(
        "POST",
        "/api/water/users",
        { kind: "person", surname: "Бекова", givenName: "Нургүл", villageCode: "" },
        ky,
      );
      expect(created.statusCode, created.body).toBe(400);
      expect(created.json().errors).toEqual([notServed]);
      expect((await director.get("/api/water/users?archived=all")).json()).toEqual(usersBefore);

      const before = await card();
      const edited = await director.call(
        "PATCH",
        `/api/water/users/${userId()}`,
        { villageCode: "", version: before.version },
        ky,
      );
      expect(edited.statusCode, edited.body).toBe(400);
      expect(edited.json().errors).toEqual([notServed]);
      expect(await card()).toEqual(before);
      // null still says "no village".
      const cleared = await director.patch(`/api/water/users/${userId()}`, {
        villageCode: null,
        version: before.version,
      });
      expect(cleared.statusCode, cleared.body).toBe(200);
      expect(cleared.json().villageCode).toBeNull();
    });

    it("refuses an empty village code for a plot, new or edited", async () => {
      const before = await card();
      const added = await director.call(
        "POST",
        `/api/water/users/${userId()}/plots`,
        { outletId: register.reaches.outlets[0]!.id, areaHa: 1, tenure: "own", villageCode: "" },
        ky,
      );
      expect(added.statusCode, added.body).toBe(400);
      expect(added.json().errors).toEqual([notServed]);
      const plot = before.plots[0];
      const edited = await director.call(
        "PATCH",
        `/api/water/plots/${plot.id}`,
        { villageCode: "", version: plot.version },
        ky,
      );
      expect(edited.statusCode, edited.body).toBe(400);
      expect(edited.json().errors).toEqual([notServed]);
      expect(await card()).toEqual(before);
    });
  });

  describe("times of readings and turns", () => {
    const wrongTimes = [
      ["2026-06-31T06:00:00Z", "invalid_format"], // no such day: it was taken as July 1
      [12345, "invalid_type"], // it was a moment of 1970
      ["2026-06-01T06:00:00", "invalid_format"], // no offset: whose 06:00?
      ["0000-01-01T00:00:00Z", "invalid_format"], // PostgreSQL has no year 0
    ] as const;

    it("refuses a turn's time that is not an ISO date-time with its offset, as a field, recording nothing", async () => {
      const outlet = register.reaches.outlets[1]!.id;
      for (const [startedAt, code] of wrongTimes) {
        const res = await director.call(
          "POST",
          "/api/water/deliveries",
          {
            clientKey: "turn-time-wrong",
            outletId: outlet,
            waterUserId: register.users[1]!.id,
            method: "time-and-flow",
            flowLps: 20,
            startedAt,
            endedAt: "2026-07-01T08:00:00Z",
          },
          ky,
        );
        expect(res.statusCode, res.body).toBe(400);
        expect(res.json().errors).toEqual([
          { path: "startedAt", code, message: translate("ky", `errors.field.${code}`) },
        ]);
      }
      expect((await director.get(`/api/water/deliveries?outletId=${outlet}`)).json().items).toEqual([]);
    });

    it("refuses a reading's time that is not an ISO date-time with its offset", async () => {
      const post = register.reaches.main.id; // refused before any post is looked for
      for (const [readAt, code] of wrongTimes) {
        const res = await director.call(
          "POST",
          "/api/water/readings",
          { readings: [{ clientKey: "reading-time-wrong", structureId: post, readAt, levelM: 0.3 }] },
          ky,
        );
        expect(res.statusCode, res.body).toBe(400);
        expect(res.json().errors).toEqual([
          { path: "readings.0.readAt", code, message: translate("ky", `errors.field.${code}`) },
        ]);
      }
    });

    it("describes the times as date-times in the OpenAPI document", async () => {
      const doc = (await director.get("/api/openapi.json")).json();
      const body = (path: string) => doc.paths[path].post.requestBody.content["application/json"].schema;
      const turn = body("/api/water/deliveries").oneOf ?? body("/api/water/deliveries").anyOf;
      for (const variant of turn) {
        expect(variant.properties.startedAt).toMatchObject({ type: "string", format: "date-time" });
        expect(variant.properties.endedAt).toMatchObject({ type: "string", format: "date-time" });
      }
      expect(body("/api/water/readings").properties.readings.items.properties.readAt).toMatchObject({
        type: "string",
        format: "date-time",
      });
    });
  });
});
