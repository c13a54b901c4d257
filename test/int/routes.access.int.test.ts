import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PERMISSIONS, type Permission, ROLES, type Role } from "../../src/server/access/roles.js";
import { login, seedOrganisation, startTestApp, type TestApp } from "../support/app.js";
import { routeKey, routeSamples } from "../support/route-samples.js";

describe("the role table, route by route", () => {
  let t: TestApp;
  let org: Awaited<ReturnType<typeof seedOrganisation>>;
  let tokenId: string;
  let smsId: string;
  beforeAll(async () => {
    t = await startTestApp();
    org = await seedOrganisation(t.database, {
      users: Object.fromEntries([...ROLES.map((r) => [r, [r]]), ["target", ["clerk"]]]) as Record<
        string,
        Role[]
      >,
    });
    const admin = await login(t.app, org.users.administrator!.username);
    tokenId = (await admin.post("/api/tokens", { name: "t", role: "administrator" })).json().id;
    smsId = (await admin.post("/api/sms", { to: "0555 12 34 56", body: "test" })).json().id;
  });
  afterAll(() => t.close());

  it("asks nothing of public routes and a session of every other route", async () => {
    const samples = routeSamples({
      orgId: org.org.id,
      userId: org.users.target!.id,
      tokenId,
      placeCode: "41703000000000",
      smsId,
    });
    for (const route of t.app.routeTable.filter((r) => r.guard)) {
      const sample = samples[routeKey(route)]!;
      const res = await t.app.inject({
        method: route.method as "GET",
        url: sample.url,
        ...(sample.body ? { payload: sample.body as object } : {}),
      });
      if (route.guard === "public") expect(res.body, routeKey(route)).not.toContain("auth.required");
      else {
        expect(res.statusCode, routeKey(route)).toBe(401);
        expect(res.json().code).toBe("auth.required");
      }
    }
  });

  for (const role of ROLES) {
    it(`lets a ${role} do exactly what the table allows`, async () => {
      const samples = routeSamples({
        orgId: org.org.id,
        userId: org.users.target!.id,
        tokenId,
        placeCode: "41703000000000",
        smsId,
      });
      const routes = t.app.routeTable.filter((r) => r.guard && r.guard !== "public");
      const signIn = () => login(t.app, org.users[role]!.username);
      let caller = await signIn();
      for (const route of routes) {
        const sample = samples[routeKey(route)];
        expect(sample, `no sample for ${routeKey(route)}`).toBeDefined();
        const res = await caller.call(route.method as "GET", sample!.url, sample!.body);
        // A session route (log out, switch organisation) may end or change the session: the next
        // route gets a fresh one. One sign-in per route was most of this test's time (argon2).
        if (route.url.startsWith("/api/auth/")) caller = await signIn();
        const allowed =
          route.guard === "signed-in" ||
          (PERMISSIONS[route.guard as Permission] as readonly Role[]).includes(role);
        const where = `${role} ${routeKey(route)} → ${res.statusCode} ${res.body.slice(0, 200)}`;
        if (allowed) expect(res.statusCode, where).not.toBe(403);
        else {
          expect(res.statusCode, where).toBe(403);
          expect(res.json().code, where).toBe("forbidden");
        }
        expect(res.statusCode, where).toBeLessThan(500);
      }
    });
  }
});
