import ExcelJS from "exceljs";
import { LOCALES, type Locale } from "../../domain/places/units.js";
import { foldWord } from "../../domain/registry/household-book.js";
import { DomainError } from "../../domain/shared/errors.js";
import {
  CHOICES,
  type Choice,
  SHEET_COLUMNS,
  SHEETS,
  type Sheet,
  type SheetLookups,
} from "../../domain/water/network-sheet.js";
import { translate } from "../platform/i18n.js";
import { cellValue } from "../platform/spreadsheet.js";

// The network's files as rows and back: a workbook (one sheet per kind) or a GeoJSON FeatureCollection.
export const columnLabel = (locale: Locale, column: string) => translate(locale, `network.columns.${column}`);
const sheetLabel = (locale: Locale, sheet: Sheet) => translate(locale, `network.sheets.${sheet}`);
const choiceLabel = (locale: Locale, choice: Choice, value: string) =>
  translate(locale, `network.${choice}.${value}`);

/** Every word a cell, header or sheet name may use: the key itself and its label in each language. */
function wordsFor(key: string, label: (l: Locale) => string): string[] {
  return [key, ...LOCALES.map(label)].map(foldWord);
}

export function lookups(): SheetLookups {
  const choices = {} as Record<Choice, Map<string, string>>;
  for (const choice of Object.keys(CHOICES) as Choice[]) {
    choices[choice] = new Map(
      CHOICES[choice].flatMap((v) =>
        wordsFor(v, (l) => choiceLabel(l, choice, v)).map((w) => [w, v] as const),
      ),
    );
  }
  const booleans = new Map<string, boolean>();
  for (const [key, value] of [
    ["yes", true],
    ["no", false],
  ] as const) {
    for (const w of [...wordsFor(String(value), (l) => translate(l, `common.${key}`)), value ? "1" : "0"])
      booleans.set(w, value);
  }
  return { choices, booleans, fold: foldWord };
}

/** One row of the file as read: where it stands and its cells by column key. */
export interface FileRow {
  sheet: Sheet;
  row: number;
  cells: Record<string, unknown>;
}

const GEOJSON_LAYER: Record<string, Sheet> = { reach: "reaches", structure: "structures", plot: "plots" };
export const LAYER_OF: Record<Sheet, string> = { reaches: "reach", structures: "structure", plots: "plot" };

/** A FeatureCollection's features as rows: `layer` says the sheet, properties are the cells. */
function geoJsonRows(document: unknown): { rows: FileRow[]; unknownLayers: number[] } {
  const features = (document as { type?: unknown; features?: unknown } | null)?.features;
  if ((document as { type?: unknown } | null)?.type !== "FeatureCollection" || !Array.isArray(features))
    throw new DomainError("water.import.unreadable");
  const rows: FileRow[] = [];
  const unknownLayers: number[] = [];
  features.forEach((f: { properties?: Record<string, unknown> | null; geometry?: unknown }, i) => {
    const properties = f?.properties ?? {};
    const sheet = GEOJSON_LAYER[String(properties.layer)];
    if (!sheet) {
      unknownLayers.push(i + 1);
      return;
    }
    const cells: Record<string, unknown> = { ...properties };
    if (sheet === "structures") {
      const point = f.geometry as { type?: string; coordinates?: unknown[] } | null;
      if (point?.type === "Point") [cells.lon, cells.lat] = point.coordinates ?? [];
    } else cells.geometry = f.geometry ?? null;
    rows.push({ sheet, row: i + 1, cells });
  });
  return { rows, unknownLayers };
}

/** The workbook's sheets named in any language (or by key); headers likewise. Other sheets are ignored. */
async function workbookRows(file: Buffer): Promise<FileRow[]> {
  const book = new ExcelJS.Workbook();
  try {
    await book.xlsx.load(file as unknown as ArrayBuffer);
  } catch {
    throw new DomainError("water.import.unreadable");
  }
  const sheetOf = new Map(
    SHEETS.flatMap((s) => wordsFor(s, (l) => sheetLabel(l, s)).map((w) => [w, s] as const)),
  );
  const rows: FileRow[] = [];
  for (const worksheet of book.worksheets) {
    const sheet = sheetOf.get(foldWord(worksheet.name));
    if (!sheet) continue;
    const headerOf = new Map(
      SHEET_COLUMNS[sheet].flatMap((c) =>
        wordsFor(c.key, (l) => columnLabel(l, c.key)).map((w) => [w, c.key]),
      ),
    );
    const columns = new Map<number, string>();
    worksheet.getRow(1).eachCell((cell, index) => {
      const key = headerOf.get(foldWord(String(cellValue(cell.value) ?? "")));
      if (key) columns.set(index, key);
    });
    worksheet.eachRow((r, number) => {
      if (number === 1) return;
      const cells: Record<string, unknown> = {};
      for (const [index, key] of columns) cells[key] = cellValue(r.getCell(index).value);
      if (Object.values(cells).some((v) => v !== null && v !== undefined && v !== ""))
        rows.push({ sheet, row: number, cells });
    });
  }
  if (rows.length === 0) throw new DomainError("water.import.empty");
  return rows;
}

/** A spreadsheet starts with the zip signature; anything else is read as GeoJSON text. */
export function parseNetworkFile(
  body: unknown,
): { rows: FileRow[]; unknownLayers: number[] } | Promise<FileRow[]> {
  if (Buffer.isBuffer(body)) {
    if (body.subarray(0, 2).toString("latin1") === "PK") return workbookRows(body);
    try {
      return geoJsonRows(JSON.parse(body.toString("utf8")));
    } catch (error) {
      if (error instanceof DomainError) throw error;
      throw new DomainError("water.import.unreadable");
    }
  }
  return geoJsonRows(body);
}

export async function workbook(
  locale: Locale,
  data: Record<Sheet, Record<string, unknown>[]>,
  lists = false,
) {
  const book = new ExcelJS.Workbook();
  for (const sheet of SHEETS) {
    const ws = book.addWorksheet(sheetLabel(locale, sheet));
    ws.columns = SHEET_COLUMNS[sheet].map((c) => ({
      header: columnLabel(locale, c.key),
      key: c.key,
      width: c.type === "geometry" ? 40 : 16,
    }));
    ws.getRow(1).font = { bold: true };
    ws.views = [{ state: "frozen", ySplit: 1 }];
    for (const row of data[sheet]) {
      const cells = { ...row };
      if (sheet === "structures") {
        const point = row.geometry as { coordinates: [number, number] } | null;
        [cells.lon, cells.lat] = point ? point.coordinates : [null, null];
      } else if (row.geometry) cells.geometry = JSON.stringify(row.geometry);
      for (const choice of Object.keys(CHOICES) as Choice[])
        if (typeof cells[choice] === "string")
          cells[choice] = choiceLabel(locale, choice, cells[choice] as string);
      for (const [k, v] of Object.entries(cells))
        if (typeof v === "boolean") cells[k] = translate(locale, v ? "common.yes" : "common.no");
      ws.addRow(cells);
    }
  }
  if (lists) {
    const ws = book.addWorksheet(translate(locale, "network.lists"));
    const choices = Object.keys(CHOICES) as Choice[];
    ws.addRow(choices.map((c) => columnLabel(locale, c)));
    ws.getRow(1).font = { bold: true };
    const length = Math.max(...choices.map((c) => CHOICES[c].length));
    for (let i = 0; i < length; i++)
      ws.addRow(choices.map((c) => (CHOICES[c][i] ? choiceLabel(locale, c, CHOICES[c][i]!) : "")));
    ws.columns.forEach((c) => {
      c.width = 24;
    });
  }
  return Buffer.from(await book.xlsx.writeBuffer());
}
