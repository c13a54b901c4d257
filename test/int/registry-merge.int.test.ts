import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withSystem } from "../../src/server/platform/transactions.js";
import { countDays } from "../../src/server/registry/day-counts.js";
import { householdMember, registerDayCount } from "../../src/server/registry/tables.js";
import {
  type Client,
  login,
  seedAimak,
  seedOrganisation,
  startTestApp,
  type TestApp,
} from "../support/app.js";

const AIMAK = "41703220990000";

/** Merging two records of one person found as probable duplicates. */
describe("merging probable duplicates", () => {
  let t: TestApp;
  let clerk: Client;
  let admin: Client;
  let villages: string[];
  let orgId: string;

  const person = (over: Record<string, unknown> = {}) => ({
    surname: "Осмонов",
    givenName: "Улан",
    sex: "male",
    birthDate: "1975-10-10",
    ...over,
  });
  async function newHousehold(
    members: { relation: string; person: Record<string, unknown> }[],
    formedOn = "2020-01-01",
  ) {
    const res = await clerk.post("/api/registry/households", {
      villageCode: villages[0],
      formedOn,
      members,
    });
    expect(res.statusCode, res.body).toBe(201);
    return (await clerk.get(`/api/registry/households/${res.json().id}`)).json();
  }
  /** A member of a household to be registered: the head, unless said otherwise. */
  const member = (over: Record<string, unknown>, relation = "head") => ({ relation, person: person(over) });
  /**
   * A son in his father's household, registered again as the lone head of a household of his own
   * (both formed 2020-01-01): the duplicate, and the plan of merging it into the son.
   */
  async function sonRegisteredTwice(surname: string, father: string, son: string) {
    const home = await newHousehold([
      member({ surname, givenName: father, birthDate: "1960-04-04" }),
      member({ surname, givenName: son, birthDate: "1992-08-08" }, "son"),
    ]);
    const mistaken = await newHousehold([member({ surname, givenName: son, birthDate: "1992-08-08" })]);
    const kept = home.members.find((m: { givenName: string }) => m.givenName === son);
    const duplicate = mistaken.members[0];
    return {
      home,
      mistaken,
      son: kept,
      duplicate,
      planUrl: `/api/registry/people/${kept.id}/merge-plan?duplicateId=${duplicate.id}`,
    };
  }
  /** A son entered twice in his father's household formed 2015-01-01: the first record, and the second. */
  async function enteredTwice(surname: string, fatherName: string, sonName: string, birthDate: string) {
    const son = { surname, givenName: sonName, birthDate };
    const home = await newHousehold(
      [
        member({ surname, givenName: fatherName, birthDate: "1965-01-01" }),
        member(son, "son"),
        member(son, "son"),
      ],
      "2015-01-01",
    );
    const father = home.members.find((m: { givenName: string }) => m.givenName === fatherName);
    const [first, second] = home.members.filter((m: { givenName: string }) => m.givenName === sonName);
    return { home, father, son: first, duplicate: second };
  }
  const card = async (id: string, asOf?: string) =>
    (await clerk.get(`/api/registry/households/${id}${asOf ? `?asOf=${asOf}` : ""}`)).json();
  /** Records a life event in a household; its id. */
  const recordEvent = async (householdId: string, event: Record<string, unknown>) => {
    const res = await clerk.post(`/api/registry/households/${householdId}/events`, event);
    expect(res.statusCode, res.body).toBe(201);
    return res.json().eventId as string;
  };
  /** A newcomer, a record of its own, arriving in a household: their entry among its members. */
  const newcomer = async (
    householdId: string,
    occurredOn: string,
    who: Record<string, unknown>,
    relation = "other",
  ) => {
    await recordEvent(householdId, { kind: "arrival", occurredOn, relation, person: person(who) });
    return (await card(householdId)).members.find(
      (m: { givenName: string }) => m.givenName === who.givenName,
    );
  };
  /**
   * A son in his father's household, formed 2015-01-01, registered again as a newcomer arriving on
   * `arrivedOn` in another family's household, of a woman alone born on `womanBorn` (formed then
   * too): the duplicate.
   */
  async function sonArrivingElsewhere(
    son: { surname: string; givenName: string; birthDate: string },
    arrivedOn: string,
    womanBorn = "1975-01-01",
  ) {
    const parents = await newHousehold(
      [member({ surname: son.surname, givenName: "Асан", birthDate: "1955-01-01" }), member(son, "son")],
      "2015-01-01",
    );
    const woman = { surname: "Орозова", givenName: "Чынара", sex: "female", birthDate: womanBorn };
    const other = await newHousehold([member(woman)], "2015-01-01");
    const duplicate = await newcomer(other.id, arrivedOn, son);
    const kept = parents.members.find((m: { givenName: string }) => m.givenName === son.givenName);
    return { parents, other, son: kept, duplicate };
  }
  interface HistoryEntry {
    id: string;
    kind: string;
    occurredOn: string;
    personId: string | null;
    personName: string | null;
    annulledAt: string | null;
    annulledByMerge: { on: string; mergedName: string; keptName: string } | null;
  }
  const history = async (id: string, asOf?: string): Promise<HistoryEntry[]> => (await card(id, asOf)).events;
  const ids = (people: { id: string }[]) => people.map((m) => m.id);
  const record = async (id: string) => (await clerk.get(`/api/registry/people/${id}`)).json();
  const merge = async (keepId: string, duplicateId: string) =>
    clerk.post(`/api/registry/people/${keepId}/merge`, {
      duplicateId,
      version: (await record(keepId)).version,
    });
  const duplicateGroups = async (surname: string) =>
    (await clerk.get("/api/registry/duplicates?limit=200"))
      .json()
      .groups.filter((g: { people: { surname: string }[] }) => g.people.some((p) => p.surname === surname));
  /** The households of which the person is a current member, by the cards of those named. */
  const currentHouseholds = async (personId: string, households: { id: string; number: number }[]) => {
    const numbers: number[] = [];
    for (const h of households)
      if ((await card(h.id)).members.some((m: { id: string }) => m.id === personId)) numbers.push(h.number);
    return numbers;
  };

  beforeAll(async () => {
    t = await startTestApp();
    ({ villageCodes: villages } = await seedAimak(t.database, AIMAK, 1));
    const m = await seedOrganisation(t.database, {
      adminUnitCode: AIMAK,
      users: { clerk: ["clerk"], admin: ["administrator"] },
    });
    orgId = m.org.id;
    clerk = await login(t.app, m.users.clerk!.username);
    admin = await login(t.app, m.users.admin!.username);
  });
  afterAll(() => t.close());

  it("keeps the kept record's household history; the duplicate's own household, registered by mistake, is closed on its formation day", async () => {
    // QA's case: the son in household 1 since 2015, registered again as the lone head of household 7 since 2015.
    const home = await newHousehold(
      [
        member({ surname: "Асанов", givenName: "Нурбек", birthDate: "1965-03-03" }),
        member({ surname: "Асанов", givenName: "Айбек", birthDate: "1990-06-06" }, "son"),
      ],
      "2015-01-01",
    );
    const mistaken = await newHousehold(
      [member({ surname: "Асанов", givenName: "Айбек", birthDate: "1990-06-06" })],
      "2015-01-01",
    );
    const son = home.members.find((m: { givenName: string }) => m.givenName === "Айбек");
    const duplicate = mistaken.members[0];

    // The confirm step's plan: tried and rolled back, it changes nothing.
    const plan = await clerk.get(`/api/registry/people/${son.id}/merge-plan?duplicateId=${duplicate.id}`);
    expect(plan.statusCode, plan.body).toBe(200);
    expect(plan.json()).toEqual({
      stays: [
        {
          householdId: mistaken.id,
          household: mistaken.number,
          fromDate: "2015-01-01",
          toDate: null,
          outcome: "dropped",
          becomes: null,
        },
      ],
      closed: [{ householdId: mistaken.id, household: mistaken.number, on: "2015-01-01" }],
      // Its forming, the register's own event, is not voided.
      voided: [],
    });
    expect((await card(mistaken.id)).members.map((m: { id: string }) => m.id)).toEqual([duplicate.id]);
    expect((await card(mistaken.id)).dissolvedOn).toBeNull();
    expect((await record(duplicate.id)).id).toBe(duplicate.id);

    const merged = await merge(son.id, duplicate.id);
    expect(merged.statusCode, merged.body).toBe(200);
    const after = await card(home.id);
    expect(after.members.find((m: { id: string }) => m.id === son.id)).toMatchObject({
      relation: "son",
      memberSince: "2015-01-01",
    });
    const in2020 = (await clerk.get(`/api/registry/households/${home.id}?asOf=2020-01-01`)).json();
    expect(in2020.members.map((m: { id: string }) => m.id)).toContain(son.id);
    const closed = await card(mistaken.id);
    expect(closed.dissolvedOn).toBe("2015-01-01");
    expect(closed.members).toEqual([]);
    expect(closed.formerMembers).toEqual([]);
    expect(closed.events.map((e: { kind: string }) => e.kind).sort()).toEqual([
      "household-dissolved",
      "household-formed",
      "person-merged",
    ]);
    // The formation is the register's own event, which no merge voids: the household's record was
    // made, and it reads as closed the day it was formed, so it never stood.
    expect(closed.events.every((e: { annulledAt: string | null }) => e.annulledAt === null)).toBe(true);
    const then = await card(mistaken.id, "2016-01-01");
    expect(then).toMatchObject({ existed: false, members: [], formerMembers: [] });
    // The dropped stay's before-image and the dissolution are in the audit trail.
    const deleted = (await admin.get("/api/audit?entity=household_member&action=delete&limit=200")).json()
      .items;
    expect(deleted).toContainEqual(
      expect.objectContaining({
        before: expect.objectContaining({
          householdId: mistaken.id,
          personId: duplicate.id,
          relation: "head",
          fromDate: "2015-01-01",
        }),
      }),
    );
    const trail = (
      await admin.get(`/api/audit?entity=household&entityId=${mistaken.id}&action=update`)
    ).json();
    expect(trail.items[0]).toMatchObject({ after: expect.objectContaining({ dissolvedOn: "2015-01-01" }) });
    expect(await duplicateGroups("Асанов")).toEqual([]);
  });

  it("voids the duplicate's arrival into a household it was registered in by mistake: the history says whose record it was and which merge voided it", async () => {
    // QA's case: the son lives in his parents' household; he was registered again, as a newcomer,
    // arriving in household No. 56 (of another family) in 2021.
    const parents = await newHousehold(
      [
        member({ surname: "Касымов", givenName: "Бакыт", birthDate: "1962-02-02" }),
        member({ surname: "Касымов", givenName: "Эрлан", birthDate: "1991-07-07" }, "son"),
      ],
      "2015-01-01",
    );
    const other = await newHousehold(
      [member({ surname: "Бекова", givenName: "Гүлнара", sex: "female", birthDate: "1970-01-01" })],
      "2015-01-01",
    );
    const arrival = await recordEvent(other.id, {
      kind: "arrival",
      occurredOn: "2021-03-01",
      relation: "other",
      person: person({ surname: "Касымов", givenName: "Эрлан", birthDate: "1991-07-07" }),
    });
    const son = parents.members.find((m: { givenName: string }) => m.givenName === "Эрлан");
    const duplicate = (await card(other.id)).members.find(
      (m: { givenName: string }) => m.givenName === "Эрлан",
    );
    // The plan says the stay goes and its arrival is voided with it; tried and rolled back, it voids nothing.
    const plan = await clerk.get(`/api/registry/people/${son.id}/merge-plan?duplicateId=${duplicate.id}`);
    expect(plan.json()).toEqual({
      stays: [expect.objectContaining({ householdId: other.id, outcome: "dropped" })],
      closed: [],
      voided: [{ householdId: other.id, household: other.number, kind: "arrival", occurredOn: "2021-03-01" }],
    });
    expect((await history(other.id)).find((e) => e.id === arrival)?.annulledAt).toBeNull();

    const merged = await merge(son.id, duplicate.id);
    expect(merged.statusCode, merged.body).toBe(200);
    const today = (await history(other.id)).find((e) => e.kind === "person-merged")!;
    const voided = {
      id: arrival,
      kind: "arrival",
      // Still the duplicate's record, by its name: not an arrival of the kept person.
      personId: duplicate.id,
      personName: "Касымов Эрлан",
      annulledAt: expect.any(String),
      annulledByMerge: {
        on: today.occurredOn,
        mergedName: "Касымов Эрлан",
        keptName: "Касымов Эрлан",
      },
    };
    expect((await history(other.id)).map((e) => e.kind)).toEqual([
      "household-formed",
      "arrival",
      "person-merged",
    ]);
    expect((await history(other.id)).find((e) => e.id === arrival)).toMatchObject(voided);
    // Household X on day D, for both: he was in his parents' household, never in No. 56, and No. 56's
    // history of that day shows the arrival voided.
    expect(ids((await card(parents.id, "2022-01-01")).members)).toContain(son.id);
    const otherThen = await card(other.id, "2022-01-01");
    expect(ids(otherThen.members)).toEqual([other.members[0].id]);
    expect(otherThen.formerMembers).toEqual([]);
    expect(otherThen.events.find((e: { id: string }) => e.id === arrival)).toMatchObject(voided);
    expect(ids((await card(other.id)).members)).toEqual([other.members[0].id]);
    expect((await card(other.id)).dissolvedOn).toBeNull();
    // The kept person's own history has no arrival anywhere.
    expect((await history(parents.id)).filter((e) => e.personId === son.id).map((e) => e.kind)).toEqual([
      "person-merged",
    ]);
    // Voided once: a clerk cannot annul it again.
    const again = await clerk.post(`/api/registry/households/${other.id}/events/${arrival}/annul`, {
      reason: "Ката",
    });
    expect(again.statusCode, again.body).toBe(422);
    expect(again.json().code).toBe("registry.eventAlreadyAnnulled");
    // Audited as an annulment is, naming the merge's event in that household.
    const trail = (await admin.get(`/api/audit?entity=life_event&entityId=${arrival}&action=void`)).json()
      .items;
    expect(trail).toEqual([
      expect.objectContaining({
        before: expect.objectContaining({ annulledAt: null, personId: duplicate.id }),
        after: expect.objectContaining({ annulledByEventId: today.id, personId: duplicate.id }),
      }),
    ]);
    // What the merge leaves is still read: the household's other events go on, and may be annulled.
    const death = await recordEvent(other.id, {
      kind: "death",
      occurredOn: "2024-02-02",
      personId: other.members[0].id,
    });
    const annulled = await clerk.post(`/api/registry/households/${other.id}/events/${death}/annul`, {
      reason: "Ката катталган",
    });
    expect(annulled.statusCode, annulled.body).toBe(200);
    expect(await record(duplicate.id)).toMatchObject({ code: "registry.personMerged" });
  });

  it("voids the duplicate's birth and departure in a household it never lived in, and keeps what stands", async () => {
    // Born into his parents' household in 1995 and there since; registered again as born in
    // household No. 57 the same day, and as leaving it in 2010.
    const parents = await newHousehold(
      [member({ surname: "Жээнбеков", givenName: "Садыр", birthDate: "1965-02-02" })],
      "1990-01-01",
    );
    const other = await newHousehold(
      [member({ surname: "Орозова", givenName: "Айнура", sex: "female", birthDate: "1968-01-01" })],
      "1990-01-01",
    );
    const child = person({ surname: "Жээнбеков", givenName: "Тилек", birthDate: "1995-05-05" });
    const born = await recordEvent(parents.id, {
      kind: "birth",
      occurredOn: "1995-05-05",
      relation: "son",
      person: child,
    });
    const bornThere = await recordEvent(other.id, {
      kind: "birth",
      occurredOn: "1995-05-05",
      relation: "other",
      person: child,
    });
    const duplicate = (await card(other.id)).members.find(
      (m: { givenName: string }) => m.givenName === "Тилек",
    );
    const left = await recordEvent(other.id, {
      kind: "departure",
      occurredOn: "2010-09-01",
      personId: duplicate.id,
    });
    const son = (await card(parents.id)).members.find((m: { givenName: string }) => m.givenName === "Тилек");
    const merged = await merge(son.id, duplicate.id);
    expect(merged.statusCode, merged.body).toBe(200);
    const after = await history(other.id);
    for (const id of [bornThere, left])
      expect(after.find((e) => e.id === id)).toMatchObject({
        personId: duplicate.id,
        annulledByMerge: expect.objectContaining({
          mergedName: "Жээнбеков Тилек",
          keptName: "Жээнбеков Тилек",
        }),
      });
    expect((await card(other.id)).formerMembers).toEqual([]);
    expect(ids((await card(other.id, "2000-01-01")).members)).toEqual([other.members[0].id]);
    // His own birth stands, his.
    expect((await history(parents.id)).find((e) => e.id === born)).toMatchObject({
      personId: son.id,
      annulledAt: null,
      annulledByMerge: null,
    });
    expect(ids((await card(parents.id, "2000-01-01")).members)).toContain(son.id);
  });

  it("voids the duplicate's move into a household it was registered in by mistake, with its departure from there: the household it moved out of keeps the stay as the kept record has it", async () => {
    // Entered twice in his parents' household; one record was then moved into household No. 58 of
    // another family in 2021 and left it in 2023. He never left his parents'.
    const adilet = { surname: "Мамбетов", givenName: "Адилет", birthDate: "1993-03-03" };
    const parents = await newHousehold(
      [
        member({ surname: "Мамбетов", givenName: "Жолдош", birthDate: "1960-01-01" }),
        member(adilet, "son"),
        member(adilet, "son"),
      ],
      "2015-01-01",
    );
    const other = await newHousehold(
      [member({ surname: "Сыдыкова", givenName: "Бурул", sex: "female", birthDate: "1970-01-01" })],
      "2015-01-01",
    );
    const [son, duplicate] = parents.members.filter((m: { givenName: string }) => m.givenName === "Адилет");
    const moved = await recordEvent(other.id, {
      kind: "arrival",
      occurredOn: "2021-03-01",
      relation: "other",
      personId: duplicate.id,
    });
    const left = await recordEvent(other.id, {
      kind: "departure",
      occurredOn: "2023-06-01",
      personId: duplicate.id,
    });
    const plan = await clerk.get(`/api/registry/people/${son.id}/merge-plan?duplicateId=${duplicate.id}`);
    expect(plan.statusCode, plan.body).toBe(200);
    expect(plan.json()).toEqual({
      stays: [
        expect.objectContaining({ householdId: parents.id, toDate: "2021-03-01", outcome: "joined" }),
        expect.objectContaining({ householdId: other.id, fromDate: "2021-03-01", outcome: "dropped" }),
      ],
      closed: [],
      voided: [
        { householdId: other.id, household: other.number, kind: "arrival", occurredOn: "2021-03-01" },
        { householdId: other.id, household: other.number, kind: "departure", occurredOn: "2023-06-01" },
      ],
    });

    const merged = await merge(son.id, duplicate.id);
    expect(merged.statusCode, merged.body).toBe(200);
    // No. 58 loses the stay and both its events, struck through as the other record's.
    for (const id of [moved, left])
      expect((await history(other.id)).find((e) => e.id === id)).toMatchObject({
        personId: duplicate.id,
        annulledAt: expect.any(String),
        annulledByMerge: expect.objectContaining({ mergedName: "Мамбетов Адилет" }),
      });
    expect((await card(other.id)).formerMembers).toEqual([]);
    expect(ids((await card(other.id, "2022-01-01")).members)).toEqual([other.members[0].id]);
    // His parents' household has him on every day, in one stay, and no move of his in its history.
    const home = await card(parents.id);
    expect(home.members.filter((m: { id: string }) => m.id === son.id)).toEqual([
      expect.objectContaining({ relation: "son", memberSince: "2015-01-01" }),
    ]);
    expect(home.formerMembers).toEqual([]);
    expect(ids((await card(parents.id, "2022-01-01")).members)).toContain(son.id);
    expect(
      home.events.filter((e: HistoryEntry) => e.personId === son.id).map((e: HistoryEntry) => e.kind),
    ).toEqual(["person-merged"]);
  });

  it("voids a move out of the duplicate's own household into one it never lived in: the stay it had ended ends where the kept record's begins, ended by no voided event", async () => {
    // He headed a household of his own from 2015 and married into his wife's household in June
    // 2020 (the record kept). The other record, never moved there, was moved into No. 59 in 2021.
    const bekjan = { surname: "Сапаров", givenName: "Бекжан", birthDate: "1985-05-05" };
    const own = await newHousehold([member(bekjan)], "2015-01-01");
    const wife = await newHousehold(
      [member({ surname: "Сапарова", givenName: "Айжан", sex: "female", birthDate: "1987-01-01" })],
      "2015-01-01",
    );
    const kept = await newcomer(wife.id, "2020-06-01", bekjan, "spouse");
    const other = await newHousehold(
      [member({ surname: "Жусупова", givenName: "Салкын", sex: "female", birthDate: "1965-01-01" })],
      "2015-01-01",
    );
    const duplicate = own.members[0];
    const moved = await recordEvent(other.id, {
      kind: "arrival",
      occurredOn: "2021-03-01",
      relation: "other",
      personId: duplicate.id,
    });
    const plan = await clerk.get(`/api/registry/people/${kept.id}/merge-plan?duplicateId=${duplicate.id}`);
    expect(plan.statusCode, plan.body).toBe(200);
    expect(plan.json().stays).toEqual([
      expect.objectContaining({
        householdId: own.id,
        outcome: "cut",
        becomes: { fromDate: "2015-01-01", toDate: "2020-06-01" },
      }),
      expect.objectContaining({ householdId: other.id, outcome: "dropped" }),
    ]);
    expect(plan.json().voided).toEqual([
      { householdId: other.id, household: other.number, kind: "arrival", occurredOn: "2021-03-01" },
    ]);
    expect(plan.json().closed).toEqual([{ householdId: own.id, household: own.number, on: "2020-06-01" }]);

    const merged = await merge(kept.id, duplicate.id);
    expect(merged.statusCode, merged.body).toBe(200);
    expect((await history(other.id)).find((e) => e.id === moved)).toMatchObject({
      personId: duplicate.id,
      annulledByMerge: expect.objectContaining({ mergedName: "Сапаров Бекжан" }),
    });
    expect((await card(own.id)).formerMembers).toEqual([
      expect.objectContaining({ id: kept.id, memberSince: "2015-01-01", memberUntil: "2020-06-01" }),
    ]);
    // The stay's end is the kept record's: the voided move no longer ends it (audited).
    const changed = (await admin.get("/api/audit?entity=household_member&action=update&limit=200")).json()
      .items;
    expect(changed).toContainEqual(
      expect.objectContaining({
        before: expect.objectContaining({ householdId: own.id, toEventId: moved }),
        after: expect.objectContaining({ householdId: own.id, toDate: "2020-06-01", toEventId: null }),
      }),
    );
    expect(await currentHouseholds(kept.id, [own, wife, other])).toEqual([wife.number]);
    // Emptied by the move, his household was dissolved that day; it was empty from his marriage on.
    const closed = await card(own.id);
    expect(closed.dissolvedOn).toBe("2020-06-01");
    expect(
      closed.events
        .filter((e: HistoryEntry) => e.kind === "household-dissolved")
        .map((e: HistoryEntry) => [e.occurredOn, e.annulledByMerge === null]),
    ).toEqual([
      ["2020-06-01", true],
      ["2021-03-01", false],
    ]);
  });

  it("refuses a duplicate that died in a household it was registered in by mistake while the kept record lives on, naming where, and changes nothing", async () => {
    // The son lives in his parents' household; registered again as arriving in No. 60 in 2019 and
    // recorded dead there in 2022. One of the two is wrong: the clerk settles which first.
    const { parents, other, son, duplicate } = await sonArrivingElsewhere(
      { surname: "Токоев", givenName: "Нурлан", birthDate: "1980-08-08" },
      "2019-01-01",
    );
    await recordEvent(other.id, { kind: "death", occurredOn: "2022-02-02", personId: duplicate.id });
    for (const refused of [
      await merge(son.id, duplicate.id),
      await clerk.get(`/api/registry/people/${son.id}/merge-plan?duplicateId=${duplicate.id}`),
    ]) {
      expect(refused.statusCode, refused.body).toBe(422);
      expect(refused.json()).toMatchObject({
        code: "registry.mergeDiedAndLives",
        title: `Жазуулар бири-бирине карама-каршы: биринде адам 02.02.2022 каза болгон, экинчисинде № ${parents.number} үй чарбасында жашап жүрөт. Өлүм ката катталган болсо, аны жокко чыгарыңыз же экинчи жазууну оңдоңуз, андан кийин бириктириңиз.`,
        household: { id: parents.id, number: parents.number },
      });
    }
    expect((await clerk.get(`/api/registry/people/${son.id}?lang=en`)).json()).toMatchObject({
      deathDate: null,
    });
    expect((await record(duplicate.id)).deathDate).toBe("2022-02-02");
    expect((await card(other.id)).formerMembers.map((m: { id: string }) => m.id)).toEqual([duplicate.id]);
    expect(await currentHouseholds(son.id, [parents, other])).toEqual([parents.number]);
  });

  it("closes a household emptied by the duplicate's voided departure on the day its last one really went, the old dissolution annulled by the merge", async () => {
    // No. 61: an old woman alone. The son, living with his parents, was registered again as arriving
    // there in 2021; she died in 2022 and he was made its head; "his" departure in 2023 emptied it.
    const { other, son, duplicate } = await sonArrivingElsewhere(
      { surname: "Алиев", givenName: "Марлен", birthDate: "1990-09-09" },
      "2021-03-01",
      "1940-01-01",
    );
    await recordEvent(other.id, {
      kind: "death",
      occurredOn: "2022-05-01",
      personId: other.members[0].id,
      newHeadPersonId: duplicate.id,
      relations: [],
    });
    await recordEvent(other.id, { kind: "departure", occurredOn: "2023-06-01", personId: duplicate.id });
    expect((await card(other.id)).dissolvedOn).toBe("2023-06-01");
    const plan = await clerk.get(`/api/registry/people/${son.id}/merge-plan?duplicateId=${duplicate.id}`);
    expect(plan.statusCode, plan.body).toBe(200);
    expect(plan.json().closed).toEqual([
      { householdId: other.id, household: other.number, on: "2022-05-01" },
    ]);
    expect((await card(other.id)).dissolvedOn).toBe("2023-06-01");

    const merged = await merge(son.id, duplicate.id);
    expect(merged.statusCode, merged.body).toBe(200);
    const after = await card(other.id);
    expect(after.dissolvedOn).toBe("2022-05-01");
    const dissolutions = after.events.filter((e: HistoryEntry) => e.kind === "household-dissolved");
    expect(dissolutions).toEqual([
      expect.objectContaining({ occurredOn: "2022-05-01", annulledAt: null }),
      expect.objectContaining({
        occurredOn: "2023-06-01",
        annulledAt: expect.any(String),
        annulledByMerge: expect.objectContaining({ mergedName: "Алиев Марлен" }),
      }),
    ]);
    expect((await card(other.id, "2022-12-31")).existed).toBe(false);
    // Audited: the household stood again, then closed on the day she died.
    const trail = (await admin.get(`/api/audit?entity=household&entityId=${other.id}&action=update`)).json()
      .items;
    expect(trail.slice(0, 2)).toEqual([
      expect.objectContaining({ after: expect.objectContaining({ dissolvedOn: "2022-05-01" }) }),
      expect.objectContaining({
        before: expect.objectContaining({ dissolvedOn: "2023-06-01" }),
        after: expect.objectContaining({ dissolvedOn: null }),
      }),
    ]);
  });

  it("refreshes the derived flags of a household the merge changed: the old woman the duplicate never lived with is alone again on every day, under the flag that stood", async () => {
    const { other, son, duplicate } = await sonArrivingElsewhere(
      { surname: "Дыйканов", givenName: "Талгат", birthDate: "1994-04-04" },
      "2021-03-01",
      "1941-01-01",
    );
    const alone = other.flags.find((f: { criterionCode: string }) => f.criterionCode === "elderly-alone");
    expect(alone).toBeDefined();
    // His arrival ended it.
    expect((await card(other.id)).flags.map((f: { criterionCode: string }) => f.criterionCode)).not.toContain(
      "elderly-alone",
    );
    const merged = await merge(son.id, duplicate.id);
    expect(merged.statusCode, merged.body).toBe(200);
    const after = await card(other.id);
    expect(after.flags.filter((f: { criterionCode: string }) => f.criterionCode === "elderly-alone")).toEqual(
      [expect.objectContaining({ id: alone.id })],
    );
    expect(after.formerFlags).toEqual([]);
    expect(
      (await card(other.id, "2022-01-01")).flags.map((f: { criterionCode: string }) => f.criterionCode),
    ).toContain("elderly-alone");
    // Audited as any change of a flag.
    const trail = (await admin.get(`/api/audit?entity=household_flag&entityId=${alone.id}`)).json().items;
    expect(trail[0]).toMatchObject({ after: expect.objectContaining({ clearedOn: null }) });
  });

  it("answers a plan while a write of the municipality is on its way, and the merge then does what it said", async () => {
    const { mistaken, son, duplicate, planUrl: url } = await sonRegisteredTwice("Садыков", "Марат", "Руслан");
    const dropped = {
      stays: [expect.objectContaining({ householdId: mistaken.id, outcome: "dropped" })],
      closed: [{ householdId: mistaken.id, household: mistaken.number, on: "2020-01-01" }],
      voided: [],
    };
    // Another connection's write holds the municipality's audit chain until it commits, as every
    // write does; a plan that wrote audit records would wait for it, and this one for the plan.
    // (PGlite has one connection, whose transactions never interleave.)
    if (t.database.kind === "postgres")
      await withSystem(t.database, async (other) => {
        await other.execute(sql`select 1 from audit_chain_head where org_id = ${orgId} for update`);
        const plan = await clerk.get(url);
        expect(plan.statusCode, plan.body).toBe(200);
        expect(plan.json()).toEqual(dropped);
      });
    const plan = await clerk.get(url);
    expect(plan.json()).toEqual(dropped);
    expect((await merge(son.id, duplicate.id)).statusCode).toBe(200);
    expect((await card(mistaken.id)).dissolvedOn).toBe("2020-01-01");
  });

  it("answers a plan while a write that drops the municipality's kept day counts is on its way", async () => {
    const { mistaken, planUrl: url } = await sonRegisteredTwice("Турдубаев", "Алмаз", "Мирлан");
    const neighbour = await newHousehold([
      member({ surname: "Абылов", givenName: "Канат", birthDate: "1970-03-03" }),
    ]);
    await countDays(t.database, [orgId], "2025-06-01");
    // A clerk's write elsewhere in the book drops the kept counts, and holds the rows it deleted
    // until it commits. A plan whose changes dropped them too would wait for it, and such a write
    // for the plan. (PGlite has one connection, whose transactions never interleave.)
    if (t.database.kind === "postgres")
      await withSystem(t.database, async (other) => {
        await other.execute(
          sql`update person set birth_date = '1970-03-04' where id = ${neighbour.members[0].id}`,
        );
        expect(await other.select().from(registerDayCount).where(eq(registerDayCount.orgId, orgId))).toEqual(
          [],
        );
        const plan = await clerk.get(url);
        expect(plan.statusCode, plan.body).toBe(200);
        expect(plan.json().closed).toEqual([
          { householdId: mistaken.id, household: mistaken.number, on: "2020-01-01" },
        ]);
      });
    expect((await clerk.get(url)).statusCode).toBe(200);
  });

  it("leaves the municipality's kept day counts to a plan, and drops them with the merge, whose change the next count sees", async () => {
    const { son, duplicate, planUrl } = await sonRegisteredTwice("Эсенов", "Болот", "Тилек");
    const day = "2025-06-01";
    const kept = () =>
      withSystem(t.database, (tx) =>
        tx
          .select()
          .from(registerDayCount)
          .where(and(eq(registerDayCount.orgId, orgId), eq(registerDayCount.onDate, day))),
      );
    const before = (await countDays(t.database, [orgId], day)).get(orgId)!;
    const counted = await kept();
    expect(counted).toHaveLength(1);

    const plan = await clerk.get(planUrl);
    expect(plan.statusCode, plan.body).toBe(200);
    expect(await kept()).toEqual(counted);

    expect((await merge(son.id, duplicate.id)).statusCode).toBe(200);
    expect(await kept()).toEqual([]);
    const after = (await countDays(t.database, [orgId], day)).get(orgId)!;
    // One person, in one household: the one registered by mistake is closed.
    expect(after.counts).toMatchObject({
      households: before.counts.households - 1,
      people: before.counts.people - 1,
    });
    const summary = await clerk.get(`/api/registry/summary?on=${day}`);
    expect(summary.statusCode, summary.body).toBe(200);
    expect(summary.json().total).toEqual(after.counts);
  });

  it("refuses to take away the head of a household others belong to, naming it, and changes nothing", async () => {
    const home = await newHousehold(
      [member({ surname: "Исаков", givenName: "Марат", birthDate: "1985-08-08" })],
      "2015-01-01",
    );
    // Registered again as the head of a household with his wife in it.
    const other = await newHousehold(
      [
        member({ surname: "Исаков", givenName: "Марат", birthDate: "1985-08-08" }),
        member({ surname: "Исакова", givenName: "Айзада", sex: "female", birthDate: "1988-02-02" }, "spouse"),
      ],
      "2016-01-01",
    );
    const duplicate = other.members.find((m: { givenName: string }) => m.givenName === "Марат");
    for (const refused of [
      await merge(home.members[0].id, duplicate.id),
      await clerk.get(`/api/registry/people/${home.members[0].id}/merge-plan?duplicateId=${duplicate.id}`),
    ]) {
      expect(refused.statusCode).toBe(422);
      expect(refused.json()).toMatchObject({
        code: "registry.mergeTakesHead",
        title: `Бириктирүү № ${other.number} үй чарбасын башчысыз калтырат, ал эми анда башка мүчөлөр да бар. Экинчи жазууну калтырыңыз же адегенде ошол үй чарбасынын башчысын алмаштырыңыз.`,
        household: { id: other.id, number: other.number },
      });
    }
    // In the language the caller names, as on every route (?lang= wins over the user's saved one).
    const inEnglish = await clerk.get(
      `/api/registry/people/${home.members[0].id}/merge-plan?duplicateId=${duplicate.id}&lang=en`,
    );
    expect(inEnglish.statusCode, inEnglish.body).toBe(422);
    expect(inEnglish.json().title).toBe(
      `The merge would take away the head of household No. ${other.number}, where others still belong. Keep the other record, or change that household's head first.`,
    );
    expect((await card(other.id)).members.map((m: { relation: string }) => m.relation).sort()).toEqual([
      "head",
      "spouse",
    ]);
    expect((await record(duplicate.id)).id).toBe(duplicate.id);
    // Kept the other way round, his household of his own ends when the kept stay starts, and is
    // closed that day.
    const merged = await merge(duplicate.id, home.members[0].id);
    expect(merged.statusCode, merged.body).toBe(200);
    const own = await card(home.id);
    expect(own.dissolvedOn).toBe("2016-01-01");
    expect(own.formerMembers).toEqual([
      expect.objectContaining({ id: duplicate.id, memberSince: "2015-01-01", memberUntil: "2016-01-01" }),
    ]);
    expect((await card(other.id)).members.map((m: { id: string }) => m.id)).toContain(duplicate.id);
  });

  it("takes no head from a housemate recorded dead with no end written: gone from the death day", async () => {
    const nurlan = { surname: "Бектуров", givenName: "Нурлан", birthDate: "1975-05-05" };
    // Registered as the head of his mother's household in 2015, and again in a household of his own
    // from 2020, the record kept.
    const old = await newHousehold(
      [
        member(nurlan),
        member(
          { surname: "Бектурова", givenName: "Анара", sex: "female", birthDate: "1950-01-01" },
          "mother",
        ),
      ],
      "2015-01-01",
    );
    const own = await newHousehold([member(nurlan)], "2020-01-01");
    const duplicate = old.members.find((m: { givenName: string }) => m.givenName === "Нурлан");
    const mother = old.members.find((m: { givenName: string }) => m.givenName === "Анара");
    // She died in 2019 and her membership stayed open: no path writes such a record today; an
    // import or an older rule could.
    await withSystem(t.database, (tx) =>
      tx.execute(sql`update person set death_date = '2019-03-01' where id = ${mother.id}`),
    );
    const cut = {
      householdId: old.id,
      household: old.number,
      fromDate: "2015-01-01",
      toDate: null,
      outcome: "cut",
      becomes: { fromDate: "2015-01-01", toDate: "2020-01-01" },
    };
    const plan = await clerk.get(
      `/api/registry/people/${own.members[0].id}/merge-plan?duplicateId=${duplicate.id}`,
    );
    expect(plan.statusCode, plan.body).toBe(200);
    // No one alive is left there once his stay ends: the household closes that day.
    const closed = [{ householdId: old.id, household: old.number, on: "2020-01-01" }];
    expect(plan.json()).toEqual({ stays: [cut], closed, voided: [] });
    const merged = await merge(own.members[0].id, duplicate.id);
    expect(merged.statusCode, merged.body).toBe(200);
    expect((await card(old.id)).dissolvedOn).toBe("2020-01-01");
    const after = await clerk.get(`/api/registry/households/${old.id}?asOf=2019-12-31`);
    expect(after.json().members.map((m: { id: string }) => m.id)).toEqual([own.members[0].id]);
  });

  it("reads a changed head as the head of the days before the change only: the stays are split there", async () => {
    // The duplicate headed his household until 2020, when his wife became head; he stayed as her husband.
    const kubat = { surname: "Мамытов", givenName: "Кубат", birthDate: "1970-07-07" };
    const family = async () => {
      const h = await newHousehold(
        [member(kubat), member({ surname: "Мамытова", givenName: "Гүлзат", sex: "female" }, "spouse")],
        "2015-01-01",
      );
      const [him, her] = h.members.map((m: { id: string }) => m.id);
      const changed = await clerk.post(`/api/registry/households/${h.id}/events`, {
        kind: "head-change",
        occurredOn: "2020-01-01",
        newHeadPersonId: her,
        relations: [{ personId: him, relation: "spouse" }],
      });
      expect(changed.statusCode, changed.body).toBe(201);
      return { household: h, duplicate: him as string };
    };
    // Kept in a household of his own from 2022: only days after the change are cut, where he was
    // no head, so his wife keeps her household and the merge goes through.
    const first = await family();
    const since2022 = (await newHousehold([member(kubat)], "2022-01-01")).members[0].id;
    const plan = await clerk.get(
      `/api/registry/people/${since2022}/merge-plan?duplicateId=${first.duplicate}`,
    );
    expect(plan.statusCode, plan.body).toBe(200);
    // The stays in the order they began.
    expect(plan.json().stays).toEqual([
      expect.objectContaining({ fromDate: "2015-01-01", toDate: "2020-01-01", outcome: "kept" }),
      expect.objectContaining({
        fromDate: "2020-01-01",
        toDate: null,
        outcome: "cut",
        becomes: { fromDate: "2020-01-01", toDate: "2022-01-01" },
      }),
    ]);
    expect((await merge(since2022, first.duplicate)).statusCode).toBe(200);
    // Kept from 2018: the days cut reach back to when he headed it, with his wife there.
    const second = await family();
    const since2018 = (await newHousehold([member(kubat)], "2018-01-01")).members[0].id;
    const refused = await merge(since2018, second.duplicate);
    expect(refused.statusCode, refused.body).toBe(422);
    expect(refused.json()).toMatchObject({
      code: "registry.mergeTakesHead",
      household: { id: second.household.id, number: second.household.number },
    });
  });

  it("refuses two records whose birth dates differ, naming both dates, and changes nothing", async () => {
    const head = person({ surname: "Токтосунов", givenName: "Нурбек", birthDate: "1950-02-02" });
    const first = await newHousehold([
      { relation: "head", person: head },
      {
        relation: "son",
        person: person({ surname: "Токтосунов", givenName: "Азамат", birthDate: "1980-03-01" }),
      },
    ]);
    const son = first.members.find((m: { givenName: string }) => m.givenName === "Азамат");
    const left = await clerk.post(`/api/registry/households/${first.id}/events`, {
      kind: "departure",
      occurredOn: "2024-05-01",
      personId: son.id,
    });
    expect(left.statusCode, left.body).toBe(201);
    const second = await newHousehold([
      {
        relation: "head",
        person: person({ surname: "Токтосунов", givenName: "Азамат", birthDate: "1980-01-03" }),
      },
    ]);
    const refused = await merge(son.id, second.members[0].id);
    expect(refused.statusCode).toBe(422);
    expect(refused.json().code).toBe("registry.mergeDifferentBirthDates");
    expect(refused.json().title).toBe(
      "Туулган күндөрү ар башка (01.03.1980 жана 03.01.1980): адегенде туура эмес жазууну оңдоңуз, андан кийин бириктириңиз.",
    );
    expect((await record(son.id)).birthDate).toBe("1980-03-01");
    expect((await record(second.members[0].id)).birthDate).toBe("1980-01-03");
    expect((await card(second.id)).members[0].id).toBe(second.members[0].id);
  });

  it("refuses two records whose death dates differ, naming both dates, and changes nothing", async () => {
    // The same grandfather in two households, his death recorded in each, on different days.
    const grandfather = () => person({ surname: "Абдыкеров", givenName: "Сапар", birthDate: "1940-04-04" });
    const homes = [];
    for (const diedOn of ["2024-03-01", "2024-03-10"]) {
      const home = await newHousehold([
        {
          relation: "head",
          person: person({
            surname: "Абдыкеров",
            givenName: "Талант",
            birthDate: `1970-0${homes.length + 1}-01`,
          }),
        },
        { relation: "father", person: grandfather() },
      ]);
      const him = home.members.find((m: { givenName: string }) => m.givenName === "Сапар");
      const died = await clerk.post(`/api/registry/households/${home.id}/events`, {
        kind: "death",
        occurredOn: diedOn,
        personId: him.id,
      });
      expect(died.statusCode, died.body).toBe(201);
      homes.push({ home, him });
    }
    const [a, b] = homes as [(typeof homes)[number], (typeof homes)[number]];
    const refused = await merge(a.him.id, b.him.id);
    expect(refused.statusCode, refused.body).toBe(422);
    expect(refused.json().code).toBe("registry.mergeDifferentDeathDates");
    expect(refused.json().title).toBe(
      "Каза болгон күндөрү ар башка (01.03.2024 жана 10.03.2024): адегенде туура эмес жазууну оңдоңуз, андан кийин бириктириңиз.",
    );
    expect((await record(a.him.id)).deathDate).toBe("2024-03-01");
    expect((await record(b.him.id)).deathDate).toBe("2024-03-10");
  });

  it("merges a person entered twice in one household, which then counts them once", async () => {
    const home = await newHousehold([
      {
        relation: "head",
        person: person({ surname: "Сатыбалдиев", givenName: "Бакыт", birthDate: "1968-02-02" }),
      },
      {
        relation: "son",
        person: person({ surname: "Сатыбалдиев", givenName: "Азат", birthDate: "1999-09-09" }),
      },
      {
        relation: "son",
        person: person({
          surname: "Сатыбалдиев",
          givenName: "Азат",
          birthDate: "1999-09-09",
          pin: "20909199900017",
        }),
      },
    ]);
    const [group] = await duplicateGroups("Сатыбалдиев");
    const [keep, duplicate] = group.people;
    const merged = await merge(keep.id, duplicate.id);
    expect(merged.statusCode, merged.body).toBe(200);
    expect(merged.json()).toMatchObject({ id: keep.id, pin: "20909199900017" });
    const after = await card(home.id);
    expect(after.members.map((m: { givenName: string }) => m.givenName).sort()).toEqual(["Азат", "Бакыт"]);
    expect(after.formerMembers).toEqual([]);
    expect(after.events.map((e: { kind: string }) => e.kind)).toEqual(["household-formed", "person-merged"]);
    const listed = (await clerk.get(`/api/registry/households?q=${home.number}`)).json().items;
    expect(listed.find((h: { id: string }) => h.id === home.id).memberCount).toBe(2);
  });

  it("moves the only current membership to the kept person, who is then in exactly one household, and says so in both histories", async () => {
    const parents = await newHousehold([
      {
        relation: "head",
        person: person({ surname: "Жумабеков", givenName: "Талант", birthDate: "1970-01-01" }),
      },
      {
        relation: "son",
        person: person({ surname: "Жумабеков", givenName: "Эркин", birthDate: "2001-05-05" }),
      },
    ]);
    const son = parents.members.find((m: { givenName: string }) => m.givenName === "Эркин");
    const left = await clerk.post(`/api/registry/households/${parents.id}/events`, {
      kind: "departure",
      occurredOn: "2024-05-01",
      personId: son.id,
    });
    expect(left.statusCode, left.body).toBe(201);
    // He was registered again as the head of a household of his own, with his PIN.
    const own = await newHousehold([
      {
        relation: "head",
        person: person({
          surname: "Жумабеков",
          givenName: "Эркин",
          birthDate: "2001-05-05",
          pin: "20505200100017",
        }),
      },
    ]);
    const [group] = await duplicateGroups("Жумабеков");
    expect(group.people.map((p: { id: string }) => p.id)).toEqual([son.id, own.members[0].id]);

    const merged = await merge(son.id, own.members[0].id);
    expect(merged.statusCode, merged.body).toBe(200);
    expect(merged.json()).toMatchObject({ id: son.id, pin: "20505200100017", birthDate: "2001-05-05" });
    // The duplicate's id, followed from an old link, names the record kept and the household holding it.
    const gone = await clerk.get(`/api/registry/people/${own.members[0].id}`);
    expect(gone.statusCode, gone.body).toBe(410);
    expect(gone.json()).toMatchObject({
      code: "registry.personMerged",
      mergedInto: { id: son.id, name: "Жумабеков Эркин" },
      household: { id: own.id, number: own.number },
    });
    expect(await currentHouseholds(son.id, [parents, own])).toEqual([own.number]);
    // His own household was entered as formed in 2020, but he left his parents' only on 2024-05-01:
    // the recorded departure decides, so he is in one household on every day.
    expect((await card(own.id)).members[0]).toMatchObject({
      id: son.id,
      relation: "head",
      memberSince: "2024-05-01",
    });
    const inOwnOn2022 = (await clerk.get(`/api/registry/households/${own.id}?asOf=2022-06-01`)).json();
    expect(inOwnOn2022.members.map((m: { id: string }) => m.id)).not.toContain(son.id);
    const inParentsOn2022 = (
      await clerk.get(`/api/registry/households/${parents.id}?asOf=2022-06-01`)
    ).json();
    expect(inParentsOn2022.members.map((m: { id: string }) => m.id)).toContain(son.id);
    expect((await card(parents.id)).formerMembers.map((m: { id: string }) => m.id)).toEqual([son.id]);
    for (const h of [parents, own]) {
      const merges = (await card(h.id)).events.filter((e: { kind: string }) => e.kind === "person-merged");
      expect(merges).toEqual([
        expect.objectContaining({
          personId: son.id,
          details: { mergedPersonId: own.members[0].id, mergedName: "Жумабеков Эркин" },
        }),
      ]);
    }
    expect(await duplicateGroups("Жумабеков")).toEqual([]);
  });

  it("answers a merged record's id, in the reader's language, with the record it lives on as after later merges too, and refuses to change it", async () => {
    const bakyt = { surname: "Токтогулов", givenName: "Бакыт", birthDate: "1980-02-02" };
    const home = await newHousehold(
      [member(bakyt), member({ surname: "Токтогулова", givenName: "Айгүл", sex: "female" }, "spouse")],
      "2015-01-01",
    );
    const twice = await newHousehold([member(bakyt)], "2021-01-01");
    const thrice = await newHousehold([member(bakyt)], "2022-01-01");
    const [first, second, third] = [home, twice, thrice].map((h) => h.members[0].id as string);
    expect((await merge(third!, second!)).statusCode).toBe(200);
    expect((await merge(first!, third!)).statusCode).toBe(200);

    for (const id of [second, third]) {
      const gone = await clerk.get(`/api/registry/people/${id}?lang=ru`);
      expect(gone.statusCode, gone.body).toBe(410);
      expect(gone.json()).toMatchObject({
        code: "registry.personMerged",
        title: "Эта запись о человеке объединена с записью «Токтогулов Бакыт», которая и сохранена.",
        mergedInto: { id: first, name: "Токтогулов Бакыт" },
        household: { id: home.id, number: home.number },
      });
    }
    // A change sent to the old id (a card read before the merge) is refused the same way.
    const corrected = await clerk.patch(`/api/registry/people/${second}`, {
      patronymic: "Асанович",
      version: 1,
    });
    expect(corrected.statusCode, corrected.body).toBe(410);
    expect(corrected.json().mergedInto).toEqual({ id: first, name: "Токтогулов Бакыт" });
    expect((await record(first!)).patronymic).toBeNull();
    // An id that never was a person's is still not found.
    const never = await clerk.get("/api/registry/people/00000000-0000-7000-8000-000000000000");
    expect(never.statusCode).toBe(404);
    expect(never.json()).not.toHaveProperty("mergedInto");
  });

  it("refuses two records of different sexes, and a kept stay that would cut the other's in two; kept the other way, the other's goes", async () => {
    const first = await newHousehold([
      {
        relation: "head",
        person: person({ surname: "Абдиева", givenName: "Айгүл", sex: "female", birthDate: "1980-04-04" }),
      },
    ]);
    const second = await newHousehold([
      {
        relation: "head",
        person: person({ surname: "Абдиева", givenName: "Айгүл", sex: "male", birthDate: "1980-04-04" }),
      },
    ]);
    const bySex = await merge(first.members[0].id, second.members[0].id);
    expect(bySex.statusCode).toBe(422);
    expect(bySex.json().code).toBe("registry.mergeDifferentSexes");
    expect((await record(second.members[0].id)).sex).toBe("male");

    // In household A since 2019 and still, and in B from 2020 until a departure in 2023: two places at once.
    const a = await newHousehold(
      [
        {
          relation: "head",
          person: person({ surname: "Кадыров", givenName: "Бекзат", birthDate: "1990-01-01" }),
        },
      ],
      "2019-01-01",
    );
    const b = await newHousehold([
      {
        relation: "head",
        person: person({ surname: "Кадыров", givenName: "Темир", birthDate: "1960-01-01" }),
      },
      {
        relation: "son",
        person: person({ surname: "Кадыров", givenName: "Бекзат", birthDate: "1990-01-01" }),
      },
    ]);
    const son = b.members.find((m: { givenName: string }) => m.givenName === "Бекзат");
    const left = await clerk.post(`/api/registry/households/${b.id}/events`, {
      kind: "departure",
      occurredOn: "2023-03-01",
      personId: son.id,
    });
    expect(left.statusCode, left.body).toBe(201);
    // His stay in A since 2019 runs through his stay in B: kept, B's cannot be cut in two.
    const refused = await merge(son.id, a.members[0].id);
    expect(refused.statusCode).toBe(422);
    expect(refused.json().code).toBe("registry.mergeMembershipsOverlap");
    expect(refused.json().title).toContain(`(№ ${b.number} жана № ${a.number}, 01.01.2020 баштап)`);
    expect(refused.json().household).toEqual({ id: a.id, number: a.number });
    expect((await card(b.id)).formerMembers.map((m: { id: string }) => m.id)).toEqual([son.id]);
    // A kept, his stay in B, wholly on days he was in A, goes; B's head and its departure event stay.
    const merged = await merge(a.members[0].id, son.id);
    expect(merged.statusCode, merged.body).toBe(200);
    const bAfter = await card(b.id);
    expect(bAfter.formerMembers).toEqual([]);
    expect(bAfter.dissolvedOn).toBeNull();
    expect(bAfter.events.map((e: { kind: string }) => e.kind)).toContain("departure");
    expect((await card(a.id)).members.map((m: { memberSince: string }) => m.memberSince)).toEqual([
      "2019-01-01",
    ]);
  });

  it("refuses to void the duplicate's move that handed over the headship of the household it left, naming the move to annul first; annulled and the head settled, the merge goes through", async () => {
    // He headed his household, with his wife, from 2015, and moved on 2021-03-01 into No. Q, where
    // he was registered anew (the record kept). The other record was moved that day into No. 63, of
    // another family, by mistake; his wife was made head of their household with the move.
    const nurbol = { surname: "Абдрахманов", givenName: "Нурбол", birthDate: "1978-03-03" };
    const own = await newHousehold(
      [
        member(nurbol),
        member(
          { surname: "Абдрахманова", givenName: "Жылдыз", sex: "female", birthDate: "1980-01-01" },
          "spouse",
        ),
      ],
      "2015-01-01",
    );
    const duplicate = own.members.find((m: { givenName: string }) => m.givenName === "Нурбол");
    const wife = own.members.find((m: { givenName: string }) => m.givenName === "Жылдыз");
    const q = await newHousehold(
      [member({ surname: "Токтоматов", givenName: "Бекен", birthDate: "1950-01-01" })],
      "2015-01-01",
    );
    const kept = await newcomer(q.id, "2021-03-01", nurbol);
    const other = await newHousehold(
      [member({ surname: "Жумалиева", givenName: "Айым", sex: "female", birthDate: "1960-01-01" })],
      "2015-01-01",
    );
    const moved = await recordEvent(other.id, {
      kind: "arrival",
      occurredOn: "2021-03-01",
      relation: "other",
      personId: duplicate.id,
      newHeadPersonId: wife.id,
    });
    const planUrl = `/api/registry/people/${kept.id}/merge-plan?duplicateId=${duplicate.id}`;
    for (const refused of [await merge(kept.id, duplicate.id), await clerk.get(planUrl)]) {
      expect(refused.statusCode, refused.body).toBe(422);
      expect(refused.json()).toMatchObject({
        code: "registry.mergeVoidsHeadHandover",
        household: { id: own.id, number: own.number },
      });
    }
    expect((await clerk.get(planUrl)).json().title).toBe(
      `Бириктирүү экинчи жазуунун 01.03.2021 № ${other.number} үй чарбасына көчүүсүн ката катталган катары жокко чыгармак, бирок ошол көчүү менен № ${own.number} үй чарбасынын башчысы да алмашкан. Адегенде ошол көчүүнү жокко чыгарыңыз (башчылык аны менен кошо кайтат), андан кийин бириктириңиз.`,
    );
    // Nothing changed: she heads their household, the move stands.
    expect((await card(own.id)).members).toEqual([
      expect.objectContaining({ id: wife.id, relation: "head" }),
    ]);
    expect((await history(other.id)).find((e) => e.id === moved)?.annulledAt).toBeNull();

    // Annulled, he heads it again; the merge would now take its head from her from the day he left...
    const annulled = await clerk.post(`/api/registry/households/${other.id}/events/${moved}/annul`, {
      reason: "Ката катталган",
    });
    expect(annulled.statusCode, annulled.body).toBe(200);
    expect((await merge(kept.id, duplicate.id)).json().code).toBe("registry.mergeTakesHead");
    // ...until the clerk records that she heads it from then on.
    await recordEvent(own.id, {
      kind: "head-change",
      occurredOn: "2021-03-01",
      newHeadPersonId: wife.id,
      relations: [{ personId: duplicate.id, relation: "spouse" }],
    });
    const merged = await merge(kept.id, duplicate.id);
    expect(merged.statusCode, merged.body).toBe(200);
    const after = await card(own.id);
    expect(after.members).toEqual([expect.objectContaining({ id: wife.id, relation: "head" })]);
    expect(after.formerMembers).toContainEqual(
      expect.objectContaining({
        id: kept.id,
        relation: "head",
        memberSince: "2015-01-01",
        memberUntil: "2021-03-01",
      }),
    );
    expect(await currentHouseholds(kept.id, [own, q, other])).toEqual([q.number]);
  });

  it("ends a joined stay on the kept record's departure, which the other record, never recorded leaving, does not undo", async () => {
    const { home, son, duplicate } = await enteredTwice("Орунбаев", "Мирбек", "Азат", "1996-06-06");
    const left = await recordEvent(home.id, {
      kind: "departure",
      occurredOn: "2023-05-01",
      personId: son.id,
    });
    const plan = await clerk.get(`/api/registry/people/${son.id}/merge-plan?duplicateId=${duplicate.id}`);
    expect(plan.json().stays).toEqual([
      expect.objectContaining({
        householdId: home.id,
        fromDate: "2015-01-01",
        toDate: null,
        outcome: "joined",
      }),
    ]);
    const merged = await merge(son.id, duplicate.id);
    expect(merged.statusCode, merged.body).toBe(200);
    const after = await card(home.id);
    expect(ids(after.members)).not.toContain(son.id);
    expect(after.formerMembers).toEqual([
      expect.objectContaining({ id: son.id, memberSince: "2015-01-01", memberUntil: "2023-05-01" }),
    ]);
    expect(after.events.find((e: HistoryEntry) => e.id === left)).toMatchObject({
      personId: son.id,
      annulledAt: null,
    });
    expect(await currentHouseholds(son.id, [home])).toEqual([]);
  });

  it("refuses to join stays the two records end on different days by events of their own, naming both days, and changes nothing", async () => {
    const { home, son, duplicate } = await enteredTwice("Жолдошев", "Тынай", "Болот", "1994-04-04");
    await recordEvent(home.id, { kind: "departure", occurredOn: "2023-05-01", personId: son.id });
    await recordEvent(home.id, { kind: "departure", occurredOn: "2024-02-01", personId: duplicate.id });
    const planUrl = `/api/registry/people/${son.id}/merge-plan?duplicateId=${duplicate.id}`;
    for (const refused of [await merge(son.id, duplicate.id), await clerk.get(planUrl)]) {
      expect(refused.statusCode, refused.body).toBe(422);
      expect(refused.json()).toMatchObject({
        code: "registry.mergeDifferentEnds",
        household: { id: home.id, number: home.number },
      });
    }
    expect((await clerk.get(planUrl)).json().title).toBe(
      `Жазуулар боюнча адам № ${home.number} үй чарбасынын мүчөлүгүнөн ар башка күндөрү чыккан (01.05.2023 жана 01.02.2024): ката катталган окуяны жокко чыгарыңыз же туура эмес жазууну оңдоңуз, андан кийин бириктириңиз.`,
    );
    expect((await record(duplicate.id)).id).toBe(duplicate.id);
    expect(ids((await card(home.id)).formerMembers).sort()).toEqual([son.id, duplicate.id].sort());
  });

  /** The events that open and end a person's stays in a household, as the rows have them. */
  const ties = (personId: string, householdId: string) =>
    withSystem(t.database, (tx) =>
      tx
        .select({
          fromDate: householdMember.fromDate,
          toDate: householdMember.toDate,
          fromEventId: householdMember.fromEventId,
          toEventId: householdMember.toEventId,
        })
        .from(householdMember)
        .where(and(eq(householdMember.personId, personId), eq(householdMember.householdId, householdId)))
        .orderBy(householdMember.fromDate),
    );

  it("voids the duplicate's departure from days the merge cuts away: the cut stay ends where the kept record's begins, by no event, and the household closes then", async () => {
    // He headed a household alone from 2015 and, by the record kept, married into his wife's in
    // 2020; the other record was recorded leaving his own in 2023, which closed it.
    const erlan = { surname: "Сатаров", givenName: "Эрлан", birthDate: "1986-06-06" };
    const own = await newHousehold([member(erlan)], "2015-01-01");
    const wife = await newHousehold(
      [member({ surname: "Сатарова", givenName: "Нургүл", sex: "female", birthDate: "1988-01-01" })],
      "2015-01-01",
    );
    const kept = await newcomer(wife.id, "2020-06-01", erlan, "spouse");
    const duplicate = own.members[0];
    const left = await recordEvent(own.id, {
      kind: "departure",
      occurredOn: "2023-05-01",
      personId: duplicate.id,
    });
    expect((await card(own.id)).dissolvedOn).toBe("2023-05-01");
    const plan = await clerk.get(`/api/registry/people/${kept.id}/merge-plan?duplicateId=${duplicate.id}`);
    expect(plan.statusCode, plan.body).toBe(200);
    expect(plan.json()).toEqual({
      stays: [
        expect.objectContaining({
          outcome: "cut",
          becomes: { fromDate: "2015-01-01", toDate: "2020-06-01" },
        }),
      ],
      closed: [{ householdId: own.id, household: own.number, on: "2020-06-01" }],
      voided: [{ householdId: own.id, household: own.number, kind: "departure", occurredOn: "2023-05-01" }],
    });

    const merged = await merge(kept.id, duplicate.id);
    expect(merged.statusCode, merged.body).toBe(200);
    expect(await ties(kept.id, own.id)).toEqual([
      { fromDate: "2015-01-01", toDate: "2020-06-01", fromEventId: expect.any(String), toEventId: null },
    ]);
    const after = await card(own.id);
    expect(after.dissolvedOn).toBe("2020-06-01");
    expect(after.events.find((e: HistoryEntry) => e.id === left)).toMatchObject({
      personId: duplicate.id,
      annulledByMerge: expect.objectContaining({ mergedName: "Сатаров Эрлан" }),
    });
    // On a day between, he is his wife's husband, and his own household no longer stands.
    expect((await card(own.id, "2022-01-01")).existed).toBe(false);
    expect(ids((await card(wife.id, "2022-01-01")).members)).toContain(kept.id);
    expect(
      (await card(own.id, "2022-01-01")).events.find((e: HistoryEntry) => e.id === left)?.annulledByMerge,
    ).not.toBeNull();
  });

  it("voids the departure of a record entered twice where the kept one is there still: the kept stay stands, and the plan says so first", async () => {
    const { home, son, duplicate } = await enteredTwice("Эркинбаев", "Эркин", "Тимур", "1997-07-07");
    const left = await recordEvent(home.id, {
      kind: "departure",
      occurredOn: "2023-05-01",
      personId: duplicate.id,
    });
    const plan = await clerk.get(`/api/registry/people/${son.id}/merge-plan?duplicateId=${duplicate.id}`);
    expect(plan.json()).toEqual({
      stays: [expect.objectContaining({ outcome: "joined", toDate: "2023-05-01", becomes: null })],
      closed: [],
      voided: [{ householdId: home.id, household: home.number, kind: "departure", occurredOn: "2023-05-01" }],
    });
    const merged = await merge(son.id, duplicate.id);
    expect(merged.statusCode, merged.body).toBe(200);
    expect(await ties(son.id, home.id)).toEqual([
      { fromDate: "2015-01-01", toDate: null, fromEventId: expect.any(String), toEventId: null },
    ]);
    expect(ids((await card(home.id)).members)).toContain(son.id);
    const then = await card(home.id, "2024-01-01");
    expect(ids(then.members)).toContain(son.id);
    expect(then.events.find((e: HistoryEntry) => e.id === left)).toMatchObject({
      personId: duplicate.id,
      annulledAt: expect.any(String),
      annulledByMerge: expect.objectContaining({ mergedName: "Эркинбаев Тимур" }),
    });
  });

  /** A person already a member registered again, as a son arriving on 2020-03-01: the new record. */
  const arrivingAgain = async (householdId: string, memberId: string, who: Record<string, unknown>) => {
    await recordEvent(householdId, {
      kind: "arrival",
      occurredOn: "2020-03-01",
      relation: "son",
      person: person(who),
    });
    return (await card(householdId)).members.find(
      (m: { id: string; givenName: string }) => m.givenName === who.givenName && m.id !== memberId,
    );
  };

  it("starts a joined stay at the kept record's arrival: refused where the other record has the person there earlier by an event of its own; kept the other way, the arrival that made the duplicate is voided", async () => {
    const aibek = { surname: "Маматов", givenName: "Айбек", birthDate: "1999-09-09" };
    const home = await newHousehold(
      [member({ surname: "Маматов", givenName: "Жакып", birthDate: "1969-01-01" }), member(aibek, "son")],
      "2015-01-01",
    );
    const formedWith = home.members.find((m: { givenName: string }) => m.givenName === "Айбек");
    // Registered again as a newcomer arriving in 2020.
    // With no birth date, as the register would not take one it sees as a member already.
    const arrivedAs = await arrivingAgain(home.id, formedWith.id, { ...aibek, birthDate: null });
    const arrival = (await history(home.id)).find((e) => e.kind === "arrival")!.id;
    const planUrl = `/api/registry/people/${arrivedAs.id}/merge-plan?duplicateId=${formedWith.id}`;
    for (const refused of [await merge(arrivedAs.id, formedWith.id), await clerk.get(planUrl)]) {
      expect(refused.statusCode, refused.body).toBe(422);
      expect(refused.json()).toMatchObject({
        code: "registry.mergeDifferentStarts",
        household: { id: home.id, number: home.number },
      });
    }
    expect((await clerk.get(`${planUrl}&lang=en`)).json().title).toBe(
      `The records have the person coming into household No. ${home.number} on different days (01/03/2020 and 01/01/2015), each by an event of its own: keep the record with the earlier day, or annul the event registered by mistake, then merge.`,
    );
    expect(await ties(arrivedAs.id, home.id)).toEqual([
      { fromDate: "2020-03-01", toDate: null, fromEventId: arrival, toEventId: null },
    ]);

    const merged = await merge(formedWith.id, arrivedAs.id);
    expect(merged.statusCode, merged.body).toBe(200);
    expect(await ties(formedWith.id, home.id)).toEqual([
      { fromDate: "2015-01-01", toDate: null, fromEventId: expect.any(String), toEventId: null },
    ]);
    expect((await history(home.id)).find((e) => e.id === arrival)).toMatchObject({
      personId: arrivedAs.id,
      annulledByMerge: expect.objectContaining({ mergedName: "Маматов Айбек" }),
    });
  });

  it("starts a joined stay at the kept record's arrival where the other record's earlier days there were written with no event", async () => {
    const bakyt = { surname: "Досалиев", givenName: "Бакыт", birthDate: "1998-08-08" };
    const home = await newHousehold(
      [member({ surname: "Досалиев", givenName: "Курман", birthDate: "1968-01-01" }), member(bakyt, "son")],
      "2015-01-01",
    );
    const written = home.members.find((m: { givenName: string }) => m.givenName === "Бакыт");
    // As an imported book has it: the day alone.
    await withSystem(t.database, (tx) =>
      tx.execute(sql`update household_member set from_event_id = null where person_id = ${written.id}`),
    );
    const arrivedAs = await arrivingAgain(home.id, written.id, { ...bakyt, birthDate: null });
    const merged = await merge(arrivedAs.id, written.id);
    expect(merged.statusCode, merged.body).toBe(200);
    expect((await card(home.id)).members.find((m: { id: string }) => m.id === arrivedAs.id)).toMatchObject({
      memberSince: "2020-03-01",
    });
    expect(ids((await card(home.id, "2018-01-01")).members)).not.toContain(arrivedAs.id);
  });

  it("keeps a head on every day of a joined stay: the days the other record headed the household are the kept person's as its head", async () => {
    // Entered twice as the son; on the other record his father made him head in 2018.
    const { home, father, son, duplicate } = await enteredTwice("Бейшеев", "Алмаз", "Нурлан", "1990-10-10");
    const handed = await recordEvent(home.id, {
      kind: "head-change",
      occurredOn: "2018-01-01",
      newHeadPersonId: duplicate.id,
      // The clerk had to name the other record's relation to him too: he is no kin of himself.
      relations: [
        { personId: father.id, relation: "father" },
        { personId: son.id, relation: "other" },
      ],
    });
    const merged = await merge(son.id, duplicate.id);
    expect(merged.statusCode, merged.body).toBe(200);
    const headOn = async (day?: string) =>
      (await card(home.id, day)).members
        .filter((m: { relation: string }) => m.relation === "head")
        .map((m: { id: string }) => m.id);
    expect(await headOn("2016-06-01")).toEqual([father.id]);
    expect(await headOn("2019-06-01")).toEqual([son.id]);
    expect(await headOn()).toEqual([son.id]);
    // One stay split where the head changed, by the head change, as the register writes it.
    expect(await ties(son.id, home.id)).toEqual([
      { fromDate: "2015-01-01", toDate: "2018-01-01", fromEventId: expect.any(String), toEventId: handed },
      { fromDate: "2018-01-01", toDate: null, fromEventId: handed, toEventId: null },
    ]);
    expect((await history(home.id)).find((e) => e.id === handed)).toMatchObject({ annulledAt: null });
  });

  it("splits a joined stay written with no event where the other record was made head: the kept person heads the household from then", async () => {
    const kanat = { surname: "Омуров", givenName: "Канат", birthDate: "1991-11-11" };
    const home = await newHousehold(
      [member({ surname: "Омуров", givenName: "Совет", birthDate: "1956-01-01" }), member(kanat, "son")],
      "2015-01-01",
    );
    const father = home.members.find((m: { givenName: string }) => m.givenName === "Совет");
    const duplicate = home.members.find((m: { givenName: string }) => m.givenName === "Канат");
    const handed = await recordEvent(home.id, {
      kind: "head-change",
      occurredOn: "2018-01-01",
      newHeadPersonId: duplicate.id,
      relations: [{ personId: father.id, relation: "father" }],
    });
    // The kept record: a son there since 2016 as a book has it, the day alone.
    const kept = await arrivingAgain(home.id, duplicate.id, { ...kanat, birthDate: null });
    await withSystem(t.database, (tx) =>
      tx.execute(
        sql`update household_member set from_date = '2016-01-01', from_event_id = null where person_id = ${kept.id}`,
      ),
    );
    const merged = await merge(kept.id, duplicate.id);
    expect(merged.statusCode, merged.body).toBe(200);
    expect(await ties(kept.id, home.id)).toEqual([
      { fromDate: "2015-01-01", toDate: "2018-01-01", fromEventId: expect.any(String), toEventId: handed },
      { fromDate: "2018-01-01", toDate: null, fromEventId: handed, toEventId: null },
    ]);
    const after = await card(home.id);
    expect(after.members.find((m: { id: string }) => m.id === kept.id)).toMatchObject({ relation: "head" });
    expect(after.formerMembers).toContainEqual(
      expect.objectContaining({ id: kept.id, relation: "son", memberUntil: "2018-01-01" }),
    );
    // The new piece is audited as created.
    const created = (await admin.get("/api/audit?entity=household_member&action=create&limit=200")).json()
      .items;
    expect(created).toContainEqual(
      expect.objectContaining({
        after: expect.objectContaining({ personId: kept.id, relation: "head", fromDate: "2018-01-01" }),
      }),
    );
  });

  it("closes on the day its stays give a household the merge empties whose dissolution was written with no event, as one with its event", async () => {
    const { mistaken, son, duplicate, planUrl } = await sonRegisteredTwice("Шаршеев", "Кубан", "Элдияр");
    // As an imported book has it: he left No. 7 in 2023, and it was dissolved then, neither with an event.
    await withSystem(t.database, async (tx) => {
      await tx.execute(
        sql`update household_member set to_date = '2023-01-01' where person_id = ${duplicate.id} and household_id = ${mistaken.id}`,
      );
      await tx.execute(sql`update household set dissolved_on = '2023-01-01' where id = ${mistaken.id}`);
    });
    const closed = [{ householdId: mistaken.id, household: mistaken.number, on: "2020-01-01" }];
    expect((await clerk.get(planUrl)).json().closed).toEqual(closed);
    const merged = await merge(son.id, duplicate.id);
    expect(merged.statusCode, merged.body).toBe(200);
    const after = await card(mistaken.id);
    expect(after.dissolvedOn).toBe("2020-01-01");
    expect(
      after.events
        .filter((e: HistoryEntry) => e.kind === "household-dissolved")
        .map((e: HistoryEntry) => [e.occurredOn, e.annulledAt]),
    ).toEqual([["2020-01-01", null]]);
    // Audited: it stood again, then closed on the day it was formed.
    const trail = (
      await admin.get(`/api/audit?entity=household&entityId=${mistaken.id}&action=update`)
    ).json().items;
    expect(trail.slice(0, 2)).toEqual([
      expect.objectContaining({ after: expect.objectContaining({ dissolvedOn: "2020-01-01" }) }),
      expect.objectContaining({
        before: expect.objectContaining({ dissolvedOn: "2023-01-01" }),
        after: expect.objectContaining({ dissolvedOn: null }),
      }),
    ]);
  });

  it("moves on the version of the households the merge changed only: a card open on the kept record's household saves as read", async () => {
    const { home, mistaken, son, duplicate } = await sonRegisteredTwice("Бообеков", "Асылбек", "Нуржан");
    const [homeBefore, mistakenBefore] = [await card(home.id), await card(mistaken.id)];
    const merged = await merge(son.id, duplicate.id);
    expect(merged.statusCode, merged.body).toBe(200);
    // His parents' household gained a line of history, nothing else.
    expect((await card(home.id)).version).toBe(homeBefore.version);
    expect((await card(mistaken.id)).version).toBeGreaterThan(mistakenBefore.version);
    const saved = await clerk.patch(`/api/registry/households/${home.id}`, {
      version: homeBefore.version,
      house: "14",
    });
    expect(saved.statusCode, saved.body).toBe(200);
  });
});
