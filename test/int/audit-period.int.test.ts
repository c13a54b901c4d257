import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { recordAudits } from "../../src/server/audit/service.js";
import type { RequestContext } from "../../src/server/platform/context.js";
import { translate } from "../../src/server/platform/i18n.js";
import { withSystem } from "../../src/server/platform/transactions.js";
import { type Client, login, seedOrganisation, startTestApp, type TestApp, unique } from "../support/app.js";

/**
 * The audit trail's `from` and `to`: a day is the organisation's (Dushanbe here, UTC+5, neither UTC
 * nor the default Bishkek's UTC+6), `from` from its midnight and `to` to the next one; an instant is
 * an ISO 8601 date-time with its offset, `to` included.
 */
describe("the audit trail between two days or instants", () => {
  let t: TestApp;
  let admin: Client;
  const entityId = unique("period.");
  /** Probe records by name, at these instants: on Dushanbe's clock in the comments. */
  const probes = {
    lastOf13th: "2026-03-13T18:59:59.999Z", // 13 March, 23:59:59.999
    firstOf14th: "2026-03-13T19:00:00.000Z", // 14 March, 00:00
    lastSecondOf14th: "2026-03-14T18:59:59.500Z", // 14 March, 23:59:59.5
    firstOf15th: "2026-03-14T19:00:00.000Z", // 15 March, 00:00
  };
  type Probe = keyof typeof probes;

  beforeAll(async () => {
    t = await startTestApp();
    const seeded = await seedOrganisation(t.database, { users: { admin: ["administrator"] } });
    admin = await login(t.app, seeded.users.admin!.username);
    const moved = await admin.patch("/api/organisation", { version: 1, timeZone: "Asia/Dushanbe" });
    expect(moved.statusCode, moved.body).toBe(200);
    const ctx: RequestContext = { requestId: "period", locale: "ky", client: "system", actor: null };
    for (const [name, at] of Object.entries(probes)) {
      vi.useFakeTimers({ toFake: ["Date"], now: new Date(at) });
      await withSystem(t.database, (tx) =>
        recordAudits(tx, ctx, [
          { orgId: seeded.org.id, action: "update", entity: "probe", entityId, after: { name } },
        ]),
      );
      vi.useRealTimers();
    }
    // A session begun after the organisation moved reads its new zone.
    admin = await login(t.app, seeded.users.admin!.username);
  });
  afterAll(() => t?.close());

  /** The probes the trail lists between `from` and `to`, oldest first. */
  const between = async (period: string) => {
    const res = await admin.get(`/api/audit?entity=probe&entityId=${entityId}&${period}`);
    expect(res.statusCode, res.body).toBe(200);
    return (res.json().items as { after: { name: Probe } }[]).map((i) => i.after.name).reverse();
  };

  it("takes a day as the organisation's whole day: from its midnight, to the next one", async () => {
    expect(await between("from=2026-03-14&to=2026-03-14")).toEqual(["firstOf14th", "lastSecondOf14th"]);
    expect(await between("from=2026-03-15")).toEqual(["firstOf15th"]);
    expect(await between("to=2026-03-13")).toEqual(["lastOf13th"]);
    expect(await between("from=2026-03-13&to=2026-03-15")).toEqual(Object.keys(probes));
  });

  it("takes an instant with its offset, `to` included", async () => {
    expect(await between(`from=${encodeURIComponent("2026-03-15T00:00:00+05:00")}`)).toEqual(["firstOf15th"]);
    expect(await between(`to=${probes.lastSecondOf14th}`)).toEqual([
      "lastOf13th",
      "firstOf14th",
      "lastSecondOf14th",
    ]);
    expect(await between(`from=${probes.firstOf14th}&to=${probes.firstOf14th}`)).toEqual(["firstOf14th"]);
    // A day and an instant together, as an auditor narrows a day to its evening.
    expect(await between("from=2026-03-14T23:00:00%2B05:00&to=2026-03-14")).toEqual(["lastSecondOf14th"]);
  });

  it("takes the first and the last day there is: nothing is older or newer", async () => {
    expect(await between("from=0001-01-01&to=9999-12-31")).toEqual(Object.keys(probes));
    expect(await between("to=0050-01-01")).toEqual([]);
    expect(await between("from=9999-12-31")).toEqual([]);
  });

  it("refuses what is neither a day nor a date-time with its offset, as a field named in the reader's language", async () => {
    const wrong = [
      "5", // it was a moment of 1970
      "", // it was the Invalid Date, or 1970
      "2026-06-31", // no such day: it was taken as July 1
      "2026-02-29", // nor this one
      "0000-01-01", // PostgreSQL has no year 0
      "275760-09-13", // it was the last moment JavaScript has
      "2026-06-01T06:00:00", // no offset: whose 06:00?
      "2026-06-01T06:00:00+06", // half an offset
      "2026-06-31T06:00:00Z",
      "0001-01-01T00:00:00+06:00", // in the year 0 in UTC
      "14.03.2026", // the page's way of writing a day, not the API's
    ];
    for (const field of ["from", "to"])
      for (const value of wrong) {
        const res = await admin.get(`/api/audit?${field}=${encodeURIComponent(value)}`);
        expect(res.statusCode, `${field}=${value}: ${res.body}`).toBe(400);
        expect(res.json().errors, `${field}=${value}`).toEqual([
          {
            path: `querystring.${field}`,
            code: "invalid_format",
            message: translate("ky", "errors.field.invalid_format"),
          },
        ]);
      }
  });

  it("refuses a period that ends before it starts, naming `to`", async () => {
    for (const [from, to, said] of [
      ["2026-03-15", "2026-03-14", { from: "2026-03-15", to: "2026-03-14" }],
      [probes.firstOf15th, probes.lastSecondOf14th, { from: "2026-03-15T00:00", to: "2026-03-14T23:59" }],
    ] as const) {
      const res = await admin.get(`/api/audit?from=${from}&to=${to}`);
      expect(res.statusCode, res.body).toBe(400);
      expect(res.json().errors).toEqual([
        {
          path: "querystring.to",
          code: "rangeReversed",
          message: translate("ky", "errors.field.rangeReversed", said),
        },
      ]);
    }
  });

  it("describes from and to as a day or a date-time in the OpenAPI document", async () => {
    const doc = (await admin.get("/api/openapi.json")).json();
    for (const name of ["from", "to"]) {
      const parameter = doc.paths["/api/audit"].get.parameters.find((p: { name: string }) => p.name === name);
      expect(parameter.schema.anyOf).toMatchObject([
        { type: "string", format: "date" },
        { type: "string", format: "date-time" },
      ]);
    }
  });
});
