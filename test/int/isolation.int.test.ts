import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { searchKey } from "../../src/domain/registry/names.js";
import { DEFAULT_TIME_ZONE } from "../../src/domain/shared/local-time.js";
import { ROLES } from "../../src/server/access/roles.js";
import type { Actor } from "../../src/server/platform/context.js";
import { rows, type Tx } from "../../src/server/platform/db.js";
import { withSystem, withTenant } from "../../src/server/platform/transactions.js";
import {
  type Client,
  login,
  seedAimak,
  seedOrganisation,
  startTestApp,
  type TestApp,
} from "../support/app.js";
import { routeKey, routeSamples, type TargetIds } from "../support/route-samples.js";

describe("tenant isolation", () => {
  let t: TestApp;
  let a: Awaited<ReturnType<typeof seedOrganisation>>;
  let b: Awaited<ReturnType<typeof seedOrganisation>>;
  let bAdmin: Client;
  let bTokenId: string;
  let bSmsId: string;
  let bSecrets: string[];
  const bRegister: Partial<TargetIds> = {};

  beforeAll(async () => {
    t = await startTestApp();
    // A's user holds every role, so a refusal can only come from isolation, never from permissions.
    a = await seedOrganisation(t.database, { adminUnitCode: "41703220000000", users: { all: [...ROLES] } });
    b = await seedOrganisation(t.database, {
      adminUnitCode: "41702205000000",
      users: { admin: ["administrator", "head"], clerk: ["clerk"] },
    });
    bAdmin = await login(t.app, b.users.admin!.username);
    bTokenId = (await bAdmin.post("/api/tokens", { name: "b-token", role: "administrator" })).json().id;
    bSmsId = (await bAdmin.post("/api/sms", { to: "0700 11 22 33", body: "B's secret message" })).json().id;
    await bAdmin.patch("/api/organisation", { version: 1, details: { address: "B's secret address" } });
    const { villageCodes } = await seedAimak(t.database, "41702205990000", 1, "41702205000000");
    const household = await bAdmin.post("/api/registry/households", {
      villageCode: villageCodes[0],
      street: "Secret street",
      formedOn: "2020-01-01",
      members: [
        {
          relation: "head",
          person: {
            surname: "Сырдуу",
            givenName: "Адам",
            sex: "female",
            birthDate: "1970-01-01",
            pin: "10101197012345",
          },
        },
      ],
    });
    expect(household.statusCode, household.body).toBe(201);
    bRegister.householdId = household.json().id;
    const bCard = (await bAdmin.get(`/api/registry/households/${bRegister.householdId}`)).json();
    bRegister.personId = bCard.members[0].id;
    bRegister.flagId = bCard.flags[0].id;
    bRegister.eventId = bCard.events[0].id;
    bRegister.villageCode = villageCodes[0];
    bRegister.plotId = (
      await bAdmin.post(`/api/registry/households/${bRegister.householdId}/land-plots`, {
        areaHa: 2,
        category: "irrigated-arable",
        tenure: "owned",
        fromDate: "2020-01-01",
      })
    ).json().id;
    bRegister.certificateId = (
      await bAdmin.post("/api/certificates", {
        kind: "residence",
        householdId: bRegister.householdId,
        personId: bRegister.personId,
        purpose: "Secret purpose",
      })
    ).json().id;
    bSecrets = [
      b.org.id,
      b.users.admin!.id,
      b.users.clerk!.id,
      b.users.admin!.username,
      bTokenId,
      "B's secret address",
      "Secret street",
      "Сырдуу",
      "10101197012345",
      "Secret purpose",
      bRegister.householdId!,
      bRegister.personId!,
      bRegister.certificateId!,
    ];
  });
  afterAll(() => t.close());

  async function bSnapshot() {
    return JSON.stringify([
      (await bAdmin.get("/api/users")).json(),
      (await bAdmin.get("/api/organisation")).json(),
      (await bAdmin.get("/api/tokens")).json(),
      (await bAdmin.get("/api/sms")).json(),
      (await bAdmin.get(`/api/registry/households/${bRegister.householdId}`)).json(),
      (await bAdmin.get("/api/certificates")).json(),
      (await bAdmin.get("/api/registry/vulnerability-criteria")).json(),
    ]);
  }

  /** A's user acting in A, as a request would (every role, reading A alone). */
  const actorOfA = (): Actor => ({
    userId: a.users.all!.id,
    username: "a",
    orgId: a.org.id,
    roles: [...ROLES],
    readOrgIds: [a.org.id],
    timeZone: DEFAULT_TIME_ZONE,
  });

  it("walks every route as organisation A against organisation B's records and never gets them", async () => {
    const samples = routeSamples({
      orgId: b.org.id,
      userId: b.users.clerk!.id,
      tokenId: bTokenId,
      placeCode: "41702205000000",
      smsId: bSmsId,
      ...bRegister,
    });
    const routes = t.app.routeTable.filter((r) => r.guard);
    expect(routes.map(routeKey).sort()).toEqual(Object.keys(samples).sort());
    const before = await bSnapshot();

    // Routes that end the caller's sessions go last.
    const ordered = [...routes].sort(
      (x, y) => Number(x.url.includes("logout")) - Number(y.url.includes("logout")),
    );
    for (const route of ordered) {
      const sample = samples[routeKey(route)]!;
      const caller = await login(t.app, a.users.all!.username);
      const res = await caller.call(route.method as "GET", sample.url, sample.body);
      const where = `${routeKey(route)} → ${res.statusCode}`;
      if (sample.kind === "targets") {
        expect([403, 404], where).toContain(res.statusCode);
      } else {
        expect(res.statusCode, `${where} ${res.body}`).toBeLessThan(500);
      }
      for (const secret of bSecrets) expect(res.body, where).not.toContain(secret);
    }
    expect(await bSnapshot()).toBe(before);
  });

  it("filters rows in the database itself, whatever a handler forgets", async () => {
    const actor = actorOfA();
    const seen = await withTenant(t.database, actor, async (tx) => {
      const count = async (table: string) => {
        const r = (await tx.execute(
          sql.raw(`select count(*)::int as n from ${table} where org_id = '${b.org.id}'`),
        )) as unknown as {
          rows: { n: number }[];
        };
        return r.rows[0]!.n;
      };
      return {
        membership: await count("membership"),
        api_token: await count("api_token"),
        audit_event: await count("audit_event"),
        organisation: (
          (await tx.execute(
            sql`select count(*)::int as n from organisation where id = ${b.org.id}`,
          )) as unknown as {
            rows: { n: number }[];
          }
        ).rows[0]!.n,
      };
    });
    expect(seen).toEqual({ membership: 0, api_token: 0, audit_event: 0, organisation: 0 });

    // Writing a row into another organisation is refused by the policy, not by the handler.
    await expect(
      withTenant(t.database, actor, (tx) =>
        tx.execute(
          sql`insert into membership (id, org_id, user_id, role) values (gen_random_uuid(), ${b.org.id}, ${a.users.all!.id}, 'administrator')`,
        ),
      ),
    ).rejects.toThrow();
    const stillOutside = await login(t.app, a.users.all!.username);
    expect((await stillOutside.post("/api/auth/organisation", { orgId: b.org.id })).statusCode).toBe(404);
  });

  it("answers a read-only transaction before its commit returns, and refuses a write inside one", async () => {
    const actor = actorOfA();
    const count = (tx: Tx) =>
      tx.execute(sql`select count(*)::int as n from membership`) as unknown as Promise<{
        rows: { n: number }[];
      }>;
    const before = (await withTenant(t.database, actor, count)).rows[0]!.n;
    // More of them than the pool has connections: each goes back to the pool once committed.
    for (let i = 0; i < 25; i++)
      expect((await withTenant(t.database, actor, count, { readOnly: true })).rows[0]!.n).toBe(before);
    const refused = await withTenant(
      t.database,
      actor,
      (tx) =>
        tx.execute(
          sql`insert into membership (id, org_id, user_id, role) values (gen_random_uuid(), ${a.org.id}, ${a.users.all!.id}, 'clerk')`,
        ),
      { readOnly: true },
    ).then(
      () => "written",
      (e: { cause?: unknown }) => String(e.cause ?? e),
    );
    expect(refused).toMatch(/read-only transaction/);
    expect((await withTenant(t.database, actor, count)).rows[0]!.n).toBe(before);
  });

  it("has every policy read the caller's organisations and role once per query, not once per row", async () => {
    // Called bare, app_read_org_ids() is evaluated for each row a policy filters (450 UUIDs parsed
    // per person row for a district office reading the country); as a scalar subquery, once.
    const policies = (
      (await t.database.db.execute(
        sql`select tablename || '.' || policyname as name, coalesce(qual, '') || ' ' || coalesce(with_check, '') as expression
            from pg_policies where schemaname = 'public'`,
      )) as unknown as { rows: { name: string; expression: string }[] }
    ).rows;
    expect(policies.filter((p) => p.name.endsWith(".tenant_read")).length).toBeGreaterThan(30);
    // The system role's test likewise: bare, the planner took it to hold for 0.5 % of the rows.
    const bare = policies.filter(
      (p) =>
        /(?<!SELECT )\b(app_read_org_ids|app_org_id|app_user_id)\(\)/.test(p.expression) ||
        /(?<!SELECT \()CURRENT_USER = /i.test(p.expression),
    );
    expect(bare.map((p) => p.name)).toEqual([]);
  });

  it("opens the whole register's views only to an office that reads every organisation", async () => {
    const count = (actor: Actor, relation: string) =>
      withTenant(
        t.database,
        actor,
        async (tx) =>
          (
            await rows<{ n: number; orgs: number }>(
              tx,
              sql`select count(*)::int as n, count(distinct org_id)::int as orgs from ${sql.identifier(relation)}`,
            )
          )[0]!,
      );
    const national = { ...actorOfA(), readsEveryOrganisation: true };
    for (const [table, view, column] of [
      ["person", "person_every_org", "surname"],
      ["household", "household_every_org", "street"],
    ] as const) {
      const everyone = await withSystem(
        t.database,
        async (tx) =>
          (await rows<{ n: number }>(tx, sql`select count(*)::int as n from ${sql.identifier(table)}`))[0]!.n,
      );
      expect(everyone, table).toBeGreaterThan((await count(actorOfA(), table)).n);
      // A reads its own rows, and nothing through the view.
      expect(await count(actorOfA(), view)).toEqual({ n: 0, orgs: 0 });
      // An actor that reads every organisation reads them all through it (and writes nothing there).
      expect((await count(national, view)).n).toBe(everyone);
      const write = await withTenant(t.database, national, (tx) =>
        tx.execute(
          sql`update ${sql.identifier(view)} set ${sql.identifier(column)} = ${sql.identifier(column)}`,
        ),
      ).then(
        () => "written",
        (e: { cause?: unknown }) => String(e.cause ?? e),
      );
      expect(write, view).toMatch(/permission denied/);
    }
  });

  it("finds addresses through the trigram index only in organisations the tenant reads", async () => {
    const words = searchKey("Secret street").split(" ");
    const byAddress = (actor: Actor, orgIds: string[] | null, nearly = false) =>
      withTenant(t.database, actor, async (tx) =>
        (
          await rows<{ id: string }>(
            tx,
            sql`select a.id from app_households_by_address(${sql.param(words)}::text[], ${nearly},
              ${orgIds ? sql`${sql.param(orgIds)}::uuid[]` : sql`null`}, null) a`,
          )
        ).map((r) => r.id),
      );
    const actorOfB = { ...actorOfA(), orgId: b.org.id, readOrgIds: [b.org.id] };
    expect(await byAddress(actorOfB, [b.org.id])).toEqual([bRegister.householdId]);
    // A names B's organisation outright and still gets nothing: it does not read B.
    expect(await byAddress(actorOfA(), [a.org.id, b.org.id])).toEqual([]);
    // Nor does an organisation B reads find anything when it is not asked for.
    expect(await byAddress(actorOfB, [a.org.id])).toEqual([]);
    // Near spellings, as exact ones, only where the tenant reads.
    expect(await byAddress(actorOfB, [b.org.id], true)).toEqual([bRegister.householdId]);
    expect(await byAddress(actorOfA(), [a.org.id, b.org.id], true)).toEqual([]);
    // Without organisations, every household: only for an actor that reads every organisation.
    expect(await byAddress(actorOfA(), null)).toEqual([]);
    expect(await byAddress({ ...actorOfA(), readsEveryOrganisation: true }, null)).toContain(
      bRegister.householdId,
    );
  });

  it("does not let the database owner's connection read tenant rows without choosing a role", async () => {
    if (process.env.AIMAK_TEST_DB !== "postgres") return; // PGlite's only user is a superuser
    const r = (await t.database.db.execute(sql`select count(*)::int as n from membership`)) as unknown as {
      rows: { n: number }[];
    };
    expect(r.rows[0]!.n).toBe(0);
  });
});
