import { uuidv7 } from "uuidv7";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { translate } from "../../src/server/platform/i18n.js";
import { type Client, login, seedOffice, startTestApp, type TestApp } from "../support/app.js";
import { seedWaterUsers } from "../support/billing-fixtures.js";
import { seedWuaWithSeason, seedWuaWithStaff } from "../support/wua-fixtures.js";

/**
 * A district office reads every organisation of its area through row-level security, and another
 * WUA reads only its own: neither may open a WUA's billing records by id (QA of 2026-12-07: the
 * office printed a WUA's receipt under its own name). Each answers 404 as for an id that is not there.
 */
describe("a WUA's billing records by id, for anyone but the WUA", () => {
  let t: TestApp;
  let accountant: Client;
  let district: Client;
  let otherWua: Client;
  let seasonId: string;
  let waterUserId: string;
  let paymentId: string;
  let tariffId: string;
  let discountId: string;

  beforeAll(async () => {
    t = await startTestApp();
    const wua = await seedWuaWithSeason(t, { accountant: ["accountant"] });
    ({ seasonId } = wua);
    accountant = wua.as.accountant;
    otherWua = (await seedWuaWithStaff(t, { accountant: ["accountant"] })).as.accountant;
    const office = await seedOffice(t.database, "41703220000000");
    district = await login(t.app, office.users.auditor!.username);
    waterUserId = (
      await seedWaterUsers(t.database, wua.org.id, seasonId, [{ areas: [{ crop: "maize", areaHa: 1 }] }])
    )[0]!;
    const tariff = await accountant.post("/api/billing/tariffs", {
      kind: "area",
      payers: "all",
      validFrom: "2026-01-01",
      validTo: "2026-12-31",
      rateTyiyn: 50_000,
      decisionBody: "general-meeting",
      decisionRef: "GM-2026-01",
      decidedOn: "2026-02-10",
    });
    expect(tariff.statusCode, tariff.body).toBe(201);
    tariffId = tariff.json().id;
    const discount = await accountant.post("/api/billing/discounts", {
      waterUserId,
      basis: "percent",
      percent: 10,
      reason: "Council",
      decisionRef: "C-1",
      validFrom: "2026-01-01",
      validTo: "2026-12-31",
    });
    expect(discount.statusCode, discount.body).toBe(201);
    discountId = discount.json().id;
    const run = await accountant.post("/api/billing/runs", { seasonId, runOn: "2026-05-01" });
    expect(run.statusCode, run.body).toBe(201);
    const payment = await accountant.post("/api/billing/payments", {
      waterUserId,
      method: "cash",
      amountTyiyn: 12_345,
      receivedOn: "2026-06-01",
      idempotencyKey: uuidv7(),
    });
    expect(payment.statusCode, payment.body).toBe(201);
    paymentId = payment.json().payment.id;
  });
  afterAll(() => t?.close());

  const refused = (
    res: { statusCode: number; json: () => { code: string; title: string } },
    code: string,
  ) => {
    expect(res.statusCode).toBe(404);
    expect(res.json().code).toBe(code);
    expect(res.json().title).toBe(translate("ky", `errors.${code}`));
  };

  it("lets the WUA itself read them", async () => {
    expect((await accountant.get(`/api/billing/payments/${paymentId}/receipt`)).statusCode).toBe(200);
    expect((await accountant.get(`/api/billing/users/${waterUserId}/statement`)).statusCode).toBe(200);
    expect((await accountant.get(`/api/billing/trial-balance?periodId=${seasonId}`)).statusCode).toBe(200);
  });

  it("answers a district office over the WUA's area 404 on every billing route that takes an id", async () => {
    refused(await district.get(`/api/billing/payments/${paymentId}/receipt`), "notFound.payment");
    refused(await district.get(`/api/billing/payments/${paymentId}/receipt?format=80mm`), "notFound.payment");
    refused(await district.get(`/api/billing/users/${waterUserId}/statement`), "notFound.waterUser");
    refused(await district.get(`/api/billing/users/${waterUserId}/statement/pdf`), "notFound.waterUser");
    refused(await district.get(`/api/billing/seasons/${seasonId}/collection`), "notFound.season");
    refused(await district.get(`/api/billing/seasons/${seasonId}/collection/export`), "notFound.season");
    refused(await district.get(`/api/billing/trial-balance?periodId=${seasonId}`), "notFound.season");
    // The lists filtered by the WUA's user show the office nothing, as before.
    expect((await district.get(`/api/billing/payments?waterUserId=${waterUserId}`)).json().items).toEqual([]);
    expect((await district.get(`/api/billing/documents?waterUserId=${waterUserId}`)).json().items).toEqual(
      [],
    );
  });

  it("answers another WUA 404 on every billing route that takes an id, and changes nothing", async () => {
    const before = (await accountant.get("/api/billing/payments")).json();
    const trialBefore = (await accountant.get("/api/billing/trial-balance")).json();
    refused(await otherWua.get(`/api/billing/payments/${paymentId}/receipt`), "notFound.payment");
    refused(await otherWua.get(`/api/billing/users/${waterUserId}/statement`), "notFound.waterUser");
    refused(await otherWua.get(`/api/billing/users/${waterUserId}/statement/pdf`), "notFound.waterUser");
    refused(await otherWua.get(`/api/billing/seasons/${seasonId}/collection`), "notFound.season");
    refused(await otherWua.get(`/api/billing/trial-balance?periodId=${seasonId}`), "notFound.season");
    refused(
      await otherWua.post(`/api/billing/payments/${paymentId}/reverse`, { reason: "x", version: 1 }),
      "notFound.payment",
    );
    refused(
      await otherWua.post("/api/billing/payments", {
        waterUserId,
        method: "cash",
        amountTyiyn: 100,
        receivedOn: "2026-06-01",
        idempotencyKey: uuidv7(),
      }),
      "notFound.waterUser",
    );
    refused(
      await otherWua.post("/api/billing/discounts", {
        waterUserId,
        basis: "percent",
        percent: 100,
        reason: "x",
        decisionRef: "x",
        validFrom: "2026-01-01",
        validTo: "2026-12-31",
      }),
      "notFound.waterUser",
    );
    refused(
      await otherWua.post(`/api/billing/discounts/${discountId}/end`, { version: 1 }),
      "notFound.discount",
    );
    refused(
      await otherWua.put(`/api/billing/tariffs/${tariffId}`, {
        kind: "area",
        payers: "all",
        validFrom: "2026-01-01",
        validTo: "2026-12-31",
        rateTyiyn: 1,
        decisionBody: "general-meeting",
        decisionRef: "x",
        decidedOn: "2026-02-10",
        version: 1,
      }),
      "notFound.tariff",
    );
    refused(await otherWua.post("/api/billing/runs", { seasonId }), "notFound.season");
    expect((await accountant.get("/api/billing/payments")).json()).toEqual(before);
    expect((await accountant.get("/api/billing/trial-balance")).json()).toEqual(trialBefore);
  });
});
