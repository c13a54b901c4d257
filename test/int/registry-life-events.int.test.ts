import { eq, sql } from "drizzle-orm";
import { uuidv7 } from "uuidv7";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { paperDate } from "../../src/domain/shared/paper-date.js";
import { withSystem } from "../../src/server/platform/transactions.js";
import { householdMember } from "../../src/server/registry/tables.js";
import {
  type Client,
  login,
  seedAimak,
  seedOrganisation,
  startTestApp,
  type TestApp,
} from "../support/app.js";

const AIMAK = "41703220980000";
/** Two days on is after the municipality's today wherever its clock stands. */
const FUTURE = new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10);

interface Member {
  id: string;
  givenName: string;
  relation: string;
  birthDate: string | null;
  memberSince: string;
  relationSince?: string;
  memberUntil?: string;
}
interface Card {
  id: string;
  number: number;
  version: number;
  dissolvedOn: string | null;
  members: Member[];
  formerMembers: Member[];
  landPlots: unknown[];
  livestock: unknown;
  flags: unknown[];
  splitFrom: string | null;
  events: {
    id: string;
    kind: string;
    occurredOn: string;
    personId: string | null;
    otherHouseholdId: string | null;
    details: Record<string, unknown>;
  }[];
}

describe("life events of the household register", () => {
  let t: TestApp;
  let clerk: Client;
  let villages: string[];
  let orgId: string;

  const person = (givenName: string, over: Record<string, unknown> = {}) => ({
    surname: "Бакиров",
    givenName,
    sex: "male",
    birthDate: "1980-05-15",
    ...over,
  });
  async function newHousehold(members: { relation: string; person: Record<string, unknown> }[]) {
    const res = await clerk.post("/api/registry/households", {
      villageCode: villages[0],
      street: "Токтогул көчөсү",
      formedOn: "2020-01-01",
      members,
    });
    expect(res.statusCode, res.body).toBe(201);
    return card(res.json().id);
  }
  const card = async (id: string, asOf?: string): Promise<Card> =>
    (await clerk.get(`/api/registry/households/${id}${asOf ? `?asOf=${asOf}` : ""}`)).json();
  const event = (householdId: string, body: Record<string, unknown>) =>
    clerk.post(`/api/registry/households/${householdId}/events`, body, { "accept-language": "ky" });
  const names = (members: Member[]) => members.map((m) => m.givenName).sort();
  /** The households a person is a current member of, as the people search reads them. */
  const householdsOf = async (givenName: string) =>
    (await clerk.get(`/api/registry/people?q=${encodeURIComponent(`Бакиров ${givenName}`)}`))
      .json()
      .items.filter((p: { givenName: string }) => p.givenName === givenName)
      .map((p: { householdId: string | null }) => p.householdId);
  const listed = async (q: string) =>
    (await clerk.get(`/api/registry/households?q=${encodeURIComponent(q)}`)).json().items as {
      id: string;
      memberCount: number;
      dissolvedOn: string | null;
    }[];

  beforeAll(async () => {
    t = await startTestApp();
    ({ villageCodes: villages } = await seedAimak(t.database, AIMAK, 1));
    const m = await seedOrganisation(t.database, { adminUnitCode: AIMAK, users: { clerk: ["clerk"] } });
    orgId = m.org.id;
    clerk = await login(t.app, m.users.clerk!.username);
  });
  afterAll(() => t.close());

  it("moves a person who arrives from another household: the old membership ends that day, one household holds him", async () => {
    const first = await newHousehold([
      { relation: "head", person: person("Асан") },
      { relation: "brother", person: person("Үсөн", { birthDate: "1985-01-01" }) },
    ]);
    const eighth = await newHousehold([{ relation: "head", person: person("Талант") }]);
    const usen = first.members.find((m) => m.givenName === "Үсөн")!;

    const arrived = await event(eighth.id, {
      kind: "arrival",
      occurredOn: "2024-03-01",
      relation: "brother",
      personId: usen.id,
    });
    expect(arrived.statusCode, arrived.body).toBe(201);

    const from = await card(first.id);
    expect(names(from.members)).toEqual(["Асан"]);
    expect(from.formerMembers.map((m) => [m.givenName, m.memberUntil])).toEqual([["Үсөн", "2024-03-01"]]);
    // Both histories show the move.
    expect(from.events.map((e) => [e.kind, e.otherHouseholdId])).toContainEqual(["arrival", first.id]);
    const into = await card(eighth.id);
    expect(names(into.members)).toEqual(["Талант", "Үсөн"]);
    expect(into.events.map((e) => e.kind)).toContain("arrival");
    expect(await householdsOf("Үсөн")).toEqual([eighth.id]);
    // On the day before, he was still in the first household.
    expect(names((await card(first.id, "2024-02-29")).members)).toEqual(["Асан", "Үсөн"]);

    // Arriving again where he already is: refused, in Kyrgyz, and nothing is added.
    const again = await event(eighth.id, {
      kind: "arrival",
      occurredOn: "2024-04-01",
      relation: "other",
      personId: usen.id,
    });
    expect(again.statusCode).toBe(422);
    expect(again.json().code).toBe("registry.alreadyAMember");
    expect(again.json().title).toBe("Бул адам буга чейин эле бул үй чарбанын мүчөсү");
    const after = await card(eighth.id);
    expect(after.members).toHaveLength(2);
    expect(after.version).toBe(into.version);
    expect(await householdsOf("Үсөн")).toEqual([eighth.id]);
  });

  it("makes a head who moves away hand his household over, to someone old enough", async () => {
    const home = await newHousehold([
      { relation: "head", person: person("Жолдош") },
      { relation: "son", person: person("Бектур", { birthDate: "2000-02-02" }) },
      { relation: "grandchild", person: person("Нурсултан", { birthDate: "2019-02-02" }) },
    ]);
    const other = await newHousehold([{ relation: "head", person: person("Кубан") }]);
    const [head, son, child] = ["Жолдош", "Бектур", "Нурсултан"].map(
      (n) => home.members.find((m) => m.givenName === n)!,
    );
    const move = (newHeadPersonId?: string) =>
      event(other.id, {
        kind: "arrival",
        occurredOn: "2024-05-01",
        relation: "father",
        personId: head!.id,
        ...(newHeadPersonId ? { newHeadPersonId } : {}),
      });
    expect((await move()).json().code).toBe("registry.newHeadRequired");
    const tooYoung = await move(child!.id);
    expect(tooYoung.statusCode).toBe(422);
    expect(tooYoung.json().code).toBe("registry.headTooYoung");
    expect(tooYoung.json().title).toContain("16");
    expect((await card(home.id)).members.find((m) => m.relation === "head")?.givenName).toBe("Жолдош");

    expect((await move(son!.id)).statusCode).toBe(201);
    const now = await card(home.id);
    expect(now.members.map((m) => `${m.givenName}:${m.relation}`)).toEqual([
      "Бектур:head",
      "Нурсултан:grandchild",
    ]);
    expect(await householdsOf("Жолдош")).toEqual([other.id]);
  });

  it("keeps a marriage into another household a move, and a split-off in one household", async () => {
    const home = await newHousehold([
      { relation: "head", person: person("Мирлан") },
      { relation: "daughter", person: person("Айпери", { sex: "female", birthDate: "2001-01-01" }) },
      { relation: "son", person: person("Эрмек", { birthDate: "2002-01-01" }) },
      { relation: "grandchild", person: person("Ислам", { birthDate: "2020-03-03" }) },
    ]);
    const other = await newHousehold([{ relation: "head", person: person("Азат") }]);
    const [aiperi, ermek, islam] = ["Айпери", "Эрмек", "Ислам"].map(
      (n) => home.members.find((m) => m.givenName === n)!,
    );
    const married = await event(home.id, {
      kind: "marriage",
      occurredOn: "2024-06-01",
      personId: aiperi!.id,
      toHouseholdId: other.id,
      relation: "spouse",
    });
    expect(married.statusCode, married.body).toBe(201);
    expect(await householdsOf("Айпери")).toEqual([other.id]);
    // Both cards' histories carry the numbers of the households the marriage names.
    for (const side of [home.id, other.id])
      expect((await card(side)).events.find((e) => e.kind === "marriage")).toMatchObject({
        householdId: home.id,
        householdNumber: home.number,
        otherHouseholdId: other.id,
        otherHouseholdNumber: other.number,
      });

    // A split-off household cannot be headed by a child while an adult goes with it.
    const split = (head: string, with_: string) =>
      event(home.id, {
        kind: "household-split",
        occurredOn: "2024-07-01",
        members: [
          { personId: head, relation: "head" },
          { personId: with_, relation: "other" },
        ],
        address: { villageCode: villages[0], street: "Жаңы көчө" },
      });
    expect((await split(islam!.id, ermek!.id)).json().code).toBe("registry.headTooYoung");
    const done = await split(ermek!.id, islam!.id);
    expect(done.statusCode, done.body).toBe(201);
    expect(await householdsOf("Эрмек")).toEqual([done.json().householdId]);
    expect(await householdsOf("Ислам")).toEqual([done.json().householdId]);
    expect(names((await card(home.id)).members)).toEqual(["Мирлан"]);
    // Both histories name the other household by its number, and who went.
    const splitOff = await card(done.json().householdId);
    expect(splitOff.splitFrom).toBe(home.id);
    const splitDetails = {
      fromHousehold: { id: home.id, number: home.number },
      newHousehold: { id: splitOff.id, number: splitOff.number },
      members: [
        { personId: ermek!.id, name: "Бакиров Эрмек" },
        { personId: islam!.id, name: "Бакиров Ислам" },
      ],
    };
    for (const side of [home.id, splitOff.id])
      expect((await card(side)).events.find((e) => e.kind === "household-split")?.details).toEqual(
        splitDetails,
      );
  });

  /** The household's members as "name:relation", head first. */
  const relations = async (householdId: string, asOf?: string) =>
    (await card(householdId, asOf)).members.map((m) => `${m.givenName}:${m.relation}`);

  it("hands the headship to the wife while everyone stays: relations to her change that day, a past day keeps the old", async () => {
    const home = await newHousehold([
      { relation: "head", person: person("Айбек", { birthDate: "1950-01-01" }) },
      { relation: "spouse", person: person("Гүлнара", { sex: "female", birthDate: "1955-01-01" }) },
      { relation: "son", person: person("Бакыт", { birthDate: "1980-01-01" }) },
      { relation: "grandchild", person: person("Нурбек", { birthDate: "2012-01-01" }) },
    ]);
    const [aibek, gulnara, bakyt, nurbek] = ["Айбек", "Гүлнара", "Бакыт", "Нурбек"].map(
      (n) => home.members.find((m) => m.givenName === n)!.id,
    );
    const handOver = (newHeadPersonId: string, list: [string, string][]) =>
      event(home.id, {
        kind: "head-change",
        occurredOn: "2024-03-01",
        newHeadPersonId,
        relations: list.map(([personId, relation]) => ({ personId, relation })),
      });
    const everyone: [string, string][] = [
      [aibek!, "spouse"],
      [bakyt!, "son"],
      [nurbek!, "grandchild"],
    ];

    // A list that leaves out a member, names one twice or names the new head herself is refused.
    for (const list of [
      everyone.slice(0, 2),
      [...everyone, [bakyt!, "son"]],
      [...everyone, [gulnara!, "spouse"]],
    ] as [string, string][][]) {
      const refused = await handOver(gulnara!, list);
      expect(refused.statusCode, refused.body).toBe(422);
      expect(refused.json().code).toBe("registry.relationsOfEveryoneStaying");
      expect(refused.json().title).toBe(
        "Калган ар бир мүчөнүн (3) жаңы башчыга туугандыгын бир жолудан көрсөтүңүз (жаңы башчынын өзүнөн башка)",
      );
    }
    // Nor may the old head stay head beside her, the head hand over to himself, or a child head adults.
    expect((await handOver(gulnara!, [[aibek!, "head"], ...everyone.slice(1)])).json().code).toBe(
      "registry.oneHeadRequired",
    );
    expect((await handOver(aibek!, everyone)).json().code).toBe("registry.alreadyHead");
    expect(
      (
        await handOver(nurbek!, [
          [aibek!, "grandparent"],
          [gulnara!, "grandparent"],
          [bakyt!, "father"],
        ])
      ).json().code,
    ).toBe("registry.headTooYoung");
    expect((await card(home.id)).version).toBe(home.version);

    const done = await handOver(gulnara!, everyone);
    expect(done.statusCode, done.body).toBe(201);
    expect(await relations(home.id)).toEqual([
      "Гүлнара:head",
      "Айбек:spouse",
      "Бакыт:son",
      "Нурбек:grandchild",
    ]);
    // The day before, the register said what it said then.
    expect(await relations(home.id, "2024-02-29")).toEqual([
      "Айбек:head",
      "Гүлнара:spouse",
      "Бакыт:son",
      "Нурбек:grandchild",
    ]);
    const now = await card(home.id);
    expect(now.events.find((e) => e.kind === "head-change")).toMatchObject({
      occurredOn: "2024-03-01",
      personId: gulnara,
      details: { formerHeadPersonId: aibek },
    });
    // Those whose relation stayed keep their membership; those whose changed have it end and reopen.
    expect(now.formerMembers.map((m) => `${m.givenName}:${m.relation}:${m.memberUntil}`).sort()).toEqual([
      "Айбек:head:2024-03-01",
      "Гүлнара:spouse:2024-03-01",
    ]);
    expect(now.members.find((m) => m.givenName === "Бакыт")?.memberSince).toBe("2020-01-01");
    // Yet everyone has lived here since the household was formed: a new relation is not a new stay.
    const since = (c: Card) => c.members.map((m) => `${m.givenName}:${m.memberSince}:${m.relationSince}`);
    expect(since(now)).toEqual([
      "Гүлнара:2020-01-01:2024-03-01",
      "Айбек:2020-01-01:2024-03-01",
      "Бакыт:2020-01-01:2020-01-01",
      "Нурбек:2020-01-01:2020-01-01",
    ]);
    expect(since(await card(home.id, "2024-03-15"))).toEqual(since(now));
  });

  it("counts a member's stay from the return when he left and came back, through later relation changes", async () => {
    const home = await newHousehold([
      { relation: "head", person: person("Сагын", { birthDate: "1950-01-01" }) },
      { relation: "son", person: person("Мирлан", { birthDate: "1980-01-01" }) },
    ]);
    const other = await newHousehold([{ relation: "head", person: person("Жылдыз", { sex: "female" }) }]);
    const [sagyn, mirlan] = ["Сагын", "Мирлан"].map((n) => home.members.find((m) => m.givenName === n)!.id);
    const moved = (to: string, occurredOn: string, relation: string) =>
      event(to, { kind: "arrival", occurredOn, relation, personId: mirlan });
    expect((await moved(other.id, "2021-06-01", "spouse")).statusCode).toBe(201);
    expect((await moved(home.id, "2022-09-01", "son")).statusCode).toBe(201);
    const correction = await event(home.id, {
      kind: "relation-correction",
      occurredOn: "2023-02-01",
      personId: mirlan,
      relation: "grandchild",
    });
    expect(correction.statusCode, correction.body).toBe(201);
    const head = await event(home.id, {
      kind: "head-change",
      occurredOn: "2024-03-01",
      newHeadPersonId: mirlan,
      relations: [{ personId: sagyn, relation: "grandparent" }],
    });
    expect(head.statusCode, head.body).toBe(201);

    const since = (c: Card) => c.members.map((m) => `${m.givenName}:${m.memberSince}`);
    expect(since(await card(home.id))).toEqual(["Мирлан:2022-09-01", "Сагын:2020-01-01"]);
    expect(since(await card(home.id, "2023-06-01"))).toEqual(["Сагын:2020-01-01", "Мирлан:2022-09-01"]);
    // His first stay, before he left, is a former membership of its own.
    expect((await card(home.id)).formerMembers.find((m) => m.memberUntil === "2021-06-01")).toMatchObject({
      givenName: "Мирлан",
      memberSince: "2020-01-01",
    });
  });

  it("gives the members who stay their relation to the head chosen when the old head dies", async () => {
    const home = await newHousehold([
      { relation: "head", person: person("Токтобек", { birthDate: "1950-01-01" }) },
      { relation: "son", person: person("Данияр", { birthDate: "1980-01-01" }) },
      { relation: "daughter", person: person("Жазгүл", { sex: "female", birthDate: "1985-01-01" }) },
    ]);
    const [head, son, daughter] = ["Токтобек", "Данияр", "Жазгүл"].map(
      (n) => home.members.find((m) => m.givenName === n)!.id,
    );
    const died = (relationList: { personId: string; relation: string }[]) =>
      event(home.id, {
        kind: "death",
        occurredOn: "2024-05-01",
        personId: head,
        newHeadPersonId: son,
        relations: relationList,
      });
    // The one who died is not among those who stay.
    const refused = await died([
      { personId: daughter!, relation: "sister" },
      { personId: head!, relation: "father" },
    ]);
    expect(refused.json().code).toBe("registry.relationsOfEveryoneStaying");
    expect((await card(home.id)).version).toBe(home.version);
    expect((await died([{ personId: daughter!, relation: "sister" }])).statusCode).toBe(201);
    expect(await relations(home.id)).toEqual(["Данияр:head", "Жазгүл:sister"]);
  });

  it("reads the relations to a new head from the old ones when a request gives none, and refuses where they do not tell", async () => {
    const home = await newHousehold([
      { relation: "head", person: person("Кадыр", { birthDate: "1950-01-01" }) },
      { relation: "spouse", person: person("Бүбүш", { sex: "female", birthDate: "1952-01-01" }) },
      { relation: "son", person: person("Азамат", { birthDate: "1978-01-01" }) },
      { relation: "daughter-in-law", person: person("Нургүл", { sex: "female", birthDate: "1980-01-01" }) },
    ]);
    const [head, son, daughterInLaw] = ["Кадыр", "Азамат", "Нургүл"].map(
      (n) => home.members.find((m) => m.givenName === n)!.id,
    );
    // The head dies; an API client names the new head but no relations.
    const headDies = () =>
      event(home.id, { kind: "death", occurredOn: "2024-05-01", personId: head, newHeadPersonId: son });
    // The son's wife or his brother's: the old relations do not say.
    const untold = await headDies();
    expect(untold.statusCode, untold.body).toBe(422);
    expect(untold.json()).toMatchObject({ code: "registry.relationsOfEveryoneStaying" });
    expect((await card(home.id)).version).toBe(home.version);
    // Once she has left, what is left is told: the head's widow is the new head's mother.
    expect(
      (await event(home.id, { kind: "departure", occurredOn: "2024-04-01", personId: daughterInLaw }))
        .statusCode,
    ).toBe(201);
    const told = await headDies();
    expect(told.statusCode, told.body).toBe(201);
    expect(await relations(home.id)).toEqual(["Азамат:head", "Бүбүш:mother"]);
  });

  it("reads a member who has died as gone, though the record carries no end (an imported death): no event, no head's choice, no one left", async () => {
    const home = await newHousehold([
      { relation: "head", person: person("Асылбек", { birthDate: "1960-01-01" }) },
      { relation: "spouse", person: person("Айнура", { sex: "female", birthDate: "1965-01-01" }) },
      { relation: "father", person: person("Карыбай", { birthDate: "1930-01-01" }) },
    ]);
    const alone = await newHousehold([
      { relation: "head", person: person("Нурлан", { birthDate: "1960-01-01" }) },
      { relation: "mother", person: person("Зуура", { sex: "female", birthDate: "1932-01-01" }) },
    ]);
    const id = (c: Card, n: string) => c.members.find((m) => m.givenName === n)!.id;
    const [head, wife, father] = ["Асылбек", "Айнура", "Карыбай"].map((n) => id(home, n));
    const [nurlan, zuura] = [id(alone, "Нурлан"), id(alone, "Зуура")];
    // No path writes such a record today; an import or an older rule could.
    await withSystem(t.database, (tx) =>
      tx.execute(sql`update person set death_date = '2024-01-10' where id in (${father}, ${zuura})`),
    );

    const now = await card(home.id);
    expect(names(now.members)).toEqual(["Айнура", "Асылбек"]);
    expect(now.formerMembers.map((m) => `${m.givenName}:${m.memberUntil}`)).toEqual(["Карыбай:2024-01-10"]);
    expect(names((await card(home.id, "2024-01-09")).members)).toEqual(["Айнура", "Асылбек", "Карыбай"]);

    // Nothing more happens to him after his death: refused, in Kyrgyz, and nothing changes.
    for (const refused of [
      await event(home.id, { kind: "departure", occurredOn: "2024-03-01", personId: father }),
      await event(home.id, {
        kind: "relation-correction",
        occurredOn: "2024-03-01",
        personId: father,
        relation: "other",
      }),
      await event(home.id, {
        kind: "migration",
        occurredOn: "2024-03-01",
        personId: father,
        migration: null,
      }),
    ]) {
      expect(refused.statusCode, refused.body).toBe(422);
      expect(refused.json()).toMatchObject({ code: "registry.personDied", title: "Бул адам каза болгон" });
    }
    expect((await card(home.id)).version).toBe(now.version);

    // A new head names the relations of the living who stay; the one who died is not among them.
    const handedOver = await event(home.id, {
      kind: "head-change",
      occurredOn: "2024-03-01",
      newHeadPersonId: wife,
      relations: [{ personId: head, relation: "spouse" }],
    });
    expect(handedOver.statusCode, handedOver.body).toBe(201);
    expect(await relations(home.id)).toEqual(["Айнура:head", "Асылбек:spouse"]);

    // The last living member leaves without a new head to name: the household is left with no one.
    const left = await event(alone.id, { kind: "departure", occurredOn: "2024-03-01", personId: nurlan });
    expect(left.statusCode, left.body).toBe(201);
    expect((await card(alone.id)).dissolvedOn).toBe("2024-03-01");
  });

  /** A person's memberships as the table holds them, read past the register's rules. */
  const membershipsOf = (personId: string) =>
    withSystem(t.database, (tx) =>
      tx
        .select({
          id: householdMember.id,
          toDate: householdMember.toDate,
          toEventId: householdMember.toEventId,
        })
        .from(householdMember)
        .where(eq(householdMember.personId, personId)),
    );

  it("lets the clerk name a head among the living where the head died with no end written: the dead head's membership ends on the death day, tied to the death's event; a dead or absent head-to-be is refused in Kyrgyz", async () => {
    const home = await newHousehold([
      { relation: "head", person: person("Асан", { birthDate: "1950-01-01" }) },
      { relation: "spouse", person: person("Бүбүсара", { sex: "female", birthDate: "1955-01-01" }) },
      { relation: "son", person: person("Талант", { birthDate: "1980-01-01" }) },
      { relation: "daughter-in-law", person: person("Айзада", { sex: "female", birthDate: "1985-01-01" }) },
      { relation: "grandchild", person: person("Нурсултан", { birthDate: "2010-01-01" }) },
    ]);
    const elsewhere = await newHousehold([{ relation: "head", person: person("Эмил") }]);
    const id = (n: string) => home.members.find((m) => m.givenName === n)!.id;
    const [head, widow, son, wife, grandson] = ["Асан", "Бүбүсара", "Талант", "Айзада", "Нурсултан"].map(id);
    // A death recorded with its event, but the membership left open (an import, an older rule).
    const deathEventId = uuidv7();
    await withSystem(t.database, async (tx) => {
      await tx.execute(sql`update person set death_date = '2024-02-01' where id = ${head!}`);
      await tx.execute(sql`insert into life_event (id, org_id, kind, occurred_on, household_id, person_id)
        values (${deathEventId}, ${orgId}, 'death', '2024-02-01', ${home.id}, ${head!})`);
    });
    const before = await card(home.id);
    const change = (newHeadPersonId: string, relations: { personId: string; relation: string }[]) =>
      event(home.id, { kind: "head-change", occurredOn: "2024-03-01", newHeadPersonId, relations });
    const relationsToSon = [
      { personId: widow!, relation: "mother" },
      { personId: wife!, relation: "spouse" },
      { personId: grandson!, relation: "son" },
    ];

    for (const [refused, code, title] of [
      [await change(head!, []), "registry.personDied", "Бул адам каза болгон"],
      [
        await change(elsewhere.members[0]!.id, []),
        "registry.notAMember",
        "Бул адам бул үй чарбанын мүчөсү эмес",
      ],
      [await change(son!, relationsToSon.slice(1)), "registry.relationsOfEveryoneStaying", undefined],
    ] as const) {
      expect(refused.statusCode, refused.body).toBe(422);
      expect(refused.json()).toMatchObject({ code, ...(title ? { title } : {}) });
    }
    expect((await card(home.id)).version).toBe(before.version);

    const handedOver = await change(son!, relationsToSon);
    expect(handedOver.statusCode, handedOver.body).toBe(201);
    expect((await relations(home.id)).sort()).toEqual([
      "Айзада:spouse",
      "Бүбүсара:mother",
      "Нурсултан:son",
      "Талант:head",
    ]);
    const after = await card(home.id);
    expect(after.events.find((e) => e.kind === "head-change")).toMatchObject({
      occurredOn: "2024-03-01",
      personId: son,
      details: { formerHeadPersonId: head },
    });
    // The dead head's membership ends on the death day with the death's event, audited.
    const [ended] = await membershipsOf(head!);
    expect(ended).toMatchObject({ toDate: "2024-02-01", toEventId: deathEventId });
    const audits = (await withSystem(t.database, (tx) =>
      tx.execute(sql`select after->>'toDate' as "toDate" from audit_event
        where entity = 'household_member' and action = 'update' and entity_id = ${ended!.id}`),
    )) as unknown as { rows: { toDate: string }[] };
    expect(audits.rows).toEqual([{ toDate: "2024-02-01" }]);
    expect(after.formerMembers.map((m) => `${m.givenName}:${m.memberUntil}`)).toContain("Асан:2024-02-01");
  });

  it("names a head where the head died with no event and no end: the membership ends on the death day with no event to tie it to", async () => {
    const home = await newHousehold([
      { relation: "head", person: person("Бекболот", { birthDate: "1945-01-01" }) },
      { relation: "spouse", person: person("Гүлзат", { sex: "female", birthDate: "1950-01-01" }) },
    ]);
    const [head, widow] = ["Бекболот", "Гүлзат"].map((n) => home.members.find((m) => m.givenName === n)!.id);
    await withSystem(t.database, (tx) =>
      tx.execute(sql`update person set death_date = '2023-05-05' where id = ${head!}`),
    );
    const handedOver = await event(home.id, {
      kind: "head-change",
      occurredOn: "2023-06-01",
      newHeadPersonId: widow,
      relations: [],
    });
    expect(handedOver.statusCode, handedOver.body).toBe(201);
    expect(await relations(home.id)).toEqual(["Гүлзат:head"]);
    expect(await membershipsOf(head!)).toEqual([
      expect.objectContaining({ toDate: "2023-05-05", toEventId: null }),
    ]);
  });

  it("corrects a member's relation as an event of its own, never into a second head", async () => {
    const home = await newHousehold([
      { relation: "head", person: person("Эсен", { birthDate: "1955-01-01" }) },
      { relation: "son", person: person("Адилет", { birthDate: "2015-01-01" }) },
    ]);
    const [head, adilet] = ["Эсен", "Адилет"].map((n) => home.members.find((m) => m.givenName === n)!.id);
    const correct = (personId: string, relation: string) =>
      event(home.id, { kind: "relation-correction", occurredOn: "2024-04-01", personId, relation });

    const refusals = [
      [await correct(adilet!, "head"), "registry.headByHeadChange"],
      [await correct(head!, "father"), "registry.headByHeadChange"],
      [await correct(adilet!, "son"), "registry.relationUnchanged"],
    ] as const;
    for (const [refused, code] of refusals) {
      expect(refused.statusCode, refused.body).toBe(422);
      expect(refused.json().code).toBe(code);
    }
    expect(refusals[0][0].json().title).toBe(
      "Башчы туугандыкты оңдоо менен алмашпайт: «Башчынын алмашуусу» окуясын каттаңыз",
    );
    expect((await card(home.id)).version).toBe(home.version);

    expect((await correct(adilet!, "grandchild")).statusCode).toBe(201);
    expect(await relations(home.id)).toEqual(["Эсен:head", "Адилет:grandchild"]);
    expect(await relations(home.id, "2024-03-31")).toEqual(["Эсен:head", "Адилет:son"]);
    expect((await card(home.id)).events.find((e) => e.kind === "relation-correction")).toMatchObject({
      personId: adilet,
      occurredOn: "2024-04-01",
      details: { from: "son", to: "grandchild" },
    });
  });

  it("changes the relation of a membership begun that same day in place: no membership of no length, card and history as before", async () => {
    const home = await newHousehold([
      { relation: "head", person: person("Эрмек", { birthDate: "1950-01-01" }) },
      { relation: "son", person: person("Нурбек", { birthDate: "1975-01-01" }) },
      { relation: "daughter-in-law", person: person("Айгерим", { sex: "female", birthDate: "1980-01-01" }) },
    ]);
    const [ermek, nurbek, aigerim] = ["Эрмек", "Нурбек", "Айгерим"].map(
      (n) => home.members.find((m) => m.givenName === n)!.id,
    );
    const on = "2024-06-01";
    // Born that day, written as the head's son; corrected to his grandson; then his father heads.
    const born = await event(home.id, {
      kind: "birth",
      occurredOn: on,
      relation: "son",
      person: person("Бектур", { birthDate: on }),
    });
    expect(born.statusCode, born.body).toBe(201);
    const bektur = (await card(home.id)).members.find((m) => m.givenName === "Бектур")!.id;
    const corrected = await event(home.id, {
      kind: "relation-correction",
      occurredOn: on,
      personId: bektur,
      relation: "grandchild",
    });
    expect(corrected.statusCode, corrected.body).toBe(201);
    const handedOver = await event(home.id, {
      kind: "head-change",
      occurredOn: on,
      newHeadPersonId: nurbek,
      relations: [
        { personId: ermek, relation: "father" },
        { personId: aigerim, relation: "spouse" },
        { personId: bektur, relation: "son" },
      ],
    });
    expect(handedOver.statusCode, handedOver.body).toBe(201);

    const memberships = await withSystem(t.database, (tx) =>
      tx
        .select()
        .from(householdMember)
        .where(eq(householdMember.householdId, home.id))
        .orderBy(householdMember.fromDate),
    );
    expect(memberships.filter((m) => m.toDate === m.fromDate)).toEqual([]);
    const now = await card(home.id);
    const birth = now.events.find((e) => e.kind === "birth")!;
    expect(memberships.filter((m) => m.personId === bektur)).toMatchObject([
      { relation: "son", fromDate: on, toDate: null, fromEventId: birth.id },
    ]);
    expect((await relations(home.id)).sort()).toEqual(
      ["Нурбек:head", "Айгерим:spouse", "Эрмек:father", "Бектур:son"].sort(),
    );
    expect(now.members.find((m) => m.id === bektur)?.memberSince).toBe(on);
    // Former memberships are the ones that held days: the relations of before the head change.
    expect(
      now.formerMembers.map((m) => `${m.givenName}:${m.relation}:${m.memberSince}:${m.memberUntil}`).sort(),
    ).toEqual([
      "Айгерим:daughter-in-law:2020-01-01:2024-06-01",
      "Нурбек:son:2020-01-01:2024-06-01",
      "Эрмек:head:2020-01-01:2024-06-01",
    ]);
    expect((await relations(home.id, "2024-05-31")).sort()).toEqual(
      ["Эрмек:head", "Нурбек:son", "Айгерим:daughter-in-law"].sort(),
    );
    expect((await card(home.id, on)).members.map((m) => `${m.givenName}:${m.relation}`).sort()).toEqual(
      (await relations(home.id)).sort(),
    );
    // The history keeps every step of the day, in the order recorded.
    expect(now.events.filter((e) => e.occurredOn === on).map((e) => [e.kind, e.details])).toEqual([
      ["birth", {}],
      ["relation-correction", { from: "son", to: "grandchild" }],
      ["head-change", { formerHeadPersonId: ermek }],
    ]);
  });

  it("refuses a marriage under 16, and under 18 without the clerk's confirmation; with it, records the age confirmed", async () => {
    const home = await newHousehold([
      { relation: "head", person: person("Бекболот") },
      { relation: "daughter", person: person("Бегимай", { sex: "female", birthDate: "2010-06-20" }) },
    ]);
    const other = await newHousehold([{ relation: "head", person: person("Нурлан") }]);
    const begimai = home.members.find((m) => m.givenName === "Бегимай")!;
    const marry = (occurredOn: string, confirmed?: boolean) =>
      event(home.id, {
        kind: "marriage",
        occurredOn,
        personId: begimai.id,
        toHouseholdId: other.id,
        relation: "daughter-in-law",
        ...(confirmed === undefined ? {} : { underAgeConfirmed: confirmed }),
      });
    const fifteen = await marry("2026-06-19", true);
    expect(fifteen.statusCode, fifteen.body).toBe(422);
    expect(fifteen.json()).toMatchObject({ code: "registry.marriageRefusedUnderAge" });
    expect(fifteen.json().title).toContain("15 жашта");
    const unconfirmed = await marry("2026-06-20");
    expect(unconfirmed.statusCode, unconfirmed.body).toBe(422);
    expect(unconfirmed.json()).toMatchObject({ code: "registry.marriageUnderAgeUnconfirmed" });
    expect(unconfirmed.json().title).toContain("16 жашта");
    expect((await marry("2026-06-20", false)).json().code).toBe("registry.marriageUnderAgeUnconfirmed");
    expect(await householdsOf("Бегимай")).toEqual([home.id]);

    const confirmed = await marry("2026-06-20", true);
    expect(confirmed.statusCode, confirmed.body).toBe(201);
    expect(await householdsOf("Бегимай")).toEqual([other.id]);
    const recorded = (await card(home.id)).events.find((e) => e.kind === "marriage");
    expect(recorded?.details).toMatchObject({ underAgeConfirmed: { age: 16 } });
  });

  it("records a birth on the birth date, refusing an event date given beside another one, field named", async () => {
    const home = await newHousehold([{ relation: "head", person: person("Самат") }]);
    const otherDay = await event(home.id, {
      kind: "birth",
      occurredOn: "2024-11-01",
      relation: "son",
      person: person("Алымбек", { birthDate: "2024-10-01" }),
    });
    expect(otherDay.statusCode).toBe(422);
    expect(otherDay.json()).toMatchObject({
      code: "registry.birthNotOnBirthDate",
      title:
        "Төрөлүү баланын туулган күнү (01.10.2024) катталат, ал эми окуянын күнү 01.11.2024: кайсынысы туура экенин текшериңиз",
      errors: [{ path: "occurredOn", message: "Туулган күнү менен дал келиши керек: 01.10.2024" }],
    });
    expect((await card(home.id)).version).toBe(home.version);
    const born = await event(home.id, {
      kind: "birth",
      occurredOn: "2024-10-01",
      relation: "son",
      person: person("Алымбек", { birthDate: "2024-10-01" }),
    });
    expect(born.statusCode, born.body).toBe(201);
    const now = await card(home.id);
    const child = now.members.find((m) => m.givenName === "Алымбек")!;
    expect(child.birthDate).toBe("2024-10-01");
    expect(child.memberSince).toBe("2024-10-01");
    expect(now.events.find((e) => e.kind === "birth")?.occurredOn).toBe("2024-10-01");

    // Without a birth date, the child was born on the event's day.
    await event(home.id, {
      kind: "birth",
      occurredOn: "2025-02-03",
      relation: "daughter",
      person: person("Айдана", { sex: "female", birthDate: undefined }),
    });
    expect((await card(home.id)).members.find((m) => m.givenName === "Айдана")?.birthDate).toBe("2025-02-03");
  });

  it("refuses a labour migration whose 'since' is not come yet or is not the event's day, naming the field, rather than moving it", async () => {
    const home = await newHousehold([{ relation: "head", person: person("Эркин") }]);
    const erkin = home.members[0]!.id;
    const migrate = (since: string) =>
      event(home.id, {
        kind: "migration",
        occurredOn: "2024-10-01",
        personId: erkin,
        migration: { country: "RU", since },
      });
    const future = await migrate(FUTURE);
    expect(future.statusCode).toBe(422);
    expect(future.json()).toMatchObject({
      code: "registry.dateInFuture",
      errors: [{ path: "migration.since", code: "afterToday" }],
    });
    const otherDay = await migrate("2024-09-01");
    expect(otherDay.statusCode).toBe(422);
    expect(otherDay.json()).toMatchObject({
      code: "registry.migrationSinceNotEventDay",
      errors: [{ path: "migration.since", message: "Окуянын күнү болушу керек: 01.10.2024" }],
    });
    expect((await card(home.id)).version).toBe(home.version);
    const sameDay = await migrate("2024-10-01");
    expect(sameDay.statusCode, sameDay.body).toBe(201);
    const { migration } = (await clerk.get(`/api/registry/people/${erkin}`)).json();
    expect(migration).toMatchObject({ country: "RU", since: "2024-10-01" });
  });

  it("says a death dated before a child's birth is before the birth day, not only before some day", async () => {
    const home = await newHousehold([{ relation: "head", person: person("Жаныбек") }]);
    await event(home.id, {
      kind: "birth",
      occurredOn: "2021-03-03",
      relation: "son",
      person: person("Бекжан", { birthDate: "2021-03-03" }),
    });
    const child = (await card(home.id)).members.find((m) => m.givenName === "Бекжан")!;
    const early = await event(home.id, { kind: "death", occurredOn: "2021-03-01", personId: child.id });
    expect(early.statusCode).toBe(422);
    expect(early.json()).toMatchObject({
      code: "registry.eventBeforeBirth",
      title: "Окуянын күнү адамдын туулган күнүнөн (03.03.2021) мурда боло албайт",
    });
  });

  it("refuses a birth or an arrival of someone already a member, by name and birth date or by PIN, in Kyrgyz", async () => {
    const home = await newHousehold([{ relation: "head", person: person("Нурбек", { surname: "Асанов" }) }]);
    const child = person("Айару", {
      surname: "Асанова",
      patronymic: "Нурбековна",
      sex: "female",
      birthDate: "2024-11-20",
    });
    const born = await event(home.id, {
      kind: "birth",
      occurredOn: "2024-11-20",
      relation: "daughter",
      person: child,
    });
    expect(born.statusCode, born.body).toBe(201);
    // The form sent a second time, and the same girl typed with other spaces and letter case.
    for (const again of [child, { ...child, surname: " асанова ", givenName: "АЙАРУ" }]) {
      const twice = await event(home.id, {
        kind: "birth",
        occurredOn: "2024-11-20",
        relation: "daughter",
        person: again,
      });
      expect(twice.statusCode).toBe(422);
      expect(twice.json()).toMatchObject({
        code: "registry.sameAsMember",
        title: expect.stringContaining("Асанова Айару бул үй чарбанын мүчөсү"),
      });
    }
    // An arrival of a member's PIN under another name is the same person too.
    const withPin = await newHousehold([
      { relation: "head", person: person("Бакыт", { pin: "21505198000123", birthDate: "1980-05-15" }) },
    ]);
    const samePin = await event(withPin.id, {
      kind: "arrival",
      occurredOn: "2024-02-01",
      relation: "brother",
      person: person("Башка", { pin: "21505198000123", birthDate: "1980-05-15" }),
    });
    expect(samePin.json().code).toBe("registry.sameAsMember");
    expect(names((await card(home.id)).members)).toEqual(["Айару", "Нурбек"]);
    expect(names((await card(withPin.id)).members)).toEqual(["Бакыт"]);
    // A twin of another name on the same day is no one already there.
    const twin = await event(home.id, {
      kind: "birth",
      occurredOn: "2024-11-20",
      relation: "daughter",
      person: { ...child, givenName: "Айзат" },
    });
    expect(twin.statusCode, twin.body).toBe(201);
  });

  it("refuses events, plots and livestock counts dated after today, in Kyrgyz, and changes nothing", async () => {
    const home = await newHousehold([{ relation: "head", person: person("Нурлан") }]);
    const plot = await clerk.post(`/api/registry/households/${home.id}/land-plots`, {
      areaHa: 0.2,
      category: "irrigated-arable",
      tenure: "owned",
      fromDate: "2021-01-01",
    });
    expect(plot.statusCode).toBe(201);
    const before = await card(home.id);
    const ky = { "accept-language": "ky" };
    const refusals = [
      await event(home.id, {
        kind: "birth",
        occurredOn: FUTURE,
        relation: "son",
        person: person("Келечек", { birthDate: undefined }),
      }),
      await event(home.id, {
        kind: "arrival",
        occurredOn: FUTURE,
        relation: "other",
        person: person("Мейман"),
      }),
      await event(home.id, {
        kind: "migration",
        occurredOn: FUTURE,
        personId: before.members[0]!.id,
        migration: { country: "RU" },
      }),
      await clerk.post(
        `/api/registry/households/${home.id}/land-plots`,
        { areaHa: 0.5, category: "irrigated-arable", tenure: "leased", fromDate: FUTURE },
        ky,
      ),
      await clerk.post(
        `/api/registry/households/${home.id}/land-plots/${plot.json().id}/end`,
        { toDate: FUTURE, reason: "sold" },
        ky,
      ),
      await clerk.put(`/api/registry/households/${home.id}/livestock`, {
        countedOn: FUTURE,
        counts: { cattle: 2 },
      }),
    ];
    for (const res of refusals) {
      expect(res.statusCode, res.body).toBe(422);
      expect(res.json().code).toBe("registry.dateInFuture");
      expect(res.json().title).toContain("али келе элек");
      expect(res.json().title).toContain(paperDate(FUTURE));
    }
    // A newborn's birth date after today is the person's own field's refusal.
    const unborn = await event(home.id, {
      kind: "birth",
      occurredOn: "2024-01-01",
      relation: "son",
      person: person("Келечек", { birthDate: FUTURE }),
    });
    expect(unborn.statusCode).toBe(400);
    expect(unborn.json().errors).toEqual([
      expect.objectContaining({ path: "person.birthDate", code: "afterToday" }),
    ]);
    const after = await card(home.id);
    expect(after.version).toBe(before.version);
    expect(after.members).toEqual(before.members);
    expect(after.events).toEqual(before.events);
    expect(after.landPlots).toEqual(before.landPlots);
    expect((await card(home.id, FUTURE)).livestock).toBeNull();

    const count = (await clerk.get("/api/registry/households")).json().items.length;
    const formed = await clerk.post("/api/registry/households", {
      villageCode: villages[0],
      formedOn: FUTURE,
      members: [{ relation: "head", person: person("Эртең") }],
    });
    expect(formed.json().code).toBe("registry.dateInFuture");
    expect((await clerk.get("/api/registry/households")).json().items.length).toBe(count);
  });

  it("counts in the household list the members in force today, as the card does", async () => {
    const home = await newHousehold([
      { relation: "head", person: person("Болот") },
      { relation: "son", person: person("Элдияр", { birthDate: "2005-01-01" }) },
      { relation: "father", person: person("Карыбек", { birthDate: "1940-01-01" }) },
      { relation: "son", person: person("Адилет", { birthDate: "2007-01-01" }) },
    ]);
    const [eldiyar, karybek] = ["Элдияр", "Карыбек"].map((n) => home.members.find((m) => m.givenName === n)!);
    await event(home.id, { kind: "departure", occurredOn: "2023-01-01", personId: eldiyar!.id });
    await event(home.id, { kind: "death", occurredOn: "2023-02-01", personId: karybek!.id });
    // A membership written before future dates were refused, starting after today.
    await withSystem(t.database, (tx) =>
      tx.insert(householdMember).values({
        id: uuidv7(),
        orgId,
        householdId: home.id,
        personId: eldiyar!.id,
        relation: "son",
        fromDate: FUTURE,
      }),
    );
    const now = await card(home.id);
    expect(names(now.members)).toEqual(["Адилет", "Болот"]);
    const hit = (await listed(String(home.number))).find((h) => h.id === home.id)!;
    expect(hit.memberCount).toBe(now.members.length);
  });

  it("dissolves a household on the day its last member leaves, and lists only households in force", async () => {
    const home = await newHousehold([
      { relation: "head", person: person("Төлөн", { surname: "Жалгызов" }) },
      { relation: "spouse", person: person("Гүлай", { surname: "Жалгызова", sex: "female" }) },
    ]);
    const [tolon, gulai] = ["Төлөн", "Гүлай"].map((n) => home.members.find((m) => m.givenName === n)!);
    expect(
      (
        await event(home.id, {
          kind: "death",
          occurredOn: "2024-01-10",
          personId: tolon!.id,
          newHeadPersonId: gulai!.id,
        })
      ).statusCode,
    ).toBe(201);
    expect((await card(home.id)).dissolvedOn).toBeNull();
    const left = await event(home.id, {
      kind: "departure",
      occurredOn: "2024-03-05",
      personId: gulai!.id,
      destination: "Бишкек",
    });
    expect(left.statusCode, left.body).toBe(201);

    const now = await card(home.id);
    expect(now.dissolvedOn).toBe("2024-03-05");
    expect(now.members).toEqual([]);
    expect(now.events.map((e) => e.kind).slice(-2)).toEqual(["departure", "household-dissolved"]);
    expect((await card(home.id, "2024-03-04")).members.map((m) => m.givenName)).toEqual(["Гүлай"]);
    // Gone from the list, found by its number with the day it was dissolved.
    expect((await listed("Жалгызова")).map((h) => h.id)).not.toContain(home.id);
    expect((await listed("")).map((h) => h.id)).not.toContain(home.id);
    expect((await listed(String(home.number))).find((h) => h.id === home.id)?.dissolvedOn).toBe("2024-03-05");
    // Nothing more happens to it after that day.
    const late = await event(home.id, {
      kind: "arrival",
      occurredOn: "2024-04-01",
      relation: "other",
      person: person("Кийин"),
    });
    expect(late.json().code).toBe("registry.householdDissolved");
    // Nor does it take land or count livestock, refused as events are, in Kyrgyz.
    const plot = await clerk.post(
      `/api/registry/households/${home.id}/land-plots`,
      { areaHa: 0.2, category: "irrigated-arable", tenure: "owned", fromDate: "2024-04-01" },
      { "accept-language": "ky" },
    );
    expect(plot.statusCode).toBe(422);
    expect(plot.json()).toMatchObject({
      code: "registry.householdDissolved",
      title: expect.stringContaining("Бул үй чарба"),
    });
    const counted = await clerk.put(`/api/registry/households/${home.id}/livestock`, {
      countedOn: "2024-04-01",
      counts: { cattle: 2 },
    });
    expect(counted.statusCode).toBe(422);
    expect(counted.json().code).toBe("registry.householdDissolved");
    // Nor is it flagged vulnerable: it is no one's household any more.
    const flagged = await clerk.post(`/api/registry/households/${home.id}/flags`, {
      criterionCode: "social-assistance",
      reason: "Сельсоветтин чечими",
      setOn: "2024-04-01",
    });
    expect(flagged.statusCode).toBe(422);
    expect(flagged.json().code).toBe("registry.householdDissolved");
    const after = await card(home.id);
    expect(after.landPlots).toEqual([]);
    expect(after.livestock).toBeNull();
    expect(after.flags).toEqual([]);
    expect(after.version).toBe(now.version);
  });

  it("dissolves the household a last member moves out of into another", async () => {
    const alone = await newHousehold([{ relation: "head", person: person("Жээнбек") }]);
    const other = await newHousehold([{ relation: "head", person: person("Чоробек") }]);
    const moved = await event(other.id, {
      kind: "arrival",
      occurredOn: "2024-08-08",
      relation: "other",
      personId: alone.members[0]!.id,
    });
    expect(moved.statusCode, moved.body).toBe(201);
    expect((await card(alone.id)).dissolvedOn).toBe("2024-08-08");
    expect(names((await card(other.id)).members)).toEqual(["Жээнбек", "Чоробек"]);
  });

  it("refuses a newborn as head while an adult is there, and lets the eldest of orphaned children head", async () => {
    const refused = await clerk.post(
      "/api/registry/households",
      {
        villageCode: villages[0],
        formedOn: "2024-01-01",
        members: [
          { relation: "head", person: person("Бөбөк", { birthDate: "2023-12-01" }) },
          { relation: "mother", person: person("Апа", { sex: "female", birthDate: "1990-01-01" }) },
        ],
      },
      { "accept-language": "ky" },
    );
    expect(refused.statusCode).toBe(422);
    expect(refused.json().code).toBe("registry.headTooYoung");
    expect(refused.json().title).toBe(
      "16 жашка чыга элек адам башчы боло албайт: үй чарбада андан улуураак мүчө бар",
    );
    const orphans = await clerk.post("/api/registry/households", {
      villageCode: villages[0],
      formedOn: "2024-01-01",
      members: [
        { relation: "head", person: person("Улукбек", { birthDate: "2010-01-01" }) },
        { relation: "brother", person: person("Кичибек", { birthDate: "2014-01-01" }) },
      ],
    });
    expect(orphans.statusCode, orphans.body).toBe(201);
  });
});
