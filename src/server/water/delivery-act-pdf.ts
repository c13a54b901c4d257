import type { Column, Content, TDocumentDefinitions } from "pdfmake/interfaces.js";
import { pickName } from "../../domain/places/units.js";
import { DEFAULT_TIME_ZONE, formatLocalDateTime, localDayOf } from "../../domain/shared/local-time.js";
import { paperDate } from "../../domain/shared/paper-date.js";
import { findOrganisation } from "../orgs/service.js";
import { type RequestContext, requireActor } from "../platform/context.js";
import type { Database } from "../platform/db.js";
import { translate } from "../platform/i18n.js";
import { renderPdf } from "../platform/pdf.js";
import { withTenant } from "../platform/transactions.js";
import { deliveryById } from "./deliveries.js";

export type ActLocale = "ky" | "ru";

const number = (value: number, digits: number) => value.toFixed(digits).replace(".", ",");

/**
 * The delivery act (акт подачи воды / суу берүү актысы) on A4: who received how much water, where
 * and when, how it was measured, with lines for the water master's and the user's signatures.
 */
export async function deliveryActPdf(
  database: Database,
  ctx: RequestContext,
  id: string,
  lang: ActLocale,
): Promise<Buffer> {
  const actor = requireActor(ctx);
  const { d, org } = await withTenant(database, actor, async (tx) => {
    return { d: await deliveryById(tx, actor.orgId, id), org: await findOrganisation(tx, actor.orgId) };
  });
  const t = (key: string, params: Record<string, unknown> = {}) =>
    translate(lang, `water.act.${key}`, params);
  // The act is filled in on the organisation's local clock, as a water master writes it by hand.
  const timeZone = org?.timeZone ?? DEFAULT_TIME_ZONE;
  const hours = (d.endedAt.getTime() - d.startedAt.getTime()) / 3_600_000;
  const plot = d.plotId
    ? [d.plotCadastralNumber, d.plotAreaHa !== null ? `${number(d.plotAreaHa, 2)} ${t("ha")}` : null]
        .filter(Boolean)
        .join(", ")
    : "—";
  const rows: [string, string][] = [
    [t("user"), `№ ${d.userNumber}. ${d.userName}`],
    [t("outlet"), `${d.outletCode} — ${d.outletName}`],
    [t("plot"), plot],
    [t("from"), formatLocalDateTime(d.startedAt, timeZone)],
    [t("to"), formatLocalDateTime(d.endedAt, timeZone)],
    [t("duration"), `${number(hours, 2)} ${t("hours")}`],
    [t("method"), t(`methods.${d.method}`)],
  ];
  if (d.flowLps !== null) rows.push([t("flow"), `${number(d.flowLps, 1)} ${t("lps")}`]);
  rows.push([t("volume"), `${number(d.volumeM3, 1)} ${t("m3")}`]);
  if (d.gapSeconds) rows.push([t("gap"), `${number(d.gapSeconds / 3600, 2)} ${t("hours")}`]);

  const signature = (role: string, name: string): Column => ({
    width: "*",
    stack: [
      { text: role, bold: true },
      { text: "______________________", margin: [0, 24, 0, 0] },
      { text: name, style: "small", margin: [0, 2, 0, 0] },
    ],
  });
  const content: Content[] = [
    { text: org ? pickName(org.name, lang) : "", style: "org" },
    { canvas: [{ type: "line", x1: 0, y1: 4, x2: 515, y2: 4, lineWidth: 0.8 }], margin: [0, 4, 0, 12] },
    { text: t("title"), style: "title" },
    {
      columns: [
        { text: `№ ${d.actNumber}`, bold: true },
        { text: paperDate(localDayOf(d.startedAt, timeZone)), alignment: "right" },
      ],
      margin: [0, 0, 0, 12],
    },
    {
      table: { widths: [170, "*"], body: rows.map(([k, v]) => [{ text: k, bold: true }, v]) },
      layout: "lightHorizontalLines",
      margin: [0, 0, 0, 24],
    },
    { text: t("statement"), margin: [0, 0, 0, 24] },
    { columns: [signature(t("waterMaster"), t("nameAndSignature")), signature(t("received"), d.userName)] },
  ];
  if (d.voidedAt) content.push({ text: t("voided", { reason: d.voidReason ?? "" }), style: "voided" });
  if (d.signedOn)
    content.push({ text: t("signedOn", { date: paperDate(d.signedOn) }), margin: [0, 16, 0, 0] });
  const document: TDocumentDefinitions = {
    info: { title: `${t("title")} № ${d.actNumber}`, producer: "Aimak" },
    pageMargins: [56, 48, 40, 48],
    defaultStyle: { font: "Roboto", fontSize: 11 },
    styles: {
      org: { fontSize: 13, bold: true, alignment: "center" },
      title: { fontSize: 14, bold: true, alignment: "center", margin: [0, 12, 0, 12] },
      small: { fontSize: 8, color: "#444" },
      voided: { fontSize: 14, bold: true, color: "#b00", margin: [0, 16, 0, 0] },
    },
    content,
  };
  return renderPdf(document);
}
