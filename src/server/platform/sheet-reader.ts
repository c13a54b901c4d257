import type { Readable } from "node:stream";
import yauzl from "yauzl";

/**
 * Reads the first worksheet of an .xlsx file (Office Open XML, ECMA-376 part 1 §18) as rows of
 * plain cell values. Uploaded books reach hundreds of thousands of rows; exceljs's streaming reader
 * parsed about 7,500 rows a second here and a general SAX parser (saxes) took 5× longer than this
 * on the same sheet, so the sheet's cells are scanned directly: a worksheet's `sheetData` is a flat,
 * fully specified grammar (`<row><c r t s><v>|<is>…</c></row>`), and nothing else in it is read.
 * Unzipping is yauzl's (Node's own zlib: 2–3× fflate's pure-JS inflate here); the sheet is
 * inflated and scanned as a stream, so neither its bytes nor one string grow with the file.
 */
export type SheetCell = string | number | boolean | Date | null;
export interface SheetRow {
  /** The row's number as the spreadsheet shows it (1-based). */
  number: number;
  /** Cells by column index (0 = column A); missing cells are absent. */
  cells: SheetCell[];
}

export class UnreadableSheetError extends Error {}

const XML_ENTITY = /&(?:amp|lt|gt|quot|apos|#(\d+)|#x([0-9a-fA-F]+));/g;
const ENTITIES: Record<string, string> = {
  "&amp;": "&",
  "&lt;": "<",
  "&gt;": ">",
  "&quot;": '"',
  "&apos;": "'",
};
function unescapeXml(text: string): string {
  if (!text.includes("&")) return text;
  return text.replace(XML_ENTITY, (entity, dec?: string, hex?: string) =>
    dec
      ? String.fromCodePoint(Number(dec))
      : hex
        ? String.fromCodePoint(Number.parseInt(hex, 16))
        : ENTITIES[entity]!,
  );
}

/** The text of a string item: its `<t>` runs joined, leaving out phonetic runs (`<rPh>`). */
const TEXT_RUN = /<t(?:\s[^>]*)?>([^<]*)<\/t>|<t(?:\s[^>]*)?\/>/g;
function itemText(xml: string): string {
  const visible = xml.includes("<rPh") ? xml.replace(/<rPh[\s\S]*?<\/rPh>/g, "") : xml;
  let text = "";
  TEXT_RUN.lastIndex = 0;
  for (let m = TEXT_RUN.exec(visible); m; m = TEXT_RUN.exec(visible)) text += m[1] ?? "";
  return unescapeXml(text);
}

const attribute = (tag: string, name: string) => new RegExp(`\\s${name}="([^"]*)"`).exec(tag)?.[1];

function sharedStrings(xml: string | undefined): string[] {
  if (!xml) return [];
  const strings: string[] = [];
  const item = /<si>([\s\S]*?)<\/si>|<si\/>/g;
  for (let m = item.exec(xml); m; m = item.exec(xml)) strings.push(m[1] ? itemText(m[1]) : "");
  return strings;
}

// Built-in number formats that show dates (ECMA-376 §18.8.30) and the date letters of a custom one.
const BUILT_IN_DATE_FORMATS = new Set([14, 15, 16, 17, 18, 19, 20, 21, 22, 45, 46, 47]);
const isDateFormatCode = (code: string) =>
  /[dmyhs]/i.test(code.replace(/"[^"]*"|\[[^\]]*\]|\\./g, "")) && !/^general$/i.test(code);

/** For each cell style index, whether it shows a date. */
function dateStyles(xml: string | undefined): boolean[] {
  if (!xml) return [];
  const custom = new Map<number, string>();
  for (const m of xml.matchAll(/<numFmt\s[^>]*>/g)) {
    const id = attribute(m[0], "numFmtId");
    const code = attribute(m[0], "formatCode");
    if (id !== undefined && code !== undefined) custom.set(Number(id), unescapeXml(code));
  }
  const cellXfs = /<cellXfs[^>]*>([\s\S]*?)<\/cellXfs>/.exec(xml)?.[1] ?? "";
  return [...cellXfs.matchAll(/<xf\s[^>]*?\/?>/g)].map((m) => {
    const id = Number(attribute(m[0], "numFmtId") ?? 0);
    const code = custom.get(id);
    return code !== undefined ? isDateFormatCode(code) : BUILT_IN_DATE_FORMATS.has(id);
  });
}

const DAY_MS = 86_400_000;
/** A serial day number as a date (the 1900 system counts from 30 Dec 1899, Lotus's leap-year slip included). */
const serialDate = (serial: number, date1904: boolean) =>
  new Date(Math.round(((date1904 ? 1462 : 0) + serial) * DAY_MS) + Date.UTC(1899, 11, 30));

function columnIndex(reference: string): number {
  let index = 0;
  for (let i = 0; i < reference.length; i++) {
    const code = reference.charCodeAt(i);
    if (code < 65 || code > 90) break;
    index = index * 26 + (code - 64);
  }
  return index - 1;
}

/** The workbook's sheets in their order, by name, with their paths (from workbook.xml and its relationships). */
function sheetPaths(
  workbook: string | undefined,
  rels: string | undefined,
): { name: string; path: string }[] {
  const relations = new Map<string, string>();
  for (const m of (rels ?? "").matchAll(/<Relationship\s[^>]*>/g)) {
    const id = attribute(m[0], "Id");
    const target = attribute(m[0], "Target");
    if (id && target) relations.set(id, target);
  }
  const sheets: { name: string; path: string }[] = [];
  for (const m of (workbook ?? "").matchAll(/<sheet\s[^>]*>/g)) {
    const target = relations.get(/\sr:id="([^"]*)"/.exec(m[0])?.[1] ?? "");
    if (!target) continue;
    sheets.push({
      name: unescapeXml(attribute(m[0], "name") ?? ""),
      path: target.startsWith("/") ? target.slice(1) : `xl/${target.replace(/^\.\//, "")}`,
    });
  }
  return sheets;
}

interface Archive {
  names: Set<string>;
  open(name: string): Promise<Readable>;
  close(): void;
}

async function openArchive(file: Buffer): Promise<Archive> {
  const zip = await new Promise<yauzl.ZipFile>((resolve, reject) =>
    yauzl.fromBuffer(file, { lazyEntries: true }, (error, z) => (error ? reject(error) : resolve(z))),
  );
  const entries = new Map<string, yauzl.Entry>();
  await new Promise<void>((resolve, reject) => {
    zip.on("entry", (entry: yauzl.Entry) => {
      entries.set(entry.fileName, entry);
      zip.readEntry();
    });
    zip.on("end", resolve);
    zip.on("error", reject);
    zip.readEntry();
  });
  return {
    names: new Set(entries.keys()),
    open: (name) =>
      new Promise((resolve, reject) =>
        zip.openReadStream(entries.get(name)!, (error, stream) => (error ? reject(error) : resolve(stream))),
      ),
    close: () => zip.close(),
  };
}

async function readText(archive: Archive, name: string): Promise<string | undefined> {
  if (!archive.names.has(name)) return undefined;
  const chunks: Buffer[] = [];
  for await (const chunk of await archive.open(name)) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

const ROW = /<row(?=[\s>/])([^>]*?)(\/?)>/g;
const ROW_NUMBER = /\sr="(\d+)"/;
const CELL_ATTRIBUTE = /\s([rst])="([^"]*)"/g;
const CELL = /<c(?=[\s>/])([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g;
const VALUE = /<v>([^<]*)<\/v>/;

/**
 * The workbook's shared strings and date styles, parsed once per file: a book's sheets (the
 * people's, the land's, the livestock's) are read one after another from the same upload, and
 * its shared strings are most of a large file.
 */
const parsedParts = new WeakMap<Buffer, { strings: string[]; dates: boolean[] }>();

/** Every row of the first sheet, in order, in slices (so a caller can work while the rest is read). */
export function readFirstSheet(file: Buffer): AsyncGenerator<SheetRow[]> {
  return readSheet(file, () => 0);
}

/**
 * Every row of the sheet `pick` chooses by the sheets' names (its index, or null for none: then
 * nothing is read), in order, in slices.
 */
export async function* readSheet(
  file: Buffer,
  pick: (names: readonly string[]) => number | null,
): AsyncGenerator<SheetRow[]> {
  let archive: Archive;
  try {
    archive = await openArchive(file);
  } catch {
    throw new UnreadableSheetError("not a zip");
  }
  try {
    const workbook = await readText(archive, "xl/workbook.xml");
    const sheets = sheetPaths(workbook, await readText(archive, "xl/_rels/workbook.xml.rels"));
    if (sheets.length === 0) throw new UnreadableSheetError("no first sheet");
    const index = pick(sheets.map((s) => s.name));
    if (index === null) return;
    const sheetPath = sheets[index]?.path;
    if (!sheetPath || !archive.names.has(sheetPath)) throw new UnreadableSheetError("sheet missing");
    let shared = parsedParts.get(file);
    if (!shared) {
      shared = {
        strings: sharedStrings(await readText(archive, "xl/sharedStrings.xml")),
        dates: dateStyles(await readText(archive, "xl/styles.xml")),
      };
      parsedParts.set(file, shared);
    }
    const date1904 = /<workbookPr\s[^>]*date1904="(1|true)"/.test(workbook ?? "");
    yield* sheetRows(await archive.open(sheetPath), shared.strings, shared.dates, date1904);
  } finally {
    archive.close();
  }
}

async function* sheetRows(
  sheet: Readable,
  strings: string[],
  dates: boolean[],
  date1904: boolean,
): AsyncGenerator<SheetRow[]> {
  const cellValue = (
    type: string | undefined,
    style: string | undefined,
    inner: string | undefined,
  ): SheetCell => {
    if (type === "inlineStr") return inner ? itemText(inner) : "";
    const raw = inner === undefined ? undefined : VALUE.exec(inner)?.[1];
    if (raw === undefined) return null;
    switch (type) {
      case "s":
        return strings[Number(raw)] ?? null;
      case "str":
        return unescapeXml(raw);
      case "b":
        return raw === "1";
      case "e":
        return null;
      case "d":
        return new Date(raw);
      default: {
        const n = Number(raw);
        return style !== undefined && dates[Number(style)] ? serialDate(n, date1904) : n;
      }
    }
  };

  const decoder = new TextDecoder();
  let carry = "";
  let nextRowNumber = 1;
  const scan = (xml: string): SheetRow[] => {
    const rows: SheetRow[] = [];
    ROW.lastIndex = 0;
    for (let row = ROW.exec(xml); row; row = ROW.exec(xml)) {
      const reference = ROW_NUMBER.exec(row[1]!)?.[1];
      const number = reference ? Number(reference) : nextRowNumber;
      nextRowNumber = number + 1;
      const cells: SheetCell[] = [];
      if (row[2] !== "/") {
        const close = xml.indexOf("</row>", ROW.lastIndex);
        const body = xml.slice(ROW.lastIndex, close);
        ROW.lastIndex = close + 6;
        let nextColumn = 0;
        CELL.lastIndex = 0;
        for (let cell = CELL.exec(body); cell; cell = CELL.exec(body)) {
          let ref: string | undefined;
          let type: string | undefined;
          let style: string | undefined;
          const attributes = cell[1]!;
          CELL_ATTRIBUTE.lastIndex = 0;
          for (let a = CELL_ATTRIBUTE.exec(attributes); a; a = CELL_ATTRIBUTE.exec(attributes)) {
            if (a[1] === "r") ref = a[2];
            else if (a[1] === "t") type = a[2];
            else style = a[2];
          }
          const column = ref ? columnIndex(ref) : nextColumn;
          nextColumn = column + 1;
          const value = cellValue(type, style, cell[2]);
          if (value !== null) cells[column] = value;
        }
      }
      rows.push({ number, cells });
    }
    return rows;
  };
  for await (const chunk of sheet) {
    const xml = carry + decoder.decode(chunk as Buffer, { stream: true });
    // Work up to the last complete row; the rest waits for the next chunk.
    const end = xml.lastIndexOf("</row>");
    if (end < 0) {
      carry = xml;
      continue;
    }
    carry = xml.slice(end + 6);
    const rows = scan(xml.slice(0, end + 6));
    if (rows.length > 0) yield rows;
  }
  const rest = scan(carry + decoder.decode());
  if (rest.length > 0) yield rest;
}
