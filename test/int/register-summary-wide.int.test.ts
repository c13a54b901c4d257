import { and, eq } from "drizzle-orm";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { addCounts, countsOf, noOne, type PlaceCounts } from "../../src/domain/registry/population.js";
import { parseCsv } from "../../src/domain/shared/csv.js";
import { DEFAULT_TIME_ZONE, localDayOf } from "../../src/domain/shared/local-time.js";
import { withSystem } from "../../src/server/platform/transactions.js";
import { countDays, countTodayEverywhere } from "../../src/server/registry/day-counts.js";
import { registerDayCount } from "../../src/server/registry/tables.js";
import {
  type Client,
  login,
  seedAimak,
  seedOffice,
  seedOrganisation,
  startTestApp,
  type TestApp,
} from "../support/app.js";

// Two municipalities in Suzak district and one in Aksy (Jalal-Abad oblast), one in Alai (Osh oblast).
const SUZAK = "41703220000000";
const AKSY = "41703211000000";
const ALAI = "41706207000000";
const JALAL_ABAD = "41703000000000";
const OSH = "41706000000000";
const COUNTRY = "41700000000000";
const MUNICIPALITIES = [
  { code: "41703220870000", rayon: SUZAK, people: 2 },
  { code: "41703220860000", rayon: SUZAK, people: 1 },
  { code: "41703211990000", rayon: AKSY, people: 3 },
  { code: "41706207990000", rayon: ALAI, people: 1 },
];

type Name = { ky?: string; ru?: string };
type Region = PlaceCounts & {
  code: string;
  name: Name;
  districts: (PlaceCounts & { code: string; name: Name; municipalities: string[] })[];
};
type Summary = {
  placeKind: string;
  places: (PlaceCounts & { code: string; name: Name })[];
  total: PlaceCounts;
  regions: Region[];
  certificates: { issued: number; revoked: number };
};

/** A row of an exported summary: its first cell, its numbers, and whether it is set in bold. */
type FileRow = { label: string; numbers: number[]; bold: boolean };

/** The exported workbook's rows after the header. */
async function workbookRows(file: Buffer): Promise<{ header: string[]; rows: FileRow[] }> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(file as unknown as ArrayBuffer);
  const sheet = book.worksheets[0]!;
  const rows: FileRow[] = [];
  sheet.eachRow((row, number) => {
    if (number === 1) return;
    const [label, ...numbers] = (row.values as unknown[]).slice(1);
    rows.push({ label: String(label), numbers: numbers as number[], bold: row.font?.bold === true });
  });
  return { header: (sheet.getRow(1).values as string[]).slice(1), rows };
}

/** Sums column by column. */
const columnSums = (rows: FileRow[]) =>
  rows.map((r) => r.numbers).reduce((a, b) => a.map((x, i) => x + b[i]!));

/** A sum of counts, to hold each subtotal to what it adds up. */
const sumOf = (all: PlaceCounts[]) => all.reduce(addCounts, noOne());

describe("an oblast's and the country's register summary, from counts kept per municipality and day", () => {
  let t: TestApp;
  const clerks: Client[] = [];
  const orgIds: string[] = [];
  const households: string[] = [];
  let oblast: Client;
  let national: Client;
  let district: Client;

  /** The summary once counted: the first asks answer 202 while the counting goes on. */
  const ready = async (who: Client, on: string): Promise<Summary> => {
    let answer: { statusCode: number; json: () => unknown; body: string } | undefined;
    await vi.waitFor(
      async () => {
        answer = await who.get(`/api/registry/summary?on=${on}&scope=readable`);
        expect(answer.statusCode, answer.body).toBe(200);
      },
      { timeout: 20_000, interval: 50 },
    );
    return answer!.json() as Summary;
  };
  const kept = (on: string) =>
    withSystem(t.database, (tx) => tx.select().from(registerDayCount).where(eq(registerDayCount.onDate, on)));

  beforeAll(async () => {
    // Nothing waits: every summary that needs counting answers 202 first.
    t = await startTestApp({ env: { AIMAK_SUMMARY_WAIT_MS: "0" } });
    for (const m of MUNICIPALITIES) {
      const { villageCodes } = await seedAimak(t.database, m.code, 1, m.rayon);
      const org = await seedOrganisation(t.database, { adminUnitCode: m.code, users: { clerk: ["clerk"] } });
      const clerk = await login(t.app, org.users.clerk!.username);
      const res = await clerk.post("/api/registry/households", {
        villageCode: villageCodes[0],
        formedOn: "2020-01-01",
        members: Array.from({ length: m.people }, (_, i) => ({
          relation: i === 0 ? "head" : "son",
          person: {
            surname: "Асанов",
            givenName: ["Бакыт", "Эрмек", "Нурлан"][i],
            sex: "male",
            birthDate: `${1980 + i * 20}-01-01`,
          },
        })),
      });
      expect(res.statusCode, res.body).toBe(201);
      households.push(res.json().id);
      clerks.push(clerk);
      orgIds.push(org.org.id);
    }
    oblast = await login(t.app, (await seedOffice(t.database, JALAL_ABAD)).users.auditor!.username);
    national = await login(t.app, (await seedOffice(t.database, COUNTRY)).users.auditor!.username);
    district = await login(t.app, (await seedOffice(t.database, SUZAK)).users.auditor!.username);
  });
  afterAll(() => t.close());

  it("answers 202 in the user's language while counting, and the counts the next time", async () => {
    const first = await national.get("/api/registry/summary?on=2025-01-01&scope=readable");
    expect(first.statusCode, first.body).toBe(202);
    expect(first.json()).toEqual({
      status: "preparing",
      message:
        "Жыйынтык даярдалууда: айыл өкмөттөрүнүн китептери саналып жатат. Бир аздан кийин кайра сураңыз.",
    });
    const s = await ready(national, "2025-01-01");
    expect(s.total.people).toBe(7);
    expect((await kept("2025-01-01")).map((k) => k.orgId).sort()).toEqual([...orgIds].sort());
    // Kept: the next answer is at once, however short the wait.
    expect((await national.get("/api/registry/summary?on=2025-01-01&scope=readable")).statusCode).toBe(200);
  });

  it("groups an oblast's municipalities by district, each district and the oblast their municipalities' sum", async () => {
    const s = await ready(oblast, "2026-01-01");
    expect(s.placeKind).toBe("municipality");
    expect(s.places.map((p) => p.code)).toEqual(["41703211990000", "41703220860000", "41703220870000"]);
    expect(s.regions.map((r) => r.code)).toEqual([JALAL_ABAD]);
    const [jalalAbad] = s.regions;
    expect(jalalAbad!.districts.map((d) => [d.code, d.municipalities, d.people])).toEqual([
      [AKSY, ["41703211990000"], 3],
      [SUZAK, ["41703220860000", "41703220870000"], 3],
    ]);
    expect(countsOf(jalalAbad!)).toEqual(countsOf(s.total));
    expect(s.total).toMatchObject({ households: 3, people: 6 });
  });

  it("adds the country up: municipalities to districts, districts to oblasts, oblasts to the country", async () => {
    const s = await ready(national, "2026-01-01");
    const byCode = new Map(s.places.map((p) => [p.code, p]));
    expect(s.regions.map((r) => r.code)).toEqual([JALAL_ABAD, OSH]);
    for (const region of s.regions) {
      for (const d of region.districts)
        expect(countsOf(d)).toEqual(sumOf(d.municipalities.map((code) => byCode.get(code)!)));
      expect(countsOf(region)).toEqual(sumOf(region.districts));
    }
    expect(countsOf(s.total)).toEqual(sumOf(s.regions));
    expect(countsOf(s.total)).toEqual(sumOf(s.places));
    expect(s.regions.flatMap((r) => r.districts.flatMap((d) => d.municipalities)).sort()).toEqual(
      MUNICIPALITIES.map((m) => m.code).sort(),
    );
    expect(s.total).toMatchObject({ households: 4, people: 7, male: 7 });
    // A district office reads the same counts, its one district under its oblast.
    const mine = await ready(district, "2026-01-01");
    expect(mine.regions.map((r) => [r.code, r.districts.map((d) => d.code), r.people])).toEqual([
      [JALAL_ABAD, [SUZAK], 3],
    ]);
  });

  it("drops a municipality's kept counts, every day of them, when its register changes, and counts the change next time", async () => {
    await ready(national, "2026-02-01");
    const before = await kept("2026-02-01");
    expect(before).toHaveLength(4);
    const [suzak] = MUNICIPALITIES;
    const res = await clerks[0]!.post("/api/registry/households", {
      villageCode: `${suzak!.code.slice(0, 12)}01`,
      formedOn: "2021-01-01",
      members: [
        {
          relation: "head",
          person: { surname: "Садыкова", givenName: "Айгүл", sex: "female", birthDate: "1990-01-01" },
        },
      ],
    });
    expect(res.statusCode, res.body).toBe(201);
    for (const day of ["2026-01-01", "2026-02-01", "2025-01-01"])
      expect((await kept(day)).map((k) => k.orgId).sort()).toEqual(orgIds.slice(1).sort());
    const after = await ready(national, "2026-02-01");
    expect(after.total).toMatchObject({ households: 5, people: 8, female: 1 });
    expect(after.places.find((p) => p.code === suzak!.code)).toMatchObject({ households: 2, people: 3 });

    // A person corrected (their table alone) drops the counts too: here, a birth date.
    const card = (await clerks[0]!.get(`/api/registry/households/${res.json().id}`)).json();
    const person = (await clerks[0]!.get(`/api/registry/people/${card.members[0].id}`)).json();
    const fix = await clerks[0]!.patch(`/api/registry/people/${person.id}`, {
      birthDate: "2010-01-01",
      version: person.version,
    });
    expect(fix.statusCode, fix.body).toBe(200);
    expect((await kept("2026-02-01")).map((k) => k.orgId)).not.toContain(orgIds[0]);
    const corrected = await ready(national, "2026-02-01");
    expect(corrected.total.byAge.school.female).toBe(1);
    expect(corrected.total.byAge.working.female).toBe(0);
  });

  it("exports an oblast's and the country's summary by oblast and district, each subtotal its rows' sum, and says 'being prepared' while counting", async () => {
    const day = "2023-05-01";
    // Cold and no wait: the file is not ready yet, said in the user's language, and counted meanwhile.
    const cold = await national.get(`/api/registry/summary/export?format=xlsx&on=${day}&scope=readable`);
    expect(cold.statusCode, cold.body).toBe(202);
    expect(cold.json()).toEqual({
      status: "preparing",
      message:
        "Жыйынтык даярдалууда: айыл өкмөттөрүнүн китептери саналып жатат. Бир аздан кийин кайра сураңыз.",
    });
    let xlsx: Awaited<ReturnType<Client["get"]>> | undefined;
    await vi.waitFor(
      async () => {
        xlsx = await national.get(`/api/registry/summary/export?format=xlsx&on=${day}&scope=readable`);
        expect(xlsx.statusCode).toBe(200);
      },
      { timeout: 20_000, interval: 50 },
    );
    expect(xlsx!.headers["content-disposition"]).toContain(`register-summary-${day}.xlsx`);
    const s = await ready(national, day);
    const { header, rows } = await workbookRows(xlsx!.rawPayload);
    expect(header[0]).toBe("Облус / район / айыл өкмөтү");
    expect(header[1]).toBe("Үй чарбалар");
    // Oblast, its districts each followed by their municipalities, then the country's total.
    const ky = (name: Name) => name.ky!;
    const expected = s.regions.flatMap((oblast) => [
      `${ky(oblast.name)} — бардыгы`,
      ...oblast.districts.flatMap((d) => [`${ky(d.name)} — бардыгы`, ...d.municipalities.map(() => "")]),
    ]);
    expect(rows.map((r) => (r.bold ? r.label : ""))).toEqual([...expected, "Бардыгы"]);
    expect(rows).toHaveLength(2 + 3 + 4 + 1);
    const places = rows.filter((r) => !r.bold);
    expect(places.map((r) => r.label).sort()).toEqual(s.places.map((p) => p.name.ky).sort());
    // Each subtotal is the sum of the municipalities beneath it up to the next of its level.
    const subtotalOf = (at: number, stops: (label: string) => boolean) => {
      const end = rows.findIndex((r, i) => i > at && r.bold && stops(r.label));
      return columnSums(rows.slice(at + 1, end).filter((r) => !r.bold));
    };
    const oblastLabels = new Set(s.regions.map((o) => `${ky(o.name)} — бардыгы`));
    rows.forEach((row, i) => {
      if (!row.bold || row.label === "Бардыгы") return;
      const isOblast = oblastLabels.has(row.label);
      expect(row.numbers, row.label).toEqual(
        subtotalOf(i, (label) => !isOblast || oblastLabels.has(label) || label === "Бардыгы"),
      );
    });
    expect(rows.at(-1)!.numbers).toEqual(columnSums(places));
    expect(rows.at(-1)!.numbers.slice(0, 3)).toEqual([
      s.total.households,
      s.total.vulnerableHouseholds,
      s.total.people,
    ]);

    // The CSV carries the same rows, in the Kyrgyz dialect Excel reads: a BOM and ';'.
    const csv = await national.get(`/api/registry/summary/export?format=csv&on=${day}&scope=readable`);
    expect(csv.statusCode).toBe(200);
    expect(csv.body.startsWith("\uFEFF")).toBe(true);
    // Read back as Excel would: separated by ';' (the Kyrgyz dialect), quoted where a cell has a comma.
    expect(csv.body.split("\r\n")[0]).toMatch(/^\uFEFFОблус \/ район \/ айыл өкмөтү;Үй чарбалар;/);
    const lines = parseCsv(csv.body.replace(/^\uFEFF/, "")).map((record) => record.cells);
    expect(lines[0]).toEqual(header);
    expect(lines.slice(1)).toEqual(rows.map((r) => [r.label, ...r.numbers.map(String)]));

    // An oblast's file: its one oblast and its two districts under their subtotals.
    const oblastFile = await oblast.get(`/api/registry/summary/export?format=xlsx&on=${day}&scope=readable`);
    expect(oblastFile.statusCode).toBe(200);
    const fromOblast = await workbookRows(oblastFile.rawPayload);
    expect(fromOblast.rows.filter((r) => r.bold).map((r) => r.label)).toEqual([
      ...expected.filter((label) => label !== "").slice(0, 3),
      "Бардыгы",
    ]);
  });

  it("gives an office what it reads when no scope is named, the summary and its file alike, and refuses in words one that keeps or reads no register", async () => {
    const on = "2025-02-01";
    const readable = await ready(district, on);
    expect(readable.total.people).toBeGreaterThan(0);
    const plain = await district.get(`/api/registry/summary?on=${on}`);
    expect(plain.statusCode, plain.body).toBe(200);
    expect(plain.json()).toEqual(readable);
    const file = (scope: string) => district.get(`/api/registry/summary/export?format=csv&on=${on}${scope}`);
    const [unnamed, named] = [await file(""), await file("&scope=readable")];
    expect([unnamed.statusCode, named.statusCode], unnamed.body).toEqual([200, 200]);
    expect(unnamed.body).toBe(named.body);
    // Not a table of noughts: the total row counts the district's people.
    expect(parseCsv(unnamed.body).at(-1)!.cells).toContain(String(readable.total.people));

    const wua = await login(
      t.app,
      (
        await seedOrganisation(t.database, {
          kind: "water-provider",
          providerType: "wua",
          adminUnitCode: SUZAK,
          users: { director: ["administrator", "auditor"] },
        })
      ).users.director!.username,
    );
    const refusals = [
      [wua, `/api/registry/summary?on=${on}`],
      [wua, `/api/registry/summary/export?format=csv&on=${on}`],
      [wua, `/api/registry/summary/export?format=xlsx&on=${on}&scope=readable`],
      [district, `/api/registry/summary/export?format=csv&on=${on}&scope=organisation`],
    ] as const;
    for (const [who, url] of refusals) {
      const refused = await who.get(`${url}&lang=ru`);
      expect([refused.statusCode, refused.json().code, refused.json().title], url).toEqual([
        422,
        "registry.notAMunicipality",
        "Похозяйственную книгу ведёт только айыл окмоту",
      ]);
    }
  });

  it("keeps a municipality's counts through a write that changes nothing counted, and drops them when one does", async () => {
    const days = ["2026-04-01", "2025-06-01"];
    for (const day of days) await ready(national, day);
    // Aksy's household: a head of 1980, sons of 2000 and 2020.
    const [clerk, orgId, householdId] = [clerks[2]!, orgIds[2]!, households[2]!];
    const keptOf = async () =>
      (
        await withSystem(t.database, (tx) =>
          tx.select().from(registerDayCount).where(eq(registerDayCount.orgId, orgId)),
        )
      )
        .filter((k) => days.includes(k.onDate))
        .map((k) => `${k.onDate} ${k.countedAt.toISOString()}`)
        .sort();
    const before = await keptOf();
    expect(before).toHaveLength(2);
    const card = async () => (await clerk.get(`/api/registry/households/${householdId}`)).json();

    // The phone, the notes and the street: nothing counted changed, the kept days stay as counted.
    const edited = await clerk.patch(`/api/registry/households/${householdId}`, {
      phone: "+996555123456",
      notes: "Үйдүн артында бак бар",
      street: "Ленин көчөсү",
      version: (await card()).version,
    });
    expect(edited.statusCode, edited.body).toBe(200);
    // A person's patronymic: the counts read no names.
    const eldest = (await card()).members.find((m: { givenName: string }) => m.givenName === "Бакыт");
    const renamed = await clerk.patch(`/api/registry/people/${eldest.id}`, {
      patronymic: "Асанович",
      version: (await clerk.get(`/api/registry/people/${eldest.id}`)).json().version,
    });
    expect(renamed.statusCode, renamed.body).toBe(200);
    expect(await keptOf()).toEqual(before);

    // A birth date moves a person to another age band: every kept day of the municipality goes.
    const youngest = (await card()).members.find((m: { givenName: string }) => m.givenName === "Нурлан");
    const born = await clerk.patch(`/api/registry/people/${youngest.id}`, {
      birthDate: "2021-01-01",
      version: (await clerk.get(`/api/registry/people/${youngest.id}`)).json().version,
    });
    expect(born.statusCode, born.body).toBe(200);
    expect(await keptOf()).toEqual([]);
    const aksyOf = (s: Summary) => s.places.find((p) => p.code === MUNICIPALITIES[2]!.code)!;
    // On 2025-06-01 a child born in 2021 is under seven (as one born in 2020 was too), and is counted.
    expect(aksyOf(await ready(national, "2025-06-01"))).toMatchObject({ people: 3, households: 1 });
    await ready(national, "2026-04-01");
    expect(await keptOf()).toHaveLength(2);

    // A membership ended (the middle son leaves): dropped again, and the next summary counts two.
    const middle = (await card()).members.find((m: { givenName: string }) => m.givenName === "Эрмек");
    const left = await clerk.post(`/api/registry/households/${householdId}/events`, {
      kind: "departure",
      occurredOn: "2026-03-01",
      personId: middle.id,
    });
    expect(left.statusCode, left.body).toBe(201);
    expect(await keptOf()).toEqual([]);
    const after = await ready(national, "2026-04-01");
    expect(aksyOf(after)).toMatchObject({ people: 2, households: 1 });
    expect(aksyOf(await ready(national, "2025-06-01")).people).toBe(3);
    expect(countsOf(after.total)).toEqual(sumOf(after.places));
  });

  it("counts those abroad by country, each district and the country the sum, and counts again when a migrant's country is corrected", async () => {
    const day = "2025-06-01";
    // Suzak's two municipalities: the son of the first to Russia, the head of the second too.
    const municipality = (i: number) => ({ clerk: clerks[i]!, householdId: households[i]! });
    const [first, second] = [municipality(0), municipality(1)];
    const memberOf = async (h: typeof first, givenName: string) =>
      (await h.clerk.get(`/api/registry/households/${h.householdId}`))
        .json()
        .members.find((m: { givenName: string }) => m.givenName === givenName);
    /** Each one's labour migration event: gone to a country, or back (null). */
    const migrations = async (occurredOn: string, migration: { country: string } | null) => {
      for (const [h, givenName] of [
        [first, "Эрмек"],
        [second, "Бакыт"],
      ] as const) {
        const recorded = await h.clerk.post(`/api/registry/households/${h.householdId}/events`, {
          kind: "migration",
          occurredOn,
          personId: (await memberOf(h, givenName)).id,
          migration,
        });
        expect(recorded.statusCode, recorded.body).toBe(201);
      }
    };
    await migrations("2025-03-01", { country: "RU" });
    const suzakOf = (s: Summary) => s.regions.flatMap((r) => r.districts).find((d) => d.code === SUZAK)!;
    const before = await ready(national, day);
    expect(before.total.abroadByCountry).toEqual({ RU: 2 });
    expect(suzakOf(before).abroadByCountry).toEqual({ RU: 2 });
    expect((await ready(national, "2025-02-28")).total.abroadByCountry).toEqual({});

    // The second's migrant went to Kazakhstan in fact: its kept counts go, and are counted again.
    const bakyt = await memberOf(second, "Бакыт");
    const corrected = await second.clerk.patch(`/api/registry/people/${bakyt.id}`, {
      migration: { country: "KZ", since: "2025-03-01" },
      version: (await second.clerk.get(`/api/registry/people/${bakyt.id}`)).json().version,
    });
    expect(corrected.statusCode, corrected.body).toBe(200);
    const keptHere = await withSystem(t.database, (tx) =>
      tx.select().from(registerDayCount).where(eq(registerDayCount.orgId, orgIds[1]!)),
    );
    expect(keptHere).toEqual([]);
    const after = await ready(national, day);
    expect(after.total.abroadByCountry).toEqual({ RU: 1, KZ: 1 });
    expect(suzakOf(after).abroadByCountry).toEqual({ RU: 1, KZ: 1 });
    expect(after.total.abroad).toBe(2);
    expect(countsOf(after.total)).toEqual(sumOf(after.places));

    // Both came back: nobody abroad, in any country, from that day.
    await migrations("2025-09-01", null);
    expect((await ready(national, "2025-10-01")).total).toMatchObject({ abroad: 0, abroadByCountry: {} });
  });

  it("drops a municipality's counts when a flag is cleared or a certificate revoked, and counts them again", async () => {
    // Alai's household of one; the certificates counted are the year's to the day, so the day is today.
    const [clerk, orgId, householdId] = [clerks[3]!, orgIds[3]!, households[3]!];
    const today = localDayOf(new Date(), DEFAULT_TIME_ZONE);
    const alai = async () => {
      const s = await ready(national, today);
      return {
        place: s.places.find((p) => p.code === MUNICIPALITIES[3]!.code)!,
        certificates: s.certificates,
      };
    };
    const keptHere = async () => (await kept(today)).some((k) => k.orgId === orgId);
    const before = await alai();
    const flag = await clerk.post(`/api/registry/households/${householdId}/flags`, {
      criterionCode: "social-assistance",
      reason: "Жөлөкпул дайындалган",
      setOn: "2026-01-10",
    });
    expect(flag.statusCode, flag.body).toBe(201);
    expect(await keptHere()).toBe(false);
    expect((await alai()).place.vulnerableHouseholds).toBe(before.place.vulnerableHouseholds + 1);
    expect(await keptHere()).toBe(true);

    // Clearing it is an update of its day: the kept counts go, and the household is counted as before.
    const cleared = await clerk.post(
      `/api/registry/households/${householdId}/flags/${flag.json().id}/clear`,
      {
        reason: "Жөлөкпул токтотулган",
        clearedOn: "2026-02-01",
      },
    );
    expect(cleared.statusCode, cleared.body).toBe(200);
    expect(await keptHere()).toBe(false);
    expect((await alai()).place.vulnerableHouseholds).toBe(before.place.vulnerableHouseholds);

    const card = (await clerk.get(`/api/registry/households/${householdId}`)).json();
    const issued = await clerk.post("/api/certificates", {
      kind: "residence",
      householdId,
      personId: card.members[0].id,
      purpose: "Банкка",
      locale: "ky",
    });
    expect(issued.statusCode, issued.body).toBe(201);
    expect((await alai()).certificates).toEqual({
      issued: before.certificates.issued + 1,
      revoked: before.certificates.revoked,
    });
    const revoked = await clerk.post(`/api/certificates/${issued.json().id}/revoke`, {
      reason: "Ката жазылган",
    });
    expect(revoked.statusCode, revoked.body).toBe(200);
    expect(await keptHere()).toBe(false);
    expect((await alai()).certificates).toEqual({
      issued: before.certificates.issued + 1,
      revoked: before.certificates.revoked + 1,
    });
  });

  it("counts a municipality's day once when two ask for it at the same time", async () => {
    const [one, two] = await Promise.all([
      countDays(t.database, orgIds, "2024-06-01"),
      countDays(t.database, [...orgIds].reverse(), "2024-06-01"),
    ]);
    expect([...one!.entries()].sort()).toEqual([...two!.entries()].sort());
    const rows = await kept("2024-06-01");
    expect(rows).toHaveLength(4);
    // Asked again once kept: read, not counted (the kept row's time does not move).
    await countDays(t.database, orgIds, "2024-06-01");
    const again = await kept("2024-06-01");
    expect(again.map((r) => r.countedAt.getTime()).sort()).toEqual(
      rows.map((r) => r.countedAt.getTime()).sort(),
    );
    // Two requests at once both wait on the same counting and then read it.
    const day = "2024-07-01";
    const answers = await Promise.all([
      national.get(`/api/registry/summary?on=${day}&scope=readable`),
      oblast.get(`/api/registry/summary?on=${day}&scope=readable`),
    ]);
    expect(answers.map((a) => a.statusCode)).toEqual([202, 202]);
    expect((await ready(national, day)).total.people).toBe(8);
    expect(await kept(day)).toHaveLength(4);
  });

  it("fills today's counts of every municipality in the hourly pass, and stops when told", async () => {
    const now = new Date("2026-03-10T20:00:00Z");
    const stopped = new AbortController();
    stopped.abort();
    expect(await countTodayEverywhere(t.database, now, stopped.signal)).toEqual({ counted: 0 });
    expect(await countTodayEverywhere(t.database, now)).toEqual({ counted: 4 });
    // Bishkek is five hours ahead of UTC: its today is the 11th.
    const today = await withSystem(t.database, (tx) =>
      tx
        .select()
        .from(registerDayCount)
        .where(and(eq(registerDayCount.onDate, "2026-03-11"))),
    );
    expect(today).toHaveLength(4);
  });
});
