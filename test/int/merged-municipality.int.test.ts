import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { authenticateSession } from "../../src/server/access/auth.js";
import { mergeUnits } from "../../src/server/places/service.js";
import { withSystem } from "../../src/server/platform/transactions.js";
import {
  householdOfOne,
  login,
  seedAimak,
  seedOffice,
  seedOrganisation,
  startTestApp,
  type TestApp,
} from "../support/app.js";

const RAYON = "41703220000000";
const MERGED = "41703220970000";
const SUCCESSOR = "41703220980000";
const LATER_SUCCESSOR = "41703220960000";

describe("a municipality merged into its neighbour", () => {
  let t: TestApp;
  let officeAuditor: Awaited<ReturnType<typeof login>>;
  let nationalAuditor: Awaited<ReturnType<typeof login>>;

  beforeAll(async () => {
    t = await startTestApp();
    const { villageCodes } = await seedAimak(t.database, MERGED, 1);
    await seedAimak(t.database, SUCCESSOR, 1);
    const merged = await seedOrganisation(t.database, { adminUnitCode: MERGED, users: { clerk: ["clerk"] } });
    await seedOrganisation(t.database, { adminUnitCode: SUCCESSOR, users: {} });
    const office = await seedOffice(t.database, RAYON);
    const national = await seedOffice(t.database, "41700000000000");
    const clerk = await login(t.app, merged.users.clerk!.username);
    await householdOfOne(clerk, {
      villageCode: villageCodes[0]!,
      formedOn: "2020-01-01",
      head: { surname: "Абдыкеримова", givenName: "Гүлнара", sex: "female", birthDate: "1975-03-08" },
    });
    await withSystem(t.database, (tx) => mergeUnits(tx, [MERGED], SUCCESSOR, "2026-01-01"));
    officeAuditor = await login(t.app, office.users.auditor!.username);
    nationalAuditor = await login(t.app, national.users.auditor!.username);
  });
  afterAll(() => t.close());

  it("keeps its register in sight of the district office it was under", async () => {
    const url = `/api/registry/people?scope=readable&q=${encodeURIComponent("Абдыкеримова Гүлнара")}`;
    const found = await officeAuditor.get(url);
    expect(found.statusCode, found.body).toBe(200);
    expect(found.json().items.map((p: { surname: string }) => p.surname)).toEqual(["Абдыкеримова"]);
  });

  it("leaves a national office reading every organisation", async () => {
    const token = (nationalAuditor.session as { cookie: string }).cookie.replace(/^aimak_session=/, "");
    const session = await authenticateSession(t.database, token, 12);
    expect(session?.actor?.readsEveryOrganisation).toBe(true);
    const found = await nationalAuditor.get(
      `/api/registry/people?scope=readable&q=${encodeURIComponent("Абдыкеримова")}`,
    );
    expect(found.json().items).toHaveLength(1);
  });

  it("follows a chain of merges", async () => {
    await seedAimak(t.database, LATER_SUCCESSOR, 1);
    await withSystem(t.database, (tx) => mergeUnits(tx, [SUCCESSOR], LATER_SUCCESSOR, "2026-06-01"));
    const found = await officeAuditor.get(
      `/api/registry/people?scope=readable&q=${encodeURIComponent("Абдыкеримова")}`,
    );
    expect(found.json().items).toHaveLength(1);
  });
});
