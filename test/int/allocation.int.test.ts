import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { confirmLink, recordDelivery, seedPlan, seedWua } from "../support/allocation-fixtures.js";
import {
  type Client,
  householdOfOne,
  login,
  seedAimak,
  seedOrganisation,
  startTestApp,
  type TestApp,
} from "../support/app.js";
import { seedWuaWithStaff } from "../support/wua-fixtures.js";

const AIMAK = "41703220980000";

describe("allocation runs and rotation schedules", () => {
  let t: TestApp;
  let director: Client;
  let accountant: Client;
  let mirab: Client;
  let otherWua: Client;
  let wua: Awaited<ReturnType<typeof seedWua>>;
  let wuaOrgId: string;
  let directorId: string;
  let clerk: Client;
  let municipalityOrgId: string;

  beforeAll(async () => {
    t = await startTestApp();
    const w = await seedWuaWithStaff(t, {
      director: ["wua-director"],
      accountant: ["accountant"],
      mirab: ["water-master"],
    });
    const other = await seedWuaWithStaff(t, { master: ["water-master"] });
    wuaOrgId = w.org.id;
    directorId = w.users.director.id;
    const { villageCodes } = await seedAimak(t.database, "41703220980000", 1);
    const m = await seedOrganisation(t.database, {
      adminUnitCode: "41703220980000",
      users: { clerk: ["clerk"] },
    });
    municipalityOrgId = m.org.id;
    clerk = await login(t.app, m.users.clerk!.username);
    void villageCodes;
    ({ director, accountant, mirab } = w.as);
    otherWua = other.as.master;
    // O2 carries 1 l/s: 864 m³ in ten days, less than its users ask, so it binds them.
    wua = await seedWua(
      t.database,
      w.org.id,
      [
        ["H", null, "head", 500, 0.9],
        ["M", "H", "main", 400, 0.9],
        ["O1", "M", "outlet", 100, 1],
        ["O2", "M", "outlet", 1, 1],
      ],
      [
        ["Асанов", "O1", 2, "+996700100001"],
        ["Бакиров", "O1", 3, "+996700100002"],
        ["Доолотов", "O2", 5, null],
        ["Эркинова", "O2", 1, "+996700100004"],
      ],
    );
  });
  afterAll(() => t.close());

  const newRun = (over: Record<string, unknown> = {}) =>
    director.post("/api/allocation/runs", {
      seasonId: wua.seasonId,
      fromDay: "2026-06-01",
      toDay: "2026-06-10",
      policy: "equal-depth-per-hectare",
      supplyM3: 5000,
      demand: { kind: "norm", m3PerHa: 800 },
      ...over,
    });

  it("allocates equal depth per hectare under the supply and a reach's capacity, naming what binds each user", async () => {
    const res = await newRun();
    expect(res.statusCode, res.body).toBe(201);
    const run = res.json();
    const share = (name: string) =>
      run.shares.find((s: { displayName: string }) => s.displayName.startsWith(name));
    const o2 = wua.reachIds.get("O2")!;
    for (const s of run.shares) expect(s.allocatedM3).toBeLessThanOrEqual(s.demandM3 + 1e-6);
    // Users at O2 share its 864 m³ in proportion to area; O1's users get equal depth from the rest.
    expect(share("Доолотов").boundBy).toEqual({ kind: "reach", reach: o2 });
    expect(share("Доолотов").allocatedM3 + share("Эркинова").allocatedM3).toBeCloseTo(864, 3);
    expect(share("Доолотов").allocatedM3 / 5).toBeCloseTo(share("Эркинова").allocatedM3 / 1, 6);
    expect(share("Асанов").boundBy).toEqual({ kind: "supply" });
    expect(share("Асанов").allocatedM3 / 2).toBeCloseTo(share("Бакиров").allocatedM3 / 3, 6);
    // The water balances with the losses: all of the head's supply reaches users through 0.9 × 0.9.
    const delivered = run.shares.reduce((sum: number, s: { allocatedM3: number }) => sum + s.allocatedM3, 0);
    expect(delivered).toBeCloseTo(5000 * 0.81, 3);
    const head = run.reaches.find((r: { code: string }) => r.code === "H");
    expect(head.inflowM3).toBeCloseTo(5000, 3);
    expect(head.capacityM3).toBeCloseTo(500 * 86.4 * 10, 3);
    const listed = await director.get(`/api/allocation/runs?seasonId=${wua.seasonId}`);
    expect(listed.statusCode, listed.body).toBe(200);
    const list = listed.json();
    expect(list[0]).toMatchObject({ id: run.id, users: 4, status: "draft" });
  });

  it("takes each user's demand from the season's plan for the period's days", async () => {
    const id = (name: string) => wua.userIds.get(name)!;
    const planId = await seedPlan(t.database, {
      orgId: wuaOrgId,
      seasonId: wua.seasonId,
      by: directorId,
      decades: ["2026-08-1", "2026-08-2"],
      grossM3: new Map([
        [id("Асанов"), [1000, 3000]],
        [id("Бакиров"), [0, 0]],
        [id("Доолотов"), [2000, 0]],
        [id("Эркинова"), [400, 0]],
      ]),
    });
    // 6–15 August: half of each decade.
    const res = await newRun({
      demand: { kind: "plan", planId },
      fromDay: "2026-08-06",
      toDay: "2026-08-15",
      supplyM3: 50_000,
    });
    expect(res.statusCode, res.body).toBe(201);
    const run = res.json();
    expect(run.demand).toEqual({ kind: "plan", planId, planNumber: 1 });
    const share = (name: string) =>
      run.shares.find((s: { waterUserId: string }) => s.waterUserId === id(name));
    expect(share("Асанов").demandM3).toBeCloseTo(500 + 1500, 6);
    expect(share("Асанов").boundBy).toEqual({ kind: "demand" });
    expect(share("Бакиров").allocatedM3).toBe(0);
    expect(share("Эркинова").demandM3).toBeCloseTo(200, 6);
  });

  it("serves guaranteed minimums first", async () => {
    const erkinova = wua.userIds.get("Эркинова")!;
    const run = (
      await newRun({ guarantee: { share: 1, waterUserIds: [erkinova] }, supplyM3: 20_000 })
    ).json();
    const share = run.shares.find((s: { waterUserId: string }) => s.waterUserId === erkinova);
    // Her 800 m³ fit under O2's 864 m³; the other user there gets only what is left.
    expect(share.guaranteeM3).toBe(800);
    expect(share.allocatedM3).toBeCloseTo(800, 3);
  });

  it("guarantees the users whose linked household the municipality flagged vulnerable", async () => {
    const card = await householdOfOne(clerk, {
      villageCode: `${AIMAK.slice(0, 12)}01`,
      formedOn: "2020-01-01",
      head: { surname: "Эркинова", givenName: "Айгүл", sex: "female", birthDate: "1975-02-03" },
    });
    expect(card.flags.map((f: { criterionCode: string }) => f.criterionCode)).toContain("female-headed");
    const erkinova = wua.userIds.get("Эркинова")!;
    await confirmLink(t.database, {
      orgId: wuaOrgId,
      waterUserId: erkinova,
      municipalityOrgId,
      personId: card.members[0].id,
      by: directorId,
    });
    const run = (await newRun({ guarantee: { share: 1 }, supplyM3: 20_000 })).json();
    expect(run.guarantee).toEqual({ share: 1, basis: "vulnerable", waterUserIds: [erkinova] });
    const guaranteed = run.shares.filter((s: { guaranteeM3: number | null }) => s.guaranteeM3 !== null);
    expect(guaranteed.map((s: { waterUserId: string }) => s.waterUserId)).toEqual([erkinova]);
  });

  it("publishes a rotation schedule with turns at the outlet's flow and queues an SMS to each user with a phone", async () => {
    const created = await newRun();
    expect(created.statusCode, created.body).toBe(201);
    const run = created.json();
    // Published the day before the decade: every turn is still to come.
    const today = vi.spyOn(Date, "now").mockReturnValue(Date.parse("2026-05-31T12:00:00Z"));
    const res = await director.post(`/api/allocation/runs/${run.id}/publish`, {
      version: run.version,
      cycleHours: 120,
      shiftHours: 3,
    });
    today.mockRestore();
    expect(res.statusCode, `${run.id} ${res.body}`).toBe(200);
    const published = res.json();
    expect(published.status).toBe("published");
    expect(published.smsQueued).toBe(3);
    const asanov = wua.userIds.get("Асанов")!;
    const turns = published.schedule.turns.filter((turn: { user: string }) => turn.user === asanov);
    // Two five-day cycles in ten days (a turn the shift pushes past a cycle's end goes on at its start).
    expect(new Set(turns.map((turn: { cycle: number }) => turn.cycle))).toEqual(new Set([0, 1]));
    const hours = turns.reduce(
      (sum: number, turn: { start: string; end: string }) =>
        sum + (Date.parse(turn.end) - Date.parse(turn.start)) / 3.6e6,
      0,
    );
    const allocated = published.shares.find(
      (s: { waterUserId: string }) => s.waterUserId === asanov,
    ).allocatedM3;
    // The head's 5,000 m³ come at a steady 5.79 l/s, of which 81 % reach the outlets (H and M lose
    // 10 % each). O2's 864 m³ take all ten days at its 1 l/s; O1's gate takes 100 l/s, but runs at
    // what the head brings beside, 3.69 l/s.
    const atO1Lps = ((5000 * 1000) / (240 * 3600)) * 0.9 * 0.9 - 1;
    expect(hours).toBeCloseTo((allocated * 1000) / atO1Lps / 3600, 3);
    const o2 = published.schedule.turns.filter(
      (turn: { outlet: string }) => turn.outlet === wua.reachIds.get("O2"),
    );
    const o2Hours = o2.reduce(
      (sum: number, turn: { start: string; end: string }) =>
        sum + (Date.parse(turn.end) - Date.parse(turn.start)) / 3.6e6,
      0,
    );
    expect(o2Hours).toBeCloseTo(240, 3);
    const periodEnd = Date.parse("2026-06-11T00:00:00+06:00");
    for (const turn of published.schedule.turns)
      expect(Date.parse(turn.end)).toBeLessThanOrEqual(periodEnd + 1);
    expect(published.schedule.overruns).toEqual([]);
    const sms = (await director.get("/api/sms")).json();
    const bodies = sms.items.map((m: { body: string }) => m.body).join("\n");
    expect(bodies).toContain("O1");
    expect(bodies).toMatch(/сугат кезегиңиз|очередь полива/);

    // A water master's change is kept and flagged; one that overlaps another turn is refused.
    const first = turns[0];
    const moved = await director.patch(
      `/api/allocation/runs/${run.id}/turns/${encodeURIComponent(first.id)}`,
      {
        version: published.version,
        durationHours: 1,
      },
    );
    expect(moved.statusCode, moved.body).toBe(200);
    expect(moved.json().schedule.turns.find((turn: { id: string }) => turn.id === first.id).manual).toBe(
      true,
    );
    const clash = await director.patch(
      `/api/allocation/runs/${run.id}/turns/${encodeURIComponent(first.id)}`,
      { version: moved.json().version, durationHours: 100 },
    );
    expect(clash.statusCode).toBe(422);
    expect(clash.json().code).toBe("rotation.overlap");
    expect(clash.json().title).toMatch(/№\d+ \S+ Test/); // the other user by number and name, not by id
    const again = await director.post(`/api/allocation/runs/${run.id}/publish`, {
      version: moved.json().version,
      cycleHours: 120,
      shiftHours: 3,
    });
    expect(again.json().code).toBe("allocation.alreadyPublished");

    const pdf = await director.get(`/api/allocation/runs/${run.id}/schedule.pdf`);
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers["content-type"]).toContain("application/pdf");
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe("%PDF-");
  });

  it("refuses a bad period in the user's language and writes nothing; keeps runs to their provider and roles", async () => {
    const before = (await director.get("/api/allocation/runs")).json().length;
    const bad = await director.post("/api/allocation/runs", {
      seasonId: wua.seasonId,
      fromDay: "2026-06-10",
      toDay: "2026-06-01",
      policy: "equal-share-of-demand",
      supplyM3: 100,
      demand: { kind: "norm", m3PerHa: 800 },
    });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().title).toBe("Мезгилдин аягы башынан мурун боло албайт"); // the user's language
    const outside = await newRun({ toDay: "2026-10-05" });
    expect(outside.json().code).toBe("allocation.periodOutsideSeason");
    expect((await director.get("/api/allocation/runs")).json()).toHaveLength(before);

    expect((await accountant.post("/api/allocation/runs", {})).statusCode).toBe(403);
    const run = (await newRun()).json();
    expect((await otherWua.get(`/api/allocation/runs/${run.id}`)).statusCode).toBe(404);
    expect((await otherWua.get("/api/allocation/runs")).json()).toEqual([]);
  });

  it("shows equity for the season: allocated and measured against need, by canal third, vulnerability and women-headed households", async () => {
    const delivery = (name: string, outlet: string, startedAt: string, volumeM3: number, voided = false) =>
      recordDelivery(t.database, {
        orgId: wuaOrgId,
        outletId: wua.reachIds.get(outlet)!,
        waterUserId: wua.userIds.get(name)!,
        startedAt,
        volumeM3,
        by: directorId,
        voided,
      });
    await delivery("Асанов", "O1", "2026-06-03T10:00:00+06:00", 500);
    await delivery("Эркинова", "O2", "2026-06-05T08:00:00+06:00", 100);
    await delivery("Эркинова", "O2", "2026-06-06T08:00:00+06:00", 999, true); // voided
    await delivery("Асанов", "O1", "2026-06-11T00:30:00+06:00", 700); // the next period
    const res = await director.get(`/api/allocation/equity?seasonId=${wua.seasonId}`);
    expect(res.statusCode, res.body).toBe(200);
    const report = res.json();
    // The published run stands for 1–10 June, whatever drafts came after it; the plan's run for August.
    expect(report.periods).toHaveLength(2);
    expect(report.periods[1]).toMatchObject({ fromDay: "2026-08-06", deliveredM3: 0 });
    expect(report.periods[0]).toMatchObject({
      fromDay: "2026-06-01",
      toDay: "2026-06-10",
      status: "published",
    });
    expect(report.periods[0].requiredM3).toBeCloseTo(8800, 6);
    expect(report.periods[0].deliveredM3).toBeCloseTo(600, 6);
    expect(report.periods[0].allocatedM3).toBeCloseTo(4050, 3);
    // Four users needed water in June, three in August (Бакиров's plan asks nothing); all else is 0.
    expect(report.delivered.adequacy).toBeCloseTo((500 / 1600 + 100 / 800) / 7, 6);
    expect(report.users).toBe(4);
    expect(report.linkedUsers).toBe(1);
    const group = (list: { group: string; users: number }[], name: string) =>
      list.find((g) => g.group === name);
    expect(group(report.groups.thirds, "head")!.users).toBe(2); // O1 heads its canal, O2 is its tail
    expect(group(report.groups.thirds, "tail")!.users).toBe(2);
    expect(group(report.groups.vulnerability, "vulnerable")).toMatchObject({ users: 1, deliveredM3: 100 });
    expect(group(report.groups.vulnerability, "not-linked")!.users).toBe(3);
    expect(group(report.groups.womenHeaded, "women-headed")!.users).toBe(1);
    // One period alone: the June decade's figures, per decade as the meeting asks.
    const june = (
      await director.get(`/api/allocation/equity?seasonId=${wua.seasonId}&runId=${report.periods[0].runId}`)
    ).json();
    expect(june.periods).toHaveLength(1);
    expect(june.delivered.adequacy).toBeCloseTo((500 / 1600 + 100 / 800) / 4, 6);
    // One decade says nothing of how steady the water was over time; the season's two do.
    expect(june.delivered.dependability).toBeNull();
    expect(report.delivered.dependability).toBeGreaterThan(0);
    const pdf = await director.get(`/api/allocation/equity.pdf?seasonId=${wua.seasonId}`);
    expect(pdf.statusCode).toBe(200);
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe("%PDF-");
    expect((await otherWua.get(`/api/allocation/equity?seasonId=${wua.seasonId}`)).statusCode).toBe(404);
  });

  it("shows the season at a glance for the home page: users, contracts, water, acts to sign and the day's turns; money only to those who read billing", async () => {
    // What the tests before wrote stays: the figures are read before and after this one's writes.
    const before = (await director.get("/api/water/glance?on=2026-06-03")).json();
    const asanov = wua.userIds.get("Асанов")!;
    const plotId = (await director.get(`/api/water/users/${asanov}`)).json().plots[0].id;
    const signed = await director.post("/api/water/contracts", {
      seasonId: wua.seasonId,
      waterUserId: asanov,
      plots: [{ plotId, cropCode: "maize-grain", areaHa: 1 }],
    });
    expect(signed.statusCode, signed.body).toBe(201);
    const sign = await director.post(`/api/water/contracts/${signed.json().id}/sign`, {
      version: 1,
      signedOn: "2026-03-15",
    });
    expect(sign.statusCode, sign.body).toBe(200);
    const bakirov = wua.userIds.get("Бакиров")!;
    const bakirovPlot = (await director.get(`/api/water/users/${bakirov}`)).json().plots[0].id;
    const draft = await director.post("/api/water/contracts", {
      seasonId: wua.seasonId,
      waterUserId: bakirov,
      plots: [{ plotId: bakirovPlot, cropCode: "potato", areaHa: 1 }],
    });
    expect(draft.statusCode, draft.body).toBe(201);
    const delivery = await mirab.post("/api/water/deliveries", {
      clientKey: "glance-delivery-0001",
      outletId: wua.reachIds.get("O1"),
      waterUserId: asanov,
      plotId,
      startedAt: "2026-06-03T02:00:00Z",
      endedAt: "2026-06-03T04:00:00Z",
      method: "time-and-flow",
      flowLps: 50,
    });
    expect(delivery.statusCode, delivery.body).toBe(200);

    const glance = await director.get("/api/water/glance?on=2026-06-03");
    expect(glance.statusCode, glance.body).toBe(200);
    const after = glance.json();
    expect(after).toMatchObject({
      on: "2026-06-03",
      season: { id: wua.seasonId },
      waterUsers: 4,
      withoutContract: before.withoutContract - 1,
      contracts: { signed: before.contracts.signed + 1, draft: before.contracts.draft + 1 },
      deliveries: { acts: before.deliveries.acts + 1, unsigned: before.deliveries.unsigned + 1 },
      billing: { chargedTyiyn: 0, paidTyiyn: 0, ratePercent: null, debtors: 0, overdueTyiyn: 0 },
    });
    expect(after.deliveries.volumeM3 - before.deliveries.volumeM3).toBeCloseTo(360, 3);
    // The day's turns (Bishkek's day, UTC+6) of every published run, in the order they start.
    const published = (await director.get("/api/allocation/runs"))
      .json()
      .filter(
        (r: { status: string; fromDay: string; toDay: string }) =>
          r.status === "published" && r.fromDay <= "2026-06-03" && r.toDay >= "2026-06-03",
      );
    const [dayStart, dayEnd] = [Date.parse("2026-06-02T18:00:00Z"), Date.parse("2026-06-03T18:00:00Z")];
    const expected: { start: string }[] = [];
    for (const run of published) {
      const turns = (await director.get(`/api/allocation/runs/${run.id}`)).json().schedule.turns;
      expected.push(
        ...turns.filter(
          (turn: { start: string; end: string }) =>
            Date.parse(turn.start) < dayEnd && Date.parse(turn.end) > dayStart,
        ),
      );
    }
    expect(expected.length).toBeGreaterThan(0);
    const { turns } = glance.json();
    expect(turns.total).toBe(expected.length);
    expect(turns.items.map((turn: { start: string }) => turn.start)).toEqual(
      expected.map((turn) => turn.start).sort(),
    );
    for (const turn of turns.items) {
      expect(turn.outlet).toMatch(/^O[12] /);
      expect(turn.waterUser).toMatch(/^\d+\. \S+/);
    }
    expect((await director.get("/api/water/glance?on=2026-07-20")).json().turns).toEqual({
      total: 0,
      items: [],
    });
    // The accountant reads the money too; the water master the water only.
    expect((await accountant.get("/api/water/glance?on=2026-06-03")).json().billing).not.toBeNull();
    const forMirab = (await mirab.get("/api/water/glance?on=2026-06-03")).json();
    expect(forMirab.billing).toBeNull();
    expect(forMirab.turns.total).toBe(expected.length);
    // Another provider sees its own (nothing), a municipality's clerk nothing at all.
    expect((await otherWua.get("/api/water/glance?on=2026-06-03")).json()).toMatchObject({
      season: null,
      waterUsers: 0,
      turns: { total: 0, items: [] },
      billing: null,
    });
    expect((await clerk.get("/api/water/glance")).statusCode).toBe(403);
    const bad = await director.get("/api/water/glance?on=2026-02-30");
    expect(bad.statusCode).toBe(400);
  });

  it("opens lists holding exactly what the home page counts: the users with no signed contract, the season's unsigned acts", async () => {
    // An unsigned act of another season (the last year's): every season's list has it, this
    // season's figure not.
    const asanov = wua.userIds.get("Асанов")!;
    const lastYear = await director.post("/api/water/seasons", {
      year: 2025,
      name: "2025",
      startsOn: "2025-04-01",
      endsOn: "2025-09-30",
    });
    expect(lastYear.statusCode, lastYear.body).toBe(201);
    const late = await mirab.post("/api/water/deliveries", {
      clientKey: "glance-delivery-other-season",
      outletId: wua.reachIds.get("O1"),
      waterUserId: asanov,
      plotId: (await director.get(`/api/water/users/${asanov}`)).json().plots[0].id,
      startedAt: "2025-08-05T02:00:00Z",
      endedAt: "2025-08-05T03:00:00Z",
      method: "time-and-flow",
      flowLps: 20,
    });
    expect(late.statusCode, late.body).toBe(200);
    const glance = (await director.get("/api/water/glance?on=2026-06-03")).json();
    const season = glance.season;

    const without = (await director.get(`/api/water/users?withoutContract=${season.id}&pageSize=100`)).json();
    expect(without.hasMore).toBe(false);
    expect(without.items).toHaveLength(glance.withoutContract);
    // Асанов signed (the test before); Бакиров's contract is a draft, so he is still without one.
    const listed = without.items.map((u: { id: string }) => u.id);
    expect(listed).not.toContain(asanov);
    expect(listed).toContain(wua.userIds.get("Бакиров"));
    const every = (await director.get("/api/water/users?pageSize=100")).json().items;
    expect(every.length).toBeGreaterThan(without.items.length);

    const unsigned = async (days: string) => {
      let count = 0;
      for (let page = 1; ; page++) {
        const res = await director.get(
          `/api/water/deliveries?acts=unsigned&pageSize=100&page=${page}${days}`,
        );
        expect(res.statusCode, res.body).toBe(200);
        count += res.json().items.length;
        if (!res.json().hasMore) return count;
      }
    };
    expect(glance.deliveries.unsigned).toBeGreaterThan(0);
    expect(await unsigned(`&from=${season.startsOn}&to=${season.endsOn}`)).toBe(glance.deliveries.unsigned);
    expect(await unsigned("")).toBe(glance.deliveries.unsigned + 1);
  });

  it("tells no one of turns already gone by when a past decade's run is put on record", async () => {
    const run = (await newRun({ fromDay: "2026-09-01", toDay: "2026-09-10" })).json();
    const before = (await director.get("/api/sms?limit=200")).json().items.length;
    const today = vi.spyOn(Date, "now").mockReturnValue(Date.parse("2026-09-20T12:00:00Z"));
    const res = await director.post(`/api/allocation/runs/${run.id}/publish`, {
      version: run.version,
      cycleHours: 240,
      shiftHours: 0,
    });
    today.mockRestore();
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().smsQueued).toBe(0);
    expect((await director.get("/api/sms?limit=200")).json().items).toHaveLength(before);
  });

  it("takes a user archived part way through the period for their days only, and gives them no turn after", async () => {
    /** A new user with a hectare at O1. */
    const newUser = async (surname: string) => {
      const created = await director.post("/api/water/users", { kind: "person", surname, givenName: "Азат" });
      expect(created.statusCode, created.body).toBe(201);
      const { id, number } = created.json();
      const plot = await director.post(`/api/water/users/${id}/plots`, {
        outletId: wua.reachIds.get("O1"),
        areaHa: 1,
        tenure: "own",
      });
      expect(plot.statusCode, plot.body).toBe(201);
      return { id: id as string, number: number as number, name: created.json().displayName as string };
    };
    const archive = async (id: string, archivedOn: string) => {
      const { version } = (await director.get(`/api/water/users/${id}`)).json();
      const res = await director.patch(`/api/water/users/${id}`, { archivedOn, version });
      expect(res.statusCode, res.body).toBe(200);
    };
    const gone = await newUser("Кеткенов");
    const later = await newUser("Кийинбаев");
    // Archived on 5 June: a user on the decade's first four days.
    await archive(gone.id, "2026-06-05");
    const made = await newRun({ guarantee: { share: 0.5, waterUserIds: [gone.id] } });
    expect(made.statusCode, made.body).toBe(201);
    const first = made.json();
    const share = (run: typeof first, id: string) =>
      run.shares.find((s: { waterUserId: string }) => s.waterUserId === id);
    // The norm's 800 m³/ha for ten days, for four of them; half of it guaranteed. The run says why:
    // the day they left, and the period's parts.
    expect(share(first, gone.id)).toMatchObject({
      areaHa: 1,
      demandM3: 320,
      guaranteeM3: 160,
      leftOn: "2026-06-05",
    });
    expect(share(first, later.id).leftOn).toBeNull();
    expect(first.spans).toEqual([
      { fromDay: "2026-06-01", toDay: "2026-06-04", days: 4 },
      { fromDay: "2026-06-05", toDay: "2026-06-10", days: 6 },
    ]);
    expect((await director.get(`/api/allocation/runs/${first.id}`)).json().shares).toEqual(first.shares);
    // The head's 5,000 m³ come at a steady flow: 2,000 in those four days, of which O1 gets
    // 2,000 × 0.81 less O2's 1 l/s (345.6 m³), by area among its 7 ha then (6 ha after).
    const o1Before = (2000 * 0.81 - 345.6) / 7;
    const o1After = (3000 * 0.81 - 518.4) / 6;
    expect(share(first, gone.id).allocatedM3).toBeCloseTo(o1Before, 6);
    expect(share(first, wua.userIds.get("Асанов")!).allocatedM3).toBeCloseTo(2 * (o1Before + o1After), 6);
    expect(share(first, later.id).allocatedM3).toBeCloseTo(o1Before + o1After, 6);
    const total = first.shares.reduce((sum: number, s: { allocatedM3: number }) => sum + s.allocatedM3, 0);
    expect(total).toBeCloseTo(5000 * 0.81, 3);

    // Archived on 8 June after the run was made: it gives them water after they left, so it is not published.
    await archive(later.id, "2026-06-08");
    const stale = await director.post(`/api/allocation/runs/${first.id}/publish`, {
      version: first.version,
      cycleHours: 120,
      shiftHours: 3,
    });
    expect(stale.statusCode, stale.body).toBe(422);
    expect(stale.json().code).toBe("allocation.archivedSinceRun");
    // Named, with the day they left, in the reader's language.
    expect(stale.json().title).toContain(`№ ${later.number} ${later.name} (08.06.2026 архивге өткөн)`);
    expect(stale.json().title).not.toContain(`№ ${gone.number} `);
    const inEnglish = await director.post(`/api/allocation/runs/${first.id}/publish?lang=en`, {
      version: first.version,
      cycleHours: 120,
      shiftHours: 3,
    });
    expect(inEnglish.json().title).toContain(`No. ${later.number} ${later.name} (left on 08/06/2026)`);
    expect((await director.get(`/api/allocation/runs/${first.id}`)).json().status).toBe("draft");

    const again = (await newRun()).json();
    expect(share(again, later.id).demandM3).toBeCloseTo(800 * 0.7, 6);
    expect(share(again, later.id).leftOn).toBe("2026-06-08");
    expect(again.spans.map((span: { fromDay: string }) => span.fromDay)).toEqual([
      "2026-06-01",
      "2026-06-05",
      "2026-06-08",
    ]);
    const res = await director.post(`/api/allocation/runs/${again.id}/publish`, {
      version: again.version,
      cycleHours: 120,
      shiftHours: 3,
    });
    expect(res.statusCode, res.body).toBe(200);
    const { schedule, shares } = res.json();
    const turnsOf = (id: string) => schedule.turns.filter((turn: { user: string }) => turn.user === id);
    const volume = (turns: { volumeM3: number }[]) => turns.reduce((sum, turn) => sum + turn.volumeM3, 0);
    for (const [user, leftOn] of [
      [gone.id, "2026-06-05"],
      [later.id, "2026-06-08"],
    ] as const) {
      const turns = turnsOf(user);
      expect(turns.length).toBeGreaterThan(0);
      for (const turn of turns)
        expect(Date.parse(turn.end)).toBeLessThanOrEqual(Date.parse(`${leftOn}T00:00:00+06:00`));
      expect(volume(turns)).toBeCloseTo(share({ shares }, user).allocatedM3, 6);
    }
    // The others go on taking turns to the decade's end, every one of their water given.
    const asanov = turnsOf(wua.userIds.get("Асанов")!);
    expect(Math.max(...asanov.map((turn: { end: string }) => Date.parse(turn.end)))).toBeGreaterThan(
      Date.parse("2026-06-08T00:00:00+06:00"),
    );
    expect(volume(asanov)).toBeCloseTo(share({ shares }, wua.userIds.get("Асанов")!).allocatedM3, 6);
    expect(new Set(schedule.turns.map((turn: { id: string }) => turn.id)).size).toBe(schedule.turns.length);
    // The cycles keep the period's grid, two of five days: a day someone leaves starts none.
    expect([...new Set(schedule.turns.map((turn: { cycle: number }) => turn.cycle))]).toEqual([0, 1]);

    // A water master's change keeps the turn in the period, and a user who left out of the days after.
    const [lastOfLater] = turnsOf(later.id).slice(-1);
    const change = async (turnId: string, body: Record<string, unknown>) =>
      director.patch(`/api/allocation/runs/${again.id}/turns/${encodeURIComponent(turnId)}`, {
        version: (await director.get(`/api/allocation/runs/${again.id}`)).json().version,
        ...body,
      });
    const pastLeaving = await change(lastOfLater.id, { start: "2026-06-07T23:00:00+06:00" });
    expect(pastLeaving.statusCode, pastLeaving.body).toBe(422);
    expect(pastLeaving.json()).toMatchObject({ code: "rotation.afterUserLeft" });
    expect(pastLeaving.json().title).toContain(`№${later.number}`);
    expect(pastLeaving.json().title).toContain("08.06.2026");
    const [lastOfAsanov] = asanov.slice(-1);
    const afterPeriod = await change(lastOfAsanov.id, {
      start: "2026-06-10T23:30:00+06:00",
      durationHours: 1,
    });
    expect(afterPeriod.statusCode, afterPeriod.body).toBe(422);
    expect(afterPeriod.json()).toMatchObject({ code: "rotation.outsidePeriod" });
    expect(afterPeriod.json().title).toContain("01.06.2026");
    // Nothing changed.
    expect((await director.get(`/api/allocation/runs/${again.id}`)).json().schedule).toEqual(schedule);
  });
});
