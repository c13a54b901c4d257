import { spawnSync } from "node:child_process";
import { type SQL, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recordAudits, verifyAll } from "../../src/server/audit/service.js";
import { loadDemo } from "../../src/server/demo/seed.js";
import { prepareDatabase } from "../../src/server/platform/bootstrap.js";
import { rows } from "../../src/server/platform/db.js";
import { withSystem } from "../../src/server/platform/transactions.js";
import {
  client,
  login,
  seedAimak,
  seedOrganisation,
  startTestApp,
  type TestApp,
  unique,
} from "../support/app.js";
import { freshDatabaseConfig } from "../support/database.js";
import { temporaryFolder } from "../support/temporary-folders.js";

describe("the audit trail", () => {
  let t: TestApp;
  let admin: Awaited<ReturnType<typeof login>>;
  let orgId: string;
  beforeAll(async () => {
    t = await startTestApp();
    const seeded = await seedOrganisation(t.database, { users: { admin: ["administrator"] } });
    orgId = seeded.org.id;
    admin = await login(t.app, seeded.users.admin!.username);
  });
  afterAll(() => t.close());

  it("records who, when, what, before and after, request id and client for every change", async () => {
    const res = await admin.post(
      "/api/users",
      { username: unique("audited."), displayName: "Before", password: "a-good-password", roles: ["clerk"] },
      { "x-request-id": "req-audit-0001" },
    );
    const user = res.json();
    await admin.patch(`/api/users/${user.id}`, { version: 1, displayName: "After" });
    const trail = (await admin.get(`/api/audit?entity=user&entityId=${user.id}`)).json();
    expect(trail.items).toHaveLength(2);
    const [update, create] = trail.items;
    expect(create).toMatchObject({
      action: "create",
      requestId: "req-audit-0001",
      client: "browser",
      entity: "user",
    });
    expect(create.after.displayName).toBe("Before");
    expect(JSON.stringify(create)).not.toContain("a-good-password");
    expect(update).toMatchObject({
      action: "update",
      before: { displayName: "Before" },
      after: { displayName: "After" },
    });
    expect(update.seq).toBe(create.seq + 1);
  });

  it("filters and pages the trail", async () => {
    const page = (await admin.get("/api/audit?limit=2")).json();
    expect(page.items).toHaveLength(2);
    expect(page.nextCursor).not.toBeNull();
    const next = (await admin.get(`/api/audit?limit=2&cursor=${page.nextCursor}`)).json();
    expect(next.items[0].seq).toBeLessThan(page.items[1].seq);
    const logins = (await admin.get("/api/audit?action=login")).json();
    expect(logins.items.every((i: { action: string }) => i.action === "login")).toBe(true);
  });

  it("keeps nothing of a change that failed", async () => {
    const before = (await admin.get("/api/audit?limit=200")).json().items.length;
    const bad = await admin.patch("/api/organisation", { version: 999, details: { address: "x" } });
    expect(bad.statusCode).toBe(409);
    expect((await admin.get("/api/audit?limit=200")).json().items.length).toBe(before);
  });

  it("cannot be updated or deleted, even by the application", async () => {
    await expect(
      t.database.db.transaction(async (tx) => {
        await tx.execute(sql`set local role aimak_system`);
        await tx.execute(sql`update audit_event set actor = 'someone else' where org_id = ${orgId}`);
      }),
    ).rejects.toThrow();
    const verified = (await admin.get("/api/audit/verify")).json();
    expect(verified.broken).toEqual([]);
    expect(verified.checked).toBeGreaterThan(3);
  });

  it("chains records appended together as it chains them one by one, on each organisation's own chain", async () => {
    const other = await seedOrganisation(t.database, { users: {} });
    const ctx = { requestId: "batch", locale: "ky" as const, client: "system" as const, actor: null };
    const last = async (org: string) =>
      (
        await withSystem(t.database, (tx) =>
          rows<{ seq: number }>(
            tx,
            sql`select coalesce(max(seq), 0)::int as seq from audit_event where org_id = ${org}`,
          ),
        )
      )[0]!.seq;
    const [ownBefore, otherBefore] = [await last(orgId), await last(other.org.id)];
    await withSystem(t.database, (tx) =>
      recordAudits(tx, ctx, [
        { orgId, action: "create", entity: "batch", entityId: "1", after: { n: 1 } },
        { orgId: other.org.id, action: "create", entity: "batch", entityId: "2", after: { n: 2 } },
        { orgId, action: "update", entity: "batch", entityId: "1", before: { n: 1 }, after: { n: 3 } },
      ]),
    );
    expect([await last(orgId), await last(other.org.id)]).toEqual([ownBefore + 2, otherBefore + 1]);
    const written = await withSystem(t.database, (tx) =>
      rows<{ orgId: string; entityId: string; action: string }>(
        tx,
        sql`select org_id as "orgId", entity_id as "entityId", action from audit_event where entity = 'batch' order by org_id, seq`,
      ),
    );
    expect(written.filter((r) => r.orgId === orgId).map((r) => r.action)).toEqual(["create", "update"]);
    expect((await verifyAll(t.database)).broken).toEqual([]);
  });

  it("reports the first broken link after a row is altered by hand", async () => {
    const { items } = (await admin.get("/api/audit?limit=200")).json();
    const victim = items[Math.floor(items.length / 2)];
    await tamper(t, forge(victim.id));
    const result = await verifyAll(t.database);
    expect(result.broken).toEqual([{ orgId, seq: victim.seq, id: victim.id, reason: "hash-mismatch" }]);
  });
});

describe("the audit trail of a certificate", () => {
  let t: TestApp;
  afterAll(() => t.close());

  it("answers a certificate's issue without its verification code, which stays in the stored, chained record", async () => {
    t = await startTestApp();
    const { villageCodes, clerk, admin } = await municipalityOf(t, "41703220960000");
    const created = await clerk.post("/api/registry/households", {
      villageCode: villageCodes[0],
      formedOn: "2020-01-01",
      members: [
        {
          relation: "head",
          person: { surname: "Токтогулов", givenName: "Нурбек", sex: "male", birthDate: "1980-02-02" },
        },
      ],
    });
    expect(created.statusCode, created.body).toBe(201);
    const card = (await clerk.get(`/api/registry/households/${created.json().id}`)).json();
    const issued = await clerk.post("/api/certificates", {
      kind: "residence",
      householdId: card.id,
      personId: card.members[0].id,
      purpose: "Банк",
      locale: "ky",
    });
    expect(issued.statusCode, issued.body).toBe(201);
    const [stored] = await withSystem(t.database, (tx) =>
      rows<{ verifyCode: string }>(
        tx,
        sql`select c.verify_code as "verifyCode" from certificate c where c.id = ${issued.json().id}`,
      ),
    );

    const res = await admin.get(`/api/audit?entity=certificate&entityId=${issued.json().id}`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().items).toHaveLength(1);
    expect(res.json().items[0].after).toMatchObject({ kind: "residence", purpose: "Банк" });
    expect(res.body).not.toContain("verifyCode");
    expect(res.body).not.toContain(stored!.verifyCode);
    const whole = await admin.get("/api/audit?limit=200");
    expect(whole.body).not.toContain(stored!.verifyCode);
    const [recorded] = await withSystem(t.database, (tx) =>
      rows<{ verifyCode: string }>(
        tx,
        sql`select after ->> 'verifyCode' as "verifyCode" from audit_event where entity = 'certificate' and entity_id = ${issued.json().id}`,
      ),
    );
    expect(recorded!.verifyCode).toBe(stored!.verifyCode);
    const verified = (await admin.get("/api/audit/verify")).json();
    expect(verified.broken).toEqual([]);
    expect(verified.checked).toBeGreaterThan(2);
  });
});

describe("changes made through Tunduk (X-Road)", () => {
  let t: TestApp;
  afterAll(() => t.close());

  it("keep the security server's client, service, message id, user and case in their audit records, hashed with them", async () => {
    t = await startTestApp();
    const { villageCodes, clerk, admin, seeded } = await municipalityOf(t, "41703220970000");
    const token = (await clerk.post("/api/tokens", { name: "tunduk", role: "clerk" })).json().token;
    const machine = client(t.app, { bearer: token });
    const household = (surname: string) => ({
      villageCode: villageCodes[0],
      formedOn: "2020-01-01",
      members: [
        { relation: "head", person: { surname, givenName: "Айбек", sex: "male", birthDate: "1981-03-03" } },
      ],
    });
    const call = {
      "x-road-client": "central-server/GOV/70000001/social-fund",
      "x-road-service": "central-server/GOV/70000042/aimak/households",
      "x-road-id": "4e1c2a9e-8a3b-4f7e-9d31-0c6a7b5e2f11",
      "x-road-userid": "21205198700123",
      "x-road-issue": "арыз 2026-118",
    };
    const throughTunduk = await machine.post("/api/registry/households", household("Сейитов"), {
      ...call,
      "x-road-issue": encodeURIComponent(call["x-road-issue"]),
    });
    expect(throughTunduk.statusCode, throughTunduk.body).toBe(201);
    // A browser has no security server: its X-Road headers are not taken as a call's.
    const byHand = await clerk.post("/api/registry/households", household("Бекова"), call);
    expect(byHand.statusCode, byHand.body).toBe(201);

    const recordOf = async (id: string) =>
      (await admin.get(`/api/audit?entity=household&entityId=${id}`)).json().items[0];
    expect((await recordOf(throughTunduk.json().id)).xroad).toEqual({
      client: "central-server/GOV/70000001/social-fund",
      service: "central-server/GOV/70000042/aimak/households",
      messageId: "4e1c2a9e-8a3b-4f7e-9d31-0c6a7b5e2f11",
      userId: "21205198700123",
      issue: encodeURIComponent("арыз 2026-118"),
    });
    expect((await recordOf(throughTunduk.json().id)).client).toBe("api-token");
    expect((await recordOf(byHand.json().id)).xroad).toBeNull();
    const bySocialFund = (
      await admin.get(`/api/audit?xroadClient=${encodeURIComponent(call["x-road-client"])}`)
    ).json().items;
    expect(bySocialFund.length).toBeGreaterThan(0);
    expect(
      bySocialFund.every((r: { xroad: { client: string } }) => r.xroad.client === call["x-road-client"]),
    ).toBe(true);
    expect(bySocialFund.map((r: { entityId: string }) => r.entityId)).toContain(throughTunduk.json().id);
    expect((await admin.get("/api/audit/verify")).json().broken).toEqual([]);

    // A malformed identity is refused in the caller's language, and nothing is written.
    const before = (await admin.get("/api/audit?limit=200")).json().items.length;
    const refused = await machine.post("/api/registry/households?lang=ru", household("Жоқов"), {
      "x-road-client": "central-server/GOV",
    });
    expect(refused.statusCode, refused.body).toBe(400);
    expect(refused.json()).toMatchObject({
      code: "validation.xroadHeader",
      title:
        "Заголовок X-Road-Client должен иметь вид INSTANCE/CLASS/MEMBER/SUBSYSTEM, и ни одна его часть не может быть пустой",
    });
    expect((await admin.get("/api/audit?limit=200")).json().items.length).toBe(before);
    const found = (await admin.get(`/api/registry/households?q=${encodeURIComponent("Жоқов")}`)).json();
    expect(found.items ?? found).toHaveLength(0);

    // The call is under the record's hash: altered, the chain breaks there.
    const record = await recordOf(throughTunduk.json().id);
    await tamper(
      t,
      sql`update audit_event set xroad = jsonb_set(xroad, '{client}', '"central-server/GOV/1/other"') where id = ${record.id}`,
    );
    expect((await verifyAll(t.database)).broken).toContainEqual({
      orgId: seeded.org.id,
      seq: record.seq,
      id: record.id,
      reason: "hash-mismatch",
    });
  });
});

/** A municipality of one village with a clerk and an administrator, both signed in. */
async function municipalityOf(t: TestApp, aimak: string) {
  const { villageCodes } = await seedAimak(t.database, aimak, 1);
  const seeded = await seedOrganisation(t.database, {
    adminUnitCode: aimak,
    users: { clerk: ["clerk"], admin: ["administrator"] },
  });
  const clerk = await login(t.app, seeded.users.clerk!.username);
  const admin = await login(t.app, seeded.users.admin!.username);
  return { villageCodes, seeded, clerk, admin };
}

/** A record's change written over by hand. */
const forge = (id: string) => sql`update audit_event set after = '{"displayName":"forged"}' where id = ${id}`;

/** What someone with the database owner's password could do: switch the guards off and edit. */
async function tamper(t: TestApp, edit: SQL) {
  await t.database.db.transaction(async (tx) => {
    await tx.execute(sql`alter table audit_event disable trigger audit_event_append_only`);
    await tx.execute(sql`alter table audit_event no force row level security`);
    await tx.execute(edit);
    await tx.execute(sql`alter table audit_event force row level security`);
    await tx.execute(sql`alter table audit_event enable trigger audit_event_append_only`);
  });
}

describe("npx aimak audit verify", () => {
  it("exits 0 on an intact trail and non-zero naming the broken record after tampering", async () => {
    const { config, drop } = await freshDatabaseConfig();
    const env: NodeJS.ProcessEnv = { ...process.env, AIMAK_LOG_LEVEL: "silent" };
    if (config.kind === "postgres") env.DATABASE_URL = config.url;
    else {
      env.AIMAK_DATA_DIR = temporaryFolder("aimak-audit-");
      delete env.DATABASE_URL;
    }
    const dbConfig =
      config.kind === "postgres" ? config : { kind: "pglite" as const, dataDir: env.AIMAK_DATA_DIR! };
    const database = await prepareDatabase(dbConfig);
    await loadDemo(database);
    const [victim] = await withSystem(database, (tx) =>
      rows<{ id: string; seq: number }>(
        tx,
        sql`select id, seq from audit_event order by org_id, seq limit 1 offset 2`,
      ),
    );
    await database.close();

    const cli = (args: string[]) =>
      spawnSync(process.execPath, ["--import", "tsx", "src/cli/main.ts", ...args], { env, encoding: "utf8" });
    const ok = cli(["audit", "verify"]);
    expect(ok.stdout).toContain("audit trail intact");
    expect(ok.status).toBe(0);

    const reopened = await prepareDatabase(dbConfig);
    await tamper({ database: reopened } as TestApp, forge(victim!.id));
    await reopened.close();
    const broken = cli(["audit", "verify"]);
    expect(broken.status).not.toBe(0);
    expect(broken.stderr).toContain(`record seq ${victim!.seq}`);
    expect(broken.stderr).toContain(victim!.id);
    await drop();
  });
});
