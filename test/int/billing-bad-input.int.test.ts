import { uuidv7 } from "uuidv7";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MAX_PAYMENT_TYIYN, MAX_RATE_TYIYN } from "../../src/domain/billing/bounds.js";
import { DEFAULT_TIME_ZONE, localDayOf } from "../../src/domain/shared/local-time.js";
import { translate } from "../../src/server/platform/i18n.js";
import { type Client, startTestApp, type TestApp } from "../support/app.js";
import { seedWaterUsers } from "../support/billing-fixtures.js";
import { seedWuaWithSeason } from "../support/wua-fixtures.js";

/** A refusal's answer: its status and problem body with the fields at fault. */
interface Refusal {
  statusCode: number;
  json: () => { code: string; title: string; errors: { path: string; code: string; message: string }[] };
}

/** Billing's refusals of what a person could not have meant (QA of 2026-12-07): each changes nothing. */
describe("billing refuses absurd input in the user's words", () => {
  let t: TestApp;
  let accountant: Client;
  let waterUserId: string;
  let seasonId: string;

  beforeAll(async () => {
    t = await startTestApp();
    const wua = await seedWuaWithSeason(t, { accountant: ["accountant"] });
    ({ seasonId } = wua);
    accountant = wua.as.accountant;
    waterUserId = (await seedWaterUsers(t.database, wua.org.id, seasonId, [{}]))[0]!;
  });
  afterAll(() => t?.close());

  /** What a refusal must leave as it was: the payments, the ledger, the tariffs and the discounts. */
  const books = async () =>
    Promise.all(
      [
        "/api/billing/payments",
        "/api/billing/trial-balance",
        "/api/billing/tariffs",
        "/api/billing/discounts",
      ].map(async (url) => (await accountant.get(url)).json()),
    );
  const pay = (body: Record<string, unknown>) =>
    accountant.post("/api/billing/payments", {
      waterUserId,
      method: "cash",
      receivedOn: "2026-06-01",
      idempotencyKey: uuidv7(),
      ...body,
    });
  /** Next year's membership fee, decided on a day. */
  const tariffDecidedOn = (decidedOn: string) =>
    accountant.post("/api/billing/tariffs", {
      kind: "membership",
      payers: "all",
      validFrom: "2099-01-01",
      validTo: "2099-12-31",
      rateTyiyn: 20_000,
      decisionBody: "general-meeting",
      decisionRef: "GM-2099",
      decidedOn,
    });
  const fieldRefused = (res: Refusal, path: string, code: string) => {
    expect(res.statusCode, JSON.stringify(res.json())).toBe(400);
    expect(res.json().code).toBe("validation.fields");
    expect(res.json().errors).toEqual([{ path, code, message: translate("ky", `errors.field.${code}`) }]);
  };

  it("refuses a payment, a fixed discount and a tariff far beyond any real amount, and the reports stay whole", async () => {
    const before = await books();
    fieldRefused(await pay({ amountTyiyn: Number.MAX_SAFE_INTEGER }), "amountTyiyn", "moneyAboveMax");
    fieldRefused(await pay({ amountTyiyn: MAX_PAYMENT_TYIYN + 1 }), "amountTyiyn", "moneyAboveMax");
    fieldRefused(
      await accountant.post("/api/billing/discounts", {
        waterUserId,
        basis: "fixed",
        amountTyiyn: Number.MAX_SAFE_INTEGER,
        reason: "Council",
        decisionRef: "C-1",
        validFrom: "2026-01-01",
        validTo: "2026-12-31",
      }),
      "amountTyiyn",
      "moneyAboveMax",
    );
    fieldRefused(
      await accountant.post("/api/billing/tariffs", {
        kind: "membership",
        payers: "all",
        validFrom: "2026-01-01",
        validTo: "2026-12-31",
        rateTyiyn: MAX_RATE_TYIYN + 1,
        decisionBody: "general-meeting",
        decisionRef: "GM-1",
        decidedOn: "2026-02-10",
      }),
      "rateTyiyn",
      "moneyAboveMax",
    );
    expect(await books()).toEqual(before);

    // The largest payment allowed, recorded and reversed, leaves a trial balance that adds up.
    const largest = await pay({ amountTyiyn: MAX_PAYMENT_TYIYN });
    expect(largest.statusCode, largest.body).toBe(201);
    const reversed = await accountant.post(`/api/billing/payments/${largest.json().payment.id}/reverse`, {
      reason: "typed wrongly",
      version: 1,
    });
    expect(reversed.statusCode, reversed.body).toBe(200);
    const trial = await accountant.get("/api/billing/trial-balance");
    expect(trial.statusCode, trial.body).toBe(200);
    expect(trial.json().totalDebitTyiyn).toBe(2 * MAX_PAYMENT_TYIYN);
    expect(trial.json().totalCreditTyiyn).toBe(2 * MAX_PAYMENT_TYIYN);
  });

  it("refuses a payment received, a decision taken, a run or penalties on a day still to come", async () => {
    const today = localDayOf(new Date(), DEFAULT_TIME_ZONE);
    const before = await books();
    const inFuture = (res: Refusal, date: string, field: string) => {
      expect(res.statusCode, JSON.stringify(res.json())).toBe(422);
      expect(res.json().code).toBe("billing.dateInFuture");
      expect(res.json().title).toBe(translate("ky", "errors.billing.dateInFuture", { date, today }));
      expect(res.json().errors).toEqual([
        { path: field, code: "afterToday", message: translate("ky", "errors.field.afterToday", { today }) },
      ]);
    };
    inFuture(await pay({ amountTyiyn: 1_000, receivedOn: "2098-06-01" }), "2098-06-01", "receivedOn");
    inFuture(await tariffDecidedOn("2098-12-01"), "2098-12-01", "decidedOn");
    inFuture(
      await accountant.post("/api/billing/runs", { seasonId, runOn: "2098-05-01" }),
      "2098-05-01",
      "runOn",
    );
    inFuture(await accountant.post("/api/billing/penalties", { asOf: "2098-05-01" }), "2098-05-01", "asOf");
    expect(await books()).toEqual(before);

    // Received today is recorded, in this year's receipt series; a tariff for a year ahead, decided today, is kept.
    const now = await pay({ amountTyiyn: 1_000, receivedOn: today });
    expect(now.statusCode, now.body).toBe(201);
    expect(now.json().payment.details.receiptNumber).toMatch(new RegExp(`^${today.slice(0, 4)}-`));
    const ahead = await tariffDecidedOn(today);
    expect(ahead.statusCode, ahead.body).toBe(201);
  });

  it("refuses an in-kind quantity with more than 4 decimals on its field, in the reader's words; 4 are taken", async () => {
    const settings = await accountant.put("/api/billing/settings", {
      version: 0,
      penaltyRule: null,
      penaltyDecisionRef: null,
      inKindRates: [
        {
          commodity: "wheat",
          rateTyiynPerKg: 2_500,
          decisionRef: "Council 2026-05",
          validFrom: "2026-01-01",
        },
      ],
      dueDays: 30,
    });
    expect(settings.statusCode, settings.body).toBe(200);
    const before = await books();
    const wheat = { method: "in-kind", commodity: "wheat" };
    // A 422 for the whole request before, from the valuation after the request was read.
    fieldRefused(await pay({ ...wheat, quantityKg: 1e-9 }), "quantityKg", "decimalQuantity");
    fieldRefused(await pay({ ...wheat, quantityKg: 12.34567 }), "quantityKg", "decimalQuantity");
    const inEnglish = await accountant.post("/api/billing/payments?lang=en", {
      waterUserId,
      receivedOn: "2026-06-01",
      idempotencyKey: uuidv7(),
      ...wheat,
      quantityKg: 12.34567,
    });
    expect(inEnglish.statusCode, inEnglish.body).toBe(400);
    expect(inEnglish.json().errors).toEqual([
      {
        path: "quantityKg",
        code: "decimalQuantity",
        message: "A non-negative number with at most 4 decimals",
      },
    ]);
    expect(await books()).toEqual(before);

    // To a tenth of a gram, as billing values it: 12.3456 kg × 25 som = 308.64 som.
    const taken = await pay({ ...wheat, quantityKg: 12.3456 });
    expect(taken.statusCode, taken.body).toBe(201);
    expect(taken.json().payment).toMatchObject({
      amountTyiyn: 30_864,
      details: { commodity: "wheat", quantityKg: 12.3456, rateTyiynPerKg: 2_500 },
    });
  });

  it("refuses goods paid in kind without their weight or their name, on the field left out; nothing is recorded", async () => {
    const before = await books();
    fieldRefused(await pay({ method: "in-kind", commodity: "wheat" }), "quantityKg", "required");
    // An amount given does not stand for the goods' weight.
    fieldRefused(
      await pay({ method: "in-kind", commodity: "wheat", amountTyiyn: 10_000 }),
      "quantityKg",
      "required",
    );
    fieldRefused(await pay({ method: "in-kind", quantityKg: 20 }), "commodity", "required");
    const neither = await accountant.post("/api/billing/payments?lang=ru", {
      waterUserId,
      method: "in-kind",
      receivedOn: "2026-06-01",
      idempotencyKey: uuidv7(),
    });
    expect(neither.statusCode, neither.body).toBe(400);
    expect(neither.json().errors).toEqual([
      { path: "commodity", code: "required", message: translate("ru", "errors.field.required") },
      { path: "quantityKg", code: "required", message: translate("ru", "errors.field.required") },
    ]);
    expect(await books()).toEqual(before);
  });
});
