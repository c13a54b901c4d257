import { sql } from "drizzle-orm";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { withSystem } from "../../src/server/platform/transactions.js";
import {
  type Client,
  login,
  seedAimak,
  seedOffice,
  seedOrganisation,
  startTestApp,
  type TestApp,
} from "../support/app.js";

const AIMAK = "41703220870000";
const NEIGHBOUR = "41703220860000";

describe("the register counted on a day", () => {
  let t: TestApp;
  let clerk: Client;
  let neighbour: Client;
  let wua: Client;
  let auditor: Client;
  let villages: string[];
  let elder: { id: string; householdId: string };
  let widow: string;
  let migrant: { id: string; householdId: string };

  const household = async (
    who: Client,
    villageCode: string,
    members: { relation: string; person: Record<string, unknown> }[],
  ) => {
    const res = await who.post("/api/registry/households", { villageCode, formedOn: "2020-01-01", members });
    expect(res.statusCode, res.body).toBe(201);
    const id = res.json().id as string;
    const card = (await who.get(`/api/registry/households/${id}`)).json();
    return { id, members: card.members as { id: string; givenName: string }[] };
  };
  const event = async (householdId: string, body: Record<string, unknown>) => {
    const res = await clerk.post(`/api/registry/households/${householdId}/events`, body);
    expect(res.statusCode, res.body).toBeLessThan(300);
  };
  const summary = async (on: string) => {
    const res = await clerk.get(`/api/registry/summary?on=${on}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  };

  beforeAll(async () => {
    t = await startTestApp();
    ({ villageCodes: villages } = await seedAimak(t.database, AIMAK, 2));
    const { villageCodes: neighbourVillages } = await seedAimak(t.database, NEIGHBOUR, 1);
    const m = await seedOrganisation(t.database, { adminUnitCode: AIMAK, users: { clerk: ["clerk"] } });
    const n = await seedOrganisation(t.database, { adminUnitCode: NEIGHBOUR, users: { clerk: ["clerk"] } });
    const w = await seedOrganisation(t.database, {
      kind: "water-provider",
      providerType: "wua",
      adminUnitCode: AIMAK,
      villageCodes: villages,
      users: { director: ["wua-director"] },
    });
    clerk = await login(t.app, m.users.clerk!.username);
    neighbour = await login(t.app, n.users.clerk!.username);
    wua = await login(t.app, w.users.director!.username);
    const district = await seedOffice(t.database, "41703220000000");
    auditor = await login(t.app, district.users.auditor!.username);

    // Village 1: a pensioner, his wife of working age and their granddaughter of five with a
    // disability; only he has a PIN. He dies on 1 March 2026 and she becomes the head.
    const first = await household(clerk, villages[0]!, [
      {
        relation: "head",
        person: {
          surname: "Осмонов",
          givenName: "Бакыт",
          sex: "male",
          birthDate: "1960-03-01",
          pin: "20103196012345",
        },
      },
      {
        relation: "spouse",
        person: { surname: "Осмонова", givenName: "Айгүл", sex: "female", birthDate: "1969-06-01" },
      },
      {
        relation: "grandchild",
        person: {
          surname: "Осмонова",
          givenName: "Бегимай",
          sex: "female",
          birthDate: "2019-06-01",
          disabilityGroup: "child",
        },
      },
    ]);
    elder = { id: first.members.find((p) => p.givenName === "Бакыт")!.id, householdId: first.id };
    widow = first.members.find((p) => p.givenName === "Айгүл")!.id;
    await event(first.id, {
      kind: "death",
      occurredOn: "2026-03-01",
      personId: elder.id,
      newHeadPersonId: widow,
    });

    // Village 2: a mother who heads her household and works abroad since May 2025, her son of 15,
    // and a daughter born on 1 April 2026.
    const second = await household(clerk, villages[1]!, [
      {
        relation: "head",
        person: {
          surname: "Токтогулова",
          givenName: "Жылдыз",
          sex: "female",
          birthDate: "1990-01-01",
          pin: "10101199012345",
        },
      },
      {
        relation: "son",
        person: {
          surname: "Токтогулов",
          givenName: "Эрмек",
          sex: "male",
          birthDate: "2010-05-05",
          pin: "20505201012345",
        },
      },
    ]);
    migrant = { id: second.members.find((p) => p.givenName === "Жылдыз")!.id, householdId: second.id };
    await event(second.id, {
      kind: "migration",
      occurredOn: "2025-05-01",
      personId: migrant.id,
      migration: { country: "RU", place: "Москва" },
    });
    await event(second.id, {
      kind: "birth",
      occurredOn: "2026-04-01",
      relation: "daughter",
      person: { surname: "Токтогулова", givenName: "Айжан", sex: "female", birthDate: "2026-04-01" },
    });

    // Certificates of 2026: one issued and revoked, one issued. A certificate is dated the day it
    // is issued: the clerk signs in and issues it on that day's clock.
    for (const issuedOn of ["2026-02-01", "2026-05-01"]) {
      vi.useFakeTimers({ toFake: ["Date"], now: new Date(`${issuedOn}T06:00:00Z`) });
      const then = await login(t.app, m.users.clerk!.username);
      const res = await then.post("/api/certificates", {
        kind: "residence",
        householdId: second.id,
        personId: second.members[0]!.id,
        purpose: "Банк",
      });
      expect(res.statusCode, res.body).toBe(201);
      expect(res.json().year).toBe(2026);
      if (issuedOn === "2026-02-01")
        expect(
          (await then.post(`/api/certificates/${res.json().id}/revoke`, { reason: "Ката" })).statusCode,
        ).toBe(200);
    }
    vi.useRealTimers();

    // Another municipality's household, which must count there and nowhere else.
    await household(neighbour, neighbourVillages[0]!, [
      {
        relation: "head",
        person: { surname: "Жумабаев", givenName: "Нурлан", sex: "male", birthDate: "1985-07-07" },
      },
    ]);
  });
  afterAll(() => t.close());

  it("counts households and living members by village, sex and age band on the day named", async () => {
    const s = await summary("2026-01-01");
    expect(s.on).toBe("2026-01-01");
    expect(s.placeKind).toBe("village");
    const [one, two] = s.places;
    expect(s.places.map((v: { code: string }) => v.code)).toEqual(villages);
    expect(one).toMatchObject({
      households: 1,
      vulnerableHouseholds: 1,
      people: 3,
      female: 2,
      male: 1,
      withDisability: 1,
      abroad: 0,
      withoutPin: 2,
    });
    expect(one.byAge).toEqual({
      preschool: { female: 1, male: 0 },
      school: { female: 0, male: 0 },
      working: { female: 1, male: 0 },
      pension: { female: 0, male: 1 },
      unknown: { female: 0, male: 0 },
    });
    expect(two).toMatchObject({
      households: 1,
      vulnerableHouseholds: 1,
      people: 2,
      female: 1,
      male: 1,
      abroad: 1,
      abroadByCountry: { RU: 1 },
    });
    expect(one.abroadByCountry).toEqual({});
    expect(s.total.abroadByCountry).toEqual({ RU: 1 });
    // Before she went, nobody was abroad.
    expect((await summary("2025-04-30")).total).toMatchObject({ abroad: 0, abroadByCountry: {} });
    expect(two.byAge.school).toEqual({ female: 0, male: 1 });
    expect(s.total).toMatchObject({ households: 2, vulnerableHouseholds: 2, people: 5, female: 3, male: 2 });
    const flagged = Object.fromEntries(
      s.criteria.map((c: { code: string; households: number }) => [c.code, c.households]),
    );
    expect(flagged).toMatchObject({
      disability: 1,
      "female-headed": 1,
      "migrant-family": 1,
      "elderly-alone": 0,
    });
    expect(s.certificates).toEqual({ issued: 0, revoked: 0 });
  });

  it("follows the history: a death, a birth and a new head change the later day's counts", async () => {
    const s = await summary("2026-06-01");
    expect(s.total).toMatchObject({ households: 2, people: 5, female: 4, male: 1, withoutPin: 3 });
    // The granddaughter turned 7 that morning: of school age now, beside her uncle of 16.
    expect(s.total.byAge).toMatchObject({
      preschool: { female: 1, male: 0 },
      school: { female: 1, male: 1 },
      working: { female: 2, male: 0 },
      pension: { female: 0, male: 0 },
    });
    const flagged = Object.fromEntries(
      s.criteria.map((c: { code: string; households: number }) => [c.code, c.households]),
    );
    expect(flagged["female-headed"]).toBe(2);
    expect(s.certificates).toEqual({ issued: 2, revoked: 1 });
  });

  it("counts nothing before the households were formed, and lists every village still", async () => {
    const s = await summary("2019-12-31");
    expect(s.places.map((v: { households: number; people: number }) => [v.households, v.people])).toEqual([
      [0, 0],
      [0, 0],
    ]);
    expect(s.total.people).toBe(0);
  });

  it("counts only the organisation's own register", async () => {
    const mine = (await neighbour.get("/api/registry/summary?on=2026-06-01")).json();
    expect(mine.total).toMatchObject({ households: 1, people: 1, male: 1 });
    expect(mine.total.byAge.working).toEqual({ female: 0, male: 1 });
    expect((await summary("2026-06-01")).total.people).toBe(5);
    // A water provider holds no register permission.
    expect((await wua.get("/api/registry/summary")).statusCode).toBe(403);
  });

  it("counts a district office's municipalities, each as a whole, and the district's total", async () => {
    const res = await auditor.get("/api/registry/summary?on=2026-06-01&scope=readable");
    expect(res.statusCode, res.body).toBe(200);
    const s = res.json();
    expect(s.placeKind).toBe("municipality");
    const byCode = Object.fromEntries(
      s.places.map((p: { code: string; households: number; people: number }) => [
        p.code,
        [p.households, p.people],
      ]),
    );
    expect(byCode[AIMAK]).toEqual([2, 5]);
    expect(byCode[NEIGHBOUR]).toEqual([1, 1]);
    expect(s.total).toMatchObject({ households: 3, people: 6, female: 4, male: 2 });
    expect(s.certificates).toEqual({ issued: 2, revoked: 1 });
    // An office keeps no register of its own: without the scope it counts what it reads, and its
    // "own" is refused rather than counted as noughts.
    expect((await auditor.get("/api/registry/summary?on=2026-06-01")).json()).toEqual(res.json());
    const own = await auditor.get("/api/registry/summary?on=2026-06-01&scope=organisation");
    expect([own.statusCode, own.json().code]).toEqual([422, "registry.notAMunicipality"]);
    const csv = await auditor.get("/api/registry/summary/export?format=csv&on=2026-06-01&scope=readable");
    const lines = csv.body
      .replace(/^\uFEFF/, "")
      .trim()
      .split("\r\n");
    expect(lines).toHaveLength(4);
    // The auditor works in Kyrgyz: Excel there separates a list with ";".
    expect(lines[0]).toMatch(/^Айыл өкмөтү;/);
    expect(lines[3]).toMatch(/^[^;]+;3;2;6;4;2;/);
  });

  it("refuses a day that is not a date in the user's language and answers today without one", async () => {
    const bad = await clerk.get("/api/registry/summary?on=2026-13-45");
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].path).toBe("querystring.on");
    expect(bad.json().title).not.toMatch(/[A-Za-z]{5}/);
    const today = (await clerk.get("/api/registry/summary")).json();
    expect(today.on).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(today.total.people).toBe(5);
  });

  it("exports the summary as a spreadsheet and CSV in the user's language, a row per village and the total", async () => {
    expect((await clerk.patch("/api/me", { locale: "ru" })).statusCode).toBeLessThan(300);
    const xlsx = await clerk.get("/api/registry/summary/export?format=xlsx&on=2026-01-01");
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.headers["content-disposition"]).toContain("register-summary-2026-01-01.xlsx");
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const sheet = book.worksheets[0]!;
    const header = (sheet.getRow(1).values as unknown[]).slice(1);
    expect(header.slice(0, 4)).toEqual(["Село", "Хозяйства", "Уязвимые хозяйства", "Люди"]);
    expect(header).toContain("До 7 лет, Женщины");
    expect(sheet.rowCount).toBe(4);
    const total = (sheet.getRow(4).values as unknown[]).slice(1);
    expect(total.slice(0, 6)).toEqual(["Всего", 2, 2, 5, 3, 2]);
    // After those abroad, those abroad in each country they are in, village by village.
    const abroad = header.indexOf("В трудовой миграции");
    expect(header.slice(abroad, abroad + 3)).toEqual([
      "В трудовой миграции",
      "За рубежом: Россия",
      "Без ПИН",
    ]);
    expect([2, 3, 4].map((row) => (sheet.getRow(row).values as unknown[]).slice(1)[abroad + 1])).toEqual([
      0, 1, 1,
    ]);

    expect((await clerk.patch("/api/me", { locale: "en" })).statusCode).toBeLessThan(300);
    const csv = await clerk.get("/api/registry/summary/export?format=csv&on=2026-01-01");
    expect(csv.headers["content-type"]).toContain("text/csv");
    const lines = csv.body
      .replace(/^\uFEFF/, "")
      .trim()
      .split("\r\n");
    expect(lines[0]).toMatch(/^Village,Households,Vulnerable households,People,Women,Men,/);
    expect(lines).toHaveLength(4);
    expect(lines[3]).toMatch(/^Total,2,2,5,3,2,/);
  });

  // Last: it brings her home, which the tests above do not expect.
  it("counts a past day's labour migrants as their history tells it, one come home since included", async () => {
    await event(migrant.householdId, {
      kind: "migration",
      occurredOn: "2026-05-01",
      personId: migrant.id,
      migration: null,
    });
    expect((await summary("2026-01-01")).total).toMatchObject({ abroad: 1, abroadByCountry: { RU: 1 } });
    expect((await summary("2026-06-01")).total).toMatchObject({ abroad: 0, abroadByCountry: {} });
    expect((await summary("2025-04-30")).total).toMatchObject({ abroad: 0 });
    // An office reads kept counts: they are dropped when a migration event changes alone (a merge
    // moves one to the kept person).
    const district = async () =>
      (await auditor.get("/api/registry/summary?on=2026-01-01&scope=readable")).json().total;
    expect(await district()).toMatchObject({ abroad: 1, abroadByCountry: { RU: 1 } });
    await withSystem(t.database, (tx) =>
      tx.execute(sql`update life_event set annulled_at = now()
                     where person_id = ${migrant.id} and kind = 'migration' and occurred_on = '2025-05-01'`),
    );
    expect(await district()).toMatchObject({ abroad: 0, abroadByCountry: {} });
  });
});
