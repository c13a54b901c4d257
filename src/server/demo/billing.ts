import { uuidv7 } from "uuidv7";
import { addDays } from "../../domain/billing/calendar.js";
import { membershipClass } from "../../domain/billing/tariff.js";
import { recordPayment } from "../billing/payments.js";
import { debtors, queueReminders } from "../billing/reports.js";
import { runBilling } from "../billing/runs.js";
import { grantDiscount, saveSettings, saveTariff } from "../billing/tariffs.js";
import type { RequestContext } from "../platform/context.js";
import { bulkInsert, type Database } from "../platform/db.js";
import { organisationToday } from "../platform/local-day.js";
import { withSystem, withTenant } from "../platform/transactions.js";
import { seasonContracts, seasonsOf } from "../water/billing-facts.js";
import {
  canalReach,
  contractPlot,
  irrigatedPlot,
  season,
  waterContract,
  waterDelivery,
  waterUser,
} from "../water/tables.js";

const VILLAGES = ["41703220999010", "41703220999020", "41703220999030", "41703220999040"];
const NAMES: [string, string][] = [
  ["Осмонов", "Бакыт"],
  ["Асанова", "Жылдыз"],
  ["Токтогулов", "Эрлан"],
  ["Мамытова", "Айгерим"],
  ["Сыдыков", "Нурбек"],
  ["Жээнбекова", "Гүлзат"],
  ["Абдыкадыров", "Таалай"],
  ["Исмаилова", "Динара"],
  ["Кадыров", "Улан"],
  ["Бекова", "Салтанат"],
  ["Урматов", "Азамат"],
  ["Чыныбаева", "Назгүл"],
];
const CROPS = ["winter-wheat", "maize", "orchard", "potato"];

/**
 * The WUA's billing in the demo, by the rules of each year: 2025's fee per hectare (500 som/ha,
 * 800 for orchards, 600 for non-members) kept as the tariff table's history, and 2026's per m³
 * delivered (15 tyiyn in the growing season, 5 outside it) with a 200 som membership fee, so the
 * 2026 season is billed for its water and its members, not per hectare as well. A vulnerability
 * exemption; the season billed once its deliveries are measured (a few days after it ends), in two
 * instalments due after the harvest; the autumn's payments (most users in full or in part, every
 * fifth behind) and the reminders of the week after the second instalment fell due. When the
 * water register's demo has no season yet, a minimal one (one outlet, twelve users with contracts
 * and deliveries) is written here for billing to bill.
 */
export async function loadDemoBilling(database: Database, ctx: RequestContext) {
  const actor = ctx.actor!;
  let seasons = await withTenant(database, actor, (tx) => seasonsOf(tx, actor.orgId));
  if (seasons.length === 0) {
    await seedMinimalWaterRegister(database, actor.orgId, actor.userId);
    seasons = await withTenant(database, actor, (tx) => seasonsOf(tx, actor.orgId));
  }
  const current = seasons.at(-1)!;
  // The demo's days after the season, never past today: the measurement demo's deliveries stop at
  // today too, and a payment or a run cannot be dated ahead.
  const today = organisationToday(ctx);
  const notAfterToday = (day: string) => (day > today ? today : day);
  // 2025: per hectare, by membership class and for orchards; the classes are the contracts' own.
  const gm2025 = {
    decisionBody: "general-meeting" as const,
    decisionRef: "ЖЧ-2025-01 §3",
    decidedOn: "2025-02-15",
    validFrom: "2025-01-01",
    validTo: "2025-12-31",
  };
  for (const [tariffClass, rateTyiyn] of [
    [membershipClass(true), 50_000],
    [membershipClass(false), 60_000],
  ] as const) {
    await saveTariff(database, ctx, { ...gm2025, kind: "area", tariffClass, payers: "all", rateTyiyn });
    await saveTariff(database, ctx, {
      ...gm2025,
      kind: "area",
      tariffClass,
      crop: "orchard",
      payers: "all",
      rateTyiyn: 80_000,
    });
  }
  // 2026: per m³ in place of the fee per hectare (DOMAIN: 15 tyiyn/m³ in the growing season, 5
  // outside it), and the members' fee.
  const gm = {
    decisionBody: "general-meeting" as const,
    decisionRef: "ЖЧ-2026-01 §3",
    decidedOn: "2026-02-14",
  };
  const year = { validFrom: "2026-01-01", validTo: "2026-12-31" };
  await saveTariff(database, ctx, {
    ...gm,
    kind: "volume",
    payers: "all",
    rateTyiyn: 15,
    validFrom: "2026-04-01",
    validTo: "2026-09-30",
  });
  await saveTariff(database, ctx, {
    ...gm,
    kind: "volume",
    payers: "all",
    rateTyiyn: 5,
    validFrom: "2026-01-01",
    validTo: "2026-03-31",
  });
  await saveTariff(database, ctx, {
    ...gm,
    kind: "volume",
    payers: "all",
    rateTyiyn: 5,
    validFrom: "2026-10-01",
    validTo: "2026-12-31",
  });
  await saveTariff(database, ctx, {
    ...gm,
    ...year,
    kind: "membership",
    payers: "members",
    rateTyiyn: 20_000,
  });
  // Billed per m³, the season's fee is known once its water is: the accountant bills it a few days
  // after the season ends, and it falls due in two halves after the harvest.
  const billedOn = notAfterToday(addDays(current.endsOn, 5));
  await saveSettings(database, ctx, {
    version: 0,
    penaltyRule: { kind: "daily", basisPointsPerDay: 10, graceDays: 15, capPercent: 20 },
    penaltyDecisionRef: "ЖЧ-2026-01 §7",
    inKindRates: [
      { commodity: "буудай", rateTyiynPerKg: 2_200, decisionRef: "Кеңеш 2026-05", validFrom: "2026-01-01" },
    ],
    dueDays: 30,
    // The season's fee in two halves, so the invoices page shows instalments.
    instalments: [
      {
        seasonId: current.id,
        parts: [
          { percent: 50, dueOn: addDays(current.endsOn, 31) },
          { percent: 50, dueOn: addDays(current.endsOn, 61) },
        ],
      },
    ],
  });
  const contracts = await withTenant(database, actor, (tx) => seasonContracts(tx, actor.orgId, current.id));
  const users = contracts.map((c) => c.waterUserId);
  if (users[3]) {
    await grantDiscount(database, ctx, {
      waterUserId: users[3],
      basis: "percent",
      percent: 50,
      reason: "Аярлуу үй-бүлө (жалгыз бой эне)",
      decisionRef: "Кеңеш 2026-03 №4",
      vulnerable: true,
      validFrom: "2026-01-01",
      validTo: "2026-12-31",
    });
  }
  await runBilling(database, ctx, { seasonId: current.id, runOn: billedOn });
  // On the run's day a few pay at the counter, each a share of the season's bill in whole tens of
  // som (half, a fifth, a tenth), one in wheat: fixed figures had a 0.3 ha garden pay 1,200 som and a
  // farmer of 3.4 ha 200.
  const billed = new Map(
    (await debtors(database, ctx, { asOf: billedOn })).items.map((d) => [d.waterUserId, d.total]),
  );
  const paid: [number, number | null][] = [
    [0, 0.5],
    [1, 0.2],
    [2, null],
    [4, 0.5],
    [6, 0.1],
  ];
  for (const [i, share] of paid) {
    const waterUserId = users[i];
    if (!waterUserId) continue;
    const amountTyiyn = Math.round(((billed.get(waterUserId) ?? 0) * (share ?? 0)) / 1_000) * 1_000;
    if (share !== null && amountTyiyn <= 0) continue;
    await recordPayment(database, ctx, {
      waterUserId,
      receivedOn: billedOn,
      idempotencyKey: `demo-payment-${i}`,
      ...(share === null
        ? { method: "in-kind", commodity: "буудай", quantityKg: 50 }
        : { method: "cash", amountTyiyn }),
    });
  }
  // Through the autumn most of the others pay: many in full, some half, every fifth nothing (the
  // debtors' list), in cash or by bank, so the collection rate reads like a working WUA's.
  const owed = await debtors(database, ctx, { asOf: billedOn });
  for (const [i, debtor] of owed.items.entries()) {
    if (i % 5 === 0 || paid.some(([p]) => users[p] === debtor.waterUserId)) continue;
    // In full to the tyiyn, or half in whole som.
    const amountTyiyn = i % 5 === 1 ? Math.round(debtor.total / 200) * 100 : debtor.total;
    if (amountTyiyn <= 0) continue;
    await recordPayment(database, ctx, {
      waterUserId: debtor.waterUserId,
      receivedOn: notAfterToday(addDays(billedOn, 2 + ((i * 17) % 56))),
      idempotencyKey: `demo-season-payment-${i}`,
      amountTyiyn,
      ...(i % 4 === 3 ? { method: "bank", reference: `ПП-2026-${String(100 + i)}` } : { method: "cash" }),
    });
  }
  await remindDebtors(database, ctx, notAfterToday(addDays(current.endsOn, 66)));
}

/**
 * The debt reminders of the week after the second instalment fell due, queued for the demo's
 * stand-in operator (sms.ts).
 */
async function remindDebtors(database: Database, ctx: RequestContext, asOf: string) {
  await queueReminders(database, ctx, { asOf, minDaysPastDue: 1 });
}

async function seedMinimalWaterRegister(database: Database, orgId: string, recordedBy: string) {
  await withSystem(database, async (tx) => {
    const seasonId = uuidv7();
    await tx.insert(season).values({
      id: seasonId,
      orgId,
      year: 2026,
      name: "2026",
      startsOn: "2026-04-01",
      endsOn: "2026-10-31",
    });
    const outletId = uuidv7();
    await tx
      .insert(canalReach)
      .values({ id: outletId, orgId, code: "Ч-1", name: "Чыгаруучу Ч-1", kind: "outlet", capacityLps: 80 });
    const users: (typeof waterUser.$inferInsert)[] = [];
    const plots: (typeof irrigatedPlot.$inferInsert)[] = [];
    const contracts: (typeof waterContract.$inferInsert)[] = [];
    const contractPlots: (typeof contractPlot.$inferInsert)[] = [];
    const deliveries: (typeof waterDelivery.$inferInsert)[] = [];
    NAMES.forEach(([surname, givenName], i) => {
      const id = uuidv7();
      users.push({
        id,
        orgId,
        number: i + 1,
        kind: "person",
        surname,
        givenName,
        displayName: `${surname} ${givenName}`,
        villageCode: VILLAGES[i % 4]!,
        member: i % 6 !== 5,
        phone: i % 5 === 4 ? null : `+99670012${String(3400 + i)}`,
        locale: "ky",
      });
      const plotId = uuidv7();
      const areaHa = 0.5 + (i % 5) * 0.35;
      plots.push({
        id: plotId,
        orgId,
        waterUserId: id,
        outletId,
        areaHa,
        tenure: "own",
        villageCode: VILLAGES[i % 4]!,
      });
      const contractId = uuidv7();
      contracts.push({
        id: contractId,
        orgId,
        seasonId,
        waterUserId: id,
        number: `2026-${String(i + 1).padStart(6, "0")}`,
        tariffClass: membershipClass(i % 6 !== 5),
        status: "signed",
        signedOn: "2026-03-20",
      });
      contractPlots.push({ id: uuidv7(), orgId, contractId, plotId, cropCode: CROPS[i % 4]!, areaHa });
      ["2026-05-12", "2026-06-20", "2026-10-05"].forEach((day, d) => {
        const startedAt = new Date(`${day}T07:00:00+06:00`);
        deliveries.push({
          id: uuidv7(),
          orgId,
          outletId,
          waterUserId: id,
          plotId,
          startedAt,
          endedAt: new Date(startedAt.getTime() + 3 * 3600_000),
          volumeM3: 400 + ((i * 37 + d * 91) % 500),
          method: "time-and-flow",
          actNumber: `2026-${String(i * 3 + d + 1).padStart(6, "0")}`,
          signedOn: day,
          recordedBy,
        });
      });
    });
    await bulkInsert(tx, waterUser, users);
    await bulkInsert(tx, irrigatedPlot, plots);
    await bulkInsert(tx, waterContract, contracts);
    await bulkInsert(tx, contractPlot, contractPlots);
    await bulkInsert(tx, waterDelivery, deliveries);
  });
}
