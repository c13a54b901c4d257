import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type Client,
  login,
  seedAimak,
  seedOrganisation,
  startTestApp,
  type TestApp,
} from "../support/app.js";

/**
 * How a clerk types names into a municipality's search. The start of a name: whether it is taken as
 * a whole name (not widened to the names it starts) depends on the people of the clerk's own
 * municipality, not on the country's dictionary ("Асан" is a given name next door, and the start of
 * Асанов here). A surname: it stands for the family, women and men.
 */
describe("names as a clerk types them in a municipality's search", () => {
  let t: TestApp;
  let clerk: Client;
  let neighbour: Client;

  async function household(who: Client, villageCode: string, members: [string, string, string, string][]) {
    const res = await who.post("/api/registry/households", {
      villageCode,
      formedOn: "2020-01-01",
      members: members.map(([relation, surname, givenName, sex], i) => ({
        relation,
        person: { surname, givenName, sex, birthDate: `19${80 + i}-05-15` },
      })),
    });
    expect(res.statusCode, res.body).toBe(201);
  }
  const people = async (who: Client, q: string) =>
    (await who.get(`/api/registry/people?q=${encodeURIComponent(q)}`))
      .json()
      .items.map((p: { surname: string; givenName: string }) => `${p.surname} ${p.givenName}`)
      .sort();
  const heads = async (who: Client, q: string) =>
    (await who.get(`/api/registry/households?q=${encodeURIComponent(q)}`))
      .json()
      .items.map((h: { headName: string }) => h.headName)
      .sort();

  beforeAll(async () => {
    t = await startTestApp();
    const here = await seedAimak(t.database, "41703220970000", 1);
    const nextDoor = await seedAimak(t.database, "41703220960000", 1);
    const m = await seedOrganisation(t.database, {
      adminUnitCode: "41703220970000",
      users: { clerk: ["clerk"] },
    });
    const n = await seedOrganisation(t.database, {
      adminUnitCode: "41703220960000",
      users: { clerk: ["clerk"] },
    });
    clerk = await login(t.app, m.users.clerk!.username);
    neighbour = await login(t.app, n.users.clerk!.username);
    await household(clerk, here.villageCodes[0]!, [
      ["head", "Асанов", "Бакыт", "male"],
      ["spouse", "Асанова", "Гүлнара", "female"],
    ]);
    await household(clerk, here.villageCodes[0]!, [["head", "Токтосунов", "Айбек", "male"]]);
    await household(clerk, here.villageCodes[0]!, [["head", "Айбеков", "Нурлан", "male"]]);
    await household(clerk, here.villageCodes[0]!, [
      ["head", "Мамытов", "Бакыт", "male"],
      ["spouse", "Мамытова", "Жылдыз", "female"],
    ]);
    await household(neighbour, nextDoor.villageCodes[0]!, [
      ["head", "Жээнбеков", "Асан", "male"],
      ["spouse", "Жээнбекова", "Айгүл", "female"],
    ]);
  });
  afterAll(() => t.close());

  it("widens the start of a name to the names it starts when no one here bears it, whatever the neighbours bear", async () => {
    expect(await people(clerk, "Асан")).toEqual(["Асанов Бакыт", "Асанова Гүлнара"]);
    expect(await heads(clerk, "Асан")).toEqual(["Асанов Бакыт"]);
    // Next door Асан is a whole name: its bearer, not the starts of other names.
    expect(await people(neighbour, "Асан")).toEqual(["Жээнбеков Асан"]);
  });

  it("finds a surname's women and men both, and a woman named with her family's surname in the men's form", async () => {
    expect(await people(clerk, "Мамытов")).toEqual(["Мамытов Бакыт", "Мамытова Жылдыз"]);
    expect(await people(clerk, "Мамытова")).toEqual(["Мамытов Бакыт", "Мамытова Жылдыз"]);
    expect(await people(clerk, "Мамытов Жылдыз")).toEqual(["Мамытова Жылдыз"]);
    expect(await people(clerk, "Асанов Гүлнара")).toEqual(["Асанова Гүлнара"]);
    expect(await heads(clerk, "Асанова Гүлнара")).toEqual(["Асанов Бакыт"]);
    expect(await people(neighbour, "Жээнбеков")).toEqual(["Жээнбеков Асан", "Жээнбекова Айгүл"]);
  });

  it("narrows a name by the birth year or day typed beside it, and finds by either alone", async () => {
    // The household helper gives its members birth days 15.05.1980, 15.05.1981, …
    expect(await people(clerk, "Асанов Бакыт 1980")).toEqual(["Асанов Бакыт"]);
    expect(await people(clerk, "Асанов 1981")).toEqual(["Асанова Гүлнара"]);
    expect(await people(clerk, "15.05.1981 Асанова")).toEqual(["Асанова Гүлнара"]);
    expect(await people(clerk, "Асанов Бакыт 1999")).toEqual([]);
    expect(await heads(clerk, "Гүлнара 1981")).toEqual(["Асанов Бакыт"]);
    expect(await heads(clerk, "Гүлнара 1999")).toEqual([]);
    // A year alone: the people born in it; a day that is none matches no one.
    expect(await people(clerk, "1981")).toEqual(["Асанова Гүлнара", "Мамытова Жылдыз"]);
    expect(await heads(clerk, "15.05.1981")).toEqual(["Асанов Бакыт", "Мамытов Бакыт"]);
    expect(await people(clerk, "Асанов 31.02.1980")).toEqual([]);
  });

  it("takes a name that someone here bears as typed, not as the start of longer names", async () => {
    // Айбек is Токтосунов's name: the households it finds are his, not Айбеков's.
    expect(await people(clerk, "Айбек")).toEqual(["Токтосунов Айбек"]);
    expect(await heads(clerk, "Айбек")).toEqual(["Токтосунов Айбек"]);
  });
});
