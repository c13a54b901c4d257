import { inArray, sql } from "drizzle-orm";
import { uuidv7 } from "uuidv7";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_TIME_ZONE } from "../../src/domain/shared/local-time.js";
import { withSystem, withTenant } from "../../src/server/platform/transactions.js";
import { canalReach, irrigatedPlot } from "../../src/server/water/tables.js";
import {
  applyMigration,
  type Client,
  householdOfOne,
  login,
  seedAimak,
  seedOrganisation,
  startTestApp,
  type TestApp,
} from "../support/app.js";
import { pdfText } from "../support/pdf-text.js";
import { seedWuaWithStaff } from "../support/wua-fixtures.js";

const AIMAK = "41703220980000";
const OTHER_AIMAK = "41703220970000";

/** A head reach, a main canal and outlets: the network area's own API is not needed for these tests. */
async function seedOutlets(t: TestApp, orgId: string, codes: string[]) {
  return withSystem(t.database, async (tx) => {
    const head = uuidv7();
    const main = uuidv7();
    const base = { orgId, capacityLps: 500, efficiency: 0.9 };
    await tx.insert(canalReach).values([
      { id: head, code: `H-${orgId.slice(-4)}`, name: "Башкы", kind: "head", parentId: null, ...base },
      { id: main, code: `MK-${orgId.slice(-4)}`, name: "Чоң арык", kind: "main", parentId: head, ...base },
      ...codes.map((code) => ({
        id: uuidv7(),
        code,
        name: `Суу бөлгүч ${code}`,
        kind: "outlet" as const,
        parentId: main,
        ...base,
        capacityLps: 50,
      })),
    ]);
    return { headId: head, mainId: main };
  });
}

describe("water users, links to the register, plots, seasons and contracts", () => {
  let t: TestApp;
  let villages: string[];
  let otherVillages: string[];
  let wua: Client;
  let mirab: Client;
  let wua2: Client;
  let clerk: Client;
  let muniAdmin: Client;
  let wuaAdminOrg: string;
  let wuaUserId: string;
  let muniOrgId: string;
  let mainReachId: string;
  let outlets: { id: string; code: string }[];

  beforeAll(async () => {
    t = await startTestApp();
    ({ villageCodes: villages } = await seedAimak(t.database, AIMAK, 3));
    ({ villageCodes: otherVillages } = await seedAimak(t.database, OTHER_AIMAK, 1));
    const m = await seedOrganisation(t.database, {
      adminUnitCode: AIMAK,
      users: { clerk: ["clerk"], admin: ["administrator", "head"] },
    });
    muniOrgId = m.org.id;
    const w = await seedWuaWithStaff(
      t,
      { director: ["wua-director", "administrator"], mirab: ["water-master"] },
      { adminUnitCode: AIMAK, villageCodes: villages.slice(0, 2) },
    );
    wuaAdminOrg = w.org.id;
    wuaUserId = w.users.director.id;
    const w2 = await seedWuaWithStaff(
      t,
      { director: ["wua-director", "administrator"] },
      { adminUnitCode: AIMAK, villageCodes: villages },
    );
    ({ mainId: mainReachId } = await seedOutlets(t, w.org.id, ["O-1", "O-2", "O-3"]));
    ({ director: wua, mirab } = w.as);
    wua2 = w2.as.director;
    clerk = await login(t.app, m.users.clerk!.username);
    muniAdmin = await login(t.app, m.users.admin!.username);
    outlets = (await wua.get("/api/water/outlets")).json();
  });
  afterAll(() => t.close());

  const person = (over: Record<string, unknown> = {}) => ({
    kind: "person",
    surname: "Жээнбеков",
    givenName: "Азамат",
    patronymic: "Кубатович",
    pin: "21505198012345",
    villageCode: villages[0],
    phone: "0555 12 34 56",
    locale: "ky",
    ...over,
  });

  describe("water users", () => {
    it("registers people and legal entities, numbered per provider, phone in E.164", async () => {
      const a = await wua.post("/api/water/users", person());
      expect(a.statusCode, a.body).toBe(201);
      expect(a.json()).toMatchObject({
        number: 1,
        displayName: "Жээнбеков Азамат Кубатович",
        phone: "+996555123456",
        member: true,
      });
      const school = await wua.post("/api/water/users", {
        kind: "legal-entity",
        legalName: "№ 3 мектеп",
        legalEntityKind: "school",
        taxId: "01234567890123",
        member: false,
        villageCode: villages[1],
      });
      expect(school.statusCode, school.body).toBe(201);
      expect(school.json()).toMatchObject({ number: 2, kind: "legal-entity", pin: null, surname: null });
      // Another provider numbers its own users from 1.
      const other = await wua2.post("/api/water/users", person({ pin: null }));
      expect(other.json().number).toBe(1);
    });

    it("numbers a new user past the highest number in use when the counter is behind the table, gap-free, never a 500", async () => {
      const provider = await seedWuaWithStaff(
        t,
        { director: ["wua-director"] },
        { adminUnitCode: AIMAK, villageCodes: villages.slice(0, 1) },
      );
      const director = provider.as.director;
      const add = (surname: string) => director.post("/api/water/users", person({ pin: null, surname }));
      for (const surname of ["Асанов", "Бакиров", "Касымов"])
        expect((await add(surname)).statusCode).toBe(201);
      // Users brought in with their numbers, or a counter put back: it is now behind the table.
      const setCounter = (to: number | null) =>
        withSystem(t.database, (tx) =>
          to === null
            ? tx.execute(
                sql`delete from water_counter where org_id = ${provider.org.id} and series = 'water-user'`,
              )
            : tx.execute(
                sql`update water_counter set last = ${to} where org_id = ${provider.org.id} and series = 'water-user'`,
              ),
        );
      await setCounter(1);
      const [fourth, fifth] = await Promise.all([add("Токтогулов"), add("Уметов")]);
      expect(fourth!.statusCode, fourth!.body).toBe(201);
      expect(fifth!.statusCode, fifth!.body).toBe(201);
      expect([fourth!.json().number, fifth!.json().number].sort()).toEqual([4, 5]);
      // A provider whose counter is gone while its users remain.
      await setCounter(null);
      const sixth = await add("Жумабаев");
      expect(sixth.statusCode, sixth.body).toBe(201);
      expect(sixth.json().number).toBe(6);
      // A counter ahead of the table is kept: a number once given is not given again.
      await setCounter(9);
      expect((await add("Осмонов")).json().number).toBe(10);
      const numbers = (await director.get("/api/water/users?pageSize=100"))
        .json()
        .items.map((u: { number: number }) => u.number);
      expect(numbers).toEqual([1, 2, 3, 4, 5, 6, 10]);
    });

    it("refuses a bad PIN, Latin names, a bad phone and a village the provider does not serve, all at once", async () => {
      const res = await wua.post(
        "/api/water/users",
        person({ pin: "12345", surname: "Zheenbekov", phone: "12", villageCode: villages[2] }),
        { "accept-language": "ru" },
      );
      expect(res.statusCode).toBe(400);
      // Field checks come first; the village is checked once the identity is valid.
      expect(
        res
          .json()
          .errors.map((e: { code: string }) => e.code)
          .sort(),
      ).toEqual(["cyrillicName", "phoneInvalid", "pinInvalid"]);
      const village = await wua.post("/api/water/users", person({ pin: null, villageCode: villages[2] }), {
        "accept-language": "en",
      });
      expect(village.statusCode).toBe(400);
      expect(village.json().errors[0]).toMatchObject({ code: "villageNotServed" });
      expect(village.json().errors[0].message).toContain(villages[2]);
      const dup = await wua.post("/api/water/users", person());
      expect(dup.statusCode).toBe(422);
      expect(dup.json().code).toBe("water.pinTaken");
    });

    it("finds users by Cyrillic or Latin name, PIN and number, filters by kind, membership and village, pages", async () => {
      for (const [i, name] of ["Асанов", "Осмонова", "Токтогулов"].entries())
        await wua.post(
          "/api/water/users",
          person({ surname: name, pin: null, member: i !== 1, villageCode: villages[1] }),
        );
      const q = async (query: string) =>
        (await wua.get(`/api/water/users?${query}`))
          .json()
          .items.map((u: { displayName: string }) => u.displayName);
      expect(await q("q=jeenbekov")).toEqual(["Жээнбеков Азамат Кубатович"]);
      expect(await q("q=Жээн")).toEqual(["Жээнбеков Азамат Кубатович"]);
      expect(await q("q=21505198012345")).toEqual(["Жээнбеков Азамат Кубатович"]);
      expect(await q("q=2")).toEqual(["№ 3 мектеп"]);
      expect(await q("kind=legal-entity")).toEqual(["№ 3 мектеп"]);
      expect(await q("member=false")).toEqual(["№ 3 мектеп", "Осмонова Азамат Кубатович"]);
      expect((await q(`villageCode=${villages[1]}`)).length).toBe(4);
      const page = (await wua.get("/api/water/users?pageSize=2&page=2")).json();
      expect(page).toMatchObject({ page: 2, pageSize: 2, hasMore: true });
      expect(page.items).toHaveLength(2);
    });

    it("edits with the version read, refuses a stale one, archives and restores", async () => {
      const [u] = (await wua.get("/api/water/users?q=Асанов")).json().items;
      const ok = await wua.patch(`/api/water/users/${u.id}`, {
        version: u.version,
        phone: "+996 700 11 22 33",
      });
      expect(ok.statusCode, ok.body).toBe(200);
      expect(ok.json().phone).toBe("+996700112233");
      const stale = await wua.patch(`/api/water/users/${u.id}`, { version: u.version, member: false });
      expect(stale.statusCode).toBe(409);
      expect(stale.json().code).toBe("conflict.version");
      const archived = await wua.patch(`/api/water/users/${u.id}`, {
        version: u.version + 1,
        archivedOn: "2026-03-01",
      });
      expect(archived.json().archivedOn).toBe("2026-03-01");
      expect((await wua.get("/api/water/users?q=Асанов")).json().items).toEqual([]);
      expect((await wua.get("/api/water/users?q=Асанов&archived=yes")).json().items).toHaveLength(1);
      const audit = (await wua.get(`/api/audit?entity=water_user&entityId=${u.id}`)).json().items;
      expect(audit.map((a: { action: string }) => a.action)).toEqual(["archive", "update", "create"]);
    });

    it("lets a water master read but not write, and keeps the municipality's clerk out", async () => {
      expect((await mirab.get("/api/water/users")).statusCode).toBe(200);
      const res = await mirab.post("/api/water/users", person({ pin: null }));
      expect(res.statusCode).toBe(403);
      expect((await clerk.get("/api/water/users")).statusCode).toBe(403);
      // An organisation that is not a water provider keeps no water register.
      expect((await muniAdmin.get("/api/water/seasons")).json()).toEqual([]);
      const season = { year: 2026, name: "Жаз", startsOn: "2026-04-01", endsOn: "2026-09-30" };
      expect((await muniAdmin.post("/api/water/seasons", season)).json().code).toBe("water.notAProvider");
      expect((await muniAdmin.post("/api/water/users", person({ pin: null }))).json().code).toBe(
        "water.notAProvider",
      );
    });

    it("shows another provider nothing of these users", async () => {
      const mine = (await wua.get("/api/water/users?archived=all")).json().items;
      const theirs = (await wua2.get("/api/water/users?archived=all&pageSize=100")).json().items;
      expect(theirs.map((u: { id: string }) => u.id)).not.toContain(mine[0].id);
      expect((await wua2.get(`/api/water/users/${mine[0].id}`)).statusCode).toBe(404);
      expect(
        (await wua2.patch(`/api/water/users/${mine[0].id}`, { version: 1, member: false })).statusCode,
      ).toBe(404);
    });
  });

  describe("seasons, plots and contracts", () => {
    let seasonId: string;
    let userId: string;
    let plotId: string;

    it("opens seasons and refuses reversed dates and a repeated name", async () => {
      const res = await wua.post("/api/water/seasons", {
        year: 2026,
        name: "Вегетация 2026",
        startsOn: "2026-04-01",
        endsOn: "2026-09-30",
      });
      expect(res.statusCode, res.body).toBe(201);
      seasonId = res.json().id;
      const reversed = await wua.post("/api/water/seasons", {
        year: 2026,
        name: "Күз",
        startsOn: "2026-10-01",
        endsOn: "2026-09-30",
      });
      expect(reversed.statusCode).toBe(400);
      expect(reversed.json().errors[0].code).toBe("rangeReversed");
      // On other days: the same days are refused as overlapping (water-refusals.int.test.ts).
      const again = await wua.post("/api/water/seasons", {
        year: 2027,
        name: "Вегетация 2026",
        startsOn: "2027-04-01",
        endsOn: "2027-09-30",
      });
      expect(again.statusCode).toBe(409);
      expect((await wua.get("/api/water/seasons")).json().map((s: { name: string }) => s.name)).toEqual([
        "Вегетация 2026",
      ]);
    });

    it("adds plots on outlets, refuses a canal that is not an outlet and a malformed polygon, ends a plot", async () => {
      const [u] = (await wua.get("/api/water/users?q=Токтогулов")).json().items;
      userId = u.id;
      const polygon = {
        type: "Polygon",
        coordinates: [
          [
            [72.9, 41.1],
            [72.91, 41.1],
            [72.91, 41.11],
            [72.9, 41.1],
          ],
        ],
      };
      const res = await wua.post(`/api/water/users/${userId}/plots`, {
        outletId: outlets[0]!.id,
        areaHa: 2.5,
        tenure: "own",
        cadastralNumber: "4-03-22-0001",
        geometry: polygon,
      });
      expect(res.statusCode, res.body).toBe(201);
      plotId = res.json().id;
      expect(res.json()).toMatchObject({ areaHa: 2.5, villageCode: villages[1], geometry: polygon });
      const notOutlet = await wua.post(`/api/water/users/${userId}/plots`, {
        outletId: mainReachId,
        areaHa: 1,
        tenure: "lease",
      });
      expect(notOutlet.statusCode).toBe(400);
      expect(notOutlet.json().errors[0].code).toBe("notAnOutletOfProvider");
      // A cadastral number is checked as the register's land plots' are (it was taken as typed).
      const notCadastral = await wua.post(`/api/water/users/${userId}/plots`, {
        outletId: outlets[1]!.id,
        areaHa: 1,
        tenure: "lease",
        cadastralNumber: "abc",
      });
      expect(notCadastral.statusCode).toBe(400);
      expect(notCadastral.json().errors).toEqual([
        expect.objectContaining({ path: "cadastralNumber", code: "cadastralNumberForm" }),
      ]);
      const open = {
        ...polygon,
        coordinates: [
          [
            [72.9, 41.1],
            [72.91, 41.1],
            [72.91, 41.11],
            [72.92, 41.2],
          ],
        ],
      };
      const bad = await wua.post(`/api/water/users/${userId}/plots`, {
        outletId: outlets[1]!.id,
        areaHa: 1,
        tenure: "lease",
        geometry: open,
      });
      expect(bad.statusCode).toBe(400);
      expect(bad.json().errors[0]).toMatchObject({ path: "geometry", code: "geometryInvalid" });
      const leased = await wua.post(`/api/water/users/${userId}/plots`, {
        outletId: outlets[1]!.id,
        areaHa: 1,
        tenure: "lease",
      });
      const plotUrl = `/api/water/plots/${leased.json().id}`;
      const edited = await wua.patch(plotUrl, {
        version: 1,
        areaHa: 1.25,
        tenure: "own",
        outletId: outlets[0]!.id,
        cadastralNumber: " 4-03-22 – 0002 ",
      });
      expect(edited.statusCode, edited.body).toBe(200);
      expect(edited.json()).toMatchObject({
        areaHa: 1.25,
        tenure: "own",
        outletId: outlets[0]!.id,
        cadastralNumber: "4-03-22-0002",
        version: 2,
      });
      const stale = await wua.patch(plotUrl, { version: 1, areaHa: 3 });
      expect(stale.statusCode).toBe(409);
      expect(stale.json().code).toBe("conflict.version");
      const back = await wua.patch(plotUrl, { version: 2, outletId: outlets[1]!.id, tenure: "lease" });
      expect(back.statusCode, back.body).toBe(200);
      const ended = await wua.patch(plotUrl, {
        version: 3,
        endedOn: "2026-02-01",
      });
      expect(ended.statusCode, ended.body).toBe(200);
      const card = (await wua.get(`/api/water/users/${userId}`)).json();
      expect(
        card.plots.map((p: { outletCode: string; endedOn: string | null }) => [p.outletCode, p.endedOn]),
      ).toEqual([
        ["O-1", null],
        ["O-2", "2026-02-01"],
      ]);
      const audit = (await wua.get(`/api/audit?entity=irrigated_plot&entityId=${leased.json().id}`)).json()
        .items;
      expect(audit.map((a: { action: string }) => a.action)).toEqual(["end", "update", "update", "create"]);
      expect(audit[2].before.areaHa).toBe(1);
      expect(audit[2].after.areaHa).toBe(1.25);
    });

    it("drafts, signs, refuses to edit a signed contract, amends it (numbered past the highest in use) and terminates the old one on signing", async () => {
      const wrong = await wua.post("/api/water/contracts", {
        seasonId,
        waterUserId: userId,
        plots: [{ plotId, cropCode: "tobacco", areaHa: 3 }],
      });
      expect(wrong.statusCode).toBe(400);
      expect(wrong.json().errors.map((e: { code: string }) => e.code)).toEqual([
        "unknownCrop",
        "areaExceedsPlot",
      ]);
      const draft = await wua.post("/api/water/contracts", {
        seasonId,
        waterUserId: userId,
        plots: [
          { plotId, cropCode: "maize-grain", areaHa: 1.5 },
          { plotId, cropCode: "potato", areaHa: 1 },
        ],
      });
      expect(draft.statusCode, draft.body).toBe(201);
      const c = draft.json();
      expect(c).toMatchObject({ number: "2026-000001", status: "draft", tariffClass: "member" });
      // The membership class is printed by its name in the contract's language, not as its code.
      const classPrinted = async (lang: string) =>
        pdfText((await wua.get(`/api/water/contracts/${c.id}/pdf?lang=${lang}`)).rawPayload)
          .join("\n")
          .match(/(?:Тарифтик класс|Тарифный класс): (.*)/)?.[1];
      expect(await classPrinted("ky")).toBe("мүчө");
      expect(await classPrinted("ru")).toBe("член ассоциации");
      const edited = await wua.patch(`/api/water/contracts/${c.id}`, { version: 1, tariffClass: "orchard" });
      expect(edited.json().tariffClass).toBe("orchard");
      const signed = await wua.post(`/api/water/contracts/${c.id}/sign`, {
        version: 2,
        signedOn: "2026-03-15",
      });
      expect(signed.statusCode, signed.body).toBe(200);
      expect(signed.json()).toMatchObject({ status: "signed", signedOn: "2026-03-15" });
      const locked = await wua.patch(`/api/water/contracts/${c.id}`, { version: 3, tariffClass: "x" });
      expect(locked.statusCode).toBe(422);
      expect(locked.json().code).toBe("water.contractNotDraft");
      const second = await wua.post("/api/water/contracts", {
        seasonId,
        waterUserId: userId,
        plots: [{ plotId, cropCode: "maize-grain", areaHa: 1 }],
      });
      expect(second.json().code).toBe("water.contractSigned");

      // A counter put back (restored apart from the contracts): the next number follows the
      // highest in use, where the unique index refused a number in use as a 500.
      await withSystem(t.database, (tx) =>
        tx.execute(
          sql`update water_counter set last = 0 where org_id = ${wuaAdminOrg} and series = 'contract:2026'`,
        ),
      );
      const amendment = await wua.post(`/api/water/contracts/${c.id}/amend`);
      expect(amendment.statusCode, amendment.body).toBe(201);
      const a = amendment.json();
      expect(a).toMatchObject({
        number: "2026-000002",
        status: "draft",
        supersedesId: c.id,
        tariffClass: "orchard",
      });
      await wua.patch(`/api/water/contracts/${a.id}`, {
        version: 1,
        plots: [{ plotId, cropCode: "winter-wheat", areaHa: 2.5 }],
      });
      const signedAmendment = await wua.post(`/api/water/contracts/${a.id}/sign`, {
        version: 2,
        signedOn: "2026-05-01",
      });
      expect(signedAmendment.statusCode, signedAmendment.body).toBe(200);
      const old = (await wua.get(`/api/water/contracts/${c.id}`)).json();
      expect(old).toMatchObject({
        status: "terminated",
        terminatedOn: "2026-05-01",
        supersededBy: { number: "2026-000002" },
      });
      expect(old.lines.map((l: { cropCode: string }) => l.cropCode)).toEqual(["maize-grain", "potato"]);
      const list = (await wua.get(`/api/water/contracts?seasonId=${seasonId}`)).json().items;
      expect(
        list.map((x: { number: string; status: string; areaHa: number }) => [x.number, x.status, x.areaHa]),
      ).toEqual([
        ["2026-000002", "signed", 2.5],
        ["2026-000001", "terminated", 2.5],
      ]);
      const pdf = await wua.get(`/api/water/contracts/${a.id}/pdf?lang=ru`);
      expect(pdf.statusCode).toBe(200);
      expect(pdf.headers["content-type"]).toBe("application/pdf");
      expect(pdf.rawPayload.subarray(0, 5).toString()).toBe("%PDF-");
      expect(pdf.rawPayload.length).toBeGreaterThan(10_000);
      // A Russian contract prints the provider's Russian address; a Kyrgyz one the Kyrgyz.
      const profile = (await wua.get("/api/organisation")).json();
      const saved = await wua.patch("/api/organisation", {
        version: profile.version,
        details: {
          ...profile.details,
          address: "Көк-Арт айылы, Ленин көчөсү, 5",
          addressRu: "с. Кок-Арт, ул. Ленина, 5",
        },
      });
      expect(saved.statusCode, saved.body).toBe(200);
      const printed = async (lang: string) =>
        pdfText((await wua.get(`/api/water/contracts/${a.id}/pdf?lang=${lang}`)).rawPayload).join("\n");
      const russian = await printed("ru");
      expect(russian).toContain("с. Кок-Арт, ул. Ленина, 5");
      expect(russian).not.toContain("Ленин көчөсү");
      expect(await printed("ky")).toContain("Көк-Арт айылы, Ленин көчөсү, 5");
      // A class of the association's own is printed as written.
      expect(await printed("ky")).toContain("Тарифтик класс: orchard");
      const audit = (await wua.get(`/api/audit?entity=water_contract&entityId=${c.id}`)).json().items;
      expect(audit.map((r: { action: string }) => r.action)).toEqual([
        "terminate",
        "sign",
        "update",
        "create",
      ]);
      expect((await wua2.get(`/api/water/contracts/${c.id}/pdf`)).statusCode).toBe(404);
    });

    it("writes the cadastral numbers its plots were given before the rule as the form reads them (migration 0045), each a new version, and leaves a user's two in force that would be one", async () => {
      const plot = (cadastralNumber: string, endedOn: string | null = null) => ({
        id: uuidv7(),
        orgId: wuaAdminOrg,
        waterUserId: userId,
        outletId: outlets[0]!.id,
        cadastralNumber,
        areaHa: 0.5,
        tenure: "own" as const,
        endedOn,
      });
      // Two of the user's plots in force that would be one number: a network file could not tell them apart.
      const spaced = plot(" 4-03-23 – 0001 ");
      const twins = [plot("4-03-23-0002 "), plot(" 4-03-23-0002")];
      const ended = plot("4-03-23 -0002", "2025-01-01");
      const plots = [spaced, ...twins, ended];
      await withSystem(t.database, (tx) => tx.insert(irrigatedPlot).values(plots));

      await applyMigration(t.database, "0045_normalize_cadastral_numbers.sql");
      const stored = new Map(
        (
          await withSystem(t.database, (tx) =>
            tx
              .select()
              .from(irrigatedPlot)
              .where(
                inArray(
                  irrigatedPlot.id,
                  plots.map((p) => p.id),
                ),
              ),
          )
        ).map((p) => [p.id, [p.cadastralNumber, p.version]]),
      );
      expect(plots.map((p) => stored.get(p.id))).toEqual([
        ["4-03-23-0001", 2],
        ["4-03-23-0002 ", 1],
        [" 4-03-23-0002", 1],
        ["4-03-23-0002", 2],
      ]);
    });
  });

  describe("the link to the municipality's register", () => {
    let householdId: string;
    let personId: string;
    let waterUserId: string;
    let linkId: string;

    beforeAll(async () => {
      const h = await clerk.post("/api/registry/households", {
        villageCode: villages[0],
        street: "Сырдуу көчө",
        house: "7",
        formedOn: "2015-01-01",
        members: [
          {
            relation: "head",
            person: {
              surname: "Сапарова",
              givenName: "Айжан",
              patronymic: "Бекболотовна",
              sex: "female",
              birthDate: "1975-03-02",
              pin: "10203197500111",
              disabilityGroup: "2",
            },
          },
        ],
      });
      expect(h.statusCode, h.body).toBe(201);
      householdId = h.json().id;
      personId = (await clerk.get(`/api/registry/households/${householdId}`)).json().members[0].id;
      const u = await wua.post(
        "/api/water/users",
        person({
          surname: "Сапарова",
          givenName: "Айжан",
          patronymic: "Бекболотовна",
          pin: "10203197500111",
        }),
      );
      waterUserId = u.json().id;
    });

    it("suggests the person by PIN with only name, birth year and village", async () => {
      const res = await wua.get(`/api/water/users/${waterUserId}/link-suggestions`);
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toEqual([
        {
          personId,
          municipalityOrgId: muniOrgId,
          municipalityName: expect.any(Object),
          name: "Сапарова Айжан Бекболотовна",
          birthYear: 1975,
          villageCode: villages[0],
        },
      ]);
      expect(res.body).not.toContain("Сырдуу");
      expect(res.body).not.toContain("1975-03-02");
    });

    it("answers a PIN only with the surname and given name the provider already holds", async () => {
      // The user's own names are changed for each question and put back after.
      const suggestionsFor = async (names: { surname: string; givenName: string }) => {
        const { version } = (await wua.get(`/api/water/users/${waterUserId}`)).json();
        const renamed = await wua.patch(`/api/water/users/${waterUserId}`, { ...names, version });
        expect(renamed.statusCode, renamed.body).toBe(200);
        const res = await wua.get(`/api/water/users/${waterUserId}/link-suggestions`);
        expect(res.statusCode, res.body).toBe(200);
        return res.json().map((c: { personId: string }) => c.personId);
      };
      // The register's name is not given away for a PIN under another name, nor a given name alone.
      expect(await suggestionsFor({ surname: "Токтогулов", givenName: "Азамат" })).toEqual([]);
      expect(await suggestionsFor({ surname: "Токтогулова", givenName: "Айжан" })).toEqual([]);
      // Written as a search folds it (case, a doubled letter), it is the same name.
      expect(await suggestionsFor({ surname: "САПАРОВА", givenName: "Айжаан" })).toEqual([personId]);
      expect(await suggestionsFor({ surname: "Сапарова", givenName: "Айжан" })).toEqual([personId]);
    });

    it("suggests by name and birth date when the user has no PIN, and asks for the date otherwise", async () => {
      const u = await wua.post(
        "/api/water/users",
        person({ surname: "Сапарова", givenName: "Айжан", patronymic: "Бекболотовна", pin: null }),
      );
      const id = u.json().id;
      const noDate = await wua.get(`/api/water/users/${id}/link-suggestions`);
      expect(noDate.statusCode).toBe(400);
      expect(noDate.json().errors[0].code).toBe("birthDateForLink");
      const wrongDate = await wua.get(`/api/water/users/${id}/link-suggestions?birthDate=1975-03-03`);
      expect(wrongDate.json()).toEqual([]);
      const right = await wua.get(`/api/water/users/${id}/link-suggestions?birthDate=1975-03-02`);
      expect(right.json().map((c: { personId: string }) => c.personId)).toEqual([personId]);
      // Not a suggestion: a person of the register who does not match cannot be proposed.
      const school = (await wua.get("/api/water/users?kind=legal-entity")).json().items[0];
      expect((await wua.post(`/api/water/users/${school.id}/link`, { personId })).json().code).toBe(
        "water.linkOnlyForPersons",
      );
    });

    it("proposes; the clerk sees it, must give a reason to refuse, and confirms", async () => {
      const stranger = await wua.post(`/api/water/users/${waterUserId}/link`, { personId: uuidv7() });
      expect(stranger.statusCode).toBe(422);
      expect(stranger.json().code).toBe("water.notASuggestion");
      const res = await wua.post(`/api/water/users/${waterUserId}/link`, { personId });
      expect(res.statusCode, res.body).toBe(201);
      linkId = res.json().id;
      expect(res.json().status).toBe("proposed");
      expect((await wua.post(`/api/water/users/${waterUserId}/link`, { personId })).json().code).toBe(
        "water.linkExists",
      );
      // Proposed, not yet confirmed: no flags cross over.
      expect((await wua.get(`/api/water/users/${waterUserId}`)).json().link).toMatchObject({
        status: "proposed",
        flags: [],
      });

      const pending = (await clerk.get("/api/registry/link-proposals")).json();
      expect(pending).toHaveLength(1);
      expect(pending[0]).toMatchObject({
        id: linkId,
        status: "proposed",
        waterUser: { displayName: "Сапарова Айжан Бекболотовна", pin: "10203197500111" },
        person: { id: personId, householdId, birthDate: "1975-03-02" },
      });
      const noReason = await clerk.post(`/api/registry/link-proposals/${linkId}/decision`, {
        decision: "refuse",
        version: 1,
      });
      expect(noReason.statusCode).toBe(400);
      // The provider cannot decide its own proposal, even with an administrator's roles.
      expect(
        (
          await mirab.post(`/api/registry/link-proposals/${linkId}/decision`, {
            decision: "confirm",
            version: 1,
          })
        ).statusCode,
      ).toBe(403);
      expect(
        (
          await wua.post(`/api/registry/link-proposals/${linkId}/decision`, {
            decision: "confirm",
            version: 1,
          })
        ).statusCode,
      ).toBe(404);
      const confirmed = await clerk.post(`/api/registry/link-proposals/${linkId}/decision`, {
        decision: "confirm",
        version: 1,
      });
      expect(confirmed.statusCode, confirmed.body).toBe(200);
      expect(confirmed.json().status).toBe("confirmed");
      expect((await clerk.get("/api/registry/link-proposals")).json()).toEqual([]);
      expect((await clerk.get("/api/registry/link-proposals?status=confirmed")).json()).toHaveLength(1);
    });

    it("shows the provider the household's flags with their dates, and nothing else of the register", async () => {
      const card = await wua.get(`/api/water/users/${waterUserId}`);
      const link = card.json().link;
      expect(link.status).toBe("confirmed");
      expect(link.flags.length).toBeGreaterThan(0);
      for (const flag of link.flags) expect(Object.keys(flag).sort()).toEqual(["code", "label", "setOn"]);
      expect(link.flags.map((f: { code: string }) => f.code)).toContain("female-headed");
      expect(link.flags[0].setOn).toBe("2015-01-01");
      expect(card.body).not.toContain(householdId);
      expect(card.body).not.toContain(personId);
      expect(card.body).not.toContain("Сырдуу");
      // The register's routes stay closed to the provider's staff (its administrator finds nothing
      // in them), and its database rows stay invisible.
      for (const url of [
        `/api/registry/households/${householdId}`,
        `/api/registry/people/${personId}`,
        "/api/registry/households",
        "/api/registry/people?q=Сапарова",
      ]) {
        expect((await mirab.get(url)).statusCode, url).toBe(403);
        const asAdmin = await wua.get(url);
        expect(asAdmin.body, url).not.toContain("Сапарова");
        expect(asAdmin.body, url).not.toContain(personId);
      }
      const seen = await withTenant(
        t.database,
        {
          userId: wuaUserId,
          username: "w",
          orgId: wuaAdminOrg,
          roles: ["administrator"],
          readOrgIds: [wuaAdminOrg],
          timeZone: DEFAULT_TIME_ZONE,
        },
        async (tx) => {
          const count = async (table: string) =>
            (
              (await tx.execute(sql.raw(`select count(*)::int as n from ${table}`))) as unknown as {
                rows: { n: number }[];
              }
            ).rows[0]!.n;
          return {
            person: await count("person"),
            household: await count("household"),
            household_flag: await count("household_flag"),
            household_member: await count("household_member"),
          };
        },
      );
      expect(seen).toEqual({ person: 0, household: 0, household_flag: 0, household_member: 0 });
    });

    it("shares no flags of a person who has died, even when the membership records no end (an imported record)", async () => {
      const { flagCodesOfLinkedPeople } = await import("../../src/server/registry/shared-flags.js");
      const linked = [{ municipalityOrgId: muniOrgId, personId }];
      const codes = () => flagCodesOfLinkedPeople(t.database, linked, "2025-06-01");
      const flagsSeen = async () => (await wua.get(`/api/water/users/${waterUserId}`)).json().link.flags;
      expect((await codes()).get(`${muniOrgId}:${personId}`)).toContain("female-headed");
      const died = (on: string | null) =>
        withSystem(t.database, (tx) =>
          tx.execute(sql`update person set death_date = ${on} where id = ${personId}`),
        );
      await died("2020-01-01");
      try {
        expect(await codes()).toEqual(new Map());
        expect(await flagsSeen()).toEqual([]);
      } finally {
        await died(null);
      }
      expect((await flagsSeen()).length).toBeGreaterThan(0);
    });

    it("keeps the link out of another provider's sight", async () => {
      expect((await wua2.get(`/api/water/users/${waterUserId}`)).statusCode).toBe(404);
      const end = await wua2.post(`/api/water/links/${linkId}/end`, { reason: "x", version: 2 });
      expect(end.statusCode).toBe(404);
      expect((await wua2.get(`/api/water/users/${waterUserId}/link-suggestions`)).statusCode).toBe(404);
    });

    it("records every step in both organisations' audit trails", async () => {
      const trail = async (c: Client) =>
        (await c.get(`/api/audit?entity=water_user_link&entityId=${linkId}`))
          .json()
          .items.map((r: { action: string }) => r.action);
      expect(await trail(wua)).toEqual(["confirmed", "propose"]);
      expect(await trail(muniAdmin)).toEqual(["confirmed", "propose"]);
      const verify = await muniAdmin.get("/api/audit/verify");
      expect(verify.json()).toMatchObject({ broken: [] });
    });

    it("lets the municipality end the link; the flags stop at once; a new proposal may follow", async () => {
      const ended = await clerk.post(`/api/registry/link-proposals/${linkId}/end`, {
        reason: "Келишим бузулду",
        version: 2,
      });
      expect(ended.statusCode, ended.body).toBe(200);
      const card = (await wua.get(`/api/water/users/${waterUserId}`)).json();
      expect(card.link).toMatchObject({ status: "ended", reason: "Келишим бузулду", flags: [] });
      const again = await wua.post(`/api/water/users/${waterUserId}/link`, { personId });
      expect(again.statusCode).toBe(201);
      const withdrawn = await wua.post(`/api/water/links/${again.json().id}/end`, {
        reason: "Ката",
        version: 1,
      });
      expect(withdrawn.json().status).toBe("ended");
    });

    it("offers nobody from a municipality whose villages the provider does not serve", async () => {
      const far = await seedOrganisation(t.database, {
        adminUnitCode: OTHER_AIMAK,
        users: { clerk: ["clerk"] },
      });
      const farClerk = await login(t.app, far.users.clerk!.username);
      await householdOfOne(farClerk, {
        villageCode: otherVillages[0]!,
        formedOn: "2015-01-01",
        head: {
          surname: "Алыс",
          givenName: "Адам",
          sex: "male",
          birthDate: "1970-01-01",
          pin: "20101197000999",
        },
      });
      const u = await wua.post(
        "/api/water/users",
        person({ surname: "Алыс", givenName: "Адам", patronymic: null, pin: "20101197000999" }),
      );
      expect((await wua.get(`/api/water/users/${u.json().id}/link-suggestions`)).json()).toEqual([]);
      expect((await farClerk.get("/api/registry/link-proposals?status=all")).json()).toEqual([]);
    });
  });
});
