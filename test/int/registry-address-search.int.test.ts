import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withSystem } from "../../src/server/platform/transactions.js";
import { fillAddressKeys } from "../../src/server/registry/address-keys.js";
import {
  type Client,
  login,
  seedOrganisation,
  seedUnits,
  startTestApp,
  type TestApp,
} from "../support/app.js";

/**
 * How a clerk finds a household other than by a member's name: by its address typed as on a
 * Russian keyboard, in Latin, with a typo or by its village; by the phone a caller gives; by the
 * readable start of a PIN. Never a household of another municipality.
 */
describe("households by address, village, phone and the start of a PIN", () => {
  let t: TestApp;
  let clerk: Client;
  let neighbour: Client;
  const ids: Record<string, string> = {};

  async function household(
    who: Client,
    key: string,
    address: { villageCode: string; street?: string; house?: string; phone?: string },
    head: { surname: string; givenName: string; pin?: string; birthDate: string },
  ) {
    const res = await who.post("/api/registry/households", {
      ...address,
      formedOn: "2020-01-01",
      members: [{ relation: "head", person: { ...head, sex: "male" } }],
    });
    expect(res.statusCode, res.body).toBe(201);
    ids[key] = res.json().id;
  }
  const numbersOf = async (who: Client, q: string) => {
    const res = await who.get(`/api/registry/households?q=${encodeURIComponent(q)}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json().items.map((h: { id: string }) => Object.keys(ids).find((k) => ids[k] === h.id) ?? h.id);
  };

  beforeAll(async () => {
    t = await startTestApp();
    await seedUnits(t.database, [
      {
        code: "41703220950000",
        level: "ayil-aimak",
        parent: "41703220000000",
        name: { ky: "Жаңы-Жол аймагы" },
      },
      {
        code: "41703220950001",
        level: "village",
        parent: "41703220950000",
        name: { ky: "Жаңы-Жол", ru: "Жаны-Жол" },
      },
      { code: "41703220950002", level: "village", parent: "41703220950000", name: { ky: "Көк-Жар" } },
      { code: "41703220940000", level: "ayil-aimak", parent: "41703220000000", name: { ky: "Кошуна" } },
      { code: "41703220940001", level: "village", parent: "41703220940000", name: { ky: "Ак-Таш" } },
    ]);
    const m = await seedOrganisation(t.database, {
      adminUnitCode: "41703220950000",
      users: { clerk: ["clerk"] },
    });
    const n = await seedOrganisation(t.database, {
      adminUnitCode: "41703220940000",
      users: { clerk: ["clerk"] },
    });
    clerk = await login(t.app, m.users.clerk!.username);
    neighbour = await login(t.app, n.users.clerk!.username);
    await household(
      clerk,
      "lenin8",
      { villageCode: "41703220950001", street: "Ленин көчөсү", house: "8", phone: "+996 555 12 34 01" },
      { surname: "Асанов", givenName: "Айбек", pin: "21104197200001", birthDate: "1972-04-11" },
    );
    await household(
      clerk,
      "lenin18",
      { villageCode: "41703220950001", street: "Ленин көчөсү", house: "18" },
      { surname: "Токтосунов", givenName: "Бакыт", birthDate: "1980-01-01" },
    );
    await household(
      clerk,
      "akbulak",
      { villageCode: "41703220950002", street: "Ак-Булак көчөсү", house: "21" },
      { surname: "Мамытов", givenName: "Нурлан", birthDate: "1975-03-03" },
    );
    await household(
      clerk,
      "manas",
      { villageCode: "41703220950002", street: "Манас", house: "12" },
      { surname: "Жумабаев", givenName: "Эрлан", birthDate: "1990-06-06" },
    );
    // Next door: the same street, phone and PIN's start, none of which the clerk may find.
    await household(
      neighbour,
      "elsewhere",
      { villageCode: "41703220940001", street: "Манас", house: "12", phone: "0555 12 34 02" },
      { surname: "Жээнбеков", givenName: "Асан", pin: "21104197200002", birthDate: "1972-04-11" },
    );
  });
  afterAll(() => t.close());

  it("matches the address folded as names are: without the Kyrgyz letters, in Latin, in any order", async () => {
    expect(await numbersOf(clerk, "Ленин кочосу 8")).toEqual(["lenin8"]);
    expect(await numbersOf(clerk, "Ленин көчөсү")).toEqual(expect.arrayContaining(["lenin8", "lenin18"]));
    expect(await numbersOf(clerk, "Ак-Булак кочосу")).toEqual(["akbulak"]);
    expect(await numbersOf(clerk, "Lenin 8")).toEqual(["lenin8"]);
    expect(await numbersOf(clerk, "8 lenin")).toEqual(["lenin8"]);
    expect(await numbersOf(clerk, "Manas")).toEqual(["manas"]);
  });

  it("takes a typo or a hyphen left out when nothing is spelt so", async () => {
    expect(await numbersOf(clerk, "Манос")).toEqual(["manas"]);
    expect(await numbersOf(clerk, "Akbulak")).toEqual(["akbulak"]);
    // The answer says its words were near, not as typed; an address spelt right is not.
    const similar = async (q: string) =>
      (await clerk.get(`/api/registry/households?q=${encodeURIComponent(q)}`)).json().similar;
    expect(await similar("Манос")).toBe(true);
    expect(await similar("Манас")).toBeUndefined();
  });

  it("finds a village's households by its name in any of its spellings", async () => {
    for (const q of ["Жаңы-Жол", "Жаны-Жол", "Zhany-Zhol", "жаны жол"])
      expect((await numbersOf(clerk, q)).sort(), q).toEqual(["lenin18", "lenin8"]);
    expect(await numbersOf(clerk, "Кок-Жар Манас")).toEqual(["manas"]);
  });

  it("finds the household of a phone written as callers say it", async () => {
    for (const q of ["+996555123401", "0555123401", "555123401", "0555 12-34-01"])
      expect(await numbersOf(clerk, q), q).toEqual(["lenin8"]);
  });

  it("finds people and households by the readable start of a PIN", async () => {
    expect(await numbersOf(clerk, "2110419720")).toEqual(["lenin8"]);
    expect(await numbersOf(clerk, "211041")).toEqual(["lenin8"]);
    const people = (await clerk.get("/api/registry/people?q=2110419720")).json();
    expect(people.items.map((p: { pin: string }) => p.pin)).toEqual(["21104197200001"]);
  });

  it("finds nothing of another municipality's by address, village, phone or PIN", async () => {
    for (const q of ["Манас 12", "Ак-Таш", "0555123402", "21104197200002", "2110419720"])
      expect(await numbersOf(clerk, q), q).not.toContain("elsewhere");
    expect(await numbersOf(neighbour, "Манас 12")).toEqual(["elsewhere"]);
    expect(await numbersOf(neighbour, "2110419720")).toEqual(["elsewhere"]);
  });

  it("refuses one letter on both searches, asking for more, in the user's language", async () => {
    for (const path of ["households", "people"])
      for (const q of ["ы", "а", "%"]) {
        const res = await clerk.get(`/api/registry/${path}?q=${encodeURIComponent(q)}&lang=ru`);
        expect(res.statusCode, `${path} ${q}`).toBe(422);
        expect(res.json()).toMatchObject({
          type: "urn:aimak:problem:registry.queryTooShort",
          title: "Для поиска введите не меньше 2 букв",
        });
      }
    // Two letters, or a digit, are searched.
    expect((await clerk.get(`/api/registry/people?q=${encodeURIComponent("ас")}`)).statusCode).toBe(200);
    expect((await clerk.get("/api/registry/households?q=8")).statusCode).toBe(200);
  });

  it("keys a household written before the key existed when the database is prepared", async () => {
    await withSystem(t.database, (tx) =>
      tx.execute(sql`update household set address_key = null where id = ${ids.akbulak}`),
    );
    expect(await numbersOf(clerk, "Ак-Булак")).toEqual([]);
    expect(await withSystem(t.database, fillAddressKeys)).toBe(1);
    expect(await numbersOf(clerk, "Ак-Булак")).toEqual(["akbulak"]);
  });

  it("keys the address again when the clerk corrects it", async () => {
    const card = (await clerk.get(`/api/registry/households/${ids.manas}`)).json();
    const res = await clerk.patch(`/api/registry/households/${ids.manas}`, {
      version: card.version,
      street: "Чүй проспекти",
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(await numbersOf(clerk, "Chui prospekti 12")).toEqual(["manas"]);
    expect(await numbersOf(clerk, "Манас 12")).toEqual([]);
  });
});
