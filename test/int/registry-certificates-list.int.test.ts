import { readFileSync } from "node:fs";
import path from "node:path";
import { sql } from "drizzle-orm";
import { uuidv7 } from "uuidv7";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { rows } from "../../src/server/platform/db.js";
import { migrationsDir } from "../../src/server/platform/paths.js";
import { withSystem } from "../../src/server/platform/transactions.js";
import { certificateListQuery } from "../../src/server/registry/certificates.js";
import { registryDefaults } from "../../src/server/registry/defaults.js";
import { certificate } from "../../src/server/registry/tables.js";
import {
  type Client,
  login,
  seedAimak,
  seedOrganisation,
  startTestApp,
  type TestApp,
} from "../support/app.js";

const AIMAK = "41703220990000";

/** The register of issued certificates: pages, years, households, revocation from the row. */
describe("the register of certificates", () => {
  let t: TestApp;
  let clerk: Client;
  let auditor: Client;
  let admin: Client;
  let clerkName: string;
  let orgId: string;
  let orgName: string;
  let villages: string[];

  async function household(
    givenName: string,
    sex = "male",
    surname = "Токтогулов",
    by = clerk,
    village = villages[0],
  ) {
    const res = await by.post("/api/registry/households", {
      villageCode: village,
      formedOn: "2020-01-01",
      members: [
        {
          relation: "head",
          person: { surname, givenName, sex, birthDate: "1980-02-02" },
        },
      ],
    });
    expect(res.statusCode, res.body).toBe(201);
    return (await by.get(`/api/registry/households/${res.json().id}`)).json();
  }
  const issue = (by: Client, card: { id: string; members: { id: string }[] }) =>
    by.post("/api/certificates", {
      kind: "residence",
      householdId: card.id,
      personId: card.members[0]!.id,
      purpose: "Банк",
      locale: "ky",
    });

  beforeAll(async () => {
    t = await startTestApp();
    ({ villageCodes: villages } = await seedAimak(t.database, AIMAK, 1));
    const m = await seedOrganisation(t.database, {
      adminUnitCode: AIMAK,
      users: { clerk: ["clerk"], auditor: ["auditor"], admin: ["administrator"] },
    });
    orgId = m.org.id;
    orgName = m.org.name.ky!;
    clerkName = m.users.clerk!.username;
    clerk = await login(t.app, clerkName);
    auditor = await login(t.app, m.users.auditor!.username);
    admin = await login(t.app, m.users.admin!.username);
  });
  afterAll(() => t.close());
  afterEach(() => vi.useRealTimers());

  it("pages through one household's certificates, newest first, each with the household's id and number", async () => {
    const card = await household("Нурбек");
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const res = await issue(clerk, card);
      expect(res.statusCode, res.body).toBe(201);
      ids.push(res.json().id);
    }
    await issue(clerk, await household("Бекболот"));
    const pages = [];
    for (const page of [1, 2, 3]) {
      const res = await clerk.get(`/api/certificates?householdId=${card.id}&pageSize=2&page=${page}`);
      expect(res.statusCode, res.body).toBe(200);
      pages.push(res.json());
    }
    expect(pages.map((p) => [p.items.length, p.hasMore])).toEqual([
      [2, true],
      [2, true],
      [1, false],
    ]);
    const listed = pages.flatMap((p) => p.items);
    expect(listed.map((c: { id: string }) => c.id)).toEqual([...ids].reverse());
    for (const c of listed) expect([c.householdId, c.householdNumber]).toEqual([card.id, card.number]);
    const tooBig = await clerk.get("/api/certificates?pageSize=101");
    expect(tooBig.statusCode).toBe(400);
  });

  it("lists one year's certificates or every year's", async () => {
    const card = await household("Азамат");
    vi.useFakeTimers({ toFake: ["Date"], now: new Date("2025-06-15T10:00:00Z") });
    const lastYear = await issue(await login(t.app, clerkName), card);
    expect(lastYear.statusCode, lastYear.body).toBe(201);
    vi.useRealTimers();
    const thisYear = await issue(clerk, card);
    const year = thisYear.json().year as number;
    const ids = async (query: string) =>
      (await clerk.get(`/api/certificates?householdId=${card.id}${query}`))
        .json()
        .items.map((c: { id: string }) => c.id);
    expect(await ids("&year=2025")).toEqual([lastYear.json().id]);
    expect(await ids(`&year=${year}`)).toEqual([thisYear.json().id]);
    expect(await ids("")).toEqual([thisYear.json().id, lastYear.json().id]);
  });

  it("lists the certificates issued between two days, counts them on every page, and refuses a range that ends before it starts", async () => {
    const card = await household("Талант");
    const issuedOn = async (day: string) => {
      vi.useFakeTimers({ toFake: ["Date"], now: new Date(`${day}T06:00:00Z`) });
      const res = await issue(await login(t.app, clerkName), card);
      vi.useRealTimers();
      expect(res.statusCode, res.body).toBe(201);
      return res.json().id as string;
    };
    const [march, april, may] = [
      await issuedOn("2024-03-31"),
      await issuedOn("2024-04-01"),
      await issuedOn("2024-05-02"),
    ];
    const list = async (query: string) =>
      (await clerk.get(`/api/certificates?householdId=${card.id}${query}`)).json();
    const ids = async (query: string) => (await list(query)).items.map((c: { id: string }) => c.id);
    // Both ends are days the certificate may be issued on.
    expect(await ids("&from=2024-04-01&to=2024-05-02")).toEqual([may, april]);
    expect(await ids("&from=2024-04-02")).toEqual([may]);
    expect(await ids("&to=2024-03-31")).toEqual([march]);
    expect(await ids("&year=2024&from=2024-04-01&to=2024-04-30")).toEqual([april]);
    expect(await ids("&year=2023&from=2024-04-01")).toEqual([]);
    // The total is the whole list's, on each page, and on a page past the end.
    const pages = await Promise.all([1, 2, 3].map((n) => list(`&from=2024-01-01&pageSize=2&page=${n}`)));
    expect(pages.map((p) => [p.items.length, p.hasMore, p.total])).toEqual([
      [2, true, 3],
      [1, false, 3],
      [0, false, 3],
    ]);
    expect((await list("&from=2025-01-01")).total).toBe(0);

    const reversed = await clerk.get(`/api/certificates?from=2024-05-02&to=2024-04-01&lang=ru`);
    expect(reversed.statusCode).toBe(400);
    expect(reversed.json().errors).toEqual([
      {
        path: "querystring.to",
        code: "rangeReversed",
        message: "Начало периода позже конца: 02.05.2024 – 01.04.2024",
      },
    ]);
    const notADay = await clerk.get("/api/certificates?from=2024-13-01");
    expect(notADay.statusCode).toBe(400);
    expect(notADay.json().errors.map((e: { path: string }) => e.path)).toEqual(["querystring.from"]);
  });

  it("finds a holder by a name typed with a typo, in Latin letters or in any word order, within its own register only", async () => {
    const sezim = await household("Сезим", "female", "Токтосунова");
    const issued = [(await issue(clerk, sezim)).json().id, (await issue(clerk, sezim)).json().id];
    await clerk.post(`/api/certificates/${issued[0]}/revoke`, { reason: "Ката" });
    // Near names that are not hers, here and in the next municipality.
    await issue(clerk, await household("Сезим", "female", "Токтомушева"));
    await issue(clerk, await household("Азамат", "male", "Токтосунов"));
    const { villageCodes: theirVillages } = await seedAimak(t.database, "41703220980000", 1);
    const next = await seedOrganisation(t.database, {
      adminUnitCode: "41703220980000",
      users: { clerk: ["clerk"] },
    });
    const theirClerk = await login(t.app, next.users.clerk!.username);
    const theirs = await household("Сезим", "female", "Токтосунова", theirClerk, theirVillages[0]);
    expect((await issue(theirClerk, theirs)).statusCode).toBe(201);

    const list = async (q: string, more = "") =>
      (await clerk.get(`/api/certificates?q=${encodeURIComponent(q)}${more}`)).json();
    const ids = async (q: string, more = "") => (await list(q, more)).items.map((c: { id: string }) => c.id);
    const newestFirst = [...issued].reverse();
    for (const q of [
      "Токтосунова Сезим",
      "Токтасунова сезим",
      "Sezim Toktosunova",
      "сезим токтосуновa",
      "Toktasunova Sezim",
    ])
      expect(await ids(q), q).toEqual(newestFirst);
    // The other filters and paging still hold.
    expect(await ids("Токтасунова сезим", "&status=revoked")).toEqual([issued[0]]);
    const pages = [
      await list("Sezim Toktasunova", "&pageSize=1"),
      await list("Sezim Toktasunova", "&pageSize=1&page=2"),
    ];
    expect(pages.map((p) => [p.items.map((c: { id: string }) => c.id), p.hasMore, p.total])).toEqual([
      [[newestFirst[0]], true, 2],
      [[newestFirst[1]], false, 2],
    ]);
    // A name no one here bears finds nothing.
    expect(await list("Жолдошбекова Айпери")).toMatchObject({ items: [], total: 0 });
    // One letter, which every holder's name has, is refused as the register's search refuses it,
    // in the user's language; a number of one digit is a certificate's number.
    for (const [q, lang, title] of [
      ["С", "", "Издөө үчүн кеминде 2 тамга жазыңыз"],
      [" т ", "&lang=ru", "Для поиска введите не меньше 2 букв"],
    ]) {
      const refused = await clerk.get(`/api/certificates?q=${encodeURIComponent(q!)}${lang}`);
      expect(refused.statusCode, q).toBe(422);
      expect(refused.json()).toMatchObject({ code: "registry.queryTooShort", title });
      expect(refused.json().errors[0].path).toBe("querystring.q");
    }
    expect((await clerk.get("/api/certificates?q=1")).statusCode).toBe(200);
  });

  it("names who issued each certificate by the user's display name, in the list and in a revocation's answer", async () => {
    const card = await household("Медер");
    const issued = (await issue(clerk, card)).json();
    const listed = (await auditor.get(`/api/certificates?householdId=${card.id}`)).json().items;
    expect(listed.map((c: { issuedByName: string }) => c.issuedByName)).toEqual([`clerk ${orgName}`]);
    const revoked = await clerk.post(`/api/certificates/${issued.id}/revoke`, { reason: "Ката" });
    expect(revoked.statusCode, revoked.body).toBe(200);
    expect(revoked.json().issuedByName).toBe(`clerk ${orgName}`);
  });

  it("revokes from the list only for those who issue, with the reason; an auditor is refused and nothing changes", async () => {
    const card = await household("Айбек");
    const issued = (await issue(clerk, card)).json();
    const refused = await auditor.post(`/api/certificates/${issued.id}/revoke`, { reason: "Ката" });
    expect(refused.statusCode).toBe(403);
    const still = (await clerk.get(`/api/certificates?householdId=${card.id}`)).json().items[0];
    expect([still.status, still.revokedReason]).toEqual(["valid", null]);
    const empty = await clerk.post(`/api/certificates/${issued.id}/revoke`, { reason: "" });
    expect(empty.statusCode).toBe(400);
    const revoked = await clerk.post(`/api/certificates/${issued.id}/revoke`, { reason: "Ката жазылган" });
    expect(revoked.statusCode, revoked.body).toBe(200);
    const row = (await auditor.get(`/api/certificates?householdId=${card.id}&status=revoked`)).json()
      .items[0];
    expect([row.id, row.status, row.revokedReason]).toEqual([issued.id, "revoked", "Ката жазылган"]);
  });

  it("reads a page of a few thousand certificates, of one year or all, and a household's, by their indexes", async () => {
    const big = await household("Эрмек");
    const small = await household("Жыргал", "female");
    const smallIssued = (await issue(clerk, small)).json();
    const snapshot = {
      organisation: { name: { ky: "Аймак" }, details: {}, place: "Айыл" },
      title: "Жашаган жери жөнүндө маалымкат",
      body: "—",
      holder: { name: "Токтогулов Эрмек", birthDate: null, initials: "Т. Э." },
      householdNumber: big.number,
      table: null,
    };
    await withSystem(t.database, async (tx) => {
      for (let year = 2011; year <= 2020; year++)
        await tx.insert(certificate).values(
          Array.from({ length: 300 }, (_, i) => ({
            id: uuidv7(),
            orgId,
            issuerOrgId: orgId,
            kind: "residence" as const,
            year,
            number: i + 1,
            householdId: big.id,
            personId: big.members[0].id,
            purpose: "Банк",
            locale: "ky" as const,
            issuedOn: `${year}-03-01`,
            issuedBy: uuidv7(),
            snapshot,
            verifyCode: `${year}x${i}x${uuidv7()}`,
          })),
        );
      await tx.execute(sql`analyze certificate`);
    });
    const plan = (filter: { year?: number; householdId?: string; from?: string; to?: string }) =>
      withSystem(t.database, async (tx) => {
        const query = certificateListQuery(tx, orgId, { page: 1, pageSize: 25, ...filter });
        const lines = await rows<{ "QUERY PLAN": string }>(tx, sql`explain ${query}`);
        return lines.map((l) => l["QUERY PLAN"]).join("\n");
      });
    expect(await plan({})).toContain("certificate_org_id_year_number_index");
    expect(await plan({ year: 2015 })).toContain("certificate_org_id_year_number_index");
    expect(await plan({ householdId: small.id })).toContain("certificate_household_id_issued_on_index");
    const page = (await clerk.get("/api/certificates?year=2015&pageSize=100&page=3")).json();
    expect(page.items.map((c: { number: number }) => c.number)).toEqual(
      Array.from({ length: 100 }, (_, i) => 100 - i),
    );
    expect([page.hasMore, page.total]).toEqual([false, 300]);
    expect((await plan({ from: "2015-01-01", to: "2015-12-31" })).includes("Seq Scan on certificate")).toBe(
      false,
    );
    expect((await clerk.get(`/api/certificates?householdId=${small.id}`)).json().items[0].id).toBe(
      smallIssued.id,
    );
  });

  it("gives a municipality the Russian wording by sex where it kept the old default, and keeps what its administrator wrote", async () => {
    const template = async (kind: string) =>
      (await admin.get("/api/certificate-templates")).json().find((x: { kind: string }) => x.kind === kind);
    const defaults = registryDefaults().certificateTemplates;
    // The residence wording before 0034 (which chose by sex), 0039 (the last sentence) and 0053
    // (the name as the subject, not in a dative the template cannot make).
    const oldResidenceRu = {
      title: "Справка с места жительства",
      body: "Дана {holderName}, {holderBirthDate} г. р., в том, что он(а) действительно проживает по адресу: {address}. Справка выдана для предъявления: {purpose}.",
    };
    const edited = { title: "Справка", body: "Дана {holderName}, он(а) проживает: {address}." };
    for (const [kind, ru] of [
      ["residence", oldResidenceRu],
      ["family-composition", edited],
    ] as const) {
      const before = await template(kind);
      const put = await admin.put(`/api/certificate-templates/${kind}`, {
        version: before.version,
        texts: { ky: before.texts.ky, ru },
      });
      expect(put.statusCode, put.body).toBe(200);
    }
    expect((await template("residence")).texts.ru.body).toContain("он(а) действительно проживает");
    const versions = [(await template("residence")).version, (await template("family-composition")).version];

    // 0034, then 0039 and 0053, which reword it further: the three together give today's defaults.
    for (const file of [
      "0034_certificates_listed_and_worded_by_sex.sql",
      "0039_certificate_templates_say_where_presented.sql",
      "0053_certificate_templates_russian_without_dative.sql",
    ]) {
      const migration = readFileSync(path.join(migrationsDir, file), "utf8");
      await withSystem(t.database, async (tx) => {
        // The indexes exist already; the wording's statements are what is replayed.
        for (const statement of migration.split("--> statement-breakpoint"))
          if (!/CREATE INDEX/.test(statement)) await tx.execute(sql.raw(statement));
      });
    }
    const residence = await template("residence");
    expect(residence.texts.ru).toEqual(defaults.residence.ru);
    expect(residence.texts.ru.body).toContain("{holderBirthDate} г. р., действительно проживает");
    expect(residence.version).toBe(versions[0] + 3);
    const family = await template("family-composition");
    expect([family.texts.ru, family.version]).toEqual([edited, versions[1]]);
  });
});
