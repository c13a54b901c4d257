import { createHash } from "node:crypto";
import { sql } from "drizzle-orm";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { searchKey } from "../../src/domain/registry/names.js";
import { rows } from "../../src/server/platform/db.js";
import { translate } from "../../src/server/platform/i18n.js";
import { withSystem } from "../../src/server/platform/transactions.js";
import {
  type Client,
  login,
  seedAimak,
  seedOrganisation,
  seedUnits,
  startTestApp,
  type TestApp,
} from "../support/app.js";

const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

describe("importing and exporting the household book", () => {
  let t: TestApp;
  let clerk: Client;
  let social: Client;
  let clerkOrgId: string;
  // seedAimak numbers an aimak's villages …01, …02.
  const villages = ["41703220980001", "41703220980002"];

  beforeAll(async () => {
    t = await startTestApp();
    expect((await seedAimak(t.database, "41703220980000", 2)).villageCodes).toEqual(villages);
    const m = await seedOrganisation(t.database, {
      adminUnitCode: "41703220980000",
      users: { clerk: ["clerk"], social: ["social-worker"] },
    });
    clerk = await login(t.app, m.users.clerk!.username);
    social = await login(t.app, m.users.social!.username);
    clerkOrgId = m.org.id;
  });
  afterAll(() => t.close());

  async function workbook(
    header: string[],
    rows: unknown[][],
    more: { name: string; header: string[]; rows: unknown[][] }[] = [],
  ): Promise<Buffer> {
    const book = new ExcelJS.Workbook();
    for (const spec of [{ name: "Book", header, rows }, ...more]) {
      const sheet = book.addWorksheet(spec.name);
      sheet.addRow(spec.header);
      for (const r of spec.rows) sheet.addRow(r);
    }
    return Buffer.from(await book.xlsx.writeBuffer());
  }
  const landHeader = [
    "Чарба №",
    "Кадастрдык №",
    "Аянты, га",
    "Жердин түрү",
    "Пайдалануу укугу",
    "Качантан бери",
  ];
  const landSheet = (rows: unknown[][]) => ({ name: "Жер", header: landHeader, rows });
  /** A household of one, in the template's first columns: its head, a man, in the first village. */
  const headRow = (key: string, surname: string, birthDate = "01.01.1980") => [
    key,
    villages[0],
    null,
    null,
    "үй чарбанын башчысы",
    surname,
    "Азамат",
    null,
    "эркек",
    birthDate,
    null,
  ];
  const livestockHeader = ["Чарба №", "Эсептелген күнү", "бодо мал", "кой-эчки", "жылкы"];
  const upload = (file: Buffer, query = "") =>
    clerk.call("POST", `/api/registry/book/import${query}`, file, { "content-type": XLSX });
  /** The problems workbook's sheet: its name, and its lines as values (heading first). */
  const problemsSheet = async (res: { rawPayload: Buffer }) => {
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const sheet = book.worksheets[0]!;
    return {
      name: sheet.name,
      lines: (sheet.getSheetValues() as unknown[][]).slice(1).map((r) => r.slice(1)),
    };
  };
  const count = async () => (await clerk.get("/api/registry/households?pageSize=100")).json().items.length;
  /** What the clerk's last import recorded of itself. */
  const lastImportAudit = async () => {
    const [audit] = await withSystem(t.database, (tx) =>
      rows<{ after: Record<string, number> }>(
        tx,
        sql`select after from audit_event where org_id = ${clerkOrgId} and entity = 'household_book' order by seq desc limit 1`,
      ),
    );
    return audit!.after;
  };

  it("offers a template labelled in the user's language, with the words each column takes", async () => {
    const res = await clerk.get("/api/registry/book/template");
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-type"]).toContain(XLSX);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const header = book.worksheets[0]!.getRow(1).values as string[];
    expect(header).toContain("Фамилиясы");
    expect(header).toContain("ПИН");
    // The land's and livestock's sheets come before the lists, labelled in Kyrgyz too.
    expect(book.worksheets.map((w) => w.name)).toEqual(["Чарба китеби", "Жер", "Мал", "Тизмелер"]);
    expect(book.worksheets[1]!.getRow(1).values).toContain("Аянты, га");
    expect(book.worksheets[2]!.getRow(1).values).toContain("бодо мал");
    const lists = JSON.stringify(book.getWorksheet("Тизмелер")!.getSheetValues());
    expect(lists).toContain("үй чарбанын башчысы");
    // The words by age the export writes are offered too, each once.
    for (const word of ["агасы/иниси", "агасы", "иниси", "карындашы", "сиңдиси"])
      expect(lists).toContain(`"${word}"`);
    expect(lists.split('"сиңдиси"')).toHaveLength(2);
    expect(lists).toContain(villages[0]);

    // Each column of fixed words offers them as a drop-down from its column of the lists sheet,
    // down the rows a clerk fills; the columns of codes say in a note what they take.
    const listsHeader = book.getWorksheet("Тизмелер")!.getRow(1).values as string[];
    const choices = (sheet: ExcelJS.Worksheet, label: string, row: number) => {
      const column = (sheet.getRow(1).values as string[]).indexOf(label);
      expect(column, label).toBeGreaterThan(0);
      return sheet.getRow(row).getCell(column).dataValidation;
    };
    const from = (label: string, count: number) => {
      const letter = String.fromCharCode(64 + listsHeader.indexOf(label));
      return { type: "list", formulae: [`'Тизмелер'!$${letter}$2:$${letter}$${count + 1}`] };
    };
    const [bookSheet, landSheet] = book.worksheets as [ExcelJS.Worksheet, ExcelJS.Worksheet];
    const words = (label: string) =>
      book
        .getWorksheet("Тизмелер")!
        .getColumn(listsHeader.indexOf(label))
        .values.slice(2)
        .filter((v) => v !== "" && v !== null && v !== undefined);
    for (const label of ["Туугандыгы", "Жынысы", "Айыл (коду же аталышы)", "Турак жайдын түрү", "Суу"])
      for (const row of [2, 10_001])
        expect(choices(bookSheet, label, row)).toMatchObject(from(label, words(label).length));
    expect(words("Жынысы")).toEqual(["аял", "эркек"]);
    expect(choices(bookSheet, "Майыптык тобу", 2)).toMatchObject(from("Майыптык тобу", 4));
    expect(words("Майыптык тобу")).toEqual([1, 2, 3, "ДМЧ бала"]);
    for (const label of ["Жердин түрү", "Пайдалануу укугу"])
      expect(choices(landSheet, label, 2)).toMatchObject(from(label, words(label).length));
    expect(choices(bookSheet, "Фамилиясы", 2)).toBeUndefined();
    const note = (label: string) =>
      JSON.stringify(
        bookSheet.getRow(1).getCell((bookSheet.getRow(1).values as string[]).indexOf(label)).note,
      );
    expect(note("Жарандыгы")).toContain("эки тамгалуу коду");
    expect(note("Майыптык тобу")).toContain("ДМЧ бала");
    // Kept as text, so Excel keeps what is typed: a house 12/3 is no date, a phone keeps its 0.
    const format = (sheet: ExcelJS.Worksheet, label: string) =>
      sheet.getColumn((sheet.getRow(1).values as string[]).indexOf(label)).numFmt;
    for (const label of ["ПИН", "Көчө", "Үй", "Телефон"]) expect(format(bookSheet, label), label).toBe("@");
    expect(format(landSheet, "Кадастрдык №")).toBe("@");
    expect(format(bookSheet, "Чарба №")).toBeUndefined();

    // The template as it comes is read as a book (its headings are the book's) holding no household.
    const empty = await clerk.call("POST", "/api/registry/book/import", res.rawPayload, {
      "content-type": XLSX,
    });
    expect(empty.statusCode, empty.body).toBe(422);
    expect(empty.json().code).toBe("registry.book.noHouseholds");
  });

  const header = [
    "Чарба №",
    "Айылдын коду",
    "Көчө",
    "Үй",
    "Туугандыгы",
    "Фамилиясы",
    "Аты",
    "Атасынын аты",
    "Жынысы",
    "Туулган күнү",
    "ПИН",
  ];
  const good = [
    [
      "1",
      villages[0],
      "Ленин",
      "5",
      "үй чарбанын башчысы",
      "Абдыкадыров",
      "Мирлан",
      "Асанович",
      "эркек",
      "12.03.1979",
      21203197900017,
    ],
    [
      "1",
      null,
      null,
      null,
      "жубайы",
      "Абдыкадырова",
      "Нургүл",
      "Бакытовна",
      "аял",
      new Date(Date.UTC(1982, 6, 9)),
      null,
    ],
  ];
  const bad = [
    ["2", villages[1], "Токтогул", "7", "head", "Kadyrov", "Bolot", null, "м", "31.02.1990", null],
    ["2", null, null, null, "son", "Кадыров", "Айбек", null, "x", "01.01.2010", "2150519801234"],
  ];

  it("reports every problem by row and column in the user's language, and writes nothing", async () => {
    const before = await count();
    const res = await upload(await workbook(header, [...good, ...bad]));
    expect(res.statusCode, res.body).toBe(200);
    const report = res.json();
    expect(report).toMatchObject({ rowCount: 4, householdCount: 2, validHouseholds: 1, imported: null });
    const where = report.issues.map(
      (i: { row: number; column: string; code: string }) => `${i.row}:${i.column}:${i.code}`,
    );
    expect(where).toEqual(
      expect.arrayContaining([
        "4:birthDate:invalidDateValue",
        "4:surname:cyrillicName",
        "4:givenName:cyrillicName",
        "5:sex:unknownSex",
        // The PIN's own form is checked though the sex it would be checked against is wrong.
        "5:pin:pinInvalid",
      ]),
    );
    const dateIssue = report.issues.find((i: { code: string }) => i.code === "invalidDateValue");
    expect(dateIssue.message).toBe("Күн туура эмес: «31.02.1990» (күн.ай.жыл)");
    const sexIssue = report.issues.find((i: { code: string }) => i.code === "unknownSex");
    expect(sexIssue.message).toContain("«x»");
    expect(sexIssue.columnLabel).toBe("Жынысы"); // the clerk works in Kyrgyz
    expect(await count()).toBe(before);
  });

  it("names a disability group not in the template's lists with the value given, sending the clerk to the lists, in the user's language", async () => {
    const before = await count();
    const file = await workbook(
      [...header.slice(0, 10), "Майыптык тобу"],
      [[...headRow("1", "Табылдиев", "01.01.1970").slice(0, 10), "5"]],
    );
    const issue = async (query: string) =>
      (await upload(file, query))
        .json()
        .issues.find((i: { column: string }) => i.column === "disabilityGroup");
    expect(await issue("")).toMatchObject({
      row: 2,
      code: "unknownWord",
      columnLabel: "Майыптык тобу",
      message: "«5» бул мамычага туура келбейт: «Тизмелер» баракчасынан тандаңыз",
    });
    expect((await issue("?lang=ru")).message).toBe(
      "«5» не подходит для этого столбца: выберите из листа «Списки»",
    );
    expect(await count()).toBe(before);
  });

  it("says what number a dwelling's rooms and area and a herd's count take, with the value given, in the user's language", async () => {
    const before = await count();
    const file = await workbook(
      [...header.slice(0, 10), "Бөлмөлөрү", "Турак жайдын аянты, м²"],
      [[...headRow("1", "Табылдиев", "01.01.1970").slice(0, 10), "-1", "20000"]],
      [{ name: "Мал", header: livestockHeader, rows: [["1", "01.01.2026", 2.5, "-3", 4]] }],
    );
    const messages = async (query: string) =>
      Object.fromEntries(
        (await upload(file, query))
          .json()
          .issues.map((i: { column: string; message: string }) => [i.column, i.message]),
      );
    expect(await messages("")).toMatchObject({
      dwellingRooms: "«-1» туура эмес: 0 менен 100 ортосундагы бүтүн сан жазылат",
      dwellingAreaM2: "«20000» туура эмес: 0 менен 10\u00a0000 ортосундагы сан жазылат",
      cattle: "«2.5» туура эмес: 0 менен 5\u00a0000 ортосундагы бүтүн сан жазылат",
      "sheep-goats": "«-3» туура эмес: 0 менен 50\u00a0000 ортосундагы бүтүн сан жазылат",
    });
    expect((await messages("?lang=ru")).dwellingRooms).toBe(
      "«-1» не подходит: нужно целое число от 0 до 100",
    );
    expect(await count()).toBe(before);
  });

  it("gives the check's errors, then its warnings, as a workbook in the user's language with each cell's value, writing nothing", async () => {
    const before = await count();
    const file = await workbook(header, [...good, ...bad]);
    const res = await clerk.call("POST", "/api/registry/book/problems", file, { "content-type": XLSX });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers["content-type"]).toContain(XLSX);
    expect(res.headers["content-disposition"]).toContain("household-book-problems.xlsx");
    const { name, lines } = await problemsSheet(res);
    expect(name).toBe("Каталар");
    expect(lines[0]).toEqual(["Түрү", "Баракча", "Сап", "Мамыча", "Файлдагы маани", "Түшүндүрмө"]);
    const report = (await upload(file, "?dryRun=true")).json();
    // Every problem the report lists, in its order, then every warning, each with its cell's value.
    expect(lines.slice(1)).toHaveLength(report.issues.length + report.warnings.length);
    expect(lines.slice(1, report.issues.length + 1).map((l) => l[5])).toEqual(
      report.issues.map((i: { message: string }) => i.message),
    );
    expect(lines).toContainEqual([
      "Ката",
      "Чарба китеби",
      4,
      "Туулган күнү",
      "31.02.1990",
      "Күн туура эмес: «31.02.1990» (күн.ай.жыл)",
    ]);
    expect(lines).toContainEqual(["Ката", "Чарба китеби", 5, "ПИН", "2150519801234", expect.any(String)]);
    expect(lines).toContainEqual(["Ката", "Чарба китеби", 5, "Жынысы", "x", expect.stringContaining("«x»")]);
    // The household without a formation day is valid: warned of, last, with no value to show.
    expect(lines.at(-1)).toEqual([
      "Эскертүү",
      "Чарба китеби",
      2,
      "Түзүлгөн күнү",
      undefined,
      expect.stringContaining("Түзүлгөн күнү жазылган эмес"),
    ]);
    expect(await count()).toBe(before);

    // A file that is no book is refused as the import refuses it.
    const refused = await clerk.call("POST", "/api/registry/book/problems", Buffer.from("not a table"), {
      "content-type": XLSX,
    });
    expect(refused.statusCode).toBe(422);
    expect(refused.json().code).toBe("registry.book.unreadable");
  });

  it("gives, once the valid households are written, the rows the write left out: their errors as the check before it found them", async () => {
    const org = await seedOrganisation(t.database, {
      adminUnitCode: "41703220980000",
      name: { ky: "Калганын оңдогон айыл өкмөтү" },
      users: { clerk: ["clerk"] },
    });
    const orgClerk = await login(t.app, org.users.clerk!.username);
    const send = (path: string, file: Buffer) => orgClerk.call("POST", path, file, { "content-type": XLSX });
    // A plot already in the register.
    const held = await send(
      "/api/registry/book/import",
      await workbook(
        header,
        [headRow("80", "Кадастров")],
        [landSheet([["80", "7-01-01-0001-0777", 1, "кайрак жер"]])],
      ),
    );
    expect(held.json().imported).toMatchObject({ households: 1, landPlots: 1 });
    const file = await workbook(
      header,
      [
        headRow("81", "Экинчиев"), // its plot is household 80's: left out
        headRow("82", "Үчүнчүев"), // written, with its plot
        headRow("83", "Төртүнчүев"), // its plot repeats 82's: left out
        headRow("84", "Бешинчиев", "31.02.1980"), // no such day: left out
        headRow("85", "Алтынчиев"), // written, no land
      ],
      [
        landSheet([
          ["81", "7-01-01-0001-0777", 1, "кайрак жер"],
          ["82", "7-01-01-0001-0888", 1, "кайрак жер"],
          ["83", "7-01-01-0001-0888", 1, "кайрак жер"],
        ]),
      ],
    );
    const checked = (await send("/api/registry/book/import?dryRun=true", file)).json();
    // The valid households are warned of (no formation day): written all the same.
    expect(checked.warnings.map((w: { row: number; code: string }) => `${w.row}:${w.code}`)).toEqual([
      "3:formedOnToday",
      "6:formedOnToday",
    ]);
    const written = (await send("/api/registry/book/import?acceptValid=true", file)).json();
    expect(written.imported).toMatchObject({ households: 2, landPlots: 1 });
    expect(written.issues).toEqual(checked.issues);
    const leftOut = checked.issues.map((i: { sheet?: string; row: number; message: string }) => [
      i.sheet === "land" ? "Жер" : "Чарба китеби",
      i.row,
      i.message,
    ]);
    expect(leftOut).toEqual([
      ["Чарба китеби", 5, expect.stringContaining("«31.02.1980»")],
      ["Жер", 2, expect.stringContaining("№ 80")],
      ["Жер", 4, expect.stringContaining("3-сабында")],
    ]);

    // Checked again as the register now stands, the written plot would be held against its own row.
    const asNow = await problemsSheet(await send("/api/registry/book/problems", file));
    expect(asNow.lines.map((l) => l.slice(1, 3))).toContainEqual(["Жер", 3]);
    // After the write: exactly the rows left out, each an error with its cell's value, no warning.
    const res = await send("/api/registry/book/problems?written=true", file);
    expect(res.statusCode, res.body).toBe(200);
    const { lines } = await problemsSheet(res);
    expect(lines.slice(1).map((l) => [l[0], l[1], l[2], l[5]])).toEqual(
      leftOut.map((l: unknown[]) => ["Ката", ...l]),
    );
    expect(lines.slice(1).map((l) => l[4])).toEqual(["31.02.1980", "7-01-01-0001-0777", "7-01-01-0001-0888"]);
    // Written once: the households and the plot are not written again by asking.
    expect((await orgClerk.get("/api/registry/households?pageSize=100")).json().items).toHaveLength(3);
  });

  it("warns in the check that a household with no formation date will be dated today, naming the day", async () => {
    const before = await count();
    const report = (await upload(await workbook(header, good), "?dryRun=true")).json();
    expect(report).toMatchObject({ issues: [], validHouseholds: 1, imported: null });
    expect(report.warnings).toEqual([
      {
        row: 2,
        column: "formedOn",
        columnLabel: "Түзүлгөн күнү",
        code: "formedOnToday",
        message: expect.stringMatching(
          /^Түзүлгөн күнү жазылган эмес: чарба \(жана башталган күнү жок жер участоктору\) \d\d\.\d\d\.\d{4} күнү менен жазылат$/,
        ),
      },
    ]);
    expect(await count()).toBe(before);
    // The day written in, nothing to warn of.
    const dated = good.map((r, i) => [...r, i === 0 ? "01.06.2010" : null]);
    const checked = (
      await upload(await workbook([...header, "Түзүлгөн күнү"], dated), "?dryRun=true")
    ).json();
    expect(checked).toMatchObject({ issues: [], warnings: [], validHouseholds: 1 });
  });

  it("refuses a PIN the file repeats and a birth after today, in the user's language, writing nothing", async () => {
    const before = await count();
    const repeated = [
      [
        "3",
        villages[0],
        "Манас",
        "3",
        "head",
        "Жумабаев",
        "Нурбек",
        null,
        "м",
        "12.03.1979",
        "21203197900017",
      ],
      ["4", villages[0], "Манас", "4", "head", "Жумабаева", "Айпери", null, "ж", "01.01.2090", null],
    ];
    const res = await upload(await workbook(header, [...good, ...repeated]));
    const report = res.json();
    expect(report).toMatchObject({ householdCount: 3, validHouseholds: 1, imported: null });
    const issue = (code: string) => report.issues.find((i: { code: string }) => i.code === code);
    expect(issue("pinRepeatedInFile")).toMatchObject({ row: 4, column: "pin", columnLabel: "ПИН" });
    expect(issue("pinRepeatedInFile").message).toBe("Бул ПИН файлдын 2-сабында мурунтан эле бар");
    expect(issue("afterToday")).toMatchObject({ row: 5, column: "birthDate" });
    expect(issue("afterToday").message).toMatch(/^Бүгүндөн \(\d{2}\.\d{2}\.\d{4}\) кийин боло албайт$/);
    expect(await count()).toBe(before);
  });

  it("warns, without refusing, of a row whose relation the birth dates make unlikely", async () => {
    const before = await count();
    const olderSon = [
      "1",
      null,
      null,
      null,
      "уулу",
      "Абдыкадыров",
      "Бакыт",
      null,
      "эркек",
      "01.01.1950",
      null,
    ];
    const res = await upload(await workbook(header, [...good, olderSon]), "?dryRun=true");
    expect(res.statusCode, res.body).toBe(200);
    const report = res.json();
    expect(report).toMatchObject({ validHouseholds: 1, issues: [], imported: null });
    // The book gives no formation day either: that warning comes first, by row.
    expect(report.warnings.map((w: { row: number; code: string }) => `${w.row}:${w.code}`)).toEqual([
      "2:formedOnToday",
      "4:kinBornBeforeHead",
    ]);
    expect(report.warnings.slice(1)).toEqual([
      {
        row: 4,
        column: "birthDate",
        columnLabel: "Туулган күнү",
        code: "kinBornBeforeHead",
        message: expect.stringContaining("Башчыдан мурда төрөлгөн"),
      },
    ]);
    expect(await count()).toBe(before);
  });

  it("makes a child born after the household was formed its member from birth, by a birth event of that day", async () => {
    const file = await workbook(
      [...header, "Түзүлгөн күнү"],
      [
        [
          "6",
          villages[0],
          "Манас",
          "6",
          "head",
          "Сыдыков",
          "Талант",
          null,
          "м",
          "02.02.1985",
          null,
          "01.06.2010",
        ],
        ["6", null, null, null, "кызы", "Сыдыкова", "Айдана", null, "ж", "15.03.2014", null, null],
      ],
    );
    const res = await upload(file, "?acceptValid=true");
    expect(res.json().imported).toEqual({ households: 1, people: 2, landPlots: 0, livestockCounts: 0 });
    const [hit] = (await clerk.get(`/api/registry/people?q=${encodeURIComponent("Сыдыкова Айдана")}`)).json()
      .items;
    const card = (await clerk.get(`/api/registry/households/${hit.householdId}`)).json();
    expect(card.formedOn).toBe("2010-06-01");
    const since = Object.fromEntries(
      card.members.map((m: { givenName: string; memberSince: string }) => [m.givenName, m.memberSince]),
    );
    expect(since).toEqual({ Талант: "2010-06-01", Айдана: "2014-03-15" });
    // Her birth is an event of its own, the day her membership starts from; the household's forming, the head's.
    const events = card.events.map(
      (e: { id: string; kind: string; occurredOn: string; personId: string | null }) => [
        e.kind,
        e.occurredOn,
        card.members.find((m: { id: string }) => m.id === e.personId)?.givenName ?? null,
      ],
    );
    expect(events).toEqual([
      ["household-formed", "2010-06-01", null],
      ["birth", "2014-03-15", "Айдана"],
    ]);
    // Each names the file (by the hash its import's audit record names) and the household's key in it.
    const hash = createHash("sha256").update(file).digest("hex");
    expect(card.events.map((e: { details: object }) => e.details)).toEqual([
      { imported: "6", file: hash },
      { imported: "6", file: hash },
    ]);
    const opened = await withSystem(t.database, (tx) =>
      rows<{ given: string; kind: string }>(
        tx,
        sql`select p.given_name as given, e.kind from household_member m join person p on p.id = m.person_id
            join life_event e on e.id = m.from_event_id where m.household_id = ${hit.householdId} order by p.given_name`,
      ),
    );
    expect(opened).toEqual([
      { given: "Айдана", kind: "birth" },
      { given: "Талант", kind: "household-formed" },
    ]);
  });

  it("writes a brother or sister by who is older than the head, and reads those words and the combined ones back", async () => {
    const member = (key: string, relation: string, givenName: string, sex: string, born: string) => [
      key,
      relation === "үй чарбанын башчысы" ? villages[0] : null,
      null,
      null,
      relation,
      "Тууганов",
      givenName,
      null,
      sex,
      born,
      null,
    ];
    const res = await upload(
      await workbook(header, [
        member("60", "үй чарбанын башчысы", "Эрлан", "эркек", "01.01.1985"),
        member("60", "агасы/иниси", "Арслан", "эркек", "01.01.1980"),
        member("60", "иниси", "Бакыт", "эркек", "01.01.1990"),
        member("60", "эжеси/карындашы", "Гүлзат", "аял", "01.01.1978"),
        member("60", "карындашы", "Жамиля", "аял", "01.01.1992"),
        member("61", "үй чарбанын башчысы", "Зуура", "аял", "01.01.1970"),
        member("61", "сиңдиси", "Айнура", "аял", "01.01.1975"),
        member("61", "агасы", "Кубат", "эркек", "01.01.1965"),
      ]),
      "?acceptValid=true",
    );
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ issues: [], imported: { households: 2, people: 8 } });
    // The relation is the cell before the surname.
    const relationOf = (csv: string, givenName: string) => {
      const cells = csv
        .split("\n")
        .find((l) => l.includes(`Тууганов;${givenName};`))!
        .split(";");
      return cells[cells.indexOf("Тууганов") - 1];
    };
    const ky = (await clerk.get("/api/registry/book/export?format=csv")).body;
    expect(
      ["Арслан", "Бакыт", "Гүлзат", "Жамиля", "Айнура", "Кубат"].map((name) => relationOf(ky, name)),
    ).toEqual(["агасы", "иниси", "эжеси", "карындашы", "сиңдиси", "агасы"]);
    const again = await upload(Buffer.from(ky), "?dryRun=true");
    expect(again.json()).toMatchObject({ issues: [], validHouseholds: await count(), imported: null });
    expect((await clerk.patch("/api/me", { locale: "uz" })).statusCode).toBe(200);
    try {
      const uz = (await clerk.get("/api/registry/book/export?format=csv")).body;
      const uzRelation = (name: string) => uz.split("\n").find((l) => l.includes(name))!;
      expect(uzRelation("Арслан")).toContain("акаси");
      expect(uzRelation("Жамиля")).toContain("синглиси");
      const back = await upload(Buffer.from(uz), "?dryRun=true");
      expect(back.json()).toMatchObject({ issues: [], validHouseholds: await count(), imported: null });
    } finally {
      await clerk.patch("/api/me", { locale: "ky" });
    }
  });

  it("writes only the valid households when the user accepts them", async () => {
    const before = await count();
    const res = await upload(await workbook(header, [...good, ...bad]), "?acceptValid=true");
    expect(res.json().imported).toEqual({ households: 1, people: 2, landPlots: 0, livestockCounts: 0 });
    expect(await count()).toBe(before + 1);
    const found = (
      await clerk.get(`/api/registry/people?q=${encodeURIComponent("Абдыкадырова Нургүл")}`)
    ).json().items;
    expect(found[0]).toMatchObject({ birthDate: "1982-07-09", relation: "spouse", villageCode: villages[0] });
    const pin = (await clerk.get("/api/registry/people?q=21203197900017")).json().items;
    expect(pin[0].givenName).toBe("Мирлан");
  });

  it("reads the book from the sheet named as the book's in any language, wherever it stands; the first sheet when none is", async () => {
    const book = new ExcelJS.Workbook();
    book.addWorksheet("Тизмелер").addRow(["үй чарбанын башчысы", "жубайы"]);
    const named = book.addWorksheet("Похозяйственная книга");
    named.addRow(header);
    for (const r of good) named.addRow(r);
    const res = await upload(Buffer.from(await book.xlsx.writeBuffer()), "?dryRun=true");
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ rowCount: 2, validHouseholds: 1, issues: [] });
    const first = await upload(
      await workbook(header, good, [{ name: "Лист2", header: ["x"], rows: [] }]),
      "?dryRun=true",
    );
    expect(first.json()).toMatchObject({ rowCount: 2, validHouseholds: 1, issues: [] });
  });

  it("refuses a file whose Kyrgyz letters its encoding lost, saying so in the user's language; nothing is written", async () => {
    const before = await count();
    // "Үмөт көчөсү" in a CSV that Excel on a Russian Windows saved: Windows-1251 has no ү or ө.
    const lost = Buffer.concat([
      Buffer.from(`${header.slice(0, 4).join(";")}\r\n1;${villages[0]};`, "utf8"),
      Buffer.from([0x3f, 0xec, 0x3f, 0xf2]),
      Buffer.from(";5\r\n", "utf8"),
    ]);
    const res = await clerk.call("POST", "/api/registry/book/import?acceptValid=true", lost, {
      "content-type": "text/csv",
    });
    expect(res.statusCode, res.body).toBe(422);
    expect(res.json()).toMatchObject({
      code: "file.lettersLost",
      title: translate("ky", "errors.file.lettersLost"),
    });
    expect(await count()).toBe(before);
  });

  it("refuses a file with the template's headings and no household under them, saying so in the user's language; nothing is written", async () => {
    const before = await count();
    const template = (await clerk.get("/api/registry/book/template")).rawPayload;
    // The check, the import (accepting the valid rows or not) and the problems' workbook all say so.
    for (const path of ["import?dryRun=true", "import?acceptValid=true", "import", "problems"]) {
      const res = await clerk.call("POST", `/api/registry/book/${path}`, template, { "content-type": XLSX });
      expect(res.statusCode, `${path}: ${res.body}`).toBe(422);
      expect(res.json()).toMatchObject({
        code: "registry.book.noHouseholds",
        title: translate("ky", "errors.registry.book.noHouseholds"),
      });
    }
    // A CSV file of the headings and a blank line, as Excel saves an emptied sheet.
    const csv = Buffer.from(`${header.join(";")}\r\n${";".repeat(header.length - 1)}\r\n`, "utf8");
    const headings = await clerk.call("POST", "/api/registry/book/import?acceptValid=true", csv, {
      "content-type": "text/csv",
    });
    expect(headings.statusCode, headings.body).toBe(422);
    expect(headings.json().code).toBe("registry.book.noHouseholds");
    expect(await count()).toBe(before);
  });

  it("refuses a file that is not a spreadsheet or lacks the name columns", async () => {
    const junk = await upload(Buffer.from("not a spreadsheet"));
    expect(junk.json().code).toBe("registry.book.unreadable");
    const missing = await upload(await workbook(["Чарба №", "Аты"], [["1", "Айбек"]]));
    expect(missing.json().code).toBe("registry.book.missingColumns");
    // Named as the template heads them, in the clerk's language, not by the service's own names.
    const lacking = ["relation", "surname", "sex"].map((c) => translate("ky", `registry.book.columns.${c}`));
    expect(missing.json().title).toBe(
      translate("ky", "errors.registry.book.missingColumns", { columns: lacking.join(", ") }),
    );
  });

  it("exports CSV and xlsx in the template's columns, and the xlsx imports back", async () => {
    const csv = await clerk.get("/api/registry/book/export?format=csv");
    expect(csv.headers["content-type"]).toContain("text/csv");
    expect(csv.body.charCodeAt(0)).toBe(0xfeff);
    // The clerk works in Kyrgyz: ";" between cells, as Excel there reads it; the PIN stays text.
    expect(csv.body).toContain("Абдыкадыров;Мирлан");
    expect(csv.body).toContain('"\t21203197900017"');
    const xlsx = await clerk.get("/api/registry/book/export?format=xlsx");
    // In the workbook a household's number is a number and a day a date shown as a clerk writes it,
    // so both sort and filter as such.
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const sheet = book.worksheets[0]!;
    const column = (label: string) => (sheet.getRow(1).values as unknown[]).indexOf(label);
    const first = sheet.getRow(2);
    expect(typeof first.getCell(column("Чарба №")).value).toBe("number");
    const born = first.getCell(column("Туулган күнү"));
    expect(born.value).toBeInstanceOf(Date);
    expect(born.numFmt).toBe("dd.mm.yyyy");
    // A house, a street, a phone and a PIN stay as typed when the clerk edits the file.
    for (const label of ["ПИН", "Көчө", "Үй", "Телефон"])
      expect(sheet.getColumn(column(label)).numFmt).toBe("@");
    const before = await count();
    const again = await upload(xlsx.rawPayload, "?dryRun=true");
    expect(again.json()).toMatchObject({ issues: [], validHouseholds: before, imported: null });
    // The CSV export reads back too (the same reader takes CSV as well as xlsx).
    const fromCsv = await upload(csv.rawPayload, "?dryRun=true");
    expect(fromCsv.json()).toMatchObject({ issues: [], validHouseholds: before, imported: null });
  });

  it("writes a street a spreadsheet would run as a formula after an apostrophe in the CSV, and reads it back as typed", async () => {
    const clerkOf = async (name: string) => {
      const fresh = await seedOrganisation(t.database, {
        adminUnitCode: "41703220980000",
        name: { ky: name },
        users: { clerk: ["clerk"] },
      });
      return { org: fresh.org, clerk: await login(t.app, fresh.users.clerk!.username) };
    };
    const typed = '=HYPERLINK("http://x";"көчө")';
    const from = await clerkOf("Формула айыл өкмөтү");
    // Her own name and day: the later tests count who the other registers hold.
    const file = await workbook(header, [
      [
        "1",
        villages[0],
        typed,
        "1",
        "үй чарбанын башчысы",
        "Формулаева",
        "Сезим",
        null,
        "аял",
        "05.06.1991",
        null,
      ],
    ]);
    const written = await from.clerk.call("POST", "/api/registry/book/import", file, {
      "content-type": XLSX,
    });
    expect(written.json()).toMatchObject({ issues: [], imported: { households: 1 } });
    const csv = await from.clerk.get("/api/registry/book/export?format=csv");
    expect(csv.body).toContain(`;"'=HYPERLINK(""http://x"";""көчө"")";`);
    const into = await clerkOf("Окуган айыл өкмөтү");
    const read = await into.clerk.call("POST", "/api/registry/book/import", csv.rawPayload, {
      "content-type": "text/csv",
    });
    expect(read.json()).toMatchObject({ issues: [], imported: { households: 1 } });
    const [kept] = await withSystem(t.database, (tx) =>
      rows<{ street: string }>(tx, sql`select street from household where org_id = ${into.org.id}`),
    );
    expect(kept!.street).toBe(typed);
  });

  it("writes a spouse as wife or husband in the export's language, and reads those words back", async () => {
    // Kyrgyz and Russian CSV is ";"-separated, as Excel in those languages reads it.
    const line = (csv: string) => csv.split("\n").find((l) => l.includes("Абдыкадырова;Нургүл"))!;
    const ky = (await clerk.get("/api/registry/book/export?format=csv")).body;
    expect(line(ky)).toContain(";аялы;");
    expect((await clerk.patch("/api/me", { locale: "ru" })).statusCode).toBe(200);
    try {
      const ru = await clerk.get("/api/registry/book/export?format=csv");
      expect(line(ru.body)).toContain(";жена;");
      expect(ru.body).not.toContain("супруг(а)");
      const again = await upload(ru.rawPayload, "?dryRun=true");
      expect(again.json()).toMatchObject({ issues: [], validHouseholds: await count(), imported: null });
    } finally {
      await clerk.patch("/api/me", { locale: "ky" });
    }
  });

  it("says which people of the file a register already holds, here or elsewhere, before writing", async () => {
    const elsewhere = await seedOrganisation(t.database, {
      adminUnitCode: "41703220980000",
      name: { ky: "Башка айыл өкмөтү" },
      users: {},
    });
    await withSystem(t.database, (tx) =>
      tx.execute(sql`insert into person (id, org_id, surname, given_name, name_latin, search_key, sex, pin, birth_date)
        values (gen_random_uuid(), ${elsewhere.org.id}, 'Жумабаев', 'Талант', 'Jumabaev Talant',
          ${searchKey("Жумабаев Талант")}, 'male', '21505198512345', '1985-05-15')`),
    );
    const before = await count();
    /** A head of a different name under the PIN the other municipality holds. */
    const headWithHeldPin = (key: string) => [
      key,
      villages[0],
      null,
      null,
      "үй чарбанын башчысы",
      "Жумабаев",
      "Таалай",
      null,
      "эркек",
      "15.05.1985",
      21505198512345,
    ];
    // Imported here by an earlier test, without a PIN: found by the same name and birth date.
    const nurgulAlone = [
      "9",
      villages[0],
      null,
      null,
      "үй чарбанын башчысы",
      "Абдыкадырова",
      "Нургүл",
      "Бакытовна",
      "аял",
      "09.07.1982",
      null,
    ];
    const file = await workbook(header, [
      // The head need not come first: the report names each person's own row all the same.
      ["7", null, null, null, "уулу", "Жумабаев", "Эрнис", null, "эркек", "01.01.2010", null],
      // A different name under a PIN another municipality holds: the PIN decides.
      headWithHeldPin("7"),
      // A household of her alone: one beside new people here would be refused, as a later test shows.
      nurgulAlone,
    ]);
    const report = (await upload(file, "?dryRun=true")).json();
    expect(report.issues).toEqual([]);
    expect(report.registeredAlready).toEqual([
      { row: 3, reason: "same-pin", here: false, organisation: "Башка айыл өкмөтү" },
      { row: 4, reason: "same-name-and-birth-date", here: true, organisation: expect.any(String) },
    ]);
    expect(report.registeredAlreadyRows).toBe(2);
    expect(report.registeredHere).toEqual({ households: 1, people: 1 });
    expect(await count()).toBe(before);

    // The people of a household the import would not write are not reported: the PIN held
    // elsewhere is in household 8, which a row of unknown sex leaves out.
    const partly = await workbook(header, [
      headWithHeldPin("8"),
      ["8", null, null, null, "уулу", "Жумабаев", "Эрнис", null, "белгисиз", "01.01.2010", null],
      nurgulAlone,
    ]);
    const partlyReport = (await upload(partly, "?dryRun=true")).json();
    expect(partlyReport.issues).toEqual([expect.objectContaining({ row: 3 })]);
    expect(partlyReport.validHouseholds).toBe(1);
    expect(partlyReport.registeredAlready).toEqual([
      { row: 4, reason: "same-name-and-birth-date", here: true, organisation: expect.any(String) },
    ]);
    expect(partlyReport.registeredAlreadyRows).toBe(1);
  });

  /** A sheet's rows as arrays of cell texts (the header first), for comparing two books. */
  async function sheetRows(file: Buffer, index = 0): Promise<string[][]> {
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(file as unknown as ArrayBuffer);
    const out: string[][] = [];
    book.worksheets[index]!.eachRow((r) => {
      out.push(
        Array.from((r.values as unknown[]).slice(1), (v) =>
          v === null || v === undefined ? "" : v instanceof Date ? v.toISOString().slice(0, 10) : String(v),
        ),
      );
    });
    return out;
  }
  const fullHeader = [
    ...header,
    "Түзүлгөн күнү",
    "Турак жайдын түрү",
    "Бөлмөлөрү",
    "Турак жайдын аянты, м²",
    "Суу",
    "Эскертүүлөр",
    "Жарандыгы",
    "Эмгек миграциясы: өлкө",
    "Эмгек миграциясы: жери",
    "Эмгек миграциясы: качантан бери",
  ];

  it("carries dwelling, notes, citizenship and labour migration; a register exported and imported into a fresh municipality exports the same rows", async () => {
    const res = await upload(
      await workbook(
        fullHeader,
        [
          // A village by its Kyrgyz name, in other case; the household's number (40) is free: kept.
          [
            "40",
            "айыл 2",
            "Боконбаев",
            "12",
            "үй чарбанын башчысы",
            "Осмонов",
            "Улан",
            null,
            "эркек",
            "05.05.1985",
            null,
            "01.02.2005",
            "Үй",
            4,
            "85,5",
            "Кудук",
            "Көп балалуу үй-бүлө",
            null,
            "Россия",
            "Москва",
            "01.03.2024",
          ],
          // A village by its Russian name: the same village, so the household's rows agree.
          [
            "40",
            "Село 2",
            null,
            null,
            "жубайы",
            "Осмонова",
            "Айгүл",
            null,
            "аял",
            "07.07.1987",
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            "KZ",
          ],
        ],
        [
          {
            name: "Жер",
            header: landHeader,
            rows: [
              ["40", "4-05-12", "0,25", "короо-жай участогу", "менчик", null],
              ["40", null, 1.5, "Сугат айдоо жер", "ижара", "01.04.2023"],
            ],
          },
          { name: "Мал", header: livestockHeader, rows: [["40", "01.01.2026", 2, 15, null]] },
        ],
      ),
      "?acceptValid=true",
    );
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      issues: [],
      imported: { households: 1, people: 2, landPlots: 2, livestockCounts: 1 },
      numbers: { kept: 1, assigned: 0 },
    });
    const [hit] = (await clerk.get(`/api/registry/people?q=${encodeURIComponent("Осмонов Улан")}`)).json()
      .items;
    const card = (await clerk.get(`/api/registry/households/${hit.householdId}`)).json();
    expect(card).toMatchObject({
      number: 40,
      villageCode: villages[1],
      notes: "Көп балалуу үй-бүлө",
      dwelling: { kind: "house", rooms: 4, areaM2: 85.5, water: "well" },
    });
    const people = Object.fromEntries(card.members.map((m: { givenName: string }) => [m.givenName, m]));
    expect(people.Улан).toMatchObject({
      citizenship: "KG",
      // Kept as the country's code, whatever language the file named it in.
      migration: { country: "RU", place: "Москва", since: "2024-03-01" },
    });
    expect(people.Айгүл).toMatchObject({ citizenship: "KZ", migration: null });

    const exported = (await clerk.get("/api/registry/book/export?format=xlsx")).rawPayload;
    const rowsHere = await sheetRows(exported);
    // The file above was headed as an older template was ("Айылдын коду") and read all the same;
    // the export heads the column as it is now.
    expect(rowsHere[0]).toEqual(
      expect.arrayContaining(fullHeader.map((h) => (h === "Айылдын коду" ? "Айыл (коду же аталышы)" : h))),
    );
    expect(rowsHere.find((r) => r.includes("Улан"))).toEqual(
      expect.arrayContaining([
        "40",
        villages[1],
        "Үй",
        "4",
        "85.5",
        "Кудук",
        "Кыргызстан",
        "Россия",
        "Москва",
        "2024-03-01",
      ]),
    );
    // A citizenship by name too, as the form and the template's list name it.
    expect(rowsHere.find((r) => r.includes("Айгүл"))).toContain("Казакстан");
    expect(rowsHere.flat()).not.toContain("KG");
    const fresh = await seedOrganisation(t.database, {
      adminUnitCode: "41703220980000",
      name: { ky: "Жаңы айыл өкмөтү" },
      users: { clerk: ["clerk"] },
    });
    const freshClerk = await login(t.app, fresh.users.clerk!.username);
    const into = await freshClerk.call("POST", "/api/registry/book/import?acceptValid=true", exported, {
      "content-type": XLSX,
    });
    expect(into.statusCode, into.body).toBe(200);
    const households = rowsHere.slice(1).reduce((keys, r) => keys.add(r[0]!), new Set<string>()).size;
    // The fresh book is empty: every number of the file is kept.
    expect(into.json()).toMatchObject({ issues: [], numbers: { kept: households, assigned: 0 } });
    const again = (await freshClerk.get("/api/registry/book/export?format=xlsx")).rawPayload;
    expect(await sheetRows(again)).toEqual(rowsHere);
    // The land's and the livestock's sheets too.
    const landHere = await sheetRows(exported, 1);
    expect(landHere).toEqual(
      expect.arrayContaining([
        ["40", "4-05-12", "0.25", "короо-жай участогу", "менчик", "2005-02-01"],
        ["40", "", "1.5", "сугат айдоо жер", "ижара", "2023-04-01"],
      ]),
    );
    expect(await sheetRows(exported, 2)).toEqual(expect.arrayContaining([["40", "2026-01-01", "2", "15"]]));
    expect(await sheetRows(again, 1)).toEqual(landHere);
    expect(await sheetRows(again, 2)).toEqual(await sheetRows(exported, 2));
    // And the CSV export of both municipalities is the same file.
    const csvHere = (await clerk.get("/api/registry/book/export?format=csv")).body;
    expect((await freshClerk.get("/api/registry/book/export?format=csv")).body).toBe(csvHere);
  });

  it("keeps a household's number from the file when it is free, else assigns the next, and says how many", async () => {
    const head = (key: string, givenName: string) => [
      key,
      villages[0],
      null,
      null,
      "үй чарбанын башчысы",
      "Номеров",
      givenName,
      null,
      "эркек",
      "01.01.1990",
      null,
    ];
    const numbersBefore = await withSystem(t.database, (tx) =>
      rows<{ n: number }>(tx, sql`select max(number)::int as n from household where org_id = ${clerkOrgId}`),
    );
    const highest = numbersBefore[0]!.n;
    const file = await workbook(header, [
      head("700", "Азат"), // free: kept
      head("1", "Бекзат"), // taken by an earlier household: assigned
      head("Б-12", "Жыргал"), // not a number: assigned
      head("1000000", "Нурбол"), // past the book's range: assigned
    ]);
    const checked = (await upload(file, "?dryRun=true")).json();
    expect(checked).toMatchObject({ imported: null, numbers: { kept: 1, assigned: 3 } });
    const res = (await upload(file, "?acceptValid=true")).json();
    expect(res).toMatchObject({ issues: [], imported: { households: 4 }, numbers: { kept: 1, assigned: 3 } });
    const numbered = await withSystem(t.database, (tx) =>
      rows<{ given: string; number: number }>(
        tx,
        sql`select p.given_name as given, h.number from household h
              join household_member m on m.household_id = h.id join person p on p.id = m.person_id
            where h.org_id = ${clerkOrgId} and p.surname = 'Номеров' order by h.number`,
      ),
    );
    const after = Math.max(highest, 700);
    expect(numbered).toEqual([
      { given: "Азат", number: 700 },
      { given: "Бекзат", number: after + 1 },
      { given: "Жыргал", number: after + 2 },
      { given: "Нурбол", number: after + 3 },
    ]);
    expect(await lastImportAudit()).toMatchObject({ households: 4, numbersKept: 1, numbersAssigned: 3 });
    // The page's words for it, in each language.
    expect(res.numbers).toEqual({ kept: 1, assigned: 3 });
  });

  it("names an unknown village and rows that disagree on a household column, in the user's language", async () => {
    const before = await count();
    const res = await upload(
      await workbook(header, [
        [
          "50",
          "Талас",
          null,
          null,
          "үй чарбанын башчысы",
          "Талантов",
          "Эрлан",
          null,
          "эркек",
          "01.01.1980",
          null,
        ],
        [
          "51",
          villages[0],
          "Манас",
          "1",
          "үй чарбанын башчысы",
          "Сариев",
          "Бакыт",
          null,
          "эркек",
          "01.01.1980",
          null,
        ],
        ["51", null, "Чүй", "1", "жубайы", "Сариева", "Айым", null, "аял", "01.01.1982", null],
      ]),
      "?acceptValid=true",
    );
    const report = res.json();
    expect(report).toMatchObject({ validHouseholds: 0, imported: null });
    expect(report.issues).toEqual([
      expect.objectContaining({
        row: 2,
        column: "villageCode",
        columnLabel: "Айыл (коду же аталышы)",
        message: "Мындай айыл жок: Талас",
      }),
      expect.objectContaining({
        row: 4,
        column: "street",
        columnLabel: "Көчө",
        message: "Үй чарбанын мамычасы 3-сапта башкача жазылган («Манас»)",
      }),
    ]);
    expect(await count()).toBe(before);
  });

  it("reads a CSV an Excel of a Russian office saves: Windows-1251, ';' or tab, a village by name", async () => {
    // Windows-1251 has the Russian letters at 0xC0–0xFF (А–я), Ё at 0xA8, ё at 0xB8.
    const cp1251 = (text: string) =>
      Buffer.from(
        [...text].map((ch) => {
          const c = ch.codePointAt(0)!;
          if (c >= 0x410 && c <= 0x44f) return c - 0x410 + 0xc0;
          if (ch === "Ё") return 0xa8;
          if (ch === "ё") return 0xb8;
          if (ch === "№") return 0xb9;
          if (c > 0x7f) throw new Error(`not in Windows-1251: ${ch}`);
          return c;
        }),
      );
    for (const [separator, name] of [
      [";", "Петров"],
      ["\t", "Сидоров"],
    ] as const) {
      const text = [
        ["№ хозяйства", "Код села", "Родство", "Фамилия", "Имя", "Пол", "Дата рождения"],
        ["1", "село 1", "глава хозяйства", name, "Иван", "м", "01.02.1970"],
        ["1", "", "супруг(а)", `${name}а`, "Мария", "ж", "03.04.1972"],
      ]
        .map((r) => r.join(separator))
        .join("\r\n");
      const res = await clerk.call("POST", "/api/registry/book/import?dryRun=true", cp1251(text), {
        "content-type": "text/csv",
      });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toMatchObject({ issues: [], rowCount: 2, validHouseholds: 1 });
    }
  });

  it("reports the land's and livestock's rows by sheet, row and column, leaving their household out", async () => {
    const before = await count();
    const file = await workbook(
      header,
      [
        [
          "70",
          villages[0],
          null,
          null,
          "үй чарбанын башчысы",
          "Жерлиев",
          "Азамат",
          null,
          "эркек",
          "01.01.1980",
          null,
        ],
      ],
      [
        {
          name: "Жер",
          header: landHeader,
          rows: [
            ["70", null, "-1", "тоо", null, null],
            ["71", null, 1, "кайрак жер", null, null],
            // Below what the register keeps (it would be 0 ha), and above any household's land.
            ["70", null, "0,00001", "кайрак жер", null, null],
            ["70", null, 1_000_000, "кайрак жер", null, null],
          ],
        },
        { name: "Мал", header: livestockHeader, rows: [["70", "01.01.2026", "2,5", null, null]] },
      ],
    );
    const report = (await upload(file, "?acceptValid=true")).json();
    expect(report).toMatchObject({ validHouseholds: 0, imported: null });
    expect(
      report.issues.map((i: { sheet?: string; row: number; columnLabel: string; message: string }) => [
        i.sheet ?? "book",
        i.row,
        i.columnLabel,
        i.message,
      ]),
    ).toEqual([
      ["land", 2, "Аянты, га", expect.any(String)],
      ["land", 2, "Жердин түрү", expect.stringContaining("«тоо»")],
      ["land", 3, "Чарба №", "Чарба китебинин баракчасында мындай үй чарба жок: 71"],
      ["land", 4, "Аянты, га", expect.stringContaining("эң кичинеси 0,0001 га")],
      ["land", 5, "Аянты, га", expect.stringContaining("эң чоңу 100\u00a0000 га")],
      ["livestock", 2, "бодо мал", expect.any(String)],
    ]);
    expect(await count()).toBe(before);
  });

  it("refuses a cadastral number a plot in force holds, or one the file repeats, naming the household or the row", async () => {
    const first = await upload(
      await workbook(
        header,
        [headRow("80", "Кадастров")],
        [landSheet([["80", "4-03-01-0001-0777", 1, "кайрак жер"]])],
      ),
    );
    expect(first.json().imported).toMatchObject({ households: 1, landPlots: 1 });
    // It keeps the file's number, 80, which the refusal below names.
    expect(first.json().numbers).toEqual({ kept: 1, assigned: 0 });
    const before = await count();
    const report = (
      await upload(
        await workbook(
          header,
          [headRow("81", "Экинчиев"), headRow("82", "Үчүнчүев"), headRow("83", "Төртүнчүев")],
          [
            landSheet([
              ["81", "4-03-01-0001-0777", 1, "кайрак жер"],
              ["82", "4-03-01-0001-0888", 1, "кайрак жер"],
              ["83", "4-03-01-0001-0888", 1, "кайрак жер"],
            ]),
          ],
        ),
        "?acceptValid=true",
      )
    ).json();
    expect(
      report.issues.map((i: { sheet?: string; row: number; message: string }) => [i.sheet, i.row, i.message]),
    ).toEqual([
      ["land", 2, "Бул кадастрдык номердеги участок № 80 үй чарбасында турат: адегенде ал жактан чыгарыңыз"],
      ["land", 4, "Бул кадастрдык номер файлдын 3-сабында мурунтан эле бар"],
    ]);
    // Only the household whose plot is free is written.
    expect(report.imported).toMatchObject({ households: 1, landPlots: 1 });
    expect(await count()).toBe(before + 1);
  });

  // Last: it gives the aimak a second village called "Айыл 1".
  it("refuses a village name two villages share, asking for the code", async () => {
    await seedUnits(t.database, [
      { code: "41703220980003", level: "village", parent: "41703220980000", name: { ky: "Айыл 1" } },
    ]);
    const row = [
      "60",
      "Айыл 1",
      null,
      null,
      "үй чарбанын башчысы",
      "Эки",
      "Айыл",
      null,
      "эркек",
      "01.01.1980",
      null,
    ];
    const report = (await upload(await workbook(header, [row]), "?dryRun=true")).json();
    expect(report.issues).toEqual([
      expect.objectContaining({
        row: 2,
        column: "villageCode",
        code: "ambiguousVillage",
        message: `«Айыл 1» деген аталыш бир нече айылда бар (${villages[0]}, 41703220980003): айылдын кодун жазыңыз`,
      }),
    ]);
    // By its code it is either.
    const byCode = (
      await upload(
        await workbook(header, [[...row.slice(0, 1), villages[0], ...row.slice(2)]]),
        "?dryRun=true",
      )
    ).json();
    expect(byCode.issues).toEqual([]);
  });

  // Last: its fresh municipality holds the whole book again, which the screening above would count.
  it("exports each flag in force with its days and each member with the day it joined, and a fresh municipality's import keeps them", async () => {
    const written = await upload(
      await workbook(
        [...header, "Түзүлгөн күнү", "Мүчө болгон күнү"],
        [
          [
            "70",
            villages[0],
            "Ленин",
            "70",
            "үй чарбанын башчысы",
            "Бекова",
            "Жылдыз",
            null,
            "аял",
            "03.03.1970",
            null,
            "01.06.2010",
          ],
          ["70", null, null, null, "уулу", "Беков", "Азамат", null, "эркек", "04.04.1995", null],
          // Married in late: a member since then, not since the household was formed (at 10).
          [
            "70",
            null,
            null,
            null,
            "келини",
            "Бекова",
            "Айпери",
            null,
            "аял",
            "05.05.2000",
            null,
            null,
            "01.12.2025",
          ],
        ],
      ),
      "?acceptValid=true",
    );
    expect(written.json()).toMatchObject({
      issues: [],
      warnings: [],
      imported: { households: 1, people: 3 },
    });
    const [hit] = (await clerk.get(`/api/registry/people?q=${encodeURIComponent("Бекова Жылдыз")}`)).json()
      .items;
    const home = `/api/registry/households/${hit.householdId}`;
    const cardThere = async () => (await clerk.get(home)).json();
    // A social worker's flags: one she sets, one the register derives but its data falls short of
    // (no member's disability is recorded), one more of her own.
    for (const [criterionCode, setOn] of [
      ["social-assistance", "2024-01-15"],
      ["disability", "2024-03-01"],
      ["poor", "2025-06-01"],
    ]) {
      const set = await social.post(`${home}/flags`, { criterionCode, reason: "Арызы боюнча", setOn });
      expect(set.statusCode, set.body).toBe(201);
    }
    // Her relation corrected later: a new membership from that day, the same unbroken stay.
    const aiperi = (await cardThere()).members.find((m: { givenName: string }) => m.givenName === "Айпери");
    const corrected = await clerk.post(`${home}/events`, {
      kind: "relation-correction",
      occurredOn: "2026-02-01",
      personId: aiperi.id,
      relation: "daughter",
    });
    expect(corrected.statusCode, corrected.body).toBe(201);
    const femaleHeaded = (await cardThere()).flags.find(
      (f: { criterionCode: string }) => f.criterionCode === "female-headed",
    );
    const paper = (day: string) => day.split("-").reverse().join(".");
    const flagged = [
      `Аял башкарган үй-бүлө (${paper(femaleHeaded.setOn)}–)`,
      "«Үй-бүлөгө көмөк» жөлөкпулун алат (15.01.2024–)",
      "Ден соолугунун мүмкүнчүлүгү чектелген адам бар (01.03.2024–)",
      "Аз камсыз болгон үй-бүлө (01.06.2025–)",
    ].join("; ");
    const exported = (await clerk.get("/api/registry/book/export?format=xlsx")).rawPayload;
    const rowsHere = await sheetRows(exported);
    const flagsColumn = rowsHere[0]!.indexOf("Аярлуулук белгилери");
    const sinceColumn = rowsHere[0]!.indexOf("Мүчө болгон күнү");
    expect(flagsColumn).toBeGreaterThan(0);
    expect(sinceColumn).toBeGreaterThan(0);
    const rowOf = (rows: string[][], name: string) => rows.find((r) => r.includes(name))!;
    expect(rowOf(rowsHere, "Жылдыз")[flagsColumn]).toBe(flagged);
    expect(["Жылдыз", "Азамат", "Айпери"].map((name) => rowOf(rowsHere, name)[sinceColumn])).toEqual([
      "2010-06-01",
      "2010-06-01",
      "2025-12-01",
    ]);
    const csv = (await clerk.get("/api/registry/book/export?format=csv")).body;
    expect(csv.split("\n").find((l) => l.includes("Бекова;Жылдыз"))).toContain(`;"${flagged}";`); // quoted: the names' "; " holds the Kyrgyz CSV's separator

    const fresh = await seedOrganisation(t.database, {
      adminUnitCode: "41703220980000",
      name: { ky: "Желектүү айыл өкмөтү" },
      users: { clerk: ["clerk"] },
    });
    const freshClerk = await login(t.app, fresh.users.clerk!.username);
    const into = (
      await freshClerk.call("POST", "/api/registry/book/import?acceptValid=true", exported, {
        "content-type": XLSX,
      })
    ).json();
    expect(into).toMatchObject({ issues: [] });
    // The report says which flag the register would derive but its data does not give: kept as set by hand.
    const householdRow = rowsHere.findIndex((r) => r.includes("Жылдыз")) + 1;
    expect(into.warnings).toEqual(
      expect.arrayContaining([
        {
          row: householdRow,
          column: "flags",
          columnLabel: "Аярлуулук белгилери",
          code: "flagKeptByHand",
          message: expect.stringContaining(
            "«Ден соолугунун мүмкүнчүлүгү чектелген адам бар» белгисин реестр",
          ),
        },
      ]),
    );
    const [again] = (
      await freshClerk.get(`/api/registry/people?q=${encodeURIComponent("Бекова Жылдыз")}`)
    ).json().items;
    const cardHere = (await freshClerk.get(`/api/registry/households/${again.householdId}`)).json();
    // The same flags, each from and until the same days, none twice; the one the register derives
    // is the rule's, from the day the file gives.
    const flagDays = (card: {
      flags: { criterionCode: string; source: string; setOn: string; clearedOn: string | null }[];
    }) => card.flags.map((f) => `${f.criterionCode} ${f.source} ${f.setOn}–${f.clearedOn ?? ""}`).sort();
    expect(flagDays(cardHere)).toEqual(flagDays(await cardThere()));
    expect(flagDays(cardHere)).toEqual(
      [
        `female-headed derived ${femaleHeaded.setOn}–`,
        "social-assistance manual 2024-01-15–",
        "disability manual 2024-03-01–",
        "poor manual 2025-06-01–",
      ].sort(),
    );
    expect(cardHere.flags.find((f: { criterionCode: string }) => f.criterionCode === "poor")).toMatchObject({
      reason: "чарба китебинен",
    });
    // Each member from the day it joined: the daughter-in-law since her marriage, not the formation.
    expect(
      cardHere.members.map((m: { givenName: string; relation: string; memberSince: string }) => [
        m.givenName,
        m.relation,
        m.memberSince,
      ]),
    ).toEqual([
      ["Жылдыз", "head", "2010-06-01"],
      ["Азамат", "son", "2010-06-01"],
      ["Айпери", "daughter", "2025-12-01"],
    ]);
    // Her coming is an event of its own in the history, not her being among the founders.
    const history = (card: {
      events: { kind: string; occurredOn: string; personId: string | null }[];
      members: { id: string; givenName: string }[];
    }) =>
      card.events.map(
        (e) => `${e.occurredOn} ${e.kind} ${card.members.find((m) => m.id === e.personId)?.givenName ?? ""}`,
      );
    expect(history(cardHere)).toEqual(["2010-06-01 household-formed ", "2025-12-01 arrival Айпери"]);
    expect(history(await cardThere())).toEqual([
      "2010-06-01 household-formed ",
      "2025-12-01 arrival Айпери",
      "2026-02-01 relation-correction Айпери",
    ]);
    const back = await sheetRows((await freshClerk.get("/api/registry/book/export?format=xlsx")).rawPayload);
    expect(rowOf(back, "Жылдыз")[flagsColumn]).toBe(flagged);
    expect(rowOf(back, "Айпери")[sinceColumn]).toBe("2025-12-01");
  });

  it("refuses a flag the book's criteria do not name, by row and column", async () => {
    const res = await upload(
      await workbook(
        [...header, "Аярлуулук белгилери"],
        [
          [
            "71",
            villages[0],
            null,
            null,
            "үй чарбанын башчысы",
            "Бекова",
            "Айгүл",
            null,
            "аял",
            "03.03.1971",
            null,
            "Бай үй-бүлө",
          ],
        ],
      ),
      "?dryRun=true",
    );
    expect(res.json()).toMatchObject({
      validHouseholds: 0,
      issues: [
        {
          row: 2,
          column: "flags",
          columnLabel: "Аярлуулук белгилери",
          code: "unknownCriterion",
          message: "Мындай аярлуулук критерийи жок: Бай үй-бүлө",
        },
      ],
    });
  });

  /** A book of one household: its head, formed on `formedOn`, and its flags column. */
  const oneHeadWithFlags = async (
    key: string,
    head: [surname: string, givenName: string, sex: string],
    formedOn: string,
    flags: string,
  ) =>
    workbook(
      [...header, "Түзүлгөн күнү", "Аярлуулук белгилери"],
      [
        [
          key,
          villages[0],
          null,
          null,
          "үй чарбанын башчысы",
          ...head.slice(0, 2),
          null,
          head[2],
          "03.03.1971",
          null,
          formedOn,
          flags,
        ],
      ],
    );

  it("sets a flag cleared on a day still to come, as older records hold it, with a warning; the export writes it and reads back the same", async () => {
    const book = await oneHeadWithFlags(
      "73",
      ["Келечекова", "Жаркын", "аял"],
      "01.01.2000",
      "Аз камсыз болгон үй-бүлө (01.06.2025–31.12.2099)",
    );
    const warning = {
      row: 2,
      column: "flags",
      columnLabel: "Аярлуулук белгилери",
      code: "flagClearedAhead",
      message:
        "«Аз камсыз болгон үй-бүлө» белгиси 31.12.2099 күнү, али келе элек күнү, аяктайт деп жазылган: ошол күнгө чейин күчүндө калат",
    };
    expect((await upload(book, "?dryRun=true")).json()).toMatchObject({
      validHouseholds: 1,
      issues: [],
      warnings: [warning],
    });
    const written = await upload(book);
    expect(written.json()).toMatchObject({ issues: [], imported: { households: 1 } });
    const [hit] = (
      await clerk.get(`/api/registry/people?q=${encodeURIComponent("Келечекова Жаркын")}`)
    ).json().items;
    const card = (await clerk.get(`/api/registry/households/${hit.householdId}`)).json();
    expect(card.flags.find((f: { criterionCode: string }) => f.criterionCode === "poor")).toMatchObject({
      source: "manual",
      setOn: "2025-06-01",
      clearedOn: "2099-12-31",
    });
    // The export writes the flag in force with its end, and a fresh municipality's check reads it back.
    const exported = (await clerk.get("/api/registry/book/export?format=xlsx")).rawPayload;
    const rows = await sheetRows(exported);
    const flagsColumn = rows[0]!.indexOf("Аярлуулук белгилери");
    expect(rows.find((r) => r.includes("Келечекова"))![flagsColumn]).toContain(
      "Аз камсыз болгон үй-бүлө (01.06.2025–31.12.2099)",
    );
    const fresh = await seedOrganisation(t.database, {
      adminUnitCode: "41703220980000",
      name: { ky: "Келечек айыл өкмөтү" },
      users: { clerk: ["clerk"] },
    });
    const freshClerk = await login(t.app, fresh.users.clerk!.username);
    const checked = (
      await freshClerk.call("POST", "/api/registry/book/import?dryRun=true", exported, {
        "content-type": XLSX,
      })
    ).json();
    expect(checked.issues).toEqual([]);
    expect(checked.warnings).toEqual(
      expect.arrayContaining([{ ...warning, row: rows.findIndex((r) => r.includes("Келечекова")) + 1 }]),
    );
  });

  it("does not set a flag the file's own members contradict, naming the fact in the user's language", async () => {
    const res = await upload(
      await oneHeadWithFlags(
        "72",
        ["Беков", "Нурлан", "эркек"],
        "01.06.2010",
        "Аял башкарган үй-бүлө (01.06.2020–)",
      ),
      "?acceptValid=true",
    );
    expect(res.json()).toMatchObject({
      issues: [],
      warnings: [
        {
          row: 2,
          column: "flags",
          columnLabel: "Аярлуулук белгилери",
          code: "flagContradictedInFile",
          message:
            "«Аял башкарган үй-бүлө» белгиси коюлбайт: файлдагы мүчөлөрдүн маалыматы ага каршы келет (үй чарбанын башчысы эркек катары катталган)",
        },
      ],
      imported: { households: 1, people: 1 },
    });
    const [hit] = (await clerk.get(`/api/registry/people?q=${encodeURIComponent("Беков Нурлан")}`)).json()
      .items;
    const card = (await clerk.get(`/api/registry/households/${hit.householdId}`)).json();
    expect([...card.flags, ...card.formerFlags]).toEqual([]);
    // The import's record says what of the file it did not take.
    expect(await lastImportAudit()).toMatchObject({ households: 1, flagsInFile: 1, flagsContradicted: 1 });
  });

  it("records what became of every flag the file names: kept as set by hand, confirmed by rule, contradicted, of a criterion not in use", async () => {
    const org = await seedOrganisation(t.database, {
      adminUnitCode: "41703220980000",
      name: { ky: "Белгилерди санаган айыл өкмөтү" },
      users: { clerk: ["clerk"], admin: ["administrator"] },
    });
    const admin = await login(t.app, org.users.admin!.username);
    const orgClerk = await login(t.app, org.users.clerk!.username);
    const retired = await admin.put("/api/registry/vulnerability-criteria/poor", {
      name: { ky: "Аз камсыз болгон үй-бүлө", ru: "Малообеспеченная семья" },
      rule: null,
      active: false,
    });
    expect(retired.statusCode, retired.body).toBe(200);
    const household = (relation: string, givenName: string, sex: string, birthDate: string) => [
      "1",
      relation === "үй чарбанын башчысы" ? villages[0] : null,
      null,
      null,
      relation,
      "Осмонова",
      givenName,
      null,
      sex,
      birthDate,
      null,
      relation === "үй чарбанын башчысы" ? "01.06.2010" : null,
      relation === "үй чарбанын башчысы"
        ? [
            // Her own: the rule confirms it.
            "Аял башкарган үй-бүлө",
            // No member's disability is recorded: kept as the social worker's judgement.
            "Ден соолугунун мүмкүнчүлүгү чектелген адам бар",
            // She lives with her son: not alone.
            "Жалгыз жашаган кары адам",
            // No longer in use here.
            "Аз камсыз болгон үй-бүлө",
          ].join("; ")
        : null,
    ];
    const res = await orgClerk.call(
      "POST",
      "/api/registry/book/import",
      await workbook(
        [...header, "Түзүлгөн күнү", "Аярлуулук белгилери"],
        [
          household("үй чарбанын башчысы", "Айгүл", "аял", "03.03.1980"),
          household("уулу", "Бакыт", "эркек", "05.05.2005"),
        ],
      ),
      { "content-type": XLSX },
    );
    expect(res.json()).toMatchObject({ issues: [], imported: { households: 1, people: 2 } });
    expect(res.json().warnings.map((w: { code: string }) => w.code)).toEqual([
      "flagKeptByHand",
      "flagContradictedInFile",
      "flagCriterionNotInUse",
    ]);
    const [audit] = await withSystem(t.database, (tx) =>
      rows<{ after: Record<string, number> }>(
        tx,
        sql`select after from audit_event where org_id = ${org.org.id} and entity = 'household_book'`,
      ),
    );
    expect(audit!.after).toMatchObject({
      households: 1,
      flagsInFile: 4,
      flagsKeptByHand: 1,
      flagsConfirmedByRule: 1,
      flagsContradicted: 1,
      flagsNotInUse: 1,
    });
    expect(audit!.after).not.toHaveProperty("flagsFromFile");
  });

  it("leaves out of a write the households whose every person this register holds already, and refuses one it holds in part, naming the household that holds them", async () => {
    const own = await seedOrganisation(t.database, {
      adminUnitCode: "41703220980000",
      name: { ky: "Кайра жүктөгөн айыл өкмөтү" },
      users: { clerk: ["clerk"] },
    });
    const ownClerk = await login(t.app, own.users.clerk!.username);
    const send = (file: Buffer, query: string) =>
      ownClerk.call("POST", `/api/registry/book/import${query}`, file, { "content-type": XLSX });
    const households = async () => (await ownClerk.get("/api/registry/households?pageSize=100")).json().items;
    const first = [
      "1",
      villages[0],
      null,
      null,
      "үй чарбанын башчысы",
      "Сатыбалдиев",
      "Нурлан",
      null,
      "эркек",
      "01.02.1960",
      null,
    ];
    const second = [
      "1",
      null,
      null,
      null,
      "жубайы",
      "Сатыбалдиева",
      "Гүлнара",
      null,
      "аял",
      "02.03.1962",
      null,
    ];
    const book = await workbook(header, [
      first,
      second,
      [
        "2",
        villages[1],
        null,
        null,
        "үй чарбанын башчысы",
        "Токоев",
        "Руслан",
        null,
        "эркек",
        "03.04.1980",
        "20304198000011",
      ],
    ]);
    expect((await send(book, "?acceptValid=true")).json()).toMatchObject({
      imported: { households: 2, people: 3 },
      registeredHere: { households: 0, people: 0 },
    });
    // Its own book brought back in: checked valid, and nothing to write.
    const exported = (await ownClerk.get("/api/registry/book/export?format=xlsx")).rawPayload;
    expect((await send(exported, "?dryRun=true")).json()).toMatchObject({
      issues: [],
      validHouseholds: 2,
      registeredHere: { households: 2, people: 3 },
      registeredAlreadyRows: 3,
      numbers: { kept: 0, assigned: 0 },
      imported: null,
    });
    const rewritten = (await send(exported, "?acceptValid=true")).json();
    expect(rewritten.imported).toEqual({ households: 0, people: 0, landPlots: 0, livestockCounts: 0 });
    // The first book, undated, again: nothing is said of the day its households, all here, would take.
    const again = (await send(book, "?dryRun=true")).json();
    expect(again.registeredHere).toEqual({ households: 2, people: 3 });
    expect(again.warnings).toEqual([]);
    expect(await households()).toHaveLength(2);
    // A household with a new person besides people registered here is refused, each of those
    // named with the household that holds them (by name and birth date, or at the PIN), since
    // written it would give them a second record: its new people go on that household's card.
    const grownBook = await workbook(header, [
      first,
      second,
      ["1", null, null, null, "уулу", "Сатыбалдиев", "Эрлан", null, "эркек", "05.05.1990", null],
      // Руслан Токоев by his PIN, under another spelling of his name, with a wife new to the register.
      [
        "7",
        villages[1],
        null,
        null,
        "үй чарбанын башчысы",
        "Токоев",
        "Руслан",
        "Бекович",
        "эркек",
        null,
        "20304198000011",
      ],
      ["7", null, null, null, "жубайы", "Токоева", "Айгерим", null, "аял", "06.06.1985", null],
      // A household new to the register is written beside them.
      [
        "8",
        villages[0],
        null,
        null,
        "үй чарбанын башчысы",
        "Бейшеналиев",
        "Кубанычбек",
        null,
        "эркек",
        "07.07.1975",
        null,
      ],
    ]);
    const refused = (await send(grownBook, "?dryRun=true")).json();
    // The household to be written is dated today, as said; those refused are said nothing of it.
    expect(refused.warnings.map((w: { row: number; code: string }) => [w.row, w.code])).toEqual([
      [7, "formedOnToday"],
    ]);
    const inPart = (household: number) => translate("ky", "errors.field.registeredHereInPart", { household });
    const expected = [
      [2, null, "registeredHereInPart", inPart(1)],
      [3, null, "registeredHereInPart", inPart(1)],
      [5, "pin", "registeredHereInPart", inPart(2)],
    ];
    expect(
      refused.issues.map((i: { row: number; column: string | null; code: string; message: string }) => [
        i.row,
        i.column,
        i.code,
        i.message,
      ]),
    ).toEqual(expected);
    expect(refused.issues[2].columnLabel).toBe("ПИН");
    expect(inPart(1)).toContain("№ 1 үй чарбасынын карточкасы");
    // Only the new household is valid; the refused households' people are not listed again as found.
    expect(refused).toMatchObject({
      householdCount: 3,
      validHouseholds: 1,
      registeredHere: { households: 0, people: 0 },
      registeredAlreadyRows: 0,
      imported: null,
    });
    // Not written unless the valid rows are accepted; then the new household alone.
    expect((await send(grownBook, "")).json().imported).toBeNull();
    expect(await households()).toHaveLength(2);
    const written = (await send(grownBook, "?acceptValid=true")).json();
    expect(written.imported).toEqual({ households: 1, people: 1, landPlots: 0, livestockCounts: 0 });
    expect(await households()).toHaveLength(3);
    const people = await withSystem(t.database, (tx) =>
      rows<{ n: number }>(tx, sql`select count(*)::int as n from person where org_id = ${own.org.id}`),
    );
    expect(people[0]!.n).toBe(4);
    // The rows the write left out, as the workbook for whoever keeps the file gives them.
    const leftOut = await ownClerk.call("POST", "/api/registry/book/problems?written=true", grownBook, {
      "content-type": XLSX,
    });
    expect(leftOut.statusCode).toBe(200);
    expect((await problemsSheet(leftOut)).lines.slice(1).map((l) => [l[2], l[5]])).toEqual(
      expected.map(([row, , , message]) => [row, message]),
    );
  });

  /** Where and what the report says of each problem: sheet ("book" for the book's own), row, column, message. */
  const said = (report: {
    issues: { sheet?: string; row: number; columnLabel: string; message: string }[];
  }) => report.issues.map((i) => [i.sheet ?? "book", i.row, i.columnLabel, i.message]);

  it("refuses a phone the household's form refuses, in the user's language, and stores a good one as the form does, so a search by phone finds it", async () => {
    const file = await workbook(
      [...header, "Телефон"],
      [
        [...headRow("90", "Телефонов"), "0555 40 40 40"],
        [...headRow("91", "Номерсизов"), "abc"],
      ],
    );
    const before = await count();
    const check = (await upload(file)).json();
    expect(check).toMatchObject({ validHouseholds: 1, imported: null });
    expect(said(check)).toEqual([
      ["book", 3, "Телефон", "Телефон номери туура эмес (мисалы, 0555 12 34 56)"],
    ]);
    expect(await count()).toBe(before);

    expect((await upload(file, "?acceptValid=true")).json().imported).toMatchObject({ households: 1 });
    const found = (await clerk.get("/api/registry/households?q=0555404040")).json().items;
    expect(found).toEqual([expect.objectContaining({ number: 90, phone: "+996555404040" })]);
  });

  it("refuses a house that Excel made a date, naming the day it became, in the user's language; typed as text it is written as typed", async () => {
    // The fourth column is the house; Excel turned 12/3 into 12 March.
    const asDate: unknown[] = [...headRow("92", "Даталуу")];
    asDate[3] = new Date(Date.UTC(2026, 2, 12));
    const asText = [...headRow("93", "Тексттүү")];
    asText[3] = "12/3";
    const file = await workbook(header, [asDate, asText]);
    const before = await count();
    const check = (await upload(file)).json();
    expect(check).toMatchObject({ validHouseholds: 1, imported: null });
    expect(said(check)).toEqual([["book", 2, "Үй", expect.stringContaining("дата турат (12.03.2026)")]]);
    expect(await count()).toBe(before);
    expect((await upload(file, "?acceptValid=true")).json().imported).toMatchObject({ households: 1 });
    const [written] = (await clerk.get("/api/registry/households?q=Тексттүү")).json().items;
    expect(written).toMatchObject({ number: 93, house: "12/3" });
  });

  /** The members of the household whose member a name search finds first, by given name. */
  const membersOf = async (name: string) => {
    const [hit] = (await clerk.get(`/api/registry/people?q=${encodeURIComponent(name)}`)).json().items;
    const card = (await clerk.get(`/api/registry/households/${hit.householdId}`)).json();
    return Object.fromEntries(card.members.map((m: { givenName: string }) => [m.givenName, m]));
  };

  /** The template as the clerk downloads it, and the words its lists sheet offers under a column's label. */
  const template = async () => {
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(
      (await clerk.get("/api/registry/book/template")).rawPayload as unknown as ArrayBuffer,
    );
    const lists = book.getWorksheet("Тизмелер")!;
    const listed = (label: string) => {
      const column = (lists.getRow(1).values as string[]).indexOf(label);
      expect(column, label).toBeGreaterThan(0);
      return lists.getColumn(column).values.slice(2).filter(Boolean);
    };
    return { book, listed };
  };
  /** A member of household `key` other than its head, in the template's first columns. */
  const memberRow = (
    key: string,
    surname: string,
    givenName: string,
    relation: string,
    sex: string,
    birthDate: string,
  ) => [key, null, null, null, relation, surname, givenName, null, sex, birthDate, null];

  it("takes a citizenship by the country's name as the form names it, in any language and case, or by its ISO code; the template lists the names", async () => {
    const { book, listed } = await template();
    expect(listed("Жарандыгы")).toEqual(["Кыргызстан", "Казакстан", "Өзбекстан", "Тажикстан", "Россия"]);
    const bookSheet = book.worksheets[0]!;
    const citizenshipColumn = (bookSheet.getRow(1).values as string[]).indexOf("Жарандыгы");
    expect(bookSheet.getRow(2).getCell(citizenshipColumn).dataValidation).toMatchObject({ type: "list" });

    const member = (relation: string, givenName: string, sex: string, citizenship: string) => [
      ...memberRow("95", "Жарандыков", givenName, relation, sex, "01.01.1990"),
      citizenship,
    ];
    const file = await workbook(
      [...header, "Жарандыгы"],
      [
        [...headRow("95", "Жарандыков"), "кыргызстан"],
        member("уулу", "Казак", "эркек", "Казахстан"),
        member("кызы", "Өзбек", "аял", "UZBEKISTAN"),
        member("уулу", "Түрк", "эркек", "tr"),
        [...headRow("96", "Марсиев"), "Марс"],
      ],
    );
    const check = (await upload(file)).json();
    expect(said(check)).toEqual([["book", 6, "Жарандыгы", expect.stringContaining("«Марс» деген өлкө жок")]]);
    expect((await upload(file, "?acceptValid=true")).json().imported).toMatchObject({
      households: 1,
      people: 4,
    });
    const people = await membersOf("Жарандыков Азамат");
    expect(
      Object.fromEntries(
        Object.entries(people).map(([name, m]) => [name, (m as { citizenship: string }).citizenship]),
      ),
    ).toEqual({ Азамат: "KG", Казак: "KZ", Өзбек: "UZ", Түрк: "TR" });
  });

  it("writes a disabled child in the user's language in the template's list and both exports, and reads that word and the older 'child' back", async () => {
    expect((await template()).listed("Майыптык тобу")).toEqual([1, 2, 3, "ДМЧ бала"]);

    const child = (key: string, surname: string, givenName: string, group: string) => [
      ...memberRow(key, surname, givenName, "уулу", "эркек", "01.01.2018"),
      group,
    ];
    const file = await workbook(
      [...header, "Майыптык тобу"],
      [
        [...headRow("97", "Балаев"), null],
        child("97", "Балаев", "Эрмек", "ДМЧ бала"),
        // A file made before the word was translated.
        [...headRow("98", "Эскиев"), null],
        child("98", "Эскиев", "Нурбек", "child"),
      ],
    );
    const written = (await upload(file, "?acceptValid=true")).json();
    expect(written).toMatchObject({ issues: [], imported: { households: 2, people: 4 } });
    expect((await membersOf("Балаев Эрмек")).Эрмек.disabilityGroup).toBe("child");
    expect((await membersOf("Эскиев Нурбек")).Нурбек.disabilityGroup).toBe("child");

    const xlsx = (await clerk.get("/api/registry/book/export?format=xlsx")).rawPayload;
    const exported = await sheetRows(xlsx);
    const [groupColumn, nameColumn] = ["Майыптык тобу", "Аты"].map((label) => exported[0]!.indexOf(label));
    expect(
      exported.filter((r) => ["Эрмек", "Нурбек"].includes(r[nameColumn!]!)).map((r) => r[groupColumn!]),
    ).toEqual(["ДМЧ бала", "ДМЧ бала"]);
    const csv = (await clerk.get("/api/registry/book/export?format=csv")).body;
    const csvLine = csv.split("\n").find((l) => l.includes("Балаев;Эрмек"))!;
    expect(csvLine).toContain(";ДМЧ бала;");
    expect(csv).not.toContain("child");
    // The export's rows of the household read back as they were written.
    const number = exported.find((r) => r[nameColumn!] === "Эрмек")![0];
    const household = exported.filter((r) => r[0] === number);
    expect(household).toHaveLength(2);
    expect((await upload(await workbook(exported[0]!, household), "?dryRun=true")).json()).toMatchObject({
      issues: [],
      validHouseholds: 1,
      imported: null,
    });
  });

  it("refuses a land plot dated before its household was formed, naming the land sheet's row and column in the user's language", async () => {
    const before = await count();
    const file = (from: string) =>
      workbook(
        [...header, "Түзүлгөн күнү"],
        [[...headRow("99", "Жерсизов"), "01.06.2010"]],
        [landSheet([["99", null, 1, "кайрак жер", null, from]])],
      );
    const refused = (await upload(await file("31.05.2010"), "?acceptValid=true")).json();
    expect(refused).toMatchObject({ validHouseholds: 0, imported: null });
    expect(said(refused)).toEqual([
      ["land", 2, "Качантан бери", "Чарба түзүлгөн күндөн (01.06.2010) мурун жер ага таандык боло албайт"],
    ]);
    expect(await count()).toBe(before);
    const taken = (await upload(await file("01.06.2010"), "?acceptValid=true")).json();
    expect(taken).toMatchObject({ issues: [], imported: { households: 1, landPlots: 1 } });
  });

  it("refuses a cadastral number that is no such number at its row and column, writes a spaced one the form's way, and a number stored before the rule still reads and exports, its cell named when imported again", async () => {
    const org = await seedOrganisation(t.database, {
      adminUnitCode: "41703220980000",
      name: { ky: "Кадастр айыл өкмөтү" },
      users: { clerk: ["clerk"] },
    });
    const own = await login(t.app, org.users.clerk!.username);
    const send = (file: Buffer, query = "") =>
      own.call("POST", `/api/registry/book/import${query}`, file, { "content-type": XLSX });
    const refused = (
      await send(
        await workbook(
          header,
          [headRow("1", "Тамгалуу"), headRow("2", "Боштуктуу")],
          [
            landSheet([
              ["1", "abc", 1, "кайрак жер"],
              ["2", " 4-03-01 - 0002–0001 ", 1, "кайрак жер"],
            ]),
          ],
        ),
        "?acceptValid=true",
      )
    ).json();
    expect(said(refused)).toEqual([
      [
        "land",
        2,
        "Кадастрдык №",
        "Кадастрдык номер сандардан турат, топтору дефис менен бөлүнөт, мис.: 1-02-03-0004-0005",
      ],
    ]);
    expect(refused.imported).toMatchObject({ households: 1, landPlots: 1 });
    const [plot] = await withSystem(t.database, (tx) =>
      rows<{ id: string; cadastralNumber: string }>(
        tx,
        sql`select id, cadastral_number as "cadastralNumber" from land_plot where org_id = ${org.org.id}`,
      ),
    );
    expect(plot!.cadastralNumber).toBe("4-03-01-0002-0001");
    // A number the register took before the rule: the card and the book still read it as stored.
    await withSystem(t.database, (tx) =>
      tx.execute(sql`update land_plot set cadastral_number = 'б/н 17' where id = ${plot!.id}`),
    );
    const list = (await own.get("/api/registry/households?pageSize=10")).json().items;
    expect((await own.get(`/api/registry/households/${list[0].id}`)).json().landPlots).toMatchObject([
      { cadastralNumber: "б/н 17" },
    ]);
    const exported = await own.get("/api/registry/book/export?format=xlsx");
    expect(exported.statusCode).toBe(200);
    expect((await sheetRows(exported.rawPayload, 1))[1]).toEqual(expect.arrayContaining(["б/н 17"]));
    // Imported again, that row is refused at its cell, to be written as a number or left empty.
    const again = (await send(exported.rawPayload, "?dryRun=true")).json();
    expect(said(again)).toEqual([["land", 2, "Кадастрдык №", expect.stringContaining("1-02-03-0004-0005")]]);
  });

  // Last of the file: its 2,600 households of one name and birth date would make every later
  // test's export and import of the whole register screen them all against each other.
  it("writes a book of many chunks numbered without gaps, screened against the register as it stood", async () => {
    // 2,600 households (more than one chunk of the import's writes), two people each. The last
    // household's spouse was imported here earlier, and the first household's head appears again
    // at the end of the file: screening finds the first, whose household is refused as registered
    // here in part, and the file is not matched against itself (its rows are written after the
    // screening; write-chain.test.ts holds the order).
    const households = 2_600;
    const rowsOut: unknown[][] = [];
    for (let h = 1; h <= households; h++) {
      const last = h === households;
      // Keys the book cannot keep as numbers: every household is numbered after the book's last.
      rowsOut.push(
        [
          `Ч-${h}`,
          villages[h % 2],
          "Манас",
          String(h),
          "үй чарбанын башчысы",
          "Токтосунов",
          last ? "Бакыт" : "Азамат",
          null,
          "эркек",
          last ? "02.02.1970" : "01.01.1970",
          null,
        ],
        last
          ? [`Ч-${h}`, ...good[1]!.slice(1)] // imported by an earlier test
          : [
              `Ч-${h}`,
              null,
              null,
              null,
              "жубайы",
              "Токтосунова",
              "Айгүл",
              null,
              "аял",
              `${String((h % 28) + 1).padStart(2, "0")}.03.1975`,
              null,
            ],
      );
    }
    // A repeat of household 1's head, in the last chunk.
    rowsOut.push([
      `Ч-${households + 1}`,
      villages[0],
      null,
      null,
      "үй чарбанын башчысы",
      "Токтосунов",
      "Азамат",
      null,
      "эркек",
      "01.01.1970",
      null,
    ]);
    const [before] = await withSystem(t.database, (tx) =>
      rows<{ n: number }>(
        tx,
        sql`select coalesce(max(number), 0)::int as n from household where org_id = ${clerkOrgId}`,
      ),
    );
    const res = await upload(await workbook(header, rowsOut), "?acceptValid=true");
    expect(res.statusCode, res.body).toBe(200);
    const report = res.json();
    // Only the spouse, found in the last chunk: her household is refused, naming hers here.
    const [holding] = await withSystem(t.database, (tx) =>
      rows<{ number: number }>(
        tx,
        sql`select h.number from household h join household_member m on m.household_id = h.id
              join person p on p.id = m.person_id
            where h.org_id = ${clerkOrgId} and p.surname = ${good[1]![5] as string} and p.given_name = ${good[1]![6] as string}`,
      ),
    );
    expect(report.issues).toEqual([
      expect.objectContaining({
        row: 2 * households + 1,
        code: "registeredHereInPart",
        message: translate("ky", "errors.field.registeredHereInPart", { household: holding!.number }),
      }),
    ]);
    expect(report.imported).toEqual({
      households,
      people: 2 * households - 1,
      landPlots: 0,
      livestockCounts: 0,
    });
    // Nor is she listed as found, here or in the municipalities the round trips above filled.
    expect(report.registeredAlready).toEqual([]);
    const [written] = await withSystem(t.database, (tx) =>
      rows<{
        households: number;
        first: number;
        last: number;
        people: number;
        words: number;
        formed: number;
      }>(
        tx,
        sql`select count(*)::int as households, min(h.number) as first, max(h.number) as last,
              (select count(*)::int from household_member m join household x on x.id = m.household_id
                where x.org_id = h.org_id and x.number > ${before!.n}) as people,
              (select count(*)::int from person_name_word w join household_member m on m.person_id = w.person_id
                join household x on x.id = m.household_id where x.org_id = h.org_id and x.number > ${before!.n}) as words,
              (select count(*)::int from life_event e join household x on x.id = e.household_id
                where x.org_id = h.org_id and x.number > ${before!.n} and e.kind = 'household-formed') as formed
            from household h where h.org_id = ${clerkOrgId} and h.number > ${before!.n} group by h.org_id`,
      ),
    );
    expect(written).toMatchObject({
      households,
      first: before!.n + 1,
      last: before!.n + households,
      people: 2 * households - 1,
      // Two name words each (no patronymics).
      words: 2 * (2 * households - 1),
      formed: households,
    });
    // The refused household is left out whole: its new head too.
    const found = (
      await clerk.get(`/api/registry/people?q=${encodeURIComponent("Токтосунов Бакыт")}`)
    ).json();
    expect(found.items).toEqual([]);
  });
});
