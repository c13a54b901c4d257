import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type Client,
  login,
  seedAimak,
  seedOrganisation,
  startTestApp,
  type TestApp,
} from "../support/app.js";

const AIMAK = "41703220980000";

interface Member {
  id: string;
  givenName: string;
  relation: string;
  memberSince: string;
  deathDate: string | null;
}
interface HistoryRow {
  id: string;
  kind: string;
  occurredOn: string;
  personName: string | null;
  annulledAt: string | null;
  annulledByName: string | null;
  annulledReason: string | null;
}
interface Card {
  id: string;
  version: number;
  dissolvedOn: string | null;
  existed: boolean;
  members: Member[];
  formerMembers: Member[];
  flags: { id: string; criterionCode: string }[];
  formerFlags: { criterionCode: string; setOn: string; clearedOn: string }[];
  events: HistoryRow[];
}

/** "Registered by mistake": an annulled event undoes what it did and stays in the history, marked. */
describe("annulling a life event registered by mistake", () => {
  let t: TestApp;
  let clerk: Client;
  let admin: Client;
  let landSpecialist: Client;
  let villages: string[];

  const someone = (givenName: string, sex = "male", birthDate = "1980-05-15") => ({
    surname: "Осмонов",
    givenName,
    sex,
    birthDate,
  });
  async function household(members: { relation: string; person: Record<string, unknown> }[]) {
    const res = await clerk.post("/api/registry/households", {
      villageCode: villages[0],
      formedOn: "2020-01-01",
      members,
    });
    expect(res.statusCode, res.body).toBe(201);
    return card(res.json().id);
  }
  const card = async (id: string, asOf?: string): Promise<Card> =>
    (await clerk.get(`/api/registry/households/${id}${asOf ? `?asOf=${asOf}` : ""}`)).json();
  const record = async (householdId: string, body: Record<string, unknown>) => {
    const res = await clerk.post(`/api/registry/households/${householdId}/events`, body);
    expect(res.statusCode, res.body).toBe(201);
    return res.json().eventId as string;
  };
  const annul = (householdId: string, eventId: string, reason = "Ката катталган") =>
    clerk.post(
      `/api/registry/households/${householdId}/events/${eventId}/annul`,
      { reason },
      { "accept-language": "ky" },
    );
  const annulled = async (householdId: string, eventId: string) => {
    const res = await annul(householdId, eventId);
    expect(res.statusCode, res.body).toBe(200);
    return card(householdId);
  };
  const who = (members: Member[]) => members.map((m) => `${m.givenName}:${m.relation}`).sort();
  const row = (c: Card, eventId: string) => c.events.find((e) => e.id === eventId)!;

  beforeAll(async () => {
    t = await startTestApp();
    ({ villageCodes: villages } = await seedAimak(t.database, AIMAK, 1));
    const m = await seedOrganisation(t.database, {
      adminUnitCode: AIMAK,
      users: { clerk: ["clerk"], admin: ["administrator"], land: ["land-specialist"] },
    });
    clerk = await login(t.app, m.users.clerk!.username);
    landSpecialist = await login(t.app, m.users.land!.username);
    admin = await login(t.app, m.users.admin!.username);
  });
  afterAll(() => t.close());

  it("a wrong death: the person lives again, in the stay the death had ended, on every day; audited", async () => {
    const h = await household([
      { relation: "head", person: someone("Марат") },
      { relation: "son", person: someone("Тимур", "male", "2005-02-02") },
    ]);
    const timur = h.members.find((m) => m.givenName === "Тимур")!;
    const death = await record(h.id, { kind: "death", occurredOn: "2024-06-01", personId: timur.id });
    expect(who((await card(h.id)).members)).toEqual(["Марат:head"]);

    const after = await annulled(h.id, death);
    expect(who(after.members)).toEqual(["Марат:head", "Тимур:son"]);
    expect(after.members.find((m) => m.givenName === "Тимур")).toMatchObject({
      memberSince: "2020-01-01",
      deathDate: null,
    });
    expect(after.formerMembers).toEqual([]);
    // The card of the death day and after no longer shows it.
    expect(who((await card(h.id, "2024-06-01")).members)).toEqual(["Марат:head", "Тимур:son"]);
    // The history keeps it, marked, with the reason, who and when.
    expect(row(after, death)).toMatchObject({
      kind: "death",
      personName: "Осмонов Тимур",
      annulledReason: "Ката катталган",
      annulledByName: expect.any(String),
      annulledAt: expect.any(String),
    });
    expect(after.version).toBeGreaterThan(h.version);
    // He may now arrive, marry, die: a living member takes events again.
    const person = (await clerk.get(`/api/registry/people/${timur.id}`)).json();
    expect(person.deathDate).toBeNull();

    const trail = (await admin.get(`/api/audit?entity=life_event&entityId=${death}`)).json();
    expect(trail.items[0]).toMatchObject({
      action: "void",
      before: { annulledAt: null },
      after: { annulledReason: "Ката катталган" },
    });

    // Once is enough.
    const again = await annul(h.id, death);
    expect(again.statusCode).toBe(422);
    expect(again.json().title).toBe("Бул окуя буга чейин жокко чыгарылган");
  });

  it("a wrong death: the flag the death ended is in force again, the same flag with its own days, not a new one", async () => {
    const h = await household([
      { relation: "head", person: someone("Эрмек") },
      { relation: "son", person: { ...someone("Бакай", "male", "2010-03-03"), disabilityGroup: "child" } },
    ]);
    const [flag] = h.flags.filter((f) => f.criterionCode === "disability");
    expect(flag).toBeDefined();
    const bakai = h.members.find((m) => m.givenName === "Бакай")!;
    const death = await record(h.id, { kind: "death", occurredOn: "2024-06-01", personId: bakai.id });
    const widowedOfHim = await card(h.id);
    expect(widowedOfHim.flags.map((f) => f.criterionCode)).not.toContain("disability");
    expect(widowedOfHim.formerFlags).toMatchObject([
      { criterionCode: "disability", clearedOn: "2024-06-01" },
    ]);

    const after = await annulled(h.id, death);
    expect(after.flags.filter((f) => f.criterionCode === "disability").map((f) => f.id)).toEqual([flag!.id]);
    expect(after.formerFlags).toEqual([]);
  });

  it("a head's wrong death: the head heads again and the relations the death changed are as they were", async () => {
    const h = await household([
      { relation: "head", person: someone("Бекзат") },
      { relation: "spouse", person: someone("Айпери", "female", "1982-03-03") },
      { relation: "son", person: someone("Нурсултан", "male", "2004-04-04") },
    ]);
    const [bekzat, aiperi] = ["Бекзат", "Айпери"].map((n) => h.members.find((m) => m.givenName === n)!);
    const death = await record(h.id, {
      kind: "death",
      occurredOn: "2024-07-01",
      personId: bekzat!.id,
      newHeadPersonId: aiperi!.id,
    });
    const widowed = await card(h.id);
    expect(who(widowed.members)).toEqual(["Айпери:head", "Нурсултан:son"]);
    expect(widowed.flags.map((f) => f.criterionCode)).toContain("female-headed");

    const after = await annulled(h.id, death);
    expect(who(after.members)).toEqual(["Айпери:spouse", "Бекзат:head", "Нурсултан:son"]);
    // One unbroken stay each, no former membership left behind.
    expect(after.members.every((m) => m.memberSince === "2020-01-01")).toBe(true);
    expect(after.formerMembers).toEqual([]);
    for (const day of ["2024-07-01", "2024-08-01"]) {
      const then = await card(h.id, day);
      expect(who(then.members)).toEqual(["Айпери:spouse", "Бекзат:head", "Нурсултан:son"]);
      expect(then.flags.map((f) => f.criterionCode)).not.toContain("female-headed");
    }
    // The flag the death derived never held a day: removed, not left set and cleared on one day.
    expect(after.formerFlags.filter((f) => f.setOn === f.clearedOn)).toEqual([]);
    expect(after.formerFlags.map((f) => f.criterionCode)).not.toContain("female-headed");
    const femaleHeaded = widowed.flags.find((f) => f.criterionCode === "female-headed")!;
    const trail = (await admin.get(`/api/audit?entity=household_flag&entityId=${femaleHeaded.id}`)).json();
    expect(trail.items[0]).toMatchObject({ action: "delete", before: { setOn: "2024-07-01" } });
  });

  it("a birth typed twice: the second child is no member on any day, and the register no longer holds them", async () => {
    const h = await household([{ relation: "head", person: someone("Эрмек") }]);
    const child = { ...someone("Айдана", "female", "2024-02-10"), surname: "Эрмекова" };
    const birth = await record(h.id, {
      kind: "birth",
      occurredOn: "2024-02-10",
      relation: "daughter",
      person: child,
    });
    const born = (await card(h.id)).members.find((m) => m.givenName === "Айдана")!;

    const after = await annulled(h.id, birth);
    expect(who(after.members)).toEqual(["Эрмек:head"]);
    expect(after.formerMembers).toEqual([]);
    expect(who((await card(h.id, "2024-02-10")).members)).toEqual(["Эрмек:head"]);
    expect(row(after, birth)).toMatchObject({
      personName: "Эрмекова Айдана",
      annulledReason: "Ката катталган",
    });
    // Entered in error: not found, not counted, free to be registered rightly.
    expect((await clerk.get(`/api/registry/people/${born.id}`)).statusCode).toBe(404);
    const found = (await clerk.get(`/api/registry/people?q=${encodeURIComponent("Эрмекова Айдана")}`)).json();
    expect(found.items).toEqual([]);
    await record(h.id, { kind: "birth", occurredOn: "2024-02-10", relation: "daughter", person: child });
    expect(who((await card(h.id)).members)).toEqual(["Айдана:daughter", "Эрмек:head"]);
  });

  it("an arrival from another household: the move is undone and the household it left empty stands again", async () => {
    const from = await household([{ relation: "head", person: someone("Жоомарт") }]);
    const into = await household([{ relation: "head", person: someone("Чолпон", "female", "1970-01-01") }]);
    const joomart = from.members[0]!;
    const arrival = await record(into.id, {
      kind: "arrival",
      occurredOn: "2024-05-05",
      relation: "other",
      personId: joomart.id,
    });
    expect((await card(from.id)).dissolvedOn).toBe("2024-05-05");

    const after = await annulled(into.id, arrival);
    expect(who(after.members)).toEqual(["Чолпон:head"]);
    const left = await card(from.id);
    expect(left.dissolvedOn).toBeNull();
    expect(who(left.members)).toEqual(["Жоомарт:head"]);
    expect(left.formerMembers).toEqual([]);
    expect((await card(from.id, "2024-06-01")).existed).toBe(true);
    // The dissolution it caused is annulled with it; the person is a record still, not in error.
    expect(left.events.find((e) => e.kind === "household-dissolved")?.annulledAt).toEqual(expect.any(String));
    expect((await clerk.get(`/api/registry/people/${joomart.id}`)).statusCode).toBe(200);
  });

  it("a departure by mistake: the stay is reopened as it was", async () => {
    const h = await household([
      { relation: "head", person: someone("Азамат") },
      { relation: "brother", person: someone("Улан", "male", "1990-09-09") },
    ]);
    const ulan = h.members.find((m) => m.givenName === "Улан")!;
    const departure = await record(h.id, {
      kind: "departure",
      occurredOn: "2024-03-03",
      personId: ulan.id,
      destination: "Бишкек",
    });
    const after = await annulled(h.id, departure);
    expect(who(after.members)).toEqual(["Азамат:head", "Улан:brother"]);
    expect(after.members.find((m) => m.givenName === "Улан")!.memberSince).toBe("2020-01-01");
    expect(who((await card(h.id, "2024-12-31")).members)).toEqual(["Азамат:head", "Улан:brother"]);
  });

  it("a relation corrected from the stay's first day: the relation is as it was on every day", async () => {
    const h = await household([
      { relation: "head", person: someone("Бакыт") },
      { relation: "son", person: someone("Эрлан", "male", "2012-07-07") },
    ]);
    const erlan = h.members.find((m) => m.givenName === "Эрлан")!;
    // A typing mistake put right from the day the stay began: the stay itself takes the relation.
    const correction = await record(h.id, {
      kind: "relation-correction",
      occurredOn: "2020-01-01",
      personId: erlan.id,
      relation: "grandchild",
    });
    expect(who((await card(h.id, "2021-01-01")).members)).toEqual(["Бакыт:head", "Эрлан:grandchild"]);
    const after = await annulled(h.id, correction);
    expect(who(after.members)).toEqual(["Бакыт:head", "Эрлан:son"]);
    expect(who((await card(h.id, "2021-01-01")).members)).toEqual(["Бакыт:head", "Эрлан:son"]);
    expect(after.formerMembers).toEqual([]);
  });

  it("is refused, naming what stands in the way, when a later event rests on it, or the kind is put right elsewhere", async () => {
    const h = await household([
      { relation: "head", person: someone("Канат") },
      { relation: "spouse", person: someone("Гүлзат", "female", "1985-05-05") },
    ]);
    const gulzat = h.members.find((m) => m.givenName === "Гүлзат")!;
    const departure = await record(h.id, {
      kind: "departure",
      occurredOn: "2024-01-10",
      personId: gulzat.id,
    });
    const back = await record(h.id, {
      kind: "arrival",
      occurredOn: "2024-02-10",
      relation: "spouse",
      personId: gulzat.id,
    });
    const refused = await annul(h.id, departure);
    expect(refused.statusCode).toBe(422);
    expect(refused.json().code).toBe("registry.annulAfterLaterEvent");
    expect(refused.json().title).toBe(
      "Бул окуяга андан кийинки окуя таянат: «Келүү» (Осмонов Гүлзат), 10.02.2024. Адегенде ошол окуяны жокко чыгарыңыз",
    );
    const unchanged = await card(h.id);
    expect(unchanged.events.every((e) => e.annulledAt === null)).toBe(true);

    // The later one first, then the earlier: both undone, she never left.
    await annulled(h.id, back);
    const after = await annulled(h.id, departure);
    expect(who(after.members)).toEqual(["Гүлзат:spouse", "Канат:head"]);
    expect(after.members.find((m) => m.givenName === "Гүлзат")!.memberSince).toBe("2020-01-01");

    // The register's own events follow from others: the forming is not annulled.
    const formed = after.events.find((e) => e.kind === "household-formed")!.id;
    const kind = await annul(h.id, formed);
    expect(kind.statusCode).toBe(422);
    expect(kind.json().title).toContain("«Үй чарба түзүлдү»");

    const blank = await clerk.post(`/api/registry/households/${h.id}/events/${formed}/annul`, {
      reason: " ",
    });
    expect(blank.statusCode).toBe(400);
    const elsewhere = await household([{ relation: "head", person: someone("Бакыт") }]);
    expect((await annul(elsewhere.id, formed)).statusCode).toBe(404);
  });

  /** A household of a head, his wife and their grown son, who splits off with his wife. */
  async function splitOff(talantPin: string | null = null) {
    const occurredOn = "2024-09-01";
    const h = await household([
      { relation: "head", person: someone("Султан", "male", "1955-01-01") },
      { relation: "spouse", person: someone("Бүбүш", "female", "1958-02-02") },
      { relation: "son", person: { ...someone("Талант", "male", "1985-03-03"), pin: talantPin } },
      { relation: "daughter-in-law", person: someone("Назира", "female", "1988-04-04") },
    ]);
    const [talant, nazira] = ["Талант", "Назира"].map((n) => h.members.find((m) => m.givenName === n)!);
    const res = await clerk.post(`/api/registry/households/${h.id}/events`, {
      kind: "household-split",
      occurredOn,
      members: [
        // She heads it: the register derives a flag for the new household (female-headed).
        { personId: nazira!.id, relation: "head" },
        { personId: talant!.id, relation: "spouse" },
      ],
      address: { villageCode: villages[0], street: "Жаңы көчө", house: "3" },
    });
    expect(res.statusCode, res.body).toBe(201);
    const { eventId, householdId } = res.json() as { eventId: string; householdId: string };
    return { from: h, made: householdId, split: eventId, talant: talant!, nazira: nazira! };
  }

  it("a split by mistake: those who went belong where they came from on every day, and the new household never stood; audited", async () => {
    const { from, made, split } = await splitOff();
    expect(who((await card(made)).members)).toEqual(["Назира:head", "Талант:spouse"]);
    expect((await card(made)).flags.map((f) => f.criterionCode)).toContain("female-headed");

    const after = await annulled(from.id, split);
    expect(who(after.members)).toEqual([
      "Бүбүш:spouse",
      "Назира:daughter-in-law",
      "Султан:head",
      "Талант:son",
    ]);
    expect(after.formerMembers).toEqual([]);
    expect(after.members.every((m) => m.memberSince === "2020-01-01")).toBe(true);
    expect(who((await card(from.id, "2024-12-31")).members)).toHaveLength(4);
    // The new household is closed on the day it was formed: no member, no flag, on no day.
    const closed = await card(made);
    expect(closed).toMatchObject({ dissolvedOn: "2024-09-01", existed: false, members: [], flags: [] });
    expect(closed.formerFlags).toEqual([]);
    expect((await card(made, "2024-10-01")).existed).toBe(false);
    // Both histories keep the split, marked.
    for (const c of [after, closed]) expect(row(c, split).annulledReason).toBe("Ката катталган");
    const trail = (await admin.get(`/api/audit?entity=household&entityId=${made}`)).json();
    expect(trail.items[0]).toMatchObject({ action: "update", after: { dissolvedOn: "2024-09-01" } });
  });

  it("a split is refused while its new household holds anything since: a later event, a paper, a plot", async () => {
    const first = await splitOff();
    const born = await record(first.made, {
      kind: "birth",
      occurredOn: "2025-01-05",
      relation: "son",
      person: { ...someone("Эмир", "male", "2025-01-05"), surname: "Таланов" },
    });
    const refused = await annul(first.from.id, first.split);
    expect(refused.statusCode).toBe(422);
    expect(refused.json()).toMatchObject({ code: "registry.annulAfterLaterEvent" });
    expect(refused.json().title).toContain("«Төрөлүү» (Таланов Эмир), 05.01.2025");
    await annulled(first.made, born);

    const paper = await clerk.post("/api/certificates", {
      kind: "family-composition",
      householdId: first.made,
      personId: first.talant.id,
      purpose: "Банк",
    });
    expect(paper.statusCode, paper.body).toBe(201);
    const byPaper = await annul(first.made, first.split);
    expect(byPaper.json()).toMatchObject({ code: "registry.annulAfterHouseholdCertificate" });
    expect(byPaper.json().title).toContain(`№ ${paper.json().year}-`);

    const second = await splitOff();
    const plot = await clerk.post(`/api/registry/households/${second.made}/land-plots`, {
      areaHa: 0.12,
      category: "garden-plot",
      tenure: "owned",
      fromDate: "2024-10-01",
    });
    expect(plot.statusCode, plot.body).toBe(201);
    const byPlot = await annul(second.from.id, second.split);
    expect(byPlot.json()).toMatchObject({ code: "registry.annulAfterPlot" });
    expect(byPlot.json().title).toContain("01.10.2024");
    expect(byPlot.json().title).toContain("(0,12 га)");
    // The plot's acquisition annulled first, the split then goes.
    const acquired = (await card(second.made)).events.find((e) => e.kind === "land-acquired")!;
    await annulled(second.made, acquired.id);
    expect((await annul(second.from.id, second.split)).statusCode).toBe(200);
  });

  it("a split is refused while a water provider links someone who went with it, until the link ends", async () => {
    const { from, split, talant } = await splitOff("20303198512345");
    const w = await seedOrganisation(t.database, {
      kind: "water-provider",
      providerType: "wua",
      adminUnitCode: AIMAK,
      villageCodes: villages,
      users: { director: ["wua-director", "administrator"] },
    });
    const wua = await login(t.app, w.users.director!.username);
    const user = await wua.post("/api/water/users", {
      kind: "person",
      surname: "Осмонов",
      givenName: "Талант",
      pin: "20303198512345",
      villageCode: villages[0],
      locale: "ky",
    });
    expect(user.statusCode, user.body).toBe(201);
    const link = await wua.post(`/api/water/users/${user.json().id}/link`, { personId: talant.id });
    expect(link.statusCode, link.body).toBe(201);

    const refused = await annul(from.id, split);
    expect(refused.json()).toMatchObject({ code: "registry.annulAfterWaterUserLink" });
    expect(refused.json().title).toContain(`№ ${user.json().number}`);
    const ended = await wua.post(`/api/water/links/${link.json().id}/end`, {
      reason: "Ката байланыштырылган",
      version: link.json().version,
    });
    expect(ended.statusCode, ended.body).toBe(200);
    expect((await annul(from.id, split)).statusCode).toBe(200);
  });

  it("a labour migration by mistake: the person's record is as before it, and the migrant family's flag it gave never held", async () => {
    const h = await household([
      { relation: "head", person: someone("Асылбек") },
      { relation: "son", person: someone("Эрлан", "male", "2000-01-01") },
    ]);
    const erlan = h.members.find((m) => m.givenName === "Эрлан")!;
    const went = await record(h.id, {
      kind: "migration",
      occurredOn: "2024-04-01",
      personId: erlan.id,
      migration: { country: "RU", place: "Москва" },
    });
    expect((await card(h.id)).flags.map((f) => f.criterionCode)).toContain("migrant-family");

    const after = await annulled(h.id, went);
    expect((await clerk.get(`/api/registry/people/${erlan.id}`)).json().migration).toBeNull();
    expect(after.flags.map((f) => f.criterionCode)).not.toContain("migrant-family");
    expect(after.formerFlags.map((f) => f.criterionCode)).not.toContain("migrant-family");
    expect(row(after, went).annulledReason).toBe("Ката катталган");

    // A migration recorded again and corrected on the person's record since: refused, named.
    const again = await record(h.id, {
      kind: "migration",
      occurredOn: "2024-05-01",
      personId: erlan.id,
      migration: { country: "KZ" },
    });
    const { version } = (await clerk.get(`/api/registry/people/${erlan.id}`)).json();
    const corrected = await clerk.patch(`/api/registry/people/${erlan.id}`, {
      migration: { country: "KZ", place: "Алматы", since: "2024-05-01" },
      version,
    });
    expect(corrected.statusCode, corrected.body).toBe(200);
    const refused = await annul(h.id, again);
    expect(refused.json()).toMatchObject({ code: "registry.annulMigrationCorrected" });
  });

  it("land by mistake: a plot acquired is removed, a plot's end taken back, refused once its number is held again", async () => {
    const h = await household([{ relation: "head", person: someone("Медер") }]);
    const addPlot = async (householdId: string, cadastralNumber: string) => {
      const res = await clerk.post(`/api/registry/households/${householdId}/land-plots`, {
        cadastralNumber,
        areaHa: 0.5,
        category: "irrigated-arable",
        tenure: "owned",
        fromDate: "2021-01-01",
      });
      expect(res.statusCode, res.body).toBe(201);
      return res.json().id as string;
    };
    const eventOf = async (householdId: string, kind: string) =>
      (await card(householdId)).events.filter((e) => e.kind === kind).at(-1)!.id;
    await addPlot(h.id, "4-01-01-0001");
    const acquired = await eventOf(h.id, "land-acquired");
    // The land specialist, who records land, may annul it, and no other event: a birth is the clerk's.
    const byLand = (eventId: string) =>
      landSpecialist.post(`/api/registry/households/${h.id}/events/${eventId}/annul`, { reason: "Ката" });
    const notHers = await record(h.id, {
      kind: "birth",
      occurredOn: "2023-03-03",
      person: someone("Бала", "male", "2023-03-03"),
      relation: "son",
    });
    const refusedToHer = await byLand(notHers);
    expect([refusedToHer.statusCode, refusedToHer.json().code]).toEqual([403, "forbidden"]);
    expect(row(await card(h.id), notHers).annulledAt).toBeNull();
    const byHer = await byLand(acquired);
    expect(byHer.statusCode, byHer.body).toBe(200);
    const after = (await card(h.id)) as Card & {
      landPlots: unknown[];
      formerLandPlots: unknown[];
    };
    expect(after.landPlots).toEqual([]);
    expect(after.formerLandPlots).toEqual([]);
    expect(row(after, acquired).annulledReason).toBe("Ката");

    const plot = await addPlot(h.id, "4-01-01-0002");
    const sold = await clerk.post(`/api/registry/households/${h.id}/land-plots/${plot}/end`, {
      toDate: "2024-02-02",
      reason: "sold",
    });
    expect(sold.statusCode, sold.body).toBe(200);
    const ended = await eventOf(h.id, "land-ended");
    const heldAgain = (await annulled(h.id, ended)) as Card & {
      landPlots: { id: string; toDate: string | null; endReason: string | null }[];
    };
    expect(heldAgain.landPlots).toEqual([
      expect.objectContaining({ id: plot, toDate: null, endReason: null }),
    ]);

    // Sold again, and the buyer's household takes the number: the end can no longer be taken back.
    const resold = await clerk.post(`/api/registry/households/${h.id}/land-plots/${plot}/end`, {
      toDate: "2024-03-03",
      reason: "sold",
    });
    expect(resold.statusCode, resold.body).toBe(200);
    const buyer = await household([{ relation: "head", person: someone("Нурлан") }]);
    await addPlot(buyer.id, "4-01-01-0002");
    const refused = await annul(h.id, await eventOf(h.id, "land-ended"));
    expect(refused.json()).toMatchObject({ code: "registry.annulPlotHeldAgain" });
    expect(refused.json().title).toContain(
      `№ ${(await clerk.get(`/api/registry/households/${buyer.id}`)).json().number}`,
    );
  });
});
