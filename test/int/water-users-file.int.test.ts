import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { translate } from "../../src/server/platform/i18n.js";
import { type Client, seedAimak, startTestApp, type TestApp } from "../support/app.js";
import { seedWaterNetwork } from "../support/water-fixtures.js";
import { seedWuaWithStaff } from "../support/wua-fixtures.js";

const AIMAK = "41703220980000";
const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
// seedAimak numbers an aimak's villages …01, …02.
const VILLAGE = "41703220980001";

async function workbook(header: string[], rows: unknown[][]): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet("Колдонуучулар");
  sheet.addRow(header);
  for (const r of rows) sheet.addRow(r);
  return Buffer.from(await book.xlsx.writeBuffer());
}

describe("importing and exporting water users and their plots", () => {
  let t: TestApp;
  let director: Client;
  let mirab: Client;
  const upload = (file: Buffer, query = "", type = XLSX) =>
    director.call("POST", `/api/water/users/import${query}`, file, { "content-type": type });
  const users = async () => (await director.get("/api/water/users?pageSize=100")).json().items;
  const card = async (id: string) => (await director.get(`/api/water/users/${id}`)).json();

  beforeAll(async () => {
    t = await startTestApp();
    await seedAimak(t.database, AIMAK, 2);
    const w = await seedWuaWithStaff(
      t,
      { director: ["wua-director"], mirab: ["water-master"] },
      { adminUnitCode: AIMAK, villageCodes: [VILLAGE] },
    );
    // The fixture numbers its three users, and the counter goes on from there.
    await seedWaterNetwork(t.database, w.org.id);
    ({ director, mirab } = w.as);
  });
  afterAll(() => t.close());

  it("offers a template in the user's language, with the words, villages and outlets each column takes", async () => {
    const res = await director.get("/api/water/users/template");
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-type"]).toContain("spreadsheetml");
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const header = (book.worksheets[0]!.getRow(1).values as string[]).slice(1);
    expect(header).toContain("Фамилиясы");
    expect(header).toContain("Суу бөлгүч (коду же аталышы)");
    const lists = JSON.stringify(book.worksheets[1]!.getSheetValues());
    expect(lists).toContain("Юридикалык жак");
    expect(lists).toContain("В-1 Канал В-1");
    expect(lists).toContain(VILLAGE);
    // Kept as text, so Excel keeps what is typed: a phone's leading 0, a cadastral number 1-02-03.
    const sheet = book.worksheets[0]!;
    const format = (label: string) => sheet.getColumn(header.indexOf(label) + 1).numFmt;
    for (const label of ["ПИН", "Телефон", "Кадастрдык №"]) expect(format(label), label).toBe("@");
    expect((await mirab.get("/api/water/users/template")).statusCode).toBe(403);
    expect(
      (await mirab.call("POST", "/api/water/users/import", Buffer.from("x"), { "content-type": XLSX }))
        .statusCode,
    ).toBe(403);
  });

  it("reports every bad cell by row and column in the user's language, and writes nothing", async () => {
    const before = (await users()).length;
    // A CSV with Russian headers and semicolons, as Excel saves it in a Russian locale.
    const csv = [
      "Фамилия;Имя;ПИН;Код села;Водовыпуск (код или название);Площадь, га;Наименование организации;Вид организации",
      "Жээнбеков;Азамат;21505198500123;41703220980001;В-1;1,5;;",
      "Жээнбеков;Азамат;21505198500123;41703220980001;В-9;0;;",
      "Smith;Джон;123;41703220980002;;;;",
      ";;;;В-2;2;«Ак-Суу» ДЧ;Дыйкан чарба",
    ].join("\r\n");
    const res = await upload(Buffer.from(csv, "utf8"), "", "text/csv");
    expect(res.statusCode, res.body).toBe(200);
    const report = res.json();
    expect(report).toMatchObject({ rowCount: 4, userCount: 3, validUsers: 1, imported: null });
    expect(
      report.issues.map((i: { row: number; column: string; code: string }) => [i.row, i.column, i.code]),
    ).toEqual([
      [3, "outlet", "notAnOutlet"],
      [3, "areaHa", "areaNotPositive"],
      [4, "villageCode", "villageNotServed"],
      [4, "surname", "cyrillicName"],
      [4, "pin", "pinInvalid"],
    ]);
    expect(report.issues[0]).toMatchObject({ columnLabel: "Суу бөлгүч (коду же аталышы)" });
    expect(report.issues[1].message).toBe("Аянты 0 гектардан чоң сан болушу керек");
    expect((await users()).length).toBe(before);

    // Accepting the valid users writes the farm only: the person's other row was bad.
    const accepted = (await upload(Buffer.from(csv, "utf8"), "?acceptValid=true", "text/csv")).json();
    expect(accepted.imported).toEqual({ users: 1, plots: 1 });
    const farm = (await users()).find((u: { displayName: string }) => u.displayName === "«Ак-Суу» ДЧ");
    expect(farm).toMatchObject({ kind: "legal-entity", legalEntityKind: "farm", number: 4 });
    const audit = (await director.get("/api/audit?entity=water_users_file")).json().items;
    expect(audit[0]).toMatchObject({ action: "import", after: { users: 1, plots: 1, numbers: [4, 4] } });
  });

  it("imports users with their plots; the same file again, or a known user's row, adds nothing twice", async () => {
    const header = [
      "Суу пайдалануучунун №",
      "Фамилиясы",
      "Аты",
      "ПИН",
      "Айылдын коду",
      "АВП мүчөсү",
      "Телефон",
      "SMS тили",
      "Суу бөлгүч (коду же аталышы)",
      "Аянты, га",
      "Менчик же ижара",
      "Кадастрдык №",
      "Уюмдун аталышы",
    ];
    const file = await workbook(header, [
      [
        null,
        "Жээнбеков",
        "Азамат",
        21505198500123,
        VILLAGE,
        "Жок",
        "0555 12 34 56",
        "Русский",
        "В-1",
        1.5,
        "Ижара",
        "4-02-7",
      ],
      [
        null,
        "Жээнбеков",
        "Азамат",
        "21505198500123",
        VILLAGE,
        "Жок",
        "0555 12 34 56",
        "Русский",
        "Канал В-2",
        "0,8",
        "Менчик",
      ],
      // Her village and outlet copied from the template's lists, code and name together.
      [null, "Осмонова", "Гүлнара", null, `${VILLAGE} Айыл 1`, "Ооба", null, null, "В-2 Канал В-2", 2],
      // The fixture's user No. 1 already has plot 4-01-001 at В-1; a new plot at В-2 is added.
      [1, "Асанов", "Айбек", null, null, null, null, null, "В-1", 2.5, null, "4-01-001"],
      [1, "Асанов", "Айбек", null, null, null, null, null, "В-2", 0.5],
      [null, null, null, null, null, null, null, null, null, null, null, null, "Айыл өкмөтү"],
    ]);
    const dry = (await upload(file, "?dryRun=true")).json();
    expect(dry).toMatchObject({ newUsers: 2, knownUsers: 1, newPlots: 4, knownPlots: 1, imported: null });
    // A legal entity needs its kind: the last row is refused on its own, the rest stands.
    expect(
      dry.issues.map((i: { row: number; column: string; code: string }) => [i.row, i.column, i.code]),
    ).toEqual([[7, "legalEntityKind", "required"]]);
    const first = (await upload(file, "?acceptValid=true")).json();
    expect(first.imported).toEqual({ users: 2, plots: 4 });
    const all = await users();
    const azamat = all.find((u: { pin: string | null }) => u.pin === "21505198500123");
    expect(azamat).toMatchObject({
      member: false,
      locale: "ru",
      phone: "+996555123456",
      villageCode: VILLAGE,
    });
    const azamatCard = await card(azamat.id);
    expect(
      azamatCard.plots.map((p: { outletCode: string; areaHa: number; tenure: string }) => [
        p.outletCode,
        p.areaHa,
        p.tenure,
      ]),
    ).toEqual([
      ["В-1", 1.5, "lease"],
      ["В-2", 0.8, "own"],
    ]);
    const osmonova = all.find((u: { displayName: string }) => u.displayName.startsWith("Осмонова"));
    expect(osmonova.villageCode).toBe(VILLAGE);
    expect((await card(osmonova.id)).plots.map((p: { outletCode: string }) => p.outletCode)).toEqual(["В-2"]);
    const asanov = all.find((u: { number: number }) => u.number === 1);
    expect((await card(asanov.id)).plots).toHaveLength(2);

    const again = (await upload(file, "?acceptValid=true")).json();
    expect(again).toMatchObject({ newUsers: 0, knownUsers: 3, newPlots: 0, knownPlots: 5, imported: null });
    expect((await users()).length).toBe(all.length);
  });

  it("exports users and plots as CSV and xlsx in the template's columns, and the export imports back as nothing new", async () => {
    const csv = await director.get("/api/water/users/export?format=csv");
    expect(csv.headers["content-type"]).toContain("text/csv");
    expect(csv.body.charCodeAt(0)).toBe(0xfeff);
    // In Kyrgyz: ";" between cells, the PIN kept as text behind a tab.
    expect(csv.body.split("\r\n")[0]).toContain("Суу пайдалануучунун №;Түрү;Фамилиясы");
    expect(csv.body).toContain('Жээнбеков;Азамат;;"\t21505198500123"');
    // A village as the template's list writes it: its code for the import, its name for the reader.
    expect(csv.body).toContain(`;${VILLAGE} Айыл 1;`);
    const xlsx = await director.get("/api/water/users/export?format=xlsx");
    for (const file of [xlsx.rawPayload, csv.rawPayload]) {
      const back = (await upload(file, "?dryRun=true")).json();
      expect(back.issues).toEqual([]);
      expect(back).toMatchObject({ newUsers: 0, newPlots: 0, knownUsers: (await users()).length });
    }
    expect((await mirab.get("/api/water/users/export")).statusCode).toBe(200);
  });

  it("refuses a file with the template's headings and no row under them, saying it holds no water users; nothing is written", async () => {
    const before = (await users()).length;
    const template = (await director.get("/api/water/users/template")).rawPayload;
    for (const query of ["?dryRun=true", "?acceptValid=true", ""]) {
      const res = await upload(template, query);
      expect(res.statusCode, res.body).toBe(422);
      expect(res.json()).toMatchObject({
        code: "water.usersFile.noUsers",
        title: translate("ky", "errors.water.usersFile.noUsers"),
      });
    }
    // A CSV file of the headings and a blank line, as Excel saves an emptied sheet.
    const csv = (await director.get("/api/water/users/export?format=csv")).body
      .split(/\r?\n/)[0]!
      .replace(/^\uFEFF/, "");
    const headings = await upload(Buffer.from(`${csv}\r\n;;\r\n`, "utf8"), "?acceptValid=true", "text/csv");
    expect(headings.statusCode, headings.body).toBe(422);
    expect(headings.json().code).toBe("water.usersFile.noUsers");
    expect(await users()).toHaveLength(before);
  });

  it("refuses a file that is not a table of water users", async () => {
    const junk = await upload(Buffer.from("not a spreadsheet"));
    expect(junk.statusCode).toBe(422);
    expect(junk.json().code).toBe("water.usersFile.unreadable");
    const missing = await upload(await workbook(["Фамилиясы", "Аты"], [["Асанов", "Айбек"]]));
    expect(missing.json().code).toBe("water.usersFile.missingColumns");
    expect(missing.json().title).toBe(
      translate("ky", "errors.water.usersFile.missingColumns", {
        columns: translate("ky", "wu.sheet.columns.legalName"),
      }),
    );
  });
});
