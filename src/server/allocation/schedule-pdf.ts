import type { Content } from "pdfmake/interfaces.js";
import { pickName } from "../../domain/places/units.js";
import { DEFAULT_TIME_ZONE, formatLocalDateTime } from "../../domain/shared/local-time.js";
import { findOrganisation } from "../orgs/service.js";
import { type RequestContext, requireActor } from "../platform/context.js";
import type { Database } from "../platform/db.js";
import { translate } from "../platform/i18n.js";
import { renderPdf } from "../platform/pdf.js";
import { withTenant } from "../platform/transactions.js";
import { getRun } from "./runs.js";

/**
 * The rotation schedule on paper, one page per outlet, for the water master to pin up at the
 * outlet and for users to sign: who, from when to when, how much.
 */
export async function schedulePdf(database: Database, ctx: RequestContext, runId: string, outletId?: string) {
  const actor = requireActor(ctx);
  const locale = ctx.locale === "ru" ? "ru" : "ky";
  const t = (key: string, params: Record<string, unknown> = {}) =>
    translate(locale, `allocation.pdf.${key}`, params);
  const run = await getRun(database, ctx, runId);
  const org = await withTenant(database, actor, (tx) => findOrganisation(tx, actor.orgId));
  // Turns are printed on the organisation's local clock, as the water master reads them out.
  const clock = (at: string) => formatLocalDateTime(at, org?.timeZone ?? DEFAULT_TIME_ZONE, false);
  const names = new Map(run.shares.map((s) => [s.waterUserId, `№${s.number} ${s.displayName}`]));
  const outlets = run.reaches.filter(
    (r) => (outletId ? r.id === outletId : true) && run.schedule?.turns.some((turn) => turn.outlet === r.id),
  );
  const pages: Content[] = outlets.map((outlet, i) => {
    const turns = run.schedule!.turns.filter((turn) => turn.outlet === outlet.id);
    return [
      {
        text: org ? pickName(org.name, locale) : "",
        style: "org",
        ...(i > 0 ? { pageBreak: "before" as const } : {}),
      },
      { text: t("title", { outlet: `${outlet.code} ${outlet.name}` }), style: "title" },
      {
        text: t("period", { from: run.fromDay, to: run.toDay, flow: outlet.capacityLps }),
        margin: [0, 0, 0, 8],
      },
      {
        table: {
          headerRows: 1,
          widths: [20, "*", 70, 70, 50, 70],
          body: [
            ["#", t("user"), t("start"), t("end"), "m³", t("signature")].map((h) => ({
              text: h,
              bold: true,
            })),
            ...turns.map((turn, n) => [
              String(n + 1),
              `${names.get(turn.user) ?? ""}${turn.manual ? ` (${t("manual")})` : ""}`,
              clock(turn.start),
              clock(turn.end),
              String(Math.round(turn.volumeM3)),
              "",
            ]),
          ],
        },
        fontSize: 9,
      },
    ];
  });
  return renderPdf({
    info: { title: t("title", { outlet: "" }) },
    content: pages.length > 0 ? pages : [{ text: t("empty") }],
    styles: {
      org: { fontSize: 10, color: "#555" },
      title: { fontSize: 14, bold: true, margin: [0, 4, 0, 4] },
    },
    defaultStyle: { font: "Roboto", fontSize: 10 },
  });
}
