import { eq } from "drizzle-orm";
import { uuidv7 } from "uuidv7";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readCadastralNumber } from "../../src/domain/registry/cadastral-number.js";
import { withSystem } from "../../src/server/platform/transactions.js";
import { searchPeopleIn } from "../../src/server/registry/search.js";
import { landPlot, lifeEvent, person as personTable } from "../../src/server/registry/tables.js";
import {
  applyMigration,
  type Client,
  login,
  seedAimak,
  seedOffice,
  seedOrganisation,
  startTestApp,
  type TestApp,
} from "../support/app.js";

const AIMAK = "41703220990000";

describe("the household register", () => {
  let t: TestApp;
  let clerk: Client;
  /** A clerk who reads Russian: messages come in the user's language. */
  let clerkRu: Client;
  let social: Client;
  let admin: Client;
  let wua: Client;
  let wuaAdmin: Client;
  let villages: string[];
  let municipalityId: string;

  const person = (over: Record<string, unknown> = {}) => ({
    surname: "Асанов",
    givenName: "Айбек",
    patronymic: "Нурланович",
    sex: "male",
    birthDate: "1980-05-15",
    ...over,
  });

  async function newHousehold(members: { relation: string; person: Record<string, unknown> }[], over = {}) {
    const res = await clerk.post("/api/registry/households", {
      villageCode: villages[0],
      street: "Ленин көчөсү",
      house: "12",
      formedOn: "2020-01-01",
      members,
      ...over,
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as { id: string; number: number; version: number };
  }
  /** A new household refused as bad input: each field's "code: message", keyed by its path. */
  async function refusal(who: Client, members: unknown[]) {
    const res = await who.post("/api/registry/households", {
      villageCode: villages[0],
      formedOn: "2020-01-01",
      members,
    });
    expect(res.statusCode, res.body).toBe(400);
    return Object.fromEntries(
      res
        .json()
        .errors.map((f: { path: string; code: string; message: string }) => [
          f.path,
          `${f.code}: ${f.message}`,
        ]),
    );
  }
  const card = async (id: string, asOf?: string) =>
    (await clerk.get(`/api/registry/households/${id}${asOf ? `?asOf=${asOf}` : ""}`)).json();

  beforeAll(async () => {
    t = await startTestApp();
    ({ villageCodes: villages } = await seedAimak(t.database, AIMAK, 3));
    const m = await seedOrganisation(t.database, {
      adminUnitCode: AIMAK,
      users: {
        clerk: ["clerk"],
        clerkRu: ["clerk"],
        social: ["social-worker"],
        admin: ["administrator", "head"],
      },
    });
    const w = await seedOrganisation(t.database, {
      kind: "water-provider",
      providerType: "wua",
      adminUnitCode: AIMAK,
      villageCodes: villages,
      users: { director: ["wua-director", "accountant", "water-master"], admin: ["administrator"] },
    });
    municipalityId = m.org.id;
    clerk = await login(t.app, m.users.clerk!.username);
    clerkRu = await login(t.app, m.users.clerkRu!.username);
    expect((await clerkRu.patch("/api/me", { locale: "ru" })).statusCode).toBe(200);
    social = await login(t.app, m.users.social!.username);
    admin = await login(t.app, m.users.admin!.username);
    wua = await login(t.app, w.users.director!.username);
    wuaAdmin = await login(t.app, w.users.admin!.username);
  });
  afterAll(() => t.close());

  it("registers a household with numbered members, Latin names derived and unknown PINs flagged", async () => {
    const h = await newHousehold([
      { relation: "head", person: person({ pin: "21505198012345" }) },
      {
        relation: "spouse",
        person: person({
          givenName: "Гүлнара",
          sex: "female",
          patronymic: "Асановна",
          birthDate: "1983-02-01",
        }),
      },
    ]);
    const c = await card(h.id);
    expect(c.members.map((m: { givenName: string; relation: string }) => [m.givenName, m.relation])).toEqual([
      ["Айбек", "head"],
      ["Гүлнара", "spouse"],
    ]);
    expect(c.members[0].nameLatin).toBe("Asanov Aibek Nurlanovich");
    expect(c.members[1].pinStatus).toBe("unknown");
    expect(c.events.map((e: { kind: string }) => e.kind)).toEqual(["household-formed"]);
  });

  it("keeps a name typed in small letters or with doubled spaces as the book writes it, and refuses one ending with a hyphen", async () => {
    const h = await newHousehold([
      {
        relation: "head",
        person: person({
          surname: "  өмүрбеков ",
          givenName: "нурлан",
          patronymic: "Асан   уулу",
          pin: null,
        }),
      },
    ]);
    const head = (await card(h.id)).members[0];
    expect([head.surname, head.givenName, head.patronymic, head.nameLatin]).toEqual([
      "Өмүрбеков",
      "Нурлан",
      "Асан уулу",
      "Omurbekov Nurlan Asan uulu",
    ]);
    const before = (await clerk.get("/api/registry/households?pageSize=100")).json().items.length;
    expect(
      await refusal(clerk, [
        { relation: "head", person: person({ givenName: "Нурлан-", patronymic: "Асан'" }) },
      ]),
    ).toEqual({
      "members.0.person.givenName":
        "nameEndsWithMark: Ат дефис же апостроф менен бүтпөйт: тамга менен бүтүшү керек",
      "members.0.person.patronymic":
        "nameEndsWithMark: Ат дефис же апостроф менен бүтпөйт: тамга менен бүтүшү керек",
    });
    expect((await clerk.get("/api/registry/households?pageSize=100")).json().items.length).toBe(before);
  });

  it("refuses a PIN that disagrees with sex or birth date, naming the field, and writes nothing", async () => {
    const before = (await clerk.get("/api/registry/households")).json().items.length;
    const res = await clerk.post("/api/registry/households", {
      villageCode: villages[0],
      formedOn: "2020-01-01",
      members: [
        {
          relation: "head",
          person: person({ pin: "11505198012345", birthDate: "1980-05-16", surname: "Smith" }),
        },
      ],
    });
    expect(res.statusCode).toBe(400);
    const codes = res.json().errors.map((f: { path: string; code: string }) => `${f.path}:${f.code}`);
    expect(codes).toEqual(
      expect.arrayContaining([
        "members.0.person.surname:cyrillicName",
        "members.0.person.pin:pinBirthDateMismatch",
        "members.0.person.pin:pinSexMismatch",
      ]),
    );
    expect((await clerk.get("/api/registry/households")).json().items.length).toBe(before);
    const localized = await clerk.post(
      "/api/registry/households",
      {
        villageCode: villages[0],
        formedOn: "2020-01-01",
        members: [{ relation: "spouse", person: person() }],
      },
      { "accept-language": "ru" },
    );
    expect(localized.statusCode).toBe(422);
  });

  it("names a field of the body the same way whether the schema or a rule of the register refuses it", async () => {
    const head = (over: Record<string, unknown>) => ({ relation: "head", person: person(over) });
    // An empty surname is the schema's refusal, a Latin one the register's rule: the same field.
    expect(Object.keys(await refusal(clerk, [head({ surname: "" })]))).toEqual(["members.0.person.surname"]);
    expect(Object.keys(await refusal(clerk, [head({ surname: "Smith" })]))).toEqual([
      "members.0.person.surname",
    ]);
    // A parameter of the query says so.
    const query = await clerk.get("/api/registry/households?pageSize=1000");
    expect(query.json().errors.map((f: { path: string }) => f.path)).toEqual(["querystring.pageSize"]);
  });

  it("says what is wrong with a field in plain words, with days written as the screen writes them", async () => {
    const head = (over: Record<string, unknown>) => ({ relation: "head", person: person(over) });
    expect(await refusal(clerkRu, [head({ pin: "21505198012345", birthDate: "1980-05-16" })])).toEqual({
      "members.0.person.pin":
        "pinBirthDateMismatch: По ПИН дата рождения 15.05.1980 — не совпадает с датой рождения 16.05.1980",
    });
    expect(await refusal(clerk, [head({ birthDate: "2099-01-01" })])).toEqual({
      "members.0.person.birthDate": expect.stringMatching(
        /^afterToday: Бүгүндөн \(\d\d\.\d\d\.\d{4}\) кийин/,
      ),
    });
    expect(await refusal(clerk, [head({ birthDate: "1700-01-01" })])).toEqual({
      "members.0.person.birthDate": "birthBeforeEarliest: 01.01.1900 күнүнөн мурун боло албайт",
    });
    expect(await refusal(clerk, [head({ pin: "123", surname: "   " })])).toEqual({
      "members.0.person.pin": "pinInvalid: ПИН 14 сандан турат жана 0, 1 же 2 менен башталат",
      "members.0.person.surname": "required: Толтуруу милдеттүү",
    });
  });

  it("refuses two members of a new household with one PIN, and writes nothing", async () => {
    const before = (await clerk.get("/api/registry/households")).json().items.length;
    const members = [
      { relation: "head", person: person({ pin: "21505198012399" }) },
      { relation: "son", person: person({ givenName: "Бекзат", pin: "21505198012399" }) },
    ];
    expect(await refusal(clerk, members)).toEqual({
      "members.1.person.pin": "pinRepeatedInHousehold: Бул ПИН 1-мүчөгө мурунтан эле жазылган",
    });
    expect((await clerk.get("/api/registry/households")).json().items.length).toBe(before);
  });

  it("keeps history through life events: the household on any past day can be read back", async () => {
    const h = await newHousehold([
      {
        relation: "head",
        person: person({ surname: "Токтогулов", givenName: "Бакыт", birthDate: "1950-03-01" }),
      },
      {
        relation: "spouse",
        person: person({
          surname: "Токтогулова",
          givenName: "Айгүл",
          sex: "female",
          birthDate: "1955-04-01",
        }),
      },
      {
        relation: "son",
        person: person({ surname: "Токтогулов", givenName: "Нурбек", birthDate: "1980-01-01" }),
      },
    ]);
    const start = await card(h.id);
    const [head, wife, son] = start.members;
    const post = (body: unknown) => clerk.post(`/api/registry/households/${h.id}/events`, body);

    expect(
      (
        await post({
          kind: "birth",
          occurredOn: "2021-06-01",
          relation: "grandchild",
          person: person({
            surname: "Токтогулова",
            givenName: "Бегимай",
            sex: "female",
            birthDate: "2021-06-01",
          }),
        })
      ).statusCode,
    ).toBe(201);
    // The head cannot die without someone taking the household over.
    const orphaned = await post({ kind: "death", occurredOn: "2022-02-01", personId: head.id });
    expect(orphaned.statusCode).toBe(422);
    expect(orphaned.json().type).toBe("urn:aimak:problem:registry.newHeadRequired");
    expect(
      (await post({ kind: "death", occurredOn: "2022-02-01", personId: head.id, newHeadPersonId: wife.id }))
        .statusCode,
    ).toBe(201);
    const split = await post({
      kind: "household-split",
      occurredOn: "2023-09-01",
      members: [{ personId: son.id, relation: "head" }],
      address: { villageCode: villages[1], street: "Жаңы көчө", house: "3" },
    });
    expect(split.statusCode, split.body).toBe(201);

    const on2020 = await card(h.id, "2020-12-31");
    expect(on2020.members.map((m: { givenName: string }) => m.givenName).sort()).toEqual([
      "Айгүл",
      "Бакыт",
      "Нурбек",
    ]);
    const on2022 = await card(h.id, "2022-03-01");
    expect(
      on2022.members
        .map((m: { givenName: string; relation: string }) => `${m.givenName}:${m.relation}`)
        .sort(),
    ).toEqual(["Айгүл:head", "Бегимай:grandchild", "Нурбек:son"]);
    const now = await card(h.id);
    expect(now.members.map((m: { givenName: string }) => m.givenName).sort()).toEqual(["Айгүл", "Бегимай"]);
    expect(now.events.map((e: { kind: string }) => e.kind)).toEqual([
      "household-formed",
      "birth",
      "death",
      "household-split",
    ]);
    const newHome = await card(split.json().householdId);
    expect(
      newHome.members.map((m: { givenName: string; relation: string }) => `${m.givenName}:${m.relation}`),
    ).toEqual(["Нурбек:head"]);
    expect(newHome.splitFrom).toBe(h.id);
    // Now headed by a woman: the derived flag appears on the day she became head, with its reason.
    expect(now.flags.map((f: { criterionCode: string }) => f.criterionCode)).toContain("female-headed");
    expect(on2020.flags.map((f: { criterionCode: string }) => f.criterionCode)).not.toContain(
      "female-headed",
    );
  });

  it("reads a past day's address and a member's details as recorded by then, not as edited since", async () => {
    const h = await newHousehold([
      {
        relation: "head",
        person: person({ surname: "Эсенов", givenName: "Марат", birthDate: "1970-02-02" }),
      },
    ]);
    const [head] = (await card(h.id)).members;
    const moved = await clerk.patch(`/api/registry/households/${h.id}`, {
      street: "Манас көчөсү",
      house: "40",
      version: h.version,
    });
    expect(moved.statusCode, moved.body).toBe(200);
    const edited = await clerk.patch(`/api/registry/people/${head.id}`, {
      ...person({ surname: "Эсенов", givenName: "Марат", birthDate: "1970-02-02" }),
      disabilityGroup: "2",
      occupation: "мугалим",
      version: head.version,
    });
    expect(edited.statusCode, edited.body).toBe(200);

    const now = await card(h.id);
    expect(now).toMatchObject({ street: "Манас көчөсү", house: "40" });
    expect(now.members[0]).toMatchObject({ disabilityGroup: "2", occupation: "мугалим" });
    const before = await card(h.id, "2024-05-01");
    expect(before).toMatchObject({ street: "Ленин көчөсү", house: "12" });
    expect(before.members[0]).toMatchObject({ givenName: "Марат", disabilityGroup: null, occupation: null });
  });

  it("reads a past day's labour migration as its history tells it, a departure and a return recorded later included", async () => {
    const h = await newHousehold([
      { relation: "head", person: person({ surname: "Жолоочуев", birthDate: "1980-04-04" }) },
    ]);
    const [head] = (await card(h.id)).members;
    const migrate = async (occurredOn: string, migration: { country: string; place?: string } | null) => {
      const res = await clerk.post(`/api/registry/households/${h.id}/events`, {
        kind: "migration",
        occurredOn,
        personId: head.id,
        migration,
      });
      expect(res.statusCode, res.body).toBe(201);
    };
    // Recorded today, each for a day gone by: gone to Russia in March 2024, home in June.
    await migrate("2024-03-01", { country: "RU", place: "Москва" });
    await migrate("2024-06-01", null);
    const abroad = await card(h.id, "2024-04-01");
    expect(abroad.events.map((e: { kind: string }) => e.kind)).toContain("migration");
    expect(abroad.members[0].migration).toEqual({ country: "RU", place: "Москва", since: "2024-03-01" });
    expect((await card(h.id, "2024-02-29")).members[0].migration).toBeNull();
    expect((await card(h.id, "2024-07-01")).members[0].migration).toBeNull();
    expect((await card(h.id)).members[0].migration).toBeNull();
    // An annulled departure is no fact: the day reads as recorded then.
    const events = (await card(h.id)).events as { id: string; kind: string; occurredOn: string }[];
    const back = events.find((e) => e.kind === "migration" && e.occurredOn === "2024-06-01")!;
    const annulled = await clerk.post(`/api/registry/households/${h.id}/events/${back.id}/annul`, {
      reason: "Кайтканы жаңылыш жазылган",
    });
    expect(annulled.statusCode, annulled.body).toBe(200);
    expect((await card(h.id, "2024-07-01")).members[0].migration).toMatchObject({
      country: "RU",
      since: "2024-03-01",
    });
  });

  it("lists each change of the address in the history by the day it was recorded, with who made it, and the forming once", async () => {
    const h = await newHousehold([{ relation: "head", person: person({ givenName: "Бакыт" }) }]);
    const edit = async (changes: Record<string, unknown>) => {
      const { version } = await card(h.id);
      const res = await clerk.patch(`/api/registry/households/${h.id}`, { ...changes, version });
      expect(res.statusCode, res.body).toBe(200);
    };
    await edit({ phone: "+996555000111", notes: "Дарбазасы көк" });
    await edit({ street: "Манас көчөсү", house: "7" });
    await edit({ villageCode: villages[1] });
    // A life event records the household too (a version, no address): not an address change.
    const born = await clerk.post(`/api/registry/households/${h.id}/events`, {
      kind: "birth",
      occurredOn: "2021-03-03",
      relation: "son",
      person: person({ givenName: "Нурбек", birthDate: "2021-03-03" }),
    });
    expect(born.statusCode, born.body).toBe(201);

    const now = await card(h.id);
    const today = now.asOf;
    const me = (await clerk.get("/api/auth/session")).json().user;
    type Row = {
      kind: string;
      occurredOn: string;
      details: Record<string, unknown>;
      recordedByName: string | null;
    };
    expect(now.events.map((e: Row) => `${e.occurredOn} ${e.kind}`)).toEqual([
      "2020-01-01 household-formed",
      "2021-03-03 birth",
      `${today} address-changed`,
      `${today} address-changed`,
    ]);
    const moves = now.events.filter((e: Row) => e.kind === "address-changed");
    expect(moves.map((e: Row) => e.details)).toEqual([
      {
        from: { villageCode: villages[0], street: "Ленин көчөсү", house: "12" },
        to: { villageCode: villages[0], street: "Манас көчөсү", house: "7" },
      },
      {
        from: { villageCode: villages[0], street: "Манас көчөсү", house: "7" },
        to: { villageCode: villages[1], street: "Манас көчөсү", house: "7" },
      },
    ]);
    expect(moves.every((e: Row) => e.recordedByName === me.displayName)).toBe(true);
    // The card of a day before the changes lists none of them, and its address is the old one.
    const before = await card(h.id, "2024-05-01");
    expect(before.events.map((e: Row) => e.kind)).toEqual(["household-formed", "birth"]);
    expect(before).toMatchObject({ villageCode: villages[0], street: "Ленин көчөсү" });
  });

  it("keeps land plots and livestock counts with their dates", async () => {
    const h = await newHousehold([
      { relation: "head", person: person({ surname: "Садыков", givenName: "Эрлан" }) },
    ]);
    const plot = await clerk.post(`/api/registry/households/${h.id}/land-plots`, {
      cadastralNumber: "4-03-22-0001-0123",
      areaHa: 0.37,
      category: "irrigated-arable",
      tenure: "owned",
      fromDate: "2020-01-01",
    });
    expect(plot.statusCode, plot.body).toBe(201);
    expect(
      (
        await clerk.post(`/api/registry/households/${h.id}/land-plots/${plot.json().id}/end`, {
          toDate: "2024-05-01",
          reason: "sold",
        })
      ).statusCode,
    ).toBe(200);
    expect(
      (
        await clerk.put(`/api/registry/households/${h.id}/livestock`, {
          countedOn: "2024-01-01",
          counts: { cattle: 3, "sheep-goats": 12 },
        })
      ).statusCode,
    ).toBe(200);
    const before = await card(h.id, "2024-04-30");
    expect(before.landPlots.map((p: { areaHa: number }) => p.areaHa)).toEqual([0.37]);
    expect(before.livestock.counts).toEqual({ cattle: 3, "sheep-goats": 12 });
    const after = await card(h.id, "2024-05-01");
    expect(after.landPlots).toEqual([]);
    expect(after.formerLandPlots[0].endReason).toBe("sold");
    expect((await card(h.id, "2023-12-31")).livestock).toBeNull();
    // A later count is the last; the card lists the ones before it, newest first, each with its day.
    expect(
      (
        await clerk.put(`/api/registry/households/${h.id}/livestock`, {
          countedOn: "2025-01-01",
          counts: { cattle: 4 },
        })
      ).statusCode,
    ).toBe(200);
    const later = await card(h.id, "2025-06-01");
    expect(later.livestock).toMatchObject({ countedOn: "2025-01-01", counts: { cattle: 4 } });
    expect(later.earlierLivestock).toMatchObject([
      { countedOn: "2024-01-01", counts: { cattle: 3, "sheep-goats": 12 } },
    ]);
    expect(before.earlierLivestock).toEqual([]);
  });

  it("refuses a land plot dated before its household was formed, on its field in the user's language, as the book's import does", async () => {
    const h = await newHousehold([
      { relation: "head", person: person({ surname: "Жерсизов", givenName: "Бакыт" }) },
    ]);
    const plot = (fromDate: string) =>
      clerk.post(`/api/registry/households/${h.id}/land-plots`, {
        areaHa: 1,
        category: "rain-fed",
        tenure: "owned",
        fromDate,
      });
    const refused = await plot("2019-12-31");
    expect(refused.statusCode, refused.body).toBe(400);
    expect(refused.json().errors).toEqual([
      {
        path: "fromDate",
        code: "plotBeforeHousehold",
        message: "Чарба түзүлгөн күндөн (01.01.2020) мурун жер ага таандык боло албайт",
      },
    ]);
    expect((await card(h.id)).landPlots).toEqual([]);
    expect((await plot("2020-01-01")).statusCode).toBe(201);
  });

  it("refuses a livestock count dated before its household was formed, on its field in the user's language, as the book's import does", async () => {
    const h = await newHousehold([
      { relation: "head", person: person({ surname: "Малсызов", givenName: "Бакыт" }) },
    ]);
    const count = (countedOn: string) =>
      clerk.put(`/api/registry/households/${h.id}/livestock`, { countedOn, counts: { cattle: 2 } });
    const refused = await count("2019-12-31");
    expect(refused.statusCode, refused.body).toBe(400);
    expect(refused.json().errors).toEqual([
      {
        path: "countedOn",
        code: "livestockBeforeHousehold",
        message: "Чарба түзүлгөн күндөн (01.01.2020) мурун анын малы эсептеле албайт",
      },
    ]);
    expect((await card(h.id)).livestock).toBeNull();
    expect((await count("2020-01-01")).statusCode).toBe(200);
  });

  it("refuses a cadastral number that is no such number, at its field in the user's language, and keeps a spaced one written the register's way", async () => {
    const h = await newHousehold([
      { relation: "head", person: person({ surname: "Кадастров", givenName: "Бакыт" }) },
    ]);
    const plot = (who: typeof clerk, cadastralNumber: string) =>
      who.post(`/api/registry/households/${h.id}/land-plots`, {
        cadastralNumber,
        areaHa: 1,
        category: "rain-fed",
        tenure: "owned",
        fromDate: "2020-01-01",
      });
    for (const [who, message] of [
      [clerk, "Кадастрдык номер сандардан турат, топтору дефис менен бөлүнөт, мис.: 1-02-03-0004-0005"],
      [clerkRu, "Кадастровый номер состоит из цифр, группы разделяются дефисом, напр.: 1-02-03-0004-0005"],
    ] as const) {
      const refused = await plot(who, "abc");
      expect(refused.statusCode, refused.body).toBe(400);
      expect(refused.json().errors).toEqual([
        { path: "cadastralNumber", code: "cadastralNumberForm", message },
      ]);
    }
    expect((await card(h.id)).landPlots).toEqual([]);
    const taken = await plot(clerk, " 4-03-22 - 0007–0123 ");
    expect(taken.statusCode, taken.body).toBe(201);
    expect(taken.json().cadastralNumber).toBe("4-03-22-0007-0123");
    // Written the one way, the same number typed otherwise is the plot already held.
    const again = await plot(clerk, "4-03-22-0007 -0123");
    expect(again.json().errors).toMatchObject([{ path: "cadastralNumber", code: "cadastralNumberHeld" }]);
  });

  it("writes the cadastral numbers stored before the rule as the form reads them (migration 0045), and leaves a text that is none and a number another plot in force holds", async () => {
    const h = await newHousehold([
      { relation: "head", person: person({ surname: "Жерлеров", givenName: "Азамат" }) },
    ]);
    // Typed every way before the rule: each sample a plot in force, no two of one number.
    const samples = [
      " 5-01-02 - 0001–0001 ",
      "5 - 01 - 02 - 0001 - 0002",
      "5\u00a0-\u00a001-02-0001-0003",
      "5\u202f–\u202f01-02-0001-0004",
      "\t5-01-02-0001-0005\n",
      "5\u2010 01\u2011 02\u2012 0001\u2014 0006",
      "5\u221201-02-0001-0007",
      "\u3000 5-01-02-0001-0008\ufeff",
      "5-1-2-3-4-5-6-9",
      "5-01-02-0001-0010",
      "5 01-02-0001-0011",
      "5-01-02-0001-0012a",
      "5--01-0013",
      "5 - - 01-0014",
      "1234567-01-0015",
      "5 - 1-2-3-4-5-6-7-16",
      " - 5-01-0017",
      "5-01-0018 -",
      "\u200b5-01-0019",
      "   ",
    ];
    const plot = (cadastralNumber: string, toDate: string | null = null) => ({
      id: uuidv7(),
      orgId: municipalityId,
      householdId: h.id,
      cadastralNumber,
      areaHa: 0.5,
      category: "irrigated-arable" as const,
      tenure: "owned" as const,
      fromDate: "2020-01-01",
      toDate,
    });
    const sampled = samples.map((number) => plot(number));
    // A number another plot in force holds, typed otherwise, stays as typed, as do two in force that
    // would be one; an ended plot's is written the normal way (ended, it may be taken again).
    const held = [plot("5-01-03-0001"), plot("5-01-03 - 0001"), plot("5 -01-03-0001", "2024-01-01")];
    const twins = [plot("5-01-04 -0001"), plot("5-01-04- 0001")];
    await withSystem(t.database, (tx) => tx.insert(landPlot).values([...sampled, ...held, ...twins]));

    await applyMigration(t.database, "0045_normalize_cadastral_numbers.sql");
    const stored = new Map(
      (
        await withSystem(t.database, (tx) => tx.select().from(landPlot).where(eq(landPlot.householdId, h.id)))
      ).map((p) => [p.id, p.cadastralNumber]),
    );
    const asTheFormReads = (typed: string) => {
      const read = readCadastralNumber(typed);
      return read === null || read === "invalid" ? typed : read;
    };
    expect(sampled.map((p) => stored.get(p.id))).toEqual(samples.map(asTheFormReads));
    expect(samples.filter((typed) => asTheFormReads(typed) !== typed)).toHaveLength(8);
    expect([...held, ...twins].map((p) => stored.get(p.id))).toEqual([
      "5-01-03-0001",
      "5-01-03 - 0001",
      "5-01-03-0001",
      "5-01-04 -0001",
      "5-01-04- 0001",
    ]);
    // Written the one way, the number typed otherwise is the plot already held.
    const again = await clerk.post(`/api/registry/households/${h.id}/land-plots`, {
      cadastralNumber: "5-01-02-0001 - 0002",
      areaHa: 1,
      category: "rain-fed",
      tenure: "owned",
      fromDate: "2020-01-01",
    });
    expect(again.json().errors).toMatchObject([{ path: "cadastralNumber", code: "cadastralNumberHeld" }]);
  });

  it("keeps a labour migrant's country as its code, refusing a name, a code of no country and Kyrgyzstan, writing nothing", async () => {
    const h = await newHousehold([
      {
        relation: "head",
        person: person({ surname: "Мигрантов", migration: { country: "TR", since: "2024-03-01" } }),
      },
    ]);
    const [head] = (await card(h.id)).members;
    expect(head.migration).toEqual({ country: "TR", since: "2024-03-01" });
    for (const [country, code] of [
      ["Россия", "countryCode"],
      ["XX", "countryCode"],
      ["KG", "migrationHomeCountry"],
    ] as const) {
      const refused = await clerkRu.patch(`/api/registry/people/${head.id}`, {
        version: head.version,
        migration: { country, since: "2024-03-01" },
      });
      expect(refused.statusCode, refused.body).toBe(400);
      expect(refused.json().errors).toMatchObject([{ path: "migration.country", code }]);
      expect(refused.json().errors[0].message).not.toContain(code);
    }
    const event = await clerk.post(`/api/registry/households/${h.id}/events`, {
      kind: "migration",
      occurredOn: "2025-01-10",
      personId: head.id,
      migration: { country: "KG", place: "Бишкек" },
    });
    expect(event.statusCode, event.body).toBe(400);
    expect(event.json().errors).toMatchObject([{ path: "migration.country", code: "migrationHomeCountry" }]);
    expect((await card(h.id)).members[0]).toMatchObject({ version: head.version, migration: head.migration });
  });

  it("writes the labour migrants' countries stored as text as their codes (migration 0051), in the record and its event alike, leaving a text that names none", async () => {
    const typed = [
      "Россия",
      "  орусия ",
      "RUSSIA",
      "Казахстан",
      "Кошмо Штаттар",
      "АКШ",
      "Turkiya",
      "ru",
      "Москва",
    ];
    const codes = ["RU", "RU", "RU", "KZ", "US", "US", "TR", "RU", "Москва"];
    const h = await newHousehold(
      typed.map((_, i) => ({
        relation: i === 0 ? "head" : "son",
        person: person({ givenName: `Мигрант${"абвгдежзи"[i]}`, birthDate: `${1980 + i}-01-01` }),
      })),
    );
    const members: { id: string; version: number }[] = (await card(h.id)).members;
    for (const m of members) {
      const went = await clerk.post(`/api/registry/households/${h.id}/events`, {
        kind: "migration",
        occurredOn: "2024-03-01",
        personId: m.id,
        migration: { country: "TR" },
      });
      expect(went.statusCode, went.body).toBe(201);
    }
    // As the register kept them before: the text as typed, in the record and in its event.
    await withSystem(t.database, async (tx) => {
      for (const [i, m] of members.entries()) {
        const migration = { country: typed[i]!, since: "2024-03-01" };
        await tx.update(personTable).set({ migration }).where(eq(personTable.id, m.id));
        await tx.update(lifeEvent).set({ details: { migration } }).where(eq(lifeEvent.personId, m.id));
      }
    });
    await applyMigration(t.database, "0051_migration_country_codes.sql");
    const stored = await withSystem(t.database, async (tx) => ({
      people: await tx.select().from(personTable),
      events: await tx.select().from(lifeEvent),
    }));
    const countryOf = (id: string) => stored.people.find((p) => p.id === id)?.migration?.country;
    const eventCountryOf = (id: string) =>
      (stored.events.find((e) => e.personId === id)!.details.migration as { country: string }).country;
    expect(members.map((m) => countryOf(m.id))).toEqual(codes);
    expect(members.map((m) => eventCountryOf(m.id))).toEqual(codes);
    // A record written moves on a version, so a form opened before is refused as stale.
    const after = (await card(h.id)).members as { id: string; version: number }[];
    expect(after.map((m, i) => m.version - members[i]!.version)).toEqual(
      codes.map((c) => (c === "Москва" ? 1 : 2)),
    );
    // Each event still reads as its record's (the same code in both): the last ones can be annulled,
    // the last first, and the converted one as well as the one left as typed.
    for (const m of [members[8]!, members[7]!]) {
      const event = stored.events.find((e) => e.personId === m.id)!;
      const annulled = await clerk.post(`/api/registry/households/${h.id}/events/${event.id}/annul`, {
        reason: "Ката катталган",
      });
      expect(annulled.statusCode, annulled.body).toBe(200);
    }
  });

  it("refuses a land plot below the register's 0.0001 ha, which it would store as 0, or above 100,000 ha, writing nothing", async () => {
    const h = await newHousehold([
      { relation: "head", person: person({ surname: "Жеркулов", givenName: "Бакыт" }) },
    ]);
    const plot = (areaHa: number) =>
      clerk.post(`/api/registry/households/${h.id}/land-plots`, {
        areaHa,
        category: "irrigated-arable",
        tenure: "owned",
        fromDate: "2020-01-01",
      });
    for (const areaHa of [0.00001, 100_000.5]) {
      const refused = await plot(areaHa);
      expect(refused.statusCode, refused.body).toBe(400);
      expect(refused.json().errors).toMatchObject([{ path: "areaHa" }]);
    }
    expect((await card(h.id)).landPlots).toEqual([]);
    for (const areaHa of [0.0001, 100_000]) expect((await plot(areaHa)).statusCode).toBe(201);
    expect((await card(h.id)).landPlots.map((p: { areaHa: number }) => p.areaHa).sort()).toEqual([
      0.0001, 100_000,
    ]);
  });

  it("corrects a day's livestock count species by species: a species not sent keeps its number, 0 says none", async () => {
    const h = await newHousehold([{ relation: "head", person: person({ givenName: "Малчы" }) }]);
    const count = (counts: Record<string, number>) =>
      clerk.put(`/api/registry/households/${h.id}/livestock`, { countedOn: "2024-01-01", counts });
    expect((await count({ cattle: 6, horses: 2, "sheep-goats": 40 })).statusCode).toBe(200);
    const corrected = await count({ "sheep-goats": 45 });
    expect(corrected.statusCode, corrected.body).toBe(200);
    expect((await card(h.id)).livestock.counts).toEqual({ cattle: 6, horses: 2, "sheep-goats": 45 });
    await count({ horses: 0 });
    expect((await card(h.id)).livestock.counts).toEqual({ cattle: 6, horses: 0, "sheep-goats": 45 });
  });

  it("refuses a cadastral number a plot in force holds, naming its household, and takes it once that plot has ended", async () => {
    const seller = await newHousehold([{ relation: "head", person: person({ givenName: "Сатуучу" }) }]);
    const buyer = await newHousehold([{ relation: "head", person: person({ givenName: "Алуучу" }) }]);
    const plot = (householdId: string, fromDate = "2021-01-01") =>
      clerk.post(
        `/api/registry/households/${householdId}/land-plots`,
        {
          cadastralNumber: "4-03-01-0001-0123",
          areaHa: 0.5,
          category: "irrigated-arable",
          tenure: "owned",
          fromDate,
        },
        { "accept-language": "ky" },
      );
    const first = await plot(seller.id);
    expect(first.statusCode, first.body).toBe(201);
    for (const again of [seller.id, buyer.id]) {
      const refused = await plot(again);
      expect(refused.statusCode).toBe(400);
      expect(refused.json().errors).toEqual([
        expect.objectContaining({
          path: "cadastralNumber",
          message: `Бул кадастрдык номердеги участок № ${seller.number} үй чарбасында турат: адегенде ал жактан чыгарыңыз`,
        }),
      ]);
    }
    expect((await card(buyer.id)).landPlots).toEqual([]);
    // Sold in March: the buyer takes it from then, and the seller's history says it was sold.
    const sold = await clerk.post(`/api/registry/households/${seller.id}/land-plots/${first.json().id}/end`, {
      toDate: "2024-03-01",
      reason: "sold",
    });
    expect(sold.statusCode, sold.body).toBe(200);
    expect((await plot(buyer.id, "2024-03-01")).statusCode).toBe(201);
    const ended = (await card(seller.id)).events.find((e: { kind: string }) => e.kind === "land-ended");
    expect(ended.details.reason).toBe("sold");
  });

  it("makes a child born after the household was formed its member from birth, not before", async () => {
    const h = await newHousehold(
      [
        { relation: "head", person: person({ givenName: "Ата", birthDate: "1985-03-03" }) },
        { relation: "son", person: person({ givenName: "Уул", birthDate: "2024-05-05" }) },
      ],
      { formedOn: "2020-01-10" },
    );
    const onFormed = await card(h.id, "2021-01-01");
    expect(onFormed.members.map((m: { givenName: string }) => m.givenName)).toEqual(["Ата"]);
    const now = await card(h.id);
    expect(
      now.members.map((m: { givenName: string; memberSince: string }) => [m.givenName, m.memberSince]),
    ).toEqual([
      ["Ата", "2020-01-10"],
      ["Уул", "2024-05-05"],
    ]);
  });

  it("lets a social worker set and clear flags by hand, with reasons, keeping the history", async () => {
    const h = await newHousehold([
      { relation: "head", person: person({ surname: "Мамытов", givenName: "Канат" }) },
    ]);
    const set = await social.post(`/api/registry/households/${h.id}/flags`, {
      criterionCode: "social-assistance",
      reason: "Үй-бүлөгө көмөк, чечим №12",
      setOn: "2024-03-01",
    });
    expect(set.statusCode, set.body).toBe(201);
    const again = await social.post(`/api/registry/households/${h.id}/flags`, {
      criterionCode: "social-assistance",
      reason: "x",
      setOn: "2024-03-02",
    });
    expect(again.statusCode).toBe(422);
    // The criterion by its name, not its code; the name's own quoted part nested, as Kyrgyz nests it.
    const criteria: { code: string; name: { ky: string } }[] = (
      await social.get("/api/registry/vulnerability-criteria")
    ).json();
    expect(criteria.find((c) => c.code === "social-assistance")!.name.ky).toBe(
      "«Үй-бүлөгө көмөк» жөлөкпулун алат",
    );
    expect(again.json().title).toBe(
      "«„Үй-бүлөгө көмөк“ жөлөкпулун алат» белгиси 01.03.2024 күнүнөн бери коюлган",
    );
    expect(
      (
        await social.post(`/api/registry/households/${h.id}/flags`, {
          criterionCode: "no-such",
          reason: "x",
          setOn: "2024-03-02",
        })
      ).statusCode,
    ).toBe(422);
    const cleared = await social.post(`/api/registry/households/${h.id}/flags/${set.json().id}/clear`, {
      reason: "Жөлөкпул токтотулду",
      clearedOn: "2025-01-01",
    });
    expect(cleared.statusCode, cleared.body).toBe(200);
    expect(
      (await card(h.id, "2024-06-01")).flags.map((f: { criterionCode: string }) => f.criterionCode),
    ).toEqual(["social-assistance"]);
    expect((await card(h.id, "2025-01-01")).flags).toEqual([]);
    const listed = (await clerk.get("/api/registry/households?flag=social-assistance")).json().items;
    expect(listed).toEqual([]);
  });

  it("finds people by name in Cyrillic or Latin, with typos and in any order, and by PIN", async () => {
    await newHousehold(
      [
        {
          relation: "head",
          person: person({
            surname: "Жээнбеков",
            givenName: "Сооронбай",
            pin: "21507198012346",
            birthDate: "1980-07-15",
          }),
        },
      ],
      { villageCode: villages[1] },
    );
    const names = async (q: string, extra = "") =>
      (await clerk.get(`/api/registry/people?q=${encodeURIComponent(q)}${extra}`))
        .json()
        .items.map((p: { surname: string }) => p.surname);
    expect(await names("Жээнбеков")).toContain("Жээнбеков");
    expect(await names("Zheenbekov Sooronbay")).toContain("Жээнбеков");
    expect(await names("sooronbai jeenbekov")).toContain("Жээнбеков");
    expect(await names("Жэнбеков")).toContain("Жээнбеков");
    expect(await names("21507198012346")).toEqual(["Жээнбеков"]);
    expect(await names("Жээнбеков", `&villageCode=${villages[0]}`)).not.toContain("Жээнбеков");
    expect(await names("Qwertyuiop")).toEqual([]);
    const households = (
      await clerk.get(`/api/registry/households?q=${encodeURIComponent("jeenbekov")}`)
    ).json().items;
    expect(households[0].headName).toBe("Жээнбеков Сооронбай Нурланович");
  });

  it("finds a person and the household by a PIN typed in groups, as a document prints it", async () => {
    const household = await newHousehold([
      {
        relation: "head",
        person: person({
          surname: "Токоев",
          givenName: "Самат",
          pin: "21104197900123",
          birthDate: "1979-04-11",
        }),
      },
    ]);
    for (const q of ["2 1104 1979 00123", " 21104 197900123 ", "2\t11041979\t00123"]) {
      const people = (await clerk.get(`/api/registry/people?q=${encodeURIComponent(q)}`)).json();
      expect(
        people.items.map((p: { surname: string }) => p.surname),
        q,
      ).toEqual(["Токоев"]);
      const households = (await clerk.get(`/api/registry/households?q=${encodeURIComponent(q)}`)).json();
      expect(
        households.items.map((h: { id: string }) => h.id),
        q,
      ).toEqual([household.id]);
    }
  });

  it("ranks the people whose surname and given name the query names above those whose patronymic has it", async () => {
    // Улан's son: "Садыков Айдар Улан уулу" has every word of "Садыков Улан" too, and sorts first by name.
    await newHousehold(
      [
        {
          relation: "head",
          person: person({ surname: "Садыков", givenName: "Улан", patronymic: "Бакытович" }),
        },
        {
          relation: "son",
          person: person({
            surname: "Садыков",
            givenName: "Айдар",
            patronymic: "Улан уулу",
            birthDate: "2005-02-01",
          }),
        },
      ],
      { villageCode: villages[1] },
    );
    const names = async (q: string, extra = "") =>
      (await clerk.get(`/api/registry/people?q=${encodeURIComponent(q)}${extra}`))
        .json()
        .items.map((p: { givenName: string }) => p.givenName);
    expect(await names("Садыков Улан")).toEqual(["Улан", "Айдар"]);
    expect(await names("Улан Садыков")).toEqual(["Улан", "Айдар"]);
    expect(await names("sadykov ulan")).toEqual(["Улан", "Айдар"]);
    // With a typo (similar spellings), the same.
    expect(await names("Садыкоп Улан")).toEqual(["Улан", "Айдар"]);
    // Sorting by name is still the name's order.
    expect(await names("Садыков Улан", "&sort=name")).toEqual(["Айдар", "Улан"]);
  });

  it("sorts people and households by name in Kyrgyz alphabetical order, and people by birth date", async () => {
    const village = villages[2]!;
    for (const [surname, givenName, birthDate] of [
      ["Чыныбаев", "Азамат", "1991-01-01"],
      ["Жылкыбаев", "Азамат", "1993-01-01"],
      ["Өмүрбаев", "Азамат", "1990-01-01"],
      ["Омурбаев", "Азамат", "1992-01-01"],
    ])
      await newHousehold(
        [{ relation: "head", person: person({ surname, givenName, birthDate, pin: null }) }],
        {
          villageCode: village,
        },
      );
    const people = async (sort: string) =>
      (await clerk.get(`/api/registry/people?villageCode=${village}&sort=${sort}`))
        .json()
        .items.map((p: { surname: string }) => p.surname);
    // The Latin search key would give Chynybaev before Jylkybaev, and Ө after every other letter.
    expect(await people("name")).toEqual(["Жылкыбаев", "Омурбаев", "Өмүрбаев", "Чыныбаев"]);
    expect(await people("birthDate")).toEqual(["Өмүрбаев", "Чыныбаев", "Омурбаев", "Жылкыбаев"]);
    const heads = (await clerk.get(`/api/registry/households?villageCode=${village}&sort=name`))
      .json()
      .items.map((h: { headName: string }) => h.headName.split(" ")[0]);
    expect(heads).toEqual(["Жылкыбаев", "Омурбаев", "Өмүрбаев", "Чыныбаев"]);
    // A household has no birth date: that order is refused, not silently ignored.
    const refused = await clerk.get(`/api/registry/households?villageCode=${village}&sort=birthDate`);
    expect(refused.statusCode).toBe(400);
  });

  it("refuses a filter value its books do not know, naming the parameter, instead of listing nothing", async () => {
    const refusal = async (who: Client, url: string, parameter: string, code: string) => {
      const res = await who.get(url);
      expect(res.statusCode, url).toBe(422);
      expect(res.json().code).toBe("registry.unknownFilter");
      expect(res.json().errors).toEqual([
        { path: `querystring.${parameter}`, code, message: expect.any(String) },
      ]);
      return res.json().title as string;
    };
    for (const list of ["households", "people", "households/export"]) {
      await refusal(
        clerk,
        `/api/registry/${list}?villageCode=41703220990999`,
        "villageCode",
        "unknownVillage",
      );
      await refusal(clerk, `/api/registry/${list}?flag=no-such-flag`, "flag", "unknownCriterion");
    }
    // A village of another district is not one of this book's either.
    await refusal(
      clerk,
      "/api/registry/households?villageCode=41703210000001",
      "villageCode",
      "unknownVillage",
    );
    expect(await refusal(clerkRu, "/api/registry/people?flag=poorr", "flag", "unknownCriterion")).toBe(
      "У фильтра списка «flag» нет такого значения: poorr",
    );
    // The values the books know still list, even when nothing matches.
    const known = await clerk.get(`/api/registry/households?villageCode=${villages[1]}&flag=disability`);
    expect(known.statusCode, known.body).toBe(200);
    // An office knows its municipalities' villages and criteria, and no others.
    const district = await seedOffice(t.database, "41703220000000");
    const auditor = await login(t.app, district.users.auditor!.username);
    const wide = await auditor.get(
      `/api/registry/households?scope=readable&villageCode=${villages[0]}&flag=female-headed`,
    );
    expect(wide.statusCode, wide.body).toBe(200);
    await refusal(
      auditor,
      "/api/registry/households?scope=readable&flag=no-such-flag",
      "flag",
      "unknownCriterion",
    );
    // The order is checked by the request's schema: a household has no birth date.
    expect((await clerk.get("/api/registry/households?sort=birthDate")).json().errors[0].path).toBe(
      "querystring.sort",
    );
  });

  it("finds households by number, address, a member's PIN or name, best-matching member first", async () => {
    const exact = await newHousehold(
      [
        { relation: "head", person: person({ surname: "Абдыкадыров", givenName: "Бакыт", pin: null }) },
        {
          relation: "spouse",
          person: person({
            surname: "Абдыкадырова",
            givenName: "Гүлнара",
            sex: "female",
            birthDate: "1982-03-04",
            pin: "10403198200044",
          }),
        },
      ],
      { street: "Тоголок Молдо көчөсү", house: "3" },
    );
    const near = await newHousehold(
      [{ relation: "head", person: person({ surname: "Абдукадыров", givenName: "Бакыт" }) }],
      { street: "Чүй проспекти", house: "40" },
    );
    const byStreet = await newHousehold(
      [{ relation: "head", person: person({ surname: "Кубанычбеков", givenName: "Нурлан" }) }],
      { street: "Бакыт көчөсү", house: "9" },
    );
    const ids = async (q: string) =>
      (await clerk.get(`/api/registry/households?q=${encodeURIComponent(q)}`))
        .json()
        .items.map((h: { id: string }) => h.id);
    expect(await ids(String(near.number))).toEqual([near.id]);
    expect(await ids(`№ ${near.number}`)).toEqual([near.id]);
    expect(await ids("Тоголок Молдо")).toEqual([exact.id]);
    // A street and house typed without the word "street" between them.
    expect(await ids("Чүй 40")).toEqual([near.id]);
    expect(await ids("Чүй 41")).toEqual([]);
    expect(await ids("10403198200044")).toEqual([exact.id]);
    // A member's name finds the households of its similar spellings too, the closest first; the
    // street that bears the name is found by its address.
    expect((await ids("Абдыкадыров Бакыт")).slice(0, 2)).toEqual([exact.id, near.id]);
    expect((await ids("Абдукадыров Бакыт")).slice(0, 2)).toEqual([near.id, exact.id]);
    // The spouse's name finds her household.
    expect(await ids("Гүлнара Абдыкадырова")).toEqual([exact.id]);
    expect(await ids("Бакыт")).toEqual(expect.arrayContaining([exact.id, near.id, byStreet.id]));
    expect(await ids("Кубанычбеков")).toEqual([byStreet.id]);
  });

  it("keeps a household's phone for SMS in the gateway's form, its dwelling and notes, refusing a phone that is none", async () => {
    const h = await newHousehold([{ relation: "head", person: person({ givenName: "Темир" }) }]);
    const bad = await clerk.patch(`/api/registry/households/${h.id}`, {
      phone: "абв-123",
      version: h.version,
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors).toEqual([
      expect.objectContaining({
        path: "phone",
        code: "phoneInvalid",
        message: expect.stringMatching(/[а-яү]/i),
      }),
    ]);
    expect((await card(h.id)).version).toBe(h.version);
    const good = await clerk.patch(`/api/registry/households/${h.id}`, {
      phone: "0555 12 34 56",
      notes: "Кышында үйдө жок",
      dwelling: { kind: "house", rooms: 4, areaM2: 86.5, water: "canal" },
      version: h.version,
    });
    expect(good.statusCode, good.body).toBe(200);
    expect(await card(h.id)).toMatchObject({
      phone: "+996555123456",
      notes: "Кышында үйдө жок",
      dwelling: { kind: "house", rooms: 4, areaM2: 86.5, water: "canal" },
      street: "Ленин көчөсү",
    });
    const refused = await clerk.post("/api/registry/households", {
      villageCode: villages[0],
      formedOn: "2020-01-01",
      phone: "12",
      members: [{ relation: "head", person: person({ givenName: "Эрмек" }) }],
    });
    expect(refused.json().errors).toEqual([expect.objectContaining({ path: "phone", code: "phoneInvalid" })]);
  });

  it("refuses a stale edit with 409 and changes nothing", async () => {
    const h = await newHousehold([{ relation: "head", person: person({ surname: "Бейшеналиев" }) }]);
    expect(
      (await clerk.patch(`/api/registry/households/${h.id}`, { version: h.version, house: "14" })).statusCode,
    ).toBe(200);
    const stale = await clerk.patch(`/api/registry/households/${h.id}`, { version: h.version, house: "99" });
    expect(stale.statusCode).toBe(409);
    expect((await card(h.id)).house).toBe("14");
  });

  it("issues numbered certificates with a PDF and a public verification that shows only initials", async () => {
    const h = await newHousehold([
      {
        relation: "head",
        person: person({
          surname: "Үсөнова",
          givenName: "Чынара",
          sex: "female",
          patronymic: "Маратовна",
          pin: "10203199000123",
          birthDate: "1990-03-02",
        }),
      },
    ]);
    const head = (await card(h.id)).members[0];
    const issue = (kind: string) =>
      clerk.post("/api/certificates", {
        kind,
        householdId: h.id,
        personId: head.id,
        purpose: "Социалдык фонд",
      });
    const first = await issue("family-composition");
    const second = await issue("household-head");
    expect(first.statusCode, first.body).toBe(201);
    expect(second.json().number).toBe(first.json().number + 1);
    expect((await issue("livestock")).statusCode).toBe(422); // no livestock count yet

    const pdf = await clerk.get(`/api/certificates/${first.json().id}/pdf`);
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers["content-type"]).toContain("application/pdf");
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe("%PDF-");
    expect(pdf.rawPayload.length).toBeGreaterThan(5000);

    const verifyCode = await codeOf(first.json().id);
    const anonymous = await t.app.inject({ method: "GET", url: `/api/public/certificates/${verifyCode}` });
    expect(anonymous.json()).toMatchObject({
      status: "valid",
      number: `${first.json().year}-${String(first.json().number).padStart(5, "0")}`,
      kind: "family-composition",
      language: "ky",
      holderInitials: "Ү. Ч. М.",
    });
    expect(anonymous.body).not.toContain("Үсөнова");
    expect(anonymous.body).not.toContain("10203199000123");
    expect(
      (await clerk.post(`/api/certificates/${first.json().id}/revoke`, { reason: "Ката жазылган" }))
        .statusCode,
    ).toBe(200);
    expect(
      (await t.app.inject({ method: "GET", url: `/api/public/certificates/${verifyCode}` })).json().status,
    ).toBe("revoked");
    expect(
      (await t.app.inject({ method: "GET", url: "/api/public/certificates/notARealCodeAtAll" })).json(),
    ).toEqual({ status: "unknown" });
    // A code mistyped or cut wrong from a scan, however long, is unknown, not a page that is not there.
    const overlong = await t.app.inject({
      method: "GET",
      url: `/api/public/certificates/${"x".repeat(300)}`,
    });
    expect([overlong.statusCode, overlong.json()]).toEqual([200, { status: "unknown" }]);
    const listed = (await clerk.get("/api/certificates?status=revoked")).json().items;
    expect(listed.map((c: { id: string }) => c.id)).toEqual([first.json().id]);
    // The register finds it by the number on the paper, and by the holder's name typed in Latin
    // or without the Kyrgyz letters.
    const found = async (q: string) =>
      (await clerk.get(`/api/certificates?q=${encodeURIComponent(q)}`))
        .json()
        .items.map((c: { id: string }) => c.id);
    const printed = `${first.json().year}-${String(first.json().number).padStart(5, "0")}`;
    for (const q of [printed, `№ ${printed}`, "Usonova Chynara", "Усонова Чынара", "Үсөнова Маратовна"])
      expect(await found(q), q).toContain(first.json().id);
    expect(await found(`${first.json().year + 1}-${first.json().number}`)).not.toContain(first.json().id);
  });

  it("lets a district office search the people of the municipalities under it", async () => {
    const district = await seedOffice(t.database, "41703220000000");
    const auditor = await login(t.app, district.users.auditor!.username);
    const own = (await auditor.get(`/api/registry/people?q=${encodeURIComponent("Жээнбеков")}`)).json();
    expect(own.items).toEqual([]);
    const readable = (
      await auditor.get(`/api/registry/people?scope=readable&q=${encodeURIComponent("Жээнбеков")}`)
    ).json();
    expect(readable.items.map((p: { surname: string }) => p.surname)).toContain("Жээнбеков");
    // Each hit says whose book it is in, for people and households alike.
    expect(new Set(readable.items.map((p: { orgId: string }) => p.orgId))).toEqual(new Set([municipalityId]));
    const households = (
      await auditor.get(`/api/registry/households?scope=readable&q=${encodeURIComponent("Жээнбеков")}`)
    ).json();
    expect(households.items.length).toBeGreaterThan(0);
    expect(new Set(households.items.map((h: { orgId: string }) => h.orgId))).toEqual(
      new Set([municipalityId]),
    );
  });

  it("across every organisation, sorts a bounded set of matches and says when a name matched more", async () => {
    for (const givenName of ["Бакыт", "Нурлан", "Улан"])
      await newHousehold([{ relation: "head", person: person({ surname: "Сатылганов", givenName }) }]);
    const search = (cap: number) =>
      withSystem(t.database, (tx) =>
        searchPeopleIn(tx, "readable", { q: "Сатылганов", page: 1, pageSize: 2 }, "2026-06-01", cap),
      );
    const complete = await search(10);
    expect(complete.truncated).toBeUndefined();
    expect(complete.items.map((p) => p.givenName)).toEqual(["Бакыт", "Нурлан"]);
    expect(complete.items[0]!.householdNumber).toEqual(expect.any(Number));
    expect(complete.hasMore).toBe(true);
    const cut = await search(2);
    expect(cut.truncated).toBe(true);
    expect(cut.items).toHaveLength(2);
  });

  it("keeps the household book away from the water provider's staff", async () => {
    expect((await wua.get("/api/registry/households")).statusCode).toBe(403);
    expect((await wua.get("/api/registry/people?q=asanov")).statusCode).toBe(403);
    // Its administrator may open the register pages, and finds none of the municipality's rows.
    expect((await wuaAdmin.get("/api/registry/people?q=asanov")).json().items).toEqual([]);
    const refused = await wuaAdmin.post("/api/registry/households", {
      villageCode: villages[0],
      formedOn: "2020-01-01",
      members: [{ relation: "head", person: person() }],
    });
    expect(refused.json().type).toBe("urn:aimak:problem:registry.notAMunicipality");
  });

  it("writes nothing for a save that changes nothing: no audit record, no new version, the record as it is", async () => {
    const h = await newHousehold([{ relation: "head", person: person({ surname: "Токтогулов" }) }]);
    const edit = { phone: "0555 12 34 56", notes: "Кышында үйдө жок", dwelling: { rooms: 4, kind: "house" } };
    const first = await clerk.patch(`/api/registry/households/${h.id}`, { ...edit, version: h.version });
    expect(first.statusCode, first.body).toBe(200);
    // The same values again, the phone as typed and the dwelling's keys in another order.
    const again = await clerk.patch(`/api/registry/households/${h.id}`, {
      ...edit,
      dwelling: { kind: "house", rooms: 4 },
      version: first.json().version,
    });
    expect(again.statusCode, again.body).toBe(200);
    expect(again.json()).toEqual(first.json());
    const trail = async (entity: string, id: string) =>
      (await admin.get(`/api/audit?entity=${entity}&entityId=${id}&action=update`)).json().items.length;
    expect(await trail("household", h.id)).toBe(1);

    const count = () =>
      clerk.put(`/api/registry/households/${h.id}/livestock`, {
        countedOn: "2024-01-01",
        counts: { cattle: 3 },
      });
    const counted = await count();
    expect(counted.statusCode, counted.body).toBe(200);
    const versionAfterCount = (await card(h.id)).version;
    expect((await count()).json()).toEqual(counted.json());
    expect(await trail("livestock_count", counted.json().id)).toBe(0);
    expect((await card(h.id)).version).toBe(versionAfterCount);

    const criterion = { name: { ky: "Көп балалуу жесирлер", ru: "Многодетные вдовы" }, rule: null };
    expect((await admin.put("/api/registry/vulnerability-criteria/widows", criterion)).statusCode).toBe(200);
    expect((await admin.put("/api/registry/vulnerability-criteria/widows", criterion)).statusCode).toBe(200);
    expect(await trail("vulnerability_criterion", "widows")).toBe(0);

    const template = (await admin.get("/api/certificate-templates")).json()[0];
    const saved = await admin.put(`/api/certificate-templates/${template.kind}`, {
      version: template.version,
      texts: template.texts,
    });
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json().version).toBe(template.version);
    expect(await trail("certificate_template", template.id)).toBe(0);
  });

  it("lets an administrator edit criteria and certificate wording", async () => {
    const put = await admin.put("/api/registry/vulnerability-criteria/orphans", {
      name: { ky: "Жетим балдар", ru: "Дети-сироты" },
      rule: null,
    });
    expect(put.statusCode, put.body).toBe(200);
    expect(
      (await clerk.put("/api/registry/vulnerability-criteria/x1", { name: { ky: "x" }, rule: null }))
        .statusCode,
    ).toBe(403);
    const templates = (await admin.get("/api/certificate-templates")).json();
    const residence = templates.find((x: { kind: string }) => x.kind === "residence");
    const edited = await admin.put("/api/certificate-templates/residence", {
      version: residence.version,
      texts: { ...residence.texts, ru: { title: "Справка с места жительства", body: "Дана {holderName}." } },
    });
    expect(edited.statusCode, edited.body).toBe(200);
  });

  async function codeOf(certificateId: string): Promise<string> {
    const { withSystem } = await import("../../src/server/platform/transactions.js");
    const { certificate } = await import("../../src/server/registry/tables.js");
    const { eq } = await import("drizzle-orm");
    const [row] = await withSystem(t.database, (tx) =>
      tx.select({ code: certificate.verifyCode }).from(certificate).where(eq(certificate.id, certificateId)),
    );
    return row!.code;
  }
});
