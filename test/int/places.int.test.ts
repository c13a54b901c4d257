import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { importUnits, mergeUnits, renameUnit } from "../../src/server/places/service.js";
import { withSystem } from "../../src/server/platform/transactions.js";
import { rekeyVillage } from "../../src/server/registry/address-keys.js";
import {
  householdOfOne,
  login,
  seedAimak,
  seedOrganisation,
  startTestApp,
  type TestApp,
} from "../support/app.js";

describe("administrative units", () => {
  let t: TestApp;
  let c: Awaited<ReturnType<typeof login>>;
  beforeAll(async () => {
    t = await startTestApp();
    const seeded = await seedOrganisation(t.database, { users: { clerk: ["clerk"] } });
    c = await login(t.app, seeded.users.clerk!.username);
  });
  afterAll(() => t.close());

  it("has the 7 oblasts and 40 rayons of Kyrgyzstan, by СОАТЕ code", async () => {
    const oblasts = (await c.get("/api/places?level=oblast")).json();
    expect(oblasts).toHaveLength(7);
    expect(oblasts.map((o: { name: { ru: string } }) => o.name.ru)).toContain("Джалал-Абадская область");
    expect((await c.get("/api/places?level=rayon")).json()).toHaveLength(40);
    const jalalAbad = (await c.get("/api/places?parent=41703000000000")).json();
    expect(jalalAbad.map((r: { code: string }) => r.code)).toContain("41703220000000"); // Suzak
    expect(jalalAbad).toHaveLength(8);
  });

  it("lists the units of the codes asked for, those only (a page naming a few places)", async () => {
    const found = (await c.get("/api/places?codes=41703220000000,41703000000000,NO-SUCH")).json();
    expect(found.map((u: { code: string; name: { ky: string } }) => u.code)).toEqual([
      "41703000000000",
      "41703220000000",
    ]);
    expect(found[1].name.ky).toBeTruthy();
    const refused = await c.get("/api/places?codes=41703000000000;drop", { "accept-language": "ky" });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().errors[0].path).toBe("querystring.codes");
    expect(refused.json().title).not.toMatch(/[A-Za-z]{5}/);
  });

  it("resolves a village recorded before a merge of ayil aimaks, then and now", async () => {
    await withSystem(t.database, async (tx) => {
      await importUnits(tx, {
        source: "test",
        countryCode: "KG",
        validFrom: "2010-01-01",
        units: [
          { code: "T-AA-1", level: "ayil-aimak", parent: "41703220000000", name: { ky: "Биринчи" } },
          { code: "T-AA-2", level: "ayil-aimak", parent: "41703220000000", name: { ky: "Экинчи" } },
          { code: "T-V-2", level: "village", parent: "T-AA-2", name: { ky: "Көк-Жар" } },
        ],
      });
      await mergeUnits(tx, ["T-AA-1", "T-AA-2"], "T-AA-1", "2024-07-01");
    });
    const then = (await c.get("/api/places/T-V-2?date=2023-05-01")).json();
    expect(then.ancestorsOnDate.map((u: { code: string }) => u.code).slice(0, 2)).toEqual([
      "T-AA-2",
      "41703220000000",
    ]);
    const now = (await c.get("/api/places/T-V-2?date=2025-05-01")).json();
    expect(now.ancestorsOnDate[0].code).toBe("T-AA-1");
    const merged = (await c.get("/api/places/T-AA-2")).json();
    expect(merged.unit.successorCode).toBe("T-AA-1");
    expect(merged.current.code).toBe("T-AA-1");
    const listed = (await c.get("/api/places?parent=41703220000000"))
      .json()
      .map((u: { code: string }) => u.code);
    expect(listed).toContain("T-AA-1");
    expect(listed).not.toContain("T-AA-2");
  });

  it("adds another country's units as data, with no code change", async () => {
    await withSystem(t.database, (tx) =>
      importUnits(tx, {
        source: "test: Tajikistan",
        countryCode: "TJ",
        validFrom: "1991-09-09",
        units: [
          {
            code: "TJ-0",
            level: "country",
            parent: null,
            name: { tg: "Ҷумҳурии Тоҷикистон", ru: "Республика Таджикистан" },
          },
          { code: "TJ-RRP", level: "oblast", parent: "TJ-0", name: { tg: "Ноҳияҳои тобеи ҷумҳурӣ" } },
          { code: "TJ-RRP-J1", level: "ayil-aimak", parent: "TJ-RRP", name: { tg: "Ҷамоати Ғаллаобод" } },
        ],
      }),
    );
    const res = (await c.get("/api/places?parent=TJ-RRP")).json();
    expect(res).toEqual([expect.objectContaining({ code: "TJ-RRP-J1", name: { tg: "Ҷамоати Ғаллаобод" } })]);
  });
});

describe("a village renamed by law", () => {
  let t: TestApp;
  afterAll(() => t.close());

  it("is named anew from its day, keeps its old name before, and its households are found by either", async () => {
    t = await startTestApp();
    const aimak = "41703220980000";
    const { villageCodes } = await seedAimak(t.database, aimak, 1);
    const [village] = villageCodes as [string];
    const seeded = await seedOrganisation(t.database, { adminUnitCode: aimak, users: { clerk: ["clerk"] } });
    const clerk = await login(t.app, seeded.users.clerk!.username);
    const card = await householdOfOne(clerk, {
      villageCode: village,
      formedOn: "2015-01-01",
      head: { surname: "Орозов", givenName: "Марат", sex: "male", birthDate: "1975-05-05" },
    });
    const today = new Date().toISOString().slice(0, 10);
    const rename = (name: Record<string, string>, date: string) =>
      withSystem(t.database, async (tx) => {
        await renameUnit(tx, village, name, date, today);
        return rekeyVillage(tx, village);
      });
    expect(
      await rename({ ky: "Кара-Булак", ru: "Кара-Булак", en: "Kara-Bulak" }, "2023-04-01"),
    ).toBeGreaterThan(0);

    const [named] = (await clerk.get(`/api/places?codes=${village}`)).json();
    expect(named.name).toEqual({ ky: "Кара-Булак", ru: "Кара-Булак", en: "Kara-Bulak" });
    const nameOn = async (date: string) =>
      (await clerk.get(`/api/places/${village}?date=${date}`)).json().unit.name.ky;
    expect([await nameOn("2023-03-31"), await nameOn("2023-04-01")]).toEqual(["Айыл 1", "Кара-Булак"]);
    const villages = (await clerk.get("/api/registry/villages")).json();
    expect(villages.find((v: { code: string }) => v.code === village).name.ky).toBe("Кара-Булак");
    const found = async (q: string) =>
      (await clerk.get(`/api/registry/households?q=${encodeURIComponent(q)}`))
        .json()
        .items.map((h: { id: string }) => h.id);
    expect(await found("Кара-Булак")).toContain(card.id);
    expect(await found("Айыл 1")).toContain(card.id);

    // A day still to come, the same name, or a name without Russian: refused, nothing changed.
    const refused = async (name: Record<string, string>, date: string) => {
      try {
        await rename(name, date);
      } catch (error) {
        return (error as { code?: string }).code;
      }
      return null;
    };
    expect(await refused({ ky: "Жаңы", ru: "Новый" }, "2999-01-01")).toBe("places.renameAhead");
    expect(await refused({ ky: "Кара-Булак", ru: "Кара-Булак", en: "Kara-Bulak" }, "2024-01-01")).toBe(
      "places.sameName",
    );
    expect(await refused({ ky: "Жаңы" }, "2024-01-01")).toBe("places.renameNeedsKyRu");
    expect(await refused({ ky: "Жаңы", ru: "Новый" }, "2020-01-01")).toBe("places.laterVersion");
    expect((await clerk.get(`/api/places?codes=${village}`)).json()[0].name.ky).toBe("Кара-Булак");
  });
});
