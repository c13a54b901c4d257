import { and, asc, eq, gte, lte } from "drizzle-orm";
import type { DocumentKind } from "../../domain/billing/invoice.js";
import type { Locale } from "../../domain/places/units.js";
import { villageNamer } from "../places/service.js";
import type { RequestContext } from "../platform/context.js";
import type { Database } from "../platform/db.js";
import { translate } from "../platform/i18n.js";
import { workbookFile } from "../platform/spreadsheet.js";
import { withBilling } from "./ledger.js";
import { collectionReport, debtors } from "./reports.js";
import { billingDocument, billingPayment } from "./tables.js";
import { withUserNames } from "./water-users.js";

/**
 * Billing lists as Excel workbooks for the accountant: debtors, documents, payments and a season's
 * collection. Headers in the asked language; amounts in som with two decimals (numbers, so the
 * sheet sums them); days as the spreadsheet's dates; one sheet each.
 */
interface Column {
  key: string;
  header: string;
  width: number;
  som?: boolean;
  /** Days (ISO), written as the spreadsheet's own dates, so they sort and filter as dates. */
  day?: boolean;
  /** The cells' number format, where it is not a som column's "0.00" or a day column's. */
  numFmt?: string;
}

function workbook(title: string, columns: Column[], rowsOut: Record<string, string | number>[]) {
  const indices = (which: (c: Column) => boolean | undefined) =>
    columns.flatMap((c, i) => (which(c) ? [i] : []));
  return workbookFile([
    {
      name: title,
      header: columns.map((c) => c.header),
      rows: rowsOut.map((row) =>
        columns.map((c) => (c.som ? Number(row[c.key]) / 100 : (row[c.key] ?? null))),
      ),
      dateColumns: indices((c) => c.day),
      columnStyles: columns.map((c) => ({
        width: c.width,
        numFmt: c.numFmt ?? (c.som ? "0.00" : undefined),
      })),
    },
  ]);
}

const translator = (locale: Locale) => (key: string) => translate(locale, key);

/** A village's name in the asked language by its code; the code where no village has it. */
async function villageNameIn(database: Database, ctx: RequestContext, locale: Locale) {
  const named = await withBilling(database, ctx, (tx) => villageNamer(tx, locale));
  return (code: string | null) => (code ? (named(code) ?? code) : "");
}

export async function exportDebtors(
  database: Database,
  ctx: RequestContext,
  query: { asOf: string; locale: Locale },
) {
  const list = await debtors(database, ctx, { asOf: query.asOf });
  const villageName = await villageNameIn(database, ctx, query.locale);
  const t = translator(query.locale);
  const bucket = (key: string, label: string): Column => ({ key, header: t(label), width: 14, som: true });
  return workbook(
    t("billing.debtors.title"),
    [
      { key: "number", header: t("billing.user.number"), width: 10 },
      { key: "name", header: t("billing.user.name"), width: 36 },
      { key: "village", header: t("billing.user.village"), width: 16 },
      bucket("notDue", "billing.ageing.notDue"),
      bucket("d0_30", "billing.ageing.d0_30"),
      bucket("d31_90", "billing.ageing.d31_90"),
      bucket("d90plus", "billing.ageing.d90plus"),
      bucket("total", "billing.ageing.total"),
    ],
    list.items.map((d) => ({
      number: d.number,
      name: d.displayName,
      village: villageName(d.villageCode),
      notDue: d.notDue,
      d0_30: d.d0_30,
      d31_90: d.d31_90,
      d90plus: d.d90plus,
      total: d.total,
    })),
  );
}

/** Every document (of a season, of a kind), in the order of issue. */
export async function exportDocuments(
  database: Database,
  ctx: RequestContext,
  query: { seasonId?: string; kind?: DocumentKind; locale: Locale },
) {
  const t = translator(query.locale);
  const found = await withBilling(database, ctx, async (tx, orgId) => {
    const docs = await tx
      .select()
      .from(billingDocument)
      .where(
        and(
          eq(billingDocument.orgId, orgId),
          query.seasonId ? eq(billingDocument.seasonId, query.seasonId) : undefined,
          query.kind ? eq(billingDocument.kind, query.kind) : undefined,
        ),
      )
      .orderBy(asc(billingDocument.number));
    const numbers = new Map(docs.map((d) => [d.id, d.number]));
    return (await withUserNames(tx, orgId, docs)).map((d) => ({
      number: d.number,
      kind: t(`billing.doc.kinds.${d.kind}`),
      issuedOn: d.issuedOn,
      dueOn: d.dueOn,
      userNumber: d.userNumber,
      userName: d.userName,
      corrects: d.correctsId ? (numbers.get(d.correctsId) ?? "") : "",
      total: d.totalTyiyn,
    }));
  });
  return workbook(
    t("billing.exports.documents"),
    [
      { key: "number", header: t("billing.doc.number"), width: 10 },
      { key: "kind", header: t("billing.tariff.kind"), width: 18 },
      { key: "issuedOn", header: t("billing.doc.issuedOn"), width: 12, day: true },
      { key: "dueOn", header: t("billing.doc.dueOn"), width: 12, day: true },
      { key: "userNumber", header: t("billing.user.number"), width: 10 },
      { key: "userName", header: t("billing.user.name"), width: 36 },
      { key: "corrects", header: t("billing.exports.corrects"), width: 12 },
      { key: "total", header: t("billing.doc.total"), width: 14, som: true },
    ],
    found,
  );
}

/** Payments received in a range of days (all, without one), reversed ones marked. */
export async function exportPayments(
  database: Database,
  ctx: RequestContext,
  query: { from?: string; to?: string; locale: Locale },
) {
  const t = translator(query.locale);
  const found = await withBilling(database, ctx, async (tx, orgId) => {
    const payments = await tx
      .select()
      .from(billingPayment)
      .where(
        and(
          eq(billingPayment.orgId, orgId),
          query.from ? gte(billingPayment.receivedOn, query.from) : undefined,
          query.to ? lte(billingPayment.receivedOn, query.to) : undefined,
        ),
      )
      .orderBy(asc(billingPayment.receivedOn), asc(billingPayment.id));
    return (await withUserNames(tx, orgId, payments)).map((p) => ({
      receivedOn: p.receivedOn,
      userNumber: p.userNumber,
      userName: p.userName,
      method: t(`billing.method.${p.method}`),
      reference: p.details.receiptNumber ?? p.details.reference ?? p.details.commodity ?? "",
      takenBy: p.takenByName,
      reversed: p.reversalReason ?? "",
      amount: p.amountTyiyn,
    }));
  });
  return workbook(
    t("billing.exports.payments"),
    [
      { key: "receivedOn", header: t("billing.receipt.date"), width: 12, day: true },
      { key: "userNumber", header: t("billing.user.number"), width: 10 },
      { key: "userName", header: t("billing.user.name"), width: 36 },
      { key: "method", header: t("billing.cashier.method"), width: 16 },
      { key: "reference", header: t("billing.cashier.reference"), width: 18 },
      { key: "takenBy", header: t("billing.receipt.takenBy"), width: 24 },
      { key: "reversed", header: t("billing.receipt.reversed"), width: 24 },
      { key: "amount", header: t("billing.receipt.amount"), width: 14, som: true },
    ],
    found,
  );
}

/** A season's collection rate: overall, per village, and for vulnerable and other households. */
export async function exportCollection(
  database: Database,
  ctx: RequestContext,
  query: { seasonId: string; locale: Locale },
) {
  const t = translator(query.locale);
  const report = await collectionReport(database, ctx, query.seasonId);
  const villageName = await villageNameIn(database, ctx, query.locale);
  const row = (
    group: string,
    g: { chargedTyiyn: number; paidTyiyn: number; ratePercent: string | null },
  ) => ({
    group,
    charged: g.chargedTyiyn,
    paid: g.paidTyiyn,
    // A number, so the sheet can sort and chart it, shown with one decimal as the report gives it.
    rate: g.ratePercent === null ? "" : Number(g.ratePercent),
  });
  return workbook(
    t("billing.reports.collection"),
    [
      { key: "group", header: t("billing.exports.group"), width: 36 },
      { key: "charged", header: t("billing.reports.charged"), width: 14, som: true },
      { key: "paid", header: t("billing.reports.paid"), width: 14, som: true },
      { key: "rate", header: t("billing.reports.rate"), width: 10, numFmt: "0.0" },
    ],
    [
      row(t("billing.ageing.total"), report.total),
      ...report.byVillage.map((g) =>
        row(`${t("billing.reports.byVillage")}: ${villageName(g.key) || "—"}`, g),
      ),
      ...report.byVulnerability.map((g) => row(t(`billing.reports.${g.key}`), g)),
    ],
  );
}
