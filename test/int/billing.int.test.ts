import { sql } from "drizzle-orm";
import ExcelJS from "exceljs";
import { uuidv7 } from "uuidv7";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { localDayOf } from "../../src/domain/shared/local-time.js";
import { rows } from "../../src/server/platform/db.js";
import { withSystem } from "../../src/server/platform/transactions.js";
import { confirmLink } from "../support/allocation-fixtures.js";
import {
  type Client,
  householdOfOne,
  login,
  seedAimak,
  seedOrganisation,
  seedUnits,
  startTestApp,
  type TestApp,
} from "../support/app.js";
import { seedSeason, seedWaterUsers } from "../support/billing-fixtures.js";
import { pdfText } from "../support/pdf-text.js";
import { seedWuaWithSeason, seedWuaWithStaff } from "../support/wua-fixtures.js";

const GM = { decisionBody: "general-meeting", decidedOn: "2026-02-10" } as const;

describe("billing of the irrigation service fee", () => {
  let t: TestApp;
  let accountant: Client;
  let director: Client;
  let auditor: Client;
  let other: Client;
  let orgId: string;
  let otherOrgId: string;
  let accountantId: string;
  let season2026: string;
  let season2027: string;
  let users: string[];

  const tariff = (over: Record<string, unknown>) => ({
    payers: "all",
    validFrom: "2026-01-01",
    validTo: "2026-12-31",
    ...GM,
    ...over,
  });
  const pay = async (body: Record<string, unknown>, client = accountant) => {
    const res = await client.post("/api/billing/payments", {
      method: "cash",
      receivedOn: "2026-06-01",
      idempotencyKey: uuidv7(),
      ...body,
    });
    return res;
  };
  const balanceOf = async (id: string) =>
    ((await accountant.get(`/api/billing/users/${id}/statement`)).json() as { balanceTyiyn: number })
      .balanceTyiyn;
  const documentsOf = async (id: string) =>
    (await accountant.get(`/api/billing/documents?waterUserId=${id}`)).json().items as {
      id: string;
      kind: string;
      number: number;
      totalTyiyn: number;
      lines: { code: string; kind: string; amountTyiyn: number; quantity?: number }[];
    }[];

  beforeAll(async () => {
    t = await startTestApp();
    const w = await seedWuaWithSeason(t, {
      accountant: ["accountant"],
      director: ["wua-director"],
      auditor: ["auditor"],
    });
    const o = await seedWuaWithStaff(t, { accountant: ["accountant"] });
    orgId = w.org.id;
    accountantId = w.users.accountant.id;
    ({ accountant, director, auditor } = w.as);
    other = o.as.accountant;
    otherOrgId = o.org.id;
    season2026 = w.seasonId;
    season2027 = await seedSeason(t.database, orgId, {
      name: "2027",
      year: 2027,
      startsOn: "2027-04-01",
      endsOn: "2027-10-31",
    });
    users = await seedWaterUsers(t.database, orgId, season2026, [
      // 0: member, 2 ha wheat + 0.5 ha orchard, deliveries in and out of the growing season
      {
        areas: [
          { crop: "winter-wheat", areaHa: 2 },
          { crop: "orchard", areaHa: 0.5 },
        ],
        deliveries: [
          { day: "2026-05-10", volumeM3: 1200.5 },
          { day: "2026-10-15", volumeM3: 300 },
        ],
      },
      // 1: non-member, volumetric only
      { member: false, deliveries: [{ day: "2026-06-01", volumeM3: 1000 }], villageCode: "41703220000002" },
      // 2: member with a vulnerability exemption (50 %)
      { areas: [{ crop: "maize", areaHa: 1 }] },
      // 3: member without a phone, for reminders
      { areas: [{ crop: "maize", areaHa: 1 }], phone: null },
    ]);
  });
  afterAll(() => t?.close());

  it("keeps tariffs as dated data with their decision and refuses two rates on one day", async () => {
    const created = [
      tariff({ kind: "area", tariffClass: "standard", rateTyiyn: 50_000, decisionRef: "GM-2026-01 §2" }),
      tariff({
        kind: "area",
        tariffClass: "standard",
        crop: "orchard",
        rateTyiyn: 80_000,
        decisionRef: "GM-2026-01 §3",
      }),
      tariff({
        kind: "volume",
        validFrom: "2026-04-01",
        validTo: "2026-09-30",
        rateTyiyn: 15,
        decisionRef: "GM-2026-01 §4",
      }),
      tariff({
        kind: "volume",
        validFrom: "2026-01-01",
        validTo: "2026-03-31",
        rateTyiyn: 5,
        decisionRef: "GM-2026-01 §4",
      }),
      tariff({
        kind: "volume",
        validFrom: "2026-10-01",
        validTo: "2026-12-31",
        rateTyiyn: 5,
        decisionRef: "GM-2026-01 §4",
      }),
      tariff({ kind: "membership", payers: "members", rateTyiyn: 20_000, decisionRef: "GM-2026-01 §5" }),
    ];
    for (const body of created) {
      const res = await accountant.post("/api/billing/tariffs", body);
      expect(res.statusCode, res.body).toBe(201);
    }
    const overlap = await accountant.post(
      "/api/billing/tariffs",
      tariff({ kind: "membership", payers: "all", rateTyiyn: 1, decisionRef: "x" }),
      { "accept-language": "ru" },
    );
    expect(overlap.statusCode).toBe(422);
    expect(overlap.json().code).toBe("billing.invalidTariffs");
    expect(overlap.json().title).toMatch(/тариф/i);
    expect((await auditor.post("/api/billing/tariffs", created[0])).statusCode).toBe(403);
    const list = (await auditor.get("/api/billing/tariffs")).json() as { decisionRef: string }[];
    expect(list).toHaveLength(6);
    expect((await other.get("/api/billing/tariffs")).json()).toEqual([]);

    const discount = await accountant.post("/api/billing/discounts", {
      waterUserId: users[2],
      basis: "percent",
      percent: 50,
      reason: "Аярлуу үй-бүлө",
      decisionRef: "Council 2026-03",
      vulnerable: true,
      validFrom: "2026-01-01",
      validTo: "2026-12-31",
    });
    expect(discount.statusCode, discount.body).toBe(201);
    const settings = await accountant.put("/api/billing/settings", {
      version: 0,
      penaltyRule: { kind: "daily", basisPointsPerDay: 10, graceDays: 0, capPercent: 20 },
      penaltyDecisionRef: "GM-2026-01 §9",
      inKindRates: [
        {
          commodity: "wheat",
          rateTyiynPerKg: 2_000,
          decisionRef: "Council 2026-05",
          validFrom: "2026-01-01",
        },
      ],
      dueDays: 30,
      tariffClasses: [" бакча ", "member", "бакча", "талаа"],
    });
    expect(settings.statusCode, settings.body).toBe(200);
    // The association's own classes, each once, as written; the membership classes are everyone's.
    expect(settings.json().tariffClasses).toEqual(["бакча", "талаа"]);
    const kept = await accountant.put("/api/billing/settings", {
      version: settings.json().version,
      penaltyRule: settings.json().penaltyRule,
      penaltyDecisionRef: settings.json().penaltyDecisionRef,
      inKindRates: settings.json().inKindRates,
      dueDays: 30,
    });
    expect(kept.json().tariffClasses).toEqual(["бакча", "талаа"]);
    expect((await auditor.get("/api/billing/settings")).json().tariffClasses).toEqual(["бакча", "талаа"]);
  });

  it("bills a season per ha and per m³, each line saying what it charges for", async () => {
    const run = await accountant.post("/api/billing/runs", { seasonId: season2026, runOn: "2026-05-01" });
    expect(run.statusCode, run.body).toBe(201);
    expect(run.json()).toMatchObject({ invoices: 4, creditNotes: 0, supplementary: 0, unchanged: 0 });
    const [inv] = await documentsOf(users[0]!);
    // 2 ha × 500 som + 0.5 ha × 800 som + 1200.5 m³ × 15 + 300 m³ × 5 + membership 200 som
    expect(inv!.lines.map((l) => [l.kind, l.amountTyiyn])).toEqual([
      ["area", 40_000],
      ["area", 100_000],
      ["volume", 18_008],
      ["volume", 1_500],
      ["membership", 20_000],
    ]);
    expect(inv!.totalTyiyn).toBe(179_508);
    const [nonMember] = await documentsOf(users[1]!);
    expect(nonMember!.lines.map((l) => l.code)).toEqual([expect.stringMatching(/^volume:/)]);
    const [exempt] = await documentsOf(users[2]!);
    expect(exempt!.lines.at(-1)).toMatchObject({ kind: "discount", amountTyiyn: -35_000 });
    expect(await balanceOf(users[0]!)).toBe(179_508);
  });

  it("re-runs idempotently and corrects by credit notes and supplementary invoices, never editing", async () => {
    const again = await accountant.post("/api/billing/runs", { seasonId: season2026, runOn: "2026-05-02" });
    expect(again.json()).toMatchObject({
      invoices: 0,
      creditNotes: 0,
      supplementary: 0,
      unchanged: 4,
      netTyiyn: 0,
    });
    // The membership fee falls to 150 som and the orchard rate rises to 900 som.
    const tariffs = (await accountant.get("/api/billing/tariffs")).json() as {
      id: string;
      kind: string;
      crop: string | null;
      version: number;
    }[];
    const membership = tariffs.find((x) => x.kind === "membership")!;
    const orchard = tariffs.find((x) => x.crop === "orchard")!;
    const put = (x: { id: string; version: number }, body: Record<string, unknown>) =>
      accountant.put(`/api/billing/tariffs/${x.id}`, { ...body, version: x.version });
    expect(
      (
        await put(
          membership,
          tariff({ kind: "membership", payers: "members", rateTyiyn: 15_000, decisionRef: "GM-2026-02" }),
        )
      ).statusCode,
    ).toBe(200);
    expect(
      (
        await put(
          orchard,
          tariff({
            kind: "area",
            tariffClass: "standard",
            crop: "orchard",
            rateTyiyn: 90_000,
            decisionRef: "GM-2026-02",
          }),
        )
      ).statusCode,
    ).toBe(200);
    const stale = await put(
      membership,
      tariff({ kind: "membership", payers: "members", rateTyiyn: 1, decisionRef: "x" }),
    );
    expect(stale.statusCode).toBe(409);

    const before = await documentsOf(users[0]!);
    const rerun = await accountant.post("/api/billing/runs", { seasonId: season2026, runOn: "2026-05-03" });
    // users 0, 2 and 3 pay less membership; user 0 more for the orchard, and user 2's 50 % exemption
    // is worth less; user 1 (a non-member, per m³) is unchanged
    expect(rerun.json()).toMatchObject({ invoices: 0, creditNotes: 3, supplementary: 2, unchanged: 1 });
    const after = await documentsOf(users[0]!);
    const original = after.find((d) => d.id === before[0]!.id)!;
    expect(original).toEqual(before[0]); // the issued invoice is untouched
    const credit = after.find((d) => d.kind === "credit-note")!;
    const supplementary = after.find((d) => d.kind === "supplementary")!;
    expect(credit.lines.map((l) => [l.code, l.amountTyiyn])).toEqual([["membership", -5_000]]);
    expect(supplementary.lines.map((l) => [l.code, l.amountTyiyn])).toEqual([
      ["area:standard:orchard", 5_000],
    ]);
    expect(await balanceOf(users[0]!)).toBe(179_508);
    const third = await accountant.post("/api/billing/runs", { seasonId: season2026, runOn: "2026-05-04" });
    expect(third.json()).toMatchObject({ invoices: 0, creditNotes: 0, supplementary: 0, unchanged: 4 });
  });

  it("records payments once per key, oldest debt first, partial and in advance, even when sent at once", async () => {
    const key = uuidv7();
    const sent = await Promise.all(
      Array.from({ length: 5 }, () =>
        pay({ waterUserId: users[1], amountTyiyn: 5_000, idempotencyKey: key }),
      ),
    );
    for (const r of sent) expect(r.statusCode, r.body).toBe(201);
    expect(new Set(sent.map((r) => r.json().payment.id)).size).toBe(1);
    expect(sent.filter((r) => !r.json().repeated)).toHaveLength(1);
    expect(sent[0]!.json().payment.details.receiptNumber).toMatch(/^2026-\d{6}$/);
    const payments = (await accountant.get(`/api/billing/payments?waterUserId=${users[1]}`)).json().items;
    expect(payments).toHaveLength(1);
    expect(await balanceOf(users[1]!)).toBe(15_000 - 5_000);

    const changed = await pay({ waterUserId: users[1], amountTyiyn: 6_000, idempotencyKey: key });
    expect(changed.statusCode).toBe(409);

    // user 0: the invoice (due first) is paid before the supplementary invoice
    const docs = await documentsOf(users[0]!);
    const invoice = docs.find((d) => d.kind === "invoice")!;
    const partial = await pay({ waterUserId: users[0], amountTyiyn: 100_000 });
    expect(partial.json().allocations).toEqual([{ invoiceId: invoice.id, amountTyiyn: 100_000 }]);
    // in kind: 50 kg of wheat at 20 som/kg = 1000 som
    const wheat = await pay({ waterUserId: users[0], method: "in-kind", commodity: "wheat", quantityKg: 50 });
    expect(wheat.statusCode, wheat.body).toBe(201);
    expect(wheat.json().payment.amountTyiyn).toBe(100_000);
    expect(await balanceOf(users[0]!)).toBe(-20_492); // an advance
    const bankNoRef = await pay({ waterUserId: users[0], method: "bank", amountTyiyn: 100 });
    expect(bankNoRef.statusCode).toBe(422);
    expect(bankNoRef.json().code).toBe("billing.referenceRequired");
    expect((await pay({ waterUserId: users[0], amountTyiyn: 100 }, auditor)).statusCode).toBe(403);
    expect((await pay({ waterUserId: users[0], amountTyiyn: 100 }, other)).statusCode).toBe(404);
  });

  it("reverses a payment with its reason, leaving the invoice owed again", async () => {
    const made = (await pay({ waterUserId: users[3], amountTyiyn: 50_000 })).json().payment;
    expect(await balanceOf(users[3]!)).toBe(15_000);
    const noReason = await accountant.post(`/api/billing/payments/${made.id}/reverse`, {
      reason: " ",
      version: 1,
    });
    expect(noReason.statusCode).toBe(400);
    const reversed = await accountant.post(`/api/billing/payments/${made.id}/reverse`, {
      reason: "Wrong payer",
      version: made.version,
    });
    expect(reversed.statusCode, reversed.body).toBe(200);
    expect(reversed.json().reversalReason).toBe("Wrong payer");
    expect(await balanceOf(users[3]!)).toBe(65_000);
    const again = await accountant.post(`/api/billing/payments/${made.id}/reverse`, {
      reason: "x",
      version: 2,
    });
    expect(again.json().code).toBe("billing.alreadyReversed");
    const statement = (await accountant.get(`/api/billing/users/${users[3]}/statement`)).json();
    expect(statement.lines.map((l: { kind: string }) => l.kind)).toEqual([
      "invoice",
      "credit-note",
      "payment",
      "reversal",
    ]);
  });

  it("gives a statement for a range of days: the balance brought forward, the entries in it, the closing balance", async () => {
    type Line = { kind: string; on: string; amountTyiyn: number; balanceTyiyn: number };
    const all = (await accountant.get(`/api/billing/users/${users[3]}/statement`)).json();
    expect(all.openingBalanceTyiyn).toBe(0);
    expect(all.closingBalanceTyiyn).toBe(all.balanceTyiyn);
    const days = [...new Set((all.lines as Line[]).map((l) => l.on))].sort();
    expect(days.length).toBeGreaterThan(1);
    const from = days[1]!;
    const before = (all.lines as Line[]).filter((l) => l.on < from);
    const res = await auditor.get(`/api/billing/users/${users[3]}/statement?from=${from}&to=${days.at(-1)}`);
    expect(res.statusCode, res.body).toBe(200);
    const part = res.json();
    expect(part).toMatchObject({ from, to: days.at(-1), balanceTyiyn: all.balanceTyiyn });
    expect(part.openingBalanceTyiyn).toBe(before.at(-1)!.balanceTyiyn);
    expect((part.lines as Line[]).every((l) => l.on >= from)).toBe(true);
    expect(part.lines).toHaveLength(all.lines.length - before.length);
    const moved = (part.lines as Line[]).reduce((sum, l) => sum + l.amountTyiyn, 0);
    expect(part.closingBalanceTyiyn).toBe(part.openingBalanceTyiyn + moved);
    // A range before everything: nothing in it, both balances zero.
    const empty = (await auditor.get(`/api/billing/users/${users[3]}/statement?to=2000-01-01`)).json();
    expect(empty).toMatchObject({ lines: [], openingBalanceTyiyn: 0, closingBalanceTyiyn: 0 });
    const reversed = await accountant.get(
      `/api/billing/users/${users[3]}/statement?from=2026-12-01&to=2026-01-01`,
      { "accept-language": "ru" },
    );
    expect(reversed.statusCode).toBe(422);
    expect(reversed.json().code).toBe("billing.rangeReversed");
    expect(reversed.json().title).not.toBe("billing.rangeReversed");
    const pdf = await auditor.get(`/api/billing/users/${users[3]}/statement/pdf?from=${from}&locale=uz`);
    expect(pdf.statusCode, pdf.body).toBe(200);
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe("%PDF-");
    expect((await other.get(`/api/billing/users/${users[3]}/statement?from=${from}`)).statusCode).toBe(404);
  });

  it("balances the ledger, in code and in the database", async () => {
    const tb = (await auditor.get("/api/billing/trial-balance")).json();
    expect(tb.totalDebitTyiyn).toBe(tb.totalCreditTyiyn);
    expect(tb.totalDebitTyiyn).toBeGreaterThan(0);
    const unbalanced = withSystem(t.database, async (tx) => {
      const id = uuidv7();
      await tx.execute(sql`insert into billing_posting (id, org_id, period_id, posted_on, source_kind, source_id)
        values (${id}, ${orgId}, ${season2026}, '2026-06-01', 'payment', ${id})`);
      await tx.execute(sql`insert into billing_posting_line (id, org_id, posting_id, account, debit_tyiyn, credit_tyiyn)
        values (${uuidv7()}, ${orgId}, ${id}, 'cash', 100, 0)`);
    });
    await expect(unbalanced).rejects.toThrow();
    // A balanced pair of lines added to an old posting is refused too: it was checked at its commit.
    const late = withSystem(t.database, async (tx) => {
      const [old] = await rows<{ id: string }>(tx, sql`select id from billing_posting limit 1`);
      await tx.execute(sql`insert into billing_posting_line (id, org_id, posting_id, account, debit_tyiyn, credit_tyiyn)
        values (${uuidv7()}, ${orgId}, ${old!.id}, 'cash', 100, 0), (${uuidv7()}, ${orgId}, ${old!.id}, 'bank', 0, 100)`);
    });
    await expect(late).rejects.toMatchObject({
      cause: { message: expect.stringMatching(/earlier transaction/) },
    });
    const edit = withSystem(t.database, (tx) =>
      tx.execute(sql`update billing_posting_line set debit_tyiyn = debit_tyiyn + 1`),
    );
    await expect(edit).rejects.toThrow();
    const erase = withSystem(t.database, (tx) => tx.execute(sql`delete from billing_document`));
    await expect(erase).rejects.toThrow();
  });

  it("keeps each user's balance equal to the sum of their postings through random operations", async () => {
    const ids = await seedWaterUsers(
      t.database,
      orgId,
      null,
      Array.from({ length: 3 }, () => ({})),
      100,
    );
    let seed = 42;
    const random = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const expected = new Map(ids.map((id) => [id, 0]));
    const made: { id: string; user: string; amount: number; version: number }[] = [];
    for (let i = 0; i < 25; i++) {
      const user = ids[Math.floor(random() * ids.length)]!;
      if (random() < 0.7 || made.length === 0) {
        const amount = 1 + Math.floor(random() * 100_000);
        const res = await pay({ waterUserId: user, amountTyiyn: amount });
        made.push({ id: res.json().payment.id, user, amount, version: 1 });
        expected.set(user, expected.get(user)! - amount);
      } else {
        const p = made.splice(Math.floor(random() * made.length), 1)[0]!;
        const res = await accountant.post(`/api/billing/payments/${p.id}/reverse`, {
          reason: "test",
          version: p.version,
        });
        expect(res.statusCode, res.body).toBe(200);
        expected.set(p.user, expected.get(p.user)! + p.amount);
      }
    }
    for (const id of ids) {
      const statement = (await accountant.get(`/api/billing/users/${id}/statement`)).json();
      expect(statement.balanceTyiyn).toBe(expected.get(id));
      expect(statement.lines.at(-1)?.balanceTyiyn ?? 0).toBe(expected.get(id));
    }
  });

  it("lists debtors aged by days past due, queues reminders, and exports them", async () => {
    const res = await auditor.get("/api/billing/debtors?asOf=2026-08-15");
    expect(res.statusCode).toBe(200);
    const list = res.json();
    const byUser = new Map(list.items.map((d: { waterUserId: string }) => [d.waterUserId, d]));
    // due 2026-05-31 (issued 2026-05-01 + 30 days): 76 days past due
    expect(byUser.get(users[3]!)).toMatchObject({ d31_90: 65_000, total: 65_000 });
    expect(list.totals.total).toBe(
      list.totals.notDue + list.totals.d0_30 + list.totals.d31_90 + list.totals.d90plus,
    );
    // Counted first (what the page asks to confirm): the same figures, and nothing queued.
    const toText = await accountant.post("/api/billing/reminders", {
      asOf: "2026-08-15",
      minDaysPastDue: 30,
      dryRun: true,
    });
    expect(toText.statusCode, toText.body).toBe(200);
    expect((await accountant.get("/api/sms")).json().items).toHaveLength(0);
    const reminders = await accountant.post("/api/billing/reminders", {
      asOf: "2026-08-15",
      minDaysPastDue: 30,
    });
    expect(reminders.statusCode, reminders.body).toBe(200);
    expect(reminders.json()).toEqual(toText.json());
    expect(reminders.json().withoutPhone).toBe(1);
    const queued = reminders.json().queued;
    expect(queued).toBeGreaterThan(0);
    const repeat = await accountant.post("/api/billing/reminders", {
      asOf: "2026-08-15",
      minDaysPastDue: 30,
    });
    // Pressed again the same day: nothing new is queued, and the answer says so; counted, the same.
    expect(repeat.json()).toMatchObject({ queued: 0, queuedBefore: queued, withoutPhone: 1 });
    const again = await accountant.post("/api/billing/reminders", {
      asOf: "2026-08-15",
      minDaysPastDue: 30,
      dryRun: true,
    });
    expect(again.json()).toEqual(repeat.json());
    expect(reminders.json().queuedBefore).toBe(0);
    const sms = (await accountant.get("/api/sms")).json();
    expect(sms.items.filter((m: { purpose: string }) => m.purpose === "billing-reminder")).toHaveLength(
      queued,
    );
    // The amount as its reader writes it: thousands apart, a decimal comma in Kyrgyz and Russian.
    for (const m of sms.items.filter((m: { purpose: string }) => m.purpose === "billing-reminder"))
      expect(m.body).toMatch(/ \d{1,3}(\u00a0\d{3})*,\d\d\u00a0сом\./);
    const xlsx = await auditor.get("/api/billing/debtors/export?asOf=2026-08-15");
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.rawPayload.subarray(0, 2).toString()).toBe("PK");
  });

  it("reports the collection rate overall, per village and for households the register flags vulnerable", async () => {
    // The municipality's register: a woman-headed household (flagged), whose head is users[1].
    const aimak = "41703220970000";
    await seedAimak(t.database, aimak, 1);
    const m = await seedOrganisation(t.database, { adminUnitCode: aimak, users: { clerk: ["clerk"] } });
    const clerk = await login(t.app, m.users.clerk!.username);
    const card = await householdOfOne(clerk, {
      villageCode: `${aimak.slice(0, 12)}01`,
      formedOn: "2020-01-01",
      head: { surname: "Эркинова", givenName: "Айгүл", sex: "female", birthDate: "1975-02-03" },
    });
    const link = { orgId, municipalityOrgId: m.org.id, by: accountantId };
    await confirmLink(t.database, { ...link, waterUserId: users[1]!, personId: card.members[0].id });

    const res = await auditor.get(`/api/billing/seasons/${season2026}/collection`);
    expect(res.statusCode, res.body).toBe(200);
    const report = res.json();
    expect(report.total.chargedTyiyn).toBeGreaterThan(report.total.paidTyiyn);
    expect(report.byVillage.map((g: { key: string }) => g.key)).toEqual(["41703220000001", "41703220000002"]);
    expect(report.confirmedLinks).toBe(1);
    expect(report.flagsOn).toBe("2026-10-31");
    // users[2]'s council discount for vulnerability no longer decides: the register does.
    const groups = Object.fromEntries(
      report.byVulnerability.map((g: { key: string; chargedTyiyn: number }) => [g.key, g.chargedTyiyn]),
    );
    expect(Object.keys(groups).sort()).toEqual(["not-linked", "vulnerable"]);
    const u1 = (await documentsOf(users[1]!)).reduce((sum, d) => sum + d.totalTyiyn, 0);
    expect(groups.vulnerable).toBe(u1);
    expect(groups.vulnerable + groups["not-linked"]).toBe(report.total.chargedTyiyn);
    expect((await other.get(`/api/billing/seasons/${season2026}/collection`)).statusCode).toBe(404);
  });

  it("shows what a vulnerability discount relies on: the linked household's flag in the register today", async () => {
    // users[1] is linked to a flagged household (above); users[2] has no confirmed link. A past
    // discount for users[1], so no run of 2026 or 2027 changes.
    const granted = await accountant.post("/api/billing/discounts", {
      waterUserId: users[1],
      basis: "fixed",
      amountTyiyn: 10_000,
      reason: "Жалгыз бой эне",
      decisionRef: "Council 2025-02",
      vulnerable: true,
      validFrom: "2025-01-01",
      validTo: "2025-12-31",
    });
    expect(granted.statusCode, granted.body).toBe(201);
    const list = (await auditor.get("/api/billing/discounts")).json() as {
      waterUserId: string;
      register: { on: string; linked: boolean; flags: string[] } | null;
    }[];
    const of = (id: string) => list.find((d) => d.waterUserId === id)!.register;
    expect(of(users[2]!)).toMatchObject({ linked: false, flags: [] });
    expect(of(users[1]!)!.linked).toBe(true);
    expect(of(users[1]!)!.flags.length).toBeGreaterThan(0);
    expect(of(users[1]!)!.on).toBe(localDayOf(new Date(), "Asia/Bishkek"));
    expect((await other.get("/api/billing/discounts")).json()).toEqual([]);
  });

  it("takes a day left out as today in the organisation's zone, not UTC's", async () => {
    // UTC+14 and UTC−11: whatever the hour, one of them is not on UTC's day.
    for (const zone of ["Pacific/Kiritimati", "Pacific/Pago_Pago"]) {
      await withSystem(t.database, (tx) =>
        tx.execute(sql`update organisation set time_zone = ${zone} where id = ${otherOrgId}`),
      );
      const before = localDayOf(new Date(), zone);
      const asOf = (await other.get("/api/billing/debtors")).json().asOf;
      expect([before, localDayOf(new Date(), zone)]).toContain(asOf);
    }
  });

  it("exports documents, payments and the season's collection as Excel workbooks", async () => {
    type Answer = { statusCode: number; rawPayload: Buffer; body: string };
    const worksheetOf = async (res: Answer) => {
      expect(res.statusCode, res.body).toBe(200);
      const book = new ExcelJS.Workbook();
      await book.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
      return book.worksheets[0]!;
    };
    const sheetOf = async (res: Answer) => (await worksheetOf(res)).getSheetValues().slice(1) as unknown[][];
    const documents = await sheetOf(
      await auditor.get(`/api/billing/documents/export?seasonId=${season2026}&locale=ru`),
    );
    expect(documents[0]).toContain("Срок оплаты");
    const listed = (await accountant.get(`/api/billing/documents?seasonId=${season2026}&limit=200`)).json()
      .items;
    expect(documents).toHaveLength(1 + listed.length);
    const totalSom = listed.reduce((s: number, d: { totalTyiyn: number }) => s + d.totalTyiyn, 0) / 100;
    expect(documents.slice(1).reduce((s, r) => s + Number(r.at(-1)), 0)).toBeCloseTo(totalSom, 2);
    // Days are the spreadsheet's own dates, so the accountant sorts and filters them as dates.
    const issuedOn = listed.map((d: { issuedOn: string }) => d.issuedOn).sort();
    const issuedCells = documents.slice(1).map((r) => r[3]);
    expect(issuedCells.every((cell) => cell instanceof Date)).toBe(true);
    expect(issuedCells.map((cell) => (cell as Date).toISOString().slice(0, 10)).sort()).toEqual(issuedOn);

    const payments = await sheetOf(
      await auditor.get("/api/billing/payments/export?from=2026-01-01&to=2026-12-31"),
    );
    const paid = (await accountant.get("/api/billing/payments?limit=200")).json().items;
    expect(payments).toHaveLength(1 + paid.length);
    expect(payments.slice(1).every((r) => r[1] instanceof Date)).toBe(true);
    const bad = await auditor.get("/api/billing/payments/export?from=2026-12-31&to=2026-01-01");
    expect(bad.statusCode).toBe(422);
    expect(bad.json().title).toBe("Аяктоо күнү 31.12.2026 күнүнөн мурун: 01.01.2026");

    const collection = await sheetOf(
      await auditor.get(`/api/billing/seasons/${season2026}/collection/export`),
    );
    const report = (await auditor.get(`/api/billing/seasons/${season2026}/collection`)).json();
    expect(collection[1]![2]).toBeCloseTo(report.total.chargedTyiyn / 100, 2);
    expect(collection).toHaveLength(2 + report.byVillage.length + report.byVulnerability.length);
    // A number, so the sheet sorts and charts it.
    expect(collection[1]![4]).toBe(Number(report.total.ratePercent));
    // Som with two decimals, the rate with one, each column as wide as its words; the header stays in sight.
    const collectionSheet = await worksheetOf(
      await auditor.get(`/api/billing/seasons/${season2026}/collection/export`),
    );
    expect([2, 3, 4].map((c) => collectionSheet.getColumn(c).numFmt)).toEqual(["0.00", "0.00", "0.0"]);
    expect([1, 2, 4].map((c) => collectionSheet.getColumn(c).width)).toEqual([36, 14, 10]);
    expect(collectionSheet.views[0]).toMatchObject({ state: "frozen", ySplit: 1 });
    // Villages by their names in the asked language, wherever the provider serves now.
    await seedUnits(t.database, [
      {
        code: "41703220000001",
        level: "village",
        parent: "41703220000000",
        name: { ky: "Бешик-Жон", ru: "Бешик-Джон" },
      },
    ]);
    const inRussian = await sheetOf(
      await auditor.get(`/api/billing/seasons/${season2026}/collection/export?locale=ru`),
    );
    expect(inRussian.map((row) => row[1])).toContain("По сёлам: Бешик-Джон");
    const debtorsSheet = await sheetOf(await auditor.get("/api/billing/debtors/export?asOf=2026-12-31"));
    expect(debtorsSheet.map((row) => row[3])).toContain("Бешик-Жон");
    // Another organisation's export has its headers and nothing of this one.
    expect(await sheetOf(await other.get("/api/billing/documents/export"))).toHaveLength(1);
    expect((await other.get(`/api/billing/seasons/${season2026}/collection/export`)).statusCode).toBe(404);
  });

  it("prints receipts on A4 and for an 80 mm printer", async () => {
    const p = (await pay({ waterUserId: users[2], amountTyiyn: 10_000 })).json().payment;
    const statement = await auditor.get(`/api/billing/users/${users[2]}/statement/pdf?locale=ru`);
    expect(statement.statusCode, statement.body).toBe(200);
    expect(statement.headers["content-type"]).toBe("application/pdf");
    expect(statement.rawPayload.subarray(0, 5).toString()).toBe("%PDF-");
    expect((await other.get(`/api/billing/users/${users[2]}/statement/pdf`)).statusCode).toBe(404);
    for (const format of ["a4", "80mm"]) {
      const pdf = await auditor.get(`/api/billing/payments/${p.id}/receipt?format=${format}`);
      expect(pdf.statusCode).toBe(200);
      expect(pdf.headers["content-type"]).toBe("application/pdf");
      expect(pdf.rawPayload.subarray(0, 5).toString()).toBe("%PDF-");
    }
    expect((await other.get(`/api/billing/payments/${p.id}/receipt`)).statusCode).toBe(404);
    // An in-kind payment's produce, weight, rate and amount, in the reader's language.
    const inKind = (
      await pay({ waterUserId: users[2], method: "in-kind", commodity: "wheat", quantityKg: 2.5 })
    ).json().payment;
    const receiptIn = async (lang: string) =>
      pdfText((await auditor.get(`/api/billing/payments/${inKind.id}/receipt?lang=${lang}`)).rawPayload)
        .join("\n")
        .replaceAll("\u00a0", " ");
    const ky = await receiptIn("ky");
    expect(ky).toContain("wheat, 2,5 кг × 20,00 сом");
    // The cashier by name, not by login.
    expect(inKind.takenByName).toMatch(/^accountant /);
    expect(ky).toContain(inKind.takenByName);
    expect(ky).toContain("50,00 сом");
    const en = await receiptIn("en");
    expect(en).toContain("wheat, 2.5 kg × KGS 20.00");
    expect(en).toContain("KGS 50.00");
    // The payer's number as an English reader writes it; "№" stays for the other languages.
    expect(en).toMatch(/Payer No\. \d+ /);
    expect(en).not.toContain("№");
    expect(ky).toMatch(/№ \d+ /);
    const statementEn = pdfText(
      (await auditor.get(`/api/billing/users/${users[2]}/statement/pdf?locale=en`)).rawPayload,
    ).join("\n");
    expect(statementEn).toMatch(/^No\. \d+ /m);
    expect(statementEn).not.toContain("№");
  });

  it("charges the late-payment penalty once per day and rule", async () => {
    const first = await accountant.post("/api/billing/penalties", { asOf: "2026-07-02" });
    expect(first.statusCode, first.body).toBe(200);
    // user 3 owes 65 000 tyiyn 32 days past due at 0.1 % a day: 2 080 tyiyn
    const docs = await documentsOf(users[3]!);
    expect(docs.find((d) => d.kind === "penalty")?.totalTyiyn).toBe(2_080);
    const repeat = await accountant.post("/api/billing/penalties", { asOf: "2026-07-02" });
    expect(repeat.json()).toEqual({ documents: 0, totalTyiyn: 0 });
    // A month later the debt has grown a penalty for 30 more days, and the penalty none of its own.
    const later = await accountant.post("/api/billing/penalties", { asOf: "2026-08-01" });
    const penalties = (await documentsOf(users[3]!)).filter((d) => d.kind === "penalty");
    expect(penalties.map((d) => d.totalTyiyn)).toEqual([1_950, 2_080]);
    expect(later.json().documents).toBeGreaterThanOrEqual(1);
  });

  it("closes a season: its postings are locked and corrections go to the next open period", async () => {
    expect((await accountant.post(`/api/billing/seasons/${season2026}/close`)).statusCode).toBe(403);
    const closed = await director.post(`/api/billing/seasons/${season2026}/close`);
    expect(closed.statusCode, closed.body).toBe(200);
    const twice = await director.post(`/api/billing/seasons/${season2026}/close`);
    expect(twice.json().code).toBe("billing.alreadyClosed");
    const direct = withSystem(t.database, async (tx) => {
      const id = uuidv7();
      await tx.execute(sql`insert into billing_posting (id, org_id, period_id, posted_on, source_kind, source_id)
        values (${id}, ${orgId}, ${season2026}, '2026-06-01', 'payment', ${id})`);
    });
    await expect(direct).rejects.toThrow();
    // A payment dated in the closed season is posted on the next season's first day.
    const late = await pay({ waterUserId: users[3], amountTyiyn: 1_000, receivedOn: "2026-09-01" });
    expect(late.statusCode, late.body).toBe(201);
    const periods = await withSystem(t.database, (tx) =>
      tx.execute(sql`select period_id, posted_on::text from billing_posting where id = ${late.json().payment.postingId ?? null}
        or source_id = ${late.json().payment.id}`),
    );
    const posting = (periods as unknown as { rows: { period_id: string; posted_on: string }[] }).rows[0]!;
    expect(posting).toEqual({ period_id: season2027, posted_on: "2027-04-01" });
    // A change to the closed season's bills is corrected in the next open period.
    const discount = (await accountant.get("/api/billing/discounts")).json()[0];
    await accountant.post(`/api/billing/discounts/${discount.id}/end`, { version: discount.version });
    const rerun = await accountant.post("/api/billing/runs", { seasonId: season2026, runOn: "2026-09-01" });
    expect(rerun.json()).toMatchObject({ supplementary: 1, postedOn: "2027-04-01" });
    const tb = (await auditor.get("/api/billing/trial-balance")).json();
    expect(tb.totalDebitTyiyn).toBe(tb.totalCreditTyiyn);
  });

  it("lists payments by the day received, newest first, then the last entered first, page after page", async () => {
    // A payment entered later for an earlier day comes after the later day's.
    const ids: string[] = [];
    for (const receivedOn of ["2026-11-20", "2026-11-10", "2026-11-20"]) {
      const res = await pay({ waterUserId: users[2], amountTyiyn: 1_000, receivedOn });
      expect(res.statusCode, res.body).toBe(201);
      ids.push(res.json().payment.id);
    }
    const [later, earlierDay, laterAgain] = ids;
    const listed: { id: string; receivedOn: string }[] = (
      await accountant.get(`/api/billing/payments?waterUserId=${users[2]}&limit=200`)
    ).json().items;
    expect(listed.map((p) => p.id).filter((id) => ids.includes(id))).toEqual([laterAgain, later, earlierDay]);
    const days = listed.map((p) => p.receivedOn);
    expect(days).toEqual([...days].sort().reverse());
    // One at a time through the cursor: the same payments in the same order.
    const paged: string[] = [];
    let before: string | null = null;
    do {
      const page: { items: { id: string }[]; nextCursor: string | null } = (
        await accountant.get(
          `/api/billing/payments?waterUserId=${users[2]}&limit=1${before ? `&before=${before}` : ""}`,
        )
      ).json();
      paged.push(...page.items.map((p) => p.id));
      before = page.nextCursor;
    } while (before);
    expect(paged).toEqual(listed.map((p) => p.id));
  });

  it("shows another organisation nothing of this one", async () => {
    expect((await other.get("/api/billing/documents")).json().items).toEqual([]);
    expect((await other.get("/api/billing/payments")).json().items).toEqual([]);
    expect((await other.get(`/api/billing/users/${users[0]}/statement`)).statusCode).toBe(404);
    expect((await other.get("/api/billing/debtors")).json().items).toEqual([]);
    expect((await other.get("/api/billing/trial-balance")).json().accounts).toEqual([]);
  });
});
