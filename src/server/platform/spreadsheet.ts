import ExcelJS from "exceljs";
import { LOCALES, type Locale } from "../../domain/places/units.js";
import { foldWord } from "../../domain/registry/household-book.js";
import {
  type CsvCell,
  csvDialect,
  decodeCsv,
  parseCsv,
  unguardFormula,
  writeCsv,
} from "../../domain/shared/csv.js";
import { DomainError, type MessageParams } from "../../domain/shared/errors.js";
import { isIsoDay } from "../../domain/shared/paper-date.js";
import { translate } from "./i18n.js";
import { readSheet } from "./sheet-reader.js";

/**
 * Tables people keep in Excel, in and out: an uploaded sheet (xlsx or CSV) read as rows keyed by
 * the columns its header names in any language, and a table written back as xlsx or CSV. The
 * household book and the water users' list both go through here.
 */
export type Cell = string | number | Date | boolean | null;

export interface TableRow<C extends string> {
  /** The row's number in the sheet, as the user sees it (the header is row 1). */
  rowNumber: number;
  cells: Partial<Record<C, Cell>>;
}

/** One problem of an uploaded table, in the user's language, as the import pages list them. */
export interface TableIssue {
  /** The sheet of a file with several, when it is not the first. */
  sheet?: string;
  row: number;
  column: string | null;
  columnLabel: string | null;
  code: string;
  message: string;
}

/** The value a cell shows: a formula's result, rich text joined, a hyperlink's text. */
export function cellValue(value: ExcelJS.CellValue): Cell {
  if (value === null || value === undefined) return null;
  if (value instanceof Date || typeof value !== "object") return value;
  if ("result" in value) return cellValue(value.result as ExcelJS.CellValue);
  if ("richText" in value) return value.richText.map((t) => t.text).join("");
  if ("text" in value) return String(value.text);
  return null;
}

/**
 * Adds a word a file may write for `key`, folded. The words of every language are read at once, so
 * one word that two languages (or Uzbek's two scripts) give different meanings would be read as
 * whichever came last: that is a mistake of the catalogs, and it fails here, in every test that
 * reads such a file, rather than in a clerk's import.
 */
export function addWord<C>(words: Map<string, C>, word: string, key: C): void {
  const folded = foldWord(word);
  const before = words.get(folded);
  if (before !== undefined && before !== key)
    throw new Error(`the word "${word}" would be read as both ${String(before)} and ${String(key)}`);
  words.set(folded, key);
}

/**
 * Folded word → key, for a header row or a closed list's cells: the key itself and its label in
 * every language, so a file labelled in any of them reads back.
 */
export function wordsOf<C extends string>(
  keys: readonly C[],
  label: (locale: Locale, key: C) => string,
): Map<string, C> {
  const map = new Map<string, C>();
  for (const key of keys) {
    addWord(map, key, key);
    for (const locale of LOCALES) addWord(map, label(locale, key), key);
  }
  return map;
}

/**
 * Headings earlier templates wrote, still read, so a book or a users' list filled in from an older
 * template goes in unchanged: the village column was headed as a code before it took names too.
 */
const FORMER_HEADINGS: Record<string, string> = {
  "Айылдын коду": "villageCode",
  "Код села": "villageCode",
  "Қишлоқ коди": "villageCode",
  "Рамзи деҳа": "villageCode",
  "Village code": "villageCode",
};

/** A header's words (wordsOf) with the former headings of the columns it has. */
export function headingsOf<C extends string>(keys: readonly C[], label: (locale: Locale, key: C) => string) {
  const map = wordsOf(keys, label);
  for (const [heading, key] of Object.entries(FORMER_HEADINGS))
    if ((keys as readonly string[]).includes(key)) addWord(map, heading, key as C);
  return map;
}

/** Error codes of the area that reads the table, so each page explains its own file. */
export interface TableErrors {
  unreadable: string;
  missingColumns: string;
  /**
   * A table with its headings but not one row under them (the template sent back unfilled): said
   * so in the area's words (no households, no water users), rather than answered as "0 rows".
   */
  empty: string;
  /** The catalog key of a column's heading: the columns a file lacks are named as its template heads them. */
  headingKey: (column: string) => string;
}

/**
 * Which sheet of a workbook holds a table: `choose` picks it by the sheets' names. An `optional`
 * one (a book's land sheet) may be absent, and a CSV file, which is one table, has none; otherwise
 * `choose` names a sheet always (falling back to the first), and a CSV file is the table.
 */
export interface SheetChoice {
  choose: (names: readonly string[]) => number | null;
  optional: boolean;
}

/**
 * Rows of an uploaded table: the first sheet of a workbook (read as a stream by sheet-reader.ts,
 * so a whole municipality's book never sits in memory as a workbook), or CSV text (comma, semicolon
 * or tab, UTF-8 or Windows-1251, as Excel writes it in a Russian locale: decodeCsv, parseCsv). Empty rows are skipped; a missing required column is
 * refused before any row is read, and a table with no row at all once read (`errors.empty`; an
 * optional sheet may have none). With `sheet`, the workbook's sheet it picks by name is read
 * instead of the first (SheetChoice).
 */
export async function readTable<C extends string>(
  file: Buffer,
  headers: Map<string, C>,
  required: readonly C[],
  errors: TableErrors,
  sheet?: SheetChoice,
): Promise<TableRow<C>[]> {
  return allRows(tableSlices(file, headers, required, errors, sheet));
}

/** Every row of a table read in slices (`tableSlices`), in order. */
export async function allRows<R>(slices: AsyncIterable<R[]>): Promise<R[]> {
  const rows: R[] = [];
  // Row by row: a CSV file is one slice, too long to spread as arguments.
  for await (const slice of slices) for (const row of slice) rows.push(row);
  return rows;
}

/**
 * The rows `readTable` reads, a slice at a time as the sheet is read, so a caller can work on the
 * first rows (an import checks them, and the database screens their people) while the rest are
 * read. An unreadable file or a missing column is refused as `readTable` refuses it, but possibly
 * after some slices.
 */
export async function* tableSlices<C extends string>(
  file: Buffer,
  headers: Map<string, C>,
  required: readonly C[],
  errors: TableErrors,
  sheet?: SheetChoice,
): AsyncGenerator<TableRow<C>[]> {
  const isWorkbook = file.subarray(0, 2).toString("latin1") === "PK";
  const optional = sheet?.optional === true;
  if (optional && !isWorkbook) return;
  let headed = false;
  let rowsRead = 0;
  const columns = new Map<number, C>();
  let slice: TableRow<C>[] = [];
  const header = (titles: Cell[]) => {
    headed = true;
    titles.forEach((title, index) => {
      const column = headers.get(foldWord(String(title ?? "")));
      if (column) columns.set(index, column);
    });
    // A header naming none of the columns is not this table at all (or not a table).
    if (columns.size === 0) throw new DomainError(errors.unreadable);
    const named = new Set(columns.values());
    const missing = required.filter((c) => !named.has(c));
    if (missing.length > 0)
      throw new DomainError(errors.missingColumns, {
        columns: missing.map((column) => ({ key: errors.headingKey(column), params: {} })),
      });
  };
  const body = (rowNumber: number, values: Cell[]) => {
    const cells: Partial<Record<C, Cell>> = {};
    for (const [index, column] of columns) cells[column] = values[index] ?? null;
    if (Object.values(cells).some((v) => v !== null && v !== "")) slice.push({ rowNumber, cells });
  };
  const read = isWorkbook ? readSheet(file, sheet?.choose ?? (() => 0)) : csvRows(file, errors);
  while (true) {
    let next: IteratorResult<{ number: number; cells: Cell[] }[]>;
    try {
      next = await read.next();
      if (next.done) break;
      for (const row of next.value) {
        if (row.number === 1) header(row.cells);
        else body(row.number, row.cells);
      }
    } catch (error) {
      if (error instanceof DomainError) throw error;
      throw new DomainError(errors.unreadable);
    }
    if (slice.length > 0) {
      rowsRead += slice.length;
      yield slice;
      slice = [];
    }
  }
  if (optional && !headed) return;
  if (columns.size === 0) throw new DomainError(errors.unreadable);
  if (rowsRead === 0 && !optional) throw new DomainError(errors.empty);
}

/** A CSV file's records as the rows of one slice, numbered by their lines (the header's is 1). */
async function* csvRows(file: Buffer, errors: TableErrors) {
  const [first, ...rest] = parseCsv(decodeCsv(file));
  if (!first) throw new DomainError(errors.unreadable);
  yield [
    { number: 1, cells: first.cells as Cell[] },
    ...rest.map((record) => ({ number: record.line, cells: record.cells.map(unguardFormula) as Cell[] })),
  ];
}

/**
 * Every CSV file the service gives out: in the dialect of the user's language (csvDialect), with a
 * byte-order mark, so Excel on Windows reads the Cyrillic as UTF-8, and long digit strings kept
 * as text (writeCsv).
 */
export function csvFile(
  locale: Locale,
  header: readonly string[],
  rows: readonly (readonly CsvCell[])[],
): Buffer {
  return Buffer.from(`\uFEFF${writeCsv([header, ...rows], csvDialect(locale))}`, "utf8");
}

/** Translates an import's issues for the report: the column's label and the field message. */
export function tableIssues(
  locale: Locale,
  issues: readonly {
    sheet?: string;
    row: number;
    column: string | null;
    code: string;
    params?: MessageParams;
  }[],
  columnLabel: (column: string) => string,
  limit = 1000,
): TableIssue[] {
  return issues.slice(0, limit).map((i) => ({
    ...(i.sheet ? { sheet: i.sheet } : {}),
    row: i.row,
    column: i.column,
    columnLabel: i.column ? columnLabel(i.column) : null,
    code: i.code,
    message: translate(locale, `errors.field.${i.code}`, i.params ?? {}),
  }));
}

/**
 * An import's problems as one sheet, to take to whoever keeps the file: the errors, then the
 * warnings, each with where it is (sheet, row, column), the cell's value and what is said of it.
 */
export function issuesSheet(
  locale: Locale,
  issues: { errors: readonly TableIssue[]; warnings: readonly TableIssue[] },
  of: { sheetName: (sheet: string | undefined) => string; valueOf: (issue: TableIssue) => string | null },
): SheetSpec {
  const t = (key: string) => translate(locale, `reg.import.${key}`);
  const line = (kind: string) => (issue: TableIssue) => [
    kind,
    of.sheetName(issue.sheet),
    issue.row,
    issue.columnLabel,
    of.valueOf(issue),
    issue.message,
  ];
  return {
    name: t("problemsSheet"),
    header: [t("kind"), t("sheet"), t("row"), t("column"), t("value"), t("message")],
    rows: [...issues.errors.map(line(t("problem"))), ...issues.warnings.map(line(t("warning")))],
    // A value is shown as the file has it: a PIN's digits, not 2.15E+13.
    textColumns: [4],
    width: 24,
  };
}

export interface SheetSpec {
  name: string;
  /** Lines above the table (a title, whose paper it is), each in the first column, then a blank row. */
  preamble?: readonly string[];
  header: readonly string[];
  rows: readonly (readonly Cell[])[];
  /** Columns (0-based) kept as text, so a spreadsheet never turns a PIN into 2.15E+13. */
  textColumns?: readonly number[];
  /**
   * Columns (0-based) of days (ISO strings), written as the spreadsheet's own dates shown
   * dd.mm.yyyy, so they sort and filter as dates and read as a clerk writes them.
   */
  dateColumns?: readonly number[];
  width?: number;
  /**
   * Each column's own width and number format (0-based), where it differs from `width` and from a
   * text or day column's: a ledger's som with two decimals, a rate with one.
   */
  columnStyles?: readonly ({ width?: number; numFmt?: string } | undefined)[];
  /** Rows (0-based, among `rows`) set in bold: a report's subtotals and total. */
  boldRows?: readonly number[];
  /** How far each row's first cell is indented (0-based among `rows`): a report's levels. */
  indents?: readonly number[];
  /** Columns (0-based) whose cells offer a drop-down of the words another sheet's column lists. */
  choices?: readonly { column: number; from: ChoiceList }[];
  /** Notes on header cells (0-based columns), shown when the pointer rests on the heading. */
  notes?: readonly { column: number; text: string }[];
}

/** A column of words on a sheet, below its header row. */
export interface ChoiceList {
  sheet: string;
  column: number;
  count: number;
}

/**
 * How many rows below the header a column's drop-down covers: more than a municipality's clerks
 * type by hand. A drop-down is a help, not a gate (the import checks every row), and a whole column
 * would make the file slow to open in readers that expand ranges cell by cell (exceljs does).
 */
export const CHOICE_ROWS = 10_000;

interface SheetValidations {
  add(range: string, validation: ExcelJS.DataValidation): void;
}

/** A column's letter (0-based, up to ZZ). */
function columnLetter(column: number): string {
  const last = String.fromCharCode(65 + (column % 26));
  return column < 26 ? last : String.fromCharCode(64 + Math.floor(column / 26)) + last;
}

/** A sheet's name as the workbook keeps it: Excel refuses names over 31 characters. */
const sheetName = (name: string) => name.slice(0, 31);

/** Where a sheet's list of words lies, as a formula: the sheet's name quoted, its ' doubled. */
function choiceFormula({ sheet, column, count }: ChoiceList): string {
  const letter = columnLetter(column);
  return `'${sheetName(sheet).replaceAll("'", "''")}'!$${letter}$2:$${letter}$${count + 1}`;
}

/**
 * One table as the file the user asked for: CSV (csvFile), or a workbook of one sheet
 * (workbookFile), its name and text columns mattering there only.
 */
export function tableFile(
  format: "csv" | "xlsx",
  locale: Locale,
  sheet: SheetSpec & { rows: readonly (readonly CsvCell[])[] },
): Buffer | Promise<Buffer> {
  return format === "csv" ? csvFile(locale, sheet.header, sheet.rows) : workbookFile([sheet]);
}

/** A day as a spreadsheet date: midnight UTC, since the file's dates have no zone. */
const spreadsheetDay = (isoDay: string) => new Date(`${isoDay}T00:00:00Z`);

/** How a day column's cells are shown: as a clerk writes days. */
const DAY_FORMAT = "dd.mm.yyyy";

/** A day of a date column as a spreadsheet date. */
function asDate(cell: Cell, dateColumns: readonly number[], column: number): Cell {
  return typeof cell === "string" && dateColumns.includes(column) && isIsoDay(cell)
    ? spreadsheetDay(cell)
    : cell;
}

/**
 * A workbook of tables, each with a bold header row kept in sight (and any rows it asks bold),
 * under the lines of its preamble.
 */
export async function workbookFile(sheets: readonly SheetSpec[]): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  for (const spec of sheets) {
    const sheet = book.addWorksheet(sheetName(spec.name));
    for (const line of spec.preamble ?? []) sheet.addRow([line]);
    if (spec.preamble?.length) sheet.addRow([]);
    const headerRow = sheet.addRow([...spec.header]);
    headerRow.font = { bold: true };
    sheet.views = [{ state: "frozen", ySplit: headerRow.number }];
    spec.rows.forEach((row, i) => {
      const added = sheet.addRow(
        spec.dateColumns ? row.map((cell, c) => asDate(cell, spec.dateColumns!, c)) : [...row],
      );
      if (spec.boldRows?.includes(i)) added.font = { bold: true };
      const indent = spec.indents?.[i];
      if (indent) added.getCell(1).alignment = { indent };
    });
    spec.header.forEach((_, i) => {
      const column = sheet.getColumn(i + 1);
      const style = spec.columnStyles?.[i];
      column.width = style?.width ?? spec.width ?? 18;
      if (spec.textColumns?.includes(i)) column.numFmt = "@";
      if (spec.dateColumns?.includes(i)) column.numFmt = DAY_FORMAT;
      if (style?.numFmt) column.numFmt = style.numFmt;
    });
    // exceljs 4.4 keeps a sheet's validations by range here; its types only know a cell's one.
    const validations = (sheet as unknown as { dataValidations: SheetValidations }).dataValidations;
    for (const { column, from } of spec.choices ?? []) {
      const letter = columnLetter(column);
      // No error on other words: the import also reads a word's other spellings and languages.
      validations.add(`${letter}${headerRow.number + 1}:${letter}${headerRow.number + CHOICE_ROWS}`, {
        type: "list",
        allowBlank: true,
        formulae: [choiceFormula(from)],
        showErrorMessage: false,
      });
    }
    for (const { column, text } of spec.notes ?? []) headerRow.getCell(column + 1).note = text;
  }
  return Buffer.from(await book.xlsx.writeBuffer());
}
