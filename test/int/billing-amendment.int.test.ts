import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rows } from "../../src/server/platform/db.js";
import { withSystem } from "../../src/server/platform/transactions.js";
import { startTestApp, type TestApp } from "../support/app.js";
import { seedWaterUsers } from "../support/billing-fixtures.js";
import { seedWuaWithSeason } from "../support/wua-fixtures.js";

describe("billing an amended contract", () => {
  let t: TestApp;
  afterAll(async () => {
    await t?.close();
  });
  beforeAll(async () => {
    t = await startTestApp();
  });

  it("bills the hectares of the amendment in force, not those of the contract it replaced as well", async () => {
    const w = await seedWuaWithSeason(t, { accountant: ["accountant"], director: ["wua-director"] });
    const { accountant, director } = w.as;
    const [userId] = await seedWaterUsers(t.database, w.org.id, w.seasonId, [
      { areas: [{ crop: "potato", areaHa: 2.5 }] },
    ]);
    const [contract] = await withSystem(t.database, (tx) =>
      rows<{ id: string; plot_id: string }>(
        tx,
        sql`select c.id, p.plot_id from water_contract c join contract_plot p on p.contract_id = c.id
            where c.water_user_id = ${userId}`,
      ),
    );
    const tariff = await accountant.post("/api/billing/tariffs", {
      kind: "area",
      tariffClass: "standard",
      payers: "all",
      rateTyiyn: 50_000,
      validFrom: "2026-01-01",
      validTo: "2026-12-31",
      decisionBody: "general-meeting",
      decisionRef: "GM-2026-01 §2",
      decidedOn: "2026-02-10",
    });
    expect(tariff.statusCode, tariff.body).toBe(201);

    // In May part of the potatoes became maize: the same 2.5 ha, on the same plot.
    const amendment = (await director.post(`/api/water/contracts/${contract!.id}/amend`)).json();
    const edited = await director.patch(`/api/water/contracts/${amendment.id}`, {
      version: 1,
      plots: [
        { plotId: contract!.plot_id, cropCode: "potato", areaHa: 1.5 },
        { plotId: contract!.plot_id, cropCode: "maize-grain", areaHa: 1 },
      ],
    });
    expect(edited.statusCode, edited.body).toBe(200);
    const signed = await director.post(`/api/water/contracts/${amendment.id}/sign`, {
      version: 2,
      signedOn: "2026-05-12",
    });
    expect(signed.statusCode, signed.body).toBe(200);

    const run = await accountant.post("/api/billing/runs", { seasonId: w.seasonId, runOn: "2026-05-20" });
    expect(run.statusCode, run.body).toBe(201);
    const [invoice] = (await accountant.get(`/api/billing/documents?waterUserId=${userId}`)).json().items as {
      totalTyiyn: number;
      lines: { code: string; quantity: number; amountTyiyn: number }[];
    }[];
    // 1 ha of maize and 1.5 of potatoes at 500 som: the plot's 2.5 ha, where the terminated
    // contract's 2.5 ha of potatoes were billed beside them (5 ha, 2,500 som).
    expect(invoice!.lines.map((l) => [l.code, l.quantity, l.amountTyiyn])).toEqual([
      ["area:standard:maize-grain", 1, 50_000],
      ["area:standard:potato", 1.5, 75_000],
    ]);
    expect(invoice!.totalTyiyn).toBe(125_000);
  });
});
