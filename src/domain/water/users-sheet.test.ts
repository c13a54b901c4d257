import { describe, expect, it } from "vitest";
import { villageIndex } from "../places/village-names.js";
import { foldWord } from "../registry/household-book.js";
import { plotKey, readUserSheet, type UserSheetLookups, type UserSheetRow } from "./users-sheet.js";

const lookups = (over: Partial<UserSheetLookups> = {}): UserSheetLookups => ({
  kinds: new Map([
    ["person", "person"],
    ["жеке адам", "person"],
    ["legal-entity", "legal-entity"],
    ["юридикалык жак", "legal-entity"],
  ]),
  legalEntityKinds: new Map([
    ["farm", "farm"],
    ["дыйкан чарба", "farm"],
  ]),
  booleans: new Map([
    ["ооба", true],
    ["жок", false],
  ]),
  languages: new Map([
    ["ky", "ky"],
    ["русский", "ru"],
  ]),
  tenures: new Map([
    ["менчик", "own"],
    ["ижара", "lease"],
  ]),
  fold: foldWord,
  villages: villageIndex([{ code: "41703220980010", name: { ky: "Ак-Суу", ru: "Ак-Суу" } }]),
  outlets: new Map([
    ["о-1", "outlet-1"],
    ["суу бөлгүч 2", "outlet-2"],
  ]),
  knownUsers: [],
  knownPlots: new Set(),
  defaultLocale: "ky",
  ...over,
});

const row = (rowNumber: number, cells: UserSheetRow["cells"]): UserSheetRow => ({ rowNumber, cells });
const person = {
  surname: "Жээнбеков",
  givenName: "Азамат",
  pin: 21505198500123,
  villageCode: "41703220980010",
};

describe("reading a water users' sheet", () => {
  it("groups a person's plot rows by PIN, reads words in any language and puts the PIN's leading zero back", () => {
    const read = readUserSheet(
      [
        row(2, {
          ...person,
          outlet: "О-1",
          areaHa: "1,5",
          tenure: "Ижара",
          member: "Жок",
          language: "Русский",
        }),
        row(3, { ...person, outlet: "Суу бөлгүч 2", areaHa: 0.75, cadastralNumber: "4-03-1" }),
        row(4, {
          kind: "Юридикалык жак",
          legalName: "«Ак-Суу» ДЧ",
          legalEntityKind: "Дыйкан чарба",
          pin: 1234,
        }),
      ],
      lookups(),
    );
    expect(read.issues).toEqual([]);
    expect(read.userCount).toBe(2);
    const [p, farm] = read.users;
    expect(p!.identity.pin).toBe("21505198500123");
    expect(p).toMatchObject({ member: false, locale: "ru", knownId: null });
    expect(p!.plots.map((x) => [x.outletId, x.areaHa, x.tenure])).toEqual([
      ["outlet-1", 1.5, "lease"],
      ["outlet-2", 0.75, "own"],
    ]);
    // A legal entity's row ignores a person's columns.
    expect(farm!.identity).toMatchObject({ kind: "legal-entity", pin: null, legalEntityKind: "farm" });
  });

  it("takes a village by its code or any of its names, refusing a name two villages share", () => {
    const villages = villageIndex([
      { code: "41703220980010", name: { ky: "Ак-Суу", ru: "Ак-Су" } },
      { code: "41703220980011", name: { ky: "Бел-Көл" } },
      { code: "41703220980012", name: { ky: "Бел-Көл" } },
    ]);
    const read = readUserSheet(
      [
        row(2, { ...person, villageCode: "ак су", outlet: "О-1", areaHa: 1 }),
        row(3, { surname: "Асанов", givenName: "Бакыт", villageCode: "бел кол", outlet: "О-1", areaHa: 1 }),
      ],
      lookups({ villages }),
    );
    expect(read.users[0]!.villageCode).toBe("41703220980010");
    expect(read.issues).toEqual([
      expect.objectContaining({
        row: 3,
        column: "villageCode",
        code: "ambiguousVillage",
        params: { value: "бел кол", codes: "41703220980011, 41703220980012" },
      }),
    ]);
  });

  it("reads a plot's area as the register's land sheet does: below 0.0001 ha or above 100,000 ha is refused", () => {
    const read = readUserSheet(
      [
        row(2, { ...person, outlet: "О-1", areaHa: 0.00001 }),
        row(3, { ...person, outlet: "О-1", areaHa: 200_000 }),
        row(4, { ...person, outlet: "О-1", areaHa: 0.0001 }),
      ],
      lookups(),
    );
    expect(read.issues.map((i) => [i.row, i.column, i.code, i.params])).toEqual([
      [2, "areaHa", "areaBelowPrecision", { min: 0.0001 }],
      [3, "areaHa", "areaTooLarge", { max: 100_000 }],
    ]);
  });

  it("reports each bad cell by row and column, and leaves the whole user out", () => {
    const read = readUserSheet(
      [
        row(2, { ...person, outlet: "О-1", areaHa: 2 }),
        row(3, { ...person, outlet: "О-9", areaHa: "0" }),
        row(4, { surname: "Smith", givenName: "Азамат", phone: "12", villageCode: "1", member: "maybe" }),
        row(5, { legalName: "Мектеп", legalEntityKind: "school-ish" }),
        // A cadastral number is read by the register's rule: text that is none is refused.
        row(6, { ...person, outlet: "О-1", areaHa: 1, cadastralNumber: "abc" }),
      ],
      lookups(),
    );
    expect(read.issues.map((i) => [i.row, i.column, i.code])).toEqual([
      [3, "outlet", "notAnOutlet"],
      [3, "areaHa", "areaNotPositive"],
      [4, "villageCode", "villageNotServed"],
      [4, "member", "unknownWord"],
      [4, "phone", "phoneInvalid"],
      [4, "surname", "cyrillicName"],
      [5, "legalEntityKind", "unknownWord"],
      [6, "cadastralNumber", "cadastralNumberForm"],
    ]);
    expect(read.users).toEqual([]);
  });

  it("matches known users and their plots, so the same file read again adds nothing", () => {
    const known = {
      id: "u1",
      number: 7,
      kind: "person" as const,
      pin: "21505198500123",
      taxId: null,
      searchKey: "x",
      villageCode: null,
    };
    const first = readUserSheet([row(2, { ...person, outlet: "О-1", areaHa: 1.5 })], lookups());
    const plot = first.users[0]!.plots[0]!;
    const again = readUserSheet(
      [row(2, { ...person, outlet: "О-1", areaHa: 1.5 }), row(3, { ...person, outlet: "О-1", areaHa: 3 })],
      lookups({ knownUsers: [known], knownPlots: new Set([plotKey("u1", plot, foldWord)]) }),
    );
    expect(again.users).toHaveLength(1);
    expect(again.users[0]).toMatchObject({ knownId: "u1", knownPlots: 1 });
    expect(again.users[0]!.plots.map((p) => p.areaHa)).toEqual([3]);
    const byNumber = readUserSheet(
      [row(2, { ...person, number: 7 }), row(3, { ...person, number: 8 })],
      lookups({ knownUsers: [known] }),
    );
    expect(byNumber.issues).toEqual([
      { row: 3, column: "number", code: "unknownWaterUserNumber", params: { number: "8" } },
    ]);
  });

  it("refuses the same plot twice in one file", () => {
    const read = readUserSheet(
      [
        row(2, { ...person, outlet: "О-1", areaHa: 1, cadastralNumber: "4-1" }),
        row(3, { ...person, outlet: "о-1", areaHa: 2, cadastralNumber: "4-1 " }),
      ],
      lookups(),
    );
    expect(read.issues.map((i) => i.code)).toEqual(["duplicatePlotInFile"]);
    expect(read.users).toEqual([]);
  });
});
