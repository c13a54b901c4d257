import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HOUSEHOLD_DISSOLVED } from "../../src/domain/registry/vulnerability.js";
import { withSystem } from "../../src/server/platform/transactions.js";
import {
  type Client,
  login,
  seedAimak,
  seedOrganisation,
  startTestApp,
  type TestApp,
} from "../support/app.js";

const AIMAK = "41703220990000";

/**
 * The register's check and repair: contradictions that records kept before the register refused
 * them can still hold, written here straight into the tables as such old records would be.
 */
describe("the register's check and repair", () => {
  let t: TestApp;
  let clerk: Client;
  let social: Client;
  let clerkId: string;
  let villages: string[];

  async function newHousehold(surname: string, givenName: string, formedOn = "2010-01-01") {
    const res = await clerk.post("/api/registry/households", {
      villageCode: villages[0],
      formedOn,
      members: [
        { relation: "head", person: { surname, givenName, sex: "male", birthDate: "1970-01-01" } },
        {
          relation: "spouse",
          person: { surname, givenName: "Айгүл", sex: "female", birthDate: "1972-02-02" },
        },
      ],
    });
    expect(res.statusCode, res.body).toBe(201);
    return (await clerk.get(`/api/registry/households/${res.json().id}`)).json();
  }
  /** What an old record would hold: written past the register's rules, as the owner. */
  const write = (query: ReturnType<typeof sql>) => withSystem(t.database, (tx) => tx.execute(query));
  const check = async () => {
    const res = await clerk.get("/api/registry/check");
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as {
      kind: string;
      personName: string | null;
      householdNumber: number;
      otherHouseholdNumber: number | null;
      day: string;
      repairable: boolean;
    }[];
  };

  beforeAll(async () => {
    t = await startTestApp();
    ({ villageCodes: villages } = await seedAimak(t.database, AIMAK, 1));
    const m = await seedOrganisation(t.database, {
      adminUnitCode: AIMAK,
      users: { clerk: ["clerk"], social: ["social-worker"] },
    });
    clerk = await login(t.app, m.users.clerk!.username);
    clerkId = m.users.clerk!.id;
    social = await login(t.app, m.users.social!.username);
  });
  afterAll(() => t.close());

  it("finds nothing in a register kept by its rules", async () => {
    await newHousehold("Токтогулов", "Бакыт");
    expect(await check()).toEqual([]);
  });

  it("lists a member after death, a person in two households, an emptied household and households left without a head; repairs what it can, audited, and once the clerk names the heads finds nothing", async () => {
    const first = await newHousehold("Жумабеков", "Нурлан");
    const second = await newHousehold("Сыдыков", "Алмаз");
    const third = await newHousehold("Эсенов", "Талант");
    const nurlan = first.members.find((m: { givenName: string }) => m.givenName === "Нурлан");
    const almaz = second.members.find((m: { givenName: string }) => m.givenName === "Алмаз");
    // Нурлан joined household 2 in 2021 with no departure from household 1 recorded.
    await write(sql`insert into household_member (id, org_id, household_id, person_id, relation, from_date)
      select gen_random_uuid(), org_id, ${second.id}, person_id, 'other', '2021-05-01'
        from household_member where person_id = ${nurlan.id}`);
    // Алмаз died in 2022 and his membership stayed open.
    await write(sql`update person set death_date = '2022-03-03' where id = ${almaz.id}`);
    // Everyone of household 3 left in 2023, and the household stayed open.
    await write(sql`update household_member set to_date = '2023-04-04' where household_id = ${third.id}`);
    const audited = async () => {
      const [row] = (
        (await write(
          sql`select count(*)::int as n from audit_event where entity = 'household_member' and action = 'update'`,
        )) as unknown as { rows: { n: number }[] }
      ).rows;
      return row!.n;
    };
    const before = await audited();

    const findings = await check();
    expect(findings).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          kind: "in-two-households",
          personName: "Жумабеков Нурлан",
          householdNumber: first.number,
          otherHouseholdNumber: second.number,
          day: "2021-05-01",
          repairable: true,
        }),
        expect.objectContaining({
          kind: "member-after-death",
          personName: "Сыдыков Алмаз",
          householdNumber: second.number,
          day: "2022-03-03",
        }),
        expect.objectContaining({
          kind: "empty-household",
          householdNumber: third.number,
          day: "2023-04-04",
        }),
      ]),
    );
    // Алмаз headed household 2: it has no living head since, which only the clerk can mend.
    const headless = expect.objectContaining({
      kind: "household-without-head",
      personName: null,
      householdNumber: second.number,
      day: "2022-03-03",
      repairable: false,
    });
    expect(findings).toEqual(expect.arrayContaining([headless]));
    expect(findings).toHaveLength(4);

    // A social worker reads the register but does not change it.
    expect((await social.post("/api/registry/check/repair", {})).statusCode).toBe(403);
    expect(await check()).toHaveLength(4);

    const repaired = await clerk.post("/api/registry/check/repair", {});
    expect(repaired.statusCode, repaired.body).toBe(200);
    expect(repaired.json()).toEqual({
      membershipsStartedAtBirth: 0,
      membershipsEnded: 2,
      householdsDissolved: 1,
      flagsEnded: 0,
      left: 2,
    });
    // Нурлан headed household 1 till the day he joined household 2: now it has no head either.
    const headlessFirst = expect.objectContaining({
      kind: "household-without-head",
      householdNumber: first.number,
      day: "2021-05-01",
      repairable: false,
    });
    expect(await check()).toEqual([headlessFirst, headless]);

    // Нурлан is now of household 2 alone; household 1 lists him no more, household 3 is dissolved.
    const firstAfter = (await clerk.get(`/api/registry/households/${first.id}`)).json();
    expect(firstAfter.members.map((m: { id: string }) => m.id)).not.toContain(nurlan.id);
    const onTheDayBefore = (await clerk.get(`/api/registry/households/${first.id}?asOf=2021-04-30`)).json();
    expect(onTheDayBefore.members.map((m: { id: string }) => m.id)).toContain(nurlan.id);
    const thirdAfter = (await clerk.get(`/api/registry/households/${third.id}`)).json();
    expect(thirdAfter.dissolvedOn).toBe("2023-04-04");
    expect((await audited()) - before).toBe(2);

    // A second repair finds nothing to do; the household without a head is still left.
    expect((await clerk.post("/api/registry/check/repair", {})).json()).toEqual({
      membershipsStartedAtBirth: 0,
      membershipsEnded: 0,
      householdsDissolved: 0,
      flagsEnded: 0,
      left: 2,
    });
    // The clerk names their heads among the living: each wife heads, Нурлан's relation is said.
    const wife = (h: { members: { givenName: string; id: string }[] }) =>
      h.members.find((m) => m.givenName === "Айгүл")!.id;
    for (const [home, relations] of [
      [first, []],
      [second, [{ personId: nurlan.id, relation: "other" }]],
    ] as const) {
      const headed = await clerk.post(`/api/registry/households/${home.id}/events`, {
        kind: "head-change",
        occurredOn: "2023-01-01",
        newHeadPersonId: wife(home),
        relations,
      });
      expect(headed.statusCode, headed.body).toBe(201);
    }
    expect(await check()).toEqual([]);
  });

  it("lists a member from before birth, and the repair starts the membership on the birth day", async () => {
    const home = await newHousehold("Токтосунов", "Марат", "2015-01-01");
    const born = await clerk.post(`/api/registry/households/${home.id}/events`, {
      kind: "birth",
      occurredOn: "2016-10-01",
      relation: "daughter",
      person: { surname: "Токтосунова", givenName: "Айпери", sex: "female", birthDate: "2016-10-01" },
    });
    expect(born.statusCode, born.body).toBe(201);
    // As households were once formed: the daughter a member from the day it was, before her birth.
    await write(sql`update household_member set from_date = '2015-01-01'
      where household_id = ${home.id} and relation = 'daughter'`);
    expect(await check()).toEqual([
      expect.objectContaining({
        kind: "member-before-birth",
        personName: "Токтосунова Айпери",
        householdNumber: home.number,
        day: "2016-10-01",
        repairable: true,
      }),
    ]);
    const repaired = await clerk.post("/api/registry/check/repair", {});
    expect(repaired.json()).toEqual({
      membershipsStartedAtBirth: 1,
      membershipsEnded: 0,
      householdsDissolved: 0,
      flagsEnded: 0,
      left: 0,
    });
    expect(await check()).toEqual([]);
    const before = (await clerk.get(`/api/registry/households/${home.id}?asOf=2016-06-01`)).json();
    expect(before.members.map((m: { givenName: string }) => m.givenName)).not.toContain("Айпери");
    const after = (await clerk.get(`/api/registry/households/${home.id}`)).json();
    expect(after.members.find((m: { givenName: string }) => m.givenName === "Айпери").memberSince).toBe(
      "2016-10-01",
    );
  });

  it("lists a dissolved household's flags still in force after its dissolution by name, and the repair ends them on that day as the dissolution does, audited", async () => {
    const home = await newHousehold("Касымов", "Эркин");
    const gone = home.members.map((m: { id: string }) => m.id);
    for (const personId of gone) {
      const left = await clerk.post(`/api/registry/households/${home.id}/events`, {
        kind: "departure",
        occurredOn: "2023-06-01",
        personId,
        ...(personId === gone[0] ? { newHeadPersonId: gone[1] } : {}),
        ...(personId === gone[0] ? { relations: [] } : {}),
      });
      expect(left.statusCode, left.body).toBe(201);
    }
    expect((await clerk.get(`/api/registry/households/${home.id}`)).json().dissolvedOn).toBe("2023-06-01");
    // Flags as a dissolution left them before it ended them: open, cleared a year later, set after
    // it; and one ended before it, which stays as it is.
    const OLD = "старый учёт";
    const flag = (code: string, setOn: string, clearedOn: string | null) =>
      write(sql`insert into household_flag (id, org_id, household_id, criterion_code, source, reason, set_on, cleared_on)
        select gen_random_uuid(), org_id, id, ${code}, 'manual', ${OLD}, ${setOn}, ${clearedOn}
          from household where id = ${home.id}`);
    await flag("social-assistance", "2020-01-01", null);
    await flag("poor", "2021-01-01", "2024-06-01");
    await flag("large-family", "2023-09-01", null);
    await flag("migrant-family", "2019-01-01", "2022-01-01");
    const flagsAudited = async () =>
      (
        (await write(
          sql`select count(*)::int as n from audit_event where entity = 'household_flag' and action = 'update'
                and entity_id in (select id::text from household_flag where household_id = ${home.id})`,
        )) as unknown as { rows: { n: number }[] }
      ).rows[0]!.n;

    const auditedBefore = await flagsAudited();
    const findings = await check();
    expect(findings.map((f) => f.kind)).toEqual(Array(3).fill("flag-after-dissolution"));
    expect(findings).toEqual([
      expect.objectContaining({
        householdNumber: home.number,
        criterionName: "«Үй-бүлөгө көмөк» жөлөкпулун алат",
        day: "2023-06-01",
        repairable: true,
      }),
      expect.objectContaining({ criterionName: "Аз камсыз болгон үй-бүлө", day: "2023-06-01" }),
      expect.objectContaining({ day: "2023-06-01" }),
    ]);
    // Named in the user's language.
    const inRussian = (await clerk.get("/api/registry/check?lang=ru")).json();
    expect(inRussian[0].criterionName).toBe("Получает пособие «Үй-бүлөгө көмөк»");

    const repaired = await clerk.post("/api/registry/check/repair", {});
    expect(repaired.statusCode, repaired.body).toBe(200);
    expect(repaired.json()).toMatchObject({ flagsEnded: 3, householdsDissolved: 0, membershipsEnded: 0 });
    expect(await check()).toEqual([]);
    expect((await flagsAudited()) - auditedBefore).toBe(3);
    const auditedBy = (
      (await write(sql`select distinct user_id as id from audit_event where entity = 'household_flag' and action = 'update'
                and entity_id in (select id::text from household_flag where household_id = ${home.id} and reason = ${OLD})`)) as unknown as {
        rows: { id: string }[];
      }
    ).rows.map((r) => r.id);
    expect(auditedBy).toEqual([clerkId]);
    const ended = (
      (await write(sql`select criterion_code as code, cleared_on::text as "clearedOn", clear_reason as reason,
                              cleared_by as "clearedBy"
                         from household_flag where household_id = ${home.id} and reason = ${OLD} order by criterion_code`)) as unknown as {
        rows: { code: string; clearedOn: string; reason: string; clearedBy: string | null }[];
      }
    ).rows;
    expect(ended).toEqual([
      // Set after the dissolution: it never comes into force, ended on its own day.
      { code: "large-family", clearedOn: "2023-09-01", reason: HOUSEHOLD_DISSOLVED, clearedBy: clerkId },
      { code: "migrant-family", clearedOn: "2022-01-01", reason: null, clearedBy: null },
      { code: "poor", clearedOn: "2023-06-01", reason: HOUSEHOLD_DISSOLVED, clearedBy: clerkId },
      { code: "social-assistance", clearedOn: "2023-06-01", reason: HOUSEHOLD_DISSOLVED, clearedBy: clerkId },
    ]);
    // A second repair finds nothing more to end.
    expect((await clerk.post("/api/registry/check/repair", {})).json()).toMatchObject({ flagsEnded: 0 });
    expect((await flagsAudited()) - auditedBefore).toBe(3);
  });

  it("lists two households joined on one day without choosing, and leaves them for the clerk", async () => {
    const first = await newHousehold("Абдыкадыров", "Эрлан");
    const second = await newHousehold("Бообеков", "Азамат");
    const erlan = first.members.find((m: { givenName: string }) => m.givenName === "Эрлан");
    await write(sql`insert into household_member (id, org_id, household_id, person_id, relation, from_date)
      select gen_random_uuid(), org_id, ${second.id}, person_id, 'other', '2010-01-01'
        from household_member where person_id = ${erlan.id}`);
    const findings = await check();
    expect(findings).toEqual([
      expect.objectContaining({
        kind: "same-day-two-households",
        personName: "Абдыкадыров Эрлан",
        day: "2010-01-01",
        repairable: false,
      }),
    ]);
    expect((await clerk.post("/api/registry/check/repair", {})).json()).toEqual({
      membershipsStartedAtBirth: 0,
      membershipsEnded: 0,
      householdsDissolved: 0,
      flagsEnded: 0,
      left: 1,
    });
    expect(await check()).toHaveLength(1);
  });
});
