import { sql } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import type { RequestContext } from "../../src/server/platform/context.js";
import { rows } from "../../src/server/platform/db.js";
import { organisationToday } from "../../src/server/platform/local-day.js";
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

/** "Today" is the organisation's local day: Bishkek is UTC+6, Dushanbe UTC+5, all year. */
describe("the organisation's local day", () => {
  let t: TestApp;
  let clerk: Client;
  let clerkName: string;
  let villages: string[];
  let municipality: RequestContext;
  let provider: RequestContext;

  /** The context a request of this organisation's gets: its zone as the session reads it. */
  const ctxOf = async (orgId: string, userId: string, username: string): Promise<RequestContext> => {
    const [org] = await withSystem(t.database, (tx) =>
      rows<{ timeZone: string }>(
        tx,
        sql`select time_zone as "timeZone" from organisation where id = ${orgId}`,
      ),
    );
    return {
      requestId: "local-day",
      locale: "en",
      client: "system",
      actor: { userId, username, orgId, roles: [], readOrgIds: [orgId], timeZone: org!.timeZone },
    };
  };

  beforeAll(async () => {
    t = await startTestApp();
    ({ villageCodes: villages } = await seedAimak(t.database, AIMAK, 1));
    const m = await seedOrganisation(t.database, { adminUnitCode: AIMAK, users: { clerk: ["clerk"] } });
    const w = await seedOrganisation(t.database, {
      kind: "water-provider",
      providerType: "wua",
      adminUnitCode: AIMAK,
      villageCodes: villages,
      users: { admin: ["administrator"] },
    });
    const wuaAdmin = await login(t.app, w.users.admin!.username);
    const moved = await wuaAdmin.patch("/api/organisation", { version: 1, timeZone: "Asia/Dushanbe" });
    expect(moved.statusCode, moved.body).toBe(200);
    clerkName = m.users.clerk!.username;
    clerk = await login(t.app, clerkName);
    municipality = await ctxOf(m.org.id, m.users.clerk!.id, m.users.clerk!.username);
    provider = await ctxOf(w.org.id, w.users.admin!.id, w.users.admin!.username);
  });
  afterAll(() => t?.close());
  afterEach(() => vi.useRealTimers());

  it("is tomorrow in Bishkek at 23:30 UTC, and still today in Dushanbe at 18:30 UTC", async () => {
    expect(organisationToday(municipality, new Date("2026-03-14T23:30:00Z"))).toBe("2026-03-15");
    expect(organisationToday(municipality, new Date("2026-03-14T17:59:59Z"))).toBe("2026-03-14");
    expect(organisationToday(municipality, new Date("2026-03-14T18:30:00Z"))).toBe("2026-03-15");
    expect(organisationToday(provider, new Date("2026-03-14T18:30:00Z"))).toBe("2026-03-14");
    expect(organisationToday(provider, new Date("2026-03-14T19:00:00Z"))).toBe("2026-03-15");
  });

  it("dates a household card and a certificate on the municipality's day, not UTC's", async () => {
    const res = await clerk.post("/api/registry/households", {
      villageCode: villages[0],
      street: "Ленин көчөсү",
      house: "3",
      formedOn: "2020-01-01",
      members: [
        {
          relation: "head",
          person: {
            surname: "Осмонова",
            givenName: "Гүлнара",
            patronymic: "Бакытовна",
            sex: "female",
            pin: "10203199000456",
            birthDate: "1990-03-02",
          },
        },
      ],
    });
    expect(res.statusCode, res.body).toBe(201);
    const householdId = (res.json() as { id: string }).id;

    // New Year's Eve, 23:30 UTC: it is already 05:30 on the 1st of January in Bishkek.
    // The clerk signs in at that instant: a session begun on the real clock would look expired.
    vi.useFakeTimers({ toFake: ["Date"], now: new Date("2026-12-31T23:30:00Z") });
    const lateClerk = await login(t.app, clerkName);
    const read = await lateClerk.get(`/api/registry/households/${householdId}`);
    expect(read.statusCode, read.body).toBe(200);
    const card = read.json();
    expect(card.asOf).toBe("2027-01-01");
    const issued = await lateClerk.post("/api/certificates", {
      kind: "family-composition",
      householdId,
      personId: card.members[0].id,
      purpose: "Социалдык фонд",
    });
    expect(issued.statusCode, issued.body).toBe(201);
    expect(issued.json().year).toBe(2027);
    const listed = (await lateClerk.get("/api/certificates")).json();
    const items = (listed.items ?? listed) as { id: string; issuedOn: string }[];
    expect(items.find((c) => c.id === issued.json().id)?.issuedOn).toBe("2027-01-01");
    // Revoked in the same minute: the public page gives the municipality's day too.
    const revoked = await lateClerk.post(`/api/certificates/${issued.json().id}/revoke`, {
      reason: "Ката жазылган",
    });
    expect(revoked.statusCode, revoked.body).toBe(200);
    const [{ code }] = (await withSystem(t.database, (tx) =>
      rows<{ code: string }>(
        tx,
        sql`select verify_code as code from certificate where id = ${issued.json().id}`,
      ),
    )) as [{ code: string }];
    const verified = await t.app.inject({ method: "GET", url: `/api/public/certificates/${code}` });
    expect(verified.json()).toMatchObject({ status: "revoked", revokedOn: "2027-01-01" });
  });
});
