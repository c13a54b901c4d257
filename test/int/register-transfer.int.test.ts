import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createUserAsSystem } from "../../src/server/access/system-users.js";
import { verifyAll } from "../../src/server/audit/service.js";
import { auditEvent } from "../../src/server/audit/tables.js";
import { mergeUnits } from "../../src/server/places/service.js";
import type { RequestContext } from "../../src/server/platform/context.js";
import { withSystem } from "../../src/server/platform/transactions.js";
import { certificate, household, landPlot } from "../../src/server/registry/tables.js";
import { transferMergedRegisters, transferRegister } from "../../src/server/registry/transfer.js";
import {
  type Client,
  login,
  seedAimak,
  seedOrganisation,
  startTestApp,
  TEST_PASSWORD,
  type TestApp,
  unique,
} from "../support/app.js";

const MERGED = "41703220950000";
const SUCCESSOR = "41703220940000";
const UNRELATED = "41703220930000";
const MERGED_ON = "2026-07-01";
const system: RequestContext = { requestId: "test-transfer", locale: "en", client: "cli", actor: null };

describe("a merged municipality's register handed over to its successor", () => {
  let t: TestApp;
  let merged: Awaited<ReturnType<typeof seedOrganisation>>["org"];
  let successor: { id: string };
  let unrelated: { id: string };
  let mergedLogin: string;
  let successorLogin: string;
  let mergedClerk: Client;
  let successorClerk: Client;
  let unrelatedClerk: Client;
  let wua: Client;
  let headHousehold: string;
  let landHousehold: string;
  let waterUserId: string;
  let verifyCode: string;
  let handedOver: Awaited<ReturnType<typeof transferMergedRegisters>>;

  /**
   * A certificate of residence for the household's first member, issued on that day: the clerk
   * signs in and issues it on that day's clock, as a certificate is dated the day it is issued.
   */
  const residenceCertificate = async (username: string, householdId: string, issuedOn: string) => {
    vi.useFakeTimers({ toFake: ["Date"], now: new Date(`${issuedOn}T06:00:00Z`) });
    try {
      const clerk = await login(t.app, username);
      const card = (await clerk.get(`/api/registry/households/${householdId}`)).json();
      return await clerk.post("/api/certificates", {
        kind: "residence",
        householdId,
        personId: card.members[0].id,
        purpose: "Банк",
      });
    } finally {
      vi.useRealTimers();
    }
  };

  const head = (surname: string, givenName: string, over: Record<string, unknown> = {}) => ({
    relation: "head",
    person: { surname, givenName, sex: "male", birthDate: "1970-05-05", ...over },
  });

  beforeAll(async () => {
    t = await startTestApp();
    const { villageCodes: mergedVillages } = await seedAimak(t.database, MERGED, 2);
    const { villageCodes: successorVillages } = await seedAimak(t.database, SUCCESSOR, 1);
    const { villageCodes: unrelatedVillages } = await seedAimak(t.database, UNRELATED, 1);
    const a = await seedOrganisation(t.database, {
      adminUnitCode: MERGED,
      users: { clerk: ["clerk", "administrator"] },
    });
    const b = await seedOrganisation(t.database, { adminUnitCode: SUCCESSOR, users: { clerk: ["clerk"] } });
    const c = await seedOrganisation(t.database, { adminUnitCode: UNRELATED, users: { clerk: ["clerk"] } });
    const w = await seedOrganisation(t.database, {
      kind: "water-provider",
      providerType: "wua",
      adminUnitCode: MERGED,
      villageCodes: [mergedVillages[0]!],
      users: { director: ["wua-director"] },
    });
    merged = a.org;
    successor = b.org;
    unrelated = c.org;
    mergedLogin = a.users.clerk!.username;
    mergedClerk = await login(t.app, mergedLogin);
    successorLogin = b.users.clerk!.username;
    successorClerk = await login(t.app, successorLogin);
    unrelatedClerk = await login(t.app, c.users.clerk!.username);
    wua = await login(t.app, w.users.director!.username);

    // The successor's own book already has a household: the merged ones are numbered after it.
    const own = await successorClerk.post("/api/registry/households", {
      villageCode: successorVillages[0],
      formedOn: "2010-01-01",
      members: [head("Турдубаев", "Эрлан")],
    });
    expect(own.statusCode, own.body).toBe(201);
    expect(
      (
        await unrelatedClerk.post("/api/registry/households", {
          villageCode: unrelatedVillages[0],
          formedOn: "2010-01-01",
          members: [head("Осмонов", "Бакыт")],
        })
      ).statusCode,
    ).toBe(201);

    // A criterion of the merged municipality's own, which the successor does not have.
    const criterion = await mergedClerk.put("/api/registry/vulnerability-criteria/lost-harvest", {
      name: { ky: "Түшүм жоголгон", ru: "Потерян урожай" },
      rule: null,
    });
    expect(criterion.statusCode, criterion.body).toBe(200);
    const first = await mergedClerk.post("/api/registry/households", {
      villageCode: mergedVillages[0],
      street: "Ала-Тоо",
      house: "3",
      formedOn: "2012-04-01",
      members: [
        head("Жумабаева", "Назгүл", { sex: "female", birthDate: "1968-02-02", pin: "10202196800155" }),
      ],
    });
    expect(first.statusCode, first.body).toBe(201);
    headHousehold = first.json().id;
    const flag = await mergedClerk.post(`/api/registry/households/${headHousehold}/flags`, {
      criterionCode: "lost-harvest",
      reason: "Мөндүр",
      setOn: "2026-05-01",
    });
    expect(flag.statusCode, flag.body).toBe(201);
    const second = await mergedClerk.post("/api/registry/households", {
      villageCode: mergedVillages[1],
      formedOn: "2015-01-01",
      members: [head("Абдраимов", "Самат")],
    });
    landHousehold = second.json().id;
    const plot = await mergedClerk.post(`/api/registry/households/${landHousehold}/land-plots`, {
      areaHa: 1.25,
      category: "irrigated-arable",
      tenure: "owned",
      fromDate: "2015-01-01",
    });
    expect(plot.statusCode, plot.body).toBe(201);

    // A certificate issued by the merged municipality, and a water provider's confirmed link.
    const card = (await mergedClerk.get(`/api/registry/households/${headHousehold}`)).json();
    const issued = await residenceCertificate(mergedLogin, headHousehold, "2026-06-01");
    expect(issued.statusCode, issued.body).toBe(201);
    const [row] = await withSystem(t.database, (tx) =>
      tx
        .select({ code: certificate.verifyCode })
        .from(certificate)
        .where(eq(certificate.id, issued.json().id)),
    );
    verifyCode = row!.code;
    const user = await wua.post("/api/water/users", {
      kind: "person",
      surname: "Жумабаева",
      givenName: "Назгүл",
      pin: "10202196800155",
      villageCode: mergedVillages[0],
      locale: "ky",
    });
    expect(user.statusCode, user.body).toBe(201);
    waterUserId = user.json().id;
    const proposed = await wua.post(`/api/water/users/${waterUserId}/link`, { personId: card.members[0].id });
    expect(proposed.statusCode, proposed.body).toBe(201);
    const confirmed = await mergedClerk.post(`/api/registry/link-proposals/${proposed.json().id}/decision`, {
      decision: "confirm",
      version: 1,
    });
    expect(confirmed.statusCode, confirmed.body).toBe(200);

    // What `npx aimak places merge` does.
    handedOver = await withSystem(t.database, async (tx) => {
      await mergeUnits(tx, [MERGED], SUCCESSOR, MERGED_ON);
      return transferMergedRegisters(tx, system, [MERGED], SUCCESSOR, MERGED_ON);
    });
  });
  afterAll(() => t.close());

  it("numbers the households on after the successor's book and says what moved", async () => {
    expect(handedOver.waiting).toEqual([]);
    expect(handedOver.successors).toBe(1);
    expect(handedOver.transfers).toEqual([
      {
        fromOrgId: merged.id,
        intoOrgId: successor.id,
        households: 2,
        people: 2,
        numbers: [2, 3],
        criteriaCopied: ["lost-harvest"],
        certificates: 1,
        links: 1,
        loginsRehomed: 1,
        loginsWithoutRole: [mergedLogin],
      },
    ]);
    const list = (await successorClerk.get("/api/registry/households")).json().items;
    expect(list.map((h: { number: number }) => h.number).sort()).toEqual([1, 2, 3]);
    expect((await mergedClerk.get("/api/registry/households")).json().items).toEqual([]);
    expect((await mergedClerk.get(`/api/registry/households/${headHousehold}`)).statusCode).toBe(404);
  });

  it("tells the merged municipality's people where its register is kept now", async () => {
    const profile = (await mergedClerk.get("/api/organisation")).json();
    expect(profile.mergedInto).toMatchObject({ code: SUCCESSOR, on: MERGED_ON });
    expect((await successorClerk.get("/api/organisation")).json().mergedInto).toBeNull();
  });

  it("lets the successor's clerk find the people by name and read the whole card, with where it came from", async () => {
    const found = (
      await successorClerk.get(`/api/registry/people?q=${encodeURIComponent("Жумабаева Назгул")}`)
    ).json();
    expect(found.items.map((p: { surname: string }) => p.surname)).toEqual(["Жумабаева"]);
    const card = (await successorClerk.get(`/api/registry/households/${headHousehold}`)).json();
    expect(card.number).toBe(2);
    expect(card.members.map((m: { pin: string }) => m.pin)).toEqual(["10202196800155"]);
    expect(card.flags.map((f: { criterionCode: string }) => f.criterionCode)).toContain("lost-harvest");
    const transferred = card.events.find((e: { kind: string }) => e.kind === "household-transferred");
    expect(transferred).toMatchObject({
      occurredOn: MERGED_ON,
      details: { formerNumber: 1, number: 2, fromOrganisation: { id: merged.id } },
    });
    const land = (await successorClerk.get(`/api/registry/households/${landHousehold}`)).json();
    expect(land.landPlots.map((p: { areaHa: number }) => p.areaHa)).toEqual([1.25]);
    const criteria = (await successorClerk.get("/api/registry/vulnerability-criteria")).json();
    expect(criteria.map((c: { code: string }) => c.code)).toContain("lost-harvest");
  });

  it("finds a household by the number the merged municipality's paper book gave it", async () => {
    const byNumber = async (q: string) =>
      (await successorClerk.get(`/api/registry/households?q=${q}`))
        .json()
        .items.map((h: { number: number; formerNumber: number | null }) => [h.number, h.formerNumber]);
    // 2 is a number in the successor's book now and was one in the merged municipality's.
    expect(await byNumber("2")).toEqual([
      [2, 1],
      [3, 2],
    ]);
    expect(await byNumber("1")).toEqual([
      [1, null],
      [2, 1],
    ]);
    // Whose book each former number is of: another merged book may have its own No. 1.
    const books = (await successorClerk.get("/api/registry/households?q=2")).json().items;
    expect(books.map((h: { formerBook: unknown }) => h.formerBook)).toEqual([merged.name, merged.name]);
    const own = (await successorClerk.get("/api/registry/households?q=1")).json().items[0];
    expect(own).toMatchObject({ number: 1, formerNumber: null, formerBook: null });
  });

  it("lets the successor's clerk carry on writing to the moved households", async () => {
    const card = (await successorClerk.get(`/api/registry/households/${headHousehold}`)).json();
    const birth = await successorClerk.post(`/api/registry/households/${headHousehold}/events`, {
      kind: "birth",
      occurredOn: "2026-08-01",
      relation: "grandchild",
      person: { surname: "Жумабаева", givenName: "Айсулуу", sex: "female", birthDate: "2026-08-01" },
    });
    expect(birth.statusCode, birth.body).toBe(201);
    const after = (await successorClerk.get(`/api/registry/households/${headHousehold}`)).json();
    expect(after.members).toHaveLength(card.members.length + 1);
  });

  it("gives the successor the merged municipality's certificates, still valid and in their issuer's name", async () => {
    const verify = async () =>
      (await t.app.inject({ method: "GET", url: `/api/public/certificates/${verifyCode}` })).json();
    expect(await verify()).toMatchObject({ status: "valid", number: "2026-00001", issuer: merged.name });
    expect((await mergedClerk.get("/api/certificates")).json().items).toEqual([]);
    const kept = (await successorClerk.get("/api/certificates")).json().items;
    expect(kept).toEqual([expect.objectContaining({ year: 2026, number: 1, takenOverFrom: merged.name })]);
    // The successor's own series goes on beside the issuer's: its first is No. 1 of the year too.
    const own = await residenceCertificate(successorLogin, headHousehold, "2026-09-15");
    expect(own.statusCode, own.body).toBe(201);
    expect(own.json()).toMatchObject({ year: 2026, number: 1 });
    const listed = (await successorClerk.get("/api/certificates")).json().items;
    expect(
      listed.map((c: { number: number; takenOverFrom: unknown }) => [c.number, c.takenOverFrom]),
    ).toEqual(
      expect.arrayContaining([
        [1, null],
        [1, merged.name],
      ]),
    );
    const pdf = await successorClerk.get(`/api/certificates/${kept[0].id}/pdf`);
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers["content-type"]).toContain("application/pdf");
    const revoked = await successorClerk.post(`/api/certificates/${kept[0].id}/revoke`, {
      reason: "Жаңылыш",
    });
    expect(revoked.statusCode, revoked.body).toBe(200);
    expect(await verify()).toMatchObject({ status: "revoked", issuer: merged.name });
  });

  it("keeps the provider's link and flags", async () => {
    const link = (await wua.get(`/api/water/users/${waterUserId}`)).json().link;
    expect(link.status).toBe("confirmed");
    expect(link.flags.map((f: { code: string }) => f.code)).toContain("lost-harvest");
  });

  it("records the hand-over in both chains, which still verify", async () => {
    expect((await verifyAll(t.database)).broken).toEqual([]);
    const records = await withSystem(t.database, (tx) =>
      tx
        .select({ orgId: auditEvent.orgId, action: auditEvent.action, entityId: auditEvent.entityId })
        .from(auditEvent)
        .where(eq(auditEvent.entity, "register")),
    );
    expect(records).toEqual(
      expect.arrayContaining([
        { orgId: merged.id, action: "transfer-out", entityId: successor.id },
        { orgId: successor.id, action: "transfer-in", entityId: merged.id },
      ]),
    );
  });

  it("refuses a municipality that was not merged into the other, or a day that is not one, and changes nothing", async () => {
    const before = await withSystem(t.database, (tx) =>
      tx.select({ id: household.id }).from(household).where(eq(household.orgId, unrelated.id)),
    );
    await expect(
      withSystem(t.database, (tx) =>
        transferRegister(tx, system, { fromOrgId: unrelated.id, intoOrgId: successor.id, on: "2026-09-01" }),
      ),
    ).rejects.toMatchObject({ code: "registry.transfer.notMerged" });
    await expect(
      withSystem(t.database, (tx) =>
        transferRegister(tx, system, { fromOrgId: successor.id, intoOrgId: successor.id, on: "2026-09-01" }),
      ),
    ).rejects.toMatchObject({ code: "registry.transfer.sameOrganisation" });
    await expect(
      withSystem(t.database, (tx) =>
        transferRegister(tx, system, { fromOrgId: merged.id, intoOrgId: successor.id, on: "2026-02-30" }),
      ),
    ).rejects.toMatchObject({ code: "date.invalid" });
    const after = await withSystem(t.database, (tx) =>
      tx.select({ id: household.id }).from(household).where(eq(household.orgId, unrelated.id)),
    );
    expect(after).toEqual(before);
  });

  it("leaves the register where it is when the target unit has no municipality, or two", async () => {
    const lone = "41703220900000";
    const crowded = "41703220890000";
    const target = "41703220880000";
    for (const code of [lone, crowded, target]) await seedAimak(t.database, code, 1);
    const loneOrg = await seedOrganisation(t.database, { adminUnitCode: lone, users: {} });
    const nowhere = await withSystem(t.database, async (tx) => {
      await mergeUnits(tx, [lone], target, "2026-09-01");
      return transferMergedRegisters(tx, system, [lone], target, "2026-09-01");
    });
    expect(nowhere).toEqual({ transfers: [], waiting: [loneOrg.org.id], successors: 0 });
    const crowdedOrg = await seedOrganisation(t.database, { adminUnitCode: crowded, users: {} });
    for (let i = 0; i < 2; i++) await seedOrganisation(t.database, { adminUnitCode: target, users: {} });
    const ambiguous = await withSystem(t.database, async (tx) => {
      await mergeUnits(tx, [crowded], target, "2026-09-01");
      return transferMergedRegisters(tx, system, [crowded], target, "2026-09-01");
    });
    expect(ambiguous).toEqual({ transfers: [], waiting: [crowdedOrg.org.id], successors: 2 });
  });

  it("is safe to run again: nothing is left to move; a merged login, at home in the successor now, is given a role there and managed there", async () => {
    const username = unique("successor.admin.");
    await withSystem(t.database, (tx) =>
      createUserAsSystem(tx, system, {
        orgId: successor.id,
        username,
        displayName: "Successor's administrator",
        password: TEST_PASSWORD,
        locale: "ky",
        roles: ["administrator"],
      }),
    );
    const admin = await login(t.app, username.toLowerCase());
    const added = await admin.post("/api/users/existing", { username: mergedLogin, roles: ["clerk"] });
    expect(added.statusCode, added.body).toBe(201);
    // The successor is the login's home now: its administrator may set a forgotten password.
    expect(added.json().managedHere).toBe(true);
    const reset = await admin.patch(`/api/users/${added.json().id}`, {
      version: added.json().version,
      password: "a-new-password-1",
    });
    expect(reset.statusCode, reset.body).toBe(200);
    const again = await withSystem(t.database, (tx) =>
      transferRegister(tx, system, { fromOrgId: merged.id, intoOrgId: successor.id, on: "2026-09-01" }),
    );
    expect(again).toMatchObject({
      households: 0,
      people: 0,
      numbers: null,
      links: 0,
      loginsRehomed: 0,
      loginsWithoutRole: [],
    });
  });
});

describe("a write to a register while it changes hands", () => {
  let t: TestApp;
  afterAll(() => t.close());

  it("waits for the hand-over, then finds its household gone to the successor and writes nothing", async () => {
    t = await startTestApp();
    const from = "41703220920000";
    const into = "41703220910000";
    const { villageCodes } = await seedAimak(t.database, from, 1);
    await seedAimak(t.database, into, 1);
    const a = await seedOrganisation(t.database, { adminUnitCode: from, users: { clerk: ["clerk"] } });
    await seedOrganisation(t.database, { adminUnitCode: into, users: {} });
    const clerk = await login(t.app, a.users.clerk!.username);
    const created = await clerk.post("/api/registry/households", {
      villageCode: villageCodes[0],
      formedOn: "2015-01-01",
      members: [{ relation: "head", person: { surname: "Бекова", givenName: "Айгүл", sex: "female" } }],
    });
    expect(created.statusCode, created.body).toBe(201);
    const householdId = created.json().id;

    let handedOverAt = 0;
    let transferred!: () => void;
    const registersMoved = new Promise<void>((resolve) => {
      transferred = resolve;
    });
    const handingOver = withSystem(t.database, async (tx) => {
      await mergeUnits(tx, [from], into, MERGED_ON);
      await transferMergedRegisters(tx, system, [from], into, MERGED_ON);
      transferred();
      // Still open: the clerk's write below arrives now.
      await new Promise((resolve) => setTimeout(resolve, 300));
      handedOverAt = Date.now();
    });
    // Sent once the hand-over holds the household (a fixed 100 ms wait lost the race on a busy
    // machine, and the write went in before the hand-over began).
    await registersMoved;
    const plot = await clerk.post(`/api/registry/households/${householdId}/land-plots`, {
      areaHa: 0.5,
      category: "garden-plot",
      tenure: "owned",
      fromDate: "2015-01-01",
    });
    const answeredAt = Date.now();
    await handingOver;
    expect(plot.statusCode, plot.body).toBe(404);
    expect(answeredAt).toBeGreaterThanOrEqual(handedOverAt);
    const plots = await withSystem(t.database, (tx) =>
      tx.select().from(landPlot).where(eq(landPlot.householdId, householdId)),
    );
    expect(plots).toEqual([]);
  });
});
