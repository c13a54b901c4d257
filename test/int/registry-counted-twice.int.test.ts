import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withSystem } from "../../src/server/platform/transactions.js";
import { findSharedKeys } from "../../src/server/registry/counted-twice.js";
import { personSharedKey } from "../../src/server/registry/tables.js";
import {
  type Client,
  givePinHeldTwice,
  login,
  seedAimak,
  seedOrganisation,
  startTestApp,
  type TestApp,
} from "../support/app.js";

// Three municipalities of Suzak district, and one of Alai, beyond it.
const SUZAK = "41703220000000";
const FIRST = "41703220990000";
const SECOND = "41703220970000";
const THIRD = "41703220960000";
const ALAI = "41706207990000";

interface Group {
  reason: string;
  people: {
    id: string;
    orgId: string;
    organisation: string;
    surname: string;
    pin: string | null;
    householdId: string | null;
    householdNumber: number | null;
  }[];
}
interface Page {
  groups: Group[];
  total: number;
  offset: number;
  limit: number;
  foundAt: string | null;
}

/**
 * An office's list of people whom two of its municipalities count today: found over the whole
 * country by the hourly pass, read for the office's area as the register holds them now.
 */
describe("people counted by two municipalities, for the office over them", () => {
  let t: TestApp;
  let first: Client;
  let second: Client;
  let third: Client;
  let alai: Client;
  let district: Client;
  let national: Client;
  const village: Record<string, string> = {};
  /** The spouse of each two-person household, by surname: who can leave it. */
  const spouse: Record<string, { householdId: string; personId: string }> = {};

  /** A household of a man and his wife; the wife is the person looked for. */
  async function register(
    clerk: Client,
    code: string,
    wife: { surname: string; givenName: string; birthDate: string; pin?: string },
  ) {
    const res = await clerk.post("/api/registry/households", {
      villageCode: village[code],
      formedOn: "2020-01-01",
      members: [
        { relation: "head", person: { surname: `${wife.surname}ов`, givenName: "Бек", sex: "male" } },
        { relation: "spouse", person: { ...wife, sex: "female" } },
      ],
    });
    expect(res.statusCode, res.body).toBe(201);
    const card = (await clerk.get(`/api/registry/households/${res.json().id}`)).json();
    return { householdId: card.id as string, personId: card.members[1].id as string, number: card.number };
  }
  const list = async (who: Client, query = "") => {
    const res = await who.get(`/api/registry/duplicates/across${query}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as Page;
  };
  const shape = (page: Page) =>
    page.groups.map((g) => [g.reason, g.people.map((p) => `${p.organisation}: ${p.surname}`)]);

  beforeAll(async () => {
    t = await startTestApp();
    for (const code of [FIRST, SECOND, THIRD])
      [village[code]] = (await seedAimak(t.database, code, 1, SUZAK)).villageCodes as [string];
    [village[ALAI]] = (await seedAimak(t.database, ALAI, 1, "41706207000000")).villageCodes as [string];
    const clerkOf = async (code: string, name: string) => {
      const o = await seedOrganisation(t.database, {
        adminUnitCode: code,
        name: { ky: name, ru: name },
        users: { clerk: ["clerk"] },
      });
      return login(t.app, o.users.clerk!.username);
    };
    first = await clerkOf(FIRST, "Биринчи");
    second = await clerkOf(SECOND, "Экинчи");
    third = await clerkOf(THIRD, "Үчүнчү");
    alai = await clerkOf(ALAI, "Алай");
    const office = async (adminUnitCode: string) => {
      const o = await seedOrganisation(t.database, {
        kind: "district-office",
        adminUnitCode,
        users: { head: ["head"] },
      });
      return login(t.app, o.users.head!.username);
    };
    district = await office(SUZAK);
    national = await office("41700000000000");

    // The same PIN in the first and the second, under two spellings of the name: the PIN decides.
    await register(first, FIRST, {
      surname: "Асанова",
      givenName: "Айгүл",
      birthDate: "1990-02-03",
      pin: "10302199000011",
    });
    spouse.asanova = await register(second, SECOND, {
      surname: "Асанова",
      givenName: "Айгуль",
      birthDate: "1990-02-03",
      pin: "10302199000011",
    });
    // No PIN in the first, one in the third: the same name and birth date, no PIN disagreeing.
    await register(first, FIRST, { surname: "Бакирова", givenName: "Нургүл", birthDate: "1985-04-05" });
    await register(third, THIRD, {
      surname: "Бакирова",
      givenName: "Нургүл",
      birthDate: "1985-04-05",
      pin: "10504198500022",
    });
    // The same name and birth date but two PINs: two women.
    await register(first, FIRST, {
      surname: "Исакова",
      givenName: "Жаркын",
      birthDate: "1979-06-07",
      pin: "10706197900033",
    });
    await register(second, SECOND, {
      surname: "Исакова",
      givenName: "Жаркын",
      birthDate: "1979-06-07",
      pin: "10706197900044",
    });
    // The same PIN in the first and in Alai, beyond the district: the national office's only.
    await register(first, FIRST, {
      surname: "Токтогулова",
      givenName: "Мира",
      birthDate: "1995-08-09",
      pin: "10908199500055",
    });
    await register(alai, ALAI, {
      surname: "Токтогулова",
      givenName: "Мира",
      birthDate: "1995-08-09",
      pin: "10908199500055",
    });
    // The same PIN in the second and the third, but she left the second's household: one book counts her.
    const left = await register(second, SECOND, {
      surname: "Эсенова",
      givenName: "Бүбү",
      birthDate: "2000-10-11",
      pin: "11110200000066",
    });
    await register(third, THIRD, {
      surname: "Эсенова",
      givenName: "Бүбү",
      birthDate: "2000-10-11",
      pin: "11110200000066",
    });
    const departed = await second.post(`/api/registry/households/${left.householdId}/events`, {
      kind: "departure",
      occurredOn: "2025-01-01",
      personId: left.personId,
    });
    expect(departed.statusCode, departed.body).toBe(201);
    // Two records of one PIN in the first alone: its own probable duplicates, not this list's.
    for (let i = 0; i < 2; i++) {
      const twice = await register(first, FIRST, {
        surname: "Жумаева",
        givenName: "Гүлзат",
        birthDate: "1970-12-13",
      });
      await givePinHeldTwice(t.database, twice.personId, "11312197000077");
    }
  });
  afterAll(() => t.close());

  it("lists nothing before the service has looked, and says it has not", async () => {
    expect(await list(district)).toEqual({ groups: [], total: 0, offset: 0, limit: 50, foundAt: null });
  });

  it("finds the keys over the whole country, and the office reads its area's groups with each record's municipality and household", async () => {
    expect(await findSharedKeys(t.database)).toEqual({ keys: 3 });
    const page = await list(district);
    expect(shape(page)).toEqual([
      ["same-pin", ["Биринчи: Асанова", "Экинчи: Асанова"]],
      ["same-name-and-birth-date", ["Биринчи: Бакирова", "Үчүнчү: Бакирова"]],
    ]);
    expect(page.total).toBe(2);
    expect(Date.parse(page.foundAt!)).toBeGreaterThan(Date.now() - 60_000);
    // Each record opens the household that counts her, in her municipality's book.
    const record = page.groups[0]!.people[1]!;
    expect(record.householdId).toBe(spouse.asanova!.householdId);
    const card = await district.get(`/api/registry/households/${record.householdId}?scope=readable`);
    expect(card.statusCode, card.body).toBe(200);
    expect(card.json().number).toBe(record.householdNumber);
    // The country's office sees the group across the district's border too.
    expect(shape(await list(national))).toEqual([
      ["same-pin", ["Биринчи: Асанова", "Экинчи: Асанова"]],
      ["same-name-and-birth-date", ["Биринчи: Бакирова", "Үчүнчү: Бакирова"]],
      // Within a group, the municipalities in the order they joined.
      ["same-pin", ["Биринчи: Токтогулова", "Алай: Токтогулова"]],
    ]);
    // A municipality reads its own book only: no group of two municipalities is in it.
    expect((await list(first)).total).toBe(0);
    // The kept keys are each municipality's own rows: the district's policy reads its area's only.
    const keys = await withSystem(t.database, (tx) => tx.select().from(personSharedKey));
    expect(keys).toHaveLength(6);
  });

  it("pages the groups with the total, and refuses a page size out of bounds without answering any", async () => {
    const second = await list(district, "?offset=1&limit=1");
    expect(second).toMatchObject({ total: 2, offset: 1, limit: 1 });
    expect(shape(second)).toEqual([["same-name-and-birth-date", ["Биринчи: Бакирова", "Үчүнчү: Бакирова"]]]);
    const tooMany = await district.get("/api/registry/duplicates/across?limit=201", {
      "accept-language": "ru",
    });
    expect(tooMany.statusCode).toBe(400);
    expect(tooMany.headers["content-type"]).toContain("application/problem+json");
  });

  it("exports every group, a row per record, headed in the user's language", async () => {
    const res = await district.get("/api/registry/duplicates/across/export?format=csv");
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers["content-disposition"]).toContain("counted-twice.csv");
    const lines = res.body
      .replace(/^\uFEFF/, "")
      .trim()
      .split(/\r?\n/);
    expect(lines[0]).toContain("Топ");
    expect(lines.slice(1).map((l) => l.split(/[;,]/).slice(0, 3))).toEqual([
      ["1", "ПИН бирдей", "Биринчи"],
      ["1", "ПИН бирдей", "Экинчи"],
      ["2", "Аты-жөнү жана туулган күнү бирдей", "Биринчи"],
      ["2", "Аты-жөнү жана туулган күнү бирдей", "Үчүнчү"],
    ]);
  });

  it("drops a group as soon as one municipality strikes the person off, before the next pass", async () => {
    const left = await second.post(`/api/registry/households/${spouse.asanova!.householdId}/events`, {
      kind: "departure",
      occurredOn: "2026-01-15",
      personId: spouse.asanova!.personId,
    });
    expect(left.statusCode, left.body).toBe(201);
    expect(shape(await list(district))).toEqual([
      ["same-name-and-birth-date", ["Биринчи: Бакирова", "Үчүнчү: Бакирова"]],
    ]);
    // The next pass keeps no key for her any more.
    expect(await findSharedKeys(t.database)).toEqual({ keys: 2 });
  });
});
