import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import ky from "../../locales/ky.json" with { type: "json" };
import { translate } from "./i18n.js";
import {
  addWord,
  issuesSheet,
  readTable,
  type TableIssue,
  type TableRow,
  tableSlices,
  wordsOf,
} from "./spreadsheet.js";

const issue = (row: number, more: Partial<TableIssue> = {}): TableIssue => ({
  row,
  column: "birthDate",
  columnLabel: "Дата рождения",
  code: "invalidDateValue",
  message: `message of row ${row}`,
  ...more,
});

describe("an import's problems as a sheet", () => {
  const sheet = issuesSheet(
    "ru",
    {
      errors: [issue(4), issue(3, { sheet: "land", column: null, columnLabel: null })],
      warnings: [issue(2, { column: "formedOn", columnLabel: "Дата образования", code: "formedOnToday" })],
    },
    {
      sheetName: (s) => (s ? `sheet ${s}` : "book"),
      valueOf: (i) => (i.column ? `value at ${i.row}` : null),
    },
  );

  it("lists the errors in the report's order, then the warnings, each named as such in the user's language", () => {
    expect(sheet.name).toBe("Ошибки");
    expect(sheet.header).toEqual(["Вид", "Лист", "Строка", "Столбец", "Значение в файле", "Пояснение"]);
    expect(sheet.rows).toEqual([
      ["Ошибка", "book", 4, "Дата рождения", "value at 4", "message of row 4"],
      ["Ошибка", "sheet land", 3, null, null, "message of row 3"],
      ["Предупреждение", "book", 2, "Дата образования", "value at 2", "message of row 2"],
    ]);
  });

  it("keeps the values as text, so a PIN's digits are not turned into a number", () => {
    expect(sheet.textColumns).toEqual([4]);
  });
});

describe("the words a file may write", () => {
  it("reads a word of any language, folded, and the same word for the same thing twice", () => {
    const words = wordsOf(["female", "male"] as const, (locale, sex) =>
      locale === "ru" ? (sex === "female" ? "Женский" : "Мужской") : sex === "female" ? "аял" : "эркек",
    );
    expect(words.get("женский")).toBe("female");
    expect(words.get("эркек")).toBe("male");
    addWord(words, "АЯЛ", "female");
    expect(words.get("аял")).toBe("female");
  });

  it("fails on a word two languages give different meanings, rather than reading it as the last one", () => {
    expect(() => wordsOf(["yes", "no"] as const, (locale, key) => (locale === "en" ? key : "ha"))).toThrow(
      'the word "ha" would be read as both yes and no',
    );
  });

  it("finds no such word in the book's closed lists, in any language or script", () => {
    for (const list of ["landCategories", "tenures", "sex", "relations", "species"] as const) {
      const keys = Object.keys(ky.registry[list]);
      expect(
        () => wordsOf(keys, (locale, key) => translate(locale, `registry.${list}.${key}`)),
        list,
      ).not.toThrow();
    }
  });
});

describe("a table read a slice at a time", () => {
  const headers = new Map([
    ["name", "name"],
    ["born", "born"],
  ] as const);
  const errors = {
    unreadable: "test.unreadable",
    missingColumns: "test.missingColumns",
    empty: "test.empty",
    headingKey: (column: string) => `test.columns.${column}`,
  };
  async function workbook(rows: (string | number)[][]) {
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet("people");
    for (const row of rows) sheet.addRow(row);
    return Buffer.from(await book.xlsx.writeBuffer());
  }
  async function slicesOf(file: Buffer) {
    const slices: TableRow<"name" | "born">[][] = [];
    for await (const slice of tableSlices(file, headers, ["name"], errors)) slices.push(slice);
    return slices;
  }

  it("gives a large sheet's rows in several slices that together are the whole table, in order", async () => {
    const file = await workbook([
      ["name", "born"],
      ...Array.from({ length: 5_000 }, (_, i) => [`Асанова Айгүл ${i}`, 1950 + (i % 60)]),
      ["", ""],
      ["Last", 2001],
    ]);
    const slices = await slicesOf(file);
    expect(slices.length).toBeGreaterThan(1);
    const whole = await readTable(file, headers, ["name"], errors);
    expect(slices.flat()).toEqual(whole);
    expect(whole).toHaveLength(5_001);
    expect(whole.at(-1)).toEqual({ rowNumber: 5_003, cells: { name: "Last", born: 2001 } });
  });

  it("gives a CSV file's rows as one slice", async () => {
    const file = Buffer.from("name;born\nАсанова;1950\n;\nLast;2001\n", "utf8");
    const slices = await slicesOf(file);
    expect(slices).toEqual([
      [
        { rowNumber: 2, cells: { name: "Асанова", born: "1950" } },
        { rowNumber: 4, cells: { name: "Last", born: "2001" } },
      ],
    ]);
  });

  it("reads a CSV file of 200,000 rows, which comes as one slice", async () => {
    const lines = Array.from({ length: 200_000 }, (_, i) => `Асанова ${i};${1950 + (i % 60)}`);
    const rows = await readTable(
      Buffer.from(`name;born\n${lines.join("\n")}\n`, "utf8"),
      headers,
      ["name"],
      errors,
    );
    expect(rows).toHaveLength(200_000);
    expect(rows.at(-1)).toEqual({ rowNumber: 200_001, cells: { name: "Асанова 199999", born: "1969" } });
  });

  it("refuses a table with its headings but no row under them, as a workbook or a CSV file", async () => {
    await expect(
      slicesOf(
        await workbook([
          ["name", "born"],
          ["", ""],
        ]),
      ),
    ).rejects.toMatchObject({
      code: "test.empty",
    });
    await expect(
      readTable(Buffer.from("name;born\n;\n", "utf8"), headers, ["name"], errors),
    ).rejects.toMatchObject({
      code: "test.empty",
    });
    // An optional sheet (a book's land) may well have none.
    const optional = { choose: () => 0, optional: true };
    expect(await readTable(await workbook([["name", "born"]]), headers, ["name"], errors, optional)).toEqual(
      [],
    );
  });

  it("refuses a table without a required column before it gives a row", async () => {
    const file = await workbook([["born"], [1950]]);
    const slices = tableSlices(file, headers, ["name"], errors);
    await expect(slices.next()).rejects.toMatchObject({
      code: "test.missingColumns",
      params: { columns: [{ key: "test.columns.name", params: {} }] },
    });
  });
});
