import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROLES } from "../../src/server/access/roles.js";
import { rows } from "../../src/server/platform/db.js";
import { hasTranslation } from "../../src/server/platform/i18n.js";
import { withSystem } from "../../src/server/platform/transactions.js";
import { type Client, login, seedOrganisation, startTestApp, type TestApp } from "../support/app.js";
import { routeKey, routeSamples, type Sample } from "../support/route-samples.js";

/** Values of the wrong kind for a field that holds `value`, and edge values of its own kind. */
function wrongValues(value: unknown): unknown[] {
  if (typeof value === "string") return [12345, "", "ж".repeat(5_000)];
  if (typeof value === "number") return ["abc", -1e15, 1e300];
  if (typeof value === "boolean") return ["yes"];
  if (Array.isArray(value)) return ["x", [null]];
  if (value !== null && typeof value === "object") return [7, []];
  return [{}];
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === "object" && !Array.isArray(value) && !Buffer.isBuffer(value);

/** The body with one field, at most three levels down (into arrays' first items), given a wrong value. */
function* badBodies(body: unknown, depth = 0): Generator<{ where: string; body: unknown }> {
  if (depth === 0) {
    yield { where: "the body an array", body: [] };
    yield { where: "the body a text", body: "x" };
  }
  if (depth >= 3) return;
  const fields: [string, unknown][] = isRecord(body)
    ? Object.entries(body)
    : Array.isArray(body) && body.length > 0
      ? [["0", body[0]]]
      : [];
  for (const [key, value] of fields) {
    const put = (replacement: unknown) =>
      Array.isArray(body) ? [replacement, ...body.slice(1)] : { ...(body as object), [key]: replacement };
    for (const wrong of wrongValues(value))
      yield { where: `${key} = ${JSON.stringify(wrong).slice(0, 20)}`, body: put(wrong) };
    for (const inner of badBodies(value, depth + 1))
      yield { where: `${key}.${inner.where}`, body: put(inner.body) };
  }
}

/** The address with each query parameter, and each id in the path, spoilt in turn. */
function* badUrls(url: string): Generator<string> {
  const [path, query = ""] = url.split("?");
  const params = new URLSearchParams(query);
  for (const name of new Set(params.keys()))
    for (const wrong of ["abc", "-1", "99999999999999999999", ""]) {
      const spoilt = new URLSearchParams(params);
      spoilt.set(name, wrong);
      yield `${path}?${spoilt}`;
    }
  const segments = path!.split("/");
  for (const [i, segment] of segments.entries())
    if (/^[0-9a-f-]{36}$/.test(segment) || /^\d{14}$/.test(segment))
      for (const wrong of ["abc", "1".repeat(40)])
        yield [...segments.slice(0, i), wrong, ...segments.slice(i + 1)].join("/") +
          (query ? `?${query}` : "");
}

describe("bad input on every route", () => {
  let t: TestApp;
  const callers: { name: string; signIn: () => Promise<Client>; client: Client }[] = [];
  let ids: Parameters<typeof routeSamples>[0];

  beforeAll(async () => {
    t = await startTestApp();
    const everyRole = [...ROLES];
    const municipality = await seedOrganisation(t.database, { users: { all: everyRole } });
    const provider = await seedOrganisation(t.database, {
      kind: "water-provider",
      providerType: "wua",
      users: { all: everyRole },
    });
    for (const [name, org] of [
      ["municipality", municipality],
      ["water provider", provider],
    ] as const) {
      const signIn = () => login(t.app, org.users.all!.username);
      callers.push({ name, signIn, client: await signIn() });
    }
    const admin = callers[0]!.client;
    ids = {
      orgId: municipality.org.id,
      userId: municipality.users.all!.id,
      tokenId: (await admin.post("/api/tokens", { name: "t", role: "administrator" })).json().id,
      placeCode: "41703000000000",
      smsId: (await admin.post("/api/sms", { to: "0555 12 34 56", body: "test" })).json().id,
    };
  });
  afterAll(() => t.close());

  const audited = async () =>
    Number(
      (
        await withSystem(t.database, (tx) =>
          rows<{ n: string }>(tx, sql`select count(*) as n from audit_event`),
        )
      )[0]!.n,
    );

  it("answers every spoilt request with a refusal in the user's language, never a failure, and a refusal changes nothing", async () => {
    const samples = routeSamples(ids);
    const routes = t.app.routeTable.filter(
      (r) => r.guard && r.guard !== "public" && !r.url.startsWith("/api/auth/"),
    );
    const failures: string[] = [];
    let refused = 0;
    for (const route of routes) {
      const sample: Sample = samples[routeKey(route)]!;
      // The caller the route lets in: a water route refuses a municipality, the register a water provider.
      let caller: Client | null = null;
      for (const candidate of callers) {
        let res = await candidate.client.call(route.method as "GET", sample.url, sample.body);
        // A route that ends sessions (a password changed) leaves the next one a fresh sign-in.
        if (res.statusCode === 401) {
          candidate.client = await candidate.signIn();
          res = await candidate.client.call(route.method as "GET", sample.url, sample.body);
        }
        if (res.statusCode !== 403) {
          caller = candidate.client;
          break;
        }
      }
      if (!caller) continue;
      const requests = [
        ...[...badUrls(sample.url)].map((url) => ({ where: url, url, body: sample.body })),
        ...[...badBodies(sample.body)].map(({ where, body }) => ({ where, url: sample.url, body })),
      ];
      for (const request of requests) {
        const before = await audited();
        const res = await caller.call(route.method as "GET", request.url, request.body);
        const where = `${routeKey(route)} with ${request.where} → ${res.statusCode} ${res.body.slice(0, 300)}`;
        if (res.statusCode >= 500) failures.push(where);
        if (res.statusCode < 400) continue;
        refused++;
        const problem = res.json() as { code: string; errors?: { code: string }[] };
        if (!hasTranslation("ky", `errors.${problem.code}`)) failures.push(`no Kyrgyz text: ${where}`);
        for (const field of problem.errors ?? [])
          if (!hasTranslation("ky", `errors.field.${field.code}`))
            failures.push(`no Kyrgyz field text: ${where}`);
        if ((await audited()) !== before) failures.push(`refused but changed: ${where}`);
      }
    }
    expect(failures).toEqual([]);
    // The walk reached the routes' checks, not only their doors.
    expect(refused).toBeGreaterThan(500);
  }, 900_000);
});
