import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Client, startTestApp, type TestApp } from "../support/app.js";
import { seedWaterUsers } from "../support/billing-fixtures.js";
import { seedWuaWithSeason, seedWuaWithStaff } from "../support/wua-fixtures.js";

/** A season billed in instalments: invoices per user and instalment, each aged from its own due day. */
describe("billing a season in instalments", () => {
  let t: TestApp;
  let accountant: Client;
  let auditor: Client;
  let other: Client;
  let season: string;
  let users: string[];
  const plan = (seasonId: string) => ({
    seasonId,
    parts: [
      { percent: 50, dueOn: "2026-06-01" },
      { percent: 50, dueOn: "2026-09-01" },
    ],
  });
  const settings = (body: Record<string, unknown>, client = accountant) =>
    client.put("/api/billing/settings", {
      penaltyRule: null,
      penaltyDecisionRef: null,
      inKindRates: [],
      dueDays: 30,
      ...body,
    });
  const documentsOf = async (id: string) =>
    (await accountant.get(`/api/billing/documents?waterUserId=${id}`)).json().items as {
      kind: string;
      number: number;
      dueOn: string;
      totalTyiyn: number;
      lines: { code: string; amountTyiyn: number; params: Record<string, string | number> }[];
    }[];

  beforeAll(async () => {
    t = await startTestApp();
    const w = await seedWuaWithSeason(t, { accountant: ["accountant"], auditor: ["auditor"] });
    ({ accountant, auditor } = w.as);
    other = (await seedWuaWithStaff(t, { accountant: ["accountant"] })).as.accountant;
    season = w.seasonId;
    users = await seedWaterUsers(t.database, w.org.id, season, [
      { areas: [{ crop: "maize", areaHa: 1.37 }], deliveries: [{ day: "2026-05-10", volumeM3: 333.3 }] },
      { member: false, areas: [{ crop: "maize", areaHa: 0.01 }] },
    ]);
    const gm = {
      payers: "all",
      decisionBody: "general-meeting",
      decidedOn: "2026-02-10",
      decisionRef: "GM-1",
    };
    for (const tariff of [
      { kind: "area", tariffClass: "standard", rateTyiyn: 50_000 },
      { kind: "volume", rateTyiyn: 15 },
      { kind: "membership", payers: "members", rateTyiyn: 20_001 },
    ]) {
      const res = await accountant.post("/api/billing/tariffs", {
        ...gm,
        validFrom: "2026-01-01",
        validTo: "2026-12-31",
        ...tariff,
      });
      expect(res.statusCode, res.body).toBe(201);
    }
  });
  afterAll(() => t?.close());

  it("keeps a plan per season in the settings, refusing shares that do not make 100 %", async () => {
    const bad = await settings({
      version: 0,
      instalments: [
        {
          seasonId: season,
          parts: [
            { percent: 50, dueOn: "2026-06-01" },
            { percent: 40, dueOn: "2026-09-01" },
          ],
        },
      ],
    });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().title).toBe("Бөлүктөрдүн үлүштөрү 90\u00a0% түзөт, 100\u00a0% эмес");
    const order = await settings({
      version: 0,
      instalments: [
        {
          seasonId: season,
          parts: [
            { percent: 50, dueOn: "2026-09-01" },
            { percent: 50, dueOn: "2026-06-01" },
          ],
        },
      ],
    });
    expect(order.json().type).toMatch(/billing\.instalmentOrder/);
    expect((await settings({ version: 0, instalments: [plan(season), plan(season)] })).statusCode).toBe(422);
    expect((await settings({ version: 0, instalments: [plan(users[0]!)] })).json().type).toMatch(
      /instalmentSeason/,
    );
    expect((await settings({ version: 0, instalments: [plan(season)] }, auditor)).statusCode).toBe(403);
    const saved = await settings({ version: 0, instalments: [plan(season)] });
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json().instalments).toEqual([plan(season)]);
    // Leaving instalments out keeps them.
    const kept = await settings({ version: saved.json().version, dueDays: 20 });
    expect(kept.json().instalments).toEqual([plan(season)]);
    expect((await other.get("/api/billing/settings")).json().instalments).toEqual([]);
  });

  it("issues one invoice per user and instalment, each due on its day, summing exactly to the season's fee", async () => {
    const run = await accountant.post("/api/billing/runs", { seasonId: season, runOn: "2026-05-01" });
    expect(run.statusCode, run.body).toBe(201);
    expect(run.json()).toMatchObject({ users: 2, invoices: 4 });
    const docs = (await documentsOf(users[0]!)).sort((a, b) => a.number - b.number);
    expect(docs.map((d) => [d.kind, d.dueOn])).toEqual([
      ["invoice", "2026-06-01"],
      ["invoice", "2026-09-01"],
    ]);
    // 1.37 ha × 500 som = 68 500; 333.3 m³ × 15 = 5 000 (4 999.5 rounded); membership 20 001.
    const total = 68_500 + 5_000 + 20_001;
    expect(docs[0]!.totalTyiyn + docs[1]!.totalTyiyn).toBe(total);
    expect(docs[0]!.lines.find((l) => l.code === "membership")!.amountTyiyn).toBe(10_001);
    expect(docs[1]!.lines.find((l) => l.code === "membership")!.amountTyiyn).toBe(10_000);
    expect(docs[1]!.lines[0]!.params).toMatchObject({ instalment: 2, instalments: 2, instalmentPercent: 50 });
    // 0.01 ha × 500 som = 500 tyiyn, 250 each.
    expect((await documentsOf(users[1]!)).map((d) => d.totalTyiyn)).toEqual([250, 250]);

    const again = await accountant.post("/api/billing/runs", { seasonId: season, runOn: "2026-05-02" });
    expect(again.json()).toMatchObject({ invoices: 0, creditNotes: 0, supplementary: 0, unchanged: 2 });
  });

  it("ages each instalment from its own due day", async () => {
    const debtors = (await auditor.get("/api/billing/debtors?asOf=2026-07-15")).json();
    const u0 = debtors.items.find((d: { waterUserId: string }) => d.waterUserId === users[0]);
    const docs = (await documentsOf(users[0]!)).sort((a, b) => a.number - b.number);
    // The first fell due 44 days before, the second is not due yet.
    expect(u0).toMatchObject({
      d31_90: docs[0]!.totalTyiyn,
      notDue: docs[1]!.totalTyiyn,
      oldestDueOn: "2026-06-01",
    });
  });
});
