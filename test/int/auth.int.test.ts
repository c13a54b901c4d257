import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { authenticateSession, LOCKOUT_AFTER_FAILURES } from "../../src/server/access/auth.js";
import { translate } from "../../src/server/platform/i18n.js";
import {
  client,
  login,
  seedOrganisation,
  startTestApp,
  TEST_PASSWORD,
  type TestApp,
} from "../support/app.js";

describe("log-in, sessions, CSRF and API tokens", () => {
  let t: TestApp;
  let seeded: Awaited<ReturnType<typeof seedOrganisation>>;
  beforeAll(async () => {
    t = await startTestApp();
    seeded = await seedOrganisation(t.database, {
      users: { admin: ["administrator"], clerk: ["clerk"], locked: ["clerk"], everywhere: ["clerk"] },
    });
  });
  afterAll(() => t.close());

  it("sets an HttpOnly SameSite session cookie and answers the session", async () => {
    const res = await t.app.inject({
      method: "POST",
      url: "/api/auth/login",
      payload: { username: seeded.users.admin!.username, password: TEST_PASSWORD },
    });
    expect(res.statusCode).toBe(200);
    const cookie = res.cookies.find((c) => c.name === "aimak_session")!;
    expect(cookie.httpOnly).toBe(true);
    expect(cookie.sameSite).toBe("Lax");
    const body = res.json();
    expect(body.activeOrgId).toBe(seeded.org.id);
    expect(body.permissions).toContain("users.manage");
    expect(body.csrfToken).toMatch(/^[A-Za-z0-9_-]{40,}$/);
  });

  it("refuses a wrong password with a localized problem and no hint which part was wrong", async () => {
    const res = await t.app.inject({
      method: "POST",
      url: "/api/auth/login",
      headers: { "accept-language": "ru-RU,ru;q=0.9" },
      payload: { username: seeded.users.clerk!.username, password: "wrong-password" },
    });
    expect(res.statusCode).toBe(401);
    expect(res.headers["content-type"]).toContain("application/problem+json");
    expect(res.json()).toMatchObject({
      type: "urn:aimak:problem:auth.invalidCredentials",
      title: "Неверный логин или пароль",
    });
    const unknown = await t.app.inject({
      method: "POST",
      url: "/api/auth/login",
      payload: { username: "nobody-here", password: "wrong-password" },
    });
    expect(unknown.json().type).toBe(res.json().type);
  });

  it("locks the account after repeated failures, even for the right password", async () => {
    const username = seeded.users.locked!.username;
    for (let i = 0; i < LOCKOUT_AFTER_FAILURES; i++) {
      const r = await t.app.inject({
        method: "POST",
        url: "/api/auth/login",
        payload: { username, password: "nope-nope" },
      });
      expect(r.statusCode).toBe(401);
    }
    const res = await t.app.inject({
      method: "POST",
      url: "/api/auth/login",
      payload: { username, password: TEST_PASSWORD },
    });
    expect(res.statusCode).toBe(423);
    expect(res.json().code).toBe("auth.locked");
  });

  it("requires the CSRF token on a browser's mutations", async () => {
    const admin = await login(t.app, seeded.users.admin!.username);
    const without = await t.app.inject({
      method: "POST",
      url: "/api/tokens",
      headers: { cookie: (admin.session as { cookie: string }).cookie },
      payload: { name: "x", role: "administrator" },
    });
    expect(without.statusCode).toBe(403);
    expect(without.json().code).toBe("auth.csrf");
    const withToken = await admin.post("/api/tokens", { name: "x", role: "administrator" });
    expect(withToken.statusCode).toBe(201);
  });

  it("ends the session on logout", async () => {
    const c = await login(t.app, seeded.users.clerk!.username);
    expect((await c.get("/api/auth/session")).statusCode).toBe(200);
    expect((await c.post("/api/auth/logout")).statusCode).toBe(200);
    expect((await c.get("/api/auth/session")).statusCode).toBe(401);
  });

  it("ends every session of the user on logout everywhere", async () => {
    const username = seeded.users.everywhere!.username;
    const phone = await login(t.app, username);
    const office = await login(t.app, username);
    expect((await phone.post("/api/auth/logout-everywhere")).statusCode).toBe(200);
    expect((await office.get("/api/auth/session")).statusCode).toBe(401);
    expect((await phone.get("/api/auth/session")).statusCode).toBe(401);
  });

  it("expires an idle session", async () => {
    const c = await login(t.app, seeded.users.clerk!.username);
    const token = (c.session as { cookie: string }).cookie.split("=")[1]!;
    expect(await authenticateSession(t.database, token, 12)).not.toBeNull();
    const later = new Date(Date.now() + 13 * 3600_000);
    expect(await authenticateSession(t.database, token, 12, later)).toBeNull();
  });

  it("issues API tokens scoped to one role, hashed, and revocable", async () => {
    const admin = await login(t.app, seeded.users.admin!.username);
    const refused = await admin.post("/api/tokens", { name: "clerk", role: "clerk" });
    expect(refused.statusCode).toBe(422);
    expect(refused.json().code).toBe("tokens.roleNotHeld");

    const created = await admin.post("/api/tokens", { name: "reports", role: "administrator" });
    expect(created.statusCode).toBe(201);
    const { token, id } = created.json();
    expect(token).toMatch(/^aimak_/);

    const machine = client(t.app, { bearer: token });
    const users = await machine.get("/api/users");
    expect(users.statusCode).toBe(200);
    // A token needs no CSRF header: it is not a cookie a browser sends by itself.
    expect((await machine.post("/api/tokens", { name: "child", role: "administrator" })).statusCode).toBe(
      201,
    );

    const listed = await admin.get("/api/tokens");
    expect(JSON.stringify(listed.json())).not.toContain(token);

    expect((await admin.delete(`/api/tokens/${id}`)).statusCode).toBe(200);
    const after = await machine.get("/api/users");
    expect(after.statusCode).toBe(401);
    expect(after.json().code).toBe("auth.invalidToken");
  });

  it("takes a token's expiry as an ISO 8601 date-time with its offset, or none", async () => {
    const admin = await login(t.app, seeded.users.admin!.username);
    const expiring = await admin.post("/api/tokens", {
      name: "season",
      role: "administrator",
      expiresAt: "2099-10-31T18:00:00+06:00",
    });
    expect(expiring.statusCode, expiring.body).toBe(201);
    expect(expiring.json().expiresAt).toBe("2099-10-31T12:00:00.000Z");
    for (const expiresAt of [null, undefined]) {
      const lasting = await admin.post("/api/tokens", { name: "lasting", role: "administrator", expiresAt });
      expect(lasting.statusCode, lasting.body).toBe(201);
      expect(lasting.json().expiresAt).toBeNull();
    }
  });

  it("refuses an expiry that is no date-time with its offset, or already past, as a field, issuing nothing", async () => {
    const admin = await login(t.app, seeded.users.admin!.username);
    const before = (await admin.get("/api/tokens")).json().length;
    const wrong = [
      [5, "invalid_type"], // it was a moment of 1970, a token expired at birth
      ["", "invalid_format"], // it was the Invalid Date
      ["2099-06-31T00:00:00Z", "invalid_format"], // no such day: it was taken as July 1
      ["2099-06-30", "invalid_format"], // a day: which moment of it, on whose clock?
      ["2099-06-30T00:00:00", "invalid_format"], // no offset
      ["0000-01-01T00:00:00Z", "invalid_format"], // PostgreSQL has no year 0
      ["+275760-09-13T00:00:00Z", "invalid_format"], // the last moment JavaScript has
      ["2020-01-01T00:00:00Z", "expiryPast"],
      [new Date(Date.now() - 60_000).toISOString(), "expiryPast"],
    ] as const;
    for (const [expiresAt, code] of wrong) {
      const res = await admin.post("/api/tokens", { name: "wrong", role: "administrator", expiresAt });
      expect(res.statusCode, `${expiresAt}: ${res.body}`).toBe(400);
      expect(res.json().errors, String(expiresAt)).toEqual([
        { path: "expiresAt", code, message: translate("ky", `errors.field.${code}`) },
      ]);
    }
    expect((await admin.get("/api/tokens")).json()).toHaveLength(before);
  });

  it("never writes passwords, cookies or tokens to the log", async () => {
    const secret = "Very-Secret-Password-123";
    await t.app.inject({
      method: "POST",
      url: "/api/auth/login",
      payload: { username: seeded.users.clerk!.username, password: secret },
    });
    const c = await login(t.app, seeded.users.admin!.username);
    await c.get("/api/users");
    const log = t.logs.join("");
    expect(log).toContain("/api/users"); // requests are logged…
    expect(log).not.toContain(secret); // …but not their secrets
    expect(log).not.toContain((c.session as { cookie: string }).cookie.split("=")[1]!);
    expect(log).not.toContain((c.session as { csrf: string }).csrf);
  });
});
