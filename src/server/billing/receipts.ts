import type { Content, TDocumentDefinitions } from "pdfmake/interfaces.js";
import { type Locale, pickName } from "../../domain/places/units.js";
import { formatMoney } from "../../domain/shared/money.js";
import { paperDate } from "../../domain/shared/paper-date.js";
import { findOrganisation } from "../orgs/service.js";
import type { RequestContext } from "../platform/context.js";
import type { Database } from "../platform/db.js";
import { translate } from "../platform/i18n.js";
import { renderPdf } from "../platform/pdf.js";
import { balancesOf, withBilling } from "./ledger.js";
import { loadPayment } from "./payments.js";
import { type StatementRange, userStatement } from "./reports.js";

export type ReceiptFormat = "a4" | "80mm";

/** 80 mm paper less the printer's margins: 72 mm printable, in points. */
const RECEIPT_WIDTH_PT = (72 / 25.4) * 72;

/**
 * A payment's receipt: on A4, or on an 80 mm receipt printer (one narrow column, height as long
 * as the content). Says who paid what, how, who took it, and the balance after.
 */
export async function paymentReceipt(
  database: Database,
  ctx: RequestContext,
  paymentId: string,
  format: ReceiptFormat,
  locale: Locale,
): Promise<Buffer> {
  const { payment, orgName, balance } = await withBilling(database, ctx, async (tx, orgId) => {
    const payment = await loadPayment(tx, orgId, paymentId);
    const org = await findOrganisation(tx, orgId);
    const balance = (await balancesOf(tx, orgId, [payment.waterUserId])).get(payment.waterUserId) ?? 0;
    return { payment, orgName: org ? pickName(org.name, locale) : "", balance };
  });
  const t = (key: string, params: Record<string, string | number> = {}) => translate(locale, key, params);
  const d = payment.details;
  const how =
    payment.method === "cash"
      ? t("billing.method.cash")
      : payment.method === "bank"
        ? `${t("billing.method.bank")}: ${d.reference ?? ""}`
        : `${t("billing.method.in-kind")}: ${t("billing.receipt.inKindLine", {
            commodity: d.commodity ?? "",
            quantity: d.quantityKg ?? 0,
            rate: formatMoney(d.rateTyiynPerKg ?? 0, locale),
          })} (${d.valuationDecisionRef})`;
  const narrow = format === "80mm";
  const rows: [string, string][] = [
    [t("billing.receipt.number"), d.receiptNumber ?? payment.id.slice(-8)],
    [t("billing.receipt.date"), paperDate(payment.receivedOn)],
    [t("billing.receipt.payer"), `${t("billing.user.number")} ${payment.userNumber} ${payment.userName}`],
    [t("billing.receipt.method"), how],
    [t("billing.receipt.amount"), formatMoney(payment.amountTyiyn, locale)],
    [t("billing.receipt.takenBy"), payment.takenByName],
    [t("billing.receipt.balance"), formatMoney(balance, locale)],
  ];
  const content: Content[] = [
    { text: orgName, style: "org" },
    { text: t("billing.receipt.title"), style: "title" },
    narrow
      ? {
          stack: rows.flatMap(([k, v]) => [
            { text: k, style: "label" },
            { text: v, margin: [0, 0, 0, 4] },
          ]),
        }
      : { table: { widths: [160, "*"], body: rows }, layout: "lightHorizontalLines" },
  ];
  if (payment.reversedAt) {
    content.push({
      text: `${t("billing.receipt.reversed")}: ${payment.reversalReason ?? ""}`,
      style: "reversed",
    });
  }
  content.push({ text: t("billing.receipt.signature"), margin: [0, narrow ? 12 : 30, 0, 0] });
  const doc: TDocumentDefinitions = {
    ...(narrow
      ? { pageSize: { width: RECEIPT_WIDTH_PT + 16, height: "auto" }, pageMargins: [8, 8, 8, 8] }
      : {}),
    info: { title: t("billing.receipt.title") },
    defaultStyle: { font: "Roboto", fontSize: narrow ? 9 : 11 },
    styles: {
      org: { fontSize: narrow ? 10 : 12, bold: true, alignment: "center" },
      title: { fontSize: narrow ? 11 : 16, bold: true, alignment: "center", margin: [0, 6, 0, 10] },
      label: { fontSize: narrow ? 7 : 9, color: "#555555" },
      reversed: { bold: true, color: "#b00020", margin: [0, 10, 0, 0] },
    },
    content,
  };
  return renderPdf(doc);
}

/**
 * A water user's statement on A4: every document and payment in order with the running balance,
 * and the balance of the ledger at the end.
 */
export async function statementPdf(
  database: Database,
  ctx: RequestContext,
  waterUserId: string,
  range: StatementRange,
  locale: Locale,
): Promise<Buffer> {
  const statement = await userStatement(database, ctx, waterUserId, range);
  const orgName = await withBilling(database, ctx, async (tx, orgId) => {
    const org = await findOrganisation(tx, orgId);
    return org ? pickName(org.name, locale) : "";
  });
  const t = (key: string) => translate(locale, key);
  const { user } = statement;
  const header = [
    t("billing.receipt.date"),
    t("billing.tariff.kind"),
    t("billing.doc.number"),
    t("billing.doc.total"),
    t("billing.doc.balance"),
  ].map((text) => ({ text, bold: true }));
  const body = statement.lines.map((l) => [
    paperDate(l.on),
    l.reason ? `${t(`billing.doc.kinds.${l.kind}`)}: ${l.reason}` : t(`billing.doc.kinds.${l.kind}`),
    l.ref,
    { text: formatMoney(l.amountTyiyn, locale), alignment: "right" as const },
    { text: formatMoney(l.balanceTyiyn, locale), alignment: "right" as const },
  ]);
  return renderPdf({
    info: { title: t("billing.doc.statement") },
    defaultStyle: { font: "Roboto", fontSize: 10 },
    content: [
      { text: orgName, bold: true, fontSize: 12, alignment: "center" },
      {
        text: t("billing.doc.statement"),
        bold: true,
        fontSize: 16,
        alignment: "center",
        margin: [0, 6, 0, 4],
      },
      {
        // "№ 12" or, in English, "No. 12", as the pages write a user's number.
        text: `${t("billing.user.number")} ${user.number} ${user.displayName}`,
        alignment: "center",
        margin: [0, 0, 0, 4],
      },
      {
        text: [statement.from, statement.to].map((d) => (d ? paperDate(d) : "…")).join(" – "),
        alignment: "center",
        margin: [0, 0, 0, 8],
      },
      {
        text: `${t("billing.statement.opening")}: ${formatMoney(statement.openingBalanceTyiyn, locale)}`,
        alignment: "right",
        margin: [0, 0, 0, 6],
      },
      {
        table: { headerRows: 1, widths: [60, "*", 60, 80, 80], body: [header, ...body] },
        layout: "lightHorizontalLines",
      },
      {
        text: `${t("billing.statement.closing")}: ${formatMoney(statement.closingBalanceTyiyn, locale)}`,
        bold: true,
        alignment: "right",
        margin: [0, 12, 0, 0],
      },
    ],
  });
}
