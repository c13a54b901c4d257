import ExcelJS from "exceljs";
import { strToU8, zipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { readFirstSheet, type SheetRow, UnreadableSheetError } from "./sheet-reader.js";

async function readAll(file: Buffer): Promise<SheetRow[]> {
  const rows: SheetRow[] = [];
  for await (const slice of readFirstSheet(file)) rows.push(...slice);
  return rows;
}

/** A minimal package, as other producers (LibreOffice, Google Sheets, 1C) write it. */
function handMadeBook(parts: {
  sheets: [string, string][];
  sharedStrings?: string;
  styles?: string;
  date1904?: boolean;
}) {
  const files: Record<string, Uint8Array> = {
    "[Content_Types].xml": strToU8("<Types/>"),
    "xl/workbook.xml": strToU8(
      `<workbook xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">${
        parts.date1904 ? '<workbookPr date1904="1"/>' : ""
      }<sheets>${parts.sheets.map(([name], i) => `<sheet name="${name}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`).join("")}</sheets></workbook>`,
    ),
    "xl/_rels/workbook.xml.rels": strToU8(
      `<Relationships>${parts.sheets
        .map(
          ([name], i) => `<Relationship Id="rId${i + 1}" Type="worksheet" Target="worksheets/${name}.xml"/>`,
        )
        .join("")}</Relationships>`,
    ),
  };
  for (const [name, xml] of parts.sheets) files[`xl/worksheets/${name}.xml`] = strToU8(xml);
  if (parts.sharedStrings) files["xl/sharedStrings.xml"] = strToU8(parts.sharedStrings);
  if (parts.styles) files["xl/styles.xml"] = strToU8(parts.styles);
  return Buffer.from(zipSync(files));
}

describe("reading the first sheet of an xlsx file", () => {
  it("reads what exceljs writes: strings, numbers, dates by their format, booleans, rich text, gaps", async () => {
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet("Book");
    book.addWorksheet("Lists").addRow(["not this one"]);
    sheet.addRow(["Аты-жөнү", "Туулган күнү", "Саны", "Чын"]);
    sheet.addRow(["Үсөнова Гүлнара", new Date(Date.UTC(1987, 2, 8)), 3.5, true]);
    sheet.getCell("C3").value = 42; // a row with one cell, not in column A
    sheet.getCell("A5").value = { richText: [{ text: "Ө" }, { text: "мүр & <баары>" }] };
    sheet.getCell("B5").value = "01.02.2020";
    sheet.getCell("D5").value = { formula: "1+1", result: 2 };
    const rows = await readAll(Buffer.from(await book.xlsx.writeBuffer()));
    expect(rows.map((r) => r.number)).toEqual([1, 2, 3, 5]);
    expect(rows[0]!.cells).toEqual(["Аты-жөнү", "Туулган күнү", "Саны", "Чын"]);
    expect(rows[1]!.cells).toEqual(["Үсөнова Гүлнара", new Date(Date.UTC(1987, 2, 8)), 3.5, true]);
    expect(rows[2]!.cells[2]).toBe(42);
    expect(rows[2]!.cells.slice(0, 2)).toEqual([undefined, undefined]);
    expect(rows[3]!.cells).toEqual(["Өмүр & <баары>", "01.02.2020", undefined, 2]);
  });

  it("reads inline strings, escaped text, custom date formats, the 1904 date system and cells without references", async () => {
    const file = handMadeBook({
      date1904: true,
      styles: `<styleSheet><numFmts count="1"><numFmt numFmtId="164" formatCode="dd\\.mm\\.yyyy"/></numFmts>
        <cellXfs count="3"><xf numFmtId="0"/><xf numFmtId="164" applyNumberFormat="1"/><xf numFmtId="4"/></cellXfs></styleSheet>`,
      sharedStrings: `<sst><si><t xml:space="preserve"> Асан </t></si><si><r><t>Ү</t></r><r><t>сөн</t></r><rPh><t>ウ</t></rPh></si><si/></sst>`,
      sheets: [
        [
          "first",
          `<worksheet><sheetData>
            <row r="1"><c r="A1" t="inlineStr"><is><t>A &amp; B &#1198; &#x4e9;</t></is></c><c r="B1" t="s"><v>0</v></c><c r="C1" t="s"><v>1</v></c><c r="D1" t="s"><v>2</v></c></row>
            <row r="2"><c r="A2" s="1"><v>0</v></c><c r="B2" s="2"><v>1234.5</v></c><c r="C2" t="str"><v>x&lt;y</v></c><c r="D2" t="e"><v>#DIV/0!</v></c></row>
            <row><c t="b"><v>0</v></c><c><v>7</v></c></row>
            <row r="9" spans="1:2"/>
          </sheetData></worksheet>`,
        ],
      ],
    });
    const rows = await readAll(file);
    expect(rows).toEqual([
      { number: 1, cells: ["A & B Ү ө", " Асан ", "Үсөн", ""] },
      { number: 2, cells: [new Date(Date.UTC(1904, 0, 1)), 1234.5, "x<y"] },
      { number: 3, cells: [false, 7] },
      { number: 9, cells: [] },
    ]);
  });

  it("takes the workbook's first sheet, whatever its file is called, and reads a sheet larger than a stream chunk", async () => {
    const many = Array.from(
      { length: 5000 },
      (_, i) => `<row r="${i + 1}"><c r="A${i + 1}"><v>${i}</v></c></row>`,
    ).join("");
    const file = handMadeBook({
      sheets: [
        ["sheet9", `<worksheet><sheetData>${many}</sheetData></worksheet>`],
        ["sheet1", `<worksheet><sheetData><row r="1"><c r="A1"><v>-1</v></c></row></sheetData></worksheet>`],
      ],
    });
    const rows = await readAll(file);
    expect(rows).toHaveLength(5000);
    expect(rows.map((r) => r.cells[0])).toEqual(Array.from({ length: 5000 }, (_, i) => i));
  });

  it("refuses what is not a workbook", async () => {
    await expect(readAll(Buffer.from("householdKey,surname\n1,Асанов"))).rejects.toBeInstanceOf(
      UnreadableSheetError,
    );
    const noSheets = Buffer.from(zipSync({ "xl/workbook.xml": strToU8("<workbook/>") }));
    await expect(readAll(noSheets)).rejects.toBeInstanceOf(UnreadableSheetError);
  });
});
