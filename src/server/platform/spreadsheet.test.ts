import { describe, expect, it } from "vitest";
import { issuesSheet, type TableIssue } from "./spreadsheet.js";

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
