import type { Content, TableCell } from "pdfmake/interfaces.js";
import { type Locale, pickName } from "../../domain/places/units.js";
import { cropByCode } from "../../domain/planning/crops.js";
import type { SeasonPlan } from "../../domain/planning/season-plan.js";
import { localDayOf } from "../../domain/shared/local-time.js";
import { decadeLabel } from "../../domain/shared/paper-date.js";
import { translate } from "../platform/i18n.js";
import { renderPdf } from "../platform/pdf.js";
import { type Cell, type SheetSpec, workbookFile } from "../platform/spreadsheet.js";
import type { waterPlan } from "./tables.js";

/** A crop named in the reader's language; one the catalog does not know, by its code. */
function cropName(code: string, locale: Locale): string {
  const crop = cropByCode(code);
  return crop ? pickName(crop.name, locale) : code;
}

export type ExportLocale = "ky" | "ru";

export interface PlanDocument {
  plan: typeof waterPlan.$inferSelect;
  seasonName: string;
  stationName: string;
  organisationName: string;
  /** The organisation's clock: the plan's day is printed as its staff saw it. */
  timeZone: string;
}

const m3 = (v: number) => Math.round(v);
const total = (values: readonly number[]) => values.reduce((s, v) => s + v, 0);

function labels(locale: ExportLocale) {
  const t = (key: string, params: Record<string, unknown> = {}) =>
    translate(locale, `planning.export.${key}`, params);
  return { t, rain: (p: PlanDocument) => translate(locale, `planning.rainMethod.${p.plan.rainMethod.kind}`) };
}

function heading(doc: PlanDocument, locale: ExportLocale) {
  const { t, rain } = labels(locale);
  const adjusted = doc.plan.result.kcAdjustments.filter((a) => a.mid !== null || a.end !== null);
  return [
    t("title", { season: doc.seasonName, number: doc.plan.planNumber }),
    doc.organisationName,
    `${t("station")}: ${doc.stationName}; ${t("rainMethod")}: ${rain(doc)}; ${t("madeAt")}: ${localDayOf(doc.plan.madeAt, doc.timeZone)}`,
    adjusted.length > 0
      ? translate(locale, "planning.plan.kcAdjusted", {
          list: adjusted
            .map(
              (a) =>
                `${cropName(a.cropCode, locale)} ${a.plantingDate}: ${a.kcMid.toFixed(2)} / ${a.kcEnd.toFixed(2)}`,
            )
            .join("; "),
        })
      : translate(locale, "planning.plan.kcTable"),
  ];
}

/** The plan as a workbook: the order at the head, then users, canals and climate, decade by decade. */
export async function planWorkbook(doc: PlanDocument, locale: ExportLocale): Promise<Buffer> {
  const { t } = labels(locale);
  const result: SeasonPlan = doc.plan.result;
  const preamble = heading(doc, locale);
  const decades = result.decades.map((d) => decadeLabel(d, locale));
  const byDecade = (first: string[], rows: Cell[][]): Omit<SheetSpec, "name"> => ({
    preamble,
    header: [...first, ...decades, t("total")],
    rows,
    width: 10,
    columnStyles: [{ width: 30 }],
  });
  const withTotal = (values: readonly number[]) => [...values.map(m3), m3(total(values))];
  const fieldGross = result.decades.map((_, i) => total(result.users.map((u) => u.grossM3[i]!)));
  return workbookFile([
    {
      name: t("sheetHead"),
      ...byDecade(
        [t("item")],
        [
          [t("headOrder"), ...withTotal(result.headM3)],
          [t("fieldGross"), ...withTotal(fieldGross)],
        ],
      ),
    },
    {
      name: t("sheetUsers"),
      ...byDecade(
        [t("user"), t("areaHa"), t("kind")],
        result.users.flatMap((u) => [
          [u.name, u.areaHa, t("net"), ...withTotal(u.netM3)],
          [u.name, u.areaHa, t("gross"), ...withTotal(u.grossM3)],
        ]),
      ),
    },
    {
      name: t("sheetCanals"),
      ...byDecade(
        [t("canal"), t("efficiency")],
        result.reaches.map((r) => [`${r.code} ${r.name}`, r.efficiency, ...withTotal(r.inflowM3)]),
      ),
    },
    {
      name: t("sheetClimate"),
      header: [t("decade"), t("et0"), t("rain"), t("source")],
      rows: result.climate.map((c) => [
        decadeLabel(c.decade, locale),
        Number(c.et0MmPerDay.toFixed(2)),
        // Rain the station did not record stays empty, not a dry 0.
        c.rainRecorded === false ? null : Number(c.rainMm.toFixed(1)),
        translate(locale, `planning.source.${c.source}`),
      ]),
    },
  ]);
}

/** The order to the district water department as PDF: per decade at the head, then per user for the season. */
export async function planPdf(doc: PlanDocument, locale: ExportLocale): Promise<Buffer> {
  const { t } = labels(locale);
  const result: SeasonPlan = doc.plan.result;
  const cell = (text: string | number, bold = false): TableCell => ({
    text: typeof text === "number" ? text.toLocaleString("ru-RU") : text,
    bold,
    alignment: typeof text === "number" ? "right" : "left",
  });
  const [title, org, meta, kc] = heading(doc, locale);
  const content: Content[] = [
    { text: org!, fontSize: 9 },
    { text: title!, fontSize: 14, bold: true, margin: [0, 4, 0, 4] },
    { text: meta!, fontSize: 8 },
    { text: kc!, fontSize: 8, margin: [0, 0, 0, 8] },
    {
      table: {
        headerRows: 1,
        widths: ["auto", "auto", "auto", "auto", "*"],
        body: [
          [t("decade"), t("et0"), t("rain"), t("fieldGross"), t("headOrder")].map((h) => cell(h, true)),
          ...result.decades.map((d, i) => [
            cell(decadeLabel(d, locale)),
            cell(Number(result.climate[i]!.et0MmPerDay.toFixed(2))),
            cell(
              result.climate[i]!.rainRecorded === false ? "—" : Number(result.climate[i]!.rainMm.toFixed(1)),
            ),
            cell(m3(total(result.users.map((u) => u.grossM3[i]!)))),
            cell(m3(result.headM3[i]!)),
          ]),
          [cell(t("total"), true), cell(""), cell(""), cell(""), cell(m3(result.headTotalM3), true)],
        ],
      },
      fontSize: 8,
    },
    { text: t("sheetUsers"), bold: true, margin: [0, 10, 0, 4] },
    {
      table: {
        headerRows: 1,
        widths: ["*", "auto", "auto", "auto"],
        body: [
          [t("user"), t("areaHa"), t("net"), t("gross")].map((h) => cell(h, true)),
          ...result.users.map((u) => [
            cell(u.name),
            cell(u.areaHa),
            cell(m3(total(u.netM3))),
            cell(m3(total(u.grossM3))),
          ]),
        ],
      },
      fontSize: 8,
    },
  ];
  return renderPdf({ content, defaultStyle: { font: "Roboto", fontSize: 9 }, info: { title: title! } });
}
