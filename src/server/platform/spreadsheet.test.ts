import { describe, expect, it } from "vitest";
import ky from "../../locales/ky.json" with { type: "json" };
import { translate } from "./i18n.js";
import { addWord, issuesSheet, type TableIssue, wordsOf } from "./spreadsheet.js";

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
