import { describe, expect, it } from "vitest";
import { villageIndex } from "../places/village-names.js";
import {
  type BookCriterion,
  type BookRow,
  bookNumberOf,
  dayOf,
  flagText,
  foldWord,
  householdBookReader,
  leaveOutRegisteredHere,
  numberOf,
  readHouseholdBook,
  refusePartlyRegistered,
} from "./household-book.js";

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
  villages: villageIndex([
    { code: "V1", name: { ky: "Бел-Көл", ru: "Бель-Коль" } },
    { code: "V2", name: { ky: "Ак-Суу" } },
    { code: "V3", name: { ky: "Ак-Суу", en: "Aksu Lower" } },
  ]),
  dwellingKinds: new Map([
    ["house", "house"],
    ["үй", "house"],
  ] as const),
  waters: new Map([["кудук", "well"]] as const),
  landCategories: new Map([["сугат айдоо жер", "irrigated-arable"]] as const),
  tenures: new Map([["ижара", "leased"]] as const),
  disabilityGroups: new Map([
    ["1", "1"],
    ["2", "2"],
    ["3", "3"],
    ["child", "child"],
    ["дмч бала", "child"],
  ] as const),
  countries: new Map([
    ["kg", "KG"],
    ["кыргызстан", "KG"],
    ["kyrgyzstan", "KG"],
    ["казакстан", "KZ"],
    ["россия", "RU"],
    ["russia", "RU"],
  ]),
  today: "2026-01-01",
};

/** Criteria a social worker sets, and two the register derives, and one it no longer uses. */
const FLAG_CRITERIA = new Map<string, BookCriterion>([
  ["үй-бүлөгө көмөк алат", { code: "social-assistance", rule: null, active: true }],
  ["жакыр", { code: "poor", rule: null, active: true }],
  ["аз камсыз", { code: "low-income", rule: null, active: true }],
  ["майыбы бар үй-бүлө", { code: "disability", rule: { kind: "member-with-disability" }, active: true }],
  ["мигранттын үй-бүлөсү", { code: "migrant", rule: { kind: "member-abroad" }, active: true }],
  ["эски критерий", { code: "old", rule: null, active: false }],
]);

/** A book read with FLAG_CRITERIA. */
const readFlagged = (rows: readonly BookRow[]) =>
  readHouseholdBook(rows, { ...lookups, criteria: FLAG_CRITERIA });

const row = (rowNumber: number, cells: BookRow["cells"]): BookRow => ({ rowNumber, cells });
/** A household's only member, its head, in village V1: the columns a test adds or changes in `cells`. */
const headRow = (rowNumber: number, cells: BookRow["cells"]): BookRow =>
  row(rowNumber, {
    villageCode: "V1",
    relation: "head",
    surname: "Токтосунова",
    givenName: "Айгүл",
    sex: "ж",
    ...cells,
  });

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

  it("warns of a row whose relation the birth dates make unlikely, and still reads the household", () => {
    const { households, issues, warnings } = readHouseholdBook(
      [
        row(2, {
          householdKey: "8",
          relation: "son",
          surname: "Асанов",
          givenName: "Бакыт",
          sex: "m",
          birthDate: "01.01.1950",
        }),
        row(3, {
          householdKey: "8",
          villageCode: "V1",
          formedOn: "01.03.2020",
          relation: "head",
          surname: "Асанов",
          givenName: "Нурбек",
          sex: "m",
          birthDate: "01.01.2000",
        }),
        row(4, {
          householdKey: "8",
          relation: "son",
          surname: "Асанов",
          givenName: "Айбек",
          sex: "m",
          birthDate: "01.01.2024",
        }),
      ],
      lookups,
    );
    expect(issues).toEqual([]);
    expect(households).toHaveLength(1);
    expect(warnings).toEqual([{ row: 2, column: "birthDate", code: "kinBornBeforeHead" }]);
  });

  it("warns on its first row that a household with no formation day is dated today, and a dated one not", () => {
    const { households, issues, warnings } = readHouseholdBook(
      [
        row(2, {
          householdKey: "1",
          villageCode: "V1",
          relation: "head",
          surname: "Осмонов",
          givenName: "Бек",
          sex: "m",
        }),
        row(3, { householdKey: "1", relation: "son", surname: "Осмонов", givenName: "Нур", sex: "m" }),
        headRow(4, { householdKey: "2", formedOn: "01.03.2001" }),
        // A household the file refuses gets its error, not a warning too.
        headRow(5, { householdKey: "3", villageCode: "V9" }),
      ],
      lookups,
    );
    expect(issues.map((i) => `${i.row}:${i.code}`)).toEqual(["5:unknownVillage"]);
    expect(households.map((h) => h.formedOn)).toEqual(["2026-01-01", "2001-03-01"]);
    expect(warnings).toEqual([
      { row: 2, column: "formedOn", code: "formedOnToday", params: { day: "2026-01-01" } },
    ]);
  });

  it("gives a household the flags its column names, leaving those its members give to the rule", () => {
    const criteria = new Map<string, BookCriterion>([
      ["үй-бүлөгө көмөк алат", { code: "social-assistance", rule: null, active: true }],
      ["получает пособие", { code: "social-assistance", rule: null, active: true }],
      ["аял башкарган үй-бүлө", { code: "female-headed", rule: { kind: "female-head" }, active: true }],
    ]);
    const head = (key: string, flags: string | null) =>
      headRow(Number(key) + 1, { householdKey: key, formedOn: "01.03.2001", flags });
    const { households, issues, warnings } = readHouseholdBook(
      [
        head("1", "Аял башкарган үй-бүлө; Үй-бүлөгө көмөк алат"),
        // Any language's name, any case, the separator's spaces as typed; a name twice is one flag.
        head("2", "ПОЛУЧАЕТ ПОСОБИЕ;Үй-бүлөгө көмөк алат ;"),
        head("3", null),
        head("4", "Аял башкарган үй-бүлө"),
        head("5", "Үй-бүлөгө көмөк алат; Жакыр эмес"),
      ],
      { ...lookups, criteria },
    );
    const byHand = { source: "manual", setOn: "2001-03-01", clearedOn: null, reason: null };
    // The head is a woman: the rule gives "female-headed", from the day she became head (the formation).
    const ruled = {
      code: "female-headed",
      source: "derived",
      setOn: "2001-03-01",
      clearedOn: null,
      reason: { key: "registry.reason.femaleHead", params: {} },
    };
    expect(households.map((h) => [h.key, h.flags])).toEqual([
      ["1", [ruled, { code: "social-assistance", ...byHand }]],
      ["2", [{ code: "social-assistance", ...byHand }, ruled]],
      ["3", [ruled]],
      ["4", [ruled]],
    ]);
    expect(issues).toEqual([
      { row: 6, column: "flags", code: "unknownCriterion", params: { code: "Жакыр эмес" } },
    ]);
    expect(warnings).toEqual([]);
    // Without criteria any name is unknown.
    expect(readHouseholdBook([head("1", "Үй-бүлөгө көмөк алат")], lookups).issues).toEqual([
      { row: 2, column: "flags", code: "unknownCriterion", params: { code: "Үй-бүлөгө көмөк алат" } },
    ]);
  });

  it("sets each flag for the days the column gives it, as the export writes them", () => {
    const { households, issues } = readFlagged([
      headRow(2, {
        householdKey: "1",
        formedOn: "01.03.2001",
        flags: "Үй-бүлөгө көмөк алат (01.06.2025–31.12.2025); Жакыр (1.2.2020 - ); Аз камсыз (2024-05-01)",
      }),
    ]);
    expect(issues).toEqual([]);
    expect(households[0]!.flags).toEqual([
      {
        code: "social-assistance",
        source: "manual",
        setOn: "2025-06-01",
        clearedOn: "2025-12-31",
        reason: null,
      },
      { code: "poor", source: "manual", setOn: "2020-02-01", clearedOn: null, reason: null },
      { code: "low-income", source: "manual", setOn: "2024-05-01", clearedOn: null, reason: null },
    ]);
    // What the export writes reads back the same.
    expect(flagText("Үй-бүлөгө көмөк алат", "2025-06-01", "2026-12-31")).toBe(
      "Үй-бүлөгө көмөк алат (01.06.2025–31.12.2026)",
    );
    expect(flagText("Жакыр", "2020-02-01", null)).toBe("Жакыр (01.02.2020–)");
  });

  it("refuses a flag's days that are no days, after today, before the household, ending before they start, or given twice; one ending ahead is set with a warning", () => {
    const flagged = (rowNumber: number, flags: string) =>
      headRow(rowNumber, { householdKey: String(rowNumber), formedOn: "01.03.2001", flags });
    const { households, issues, warnings } = readFlagged([
      flagged(2, "Жакыр (31.02.2020–)"),
      flagged(3, "Жакыр (бери)"),
      flagged(4, "Жакыр (02.01.2026–)"),
      flagged(5, "Жакыр (01.01.2000–)"),
      flagged(6, "Жакыр (01.01.2020–31.12.2019)"),
      flagged(7, "Жакыр (01.01.2020–); Жакыр (01.01.2021–)"),
      // The same flag twice, days and all, is one.
      flagged(8, "Жакыр (01.01.2020–); жакыр (1.1.2020–)"),
      // Cleared on a day still to come, as older records may hold it; today itself has come.
      flagged(9, "Жакыр (01.01.2020–02.01.2026)"),
      flagged(10, "Жакыр (01.01.2020–01.01.2026)"),
    ]);
    expect(issues).toEqual([
      { row: 2, column: "flags", code: "flagDays", params: { value: "Жакыр (31.02.2020–)" } },
      { row: 3, column: "flags", code: "flagDays", params: { value: "Жакыр (бери)" } },
      { row: 4, column: "flags", code: "flagAfterToday", params: { name: "Жакыр", today: "01.01.2026" } },
      {
        row: 5,
        column: "flags",
        code: "flagBeforeHousehold",
        params: { name: "Жакыр", formedOn: "01.03.2001" },
      },
      {
        row: 6,
        column: "flags",
        code: "flagEndsBeforeStart",
        params: { name: "Жакыр", from: "01.01.2020", until: "31.12.2019" },
      },
      { row: 7, column: "flags", code: "flagRepeated", params: { name: "Жакыр" } },
    ]);
    expect(warnings).toEqual([
      { row: 9, column: "flags", code: "flagClearedAhead", params: { name: "Жакыр", until: "02.01.2026" } },
    ]);
    expect(households.map((h) => [h.key, h.flags.map((f) => `${f.setOn}–${f.clearedOn ?? ""}`)])).toEqual([
      ["8", ["2020-01-01–"]],
      ["9", ["2020-01-01–2026-01-02"]],
      ["10", ["2020-01-01–2026-01-01"]],
    ]);
  });

  it("keeps a derived criterion the members do not give as set by hand, with a warning, and leaves one they give to the rule with the file's days", () => {
    const member = (rowNumber: number, key: string, cells: BookRow["cells"]) =>
      row(rowNumber, { householdKey: key, surname: "Асанов", givenName: "Нур", sex: "m", ...cells });
    const { households, issues, warnings } = readFlagged([
      // The file names disability and migration, the members give neither: a social worker's judgement.
      member(2, "1", {
        villageCode: "V1",
        formedOn: "01.03.2015",
        relation: "head",
        flags: "Майыбы бар үй-бүлө (01.11.2025–); Мигранттын үй-бүлөсү (01.11.2025–)",
      }),
      // The members give disability: the rule sets it, once, from the file's day.
      member(3, "2", {
        villageCode: "V1",
        formedOn: "01.03.2015",
        relation: "head",
        disabilityGroup: "2",
        flags: "Майыбы бар үй-бүлө (01.11.2025–01.01.2026)",
      }),
      // A criterion the register no longer uses is not set.
      member(4, "3", { villageCode: "V1", relation: "head", flags: "Эски критерий" }),
    ]);
    expect(issues).toEqual([]);
    expect(households.map((h) => [h.key, h.flags])).toEqual([
      [
        "1",
        [
          { code: "disability", source: "manual", setOn: "2025-11-01", clearedOn: null, reason: null },
          { code: "migrant", source: "manual", setOn: "2025-11-01", clearedOn: null, reason: null },
        ],
      ],
      [
        "2",
        [
          {
            code: "disability",
            source: "derived",
            setOn: "2025-11-01",
            clearedOn: "2026-01-01",
            reason: { key: "registry.reason.disability", params: { count: 1 } },
          },
        ],
      ],
      ["3", []],
    ]);
    // Each flag the file names is counted once, by what became of it.
    expect(households.map((h) => h.fileFlags)).toEqual([
      { keptByHand: ["disability", "migrant"], confirmedByRule: [], contradicted: [], notInUse: [] },
      { keptByHand: [], confirmedByRule: ["disability"], contradicted: [], notInUse: [] },
      { keptByHand: [], confirmedByRule: [], contradicted: [], notInUse: ["old"] },
    ]);
    expect(warnings).toEqual([
      { row: 2, column: "flags", code: "flagKeptByHand", params: { name: "Майыбы бар үй-бүлө" } },
      { row: 2, column: "flags", code: "flagKeptByHand", params: { name: "Мигранттын үй-бүлөсү" } },
      { row: 4, column: "formedOn", code: "formedOnToday", params: { day: "2026-01-01" } },
      { row: 4, column: "flags", code: "flagCriterionNotInUse", params: { name: "Эски критерий" } },
    ]);
  });

  it("does not set a derived flag the members' recorded facts rule out, keeps one their data only falls short of, and leaves one they give to the rule", () => {
    const criteria = new Map<string, BookCriterion>([
      ["аял башкарган үй-бүлө", { code: "female-headed", rule: { kind: "female-head" }, active: true }],
      [
        "жалгыз кары",
        { code: "elderly-alone", rule: { kind: "elderly-alone", minAgeYears: 70 }, active: true },
      ],
    ]);
    const head = (key: string, cells: BookRow["cells"]) =>
      headRow(Number(key) + 1, { householdKey: key, formedOn: "01.03.2001", ...cells });
    const { households, issues, warnings } = readHouseholdBook(
      [
        // Contradicted: a male head; a 41-year-old alone.
        head("1", { sex: "m", givenName: "Азамат", surname: "Токтосунов", flags: "Аял башкарган үй-бүлө" }),
        head("2", { birthDate: "01.01.1985", flags: "Жалгыз кары (01.06.2020–)" }),
        // Falls short: alone, but her age is unknown.
        head("3", { flags: "Жалгыз кары (01.06.2020–)" }),
        // Given: the rule sets it, from the file's day.
        head("4", { birthDate: "01.01.1940", flags: "Жалгыз кары (01.06.2020–)" }),
        // Ended before today: today's members say nothing of those days.
        head("5", {
          sex: "m",
          givenName: "Азамат",
          surname: "Токтосунов",
          flags: "Аял башкарган үй-бүлө (01.03.2001–01.03.2010)",
        }),
        // Ended while today's head was head: the file's end was a decision, and stands.
        head("6", { flags: "Аял башкарган үй-бүлө (01.03.2001–01.03.2010)" }),
        // Ended before today's head became head (in 2012): history, and the rule's flag from 2012.
        headRow(8, {
          householdKey: "7",
          formedOn: "01.03.2001",
          memberSince: "01.06.2012",
          flags: "Аял башкарган үй-бүлө (01.03.2001–01.03.2010)",
        }),
      ],
      { ...lookups, criteria },
    );
    expect(issues).toEqual([]);
    expect(households.map((h) => [h.key, h.flags.map((f) => `${f.code} ${f.source} ${f.setOn}`)])).toEqual([
      ["1", []],
      ["2", ["female-headed derived 2001-03-01"]],
      ["3", ["elderly-alone manual 2020-06-01", "female-headed derived 2001-03-01"]],
      ["4", ["elderly-alone derived 2020-06-01", "female-headed derived 2001-03-01"]],
      ["5", ["female-headed manual 2001-03-01"]],
      ["6", ["female-headed derived 2001-03-01"]],
      ["7", ["female-headed manual 2001-03-01", "female-headed derived 2012-06-01"]],
    ]);
    expect(households.slice(5).map((h) => h.flags.map((f) => f.clearedOn))).toEqual([
      ["2010-03-01"],
      ["2010-03-01", null],
    ]);
    // What became of each flag the file names, per household, for the import's record.
    const none = { keptByHand: [], confirmedByRule: [], contradicted: [], notInUse: [] };
    expect(households.map((h) => [h.key, h.fileFlags])).toEqual([
      ["1", { ...none, contradicted: ["female-headed"] }],
      ["2", { ...none, contradicted: ["elderly-alone"] }],
      ["3", { ...none, keptByHand: ["elderly-alone"] }],
      ["4", { ...none, confirmedByRule: ["elderly-alone"] }],
      ["5", { ...none, keptByHand: ["female-headed"] }],
      ["6", { ...none, confirmedByRule: ["female-headed"] }],
      ["7", { ...none, keptByHand: ["female-headed"] }],
    ]);
    expect(warnings).toEqual([
      {
        row: 2,
        column: "flags",
        code: "flagContradictedInFile",
        params: {
          name: "Аял башкарган үй-бүлө",
          fact: { key: "errors.registry.flagFact.maleHead", params: {} },
        },
      },
      {
        row: 3,
        column: "flags",
        code: "flagContradictedInFile",
        params: {
          name: "Жалгыз кары",
          fact: { key: "errors.registry.flagFact.tooYoung", params: { age: 41, minAge: 70 } },
        },
      },
      { row: 4, column: "flags", code: "flagKeptByHand", params: { name: "Жалгыз кары" } },
    ]);
  });

  it("dates each flag the rule derives from the day its facts began, as the card registers a household", () => {
    const criteria = new Map<string, BookCriterion>([
      ["аял башкарган үй-бүлө", { code: "female-headed", rule: { kind: "female-head" }, active: true }],
      ["майыбы бар үй-бүлө", { code: "disability", rule: { kind: "member-with-disability" }, active: true }],
      [
        "жалгыз кары",
        { code: "elderly-alone", rule: { kind: "elderly-alone", minAgeYears: 65 }, active: true },
      ],
    ]);
    const { households, issues } = readHouseholdBook(
      [
        headRow(2, {
          householdKey: "1",
          formedOn: "01.01.2000",
          birthDate: "15.06.1950",
          disabilityGroup: "2",
        }),
      ],
      { ...lookups, criteria },
    );
    expect(issues).toEqual([]);
    // Her disability and her heading it from the formation (not one from today), alone and elderly since 65.
    expect(households[0]!.flags.map((f) => `${f.code} ${f.setOn}`).sort()).toEqual([
      "disability 2000-01-01",
      "elderly-alone 2015-06-15",
      "female-headed 2000-01-01",
    ]);
  });

  it("starts each member on the day the file says it joined, and checks the relation on that day", () => {
    const member = (rowNumber: number, cells: BookRow["cells"]) =>
      row(rowNumber, { householdKey: "1", surname: "Керимова", sex: "ж", ...cells });
    const read = (since: string | null) =>
      readHouseholdBook(
        [
          member(2, {
            villageCode: "V1",
            formedOn: "01.01.2015",
            relation: "head",
            givenName: "Гүлзат",
            birthDate: "04.04.1955",
          }),
          // Married in at 16: a daughter-in-law since then, not since the formation (at 5).
          member(3, {
            relation: "daughter-in-law",
            givenName: "Бегимай",
            birthDate: "07.07.2009",
            memberSince: since,
          }),
          member(4, { relation: "son", givenName: "Айнура", birthDate: "01.01.2016" }),
        ],
        { ...lookups, relations: new Map([...lookups.relations, ["daughter-in-law", "daughter-in-law"]]) },
      );
    const joined = read("01.12.2025");
    expect(joined.issues).toEqual([]);
    expect(joined.warnings).toEqual([]);
    expect(joined.households[0]!.members.map((m) => m.since)).toEqual([
      "2015-01-01",
      "2025-12-01",
      "2016-01-01",
    ]);
    // Empty: the formation day, or the birth when it came later; she is then a wife at 5.
    const undated = read(null);
    expect(undated.households[0]!.members.map((m) => m.since)).toEqual([
      "2015-01-01",
      "2015-01-01",
      "2016-01-01",
    ]);
    expect(undated.warnings).toEqual([
      { row: 3, column: "birthDate", code: "kinSpouseUnderAge", params: { age: 5, minAge: 16 } },
    ]);
    for (const [since, issue] of [
      ["1.13.2020", { code: "invalidDateValue", params: { value: { verbatim: "1.13.2020" } } }],
      ["02.01.2026", { code: "afterToday", params: { today: "2026-01-01" } }],
      ["01.01.2009", { code: "memberSinceBeforeBirth", params: { birthDate: "07.07.2009" } }],
      ["31.12.2014", { code: "memberSinceBeforeHousehold", params: { formedOn: "01.01.2015" } }],
    ] as const) {
      const refused = read(since);
      expect(refused.issues).toEqual([{ row: 3, column: "memberSince", ...issue }]);
      expect(refused.households).toEqual([]);
    }
  });

  it("leaves out of a write the households whose every person the register holds here, and sets apart those it holds in part", () => {
    const h = (key: string, rows: number[]) => ({ key, members: rows.map((row) => ({ row })) });
    const { toWrite, registeredHere, partlyHere } = leaveOutRegisteredHere(
      [h("1", [2, 3]), h("2", [4, 5]), h("3", [6])],
      new Set([2, 3, 4]),
    );
    expect(registeredHere.map((x) => x.key)).toEqual(["1"]);
    expect(partlyHere.map((x) => x.key)).toEqual(["2"]);
    expect(toWrite.map((x) => x.key)).toEqual(["3"]);
  });

  it("refuses a household the register holds in part, naming at each registered person's row the household that holds them", () => {
    const h = (key: string, rows: number[]) => ({ key, members: rows.map((row) => ({ row })) });
    const [whole, partly, fresh] = [h("1", [2, 3]), h("2", [4, 5, 6]), h("3", [8])];
    const { households, issues } = refusePartlyRegistered(
      {
        households: [whole, partly, fresh],
        issues: [
          { row: 7, column: "sex", code: "unknownSex" },
          { sheet: "land", row: 2, column: "areaHa", code: "invalidNumber" },
        ],
      },
      [partly],
      new Map([
        [4, { reason: "same-pin", household: 12 }],
        [6, { reason: "same-name-and-birth-date", household: null }],
      ]),
    );
    expect(households).toEqual([whole, fresh]);
    // In the book's order: the book's rows, then the land's.
    expect(issues).toEqual([
      { row: 4, column: "pin", code: "registeredHereInPart", params: { household: 12 } },
      { row: 6, column: null, code: "registeredHereInPartNoHousehold" },
      { row: 7, column: "sex", code: "unknownSex" },
      { sheet: "land", row: 2, column: "areaHa", code: "invalidNumber" },
    ]);
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
          pin: "abc",
        }),
        row(3, {
          householdKey: "2",
          villageCode: "V1",
          relation: "head",
          surname: "Osmonov",
          givenName: "Улан",
          sex: "m",
          birthDate: "x",
          pin: "23113198012345",
        }),
        row(4, { relation: "head" }),
      ],
      lookups,
    );
    expect(households).toEqual([]);
    expect(issues.map((i) => `${i.row}:${i.column}:${i.code}`)).toEqual([
      "2:sex:unknownSex",
      "2:pin:pinInvalid",
      "2:villageCode:unknownVillage",
      "2:relation:oneHeadPerHousehold",
      "3:birthDate:invalidDateValue",
      "3:surname:cyrillicName",
      "3:pin:pinInvalidDate",
      "4:householdKey:required",
      "4:sex:required",
      "4:surname:required",
      "4:givenName:required",
    ]);
  });

  /**
   * Five one-person households: the second repeats the first's PIN, the third's head is born after
   * the organisation's day, the fourth is formed after it, the fifth on it.
   */
  const repeatedPinAndLateDays = (() => {
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
    return [
      head(2, "1", { pin: "20101198012345" }),
      head(3, "2", { pin: "20101198012345", givenName: "Бакыт" }),
      head(4, "3", { birthDate: "2026-01-02" }),
      head(5, "4", { formedOn: "02.01.2026" }),
      head(6, "5", { birthDate: "2026-01-01", formedOn: "01.01.2026" }),
    ];
  })();

  it("refuses the row that repeats a PIN of the file, naming the first row, and dates after today", () => {
    const { households, issues } = readHouseholdBook(repeatedPinAndLateDays, lookups);
    expect(households.map((h) => h.key)).toEqual(["1", "5"]);
    expect(issues).toEqual([
      { row: 3, column: "pin", code: "pinRepeatedInFile", params: { row: 2 } },
      { row: 4, column: "birthDate", code: "afterToday", params: { today: "2026-01-01" } },
      { row: 5, column: "formedOn", code: "afterToday", params: { today: "2026-01-01" } },
    ]);
  });

  it("reads a book in slices as it reads it whole, each slice giving the members its valid rows make", () => {
    const rows = repeatedPinAndLateDays;
    const reader = householdBookReader(lookups);
    // Row 3 repeats the PIN of the slice before: refused all the same. Row 5 is a valid row of a
    // household the check refuses once its rows are all read.
    expect(reader.readRows(rows.slice(0, 1)).map((m) => [m.row, m.person.pin])).toEqual([
      [2, "20101198012345"],
    ]);
    expect(reader.readRows(rows.slice(1)).map((m) => m.row)).toEqual([5, 6]);
    const read = reader.finish();
    expect(read).toEqual(readHouseholdBook(rows, lookups));
    expect(read.households.map((h) => h.key)).toEqual(["1", "5"]);
    // Finished, it reads nothing more: a second finish would have counted the households' issues twice.
    expect(() => reader.finish()).toThrow(/finished/);
    expect(() => reader.readRows(rows)).toThrow(/finished/);
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

  it("carries the dwelling, notes, citizenship and labour migration", () => {
    const { households, issues } = readHouseholdBook(
      [
        row(2, {
          householdKey: "12",
          villageCode: "V1",
          dwellingKind: "Үй",
          dwellingRooms: "4",
          dwellingAreaM2: "85,5",
          dwellingWater: "кудук",
          notes: "Көп балалуу",
          relation: "head",
          surname: "Осмонов",
          givenName: "Улан",
          sex: "m",
          birthDate: "1980-01-01",
          citizenship: "kz",
          migrationCountry: "Россия",
          migrationPlace: "Москва",
          migrationSince: "01.03.2024",
        }),
      ],
      lookups,
    );
    expect(issues).toEqual([]);
    const h = households[0]!;
    expect(h).toMatchObject({
      number: 12,
      dwelling: { kind: "house", rooms: 4, areaM2: 85.5, water: "well" },
      notes: "Көп балалуу",
    });
    expect(h.members[0]!.person).toMatchObject({
      citizenship: "KZ",
      migration: { country: "RU", place: "Москва", since: "2024-03-01" },
    });
  });

  it("dates the migrant family a book's member abroad gives from the day he went, not the import's", () => {
    const { households, issues } = readFlagged([
      headRow(2, {
        householdKey: "1",
        formedOn: "01.03.2015",
        migrationCountry: "Россия",
        migrationSince: "01.04.2019",
      }),
    ]);
    expect(issues).toEqual([]);
    expect(households[0]!.flags).toEqual([
      {
        code: "migrant",
        source: "derived",
        setOn: "2019-04-01",
        clearedOn: null,
        reason: { key: "registry.reason.abroad", params: { count: 1 } },
      },
    ]);
  });

  it("says which migration, citizenship and dwelling cells are wrong", () => {
    const { households, issues } = readHouseholdBook(
      [
        row(2, {
          householdKey: "1",
          villageCode: "V1",
          dwellingKind: "юрта",
          dwellingRooms: "2,5",
          relation: "head",
          surname: "Осмонов",
          givenName: "Улан",
          sex: "m",
          citizenship: "Марс",
          migrationCountry: "Россия",
        }),
        row(3, {
          householdKey: "2",
          villageCode: "V1",
          relation: "head",
          surname: "Осмонова",
          givenName: "Айгүл",
          sex: "ж",
          migrationSince: "2027-01-01",
          migrationPlace: "Москва",
        }),
        // A city where the country goes, and the home country: no labour migration abroad.
        row(4, {
          householdKey: "3",
          villageCode: "V1",
          relation: "head",
          surname: "Токтогулов",
          givenName: "Азамат",
          sex: "m",
          migrationCountry: "Москва",
          migrationSince: "2024-03-01",
        }),
        row(5, {
          householdKey: "4",
          villageCode: "V1",
          relation: "head",
          surname: "Жумабаев",
          givenName: "Нурлан",
          sex: "m",
          migrationCountry: "Кыргызстан",
          migrationPlace: "Бишкек",
          migrationSince: "2024-03-01",
        }),
      ],
      lookups,
    );
    expect(households).toEqual([]);
    expect(issues.map((i) => `${i.row}:${i.column}:${i.code}`)).toEqual([
      "2:citizenship:unknownCountry",
      "2:migrationSince:required",
      "2:dwellingKind:unknownWord",
      "2:dwellingRooms:wholeNumberUpTo",
      "3:migrationCountry:required",
      "4:migrationCountry:unknownCountry",
      "5:migrationCountry:migrationHomeCountry",
    ]);
    expect(issues.find((i) => i.row === 4)?.params).toEqual({ value: "Москва" });
  });

  it("checks a household's phone as its form does and keeps it as the register stores phones", () => {
    const { households, issues } = readHouseholdBook(
      [
        headRow(2, { householdKey: "1", phone: "0555 40 40 40" }),
        // The same number spelt otherwise on another row is the same phone.
        row(3, {
          householdKey: "1",
          relation: "son",
          surname: "Асанов",
          givenName: "Бакыт",
          sex: "m",
          phone: "+996 (555) 40-40-40",
        }),
        headRow(4, { householdKey: "2", phone: "abc" }),
      ],
      lookups,
    );
    expect(issues).toEqual([{ row: 4, column: "phone", code: "phoneInvalid" }]);
    expect(households.map((h) => [h.key, h.phone])).toEqual([["1", "+996555404040"]]);
  });

  it("refuses a date where a household's key, street or house is text: Excel's day made of 12/3, named as the day", () => {
    // What Excel gives for 12/3 and 1-2 typed in a cell of no format, in a Russian-language Excel.
    const twelfthOfMarch = new Date(Date.UTC(2026, 2, 12));
    const secondOfFebruary = new Date(Date.UTC(2026, 1, 2));
    const { households, issues } = readHouseholdBook(
      [
        headRow(2, { householdKey: "1", house: twelfthOfMarch }),
        headRow(3, { householdKey: "2", street: twelfthOfMarch }),
        headRow(4, { householdKey: secondOfFebruary }),
        headRow(5, { householdKey: "5", house: "12/3" }),
      ],
      lookups,
      {
        land: [
          { rowNumber: 2, cells: { householdKey: secondOfFebruary, areaHa: 1, category: "Сугат айдоо жер" } },
        ],
      },
    );
    expect(issues).toEqual([
      { row: 2, column: "house", code: "dateInTextCell", params: { value: "12.03.2026" } },
      { row: 3, column: "street", code: "dateInTextCell", params: { value: "12.03.2026" } },
      { row: 4, column: "householdKey", code: "dateInTextCell", params: { value: "02.02.2026" } },
      {
        sheet: "land",
        row: 2,
        column: "householdKey",
        code: "dateInTextCell",
        params: { value: "02.02.2026" },
      },
    ]);
    expect(households.map((h) => [h.key, h.house])).toEqual([["5", "12/3"]]);
  });

  it("takes a citizenship by the country's name in any of its languages and any case, or by its ISO code", () => {
    const citizenship = (value: string) =>
      readHouseholdBook([headRow(2, { householdKey: "1", citizenship: value })], lookups).households[0]
        ?.members[0]?.person.citizenship;
    expect(["Кыргызстан", "КЫРГЫЗСТАН", "kyrgyzstan", "kg", "Казакстан", "tr"].map(citizenship)).toEqual([
      "KG",
      "KG",
      "KG",
      "KG",
      "KZ",
      "TR",
    ]);
    expect(
      readHouseholdBook([headRow(2, { householdKey: "1", citizenship: "Түркия" })], lookups).issues,
    ).toEqual([{ row: 2, column: "citizenship", code: "unknownCountry", params: { value: "Түркия" } }]);
  });

  it("reads a disabled child by the word the form shows, and as 'child', as files made before wrote it", () => {
    const group = (value: string | number) =>
      readHouseholdBook([headRow(2, { householdKey: "1", disabilityGroup: value })], lookups).households[0]
        ?.members[0]?.person.disabilityGroup;
    expect(["ДМЧ бала", "дмч бала", "child", 2].map(group)).toEqual(["child", "child", "child", "2"]);
    expect(
      readHouseholdBook([headRow(2, { householdKey: "1", disabilityGroup: "4" })], lookups).issues,
    ).toEqual([{ row: 2, column: "disabilityGroup", code: "unknownWord", params: { value: "4" } }]);
  });

  it("takes a village by its code or any of its names, refusing a name two villages share", () => {
    const village = (villageCode: string) =>
      readHouseholdBook(
        [
          row(2, {
            householdKey: "1",
            villageCode,
            relation: "head",
            surname: "Осмонов",
            givenName: "Улан",
            sex: "m",
          }),
        ],
        lookups,
      );
    for (const name of ["V1", "Бел-Көл", "бел кол", "БЕЛЬ-КОЛЬ"])
      expect(village(name).households[0]?.villageCode, name).toBe("V1");
    expect(village("aksu lower").households[0]?.villageCode).toBe("V3");
    // Two villages called Ак-Суу are two in Latin letters too.
    expect(village("Ak-Suu").issues.map((i) => i.code)).toEqual(["ambiguousVillage"]);
    expect(village("Ак-Суу").issues).toEqual([
      {
        row: 2,
        column: "villageCode",
        code: "ambiguousVillage",
        params: { value: "Ак-Суу", codes: "V2, V3" },
      },
    ]);
    expect(village("Талас").issues).toEqual([
      { row: 2, column: "villageCode", code: "unknownVillage", params: { code: "Талас" } },
    ]);
  });

  it("refuses a household whose rows disagree on a household column, naming both rows", () => {
    const member = (rowNumber: number, cells: BookRow["cells"]) =>
      row(rowNumber, { householdKey: "5", surname: "Осмонов", givenName: "Улан", sex: "m", ...cells });
    const agreeing = readHouseholdBook(
      [
        member(2, { relation: "head", villageCode: "V1", street: "Ленин", formedOn: "01.01.2000" }),
        // The same village by name, the same street in other case, the same day as a date cell.
        member(3, {
          relation: "son",
          villageCode: "Бел-Көл",
          street: "ЛЕНИН",
          formedOn: new Date(Date.UTC(2000, 0, 1)),
        }),
        member(4, { relation: "son" }),
      ],
      lookups,
    );
    expect(agreeing.issues).toEqual([]);
    expect(agreeing.households[0]!.street).toBe("Ленин");
    const { households, issues } = readHouseholdBook(
      [
        member(2, { relation: "head", villageCode: "V1", phone: "0555 123456" }),
        member(3, { relation: "son", phone: "0700 654321", villageCode: "V3" }),
      ],
      lookups,
    );
    expect(households).toEqual([]);
    expect(issues).toEqual([
      {
        row: 3,
        column: "villageCode",
        code: "householdColumnDiffers",
        params: { row: 2, value: "V1" },
      },
      {
        row: 3,
        column: "phone",
        code: "householdColumnDiffers",
        params: { row: 2, value: "0555 123456" },
      },
    ]);
  });

  it("keeps a book number from 1 to 999,999 and reads decimal commas", () => {
    expect([bookNumberOf("1"), bookNumberOf("0042"), bookNumberOf("999999")]).toEqual([1, 42, 999_999]);
    expect([bookNumberOf("0"), bookNumberOf("1000000"), bookNumberOf("12а"), bookNumberOf("1.5")]).toEqual([
      null,
      null,
      null,
      null,
    ]);
    expect([numberOf("85,5"), numberOf(" 1 200 "), numberOf(3), numberOf(""), numberOf("x")]).toEqual([
      85.5,
      1200,
      3,
      null,
      "invalid",
    ]);
  });

  /** A household of one head, keyed `key`, for the land and livestock sheets to refer to. */
  const head = (rowNumber: number, key: string) =>
    row(rowNumber, {
      householdKey: key,
      villageCode: "V1",
      formedOn: "01.01.2000",
      relation: "head",
      surname: "Осмонов",
      givenName: "Улан",
      sex: "m",
    });

  it("ties land plots and livestock counts to households by key, refusing a bad row by sheet, row and column", () => {
    const { households, issues } = readHouseholdBook([head(2, "1"), head(3, "2")], lookups, {
      land: [
        {
          rowNumber: 2,
          cells: { householdKey: "1", areaHa: "0,5", category: "Сугат айдоо жер", cadastralNumber: "4-01" },
        },
        {
          rowNumber: 3,
          cells: {
            householdKey: "1",
            areaHa: 2,
            category: "сугат айдоо жер",
            tenure: "ижара",
            fromDate: "01.05.2020",
          },
        },
        { rowNumber: 4, cells: { householdKey: "2", areaHa: "0", category: "тоо" } },
        { rowNumber: 5, cells: { householdKey: "9", areaHa: 1, category: "сугат айдоо жер" } },
      ],
      livestock: [
        {
          rowNumber: 2,
          cells: { householdKey: "1", countedOn: "01.01.2025", cattle: 3, "sheep-goats": "12" },
        },
        { rowNumber: 3, cells: { householdKey: "1", countedOn: "2025-01-01", horses: 1 } },
        // 100 cattle with three zeros too many; a flock of 50,000 is the most a household may hold.
        { rowNumber: 4, cells: { householdKey: "2", cattle: 100_000, "sheep-goats": 50_000 } },
      ],
    });
    expect(households).toEqual([]);
    expect(issues).toEqual([
      { sheet: "land", row: 4, column: "areaHa", code: "areaNotPositive" },
      { sheet: "land", row: 4, column: "category", code: "unknownWord", params: { value: "тоо" } },
      { sheet: "land", row: 5, column: "householdKey", code: "householdNotInBook", params: { key: "9" } },
      { sheet: "livestock", row: 3, column: "countedOn", code: "livestockCountRepeated", params: { row: 2 } },
      { sheet: "livestock", row: 4, column: "cattle", code: "livestockTooMany", params: { max: 5_000 } },
    ]);
    const good = readHouseholdBook([head(2, "1")], lookups, {
      land: [{ rowNumber: 2, cells: { householdKey: "1", areaHa: "0,5", category: "Сугат айдоо жер" } }],
      livestock: [{ rowNumber: 2, cells: { householdKey: "1", cattle: 3, "sheep-goats": "12" } }],
    });
    expect(good.issues).toEqual([]);
    expect(good.households[0]).toMatchObject({
      landPlots: [
        {
          cadastralNumber: null,
          areaHa: 0.5,
          category: "irrigated-arable",
          tenure: "owned",
          fromDate: "2000-01-01",
        },
      ],
      livestock: [{ countedOn: "2026-01-01", counts: { cattle: 3, "sheep-goats": 12 } }],
    });
  });

  it("refuses a land plot dated before its household was formed, on the land sheet's row, and takes one from that day", () => {
    const plot = (rowNumber: number, fromDate: string) => ({
      rowNumber,
      cells: { householdKey: "1", areaHa: "0,5", category: "Сугат айдоо жер", fromDate },
    });
    const early = readHouseholdBook([head(2, "1")], lookups, {
      land: [plot(2, "01.01.2000"), plot(3, "31.12.1999")],
    });
    expect(early.households).toEqual([]);
    expect(early.issues).toEqual([
      {
        sheet: "land",
        row: 3,
        column: "fromDate",
        code: "plotBeforeHousehold",
        params: { formedOn: "01.01.2000" },
      },
    ]);
    const onTheDay = readHouseholdBook([head(2, "1")], lookups, { land: [plot(2, "01.01.2000")] });
    expect(onTheDay.issues).toEqual([]);
    expect(onTheDay.households[0]!.landPlots).toEqual([
      {
        cadastralNumber: null,
        areaHa: 0.5,
        category: "irrigated-arable",
        tenure: "owned",
        fromDate: "2000-01-01",
      },
    ]);
  });

  it("refuses a livestock count dated before its household was formed, on the livestock sheet's row, and takes one from that day", () => {
    const count = (rowNumber: number, countedOn: string) => ({
      rowNumber,
      cells: { householdKey: "1", countedOn, cattle: 2 },
    });
    const early = readHouseholdBook([head(2, "1")], lookups, {
      livestock: [count(2, "01.01.2000"), count(3, "31.12.1999")],
    });
    expect(early.households).toEqual([]);
    expect(early.issues).toEqual([
      {
        sheet: "livestock",
        row: 3,
        column: "countedOn",
        code: "livestockBeforeHousehold",
        params: { formedOn: "01.01.2000" },
      },
    ]);
    const onTheDay = readHouseholdBook([head(2, "1")], lookups, { livestock: [count(2, "01.01.2000")] });
    expect(onTheDay.issues).toEqual([]);
    expect(onTheDay.households[0]!.livestock).toEqual([{ countedOn: "2000-01-01", counts: { cattle: 2 } }]);
  });

  it("refuses a land plot below the register's 0.0001 ha or above 100,000 ha, and keeps the limits themselves", () => {
    const plot = (rowNumber: number, areaHa: string | number) => ({
      rowNumber,
      cells: { householdKey: "1", areaHa, category: "Сугат айдоо жер" },
    });
    const { households, issues } = readHouseholdBook([head(2, "1")], lookups, {
      land: [plot(2, "0,00001"), plot(3, 1_000_000), plot(4, "100000,5")],
    });
    expect(households).toEqual([]);
    expect(issues).toEqual([
      { sheet: "land", row: 2, column: "areaHa", code: "areaBelowPrecision", params: { min: 0.0001 } },
      { sheet: "land", row: 3, column: "areaHa", code: "areaTooLarge", params: { max: 100_000 } },
      { sheet: "land", row: 4, column: "areaHa", code: "areaTooLarge", params: { max: 100_000 } },
    ]);
    const edges = readHouseholdBook([head(2, "1")], lookups, { land: [plot(2, "0,0001"), plot(3, 100_000)] });
    expect(edges.issues).toEqual([]);
    expect(edges.households[0]!.landPlots.map((p) => p.areaHa)).toEqual([0.0001, 100_000]);
  });

  it("refuses a cadastral number the file repeats or a plot in force already holds, naming the first row or the household", () => {
    const plot = (rowNumber: number, householdKey: string, cadastralNumber: string) => ({
      rowNumber,
      cells: { householdKey, cadastralNumber, areaHa: "0,5", category: "Сугат айдоо жер" },
    });
    const { households, issues } = readHouseholdBook(
      [head(2, "1"), head(3, "2"), head(4, "3")],
      { ...lookups, heldCadastralNumbers: new Map([["4-03-01-0001-0009", 17]]) },
      {
        land: [
          plot(2, "1", "4-03-01-0001-0001"),
          plot(3, "2", "4-03-01-0001-0001"),
          plot(4, "3", "4-03-01-0001-0009"),
        ],
      },
    );
    expect(issues).toEqual([
      {
        sheet: "land",
        row: 3,
        column: "cadastralNumber",
        code: "cadastralRepeatedInFile",
        params: { row: 2 },
      },
      {
        sheet: "land",
        row: 4,
        column: "cadastralNumber",
        code: "cadastralNumberHeld",
        params: { number: 17 },
      },
    ]);
    expect(households.map((h) => h.key)).toEqual(["1"]);
    expect(households[0]!.landPlots[0]!.cadastralNumber).toBe("4-03-01-0001-0001");
  });

  it("refuses a land row whose cadastral number is no such number, at its cell, and writes a spaced one as the form does", () => {
    const plot = (rowNumber: number, householdKey: string, cadastralNumber: string | Date) => ({
      rowNumber,
      cells: { householdKey, cadastralNumber, areaHa: "0,5", category: "Сугат айдоо жер" },
    });
    const { households, issues } = readHouseholdBook(
      [head(2, "1"), head(3, "2"), head(4, "3"), head(5, "4")],
      { ...lookups, heldCadastralNumbers: new Map([["4-03-01-0001-0009", 17]]) },
      {
        land: [
          plot(2, "1", "abc"),
          plot(3, "2", " 4-03-01 - 0001–0001 "),
          // A short number a spreadsheet took for a day is no longer the number typed.
          plot(4, "3", new Date("2003-01-02T00:00:00Z")),
          // Held, written with spaces: the same number.
          plot(5, "4", "4-03-01-0001 - 0009"),
        ],
      },
    );
    const form = { code: "cadastralNumberForm", params: { example: "1-02-03-0004-0005" } };
    expect(issues).toEqual([
      { sheet: "land", row: 2, column: "cadastralNumber", ...form },
      { sheet: "land", row: 4, column: "cadastralNumber", ...form },
      {
        sheet: "land",
        row: 5,
        column: "cadastralNumber",
        code: "cadastralNumberHeld",
        params: { number: 17 },
      },
    ]);
    expect(households.map((h) => h.key)).toEqual(["2"]);
    expect(households[0]!.landPlots[0]!.cadastralNumber).toBe("4-03-01-0001-0001");
  });

  it("folds words the way headers and lists are matched", () => {
    expect(foldWord("  Үй  чарбанын   Башчысы. ")).toBe("үй чарбанын башчысы");
  });
});
