import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { translate } from "../../src/server/platform/i18n.js";
import {
  type Client,
  login,
  seedAimak,
  seedOrganisation,
  startTestApp,
  type TestApp,
} from "../support/app.js";

const AIMAK = "41703220990000";

describe("text with control characters, and days the calendar has not", () => {
  let t: TestApp;
  let clerk: Client;
  let village: string;

  const household = (over: Record<string, unknown> = {}, person: Record<string, unknown> = {}) => ({
    villageCode: village,
    street: "Ленин",
    formedOn: "2020-01-01",
    members: [
      {
        relation: "head",
        person: { surname: "Асанов", givenName: "Айбек", sex: "male", birthDate: "1980-05-15", ...person },
      },
    ],
    ...over,
  });
  const householdCount = async () => (await clerk.get("/api/registry/households")).json().items.length;

  beforeAll(async () => {
    t = await startTestApp();
    village = (await seedAimak(t.database, AIMAK, 1)).villageCodes[0]!;
    const m = await seedOrganisation(t.database, { adminUnitCode: AIMAK, users: { clerk: ["clerk"] } });
    clerk = await login(t.app, m.users.clerk!.username);
  });
  afterAll(() => t.close());

  it("refuses a NUL or another control character anywhere in a body, naming the field in the user's language; nothing is written", async () => {
    for (const [body, path] of [
      [household({ street: "Ленин\u0000" }), "street"],
      [household({ notes: "эскертүү\u0007" }), "notes"],
      [household({}, { occupation: "фермер\u001b[31m" }), "members.0.person.occupation"],
      [
        household({}, { migration: { country: "RU", place: "Моск\u0000ва", since: "2024-03-01" } }),
        "members.0.person.migration.place",
      ],
    ] as const) {
      const refused = await clerk.post("/api/registry/households", body);
      expect(refused.statusCode, refused.body).toBe(400);
      expect(refused.json()).toMatchObject({
        code: "validation.fields",
        errors: [
          { path, code: "controlCharacter", message: translate("ky", "errors.field.controlCharacter") },
        ],
      });
    }
    expect(await householdCount()).toBe(0);
  });

  it("takes line breaks and tabs, which notes may hold", async () => {
    const created = await clerk.post(
      "/api/registry/households",
      household({ notes: "биринчи сап\r\nэкинчи\tсап" }),
    );
    expect(created.statusCode, created.body).toBe(201);
    const card = (await clerk.get(`/api/registry/households/${created.json().id}`)).json();
    expect(card.notes).toBe("биринчи сап\r\nэкинчи\tсап");
  });

  it("refuses one in a query or a path too", async () => {
    const searched = await clerk.get(`/api/registry/households?q=${encodeURIComponent("Асан\u0000")}`);
    expect(searched.statusCode, searched.body).toBe(400);
    expect(searched.json().errors).toEqual([
      expect.objectContaining({ path: "querystring.q", code: "controlCharacter" }),
    ]);
    const opened = await clerk.get(`/api/registry/households/${encodeURIComponent("x\u0000")}`);
    expect(opened.statusCode, opened.body).toBe(400);
    expect(opened.json().errors[0]).toMatchObject({ code: "controlCharacter" });
  });

  it("refuses the day 0000-01-01 as a wrong format, which PostgreSQL cannot store", async () => {
    const before = await householdCount();
    const refused = await clerk.post("/api/registry/households", household({ formedOn: "0000-01-01" }));
    expect(refused.statusCode, refused.body).toBe(400);
    expect(refused.json().errors).toEqual([
      expect.objectContaining({ path: "formedOn", code: "invalid_format" }),
    ]);
    expect(await householdCount()).toBe(before);
  });

  it("refuses a household moved to no village (an empty code), as an unknown village; the address stays", async () => {
    const created = await clerk.post("/api/registry/households", household());
    expect(created.statusCode, created.body).toBe(201);
    const { id, version } = created.json();
    const moved = await clerk.patch(`/api/registry/households/${id}`, { version, villageCode: "" });
    expect(moved.statusCode, moved.body).toBe(400);
    expect(moved.json().errors).toEqual([
      expect.objectContaining({ path: "villageCode", code: "unknownVillage" }),
    ]);
    expect((await clerk.get(`/api/registry/households/${id}`)).json().villageCode).toBe(village);
  });
});
