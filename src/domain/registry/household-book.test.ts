import { describe, expect, it } from "vitest";
import { type BookRow, dayOf, foldWord, readHouseholdBook } from "./household-book.js";

const lookups = {
  relations: new Map([
    ["head", "head"],
    ["башчы", "head"],
    ["son", "son"],
  ] as const),
  sexes: new Map([
    ["m", "male"],
    ["ж", "female"],
  ] as const),
  villages: new Set(["V1"]),
  today: "2026-01-01",
};

const row = (rowNumber: number, cells: BookRow["cells"]): BookRow => ({ rowNumber, cells });

describe("reading a household book", () => {
  it("reads days as clerks type them and as spreadsheets store them", () => {
    expect(dayOf("09.07.1982")).toBe("1982-07-09");
    expect(dayOf("9/7/1982")).toBe("1982-07-09");
    expect(dayOf("1982-07-09")).toBe("1982-07-09");
    expect(dayOf(new Date(Date.UTC(1982, 6, 9)))).toBe("1982-07-09");
    expect(dayOf("31.02.1990")).toBe("invalid");
    expect(dayOf("")).toBeNull();
  });

  it("groups rows into households, head first, household columns from any of its rows", () => {
    const { households, issues } = readHouseholdBook(
      [
        row(2, { householdKey: "7", relation: "son", surname: "Асанов", givenName: "Бакыт", sex: "m" }),
        row(3, {
          householdKey: "7",
          villageCode: "V1",
          relation: "Башчы",
          surname: "Асанова",
          givenName: "Айгүл",
          sex: "Ж",
          pin: 10101197012345,
        }),
      ],
      lookups,
    );
    expect(issues).toEqual([]);
    expect(households).toHaveLength(1);
    expect(households[0]!.villageCode).toBe("V1");
    expect(households[0]!.formedOn).toBe("2026-01-01");
    expect(households[0]!.members.map((m) => m.relation)).toEqual(["head", "son"]);
    expect(households[0]!.members[0]!.person.birthDate).toBe("1970-01-01"); // read from the PIN
  });

  it("restores a PIN's leading zero that a spreadsheet dropped", () => {
    const { households } = readHouseholdBook(
      [
        row(2, {
          householdKey: "1",
          villageCode: "V1",
          relation: "head",
          surname: "Осмонов",
          givenName: "Улан",
          sex: "m",
          pin: 2010198012345,
        }),
      ],
      lookups,
    );
    expect(households[0]!.members[0]!.person.pin).toBe("02010198012345");
  });

  it("leaves out a household with any bad row and says where, column by column", () => {
    const { households, issues } = readHouseholdBook(
      [
        row(2, {
          householdKey: "1",
          villageCode: "V9",
          relation: "son",
          surname: "Осмонов",
          givenName: "Улан",
          sex: "q",
        }),
        row(3, {
          householdKey: "2",
          villageCode: "V1",
          relation: "head",
          surname: "Osmonov",
          givenName: "Улан",
          sex: "m",
          birthDate: "x",
        }),
        row(4, { relation: "head" }),
      ],
      lookups,
    );
    expect(households).toEqual([]);
    expect(issues.map((i) => `${i.row}:${i.column}:${i.code}`)).toEqual([
      "2:sex:unknownSex",
      "2:villageCode:unknownVillage",
      "2:relation:oneHeadPerHousehold",
      "3:birthDate:invalidDate",
      "3:surname:cyrillicName",
      "4:householdKey:required",
      "4:sex:required",
      "4:surname:required",
      "4:givenName:required",
    ]);
  });

  it("refuses the row that repeats a PIN of the file, naming the first row, and dates after today", () => {
    const head = (rowNumber: number, householdKey: string, cells: BookRow["cells"]) =>
      row(rowNumber, {
        householdKey,
        villageCode: "V1",
        relation: "head",
        surname: "Осмонов",
        givenName: "Улан",
        sex: "m",
        ...cells,
      });
    const { households, issues } = readHouseholdBook(
      [
        head(2, "1", { pin: "20101198012345" }),
        head(3, "2", { pin: "20101198012345", givenName: "Бакыт" }),
        head(4, "3", { birthDate: "2026-01-02" }),
        head(5, "4", { formedOn: "02.01.2026" }),
        head(6, "5", { birthDate: "2026-01-01", formedOn: "01.01.2026" }),
      ],
      lookups,
    );
    expect(households.map((h) => h.key)).toEqual(["1", "5"]);
    expect(issues).toEqual([
      { row: 3, column: "pin", code: "pinRepeatedInFile", params: { row: 2 } },
      { row: 4, column: "birthDate", code: "afterToday", params: { today: "2026-01-01" } },
      { row: 5, column: "formedOn", code: "afterToday", params: { today: "2026-01-01" } },
    ]);
  });

  it("refuses a person born after the organisation's day", () => {
    const born = (birthDate: string) =>
      readHouseholdBook(
        [
          row(2, {
            householdKey: "1",
            villageCode: "V1",
            relation: "head",
            surname: "Осмонов",
            givenName: "Улан",
            sex: "m",
            birthDate,
          }),
        ],
        lookups,
      );
    expect(born("01.01.2026").issues).toEqual([]);
    const late = born("02.01.2026");
    expect(late.households).toEqual([]);
    expect(late.issues).toEqual([
      { row: 2, column: "birthDate", code: "afterToday", params: { today: "2026-01-01" } },
    ]);
  });

  it("folds words the way headers and lists are matched", () => {
    expect(foldWord("  Үй  чарбанын   Башчысы. ")).toBe("үй чарбанын башчысы");
  });
});
