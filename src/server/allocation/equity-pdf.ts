import type { Content } from "pdfmake/interfaces.js";
import type { GroupSummary, MoldenGates } from "../../domain/allocation/equity.js";
import { pickName } from "../../domain/places/units.js";
import { findOrganisation } from "../orgs/service.js";
import { type RequestContext, requireActor } from "../platform/context.js";
import type { Database } from "../platform/db.js";
import { translate } from "../platform/i18n.js";
import { renderPdf } from "../platform/pdf.js";
import { withTenant } from "../platform/transactions.js";
import { seasonEquity } from "./equity.js";

const fixed = (x: number, digits = 2) => x.toFixed(digits);
const volume = (m3: number) => Math.round(m3).toLocaleString("ru-RU");

/** The one-page equity report for the WUA's general meeting, in Kyrgyz or Russian. */
export async function equityPdf(database: Database, ctx: RequestContext, seasonId: string, runId?: string) {
  const actor = requireActor(ctx);
  const locale = ctx.locale === "ru" ? "ru" : "ky";
  const t = (key: string, params: Record<string, unknown> = {}) => translate(locale, `equity.${key}`, params);
  const report = await seasonEquity(database, ctx, seasonId, runId);
  const org = await withTenant(database, actor, (tx) => findOrganisation(tx, actor.orgId));
  const indicators = (name: string, m: MoldenGates) => [
    name,
    fixed(m.adequacy),
    m.dependability === null ? "—" : fixed(m.dependability),
    fixed(m.equity),
    fixed(m.efficiency),
  ];
  const groupTable = (title: string, groups: GroupSummary[]): Content[] => [
    { text: title, style: "section" },
    {
      table: {
        headerRows: 1,
        widths: ["*", 40, 70, 70, 50, 50],
        body: [
          [t("group"), t("users"), t("required"), t("delivered"), t("relative"), t("depth")].map(bold),
          ...groups.map((g) => [
            t(`groups.${g.group}`),
            String(g.users),
            volume(g.requiredM3),
            volume(g.deliveredM3),
            fixed(g.relativeSupply),
            fixed(g.depthMm, 0),
          ]),
        ],
      },
      fontSize: 9,
    },
  ];
  return renderPdf({
    info: { title: t("title", { season: report.season.name }) },
    content: [
      { text: org ? pickName(org.name, locale) : "", style: "org" },
      { text: t("title", { season: report.season.name }), style: "title" },
      ...(runId ? [{ text: `${report.periods[0]!.fromDay} – ${report.periods[0]!.toDay}`, bold: true }] : []),
      {
        text: t("summary", {
          users: report.users,
          linked: report.linkedUsers,
          periods: report.periods.length,
        }),
      },
      { text: t("indicators"), style: "section" },
      {
        table: {
          headerRows: 1,
          widths: ["*", 55, 70, 55, 55],
          body: [
            ["", t("adequacy"), t("dependability"), t("equityIndicator"), t("efficiency")].map(bold),
            indicators(t("planned"), report.planned),
            indicators(t("measured"), report.delivered),
          ],
        },
        fontSize: 9,
      },
      { text: t("indicatorsHint"), fontSize: 8, color: "#555", margin: [0, 2, 0, 0] },
      ...groupTable(t("byThird"), report.groups.thirds),
      ...groupTable(t("byVulnerability"), report.groups.vulnerability),
      ...groupTable(t("byWomenHeaded"), report.groups.womenHeaded),
    ],
    styles: {
      org: { fontSize: 10, color: "#555" },
      title: { fontSize: 14, bold: true, margin: [0, 4, 0, 6] },
      section: { fontSize: 11, bold: true, margin: [0, 10, 0, 4] },
    },
    defaultStyle: { font: "Roboto", fontSize: 10 },
  });
}

const bold = (text: string) => ({ text, bold: true });
