import { sql } from "drizzle-orm";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withSystem } from "../../src/server/platform/transactions.js";
import type { RegisteredElsewhere } from "../../src/server/registry/elsewhere.js";
import {
  type Client,
  givePinHeldTwice,
  householdOfOne,
  login,
  seedAimak,
  seedOrganisation,
  startTestApp,
  type TestApp,
} from "../support/app.js";

const OURS = "41703220990000";
const THEIRS = "41703220970000";
const THIRD = "41703220960000";
const FOURTH = "41703220950000";

type Hit = RegisteredElsewhere;

/**
 * The municipality's probable duplicates a page at a time, and its people whom another
 * organisation's register holds too: complete, counted, and naming no more of the other than its name.
 */
describe("probable duplicates, paged, and people registered elsewhere too", () => {
  let t: TestApp;
  let ours: Client;
  let theirs: Client;
  let third: Client;
  let ourVillage: string;
  let theirVillage: string;
  let thirdVillage: string;
  /** Our people, by name, and each held elsewhere or not. */
  const our: Record<string, { id: string; householdId: string; householdNumber: number }> = {};
  const their: Record<string, string> = {};

  const head = (surname: string, givenName: string, sex: string, birthDate: string, pin?: string) => ({
    surname,
    givenName,
    sex,
    birthDate,
    ...(pin ? { pin } : {}),
  });
  async function register(clerk: Client, village: string, person: ReturnType<typeof head>) {
    const card = await householdOfOne(clerk, { villageCode: village, formedOn: "2020-01-01", head: person });
    return { id: card.members[0].id as string, householdId: card.id as string, householdNumber: card.number };
  }
  const list = async (clerk: Client, query = "") => {
    const res = await clerk.get(`/api/registry/duplicates/elsewhere${query}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as { items: Hit[]; total: number; offset: number; limit: number };
  };

  beforeAll(async () => {
    t = await startTestApp();
    [ourVillage] = (await seedAimak(t.database, OURS, 1)).villageCodes as [string];
    [theirVillage] = (await seedAimak(t.database, THEIRS, 1)).villageCodes as [string];
    [thirdVillage] = (await seedAimak(t.database, THIRD, 1)).villageCodes as [string];
    const a = await seedOrganisation(t.database, { adminUnitCode: OURS, users: { clerk: ["clerk"] } });
    const b = await seedOrganisation(t.database, {
      adminUnitCode: THEIRS,
      name: { ky: "Башка айыл өкмөтү", ru: "Другой айылный аймак" },
      users: { clerk: ["clerk"] },
    });
    const c = await seedOrganisation(t.database, {
      adminUnitCode: THIRD,
      name: { ky: "Үчүнчү айыл өкмөтү" },
      users: { clerk: ["clerk"] },
    });
    ours = await login(t.app, a.users.clerk!.username);
    theirs = await login(t.app, b.users.clerk!.username);
    third = await login(t.app, c.users.clerk!.username);

    // Held by both others under the same PIN, though another name: the PIN decides.
    our.talant = await register(
      ours,
      ourVillage,
      head("Жумабаев", "Талант", "male", "1985-05-15", "21505198500011"),
    );
    their.taalai = (
      await register(theirs, theirVillage, head("Жумабаев", "Таалай", "male", "1985-05-15", "21505198500011"))
    ).id;
    await register(
      third,
      thirdVillage,
      head("Жумабаева", "Талантбек", "male", "1985-05-15", "21505198500011"),
    );
    // No PIN here, one there: the same name and birth date, no PIN disagreeing.
    our.aigul = await register(ours, ourVillage, head("Сыдыкова", "Айгүл", "female", "1990-02-02"));
    their.aigul = (
      await register(
        theirs,
        theirVillage,
        head("Сыдыкова", "Айгүл", "female", "1990-02-02", "10202199000022"),
      )
    ).id;
    // The same name and birth date, but two PINs: two people.
    our.bakyt = await register(
      ours,
      ourVillage,
      head("Токтогулов", "Бакыт", "male", "1970-03-03", "20303197000033"),
    );
    await register(theirs, theirVillage, head("Токтогулов", "Бакыт", "male", "1970-03-03", "20303197000044"));
    // Their record of this PIN was merged into another: it holds no one.
    our.erlan = await register(
      ours,
      ourVillage,
      head("Мамытов", "Эрлан", "male", "1980-04-04", "20404198000055"),
    );
    const merged = await register(
      theirs,
      theirVillage,
      head("Мамытов", "Эрлан", "male", "1980-04-04", "20404198000055"),
    );
    // Two records of ours for one PIN the other holds too; the second merged into the first.
    our.ulan = await register(
      ours,
      ourVillage,
      head("Осмонов", "Улан", "male", "1975-10-10", "21010197500066"),
    );
    our.ulanAgain = await register(ours, ourVillage, head("Осмонов", "Улан", "male", "1975-10-10"));
    await givePinHeldTwice(t.database, our.ulanAgain.id, "21010197500066");
    await register(theirs, theirVillage, head("Осмонов", "Улан", "male", "1975-10-10", "21010197500066"));
    // Their record of this PIN left its household there (a departure): their book no longer counts her.
    our.nurjan = await register(
      ours,
      ourVillage,
      head("Асанова", "Нуржан", "female", "1992-11-11", "11111199200088"),
    );
    const struckOff = await theirs.post("/api/registry/households", {
      villageCode: theirVillage,
      formedOn: "2020-01-01",
      members: [
        { relation: "head", person: head("Асанов", "Марат", "male", "1990-01-01") },
        { relation: "spouse", person: head("Асанова", "Нуржан", "female", "1992-11-11", "11111199200088") },
      ],
    });
    expect(struckOff.statusCode, struckOff.body).toBe(201);
    const theirCard = (await theirs.get(`/api/registry/households/${struckOff.json().id}`)).json();
    const left = await theirs.post(`/api/registry/households/${theirCard.id}/events`, {
      kind: "departure",
      occurredOn: "2025-06-01",
      personId: theirCard.members[1].id,
    });
    expect(left.statusCode, left.body).toBe(201);
    // A PIN here, none there: held there by the name and birth date; the third holds a namesake
    // of another PIN, who is someone else.
    our.nurlan = await register(
      ours,
      ourVillage,
      head("Касымов", "Нурлан", "male", "1988-08-08", "20808198800099"),
    );
    their.nurlan = (await register(theirs, theirVillage, head("Касымов", "Нурлан", "male", "1988-08-08"))).id;
    await register(third, thirdVillage, head("Касымов", "Нурлан", "male", "1988-08-08", "20808198800100"));
    // Marked as a merge marks them (the merge's own rules are registry-merge's tests).
    await withSystem(t.database, async (tx) => {
      await tx.execute(sql`update person set merged_into = ${their.taalai} where id = ${merged.id}`);
      await tx.execute(sql`update person set merged_into = ${our.ulan!.id} where id = ${our.ulanAgain!.id}`);
    });
  });
  afterAll(() => t.close());

  it("lists our people whom another register holds, once per organisation, with its name only", async () => {
    const { items, total } = await list(ours);
    expect(total).toBe(5);
    expect(items.map((i) => [i.surname, i.givenName, i.householdNumber, i.reason, i.organisation])).toEqual([
      ["Жумабаев", "Талант", our.talant!.householdNumber, "same-pin", "Башка айыл өкмөтү"],
      ["Жумабаев", "Талант", our.talant!.householdNumber, "same-pin", "Үчүнчү айыл өкмөтү"],
      ["Сыдыкова", "Айгүл", our.aigul!.householdNumber, "same-name-and-birth-date", "Башка айыл өкмөтү"],
      ["Осмонов", "Улан", our.ulan!.householdNumber, "same-pin", "Башка айыл өкмөтү"],
      ["Касымов", "Нурлан", our.nurlan!.householdNumber, "same-name-and-birth-date", "Башка айыл өкмөтү"],
    ]);
    // Our record, for a link to its card: the person and the household it lives in.
    expect(items[2]).toEqual({
      id: our.aigul!.id,
      pin: null,
      surname: "Сыдыкова",
      givenName: "Айгүл",
      patronymic: null,
      birthDate: "1990-02-02",
      householdId: our.aigul!.householdId,
      householdNumber: our.aigul!.householdNumber,
      reason: "same-name-and-birth-date",
      organisation: "Башка айыл өкмөтү",
    });
    // Nothing of the other's person: not its name, its PIN or its id.
    const body = JSON.stringify(items);
    for (const leak of ["Таалай", "Талантбек", "10202199000022", their.taalai!, their.aigul!])
      expect(body).not.toContain(leak);
    // Two PINs that disagree are two people; a merged record, there or here, holds no one; nor
    // does one struck off there.
    const ids = items.map((i) => i.id);
    for (const absent of [our.bakyt!, our.erlan!, our.ulanAgain!, our.nurjan!])
      expect(ids).not.toContain(absent.id);
  });

  it("lists each of our records of a PIN another holds, however many of ours share it, and none of a PIN only ours share", async () => {
    const [fourthVillage] = (await seedAimak(t.database, FOURTH, 1)).villageCodes as [string];
    const d = await seedOrganisation(t.database, { adminUnitCode: FOURTH, users: { clerk: ["clerk"] } });
    const fourth = await login(t.app, d.users.clerk!.username);
    // Two records of ours in force for one PIN (a duplicate not yet merged), which the third holds
    // too; two for another PIN, and name and birth date, that no one else holds.
    const kanat = head("Сатыбалдиев", "Канат", "male", "1983-03-13", "21303198300111");
    const azamat = head("Жээнбеков", "Азамат", "male", "1982-12-12", "21212198200122");
    const kanats = [
      await register(fourth, fourthVillage, kanat),
      await register(fourth, fourthVillage, head("Сатыбалдиев", "Канат", "male", "1983-03-13")),
    ];
    await givePinHeldTwice(t.database, kanats[1]!.id, kanat.pin!);
    await register(fourth, fourthVillage, azamat);
    const azamatAgain = await register(
      fourth,
      fourthVillage,
      head("Жээнбеков", "Азамат", "male", "1982-12-12"),
    );
    await givePinHeldTwice(t.database, azamatAgain.id, azamat.pin!);
    await register(third, thirdVillage, kanat);
    const { items, total } = await list(fourth);
    expect(total).toBe(2);
    expect(items.map((i) => [i.id, i.reason, i.organisation])).toEqual(
      kanats.map((k) => [k.id, "same-pin", "Үчүнчү айыл өкмөтү"]),
    );
  });

  it("names the other organisation in the user's language", async () => {
    expect((await ours.patch("/api/me", { locale: "ru" })).statusCode).toBe(200);
    try {
      expect((await list(ours)).items.map((i) => i.organisation)).toContain("Другой айылный аймак");
    } finally {
      await ours.patch("/api/me", { locale: "ky" });
    }
  });

  it("pages through the list in a stable order, the total on every page", async () => {
    const whole = await list(ours);
    const pages = [await list(ours, "?limit=3"), await list(ours, "?offset=3&limit=3")];
    expect(pages.map((p) => [p.total, p.offset, p.limit, p.items.length])).toEqual([
      [5, 0, 3, 3],
      [5, 3, 3, 2],
    ]);
    expect(pages.flatMap((p) => p.items)).toEqual(whole.items);
    // Past the end: no rows, still counted.
    expect(await list(ours, "?offset=10&limit=3")).toEqual({ items: [], total: 5, offset: 10, limit: 3 });
    for (const bad of ["?limit=0", "?limit=201", "?offset=-1", "?limit=x"])
      expect((await ours.get(`/api/registry/duplicates/elsewhere${bad}`)).statusCode).toBe(400);
  });

  it("shows another municipality only its own people, naming ours", async () => {
    const seen = await list(theirs);
    const theirIds = new Set(seen.items.map((i) => i.id));
    expect(theirIds).toEqual(new Set([their.taalai, their.aigul, their.nurlan, expect.any(String)]));
    for (const mine of Object.values(our)) expect(theirIds).not.toContain(mine.id);
    expect(JSON.stringify(seen.items)).not.toContain("Талант");
    expect(new Set(seen.items.map((i) => i.organisation))).toEqual(
      new Set([expect.stringMatching(/^Аймак /), "Үчүнчү айыл өкмөтү"]),
    );
  });

  it("exports the whole list as CSV and xlsx, row for row, headed in the user's language", async () => {
    const { items } = await list(ours);
    const expected = items.map((i) => [
      String(i.householdNumber),
      i.surname,
      i.givenName,
      i.patronymic ?? "",
      i.birthDate ?? "",
      i.pin ?? "",
      i.reason === "same-pin" ? "ПИН бирдей" : "Аты-жөнү жана туулган күнү бирдей",
      i.organisation,
    ]);
    const header = [
      "Чарба №",
      "Фамилиясы",
      "Аты",
      "Атасынын аты",
      "Туулган күнү",
      "ПИН",
      "Дал келгени",
      "Башка уюм",
    ];

    const csv = await ours.get("/api/registry/duplicates/elsewhere/export?format=csv");
    expect(csv.statusCode).toBe(200);
    expect(csv.headers["content-type"]).toContain("text/csv");
    expect(csv.headers["content-disposition"]).toContain("registered-elsewhere.csv");
    const lines = csv.body
      .replace(/^\uFEFF/, "")
      .split(/\r?\n/)
      .filter((l) => l.length > 0)
      .map((l) => l.split(";").map((cell) => cell.replace(/^"\t?|"$/g, "")));
    expect(lines).toEqual([header, ...expected]);

    const xlsx = await ours.get("/api/registry/duplicates/elsewhere/export?format=xlsx");
    expect(xlsx.statusCode).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const sheet = book.worksheets[0]!;
    expect(sheet.name).toBe("Башка уюмда да");
    const cells: string[][] = [];
    sheet.eachRow((row) => {
      cells.push(
        Array.from({ length: header.length }, (_, i) => {
          const value = row.getCell(i + 1).value;
          if (value instanceof Date) return value.toISOString().slice(0, 10);
          return value === null || value === undefined ? "" : String(value);
        }),
      );
    });
    expect(cells).toEqual([header, ...expected]);
    // A birth date is the spreadsheet's own date, shown as a clerk writes it.
    const born = sheet.getRow(2).getCell(header.indexOf("Туулган күнү") + 1);
    expect(born.value).toBeInstanceOf(Date);
    expect(born.numFmt).toBe("dd.mm.yyyy");
  });
});

const SURNAMES = ["Асанов", "Бакиров", "Дженбеков", "Кадыров", "Мамаев"];
/** Pairs of one name and birth date after those, with PINs that make one group or none. */
const PINNED_PAIRS: [surname: string, birthDate: string, pins: [string | null, string | null]][] = [
  // One record has the PIN, the other lacks it: one person, by name.
  ["Нурматов", "1980-01-06", ["20601198000088", null]],
  // Two PINs: two people, however alike.
  ["Орозов", "1980-01-07", ["20701198000091", "20701198000092"]],
];

describe("the municipality's own probable duplicates, a page of groups at a time", () => {
  let t: TestApp;
  let clerk: Client;
  let village: string;

  const groupsOf = async (query = "") => {
    const res = await clerk.get(`/api/registry/duplicates${query}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as {
      groups: { reason: string; people: { id: string; surname: string; householdNumber: number }[] }[];
      total: number;
      offset: number;
      limit: number;
    };
  };

  beforeAll(async () => {
    t = await startTestApp();
    [village] = (await seedAimak(t.database, OURS, 1)).villageCodes as [string];
    const m = await seedOrganisation(t.database, { adminUnitCode: OURS, users: { clerk: ["clerk"] } });
    clerk = await login(t.app, m.users.clerk!.username);
    // Five pairs, each two households of one, by name and birth date; the fourth also by a PIN.
    for (const [i, surname] of SURNAMES.entries())
      for (let copy = 0; copy < 2; copy++) {
        const card = await householdOfOne(clerk, {
          villageCode: village,
          formedOn: "2020-01-01",
          head: { surname, givenName: "Азамат", sex: "male", birthDate: `1980-01-0${i + 1}` },
        });
        // A man born on 04.01.1980, as a PIN carries it.
        if (i === 3) await givePinHeldTwice(t.database, card.members[0].id, "20401198000077");
      }
    for (const [surname, birthDate, pins] of PINNED_PAIRS)
      for (const pin of pins)
        await householdOfOne(clerk, {
          villageCode: village,
          formedOn: "2020-01-01",
          head: { surname, givenName: "Азамат", sex: "male", birthDate, ...(pin ? { pin } : {}) },
        });
  });
  afterAll(() => t.close());

  it("answers a page of groups and how many in all, in the book's order", async () => {
    const whole = await groupsOf();
    expect(whole.total).toBe(6);
    expect(whole.limit).toBe(50);
    // By the group's first household number. A pair of one PIN and one name is the PIN's group
    // only, not once more by name; a pair one of whom lacks the PIN is the name's; two PINs, none.
    expect(whole.groups.map((g) => [g.people[0]!.surname, g.reason])).toEqual([
      ["Асанов", "same-name-and-birth-date"],
      ["Бакиров", "same-name-and-birth-date"],
      ["Дженбеков", "same-name-and-birth-date"],
      ["Кадыров", "same-pin"],
      ["Мамаев", "same-name-and-birth-date"],
      ["Нурматов", "same-name-and-birth-date"],
    ]);
    expect(whole.groups.every((g) => g.people.length === 2)).toBe(true);
    const pages = [await groupsOf("?limit=4"), await groupsOf("?offset=4&limit=4")];
    expect(pages.map((p) => [p.total, p.groups.length])).toEqual([
      [6, 4],
      [6, 2],
    ]);
    expect(pages.flatMap((p) => p.groups)).toEqual(whole.groups);
    expect(await groupsOf("?offset=8&limit=4")).toEqual({ groups: [], total: 6, offset: 8, limit: 4 });
    expect((await clerk.get("/api/registry/duplicates?limit=500")).statusCode).toBe(400);
  });
});
