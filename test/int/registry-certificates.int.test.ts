import { inflateSync } from "node:zlib";
import { sql } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { DEFAULT_TIME_ZONE, localDayOf } from "../../src/domain/shared/local-time.js";
import { paperDate } from "../../src/domain/shared/paper-date.js";
import { rows } from "../../src/server/platform/db.js";
import { withSystem } from "../../src/server/platform/transactions.js";
import { registryDefaults } from "../../src/server/registry/defaults.js";
import {
  applyMigration,
  type Client,
  login,
  seedAimak,
  seedOrganisation,
  startTestApp,
  type TestApp,
} from "../support/app.js";
import { pdfText } from "../support/pdf-text.js";

const AIMAK = "41703220990000";

/** What a certificate says and when it may be issued. */
describe("certificates", () => {
  let t: TestApp;
  let clerk: Client;
  let admin: Client;
  let clerkName: string;
  let villages: string[];

  const person = (over: Record<string, unknown> = {}) => ({
    surname: "Асанов",
    givenName: "Бакыт",
    patronymic: "Нурланович",
    sex: "male",
    birthDate: "1978-04-20",
    ...over,
  });

  /** A household of a head and his newborn daughter, on Жаңы-Жол street; returns its card. */
  async function household() {
    const res = await clerk.post("/api/registry/households", {
      villageCode: villages[0],
      street: "Жаңы-Жол көчөсү",
      house: "5",
      formedOn: "2020-01-01",
      members: [
        { relation: "head", person: person() },
        {
          relation: "daughter",
          person: person({
            givenName: "Айгерим",
            surname: "Асанова",
            patronymic: "Нурлановна",
            sex: "female",
            birthDate: "2026-01-10",
          }),
        },
      ],
    });
    expect(res.statusCode, res.body).toBe(201);
    return (await clerk.get(`/api/registry/households/${res.json().id}`)).json();
  }
  const member = (card: { members: { id: string; givenName: string }[] }, givenName: string) =>
    card.members.find((m) => m.givenName === givenName)!.id;

  const issue = (body: Record<string, unknown>) =>
    clerk.post("/api/certificates", { purpose: "Айыл чарба банкы", locale: "ky", ...body });
  const issuedCount = async () => (await clerk.get("/api/certificates?pageSize=100")).json().items.length;
  const pdfLines = async (id: string) => {
    const pdf = await clerk.get(`/api/certificates/${id}/pdf`);
    expect(pdf.statusCode).toBe(200);
    // Saved from the browser, the file is named by the paper's number, not by its database id.
    const { year, number } = (await clerk.get("/api/certificates?pageSize=100"))
      .json()
      .items.find((c: { id: string }) => c.id === id);
    expect(pdf.headers["content-disposition"]).toBe(
      `inline; filename="certificate-${year}-${String(number).padStart(5, "0")}.pdf"`,
    );
    return pdfText(pdf.rawPayload);
  };

  beforeAll(async () => {
    t = await startTestApp();
    ({ villageCodes: villages } = await seedAimak(t.database, AIMAK, 1));
    const m = await seedOrganisation(t.database, {
      adminUnitCode: AIMAK,
      users: { clerk: ["clerk"], admin: ["administrator"] },
    });
    clerkName = m.users.clerk!.username;
    clerk = await login(t.app, clerkName);
    admin = await login(t.app, m.users.admin!.username);
  });
  afterAll(() => t.close());
  afterEach(() => vi.useRealTimers());

  it("dates a certificate on the day it is issued and numbers it in that day's year, refusing any other day", async () => {
    const card = await household();
    // 15 June 2026 at 16:00 in Bishkek: the clerk signs in on that clock.
    vi.useFakeTimers({ toFake: ["Date"], now: new Date("2026-06-15T10:00:00Z") });
    const june = await login(t.app, clerkName);
    const issue = (body: Record<string, unknown>) =>
      june.post("/api/certificates", { purpose: "Айыл чарба банкы", locale: "ky", ...body });
    const before = await issuedCount();
    for (const issuedOn of ["2020-01-01", "2027-03-01", "2026-06-14"]) {
      const dated = await issue({
        kind: "residence",
        householdId: card.id,
        personId: card.members[0].id,
        issuedOn,
      });
      expect(dated.statusCode, dated.body).toBe(422);
      expect(dated.json().code).toBe("certificates.issuedToday");
      expect(dated.json().title).toBe(
        `Маалымкат берилген күнү менен даталанат, бүгүн (15.06.2026): аны ${paperDate(issuedOn)} менен даталоого болбойт`,
      );
    }
    expect(await issuedCount()).toBe(before);

    const today = await issue({ kind: "residence", householdId: card.id, personId: card.members[0].id });
    const namedToday = await issue({
      kind: "residence",
      householdId: card.id,
      personId: card.members[0].id,
      issuedOn: "2026-06-15",
    });
    expect(today.statusCode, today.body).toBe(201);
    expect(namedToday.statusCode, namedToday.body).toBe(201);
    expect([today.json().year, namedToday.json().year]).toEqual([2026, 2026]);
    const listed = (await june.get("/api/certificates?pageSize=100")).json().items;
    expect(
      listed
        .filter((c: { id: string }) => [today.json().id, namedToday.json().id].includes(c.id))
        .map((c: { issuedOn: string }) => c.issuedOn),
    ).toEqual(["2026-06-15", "2026-06-15"]);
  });

  it("certifies the household's land to a member who is not its head, naming the head as head, with the total area", async () => {
    const card = await household();
    for (const plot of [
      { cadastralNumber: "4-07-12-0001-0123", areaHa: 0.12, category: "garden-plot", tenure: "owned" },
      { cadastralNumber: "4-07-12-0002-0456", areaHa: 1.5, category: "irrigated-arable", tenure: "leased" },
    ]) {
      const added = await clerk.post(`/api/registry/households/${card.id}/land-plots`, {
        ...plot,
        fromDate: "2021-03-01",
      });
      expect(added.statusCode, added.body).toBe(201);
    }
    const daughter = member(card, "Айгерим");
    const ky = await issue({ kind: "land-plots", householdId: card.id, personId: daughter });
    const ru = await issue({ kind: "land-plots", householdId: card.id, personId: daughter, locale: "ru" });
    expect(ky.statusCode, ky.body).toBe(201);
    expect(ru.statusCode, ru.body).toBe(201);

    const kyLines = await pdfLines(ky.json().id);
    const kyText = kyLines.join(" ");
    expect(kyText).not.toContain("башкарган");
    expect(kyText).toContain(
      `№${card.number} үй чарбасынын (үй чарбасынын башчысы — Асанов Бакыт Нурланович)`,
    );
    expect(kyText).toContain(
      "Маалымкатты алуучу — үй чарбасынын мүчөсү Асанова Айгерим Нурлановна, 10.01.2026",
    );
    // Areas as the card writes them, with a decimal comma.
    expect(kyLines).toContain("1 4-07-12-0001-0123 короо-жай участогу менчик 0,12");
    expect(kyLines).toContain("2 4-07-12-0002-0456 сугат айдоо жер ижара 1,50");
    expect(kyLines).toContain("Бардыгы 1,62");

    const ruLines = await pdfLines(ru.json().id);
    expect(ruLines).toContain("Итого 1,62");
    const ruText = ruLines.join(" ");
    expect(ruText).toContain(
      "подтверждает, что Асанова Айгерим Нурлановна, 10.01.2026 г. р., является членом",
    );
    expect(ruText).toContain("(глава хозяйства — Асанов Бакыт Нурланович)");
  });

  it("warns, when no public address is set, that a paper issued on a local address carries a QR code only that computer or network opens", async () => {
    const card = await household();
    const issueAt = (host?: string) =>
      clerk.post(
        "/api/certificates",
        {
          kind: "residence",
          householdId: card.id,
          personId: card.members[0].id,
          purpose: "Банк",
          locale: "ru",
        },
        host ? { host } : {},
      );
    for (const host of ["127.0.0.1:4012", "192.168.1.20:4012", "[::1]:4012", "localhost:4012"]) {
      const issued = await issueAt(host);
      expect(issued.statusCode, issued.body).toBe(201);
      // In the clerk's language, not the paper's; naming the address and who sets the public one.
      expect(issued.json().warnings).toEqual([
        {
          code: "certificates.verifyAddressLocal",
          message: `Бул кагаздагы QR-код http://${host} дарегине алып барат: ал ушул компьютерде же ушул тармакта гана ачылат, жарандын же банктын телефону аны ача албайт. Администратор AIMAK_PUBLIC_URL жөндөөсүнө сырттан ачыла турган даректи жазышы керек.`,
        },
      ]);
    }
    const published = await issueAt("aimak.example.kg");
    expect(published.statusCode, published.body).toBe(201);
    expect(published.json().warnings).toEqual([]);
  });

  it("prints hyphenated words whole, with no space after the hyphen", async () => {
    const card = await household();
    const issued = await issue({
      kind: "family-composition",
      householdId: card.id,
      personId: card.members[0].id,
    });
    expect(issued.statusCode, issued.body).toBe(201);
    const lines = await pdfLines(issued.json().id);
    expect(lines.join("\n")).toMatch(/Жаңы-\n?Жол көчөсү/);
    expect(lines.join("\n")).toMatch(/үй-\n?бүлөсүнүн/);
    expect(lines.filter((line) => /-\s/.test(line))).toEqual([]);
  });

  it("names itself with its number and the page on every page of a paper of more than one, and on none of a paper of one", async () => {
    const names = ["Айбек", "Бакыт", "Нурлан", "Эрлан", "Талант", "Азамат", "Мирлан", "Канат", "Улан"];
    const big = await clerk.post("/api/registry/households", {
      villageCode: villages[0],
      formedOn: "2020-01-01",
      members: [
        { relation: "head", person: person() },
        ...Array.from({ length: 44 }, (_, i) => ({
          relation: "other",
          person: person({
            surname: "Токтосунов",
            givenName: names[i % names.length],
            patronymic: null,
            birthDate: `19${50 + i}-0${1 + (i % 9)}-1${i % 9}`,
          }),
        })),
      ],
    });
    expect(big.statusCode, big.body).toBe(201);
    const card = (await clerk.get(`/api/registry/households/${big.json().id}`)).json();
    const issued = await issue({
      kind: "family-composition",
      householdId: card.id,
      personId: card.members[0].id,
    });
    expect(issued.statusCode, issued.body).toBe(201);
    const { year, number } = issued.json();
    const paperNumber = `${year}-${String(number).padStart(5, "0")}`;
    const lines = await pdfLines(issued.json().id);
    expect(lines.filter((line) => line.includes("-бет, бардыгы"))).toEqual([
      `Маалымкат № ${paperNumber} · 1-бет, бардыгы 2`,
      `Маалымкат № ${paperNumber} · 2-бет, бардыгы 2`,
    ]);
    const small = await issue({ kind: "residence", householdId: card.id, personId: card.members[0].id });
    expect((await pdfLines(small.json().id)).filter((line) => line.includes("-бет"))).toEqual([]);
  });

  it("heads the family's relation column as relation to the head of household, in the certificate's language", async () => {
    const card = await household();
    for (const [locale, heading] of [
      ["ky", "Үй чарбанын башчысына туугандыгы"],
      ["ru", "Родство к главе хозяйства"],
    ] as const) {
      const issued = await issue({
        kind: "family-composition",
        householdId: card.id,
        personId: card.members[0].id,
        locale,
      });
      expect(issued.statusCode, issued.body).toBe(201);
      // The heading may wrap in its column; its words come in order.
      const text = (await pdfLines(issued.json().id)).join(" ").replace(/\s+/g, " ");
      expect(text).toContain(heading);
    }
  });

  it("refuses a paper stating the holder's birth date when the register has none, in the user's language, issuing nothing; wording without it issues", async () => {
    const res = await clerk.post("/api/registry/households", {
      villageCode: villages[0],
      street: "Жаңы-Жол көчөсү",
      house: "9",
      formedOn: "2020-01-01",
      members: [{ relation: "head", person: person({ givenName: "Азиз", birthDate: null }) }],
    });
    expect(res.statusCode, res.body).toBe(201);
    const householdId = res.json().id;
    const head = (await clerk.get(`/api/registry/households/${householdId}`)).json().members[0].id;
    const before = await issuedCount();
    for (const [kind, locale] of [
      ["residence", "ky"],
      ["household-head", "ru"],
      ["family-composition", "ru"],
    ]) {
      const refused = await issue({ kind, householdId, personId: head, locale });
      expect(refused.statusCode, refused.body).toBe(422);
      expect(refused.json().code).toBe("certificates.holderBirthDateUnknown");
      expect(refused.json().title).toBe(
        "Маалымкатта ээсинин туулган күнү жазылат, ал эми реестрде ал жок (Асанов Азиз Нурланович): адегенде туулган күнүн үй чарбанын карточкасында жазыңыз",
      );
    }
    const inRussian = await clerk.post("/api/certificates?lang=ru", {
      kind: "residence",
      householdId,
      personId: head,
      purpose: "банк",
    });
    expect(inRussian.json().title).toBe(
      "В справке указывается дата рождения получателя, а в книге её нет (Асанов Азиз Нурланович): сначала внесите дату рождения в карточке хозяйства",
    );
    expect(await issuedCount()).toBe(before);

    // An administrator's wording that does not state the birth date prints without it.
    const wording = await template("household-head");
    const put = await admin.put("/api/certificate-templates/household-head", {
      version: wording.version,
      texts: {
        ky: { ...wording.texts.ky, body: "{holderName} №{householdNumber} үй чарбасынын башчысы." },
        ru: wording.texts.ru,
      },
    });
    expect(put.statusCode, put.body).toBe(200);
    try {
      const issued = await issue({ kind: "household-head", householdId, personId: head });
      expect(issued.statusCode, issued.body).toBe(201);
      expect((await pdfLines(issued.json().id)).join(" ")).toContain("Асанов Азиз Нурланович №");
    } finally {
      const restored = await admin.put("/api/certificate-templates/household-head", {
        version: put.json().version,
        texts: wording.texts,
      });
      expect(restored.statusCode, restored.body).toBe(200);
    }
  });

  it("refuses, in Kyrgyz, a land certificate with no plots and a livestock one with no livestock, issuing nothing", async () => {
    const card = await household();
    const head = card.members[0].id;
    const before = await issuedCount();
    const land = await issue({ kind: "land-plots", householdId: card.id, personId: head });
    expect(land.statusCode).toBe(422);
    expect(land.json().title).toBe("Үй чарбасында жер участоктору жок: тастыктай турган эч нерсе жок");
    const uncounted = await issue({ kind: "livestock", householdId: card.id, personId: head });
    expect(uncounted.statusCode).toBe(422);
    expect(uncounted.json().title).toBe(
      "Үй чарбасында мал-жандык катталган эмес: тастыктай турган эч нерсе жок",
    );
    const counted = await clerk.put(`/api/registry/households/${card.id}/livestock`, {
      countedOn: "2026-01-01",
      counts: { cattle: 0, "sheep-goats": 0 },
    });
    expect(counted.statusCode, counted.body).toBe(200);
    const none = await issue({ kind: "livestock", householdId: card.id, personId: head });
    expect(none.statusCode).toBe(422);
    expect(none.json().code).toBe("certificates.noLivestock");
    expect(await issuedCount()).toBe(before);

    await clerk.put(`/api/registry/households/${card.id}/livestock`, {
      countedOn: "2026-02-01",
      counts: { cattle: 2, "sheep-goats": 0 },
    });
    const some = await issue({ kind: "livestock", householdId: card.id, personId: head });
    expect(some.statusCode, some.body).toBe(201);
    const lines = await pdfLines(some.json().id);
    expect(lines.join(" ")).toContain(
      "(үй чарбасынын башчысы — Асанов Бакыт Нурланович) 01.02.2026 абалы боюнча",
    );
    expect(lines.some((line) => line.startsWith("бодо мал 2"))).toBe(true);
  });

  it("prints a revoked certificate with a diagonal mark in its language, the day and the reason, and embeds no remote address", async () => {
    const card = await household();
    const issued = { ky: "", ru: "" };
    for (const locale of ["ky", "ru"] as const) {
      const res = await issue({
        kind: "residence",
        householdId: card.id,
        personId: card.members[0].id,
        locale,
      });
      expect(res.statusCode, res.body).toBe(201);
      issued[locale] = res.json().id;
    }
    const valid = await pdfLines(issued.ru);
    expect(valid.join(" ")).not.toContain("ОТОЗВАНА");
    expect(valid.join(" ")).not.toContain("отозвана");

    for (const [locale, reason] of [
      ["ky", "Фамилиясы ката жазылган"],
      ["ru", "Ошибка в фамилии"],
    ] as const) {
      const revoked = await clerk.post(`/api/certificates/${issued[locale]}/revoke`, { reason });
      expect(revoked.statusCode, revoked.body).toBe(200);
    }
    const [listed] = (await clerk.get("/api/certificates?status=revoked&pageSize=1")).json().items;
    // The register names who revoked it, as it names who issued it.
    expect(listed.revokedByName).toBe(listed.issuedByName);
    expect(listed.revokedByName).toEqual(expect.any(String));
    // The day on the municipality's clock (Bishkek), as the paper's issue date is.
    const revokedOn = paperDate(localDayOf(new Date(listed.revokedAt), DEFAULT_TIME_ZONE));
    const ru = await pdfLines(issued.ru);
    // In the words the Russian pages use ("Отозвана"), not another's.
    expect(ru).toContain("ОТОЗВАНА");
    expect(ru.join(" ")).toContain(`Справка отозвана ${revokedOn}. Причина: Ошибка в фамилии`);
    expect(ru.join(" ")).not.toMatch(/аннулир/i);
    expect(ru.join(" ")).not.toContain("ЖОККО");
    const ky = await pdfLines(issued.ky);
    expect(ky).toContain("ЖОККО ЧЫГАРЫЛДЫ");
    expect(ky.join(" ")).toContain(`Маалымкат ${revokedOn} жокко чыгарылды. Себеби: Фамилиясы ката жазылган`);

    // Every stream opened: no address of anything outside the file, and no link to one.
    const pdf = (await clerk.get(`/api/certificates/${issued.ru}/pdf`)).rawPayload;
    const source = pdf.toString("latin1");
    const opened = [...source.matchAll(/stream\r?\n([\s\S]*?)\r?\nendstream/g)].map((m) => {
      const bytes = Buffer.from(m[1]!, "latin1");
      try {
        return inflateSync(bytes).toString("latin1");
      } catch {
        return bytes.toString("latin1");
      }
    });
    for (const text of [source, ...opened]) expect(text).not.toMatch(/https?:|\/URI|\/Launch|\/GoToR/);
  });

  const template = async (kind = "land-plots") =>
    (await admin.get("/api/certificate-templates")).json().find((x: { kind: string }) => x.kind === kind);

  it("refuses wording with an unknown placeholder, an unmatched brace or a malformed choice, naming the mistake and its field", async () => {
    const before = await template("residence");
    const cases = [
      {
        body: "Дана {holdrName}.",
        code: "certificates.templateUnknownPlaceholder",
        title: "Маалымкаттын тексти (ru): белгисиз толтурулуучу талаа «holdrName» (6-белги)",
      },
      {
        body: "Дана {holderName, проживает",
        code: "certificates.templateUnmatchedOpen",
        title: "Маалымкаттын тексти (ru): 6-белгидеги «{» кашаа жабылган эмес",
      },
      {
        body: "Дана {holderName}} в том",
        code: "certificates.templateUnmatchedClose",
        title: "Маалымкаттын тексти (ru): 18-белгидеги «}» кашаа ачылган эмес",
      },
      {
        body: "Дана {holderName}, {sex:он|она|оно} проживает",
        code: "certificates.templateMalformedChoice",
        title:
          "Маалымкаттын тексти (ru): {sex:он|она|оно} тандоосу туура эмес: жынысы боюнча эки түрү жазылат, мисалы {sex:он|она}",
      },
    ];
    for (const c of cases) {
      const put = await admin.put("/api/certificate-templates/residence", {
        version: before.version,
        texts: { ky: before.texts.ky, ru: { title: before.texts.ru.title, body: c.body } },
      });
      expect(put.statusCode, put.body).toBe(422);
      expect(put.json().code).toBe(c.code);
      expect(put.json().title).toBe(c.title);
      expect(put.json().errors).toEqual([
        expect.objectContaining({ path: "texts.ru.body", code: c.code.replace("certificates.", "") }),
      ]);
    }
    const title = await admin.put("/api/certificate-templates/residence", {
      version: before.version,
      texts: { ky: { ...before.texts.ky, title: "{title}" }, ru: before.texts.ru },
    });
    expect(title.statusCode).toBe(422);
    expect(title.json().title).toBe(
      "Маалымкаттын тексти (ky): белгисиз толтурулуучу талаа «title» (1-белги)",
    );
    expect(title.json().errors[0].path).toBe("texts.ky.title");
    expect(await template("residence")).toEqual(before);
  });

  it("refuses to issue from wording saved before it was checked, naming the kind and asking an administrator to correct it, writing nothing", async () => {
    const before = await template("residence");
    // Wording saved before it was checked went into the table as it was typed.
    const broken = {
      ...before.texts,
      ru: { ...before.texts.ru, body: "Дана {holdrName} в том, что {адрес}" },
    };
    await withSystem(t.database, (tx) =>
      tx.execute(
        sql`update certificate_template set texts = ${JSON.stringify(broken)}::jsonb where id = ${before.id}`,
      ),
    );
    try {
      const card = await household();
      const body = { kind: "residence", householdId: card.id, personId: member(card, "Бакыт") };
      const stored = () =>
        withSystem(t.database, (tx) =>
          rows(
            tx,
            sql`select (select count(*)::int from certificate) as certificates,
                  (select coalesce(sum(last), 0)::int from certificate_counter) as numbers,
                  (select count(*)::int from audit_event where entity = 'certificate') as audited`,
          ),
        );
      const was = await stored();
      const ru = await issue({ ...body, locale: "ru" });
      expect(ru.statusCode, ru.body).toBe(422);
      expect(ru.json().code).toBe("certificates.templateBroken");
      expect(ru.json().title).toBe(
        "«Жашаган жери» маалымкатынын тексти (ru) азыркы эрежелерге туура келбейт. Белгисиз толтурулуучу талаа «holdrName» (6-белги). Администратор аны жөндөөлөрдө оңдомоюнча бул маалымкат берилбейт.",
      );
      expect(await stored()).toEqual(was);
      // In the clerk's other language too.
      expect((await clerk.patch("/api/me", { locale: "ru" })).statusCode).toBe(200);
      try {
        expect((await issue({ ...body, locale: "ru" })).json().title).toBe(
          "Текст справки «С места жительства» (ru) не соответствует действующим правилам. Неизвестная подстановка «holdrName» (позиция 6). Пока администратор не исправит его в настройках, такая справка не выдаётся.",
        );
      } finally {
        await clerk.patch("/api/me", { locale: "ky" });
      }
      // The Kyrgyz wording of the kind is sound: a Kyrgyz paper is issued.
      expect((await issue({ ...body, locale: "ky" })).statusCode).toBe(201);
      // Saving names every mistake of every field, not only the first, each where it stands.
      const still = await admin.put("/api/certificate-templates/residence?lang=en", {
        version: before.version,
        texts: { ...broken, ky: { ...broken.ky, title: "{title}" } },
      });
      expect(still.statusCode).toBe(422);
      expect(still.json().errors.map((e: { path: string; code: string }) => [e.path, e.code])).toEqual([
        ["texts.ky.title", "templateUnknownPlaceholder"],
        ["texts.ru.body", "templateUnknownPlaceholder"],
        ["texts.ru.body", "templateUnknownPlaceholder"],
      ]);
      expect(
        still
          .json()
          .errors.slice(1)
          .map((e: { message: string }) => e.message),
      ).toEqual([
        "Unknown placeholder “holdrName” (character 6)",
        "Unknown placeholder “адрес” (character 29)",
      ]);
      // Once an administrator corrects it, the Russian paper is issued.
      const corrected = await admin.put("/api/certificate-templates/residence", {
        version: before.version,
        texts: before.texts,
      });
      expect(corrected.statusCode, corrected.body).toBe(200);
      expect((await issue({ ...body, locale: "ru" })).statusCode).toBe(201);
    } finally {
      await withSystem(t.database, (tx) =>
        tx.execute(
          sql`update certificate_template set texts = ${JSON.stringify(before.texts)}::jsonb where id = ${before.id}`,
        ),
      );
    }
  });

  it("writes the form the holder's sex asks for, from a wording saved with a choice", async () => {
    const before = await template("residence");
    const ru = {
      title: "Справка с места жительства",
      body: "Дана {holderName} в том, что {sex:он|она} {sex:зарегистрирован|зарегистрирована} по адресу: {address}.",
    };
    const put = await admin.put("/api/certificate-templates/residence", {
      version: before.version,
      texts: { ky: before.texts.ky, ru },
    });
    expect(put.statusCode, put.body).toBe(200);
    const card = await household();
    const text = async (personId: string) => {
      const issued = await issue({ kind: "residence", householdId: card.id, personId, locale: "ru" });
      expect(issued.statusCode, issued.body).toBe(201);
      return (await pdfLines(issued.json().id)).join(" ");
    };
    expect(await text(card.members[0].id)).toContain("Асанов Бакыт Нурланович в том, что он зарегистрирован");
    expect(await text(member(card, "Айгерим"))).toContain(
      "Асанова Айгерим Нурлановна в том, что она зарегистрирована",
    );
    const back = await admin.put("/api/certificate-templates/residence", {
      version: put.json().version,
      texts: before.texts,
    });
    expect(back.statusCode, back.body).toBe(200);
  });

  it("issues a Russian paper without a Russian address but says so, and the profile names what Russian papers lack", async () => {
    const before = (await admin.get("/api/organisation")).json();
    const withoutRu = await admin.patch("/api/organisation", {
      version: before.version,
      details: { ...before.details, address: "Жаңы-Жол айылы, Ленин көчөсү, 1", addressRu: undefined },
    });
    expect(withoutRu.statusCode, withoutRu.body).toBe(200);
    try {
      // Anyone who issues papers reads it from the profile, before issuing.
      expect((await clerk.get("/api/organisation")).json().paperGaps).toEqual([
        { locale: "ru", field: "addressRu" },
      ]);
      const card = await household();
      const body = { kind: "residence", householdId: card.id, personId: member(card, "Бакыт") };
      const ru = await issue({ ...body, locale: "ru" });
      expect(ru.statusCode, ru.body).toBe(201);
      expect(ru.json().paperGaps).toEqual([{ locale: "ru", field: "addressRu" }]);
      // Issued all the same, with the Kyrgyz address in place of the Russian one.
      expect((await pdfLines(ru.json().id)).join(" ")).toContain("Жаңы-Жол айылы, Ленин көчөсү, 1");
      // A Kyrgyz paper lacks nothing.
      const ky = await issue({ ...body, locale: "ky" });
      expect(ky.json().paperGaps).toEqual([]);

      const current = (await admin.get("/api/organisation")).json();
      const entered = await admin.patch("/api/organisation", {
        version: current.version,
        details: { ...current.details, addressRu: "с. Жаны-Жол, ул. Ленина, 1" },
      });
      expect(entered.statusCode, entered.body).toBe(200);
      expect((await clerk.get("/api/organisation")).json().paperGaps).toEqual([]);
      const again = await issue({ ...body, locale: "ru" });
      expect(again.json().paperGaps).toEqual([]);
      expect((await pdfLines(again.json().id)).join(" ")).toContain("с. Жаны-Жол, ул. Ленина, 1");
    } finally {
      const current = (await admin.get("/api/organisation")).json();
      await admin.patch("/api/organisation", { version: current.version, details: before.details });
    }
  });

  it("prints a Russian certificate in Russian: the Russian address, the village's Russian name, relations by sex", async () => {
    const profile = async () => (await admin.get("/api/organisation")).json();
    const before = await profile();
    const kyrgyzLetters = await admin.patch("/api/organisation", {
      version: before.version,
      details: { ...before.details, addressRu: "Жаңы-Жол айылы" },
    });
    expect(kyrgyzLetters.statusCode).toBe(400);
    expect(kyrgyzLetters.json().errors).toEqual([
      expect.objectContaining({
        path: "details.addressRu",
        message: "Орусча даректе ң, ө, ү тамгалары болбойт: орусча жазыңыз (мисалы, Жаны-Жол)",
      }),
    ]);
    expect(await profile()).toEqual(before);
    const saved = await admin.patch("/api/organisation", {
      version: before.version,
      details: {
        ...before.details,
        address: "Жаңы-Жол айылы, Ленин көчөсү, 1",
        addressRu: "с. Жаны-Жол, ул. Ленина, 1",
      },
    });
    expect(saved.statusCode, saved.body).toBe(200);

    const res = await clerk.post("/api/registry/households", {
      villageCode: villages[0],
      formedOn: "2020-01-01",
      members: [
        { relation: "head", person: person() },
        {
          relation: "spouse",
          person: person({ givenName: "Гүлзат", surname: "Асанова", sex: "female", patronymic: null }),
        },
        {
          relation: "grandchild",
          person: person({
            givenName: "Айдай",
            surname: "Асанова",
            sex: "female",
            birthDate: "2019-05-05",
            patronymic: null,
          }),
        },
      ],
    });
    expect(res.statusCode, res.body).toBe(201);
    const body = {
      kind: "family-composition",
      householdId: res.json().id,
      personId: undefined as string | undefined,
    };
    const card = (await clerk.get(`/api/registry/households/${res.json().id}`)).json();
    body.personId = card.members.find((m: { relation: string }) => m.relation === "spouse").id;
    const ru = await issue({ ...body, locale: "ru" });
    const ky = await issue({ ...body, locale: "ky" });
    expect([ru.statusCode, ky.statusCode]).toEqual([201, 201]);

    const ruLines = await pdfLines(ru.json().id);
    const ruText = ruLines.join(" ");
    expect(ruText).toContain("с. Жаны-Жол, ул. Ленина, 1");
    expect(ruText).not.toContain("Ленин көчөсү");
    expect(ruText).toContain("по адресу: Село 1");
    expect(ruText).not.toContain("Айыл 1");
    expect(ruText).toContain("Асанова Гүлзат, 20.04.1978 г. р., зарегистрирована");
    expect(ruLines.some((l) => /Асанова Гүлзат жена/.test(l))).toBe(true);
    expect(ruLines.some((l) => /Асанова Айдай внучка/.test(l))).toBe(true);
    expect(ruText).not.toMatch(/супруг|\(а\)|внук\//);
    const kyText = (await pdfLines(ky.json().id)).join(" ");
    expect(kyText).toContain("Жаңы-Жол айылы, Ленин көчөсү, 1");
    expect(kyText).toContain("Асанова Гүлзат аялы");
    expect(kyText).toContain("Айыл 1");

    await admin.patch("/api/organisation", { version: saved.json().version, details: before.details });
  });

  it("names the head's brothers and sisters on the family's certificate by who is older (агасы, карындашы)", async () => {
    const sibling = (relation: string, givenName: string, sex: string, birthDate: string) => ({
      relation,
      person: person({ givenName, sex, birthDate, patronymic: null }),
    });
    const res = await clerk.post("/api/registry/households", {
      villageCode: villages[0],
      formedOn: "2020-01-01",
      members: [
        { relation: "head", person: person() },
        sibling("brother", "Султан", "male", "1970-02-02"),
        sibling("brother", "Нурбек", "male", "1985-03-03"),
        sibling("sister", "Бермет", "female", "1975-04-04"),
        sibling("sister", "Чолпон", "female", "1990-05-05"),
      ],
    });
    expect(res.statusCode, res.body).toBe(201);
    const household = (await clerk.get(`/api/registry/households/${res.json().id}`)).json();
    const issued = await issue({
      kind: "family-composition",
      householdId: household.id,
      personId: member(household, "Бакыт"),
    });
    expect(issued.statusCode, issued.body).toBe(201);
    const text = (await pdfLines(issued.json().id)).join(" ");
    expect(text).toContain("Асанов Султан агасы");
    expect(text).toContain("Асанов Нурбек иниси");
    expect(text).toContain("Асанов Бермет эжеси");
    expect(text).toContain("Асанов Чолпон карындашы");
    expect(text).not.toContain("/");
  });

  it("gives a municipality the new land wording where it kept the old default, and keeps what its administrator wrote", async () => {
    // The wording every municipality was given before migration 0033, which called the holder the head.
    const oldDefault = {
      ky: {
        title: "Үй чарбасынын жер участоктору жөнүндө маалымкат",
        body: "Ушул маалымкат {holderName} башкарган, {address} дарегиндеги үй чарбасынын пайдалануусунда төмөнкү жер участоктору бар экенин тастыктайт. Маалымкат {purpose} үчүн берилди.",
      },
      ru: {
        title: "Справка о земельных участках хозяйства",
        body: "Дана {holderName} в том, что в пользовании хозяйства по адресу: {address} находятся следующие земельные участки. Справка выдана для предъявления: {purpose}.",
      },
    };
    const edited = { title: "Справка о земле", body: "Дана {holderName}: участки хозяйства {address}." };
    const livestock = await template("livestock");
    const put = await admin.put("/api/certificate-templates/land-plots", {
      version: (await template()).version,
      texts: { ky: oldDefault.ky, ru: edited },
    });
    expect(put.statusCode, put.body).toBe(200);

    // 0039 rewords the last sentence of the defaults 0033 wrote: the two together give today's.
    await applyMigration(t.database, "0033_certificate_templates_name_the_head.sql");
    await applyMigration(t.database, "0039_certificate_templates_say_where_presented.sql");
    const after = await template();
    expect(after.version).toBe(put.json().version + 2);
    expect(after.texts).toEqual({ ky: registryDefaults().certificateTemplates["land-plots"].ky, ru: edited });
    // Given the new wording when it was created: nothing to replace.
    expect(await template("livestock")).toEqual(livestock);
  });

  it("says where the paper is to be presented as the form asks it, in Kyrgyz and in Russian", async () => {
    const card = await household();
    const personId = member(card, "Бакыт");
    const ky = await issue({
      kind: "family-composition",
      householdId: card.id,
      personId,
      purpose: "мектепке",
    });
    const ru = await issue({
      kind: "residence",
      householdId: card.id,
      personId,
      purpose: "в школу",
      locale: "ru",
    });
    expect(ky.statusCode, ky.body).toBe(201);
    expect(ru.statusCode, ru.body).toBe(201);
    expect((await pdfLines(ky.json().id)).join(" ")).toContain("Маалымкат мектепке көрсөтүү үчүн берилди.");
    expect((await pdfLines(ru.json().id)).join(" ")).toContain("Справка выдана для предъявления в школу.");
  });

  it("rewords the defaults a municipality kept as they were (0039, 0053), and keeps what its administrator wrote", async () => {
    // The wording every municipality had before migration 0039.
    const familyKy = {
      title: "Үй-бүлөнүн курамы жөнүндө маалымкат",
      body: "Ушул маалымкат {holderName}, {holderBirthDate} туулган, {address} дареги боюнча катталганын жана анын үй-бүлөсүнүн курамы төмөнкүдөй экенин тастыктайт. Маалымкат {purpose} үчүн берилди.",
    };
    const residenceRu = {
      title: "Справка с места жительства",
      body: "Дана {holderName}, {holderBirthDate} г. р., в том, что {sex:он|она} действительно проживает по адресу: {address}. Справка выдана для предъявления: {purpose}.",
    };
    const edited = { title: "Маалымкат", body: "{holderName} — {address}. {purpose} үчүн." };
    const defaults = registryDefaults().certificateTemplates;
    for (const [kind, texts] of [
      ["family-composition", { ky: familyKy, ru: edited }],
      ["residence", { ky: edited, ru: residenceRu }],
    ] as const) {
      const put = await admin.put(`/api/certificate-templates/${kind}`, {
        version: (await template(kind)).version,
        texts,
      });
      expect(put.statusCode, put.body).toBe(200);
    }
    const family = await template("family-composition");

    const residence = await template("residence");

    // 0039 and then 0053 (the Russian wording without a dative) bring a kept default to today's.
    await applyMigration(t.database, "0039_certificate_templates_say_where_presented.sql");
    await applyMigration(t.database, "0053_certificate_templates_russian_without_dative.sql");
    const after = await template("family-composition");
    expect(after.version).toBe(family.version + 1);
    expect(after.texts).toEqual({ ky: defaults["family-composition"].ky, ru: edited });
    const residenceAfter = await template("residence");
    expect(residenceAfter.version).toBe(residence.version + 2);
    expect(residenceAfter.texts).toEqual({ ky: edited, ru: defaults.residence.ru });
    expect(defaults["family-composition"].ky.body).toContain("Маалымкат {purpose} көрсөтүү үчүн берилди.");
    expect(defaults.residence.ru.body).toMatch(/^Настоящая справка подтверждает, что \{holderName\}/);
  });
});
