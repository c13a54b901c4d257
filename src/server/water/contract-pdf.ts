import type { Content, TDocumentDefinitions } from "pdfmake/interfaces.js";
import { pickName } from "../../domain/places/units.js";
import { cropByCode } from "../../domain/planning/crops.js";
import { findOrganisation, paperAddress } from "../orgs/service.js";
import { villageNamer } from "../places/service.js";
import { type RequestContext, requireActor } from "../platform/context.js";
import type { Database } from "../platform/db.js";
import { translate } from "../platform/i18n.js";
import { renderPdf } from "../platform/pdf.js";
import { contractDetail } from "./contracts.js";
import { withWater } from "./users.js";

const formatDate = (iso: string | null) => (iso ? iso.split("-").reverse().join(".") : "—");
const hectares = (ha: number) => ha.toFixed(4).replace(/0{1,2}$/, "");

/** The contract on A4 in Kyrgyz or Russian: the provider and its details, the parties, plots, crops and areas. */
export async function contractPdf(database: Database, ctx: RequestContext, id: string, lang: "ky" | "ru") {
  const { c, org, villageName } = await withWater(database, ctx, async (tx) => {
    const orgId = requireActor(ctx).orgId;
    return {
      c: await contractDetail(tx, orgId, id),
      org: (await findOrganisation(tx, orgId))!,
      villageName: await villageNamer(tx, lang),
    };
  });
  const t = (key: string, params: Record<string, string | number> = {}) =>
    translate(lang, `water.pdf.${key}`, params);
  const d = org.details;
  const address = paperAddress(d, lang);
  const orgName = pickName(org.name, lang);
  const u = c.waterUser;
  const userLines = [
    u.displayName,
    u.pin ? `${t("pin")}: ${u.pin}` : null,
    u.taxId ? `${t("taxId")}: ${u.taxId}` : null,
    u.villageCode ? `${t("village")}: ${villageName(u.villageCode) ?? ""}` : null,
    u.phone ? `${t("phone")}: ${u.phone}` : null,
    `${t("member")}: ${t(u.member ? "yes" : "no")}`,
  ].filter((x): x is string => Boolean(x));
  const providerLines = [
    orgName,
    address,
    d.phone,
    d.taxId ? `${t("taxId")}: ${d.taxId}` : undefined,
    d.bankName ? `${t("bank")}: ${d.bankName}${d.bankCode ? `, ${d.bankCode}` : ""}` : undefined,
    d.bankAccount ? `${t("account")}: ${d.bankAccount}` : undefined,
  ].filter((x): x is string => Boolean(x));
  const content: Content[] = [
    { text: orgName, style: "org" },
    { text: [address, d.phone].filter(Boolean).join(" · "), style: "small", alignment: "center" },
    { canvas: [{ type: "line", x1: 0, y1: 4, x2: 499, y2: 4, lineWidth: 0.8 }], margin: [0, 4, 0, 8] },
    { text: t("title"), style: "title" },
    {
      columns: [
        { text: `№ ${c.number}`, bold: true },
        { text: c.signedOn ? formatDate(c.signedOn) : t(`status.${c.status}`), alignment: "right" },
      ],
    },
    {
      text: t("intro", {
        season: c.season.name,
        from: formatDate(c.season.startsOn),
        to: formatDate(c.season.endsOn),
      }),
      margin: [0, 10, 0, 10],
      alignment: "justify",
    },
    {
      columns: [
        { stack: [{ text: t("provider"), bold: true }, ...providerLines] },
        { stack: [{ text: t("user"), bold: true }, ...userLines] },
      ],
      columnGap: 16,
      margin: [0, 0, 0, 12],
    },
    {
      table: {
        headerRows: 1,
        widths: ["auto", "*", "*", "auto"],
        body: [
          [t("cadastral"), t("outlet"), t("crop"), t("areaHa")].map((h) => ({ text: h, bold: true })),
          ...c.lines.map((l) => {
            const crop = cropByCode(l.cropCode);
            return [
              l.cadastralNumber ?? "—",
              `${l.outletCode} ${l.outletName}`,
              crop ? pickName(crop.name, lang) : l.cropCode,
              { text: hectares(l.areaHa), alignment: "right" as const },
            ];
          }),
          [
            { text: t("total"), bold: true, colSpan: 3 },
            "",
            "",
            { text: hectares(c.areaHa), bold: true, alignment: "right" as const },
          ],
        ],
      },
      layout: "lightHorizontalLines",
      margin: [0, 0, 0, 10],
    },
    {
      text: `${t("tariffClass")}: ${translate(lang, `wu.tariffClasses.${c.tariffClass}`, { defaultValue: c.tariffClass })}`,
    },
    { text: t("terms"), margin: [0, 8, 0, 0], alignment: "justify", fontSize: 10 },
    ...(c.notes
      ? [{ text: c.notes, margin: [0, 6, 0, 0] as [number, number, number, number], italics: true }]
      : []),
    {
      columns: [
        {
          stack: [
            { text: t("forProvider"), bold: true },
            { text: `${d.headName ?? ""}  ______________`, margin: [0, 18, 0, 0] },
            { text: t("stamp"), style: "small" },
          ],
        },
        {
          stack: [
            { text: t("forUser"), bold: true },
            { text: `${u.displayName}  ______________`, margin: [0, 18, 0, 0] },
          ],
        },
      ],
      columnGap: 16,
      margin: [0, 28, 0, 0],
    },
  ];
  const document: TDocumentDefinitions = {
    info: { title: `${t("title")} № ${c.number}`, producer: "Aimak" },
    pageMargins: [56, 48, 40, 48],
    defaultStyle: { font: "Roboto", fontSize: 11 },
    styles: {
      org: { fontSize: 13, bold: true, alignment: "center" },
      title: { fontSize: 14, bold: true, alignment: "center", margin: [0, 8, 0, 8] },
      small: { fontSize: 8, color: "#444" },
    },
    ...(c.status === "draft" ? { watermark: { text: t("status.draft"), opacity: 0.12 } } : {}),
    content,
  };
  return renderPdf(document);
}
