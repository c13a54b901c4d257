import { and, asc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditEvent } from "../../src/server/audit/tables.js";
import { withSystem } from "../../src/server/platform/transactions.js";
import {
  type Client,
  login,
  seedAimak,
  seedOrganisation,
  startTestApp,
  type TestApp,
} from "../support/app.js";

const AIMAK = "41703220870000";
const SUZAK = "41703220000000";
const ALAI_AIMAK = "41706207990000";

describe("an office opens a municipality's household card to read only", () => {
  let t: TestApp;
  let clerk: Client;
  /** The municipality's auditor: reads its audit trail. */
  let auditor: Client;
  let farAuditor: Client;
  let office: Client;
  let officeId: string;
  let officeUser: string;
  let national: Client;
  let oblast: Client;
  let householdId: string;
  let elsewhereId: string;
  let headId: string;

  const seedOfficeAt = async (adminUnitCode: string) => {
    // A district office's head, as the demo's: the head's role writes registers in a municipality.
    const o = await seedOrganisation(t.database, {
      kind: "district-office",
      adminUnitCode,
      users: { head: ["head", "auditor"] },
    });
    const username = o.users.head!.username;
    return { id: o.org.id, username, client: await login(t.app, username) };
  };

  /** A household of one man, its head, registered by the clerk: its id. */
  const registered = async (
    who: Client,
    villageCode: string,
    head: { surname: string; givenName: string; birthDate: string },
  ) => {
    const res = await who.post("/api/registry/households", {
      villageCode,
      formedOn: "2020-01-01",
      members: [{ relation: "head", person: { ...head, sex: "male" } }],
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json().id as string;
  };

  beforeAll(async () => {
    t = await startTestApp();
    const { villageCodes } = await seedAimak(t.database, AIMAK, 1);
    const { villageCodes: alai } = await seedAimak(t.database, ALAI_AIMAK, 1, "41706207000000");
    const m = await seedOrganisation(t.database, {
      adminUnitCode: AIMAK,
      users: { clerk: ["clerk"], auditor: ["auditor"] },
    });
    const far = await seedOrganisation(t.database, {
      adminUnitCode: ALAI_AIMAK,
      users: { clerk: ["clerk"], auditor: ["auditor"] },
    });
    clerk = await login(t.app, m.users.clerk!.username);
    auditor = await login(t.app, m.users.auditor!.username);
    farAuditor = await login(t.app, far.users.auditor!.username);
    const farClerk = await login(t.app, far.users.clerk!.username);
    householdId = await registered(clerk, villageCodes[0]!, {
      surname: "Осмонов",
      givenName: "Бакыт",
      birthDate: "1970-03-01",
    });
    headId = (await clerk.get(`/api/registry/households/${householdId}`)).json().members[0].id;
    elsewhereId = await registered(farClerk, alai[0]!, {
      surname: "Жумабаев",
      givenName: "Нурлан",
      birthDate: "1985-07-07",
    });
    ({ id: officeId, username: officeUser, client: office } = await seedOfficeAt(SUZAK));
    ({ client: oblast } = await seedOfficeAt("41703000000000"));
    ({ client: national } = await seedOfficeAt("41700000000000"));
  });
  afterAll(() => t.close());

  it("shows the card of a household under the office, and records each opening in the office's audit chain", async () => {
    const res = await office.get(`/api/registry/households/${householdId}?scope=readable`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().members.map((p: { surname: string }) => p.surname)).toEqual(["Осмонов"]);
    // A past day reads the municipality's history too.
    const past = await office.get(`/api/registry/households/${householdId}?scope=readable&asOf=2021-01-01`);
    expect(past.statusCode, past.body).toBe(200);
    const reads = await withSystem(t.database, (tx) =>
      tx
        .select()
        .from(auditEvent)
        .where(and(eq(auditEvent.orgId, officeId), eq(auditEvent.action, "read")))
        .orderBy(asc(auditEvent.seq)),
    );
    expect(reads.map((r) => [r.entity, r.entityId, (r.after as { asOf: string }).asOf])).toEqual([
      ["household", householdId, expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/)],
      ["household", householdId, "2021-01-01"],
    ]);
    // Its flags are named by the municipality's criteria, which the office may read, and no others.
    const municipality = res.json().orgId as string;
    const criteria = await office.get(`/api/registry/vulnerability-criteria?orgId=${municipality}`);
    expect(criteria.statusCode, criteria.body).toBe(200);
    expect(criteria.json().map((c: { code: string }) => c.code)).toContain("poor");
    const far = (await national.get(`/api/registry/households/${elsewhereId}?scope=readable`)).json().orgId;
    expect((await office.get(`/api/registry/vulnerability-criteria?orgId=${far}`)).statusCode).toBe(403);
    // Without the scope it asks its own register, which holds no households.
    expect((await office.get(`/api/registry/households/${householdId}`)).statusCode).toBe(404);
  });

  it("records each opening in the municipality's audit chain too: which office, who, which household, when", async () => {
    const readsOf = async (who: Client) =>
      (await who.get("/api/audit?entity=household&action=read")).json().items as {
        actor: string;
        entityId: string;
        at: string;
        after: { number: number; asOf: string; office: { id: string; name: Record<string, string> } };
      }[];
    const before = (await readsOf(auditor)).length;
    const opened = await office.get(`/api/registry/households/${householdId}?scope=readable&asOf=2022-02-02`);
    expect(opened.statusCode, opened.body).toBe(200);
    const reads = await readsOf(auditor);
    expect(reads).toHaveLength(before + 1);
    expect(reads[0]).toMatchObject({
      actor: officeUser,
      entityId: householdId,
      after: { number: opened.json().number, asOf: "2022-02-02", office: { id: officeId } },
    });
    expect(Object.values(reads[0]!.after.office.name).join()).not.toBe("");
    // The same record stands in the office's trail; the municipality's chain stays whole.
    expect((await readsOf(office))[0]).toMatchObject({ entityId: householdId, after: reads[0]!.after });
    expect((await auditor.get("/api/audit/verify")).json()).toMatchObject({ broken: [] });
    // Another municipality sees none of it.
    expect((await readsOf(farAuditor)).map((r) => r.entityId)).not.toContain(householdId);
  });

  it("does not open a household beyond the office's area, and the national office opens any", async () => {
    expect((await office.get(`/api/registry/households/${elsewhereId}?scope=readable`)).statusCode).toBe(404);
    expect((await oblast.get(`/api/registry/households/${elsewhereId}?scope=readable`)).statusCode).toBe(404);
    expect((await national.get(`/api/registry/households/${elsewhereId}?scope=readable`)).statusCode).toBe(
      200,
    );
  });

  it("refuses every register write and certificate to an office (403), whatever its roles, and changes nothing", async () => {
    const card = (await clerk.get(`/api/registry/households/${householdId}`)).json();
    const writes = [
      office.patch(`/api/registry/households/${householdId}`, {
        phone: "+996555123456",
        version: card.version,
      }),
      office.post(`/api/registry/households/${householdId}/events`, {
        kind: "death",
        occurredOn: "2026-01-01",
        personId: headId,
      }),
      office.post(`/api/registry/households/${householdId}/land-plots`, {
        areaHa: 1,
        category: "arable",
        tenure: "owned",
        fromDate: "2024-01-01",
      }),
      office.post(`/api/registry/households/${householdId}/flags`, {
        criterionCode: "poor",
        reason: "Текшерилди",
        setOn: "2026-01-01",
      }),
      office.post("/api/certificates", {
        kind: "residence",
        householdId,
        personId: headId,
        purpose: "Банк",
      }),
      office.get("/api/certificates"),
      office.post("/api/registry/households", {
        villageCode: `${AIMAK.slice(0, 12)}01`,
        formedOn: "2020-01-01",
        members: [{ relation: "head", person: { surname: "Асанов", givenName: "Эрмек", sex: "male" } }],
      }),
    ];
    for (const res of await Promise.all(writes)) {
      expect(res.statusCode, res.body).toBe(403);
      expect(res.json().code).toBe("forbidden");
    }
    const after = (await clerk.get(`/api/registry/households/${householdId}`)).json();
    expect([after.version, after.phone, after.members.length, after.flags.length]).toEqual([
      card.version,
      card.phone,
      1,
      card.flags.length,
    ]);
  });

  it("refuses an office the export of a household book, saying that the municipality keeping it exports it", async () => {
    for (const format of ["xlsx", "csv"]) {
      const res = await office.get(`/api/registry/book/export?format=${format}`);
      expect(res.statusCode, res.body).toBe(403);
      expect(res.json().code).toBe("registry.book.keptByMunicipality");
      expect(res.json().title).toBe(
        "Чарба китебин аны жүргүзгөн айыл өкмөтү гана жүктөп алат. Сиздин мекеме китептерден издей жана алардын жыйынтыгын жүктөп ала алат.",
      );
    }
    // The municipality's own export is unchanged: its household is in it.
    expect((await clerk.get("/api/registry/book/export?format=csv")).body).toContain("Осмонов");
  });

  it("tells the web app what an office may do and how far it reads", async () => {
    const session = (await office.get("/api/auth/session")).json();
    expect(session.permissions).toContain("registry.read");
    for (const refused of ["registry.write", "certificates.read", "certificates.issue", "registry.flags"])
      expect(session.permissions).not.toContain(refused);
    expect(session.organisations[0].area).toBe("district");
    expect((await oblast.get("/api/auth/session")).json().organisations[0].area).toBe("oblast");
    expect((await national.get("/api/auth/session")).json().organisations[0].area).toBe("country");
    const mine = (await clerk.get("/api/auth/session")).json();
    expect(mine.organisations[0].area).toBeNull();
    expect(mine.permissions).toEqual(expect.arrayContaining(["registry.write", "certificates.issue"]));
  });
});
