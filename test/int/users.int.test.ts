import { sql } from "drizzle-orm";
import { uuidv7 } from "uuidv7";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_TIME_ZONE } from "../../src/domain/shared/local-time.js";
import { createUserAsSystem } from "../../src/server/access/system-users.js";
import { membership } from "../../src/server/access/tables.js";
import { rows } from "../../src/server/platform/db.js";
import { withSystem, withTenant } from "../../src/server/platform/transactions.js";
import {
  type Client,
  login,
  seedOrganisation,
  seedUnits,
  startTestApp,
  systemCtx,
  type TestApp,
  unique,
} from "../support/app.js";

describe("users and roles", () => {
  let t: TestApp;
  let admin: Awaited<ReturnType<typeof login>>;
  beforeAll(async () => {
    t = await startTestApp();
    const seeded = await seedOrganisation(t.database, { users: { admin: ["administrator"] } });
    admin = await login(t.app, seeded.users.admin!.username);
  });
  afterAll(() => t.close());

  it("creates a user with roles, who can then log in", async () => {
    const username = unique("gulnara.");
    const res = await admin.post("/api/users", {
      username,
      displayName: "Турдуева Гүлнара",
      password: "a-good-password",
      locale: "ru",
      roles: ["social-worker", "clerk"],
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({
      username,
      roles: expect.arrayContaining(["clerk", "social-worker"]),
      version: 1,
    });
    expect(JSON.stringify(res.json())).not.toContain("password");
    const newcomer = await login(t.app, username, "a-good-password");
    expect((await newcomer.get("/api/auth/session")).json().roles.sort()).toEqual(["clerk", "social-worker"]);
  });

  it("refuses a taken username with 409 and creates nothing", async () => {
    const username = unique("dup.");
    const body = { username, displayName: "A", password: "a-good-password", roles: ["clerk"] };
    expect((await admin.post("/api/users", body)).statusCode).toBe(201);
    const before = (await admin.get("/api/users")).json().length;
    const again = await admin.post("/api/users", body);
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe("conflict.usernameTaken");
    expect((await admin.get("/api/users")).json().length).toBe(before);
  });

  it("answers bad input with field-level errors in the request's language", async () => {
    const res = await admin.post(
      "/api/users",
      { username: "a b", displayName: "", password: "short", roles: [] },
      { "accept-language": "ky" },
    );
    expect(res.statusCode).toBe(400);
    const problem = res.json();
    expect(problem.type).toBe("urn:aimak:problem:validation.fields");
    expect(problem.title).toBe("Маалымат туура эмес толтурулган");
    const paths = problem.errors.map((e: { path: string }) => e.path);
    expect(paths).toEqual(expect.arrayContaining(["username", "displayName", "password", "roles"]));
    const username = problem.errors.find((e: { path: string }) => e.path === "username");
    expect(username.code).toBe("usernameChars");
    expect(username.message).toContain("Латын");
  });

  it("says a field left out is to be filled in, and one of the wrong kind is of the wrong kind", async () => {
    const before = (await admin.get("/api/users")).json().length;
    const res = await admin.post("/api/users?lang=en", {
      username: "left.out",
      displayName: 7,
      roles: ["clerk"],
    });
    expect(res.statusCode).toBe(400);
    const byPath = new Map(
      res.json().errors.map((e: { path: string; code: string; message: string }) => [e.path, e]),
    );
    expect(byPath.get("password")).toMatchObject({ code: "required", message: "Required" });
    expect(byPath.get("displayName")).toMatchObject({ code: "invalid_type", message: "Wrong kind of value" });
    expect((await admin.get("/api/users")).json().length).toBe(before);
  });

  it("refuses a stale version with 409 and changes nothing", async () => {
    const created = (
      await admin.post("/api/users", {
        username: unique("stale."),
        displayName: "Before",
        password: "a-good-password",
        roles: ["clerk"],
      })
    ).json();
    const first = await admin.patch(`/api/users/${created.id}`, { version: 1, displayName: "First edit" });
    expect(first.statusCode).toBe(200);
    expect(first.json().version).toBe(2);
    const stale = await admin.patch(`/api/users/${created.id}`, { version: 1, displayName: "Lost edit" });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().code).toBe("conflict.version");
    expect((await admin.get(`/api/users/${created.id}`)).json().displayName).toBe("First edit");
  });

  it("changes roles and disables a user, who then cannot log in", async () => {
    const username = unique("leaver.");
    const created = (
      await admin.post("/api/users", {
        username,
        displayName: "L",
        password: "a-good-password",
        roles: ["clerk"],
      })
    ).json();
    const res = await admin.patch(`/api/users/${created.id}`, {
      version: 1,
      roles: ["auditor"],
      disabled: true,
    });
    expect(res.json()).toMatchObject({ roles: ["auditor"], disabledAt: expect.any(String) });
    const attempt = await t.app.inject({
      method: "POST",
      url: "/api/auth/login",
      payload: { username, password: "a-good-password" },
    });
    expect(attempt.statusCode).toBe(401);
  });

  it("does not let an administrator remove their own administrator role", async () => {
    const me = (await admin.get("/api/auth/session")).json().user;
    const current = (await admin.get(`/api/users/${me.id}`)).json();
    const res = await admin.patch(`/api/users/${me.id}`, { version: current.version, roles: ["clerk"] });
    expect(res.statusCode).toBe(422);
    expect(res.json().code).toBe("users.cannotDemoteSelf");
  });

  it("records one's own settings as they became: a language sent again as it is writes nothing, a name left out is kept", async () => {
    const me = (await admin.get("/api/auth/session")).json().user;
    const trail = async () =>
      (await admin.get(`/api/audit?entity=user&entityId=${me.id}&action=update`)).json().items as {
        before: Record<string, unknown>;
        after: Record<string, unknown>;
      }[];
    const version = async () => (await admin.get(`/api/users/${me.id}`)).json().version;
    const recorded = (await trail()).length;
    const versionBefore = await version();

    expect((await admin.patch("/api/me", { locale: me.locale })).statusCode).toBe(200);
    expect(await trail()).toHaveLength(recorded);
    expect(await version()).toBe(versionBefore);

    const other = me.locale === "ru" ? "en" : "ru";
    expect((await admin.patch("/api/me", { locale: other })).statusCode).toBe(200);
    const [latest] = await trail();
    expect(latest).toMatchObject({
      before: { locale: me.locale, displayName: me.displayName },
      after: { locale: other, displayName: me.displayName, passwordChanged: false },
    });
    expect((await admin.get("/api/auth/session")).json().user.displayName).toBe(me.displayName);
  });
});

describe("a login that works in two organisations", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  /** An administrator of an organisation, as a transaction of its own sees them. */
  const actorIn = (orgId: string, userId: string) => ({
    userId,
    username: "x",
    orgId,
    roles: ["administrator" as const],
    readOrgIds: [orgId],
    timeZone: DEFAULT_TIME_ZONE,
  });

  const organisationsOf = async (c: Client) =>
    (await c.get("/api/auth/session")).json().organisations.map((o: { id: string }) => o.id);

  /** A's administrator (A is the login's home), also a clerk in B; and B's administrator. */
  async function sharedLogin() {
    const a = await seedOrganisation(t.database, {
      users: { admin: ["administrator"], secondAdmin: ["administrator"] },
    });
    const b = await seedOrganisation(t.database, { users: { admin: ["administrator"] } });
    const shared = a.users.admin!;
    await withSystem(t.database, (tx) =>
      createUserAsSystem(tx, systemCtx, {
        orgId: b.org.id,
        username: shared.username,
        displayName: "ignored: the login exists",
        password: "ignored-password",
        locale: "ky",
        roles: ["clerk"],
      }),
    );
    return { a, b, shared, adminOfB: await login(t.app, b.users.admin!.username) };
  }

  it("is managed by its home: another organisation cannot set its password, name, language or disable it", async () => {
    const { shared, adminOfB } = await sharedLogin();
    const seen = (await adminOfB.get(`/api/users/${shared.id}`)).json();
    expect(seen).toMatchObject({ roles: ["clerk"], managedHere: false });
    const listed = (await adminOfB.get("/api/users")).json();
    expect(listed.find((u: { id: string }) => u.id === shared.id).managedHere).toBe(false);
    for (const change of [
      { password: "taken-over-123" },
      { displayName: "Someone else" },
      { locale: "en" },
      { disabled: true },
    ]) {
      const res = await adminOfB.patch(`/api/users/${shared.id}`, { version: seen.version, ...change });
      expect(res.statusCode, JSON.stringify(change)).toBe(403);
      expect(res.json().code).toBe("users.managedElsewhere");
      expect(res.json().title).toContain("башка уюмга таандык"); // the administrator's language
    }
    // Nothing changed: the old password still signs in, the new one does not.
    await expect(login(t.app, shared.username, "taken-over-123")).rejects.toThrow(/401/);
    expect(await organisationsOf(await login(t.app, shared.username))).toHaveLength(2);
    expect((await adminOfB.get(`/api/users/${shared.id}`)).json()).toMatchObject({
      displayName: seen.displayName,
      locale: seen.locale,
      disabledAt: null,
      version: seen.version,
    });
  });

  it("takes roles from another organisation, and leaves it when that organisation gives it none", async () => {
    const { a, shared, adminOfB } = await sharedLogin();
    const seen = (await adminOfB.get(`/api/users/${shared.id}`)).json();
    // The unchanged own settings the page sends back are no change.
    const roles = await adminOfB.patch(`/api/users/${shared.id}`, {
      version: seen.version,
      displayName: seen.displayName,
      locale: seen.locale,
      disabled: false,
      roles: ["clerk", "social-worker"],
    });
    expect(roles.statusCode, roles.body).toBe(200);
    expect(roles.json().roles.sort()).toEqual(["clerk", "social-worker"]);
    const stale = await adminOfB.patch(`/api/users/${shared.id}`, {
      version: seen.version + 1,
      roles: ["clerk"],
    });
    expect(stale.statusCode).toBe(409);
    const left = await adminOfB.patch(`/api/users/${shared.id}`, { version: seen.version, roles: [] });
    expect(left.statusCode, left.body).toBe(200);
    expect(left.json().roles).toEqual([]);
    expect((await adminOfB.get(`/api/users/${shared.id}`)).statusCode).toBe(404);
    expect((await adminOfB.get("/api/users")).json().map((u: { id: string }) => u.id)).not.toContain(
      shared.id,
    );
    // Still A's administrator, and only A's now.
    const home = await login(t.app, shared.username);
    expect(await organisationsOf(home)).toEqual([a.org.id]);
    expect((await home.get("/api/auth/session")).json().roles).toEqual(["administrator"]);
  });

  it("is its home's to manage: a new password there works and ends the old sessions, and the home keeps it at least one role", async () => {
    const { a, shared } = await sharedLogin();
    const adminOfA = await login(t.app, a.users.secondAdmin!.username);
    const oldSession = await login(t.app, shared.username);
    expect((await oldSession.get("/api/auth/session")).statusCode).toBe(200);
    const seen = (await adminOfA.get(`/api/users/${shared.id}`)).json();
    expect(seen.managedHere).toBe(true);
    const none = await adminOfA.patch(`/api/users/${shared.id}`, { version: seen.version, roles: [] });
    expect(none.statusCode).toBe(422);
    expect(none.json().code).toBe("users.homeKeepsRole");
    const reset = await adminOfA.patch(`/api/users/${shared.id}`, {
      version: seen.version,
      password: "a-new-password-1",
    });
    expect(reset.statusCode, reset.body).toBe(200);
    expect(reset.json().version).toBe(seen.version + 1);
    expect((await oldSession.get("/api/auth/session")).statusCode).toBe(401);
    expect((await adminOfA.get("/api/auth/session")).statusCode).toBe(200);
    expect(await organisationsOf(await login(t.app, shared.username, "a-new-password-1"))).toHaveLength(2);
  });

  it("is given roles by another organisation's administrator by its username, once", async () => {
    const a = await seedOrganisation(t.database, { users: { socialWorker: ["social-worker"] } });
    const b = await seedOrganisation(t.database, { users: { admin: ["administrator"] } });
    const adminOfB = await login(t.app, b.users.admin!.username);
    const username = a.users.socialWorker!.username;
    const added = await adminOfB.post("/api/users/existing", {
      username: username.toUpperCase(),
      roles: ["auditor"],
    });
    expect(added.statusCode, added.body).toBe(201);
    expect(added.json()).toMatchObject({
      id: a.users.socialWorker!.id,
      roles: ["auditor"],
      managedHere: false,
    });
    expect(await organisationsOf(await login(t.app, username))).toEqual(
      expect.arrayContaining([a.org.id, b.org.id]),
    );
    // Another administrator of C adds the same login while this one's request runs: on PostgreSQL
    // the request's check sees nothing yet, its insert waits on the other and then collides.
    const c = await seedOrganisation(t.database, { users: { admin: ["administrator"] } });
    const adminOfC = await login(t.app, c.users.admin!.username);
    let inserted = () => {};
    let release = () => {};
    const insertedNow = new Promise<void>((resolve) => {
      inserted = resolve;
    });
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    const otherAdministrator = withTenant(t.database, actorIn(c.org.id, c.users.admin!.id), async (tx) => {
      await tx
        .insert(membership)
        .values({ id: uuidv7(), orgId: c.org.id, userId: a.users.socialWorker!.id, role: "clerk" });
      inserted();
      await released;
    });
    await insertedNow;
    const racing = adminOfC.post("/api/users/existing", { username, roles: ["clerk"] });
    await new Promise((resolve) => setTimeout(resolve, 300));
    release();
    await otherAdministrator;
    const raced = await racing;
    expect(raced.statusCode, raced.body).toBe(409);
    expect(raced.json().code).toBe("conflict.alreadyMember");
    const again = await adminOfB.post("/api/users/existing", { username, roles: ["clerk"] });
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe("conflict.alreadyMember");
    expect((await adminOfB.get(`/api/users/${a.users.socialWorker!.id}`)).json().roles).toEqual(["auditor"]);
    const unknown = await adminOfB.post("/api/users/existing", {
      username: "no.such.login",
      roles: ["clerk"],
    });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toMatchObject({
      code: "notFound.login",
      title: expect.stringContaining("no.such.login"),
    });
    const noRoles = await adminOfB.post("/api/users/existing", { username, roles: [] });
    expect(noRoles.statusCode).toBe(400);
    const audit = await withSystem(t.database, (tx) =>
      rows<{ action: string }>(
        tx,
        sql`select action from audit_event where org_id = ${b.org.id} and entity = 'user' and entity_id = ${a.users.socialWorker!.id}`,
      ),
    );
    expect(audit.filter((e) => e.action === "add")).toHaveLength(1);
  });

  it("is written, in the database itself, only by its home organisation or by itself", async () => {
    const { a, b, shared } = await sharedLogin();
    const rename = (orgId: string, userId: string) =>
      withTenant(t.database, actorIn(orgId, userId), (tx) =>
        rows<{ id: string }>(
          tx,
          sql`update app_user set display_name = 'Renamed' where id = ${shared.id} returning id`,
        ),
      );
    expect(await rename(b.org.id, b.users.admin!.id)).toEqual([]);
    expect(await rename(a.org.id, a.users.admin!.id)).toEqual([{ id: shared.id }]);
    expect(await rename(b.org.id, shared.id)).toEqual([{ id: shared.id }]); // its own
    // A login created by a request belongs to the request's organisation.
    await expect(
      withTenant(t.database, actorIn(b.org.id, b.users.admin!.id), (tx) =>
        tx.execute(
          sql`insert into app_user (id, username, display_name, password_hash, home_org_id)
              values (gen_random_uuid(), ${unique("x.")}, 'X', 'x', ${a.org.id})`,
        ),
      ),
    ).rejects.toMatchObject({ cause: { message: expect.stringMatching(/row-level security/) } });
  });
});

describe("the organisation's profile", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it("is edited with its version; a stale edit is refused", async () => {
    const seeded = await seedOrganisation(t.database, { users: { head: ["head"], clerk: ["clerk"] } });
    const head = await login(t.app, seeded.users.head!.username);
    const profile = (await head.get("/api/organisation")).json();
    const saved = await head.patch("/api/organisation", {
      version: profile.version,
      name: { ky: "Жаңы-Жол айыл өкмөтү", ru: "Айыл окмоту Жаны-Жол" },
      details: { address: "Ленин көч., 1", taxId: "01234567890123" },
    });
    expect(saved.statusCode).toBe(200);
    expect(saved.json()).toMatchObject({
      version: profile.version + 1,
      details: { address: "Ленин көч., 1" },
    });
    const stale = await head.patch("/api/organisation", {
      version: profile.version,
      details: { address: "x" },
    });
    expect(stale.statusCode).toBe(409);
    expect((await head.get("/api/organisation")).json().details.address).toBe("Ленин көч., 1");

    const clerk = await login(t.app, seeded.users.clerk!.username);
    expect((await clerk.get("/api/organisation")).statusCode).toBe(200);
    expect((await clerk.patch("/api/organisation", { version: 2, details: {} })).statusCode).toBe(403);
  });

  it("takes a time zone by its IANA name from an administrator only, with a translated refusal of a bad name", async () => {
    const seeded = await seedOrganisation(t.database, {
      users: { admin: ["administrator"], head: ["head"] },
    });
    const admin = await login(t.app, seeded.users.admin!.username);
    const head = await login(t.app, seeded.users.head!.username);
    const profile = (await admin.get("/api/organisation")).json();
    expect(profile.timeZone).toBe("Asia/Bishkek");
    const byHead = await head.patch("/api/organisation", {
      version: profile.version,
      timeZone: "Asia/Dushanbe",
    });
    expect(byHead.statusCode).toBe(403);
    expect(byHead.json().code).toBe("forbidden");
    const bad = await admin.patch("/api/organisation", { version: profile.version, timeZone: "UTC+5" });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0]).toMatchObject({ path: "timeZone", code: "timeZoneUnknown" });
    expect(bad.json().errors[0].message).toContain("«UTC+5» деген убакыт алкагы белгисиз");
    const saved = await admin.patch("/api/organisation", {
      version: profile.version,
      timeZone: "Asia/Dushanbe",
    });
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json().timeZone).toBe("Asia/Dushanbe");
    // The head still edits the rest of the profile, sending the zone back unchanged.
    const details = await head.patch("/api/organisation", {
      version: saved.json().version,
      timeZone: "Asia/Dushanbe",
      details: { address: "Душанбе" },
    });
    expect(details.statusCode, details.body).toBe(200);
  });

  it("lets a district office read the municipalities under it, and nothing beyond", async () => {
    const inside = await seedOrganisation(t.database, { adminUnitCode: "41703220000000", users: {} });
    const outside = await seedOrganisation(t.database, { adminUnitCode: "41702205000000", users: {} });
    const district = await seedOrganisation(t.database, {
      kind: "district-office",
      adminUnitCode: "41703220000000",
      users: { head: ["head"] },
    });
    const c = await login(t.app, district.users.head!.username);
    const ids = (await c.get("/api/organisations")).json().map((o: { id: string }) => o.id);
    expect(ids).toContain(inside.org.id);
    expect(ids).toContain(district.org.id);
    expect(ids).not.toContain(outside.org.id);
  });
});

describe("a water provider's villages", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it("are set by the provider, across municipalities, and unknown codes are refused", async () => {
    await seedUnits(
      t.database,
      [
        { code: "W-AA-1", level: "ayil-aimak", parent: "41703220000000", name: { ky: "Бир" } },
        { code: "W-AA-2", level: "ayil-aimak", parent: "41703220000000", name: { ky: "Эки" } },
        { code: "W-V-1", level: "village", parent: "W-AA-1", name: { ky: "Ак-Суу" } },
        { code: "W-V-2", level: "village", parent: "W-AA-2", name: { ky: "Көк-Суу" } },
      ],
      "2020-01-01",
    );
    const wua = await seedOrganisation(t.database, {
      kind: "water-provider",
      providerType: "wua",
      users: { director: ["wua-director"] },
    });
    const c = await login(t.app, wua.users.director!.username);
    const saved = await c.patch("/api/organisation", { version: 1, villageCodes: ["W-V-1", "W-V-2"] });
    expect(saved.statusCode).toBe(200);
    expect(saved.json().villageCodes).toEqual(["W-V-1", "W-V-2"]);
    const bad = await c.patch("/api/organisation", { version: 2, villageCodes: ["W-V-1", "NOPE"] });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().errors).toEqual([
      expect.objectContaining({ path: "villageCodes.1", code: "unknownVillage" }),
    ]);
    expect((await c.get("/api/organisation")).json()).toMatchObject({
      version: 2,
      villageCodes: ["W-V-1", "W-V-2"],
    });
  });
});
