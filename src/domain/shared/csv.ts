import { DomainError } from "./errors.js";

/** One record of a CSV file: its cells, and the 1-based line of the file where it starts. */
export interface CsvRecord {
  line: number;
  cells: string[];
}

const DELIMITERS = [",", ";", "\t"] as const;

/**
 * CSV as Excel and weather stations write it: quoted fields with doubled quotes (a quoted field may
 * span lines), CRLF or LF, and the delimiter the first line uses most of comma, semicolon or tab
 * (a comma on a tie). Blank records are skipped; each record keeps its line for problem reports.
 */
export function parseCsv(text: string): CsvRecord[] {
  const source = text.replace(/^\uFEFF/, "");
  const firstLine = source.slice(0, source.search(/\r?\n|$/));
  const count = (d: string) => firstLine.split(d).length - 1;
  const delimiter = DELIMITERS.reduce((best, d) => (count(d) > count(best) ? d : best));
  const records: CsvRecord[] = [];
  let cells: string[] = [];
  let field = "";
  let quoted = false;
  let line = 1;
  let startLine = 1;
  const endRecord = () => {
    cells.push(field);
    if (cells.some((v) => v.trim() !== "")) records.push({ line: startLine, cells });
    cells = [];
    field = "";
  };
  for (let i = 0; i < source.length; i++) {
    const ch = source[i]!;
    if (ch === "\n" || (ch === "\r" && source[i + 1] !== "\n")) line++;
    if (quoted) {
      if (ch === '"' && source[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === delimiter) {
      cells.push(field);
      field = "";
    } else if (ch === "\n" || ch === "\r") {
      if (ch === "\r" && source[i + 1] === "\n") {
        i++;
        line++;
      }
      endRecord();
      startLine = line;
    } else field += ch;
  }
  if (field !== "" || cells.length > 0) endRecord();
  return records;
}

const UTF8 = new TextDecoder("utf-8", { fatal: true });
const WINDOWS_1251 = new TextDecoder("windows-1251");

/**
 * The text of an uploaded CSV file: UTF-8 with or without a byte-order mark, or Windows-1251, the
 * encoding Excel on a Kyrgyz or Russian Windows saves "CSV (comma delimited)" in. Cyrillic in
 * Windows-1251 is never valid UTF-8 (its letters are bytes 0xC0–0xFF, which UTF-8 only allows as
 * the lead byte of a sequence), so a file that does not decode as UTF-8 is taken as Windows-1251.
 */
export function decodeCsv(bytes: Uint8Array): string {
  let text: string;
  try {
    text = UTF8.decode(bytes).replace(/^\uFEFF/, "");
  } catch {
    text = WINDOWS_1251.decode(bytes);
  }
  if (LOST_LETTER.test(text)) throw new DomainError("file.lettersLost");
  return text;
}

/**
 * A "?" at the start or inside of a Cyrillic word: a letter that the encoding the file was saved in
 * had not. Windows-1251, which Excel on a Russian Windows saves "CSV" in, has no ң, ө, ү, so
 * "Үмөт көчөсү" arrives as "?м?т к?ч?с?". Read as it came, street and notes would be written so,
 * unchecked. A question mark ends a word; it does not begin or split one.
 */
const LOST_LETTER = /(?:^|[^\p{L}?])\?\p{Script=Cyrillic}|\p{Script=Cyrillic}\?\p{Script=Cyrillic}/mu;

export type CsvCell = string | number | null;

/** How a spreadsheet of the user's language reads CSV. */
export interface CsvDialect {
  separator: "," | ";";
  decimalComma: boolean;
}

/**
 * Excel and LibreOffice in a Kyrgyz, Russian, Uzbek or Tajik Windows take ";" as the list
 * separator and "," as the decimal mark (a comma-separated file opens as one column there);
 * English keeps "," and ".".
 */
export const csvDialect = (locale: string): CsvDialect =>
  locale === "en" ? { separator: ",", decimalComma: false } : { separator: ";", decimalComma: true };

/**
 * Text a spreadsheet would turn into a number and spoil: 12 or more digits (shown as 2,12E+13 and
 * rounded past 15 digits), or digits after a leading zero or plus sign (which are dropped).
 */
const SPOILT_AS_NUMBER = /^(?:\d{12,}|0\d+|\+\d+)$/;
/**
 * Text a spreadsheet would run as a formula: a typed note "=HYPERLINK(…)" would act on the reader's
 * machine (CSV injection), and "- no water" shows as #NAME?. It is written after an apostrophe, as
 * OWASP advises, which the reader sees and `unguardFormula` takes off when the file comes back.
 */
const READ_AS_FORMULA = /^[=+\-@]/;
/** The writer's apostrophe: one more before a formula's text, so text typed with one comes back whole. */
const FORMULA_GUARD = /^'(?='*[=+\-@])/;

/** A cell of a CSV file as it was before writeCsv guarded it against being run as a formula. */
export const unguardFormula = (value: string) => value.replace(FORMULA_GUARD, "");
const NEEDS_QUOTES = /[",;\t\n\r]/;
const QUOTE = /"/g;

/**
 * CSV text in a dialect, CRLF lines. A number is written with the dialect's decimal mark. A long
 * digit string (a PIN, a village code, a phone) is written after a tab, inside quotes: neither
 * Excel nor LibreOffice reads a field starting with a tab as a number, so it stays text with every
 * digit, and the tab is invisible in the cell; the importers trim it. (`="…"` would also keep it
 * text in Excel, but LibreOffice evaluates formulas in CSV only when asked and shows `="…"`.)
 * Text that would be read as a formula is written after an apostrophe (READ_AS_FORMULA).
 */
export function writeCsv(rows: readonly (readonly CsvCell[])[], dialect: CsvDialect): string {
  const { separator, decimalComma } = dialect;
  const cell = (value: CsvCell): string => {
    if (value === null) return "";
    if (typeof value === "number") {
      const text = String(value);
      return decimalComma ? text.replace(".", ",") : text;
    }
    if (SPOILT_AS_NUMBER.test(value)) return `"\t${value}"`;
    const text = READ_AS_FORMULA.test(value.replace(/^'+/, "")) ? `'${value}` : value;
    return NEEDS_QUOTES.test(text) ? `"${text.replace(QUOTE, '""')}"` : text;
  };
  let out = "";
  for (const row of rows) {
    for (let i = 0; i < row.length; i++) out += (i > 0 ? separator : "") + cell(row[i]!);
    out += "\r\n";
  }
  return out;
}
