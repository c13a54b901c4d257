import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { authenticateSession } from "../../src/server/access/auth.js";
import type { Actor } from "../../src/server/platform/context.js";
import { rows, type Tx } from "../../src/server/platform/db.js";
import { withSystem, withTenant } from "../../src/server/platform/transactions.js";
import {
  type Client,
  login,
  seedAimak,
  seedOffice,
  seedOrganisation,
  startTestApp,
  type TestApp,
} from "../support/app.js";

const RAYON = "41703220000000";

/** What row-level security decides by: the role and the settings withTenant makes. */
const tenantSettings = (tx: Tx) =>
  rows<Record<string, string>>(
    tx,
    sql`select current_user as role, current_setting('aimak.user_id') as "userId",
      current_setting('aimak.org_id') as "orgId", current_setting('aimak.read_org_ids') as "readOrgIds",
      current_setting('aimak.reads_every_org') as "readsEveryOrg",
      current_setting('transaction_read_only') as "readOnly"`,
  );

describe("the session lookup that opens a read-only request's tenant transaction", () => {
  let t: TestApp;
  let municipality: Awaited<ReturnType<typeof seedOrganisation>>;
  let clerk: Client;
  let pin: string;
  const tokenOf = (c: Client) => (c.session as { cookie: string }).cookie.replace(/^aimak_session=/, "");

  beforeAll(async () => {
    t = await startTestApp();
    const { villageCodes } = await seedAimak(t.database, "41703220990000", 1);
    municipality = await seedOrganisation(t.database, {
      adminUnitCode: "41703220990000",
      users: { clerk: ["clerk"], accountant: ["accountant"] },
    });
    clerk = await login(t.app, municipality.users.clerk!.username);
    pin = "10105199012345";
    const created = await clerk.post("/api/registry/households", {
      villageCode: villageCodes[0],
      formedOn: "2020-01-01",
      members: [
        {
          relation: "head",
          person: { surname: "Асанова", givenName: "Айгүл", sex: "female", birthDate: "1990-05-01", pin },
        },
      ],
    });
    expect(created.statusCode, created.body).toBe(201);
  });
  afterAll(() => t.close());

  it("sets what withTenant sets, for a municipality, a district office and a national office", async () => {
    const district = await seedOffice(t.database, RAYON);
    const national = await seedOffice(t.database, "41700000000000");
    const callers = [
      clerk,
      await login(t.app, district.users.auditor!.username),
      await login(t.app, national.users.auditor!.username),
    ];
    const seen: Actor[] = [];
    for (const caller of callers) {
      const token = tokenOf(caller);
      const plain = (await authenticateSession(t.database, token, 12))!;
      const opened = (await authenticateSession(t.database, token, 12, undefined, { openTenant: true }))!;
      expect(opened.actor).toEqual(plain.actor);
      seen.push(plain.actor!);
      if (t.database.kind === "pglite") {
        // One connection for everyone: nothing is opened ahead of its work.
        expect(opened.tenantTransaction).toBeUndefined();
        continue;
      }
      expect(plain.tenantTransaction).toBeUndefined();
      const expected = await withTenant(t.database, plain.actor!, tenantSettings, { readOnly: true });
      expect(await opened.tenantTransaction!.run(tenantSettings)).toEqual(expected);
      expect(expected[0]).toMatchObject({ role: "aimak_app", readOnly: "on", userId: plain.actor!.userId });
    }
    // The three differ where it matters: what each reads.
    expect(seen[0]!.readOrgIds).toEqual([municipality.org.id]);
    expect(seen[1]!.readOrgIds).toContain(municipality.org.id);
    expect(seen[1]!.readsEveryOrganisation).toBeUndefined();
    expect(seen[2]!.readsEveryOrganisation).toBe(true);
  });

  it("answers a PIN lookup and a household card in the transaction the session opened", async () => {
    const [household] = await withSystem(t.database, (tx) =>
      rows<{ id: string }>(tx, sql`select household_id as id from household_member limit 1`),
    );
    const transaction = vi.spyOn(t.database, "transaction");
    try {
      const found = await clerk.get(`/api/registry/people?q=${pin}`);
      expect(found.statusCode, found.body).toBe(200);
      expect(found.json().items).toEqual([expect.objectContaining({ pin, surname: "Асанова" })]);
      const card = await clerk.get(`/api/registry/households/${household!.id}`);
      expect(card.statusCode, card.body).toBe(200);
      expect(card.json().members[0]).toMatchObject({ pin, givenName: "Айгүл" });
      // On PostgreSQL neither opened a transaction of its own; PGlite opens one each.
      expect(transaction).toHaveBeenCalledTimes(t.database.kind === "pglite" ? 2 : 0);
    } finally {
      transaction.mockRestore();
    }
  });

  it("gives its connection back first when the session's expiry slides, and answers all the same", async () => {
    await withSystem(t.database, (tx) =>
      tx.execute(sql`update session set last_seen_at = now() - interval '2 minutes'
        where user_id = ${municipality.users.clerk!.id}`),
    );
    const transaction = vi.spyOn(t.database, "transaction");
    try {
      const found = await clerk.get(`/api/registry/people?q=${pin}`);
      expect(found.statusCode, found.body).toBe(200);
      expect(found.json().items).toEqual([expect.objectContaining({ pin })]);
      // The slide wrote as the system role, and the search opened a tenant transaction of its own.
      const setups = transaction.mock.calls.map(([setup]) => setup);
      expect(setups.filter((setup) => setup.includes("aimak_system"))).toHaveLength(1);
      expect(setups.filter((setup) => setup.includes("'aimak_app'"))).toHaveLength(1);
    } finally {
      transaction.mockRestore();
    }
    const [slid] = await withSystem(t.database, (tx) =>
      rows<{ recent: boolean }>(
        tx,
        sql`select bool_and(last_seen_at > now() - interval '1 minute') as recent from session
          where user_id = ${municipality.users.clerk!.id}`,
      ),
    );
    expect(slid!.recent).toBe(true);
  });

  it("reads one snapshot through every statement of a snapshot transaction, not the lent one", async () => {
    const actor = (await authenticateSession(t.database, tokenOf(clerk), 12))!.actor!;
    const people = (tx: Tx) => rows<{ n: number }>(tx, sql`select count(*)::int as n from person`);
    const [before] = await withTenant(t.database, actor, people, { readOnly: true });
    const seen = await withTenant(
      t.database,
      actor,
      async (tx) => {
        const [setting] = await rows<{ isolation: string; readOnly: string }>(
          tx,
          sql`select current_setting('transaction_isolation') as isolation,
            current_setting('transaction_read_only') as "readOnly"`,
        );
        const [first] = await people(tx);
        // Another connection's write lands between the two reads (PGlite has one connection,
        // whose transactions never interleave).
        if (t.database.kind === "postgres")
          await withSystem(t.database, (other) =>
            other.execute(sql`insert into person (id, org_id, surname, given_name, name_latin, search_key, sex)
              values (gen_random_uuid(), ${municipality.org.id}, 'Бекова', 'Айша', 'Bekova Aisha', 'bekova aisha', 'female')`),
          );
        const [second] = await people(tx);
        return { setting, first: first!.n, second: second!.n };
      },
      { readOnly: true, snapshot: true },
    );
    expect(seen.setting).toEqual({ isolation: "repeatable read", readOnly: "on" });
    expect(seen.first).toBe(before!.n);
    expect(seen.second).toBe(before!.n);
    if (t.database.kind === "postgres") {
      const [after] = await withTenant(t.database, actor, people, { readOnly: true });
      expect(after!.n).toBe(before!.n + 1);
    }
  });

  it("gives the transaction back however the request ends", async () => {
    const accountant = await login(t.app, municipality.users.accountant!.username);
    const outsider = await login(t.app, municipality.users.clerk!.username);
    expect((await outsider.post("/api/auth/logout")).statusCode).toBe(200);
    const endings: [Client, string, number][] = [
      [clerk, `/api/registry/people?q=${pin}`, 200],
      [clerk, "/api/registry/people?pageSize=1000", 400],
      [clerk, "/api/registry/households/not-a-uuid", 400],
      [clerk, "/api/registry/households/00000000-0000-7000-8000-000000000000", 404],
      [accountant, `/api/registry/people?q=${pin}`, 403],
      [outsider, `/api/registry/people?q=${pin}`, 401],
    ];
    // Three rounds of six endings: more requests than the pool has connections (10), so a
    // transaction left open would starve the last ones.
    for (let round = 0; round < 3; round++) {
      for (const [caller, url, status] of endings) {
        const res = await caller.get(url);
        expect(res.statusCode, `${url}: ${res.body}`).toBe(status);
      }
    }
    if (t.database.kind === "postgres") {
      // A read-only COMMIT or an abandoned transaction's ROLLBACK finishes after the answer.
      await vi.waitFor(async () => {
        const [open] = await t.database.script<{ n: number }>(
          `select count(*)::int as n from pg_stat_activity
           where datname = current_database() and state like 'idle in transaction%'`,
        );
        expect(open!.n).toBe(0);
      });
    }
  });
});
