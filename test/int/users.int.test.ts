import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { login, seedOrganisation, startTestApp, type TestApp, unique } from "../support/app.js";

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
    expect(paths).toEqual(
      expect.arrayContaining(["body.username", "body.displayName", "body.password", "body.roles"]),
    );
    const username = problem.errors.find((e: { path: string }) => e.path === "body.username");
    expect(username.code).toBe("usernameChars");
    expect(username.message).toContain("Латын");
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
    const { importUnits } = await import("../../src/server/places/service.js");
    const { withSystem } = await import("../../src/server/platform/transactions.js");
    await withSystem(t.database, (tx) =>
      importUnits(tx, {
        source: "test",
        countryCode: "KG",
        validFrom: "2020-01-01",
        units: [
          { code: "W-AA-1", level: "ayil-aimak", parent: "41703220000000", name: { ky: "Бир" } },
          { code: "W-AA-2", level: "ayil-aimak", parent: "41703220000000", name: { ky: "Эки" } },
          { code: "W-V-1", level: "village", parent: "W-AA-1", name: { ky: "Ак-Суу" } },
          { code: "W-V-2", level: "village", parent: "W-AA-2", name: { ky: "Көк-Суу" } },
        ],
      }),
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
