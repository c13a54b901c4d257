import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { localDayOf } from "../../src/domain/shared/local-time.js";
import { withSystem } from "../../src/server/platform/transactions.js";
import { refreshFlagsOfEveryOrganisation } from "../../src/server/registry/flags.js";
import { householdFlag } from "../../src/server/registry/tables.js";
import {
  type Client,
  endFlagAhead,
  login,
  seedAimak,
  seedOrganisation,
  startTestApp,
  type TestApp,
} from "../support/app.js";

const AIMAK = "41703220930000";

/** Derived vulnerability flags follow the register when a criterion changes and as days pass. */
describe("derived vulnerability flags kept in line with the register", () => {
  let t: TestApp;
  let clerk: Client;
  let admin: Client;
  let villages: string[];
  let orgId: string;
  let orgName: string;
  let timeZone: string;

  beforeAll(async () => {
    // A household list's file holds two here, so a third is refused without making thousands.
    t = await startTestApp({ env: { AIMAK_LIST_FILE_MAX_HOUSEHOLDS: "2" } });
    ({ villageCodes: villages } = await seedAimak(t.database, AIMAK, 1));
    const m = await seedOrganisation(t.database, {
      adminUnitCode: AIMAK,
      users: { clerk: ["clerk"], admin: ["administrator"] },
    });
    orgId = m.org.id;
    orgName = m.org.name.ky!;
    timeZone = m.org.timeZone;
    clerk = await login(t.app, m.users.clerk!.username);
    admin = await login(t.app, m.users.admin!.username);
  });
  afterAll(() => t.close());

  const child = (givenName: string, birthDate: string, sex = "female") => ({
    relation: "daughter",
    person: { surname: "Токтогулова", givenName, sex, birthDate },
  });
  async function householdWithChildren(childBirthDates: string[]) {
    const res = await clerk.post("/api/registry/households", {
      villageCode: villages[0],
      street: "Токтогул көчөсү",
      house: String(childBirthDates.length),
      formedOn: "2020-01-01",
      members: [
        {
          relation: "head",
          person: { surname: "Токтогулов", givenName: "Азамат", sex: "male", birthDate: "1975-03-02" },
        },
        ...childBirthDates.map((d, i) => child(["Айгерим", "Бермет", "Гүлзат", "Динара", "Элнура"][i]!, d)),
      ],
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json().id as string;
  }
  /** A life event recorded for the household; what the register answers. */
  async function recordEvent(householdId: string, event: Record<string, unknown>) {
    const res = await clerk.post(`/api/registry/households/${householdId}/events`, event);
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as { eventId: string };
  }
  /** A daughter born to the household on `occurredOn`, recorded as a birth. */
  const born = (householdId: string, occurredOn: string, givenName: string) =>
    recordEvent(householdId, {
      kind: "birth",
      occurredOn,
      relation: "daughter",
      person: { surname: "Токтогулова", givenName, sex: "female", birthDate: occurredOn },
    });
  /** A woman's household formed on `formedOn` with her grown son: its id and the son's. */
  async function motherAndSon(
    street: string,
    formedOn: string,
    [surname, mother, son]: [string, string, string],
    motherBorn: string,
  ) {
    const created = await clerk.post("/api/registry/households", {
      villageCode: villages[0],
      street,
      formedOn,
      members: [
        {
          relation: "head",
          person: { surname: `${surname}а`, givenName: mother, sex: "female", birthDate: motherBorn },
        },
        { relation: "son", person: { surname, givenName: son, sex: "male", birthDate: "1980-02-02" } },
      ],
    });
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json().id as string;
    const members = (await clerk.get(`/api/registry/households/${id}`)).json().members as {
      id: string;
      givenName: string;
    }[];
    return { id, son: members.find((m) => m.givenName === son)!.id };
  }
  /**
   * A woman's household since 2000 whose son left in 2016 and whose grandson came to live with her
   * in 2023, the arrival recorded first: alone between the two. Its id.
   */
  async function aloneFrom2016To2023(
    street: string,
    [surname, mother, son, grandson]: [string, string, string, string],
    motherBorn: string,
  ) {
    const { id, son: sonId } = await motherAndSon(street, "2000-01-01", [surname, mother, son], motherBorn);
    await recordEvent(id, {
      kind: "arrival",
      occurredOn: "2023-01-01",
      relation: "grandchild",
      person: { surname, givenName: grandson, sex: "male", birthDate: "2005-07-07" },
    });
    await recordEvent(id, { kind: "departure", occurredOn: "2016-01-01", personId: sonId });
    return id;
  }
  /** A household of one, its head a woman, formed on `formedOn`; its id. */
  async function womanAlone(
    street: string,
    formedOn: string,
    head: { surname: string; givenName: string; birthDate: string },
  ) {
    const created = await clerk.post("/api/registry/households", {
      villageCode: villages[0],
      street,
      formedOn,
      members: [{ relation: "head", person: { ...head, sex: "female" } }],
    });
    expect(created.statusCode, created.body).toBe(201);
    return created.json().id as string;
  }
  /** A father's household formed on `formedOn`, his son abroad in Russia since `abroadSince`; its id. */
  async function sonAbroad(
    street: string,
    formedOn: string,
    abroadSince: string,
    [surname, father, son]: [string, string, string],
  ) {
    const created = await clerk.post("/api/registry/households", {
      villageCode: villages[0],
      street,
      formedOn,
      members: [
        { relation: "head", person: { surname, givenName: father, sex: "male", birthDate: "1965-08-08" } },
        {
          relation: "son",
          person: {
            surname,
            givenName: son,
            sex: "male",
            birthDate: "1992-02-02",
            migration: { country: "RU", since: abroadSince },
          },
        },
      ],
    });
    expect(created.statusCode, created.body).toBe(201);
    return created.json().id as string;
  }
  /** A son registered abroad since 1 April 2019 (formed 2015), home on 1 June 2025 by an event. */
  async function sonCameHome(street: string, names: [string, string, string]) {
    const household = await sonAbroad(street, "2015-01-01", "2019-04-01", names);
    const son = (await clerk.get(`/api/registry/households/${household}`))
      .json()
      .members.find((m: { givenName: string }) => m.givenName === names[2]).id as string;
    await recordEvent(household, {
      kind: "migration",
      occurredOn: "2025-06-01",
      personId: son,
      migration: null,
    });
    return { household, son };
  }
  /** The household's flags in force on a day (today when none is named), as its card shows them. */
  const openFlags = async (householdId: string, asOf?: string) =>
    (await clerk.get(`/api/registry/households/${householdId}${asOf ? `?asOf=${asOf}` : ""}`)).json()
      .flags as {
      id: string;
      criterionCode: string;
      source: string;
      setOn: string;
      clearedOn: string | null;
      setByName: string | null;
    }[];
  const largeFamily = (count: number) =>
    admin.put("/api/registry/vulnerability-criteria/large-family", {
      name: { ky: "Көп балалуу үй-бүлө", ru: "Многодетная семья" },
      rule: { kind: "children-at-least", count, underAgeYears: 18 },
      active: true,
    });

  it("flags and unflags every household from the day an administrator changes a criterion's rule, audited", async () => {
    const two = await householdWithChildren(["2012-04-01", "2015-09-10"]);
    const none = await householdWithChildren([]);
    expect((await openFlags(two)).map((f) => f.criterionCode)).not.toContain("large-family");

    const today = localDayOf(new Date(), timeZone);
    expect((await largeFamily(2)).statusCode).toBe(200);
    const flagged = (await openFlags(two)).find((f) => f.criterionCode === "large-family");
    expect(flagged).toMatchObject({ source: "derived", setOn: today });
    expect((await openFlags(none)).map((f) => f.criterionCode)).not.toContain("large-family");

    expect((await largeFamily(3)).statusCode).toBe(200);
    expect((await openFlags(two)).map((f) => f.criterionCode)).not.toContain("large-family");
    // Set and undone on one day, it was never in force: removed, not left set and cleared on one day.
    const trail = (await admin.get(`/api/audit?entity=household_flag&entityId=${flagged!.id}`)).json()
      .items as { action: string; before: { setOn: string } | null }[];
    expect(trail.map((r) => r.action)).toEqual(["delete", "create"]);
    expect(trail[0]!.before).toMatchObject({ setOn: today });
    expect((await clerk.get(`/api/registry/households/${two}`)).json().formerFlags).toEqual([]);
    expect((await largeFamily(4)).statusCode).toBe(200);
  });

  it("downloads the households of a flag as a file named in the user's language, and refuses a list longer than a file holds", async () => {
    const large = await householdWithChildren(["2015-01-01", "2016-02-02", "2017-03-03", "2018-04-04"]);
    const { number } = (await clerk.get(`/api/registry/households/${large}`)).json();
    await householdWithChildren([]);
    await householdWithChildren([]);
    const listed = await clerk.get("/api/registry/households/export?flag=large-family&format=csv", {
      "accept-language": "ky",
    });
    expect(listed.statusCode, listed.body).toBe(200);
    const [header, ...lines] = listed.body
      .replace(/^\uFEFF/, "")
      .trim()
      .split(/\r?\n/);
    expect(header).toBe("Чарба №;Башчысы;Айыл;Көчө;Үй;Телефон;Мүчөлөрү;Аярлуулук белгилери");
    const row = lines.find((l) => l.startsWith(`${number};`));
    expect(row).toContain("Токтогулов Азамат;");
    expect(row).toContain(";Токтогул көчөсү;4;");
    expect(row).toMatch(/;5;[^;]*Көп балалуу үй-бүлө[^;]*$/);
    // Every household in it carries the flag; one without children is not among them.
    expect(lines.every((l) => l.includes("Көп балалуу үй-бүлө"))).toBe(true);
    const everyone = await clerk.get("/api/registry/households/export?format=xlsx", {
      "accept-language": "ky",
    });
    expect(everyone.statusCode).toBe(422);
    expect(everyone.json().title).toContain("2");
  });

  it("clears a large family's flag on the first day after the fourth child turns 18, once, as the system", async () => {
    const household = await householdWithChildren(["2008-12-20", "2011-01-05", "2013-06-30", "2016-02-14"]);
    expect((await openFlags(household)).map((f) => f.criterionCode)).toContain("large-family");

    const done = new Map<string, string>();
    // A pass stopped by a shutdown before it began reads no one and leaves the day for the next.
    const stopped = new AbortController();
    stopped.abort();
    await refreshFlagsOfEveryOrganisation(t.database, done, new Date("2026-12-19T12:00:00Z"), stopped.signal);
    expect(done.size).toBe(0);
    await refreshFlagsOfEveryOrganisation(t.database, done, new Date("2026-12-19T12:00:00Z"));
    expect((await openFlags(household, "2026-12-19")).map((f) => f.criterionCode)).toContain("large-family");
    expect(done.get(orgId)).toBe("2026-12-19");

    await refreshFlagsOfEveryOrganisation(t.database, done, new Date("2026-12-20T12:00:00Z"));
    expect((await openFlags(household, "2026-12-19")).map((f) => f.criterionCode)).toContain("large-family");
    expect((await openFlags(household, "2026-12-20")).map((f) => f.criterionCode)).not.toContain(
      "large-family",
    );
    const updates = () =>
      admin
        .get("/api/audit?entity=household_flag&action=update")
        .then((r) => r.json().items as { client: string; after: { clearedOn: string } }[]);
    const [cleared] = await updates();
    expect(cleared).toMatchObject({ client: "system", after: { clearedOn: "2026-12-20" } });
    // Later the same day the organisation is not read again; the next day finds nothing to change.
    const recorded = (await updates()).length;
    await refreshFlagsOfEveryOrganisation(t.database, done, new Date("2026-12-20T18:00:00Z"));
    await refreshFlagsOfEveryOrganisation(t.database, done, new Date("2026-12-21T12:00:00Z"));
    expect(done.get(orgId)).toBe("2026-12-21");
    expect((await updates()).length).toBe(recorded);
  });

  it("clears a flag on the day its facts ended while the service was off, not the day it ran again", async () => {
    // The eldest of four turns 18 on 24 December; the service runs on the 23rd, then only on the 27th.
    const household = await householdWithChildren(["2008-12-24", "2011-01-05", "2013-06-30", "2016-02-14"]);
    await refreshFlagsOfEveryOrganisation(t.database, new Map(), new Date("2026-12-23T12:00:00Z"));
    expect(codes(await openFlags(household, "2026-12-23"))).toContain("large-family");
    await refreshFlagsOfEveryOrganisation(t.database, new Map(), new Date("2026-12-27T12:00:00Z"));
    const [flag] = await daysOf(household, "large-family");
    expect(flag).toMatchObject({ source: "derived", clearedOn: "2026-12-24" });
  });

  it("dates a migrant family from the day the migration began, and the card of a day before shows no migration", async () => {
    const household = await sonAbroad("Чүй көчөсү", "2015-01-01", "2019-04-01", ["Мамытов", "Бакыт", "Улан"]);
    const migrant = async (asOf: string) =>
      (await openFlags(household, asOf)).find((f) => f.criterionCode === "migrant-family");
    // Worked out for today, from the day the migration began: 01.04.2019.
    expect(await migrant(localDayOf(new Date(), timeZone))).toMatchObject({
      source: "derived",
      setOn: "2019-04-01",
    });
    expect(await migrant("2021-01-01")).toBeDefined();
    expect(await migrant("2019-03-31")).toBeUndefined();

    const ulan = async (asOf: string) =>
      (
        (await clerk.get(`/api/registry/households/${household}?asOf=${asOf}`)).json().members as {
          givenName: string;
          migration: { since: string } | null;
        }[]
      ).find((m) => m.givenName === "Улан")!;
    expect((await ulan("2016-01-01")).migration).toBeNull();
    expect((await ulan("2021-01-01")).migration).toMatchObject({ country: "RU", since: "2019-04-01" });

    // A flag set before this rule, on the day it was worked out, is dated back by the next pass, audited.
    const flag = (await migrant(localDayOf(new Date(), timeZone)))!;
    const today = localDayOf(new Date(), timeZone);
    await withSystem(t.database, (tx) =>
      tx.update(householdFlag).set({ setOn: today }).where(eq(householdFlag.id, flag.id)),
    );
    await refreshFlagsOfEveryOrganisation(t.database, new Map());
    expect(await migrant("2021-01-01")).toMatchObject({ id: flag.id, setOn: "2019-04-01" });
    const trail = (await admin.get(`/api/audit?entity=household_flag&entityId=${flag.id}`)).json().items as {
      action: string;
      before: { setOn: string };
      after: { setOn: string };
    }[];
    expect(trail[0]).toMatchObject({
      action: "update",
      before: { setOn: today },
      after: { setOn: "2019-04-01" },
    });
  });

  it("gives a household registered with its past the flags its data gives today, each from the day its facts began", async () => {
    const today = localDayOf(new Date(), timeZone);
    const codes = async (householdId: string, asOf: string) =>
      Object.fromEntries((await openFlags(householdId, asOf)).map((f) => [f.criterionCode, f.setOn]));
    // A son abroad since 2022 in a household formed in 2010: a migrant family from his departure.
    const migrantsId = await sonAbroad("Манас көчөсү", "2010-03-01", "2022-04-01", [
      "Асанов",
      "Темир",
      "Нурлан",
    ]);
    expect(await codes(migrantsId, today)).toEqual({ "migrant-family": "2022-04-01" });
    expect(await codes(migrantsId, "2022-03-31")).toEqual({});
    // A woman born in 1950, alone since 2000: female-headed since then, elderly alone since she turned 65.
    const alone = await womanAlone("Жибек Жолу көчөсү", "2000-01-01", {
      surname: "Садыкова",
      givenName: "Бүбүсара",
      birthDate: "1950-06-15",
    });
    expect(await codes(alone, today)).toEqual({
      "female-headed": "2000-01-01",
      "elderly-alone": "2015-06-15",
    });
    expect(await codes(alone, "2015-06-14")).toEqual({ "female-headed": "2000-01-01" });
  });

  it("gives a household split off on a day gone by the flags its members give today, each from the day it began", async () => {
    const today = localDayOf(new Date(), timeZone);
    const created = await clerk.post("/api/registry/households", {
      villageCode: villages[0],
      street: "Бөлүнмө көчөсү",
      formedOn: "2010-01-01",
      members: [
        {
          relation: "head",
          person: { surname: "Бекматов", givenName: "Данияр", sex: "male", birthDate: "1980-02-02" },
        },
        {
          relation: "mother",
          person: { surname: "Бекматова", givenName: "Сайкал", sex: "female", birthDate: "1955-06-01" },
        },
      ],
    });
    expect(created.statusCode, created.body).toBe(201);
    const card = (await clerk.get(`/api/registry/households/${created.json().id}`)).json();
    const mother = card.members.find((m: { givenName: string }) => m.givenName === "Сайкал").id as string;
    // She went to live alone in 2018, aged 62; she turned 65 in 2020.
    const split = await clerk.post(`/api/registry/households/${created.json().id}/events`, {
      kind: "household-split",
      occurredOn: "2018-01-01",
      members: [{ personId: mother, relation: "head" }],
      address: { villageCode: villages[0], street: "Бөлүнмө көчөсү", house: "2" },
    });
    expect(split.statusCode, split.body).toBe(201);
    const flags = await openFlags(split.json().householdId, today);
    expect(Object.fromEntries(flags.map((f) => [f.criterionCode, f.setOn]))).toEqual({
      "female-headed": "2018-01-01",
      "elderly-alone": "2020-06-01",
    });
  });

  it("leaves a household's flags as they hold today after a life event of a day gone by, each from the day its facts began", async () => {
    const today = localDayOf(new Date(), timeZone);
    const { id, son } = await motherAndSon(
      "Кетмен көчөсү",
      "2010-01-01",
      ["Абдыкалыков", "Сайра", "Мирлан"],
      "1955-06-01",
    );
    // Her son left in 2018, when she was 62; she turned 65 in 2020, long before the clerk records it.
    const left = await clerk.post(`/api/registry/households/${id}/events`, {
      kind: "departure",
      occurredOn: "2018-01-01",
      personId: son,
    });
    expect(left.statusCode, left.body).toBe(201);
    const setOn = async (asOf: string) =>
      Object.fromEntries((await openFlags(id, asOf)).map((f) => [f.criterionCode, f.setOn]));
    expect(await setOn(today)).toEqual({ "female-headed": "2010-01-01", "elderly-alone": "2020-06-01" });
    // Alone since 2018, but not yet 65: no elderly person alone on a day before her birthday.
    expect(await setOn("2020-05-31")).toEqual({ "female-headed": "2010-01-01" });
    // His return in 2019, recorded by mistake: she was never alone at 65; annulled, she is again.
    const back = await clerk.post(`/api/registry/households/${id}/events`, {
      kind: "arrival",
      occurredOn: "2019-03-01",
      relation: "son",
      personId: son,
    });
    expect(back.statusCode, back.body).toBe(201);
    expect(await setOn(today)).toEqual({ "female-headed": "2010-01-01" });
    const annulled = await clerk.post(`/api/registry/households/${id}/events/${back.json().eventId}/annul`, {
      reason: "Ката катталган",
    });
    expect(annulled.statusCode, annulled.body).toBe(200);
    expect(await setOn(today)).toEqual({ "female-headed": "2010-01-01", "elderly-alone": "2020-06-01" });
  });

  it("clears a flag a life event of a day gone by set on the day its facts ended since, not the day it was recorded", async () => {
    const today = localDayOf(new Date(), timeZone);
    const former = async (householdId: string, code: string) =>
      (
        (await clerk.get(`/api/registry/households/${householdId}`)).json().formerFlags as {
          criterionCode: string;
          setOn: string;
          clearedOn: string;
        }[]
      ).filter((f) => f.criterionCode === code);
    // A fourth child born in 2024, recorded late: a large family until the eldest turned 18 in 2025.
    const large = await householdWithChildren(["2007-06-01", "2012-04-01", "2015-09-10"]);
    await born(large, "2024-03-01", "Нуриза");
    expect(await former(large, "large-family")).toMatchObject([
      { setOn: "2024-03-01", clearedOn: "2025-06-01" },
    ]);
    expect(codes(await openFlags(large, "2025-05-31"))).toContain("large-family");
    expect(codes(await openFlags(large, "2025-06-01"))).not.toContain("large-family");

    // Her son left in 2016, when she was 65, and her grandson came to live with her in 2023, recorded
    // first: an elderly woman alone from the son's leaving until the grandson came, not until today.
    const alone = await aloneFrom2016To2023(
      "Нарын көчөсү",
      ["Жумалиев", "Айымкан", "Бакыт", "Эмир"],
      "1950-03-03",
    );
    expect(await former(alone, "elderly-alone")).toMatchObject([
      { setOn: "2016-01-01", clearedOn: "2023-01-01" },
    ]);
    expect(codes(await openFlags(alone, today))).not.toContain("elderly-alone");
  });

  it("keeps a migrant family's days while its member was away when a later refresh starts before her return", async () => {
    // Registered abroad since 2019, home on 1 June 2025 (recorded as a return), and then a birth of
    // 1 January 2025 recorded late: the flag held until the return, not until the birth's day.
    const { household, son } = await sonCameHome("Ош көчөсү", ["Осмонов", "Темир", "Айбек"]);
    const migrantDays = async () =>
      (
        await withSystem(t.database, (tx) =>
          tx
            .select()
            .from(householdFlag)
            .where(
              and(
                eq(householdFlag.householdId, household),
                eq(householdFlag.criterionCode, "migrant-family"),
              ),
            ),
        )
      ).map((f) => [f.setOn, f.clearedOn]);
    expect(await migrantDays()).toEqual([["2019-04-01", "2025-06-01"]]);
    await born(household, "2025-01-01", "Айдана");
    expect(await migrantDays()).toEqual([["2019-04-01", "2025-06-01"]]);
    expect(codes(await openFlags(household, "2025-03-01"))).toContain("migrant-family");
    // Gone again in 2026 by an event, and a change of 2024 recorded after: both stretches stand.
    await recordEvent(household, {
      kind: "migration",
      occurredOn: "2026-02-01",
      personId: son,
      migration: { country: "KZ" },
    });
    await born(household, "2024-05-05", "Айсулуу");
    expect((await migrantDays()).sort()).toEqual([
      ["2019-04-01", "2025-06-01"],
      ["2026-02-01", null],
    ]);
  });

  it("ends a flag where its facts broke off after a life event of a day gone by, and sets another from the day they held again", async () => {
    // Four children from 2024 until the eldest turned 18 in 2025, four again from a birth in 2026:
    // the 2026 birth recorded first, the 2024 one later.
    const household = await householdWithChildren(["2007-06-01", "2012-04-01", "2015-09-10"]);
    await born(household, "2026-02-01", "Сезим");
    await born(household, "2024-03-01", "Нуриза");
    const stored = await withSystem(t.database, (tx) =>
      tx.select().from(householdFlag).where(eq(householdFlag.householdId, household)),
    );
    expect(
      stored
        .filter((f) => f.criterionCode === "large-family")
        .map((f) => [f.setOn, f.clearedOn])
        .sort(),
    ).toEqual([
      ["2024-03-01", "2025-06-01"],
      ["2026-02-01", null],
    ]);
    expect(codes(await openFlags(household, "2025-12-31"))).not.toContain("large-family");
  });

  /** Every flag of a criterion the household has held, its days as stored, oldest first. */
  const daysOf = async (householdId: string, code: string) =>
    (
      await withSystem(t.database, (tx) =>
        tx.select().from(householdFlag).where(eq(householdFlag.householdId, householdId)),
      )
    )
      .filter((f) => f.criterionCode === code)
      .map((f) => ({ source: f.source, setOn: f.setOn, clearedOn: f.clearedOn }))
      .sort((a, b) => a.setOn.localeCompare(b.setOn));

  it("keeps a migrant family's days told by a duplicate's record after the duplicate is merged into the kept one", async () => {
    // The son, registered abroad since 2019 and home on 1 June 2025 by an event on that record, is
    // registered again as the lone head of a household of his own from 2024; that record is kept, so
    // his stay with his father ends in 2024. The migration recorded before the return is in the
    // audit trail of the record merged away.
    const { household, son } = await sonCameHome("Чүй көчөсү", ["Бекмуратов", "Нурлан", "Эрмек"]);
    const alone = await clerk.post("/api/registry/households", {
      villageCode: villages[0],
      street: "Чүй көчөсү",
      formedOn: "2024-01-01",
      members: [
        {
          relation: "head",
          person: { surname: "Бекмуратов", givenName: "Эрмек", sex: "male", birthDate: "1992-02-02" },
        },
      ],
    });
    expect(alone.statusCode, alone.body).toBe(201);
    const again = (await clerk.get(`/api/registry/households/${alone.json().id}`)).json().members[0].id;
    const migrantDays = async () =>
      (await daysOf(household, "migrant-family")).map((f) => [f.setOn, f.clearedOn]);
    expect(await migrantDays()).toEqual([["2019-04-01", "2025-06-01"]]);
    const merged = await clerk.post(`/api/registry/people/${again}/merge`, {
      duplicateId: son,
      version: (await clerk.get(`/api/registry/people/${again}`)).json().version,
    });
    expect(merged.statusCode, merged.body).toBe(200);
    expect(await migrantDays()).toEqual([["2019-04-01", "2024-01-01"]]);
    await born(household, "2023-01-01", "Айзат");
    expect(await migrantDays()).toEqual([["2019-04-01", "2024-01-01"]]);
  });

  it("removes with an annulled departure of a day gone by the flag it gave, though the register has ended it since", async () => {
    const { id, son } = await motherAndSon(
      "Сары-Булак көчөсү",
      "2000-01-01",
      ["Турдубаев", "Анара", "Марат"],
      "1950-03-03",
    );
    const left = await recordEvent(id, { kind: "departure", occurredOn: "2016-01-01", personId: son });
    expect(await daysOf(id, "elderly-alone")).toEqual([
      { source: "derived", setOn: "2016-01-01", clearedOn: null },
    ]);
    // Ended since by the register in 2023, as a refresh of that day left it.
    await withSystem(t.database, (tx) =>
      tx
        .update(householdFlag)
        .set({ clearedOn: "2023-01-01", clearReason: "registry.reason.noLongerApplies" })
        .where(and(eq(householdFlag.householdId, id), eq(householdFlag.criterionCode, "elderly-alone"))),
    );
    const [flag] = (await clerk.get(`/api/registry/households/${id}`)).json().formerFlags as { id: string }[];
    const annulled = await clerk.post(`/api/registry/households/${id}/events/${left.eventId}/annul`, {
      reason: "Ката катталган",
    });
    expect(annulled.statusCode, annulled.body).toBe(200);
    // He never left: she was never alone, on no day from 2016 to 2023.
    expect(await daysOf(id, "elderly-alone")).toEqual([]);
    expect(codes(await openFlags(id, "2020-01-01"))).not.toContain("elderly-alone");
    const [removal] = (await admin.get(`/api/audit?entity=household_flag&entityId=${flag!.id}`)).json().items;
    expect(removal).toMatchObject({
      action: "delete",
      before: { setOn: "2016-01-01", clearedOn: "2023-01-01" },
    });
  });

  it("removes with an annulled birth of a day gone by the large family's flag its own 18th birthday already ended", async () => {
    const household = await householdWithChildren(["2007-06-01", "2012-04-01", "2015-09-10"]);
    const birth = await born(household, "2024-03-01", "Нуриза");
    expect(await daysOf(household, "large-family")).toEqual([
      { source: "derived", setOn: "2024-03-01", clearedOn: "2025-06-01" },
    ]);
    const annulled = await clerk.post(`/api/registry/households/${household}/events/${birth.eventId}/annul`, {
      reason: "Ката катталган",
    });
    expect(annulled.statusCode, annulled.body).toBe(200);
    expect(await daysOf(household, "large-family")).toEqual([]);
  });

  it("records a flag whose facts began and ended between a life event's day gone by and today, with its days", async () => {
    // She turned 65 in 2020, alone since her son left in 2016, until her grandson came in 2023.
    const id = await aloneFrom2016To2023(
      "Кара-Суу көчөсү",
      ["Осмонов", "Гүлнара", "Руслан", "Нурбек"],
      "1955-06-01",
    );
    expect(await daysOf(id, "elderly-alone")).toEqual([
      { source: "derived", setOn: "2020-06-01", clearedOn: "2023-01-01" },
    ]);
    expect(codes(await openFlags(id, "2021-01-01"))).toContain("elderly-alone");
    expect(codes(await openFlags(id, "2020-05-31"))).not.toContain("elderly-alone");
  });

  it("keeps, when a life event of a day gone by rewrites the flags, a flag set by hand and derives none over its days", async () => {
    const household = await householdWithChildren([]);
    const set = await clerk.post(`/api/registry/households/${household}/flags`, {
      criterionCode: "disability",
      reason: "Врачтын корутундусу",
      setOn: "2023-01-01",
    });
    expect(set.statusCode, set.body).toBe(201);
    // His brother with a disability came to live with them in 2021, recorded now.
    await recordEvent(household, {
      kind: "arrival",
      occurredOn: "2021-01-01",
      relation: "brother",
      person: {
        surname: "Токтогулов",
        givenName: "Эрлан",
        sex: "male",
        birthDate: "1980-01-01",
        disabilityGroup: "2",
      },
    });
    // The register gives it until her flag begins; hers stands, as she set it, from then.
    expect(await daysOf(household, "disability")).toEqual([
      { source: "derived", setOn: "2021-01-01", clearedOn: "2023-01-01" },
      { source: "manual", setOn: "2023-01-01", clearedOn: null },
    ]);
  });

  it("keeps, when a life event of a day gone by rewrites the flags, a derived flag a social worker cleared by hand", async () => {
    const created = await clerk.post("/api/registry/households", {
      villageCode: villages[0],
      street: "Талас көчөсү",
      formedOn: "2010-01-01",
      members: [
        {
          relation: "head",
          person: {
            surname: "Бекиев",
            givenName: "Талант",
            sex: "male",
            birthDate: "1975-03-02",
            disabilityGroup: "3",
          },
        },
      ],
    });
    expect(created.statusCode, created.body).toBe(201);
    const household = created.json().id as string;
    const [derived] = (await openFlags(household)).filter((f) => f.criterionCode === "disability");
    const cleared = await clerk.post(`/api/registry/households/${household}/flags/${derived!.id}/clear`, {
      reason: "Комиссия тастыктаган жок",
      clearedOn: "2020-01-01",
      againstRegister: true,
    });
    expect(cleared.statusCode, cleared.body).toBe(200);
    // A daughter born in 2015, recorded now: the facts she judged are unchanged.
    await born(household, "2015-05-05", "Айдана");
    expect(await daysOf(household, "disability")).toEqual([
      { source: "derived", setOn: "2010-01-01", clearedOn: "2020-01-01" },
    ]);
    const [kept] = (await clerk.get(`/api/registry/households/${household}`)).json().formerFlags;
    expect(kept).toMatchObject({ id: derived!.id, clearReason: "Комиссия тастыктаган жок" });
  });

  it("dates a female-headed household from the day its head became head, and dates back one worked out later", async () => {
    const household = await womanAlone("Ак-Тилек көчөсү", "2012-05-01", {
      surname: "Осмонова",
      givenName: "Чолпон",
      birthDate: "1979-09-09",
    });
    const today = localDayOf(new Date(), timeZone);
    const femaleHeaded = async (asOf: string) =>
      (await openFlags(household, asOf)).find((f) => f.criterionCode === "female-headed");
    expect(await femaleHeaded(today)).toMatchObject({ source: "derived", setOn: "2012-05-01" });
    expect(await femaleHeaded("2013-01-01")).toBeDefined();
    // One worked out before this rule, on its day (an import's), is dated back by the next pass, audited.
    const flag = (await femaleHeaded(today))!;
    await withSystem(t.database, (tx) =>
      tx.update(householdFlag).set({ setOn: today }).where(eq(householdFlag.id, flag.id)),
    );
    expect(await femaleHeaded("2013-01-01")).toBeUndefined();
    await refreshFlagsOfEveryOrganisation(t.database, new Map());
    expect(await femaleHeaded("2013-01-01")).toMatchObject({ id: flag.id, setOn: "2012-05-01" });
    const [last] = (await admin.get(`/api/audit?entity=household_flag&entityId=${flag.id}`)).json().items;
    expect(last).toMatchObject({
      action: "update",
      before: { setOn: today },
      after: { setOn: "2012-05-01" },
    });
  });

  it("names on the card the user who set a flag by hand, whatever their role", async () => {
    const household = await householdWithChildren([]);
    const set = await clerk.post(`/api/registry/households/${household}/flags`, {
      criterionCode: "poor",
      reason: "Сельсоветтин чечими",
      setOn: "2026-01-10",
    });
    expect(set.statusCode, set.body).toBe(201);
    // The seeded clerk's display name: the card says who, not "a social worker".
    expect((await openFlags(household)).find((f) => f.criterionCode === "poor")).toMatchObject({
      source: "manual",
      setByName: `clerk ${orgName}`,
    });
  });

  it("names a criterion an administrator adds in all five languages, Kyrgyz and Russian required", async () => {
    const name = {
      ky: "Үйдүн чатыры жок",
      ru: "Нет крыши",
      uz: "Уйнинг томи йўқ",
      tg: "Бомаш нест",
      en: "No roof",
    };
    const saved = await admin.put("/api/registry/vulnerability-criteria/no-roof", { name, rule: null });
    expect(saved.statusCode, saved.body).toBe(200);
    const criteria = (await clerk.get("/api/registry/vulnerability-criteria")).json() as {
      code: string;
      name: Record<string, string>;
    }[];
    expect(criteria.find((c) => c.code === "no-roof")?.name).toEqual(name);
    // Without the Russian name it is refused, saying which field, and nothing changes.
    const kyOnly = await admin.put("/api/registry/vulnerability-criteria/no-roof?lang=ky", {
      name: { ky: "Чатыры жок" },
      rule: null,
    });
    expect(kyOnly.statusCode, kyOnly.body).toBe(400);
    expect(kyOnly.json().errors).toMatchObject([{ path: "name.ru", message: "Толтуруу милдеттүү" }]);
    const after = (await clerk.get("/api/registry/vulnerability-criteria")).json() as {
      code: string;
      name: Record<string, string>;
    }[];
    expect(after.find((c) => c.code === "no-roof")?.name).toEqual(name);
  });

  /** An ISO day this many days from another (negative: before). */
  const shifted = (day: string, days: number) =>
    new Date(Date.parse(day) + days * 86_400_000).toISOString().slice(0, 10);
  const codes = (flags: { criterionCode: string }[]) => flags.map((f) => f.criterionCode);

  it("reads a flag in force on a day one way in the card, the lists and their filters", async () => {
    const household = await householdWithChildren(["2019-05-05"]);
    const today = localDayOf(new Date(), timeZone);
    const flag = async (criterionCode: string, clearedOn: string) => {
      const set = await clerk.post(`/api/registry/households/${household}/flags`, {
        criterionCode,
        reason: "Сельсоветтин чечими",
        setOn: "2026-01-10",
      });
      expect(set.statusCode, set.body).toBe(201);
      if (clearedOn > today) return endFlagAhead(t.database, set.json().id, clearedOn, "Жөлөкпул мөөнөтү");
      const cleared = await clerk.post(`/api/registry/households/${household}/flags/${set.json().id}/clear`, {
        reason: "Жөлөкпул мөөнөтү",
        clearedOn,
      });
      expect(cleared.statusCode, cleared.body).toBe(200);
    };
    // A benefit granted until next year (as an import may hold) is in force today; one that stopped yesterday is not.
    await flag("social-assistance", shifted(today, 365));
    await flag("poor", shifted(today, -1));

    expect(codes(await openFlags(household))).toEqual(["social-assistance"]);
    const card = (await clerk.get(`/api/registry/households/${household}`)).json();
    expect(card.formerFlags).toMatchObject([
      { criterionCode: "poor", clearedOn: shifted(today, -1), clearReason: "Жөлөкпул мөөнөтү" },
    ]);
    const households = async (flag: string) =>
      (await clerk.get(`/api/registry/households?flag=${flag}&pageSize=100`)).json().items as {
        id: string;
        flags: string[];
      }[];
    const found = (await households("social-assistance")).find((h) => h.id === household);
    expect(found?.flags).toEqual(["social-assistance"]);
    expect((await households("poor")).map((h) => h.id)).not.toContain(household);
    const people = async (flag: string) =>
      (
        (await clerk.get(`/api/registry/people?flag=${flag}&pageSize=100`)).json().items as {
          householdId: string;
        }[]
      )
        .map((p) => p.householdId)
        .filter((id) => id === household).length;
    expect(await people("social-assistance")).toBe(2);
    expect(await people("poor")).toBe(0);
  });

  it("refuses a flag set on a day still to come or before the household was formed, and a clearing day before the flag was set or still to come", async () => {
    const household = await householdWithChildren([]);
    const tomorrow = shifted(localDayOf(new Date(), timeZone), 1);
    const ahead = await clerk.post(
      `/api/registry/households/${household}/flags`,
      { criterionCode: "poor", reason: "Сельсоветтин чечими", setOn: tomorrow },
      { "accept-language": "ky" },
    );
    expect(ahead.statusCode, ahead.body).toBe(422);
    expect(ahead.json()).toMatchObject({ code: "registry.dateInFuture" });
    expect(ahead.json().title).toContain("болуп өткөн гана жазылат");
    expect(codes(await openFlags(household, tomorrow))).not.toContain("poor");
    // Formed on 01.01.2020: no flag before it existed.
    const before = await clerk.post(`/api/registry/households/${household}/flags`, {
      criterionCode: "poor",
      reason: "Сельсоветтин чечими",
      setOn: "2019-12-31",
    });
    expect(before.statusCode, before.body).toBe(422);
    expect(before.json()).toMatchObject({ code: "registry.flagBeforeHousehold" });
    expect(before.json().title).toContain("01.01.2020");

    const set = await clerk.post(`/api/registry/households/${household}/flags`, {
      criterionCode: "poor",
      reason: "Сельсоветтин чечими",
      setOn: "2026-06-01",
    });
    expect(set.statusCode, set.body).toBe(201);
    const early = await clerk.post(`/api/registry/households/${household}/flags/${set.json().id}/clear`, {
      reason: "Жаңылыш",
      clearedOn: "2026-05-31",
    });
    expect(early.statusCode, early.body).toBe(422);
    expect(early.json()).toMatchObject({ code: "registry.clearedBeforeSet" });
    // Nor cleared on a day still to come, refused in the words a flag set then is.
    const late = await clerk.post(
      `/api/registry/households/${household}/flags/${set.json().id}/clear`,
      { reason: "Жөлөкпул мөөнөтү", clearedOn: tomorrow },
      { "accept-language": "ky" },
    );
    expect(late.statusCode, late.body).toBe(422);
    expect(late.json()).toMatchObject({ code: "registry.dateInFuture" });
    expect(late.json().title).toBe(ahead.json().title);
    expect(codes(await openFlags(household))).toContain("poor");
    expect(codes(await openFlags(household, tomorrow))).toContain("poor");
  });

  it("refuses a second flag of a criterion before the first, cleared on a day still to come, ends", async () => {
    const household = await householdWithChildren([]);
    const today = localDayOf(new Date(), timeZone);
    const set = (setOn: string) =>
      clerk.post(`/api/registry/households/${household}/flags`, {
        criterionCode: "social-assistance",
        reason: "Сельсоветтин чечими",
        setOn,
      });
    const first = await set(shifted(today, -30));
    expect(first.statusCode, first.body).toBe(201);
    const until = shifted(today, 60);
    await endFlagAhead(t.database, first.json().id, until, "Жөлөкпул мөөнөтү");

    const overlapping = await set(today);
    expect(overlapping.statusCode, overlapping.body).toBe(422);
    expect(overlapping.json()).toMatchObject({ code: "registry.flagInForceUntil" });
    const [y, m, d] = until.split("-");
    expect(overlapping.json().title).toContain(`${d}.${m}.${y} чейин күчүндө`);
    const flags = (await clerk.get(`/api/registry/households/${household}?asOf=${today}`)).json().flags as {
      criterionCode: string;
    }[];
    expect(flags.filter((f) => f.criterionCode === "social-assistance")).toHaveLength(1);
  });

  it("quotes once in its messages a criterion whose name is written in quotation marks", async () => {
    const saved = await admin.put("/api/registry/vulnerability-criteria/family-aid", {
      name: { ky: "«Үй-бүлөгө көмөк»", ru: "«Помощь семье»" },
      rule: null,
      active: true,
    });
    expect(saved.statusCode, saved.body).toBe(200);
    const household = await householdWithChildren([]);
    // The clerk's language is Kyrgyz; an API caller asks for another with ?lang=.
    const set = (lang: string) =>
      clerk.post(`/api/registry/households/${household}/flags?lang=${lang}`, {
        criterionCode: "family-aid",
        reason: "Сельсоветтин чечими",
        setOn: "2026-01-10",
      });
    expect((await set("ky")).statusCode).toBe(201);
    const again = await set("ky");
    expect(again.statusCode, again.body).toBe(422);
    expect(again.json()).toMatchObject({
      code: "registry.flagAlreadySet",
      title: "«Үй-бүлөгө көмөк» белгиси 10.01.2026 күнүнөн бери коюлган",
    });
    expect((await set("ru")).json().title).toBe("Отметка «Помощь семье» уже стоит с 10.01.2026");
  });

  it("refuses a flag set by hand that the register's facts contradict, naming the criterion and the fact", async () => {
    // A male head: no female-headed household; two members: no elderly person alone.
    const household = await householdWithChildren(["2012-04-01"]);
    const set = (criterionCode: string) =>
      clerk.post(
        `/api/registry/households/${household}/flags`,
        { criterionCode, reason: "Коңшулары айтты", setOn: "2026-01-10" },
        { "accept-language": "ky" },
      );
    const femaleHeaded = await set("female-headed");
    expect(femaleHeaded.statusCode, femaleHeaded.body).toBe(422);
    expect(femaleHeaded.json()).toMatchObject({ code: "registry.flagContradicted" });
    expect(femaleHeaded.json().title).toContain("«Аял башкарган үй-бүлө»");
    expect(femaleHeaded.json().title).toContain("башчысы эркек катары катталган");
    const alone = await set("elderly-alone");
    expect(alone.statusCode, alone.body).toBe(422);
    expect(alone.json().title).toContain("үй чарбада 2 мүчө бар");
    expect(codes(await openFlags(household))).not.toContain("female-headed");
    // What the register only lacks is no fact: a disability it has not recorded may be flagged by hand.
    expect((await set("disability")).statusCode).toBe(201);
  });

  it("refuses to clear a derived flag the data still gives unless cleared against it, keeps that removal while the facts stay, and derives it again when they change", async () => {
    const household = await householdWithChildren(["2010-03-03"]);
    const members = (await clerk.get(`/api/registry/households/${household}`)).json().members as {
      id: string;
      relation: string;
      version: number;
    }[];
    const [head, daughter] = [
      members.find((m) => m.relation === "head")!,
      members.find((m) => m.relation !== "head")!,
    ];
    const patch = async (member: { id: string }, changes: Record<string, unknown>) => {
      const { version } = (await clerk.get(`/api/registry/people/${member.id}`)).json();
      const res = await clerk.patch(`/api/registry/people/${member.id}`, { ...changes, version });
      expect(res.statusCode, res.body).toBe(200);
    };
    await patch(daughter, { disabilityGroup: "child" });
    const derived = (await openFlags(household)).find((f) => f.criterionCode === "disability");
    expect(derived).toMatchObject({ source: "derived" });
    const clear = (body: Record<string, unknown>) =>
      clerk.post(
        `/api/registry/households/${household}/flags/${derived!.id}/clear`,
        { reason: "Комиссия тастыктаган жок", clearedOn: localDayOf(new Date(), timeZone), ...body },
        { "accept-language": "ky" },
      );
    // As a flag set against the data is: the register says so; the data is corrected first.
    const refused = await clear({});
    expect(refused.statusCode, refused.body).toBe(422);
    expect(refused.json()).toMatchObject({ code: "registry.flagStillGiven" });
    expect(refused.json().title).toContain(
      "«Ден соолугунун мүмкүнчүлүгү чектелген адам бар» белгисин реестрдеги маалымат берет: Ден соолугунун мүмкүнчүлүгү чектелген мүчөлөр: 1",
    );
    expect(refused.json().title).toContain("адегенде аны оңдоңуз");
    expect((await openFlags(household)).find((f) => f.criterionCode === "disability")?.id).toBe(derived!.id);
    // Or she says she clears it against the data: her judgement, marked so on the card.
    const cleared = await clear({ againstRegister: true });
    expect(cleared.statusCode, cleared.body).toBe(200);

    // Another change to the members, then the hourly refresh: her decision stands.
    await patch(head, { occupation: "мугалим" });
    await refreshFlagsOfEveryOrganisation(t.database, new Map());
    expect(codes(await openFlags(household))).not.toContain("disability");

    // New facts (a second member with a disability) are judged anew.
    await patch(head, { disabilityGroup: "2" });
    expect((await openFlags(household)).find((f) => f.criterionCode === "disability")).toMatchObject({
      source: "derived",
      reason: "registry.reason.disability",
    });
  });

  it("derives no flag beside an open one of its criterion set by hand: hers stands, and the rule takes over once she clears it", async () => {
    const household = await householdWithChildren(["2012-04-04"]);
    const members = (await clerk.get(`/api/registry/households/${household}`)).json().members as {
      id: string;
      relation: string;
    }[];
    const daughter = members.find((m) => m.relation !== "head")!;
    const today = localDayOf(new Date(), timeZone);
    // The register's data falls short (no disability recorded): she sets it by hand.
    const set = await clerk.post(`/api/registry/households/${household}/flags`, {
      criterionCode: "disability",
      reason: "Врачтын корутундусу",
      setOn: shifted(today, -10),
    });
    expect(set.statusCode, set.body).toBe(201);
    // The data then gives it: still one flag of the criterion, hers.
    const { version } = (await clerk.get(`/api/registry/people/${daughter.id}`)).json();
    const patched = await clerk.patch(`/api/registry/people/${daughter.id}`, {
      disabilityGroup: "child",
      version,
    });
    expect(patched.statusCode, patched.body).toBe(200);
    await refreshFlagsOfEveryOrganisation(t.database, new Map());
    const disability = (await openFlags(household)).filter((f) => f.criterionCode === "disability");
    expect(disability).toEqual([expect.objectContaining({ id: set.json().id, source: "manual" })]);
    const stored = await withSystem(t.database, (tx) =>
      tx.select().from(householdFlag).where(eq(householdFlag.householdId, household)),
    );
    expect(stored.filter((f) => f.criterionCode === "disability")).toHaveLength(1);

    // Cleared by hand: the next refresh derives it from the day after hers ended.
    const cleared = await clerk.post(`/api/registry/households/${household}/flags/${set.json().id}/clear`, {
      reason: "Мөөнөтү бүттү",
      clearedOn: shifted(today, -1),
    });
    expect(cleared.statusCode, cleared.body).toBe(200);
    await refreshFlagsOfEveryOrganisation(t.database, new Map());
    expect((await openFlags(household)).filter((f) => f.criterionCode === "disability")).toEqual([
      expect.objectContaining({ source: "derived", setOn: shifted(today, -1) }),
    ]);
  });

  it("names the day a flag in force is set from when another of its criterion is dated before it", async () => {
    const household = await householdWithChildren([]);
    const today = localDayOf(new Date(), timeZone);
    const set = (setOn: string, lang = "ky") =>
      clerk.post(`/api/registry/households/${household}/flags?lang=${lang}`, {
        criterionCode: "poor",
        reason: "Сельсоветтин чечими",
        setOn,
      });
    const since = shifted(today, -30);
    expect((await set(since)).statusCode).toBe(201);
    const [y, m, d] = since.split("-");
    for (const [lang, title] of [
      ["ky", `«Аз камсыз болгон үй-бүлө» белгиси ${d}.${m}.${y} күнүнөн бери коюлган`],
      ["ru", `Отметка «Малообеспеченная семья» уже стоит с ${d}.${m}.${y}`],
      ["en", `The flag “Low-income household” is already set, since ${d}/${m}/${y}`],
    ]) {
      const earlier = await set(shifted(today, -60), lang);
      expect(earlier.statusCode, earlier.body).toBe(422);
      expect(earlier.json()).toMatchObject({ code: "registry.flagAlreadySet", title });
    }
    expect((await openFlags(household, shifted(today, -60))).map((f) => f.criterionCode)).not.toContain(
      "poor",
    );
  });

  it("ends a household's flags on the day it is dissolved, audited, and ends there one set later for a day before", async () => {
    const household = await womanAlone("Ала-Тоо көчөсү", "2020-01-01", {
      surname: "Жалгызова",
      givenName: "Гүлай",
      birthDate: "1970-03-02",
    });
    const headId = (await clerk.get(`/api/registry/households/${household}`)).json().members[0].id as string;
    const set = (criterionCode: string, setOn: string) =>
      clerk.post(
        `/api/registry/households/${household}/flags`,
        { criterionCode, reason: "Сельсоветтин чечими", setOn },
        { "accept-language": "ky" },
      );
    const poor = await set("poor", "2024-01-01");
    expect(poor.statusCode, poor.body).toBe(201);
    // A benefit granted until a day still to come.
    const ahead = shifted(localDayOf(new Date(), timeZone), 60);
    await endFlagAhead(t.database, poor.json().id, ahead, "Жөлөкпул мөөнөтү");
    expect(codes(await openFlags(household)).sort()).toEqual(["female-headed", "poor"]);

    const died = await clerk.post(`/api/registry/households/${household}/events`, {
      kind: "death",
      occurredOn: "2024-05-01",
      personId: headId,
    });
    expect(died.statusCode, died.body).toBe(201);
    const card = async (asOf?: string) =>
      (await clerk.get(`/api/registry/households/${household}${asOf ? `?asOf=${asOf}` : ""}`)).json() as {
        dissolvedOn: string | null;
        flags: { criterionCode: string }[];
        formerFlags: { criterionCode: string; clearedOn: string; clearReason: string }[];
      };
    const now = await card();
    expect(now.dissolvedOn).toBe("2024-05-01");
    expect(now.flags).toEqual([]);
    const ended = (c: Awaited<ReturnType<typeof card>>) =>
      c.formerFlags.map((f) => `${f.criterionCode}:${f.clearedOn}:${f.clearReason}`).sort();
    expect(ended(now)).toEqual([
      "female-headed:2024-05-01:registry.reason.householdDissolved",
      "poor:2024-05-01:registry.reason.householdDissolved",
    ]);
    // The day before, both were in force.
    expect(codes((await card("2024-04-30")).flags).sort()).toEqual(["female-headed", "poor"]);
    const trail = (await admin.get(`/api/audit?entity=household_flag&entityId=${poor.json().id}`)).json()
      .items as { action: string; before: { clearedOn: string }; after: { clearedOn: string } }[];
    expect(trail[0]).toMatchObject({
      action: "update",
      before: { clearedOn: ahead },
      after: { clearedOn: "2024-05-01" },
    });

    // Set now for a day the household still existed: it ends with the household too.
    const late = await set("social-assistance", "2024-03-01");
    expect(late.statusCode, late.body).toBe(201);
    expect(late.json()).toMatchObject({
      clearedOn: "2024-05-01",
      clearReason: "registry.reason.householdDissolved",
    });
    expect((await card()).flags).toEqual([]);
    expect(codes((await card("2024-04-30")).flags)).toContain("social-assistance");
    // One the dissolution ended is named with its first day, not as ending on a day a new one may follow.
    const again = await set("poor", "2024-03-01");
    expect(again.json()).toMatchObject({ code: "registry.flagAlreadySet" });
    expect(again.json().title).toContain("01.01.2024");
    // Dated on or after the dissolution: refused, as before.
    expect((await set("social-assistance", "2024-06-01")).json().code).toBe("registry.householdDissolved");
  });
});
