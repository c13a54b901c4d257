import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { localDayOf } from "../../src/domain/shared/local-time.js";
import { refreshFlagsOfEveryOrganisation } from "../../src/server/registry/flags.js";
import {
  type Client,
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
  let timeZone: string;

  beforeAll(async () => {
    t = await startTestApp();
    ({ villageCodes: villages } = await seedAimak(t.database, AIMAK, 1));
    const m = await seedOrganisation(t.database, {
      adminUnitCode: AIMAK,
      users: { clerk: ["clerk"], admin: ["administrator"] },
    });
    orgId = m.org.id;
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
  /** The household's flags in force on a day (today when none is named), as its card shows them. */
  const openFlags = async (householdId: string, asOf?: string) =>
    (await clerk.get(`/api/registry/households/${householdId}${asOf ? `?asOf=${asOf}` : ""}`)).json()
      .flags as {
      id: string;
      criterionCode: string;
      source: string;
      setOn: string;
      clearedOn: string | null;
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
    const trail = (await admin.get(`/api/audit?entity=household_flag&entityId=${flagged!.id}`)).json()
      .items as { action: string; after: { clearedOn: string | null; clearReason: string | null } }[];
    expect(trail.map((r) => r.action)).toEqual(["update", "create"]);
    expect(trail[0]!.after).toMatchObject({
      clearedOn: today,
      clearReason: "registry.reason.noLongerApplies",
    });
    expect((await largeFamily(4)).statusCode).toBe(200);
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
});
