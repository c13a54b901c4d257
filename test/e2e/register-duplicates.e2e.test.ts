import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { DEMO_PASSWORD } from "../../src/server/demo/seed.js";
import { findSharedKeys } from "../../src/server/registry/counted-twice.js";
import { type Client, householdOfOne, login, seedAimak, seedOrganisation } from "../support/app.js";
import { holdAnswers, importBook, serverAndBrowser, shot, signIn } from "./support/server.js";

const NEIGHBOUR = "41703220988000";
/** Groups the page shows at a time (GROUPS_PAGE in src/web/pages/duplicates.tsx). */
const GROUPS_PAGE = 20;

describe("the register's duplicates page, worked through to the end", () => {
  const shared = serverAndBrowser();
  let clerk: Client;
  let village: string;

  /** A page at desktop size, signed in as the demo's user, in Kyrgyz. */
  async function kyrgyzPage(username: string) {
    const { server, browser } = shared;
    const page = await (await browser.newContext({ viewport: { width: 1366, height: 768 } })).newPage();
    await signIn(page, server.url, username);
    await page.selectOption(".topbar select", "ky");
    return page;
  }
  const groupsTotal = async () =>
    (await clerk.get("/api/registry/duplicates?limit=1")).json().total as number;
  const register = (surname: string, givenName: string, birthDate: string, pin?: string) =>
    householdOfOne(clerk, {
      villageCode: village,
      formedOn: "2020-01-01",
      head: { surname, givenName, sex: "male", birthDate, ...(pin ? { pin } : {}) },
    });

  /**
   * One person entered twice, the two records mergeable: the head of his own household, and a son
   * who left his parents' (a merge refuses two current members). With a PIN, the son is entered and
   * leaves first: the register takes a PIN that someone in a household holds only once he has left.
   */
  async function mergeablePair(surname: string, givenName: string, birthDate: string, pin?: string) {
    const own = pin ? undefined : await register(surname, givenName, birthDate);
    const parents = await clerk.post("/api/registry/households", {
      villageCode: village,
      formedOn: "2020-01-01",
      members: [
        { relation: "head", person: { surname, givenName: "Болот", sex: "male", birthDate: "1960-01-01" } },
        {
          relation: "son",
          person: { surname, givenName, sex: "male", birthDate, ...(pin ? { pin } : {}) },
        },
      ],
    });
    expect(parents.statusCode, parents.body).toBe(201);
    const card = (await clerk.get(`/api/registry/households/${parents.json().id}`)).json();
    const son = card.members.find((m: { givenName: string }) => m.givenName === givenName);
    const left = await clerk.post(`/api/registry/households/${card.id}/events`, {
      kind: "departure",
      occurredOn: "2024-09-01",
      personId: son.id,
      destination: "Ош",
    });
    expect(left.statusCode, left.body).toBe(201);
    return own ?? (await register(surname, givenName, birthDate, pin));
  }

  it("pages through the groups, counts them, and stays on a page that still has groups after a merge", async () => {
    const { server } = shared;
    clerk = await login(server.app, "clerk", DEMO_PASSWORD);
    village = (await clerk.get("/api/registry/villages")).json()[0].code;
    // Pairs entered twice, up to one more than a page; the last one mergeable (see below).
    const pairs = GROUPS_PAGE + 1 - (await groupsTotal());
    expect(pairs).toBeGreaterThan(1);
    for (let i = 1; i < pairs; i++) {
      const birthDate = `1990-01-${String(i).padStart(2, "0")}`;
      await register("Кайталанов", "Азамат", birthDate);
      await register("Кайталанов", "Азамат", birthDate);
    }
    await mergeablePair("Эшимов", "Нурбек", "1995-05-05");
    const total = await groupsTotal();
    expect(total).toBe(GROUPS_PAGE + 1);

    const page = await kyrgyzPage("clerk");
    await page.goto(`${server.url}/register/duplicates`);
    await page.waitForSelector("ul.duplicates");
    await expect.poll(() => page.textContent("p.count")).toBe(`Табылган топтор: ${total}`);
    expect(await page.locator("ul.duplicates > li").count()).toBe(GROUPS_PAGE);
    const pager = page.locator("ul.duplicates + nav.pager");
    expect(await pager.textContent()).toContain("1-барак");
    expect(await pager.getAttribute("aria-label")).toBe("Кайталанган жазуулар");
    // The list of people registered elsewhere fits one page: no pager of its own. That list loads apart
    // from the groups awaited above: looked at once it has come.
    await page.waitForLoadState("networkidle");
    expect(await page.locator("section.registered-elsewhere nav.pager").count()).toBe(0);
    await pager.locator("button[data-go=next]").click();
    await expect.poll(() => page.locator("ul.duplicates > li").count()).toBe(1);
    expect(new URL(page.url()).searchParams.get("page")).toBe("2");
    expect(await pager.locator("button[data-go=next]").count()).toBe(0);
    const last = page.locator("ul.duplicates > li");
    expect(await last.textContent()).toContain("Эшимов Нурбек");
    await shot(page, "26b-duplicates-last-page");

    // Merging the last page's only group: the page before it, not an empty one.
    await last.locator("button", { hasText: "Биринчиге бириктирүү" }).click();
    await last.locator(".merge-confirm button", { hasText: "Ооба, бириктирүү" }).click();
    await expect.poll(() => page.textContent("p.count")).toBe(`Табылган топтор: ${total - 1}`);
    await expect.poll(() => new URL(page.url()).searchParams.get("page")).toBe(null);
    // The page before is read anew once the address says so: its groups, when they have come.
    await expect.poll(() => page.locator("ul.duplicates > li").count()).toBe(GROUPS_PAGE);
    expect(await pager.locator("button[data-go=next]").count()).toBe(0);
    expect(await page.textContent("ul.duplicates")).not.toContain("Эшимов Нурбек");
    // Its page gone, the merge is said above the page before.
    expect(await page.textContent("p.merge-done")).toContain("Бириктирилди. Калган жазуу: Эшимов Нурбек");
  });

  it("asks before merging, naming the record kept and the one merged into it, and says the merge where the group was", async () => {
    const { server } = shared;
    // Two pairs after the page's worth: the second page's two groups, in this order (two families,
    // or their fathers would be a group too).
    const first = await mergeablePair("Абдыкеримов", "Тимур", "1993-03-03");
    await mergeablePair("Бообеков", "Бакыт", "1994-04-04");
    const total = await groupsTotal();
    expect(total).toBe(GROUPS_PAGE + 2);

    const page = await kyrgyzPage("clerk");
    await page.goto(`${server.url}/register/duplicates?page=2`);
    const timur = page.locator("ul.duplicates > li.card", { hasText: "Абдыкеримов Тимур" });
    await expect.poll(() => timur.locator("ol > li").count()).toBe(2);
    const records = timur.locator("ol > li");
    // The first record kept unless the clerk chooses another; the second kept, the button beside
    // the first says so.
    expect(await records.nth(1).locator("button").textContent()).toBe("Биринчиге бириктирүү");
    expect(await records.nth(0).locator("button").count()).toBe(0);
    await records.nth(1).locator("input[type=radio]").check();
    expect(await records.nth(1).locator("button").count()).toBe(0);
    const merge = records.nth(0).locator("button");
    expect(await merge.textContent()).toBe("Экинчиге бириктирүү");

    // Asked, then cancelled: nothing merged.
    await merge.click();
    const confirm = timur.locator(".merge-confirm");
    await expect.poll(() => confirm.textContent()).toContain("Бул эки жазууну бириктиресизби?");
    const [kept, merged] = (await confirm.locator("p").allTextContents()).slice(1, 3);
    // The son who left his parents' household has none; the head is of his own, № first.number.
    expect(kept).toBe("Калат: Абдыкеримов Тимур, 03.03.1993, ПИН белгисиз");
    expect(merged).toBe(`Ага кошулат: Абдыкеримов Тимур, 03.03.1993, ПИН белгисиз — № ${first.number}`);
    expect(await confirm.textContent()).toContain("Бириктирүүнү артка кайтарууга болбойт.");
    // The plan: the kept son's stay with his parents stands; his own household starts when he left them.
    await expect
      .poll(() => confirm.locator(".merge-plan").textContent())
      .toContain(
        `Калтырылган жазуу өз үй чарбаларында калат.Экинчи жазуунун мүчөлүктөрү:№ ${first.number} (01.01.2020 – бүгүн): 01.09.2024 – бүгүн мөөнөтүнө кыскарат.`,
      );
    await shot(page, "26e-duplicates-confirm");
    await confirm.locator("button", { hasText: "Жокко чыгаруу" }).click();
    await expect.poll(() => confirm.count()).toBe(0);
    expect(await groupsTotal()).toBe(total);
    expect(await page.textContent("p.count")).toBe(`Табылган топтор: ${total}`);
    expect(await page.locator(".merge-done").count()).toBe(0);
    // Choosing another record to keep withdraws a question asked of the first.
    await merge.click();
    await expect.poll(() => confirm.count()).toBe(1);
    await records.nth(0).locator("input[type=radio]").check();
    expect(await confirm.count()).toBe(0);
    expect(await groupsTotal()).toBe(total);

    // Confirmed on a slow link: the question stays, saying the merge is on its way, and nothing
    // can be pressed again until the answer.
    await records.nth(1).locator("input[type=radio]").check();
    await merge.click();
    const release = await holdAnswers(page, /\/merge$/);
    await confirm.locator("button", { hasText: "Ооба, бириктирүү" }).click();
    const onItsWay = confirm.locator("button.primary");
    await expect.poll(() => onItsWay.textContent()).toBe("Бириктирилүүдө…");
    expect(await onItsWay.isDisabled()).toBe(true);
    expect(await confirm.locator("button", { hasText: "Жокко чыгаруу" }).isDisabled()).toBe(true);
    expect(await merge.isDisabled()).toBe(true);
    release();
    // Then the group's place says what was kept, before the group that followed it.
    await expect.poll(() => page.textContent("p.count")).toBe(`Табылган топтор: ${total - 1}`);
    const items = page.locator("ul.duplicates > li");
    await expect.poll(() => items.count()).toBe(2);
    expect(await items.nth(0).getAttribute("role")).toBe("status");
    expect(await items.nth(0).textContent()).toBe(
      "Бириктирилди. Калган жазуу: Абдыкеримов Тимур, 03.03.1993, ПИН белгисиз",
    );
    expect(await items.nth(1).textContent()).toContain("Бообеков Бакыт");
    await shot(page, "26f-duplicates-merged");
    // The merge moved the head's membership to the record kept: he heads his household still.
    const card = (await clerk.get(`/api/registry/households/${first.id}`)).json();
    expect(card.members.map((m: { givenName: string }) => m.givenName)).toEqual(["Тимур"]);
    // The merged record's id is gone, and names the record kept.
    const gone = await clerk.get(`/api/registry/people/${first.members[0].id}`);
    expect(gone.statusCode).toBe(410);
    expect(gone.json().mergedInto.name).toBe("Абдыкеримов Тимур");

    // The last group of the page merged too: the page before, with the note above it.
    await items.nth(1).locator("button", { hasText: "Биринчиге бириктирүү" }).click();
    await page.locator(".merge-confirm button", { hasText: "Ооба, бириктирүү" }).click();
    await expect.poll(() => page.textContent("p.count")).toBe(`Табылган топтор: ${total - 2}`);
    await expect.poll(() => new URL(page.url()).searchParams.get("page")).toBe(null);
    expect(await page.textContent("p.merge-done")).toContain("Калган жазуу: Бообеков Бакыт");
  });

  it("lists our people another municipality holds too, links each to its card, and downloads the list", async () => {
    const { server } = shared;
    const { villageCodes } = await seedAimak(server.database, NEIGHBOUR, 1);
    const neighbour = await seedOrganisation(server.database, {
      adminUnitCode: NEIGHBOUR,
      name: { ky: "Кошуна айыл өкмөтү", ru: "Соседний айыл окмоту" },
      users: { clerk: ["clerk"] },
    });
    const theirs = await login(server.app, neighbour.users.clerk!.username);
    // Entered twice here, once as a son who has since left his parents: both records held there.
    const ours = await mergeablePair("Сейитбеков", "Нурлан", "1988-08-08", "20808198800012");
    // Moved there and registered anew, under a name spelt otherwise: the PIN decides.
    await householdOfOne(theirs, {
      villageCode: villageCodes[0]!,
      formedOn: "2024-01-01",
      head: {
        surname: "Сейитбеков",
        givenName: "Нурлантбек",
        sex: "male",
        birthDate: "1988-08-08",
        pin: "20808198800012",
      },
    });

    const page = await kyrgyzPage("clerk");
    // The pair is the last group, on the second page.
    await page.goto(`${server.url}/register/duplicates?page=2`);
    const section = page.locator("section.registered-elsewhere");
    await expect.poll(() => section.textContent()).toContain("Башка уюмда да катталгандар");
    // Only the record our book counts: the son who left his parents' household is counted there no more.
    const rows = section.locator("tbody tr", { hasText: "Сейитбеков Нурлан" });
    await expect.poll(() => rows.count()).toBe(1);
    // Merged, the two records are one: still the one row, read again after the merge.
    // (One pair, one group: the same PIN; not once more by the same name and birth date.)
    // The groups load apart from the section above: polled, not read once.
    await expect
      .poll(() => page.locator("ul.duplicates > li", { hasText: "Сейитбеков Нурлан" }).count())
      .toBe(1);
    const listed = page.waitForResponse((r) => r.url().includes("/api/registry/duplicates/elsewhere?"));
    const pair = page.locator("ul.duplicates > li", { hasText: "Сейитбеков Нурлан" }).first();
    await pair.locator("button", { hasText: "Биринчиге бириктирүү" }).click();
    await pair.locator(".merge-confirm button", { hasText: "Ооба, бириктирүү" }).click();
    await listed;
    await expect
      .poll(() => page.locator("ul.duplicates > li", { hasText: "Сейитбеков Нурлан" }).count())
      .toBe(0);
    expect(await rows.count()).toBe(1);
    const row = rows;
    await expect.poll(() => row.textContent()).toContain("Кошуна айыл өкмөтү");
    expect(await row.textContent()).toContain("ПИН бирдей");
    // Only the other's name: never its record.
    expect(await section.textContent()).not.toContain("Нурлантбек");
    const { total } = (await clerk.get("/api/registry/duplicates/elsewhere?limit=1")).json();
    expect(await section.locator("span.count").textContent()).toBe(`Табылды: ${total}`);
    await section.scrollIntoViewIfNeeded();
    await shot(page, "26c-registered-elsewhere");

    const [download] = await Promise.all([
      page.waitForEvent("download"),
      section.locator("a", { hasText: "Excel'ге чыгаруу" }).click(),
    ]);
    expect(download.suggestedFilename()).toBe("registered-elsewhere.xlsx");
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile((await download.path())!);
    const lines: string[] = [];
    book.worksheets[0]!.eachRow((r) => {
      // A birth date is the spreadsheet's own date: written here as its day.
      const cells = (r.values as unknown[]).slice(1);
      lines.push(cells.map((c) => (c instanceof Date ? c.toISOString().slice(0, 10) : c)).join("|"));
    });
    expect(lines).toHaveLength(total + 1);
    expect(lines).toContain(
      `${ours.number}|Сейитбеков|Нурлан||1988-08-08|20808198800012|ПИН бирдей|Кошуна айыл өкмөтү`,
    );

    await row.locator("a", { hasText: `№ ${ours.number}` }).click();
    await page.waitForSelector("table.members");
    expect(new URL(page.url()).pathname).toBe(`/register/households/${ours.id}`);
    expect(await page.textContent("table.members")).toContain("Сейитбеков");
  });

  it("tells the clerk of an import that found more than it shows where the whole list is, once the book is written", async () => {
    const { server } = shared;
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet("Book");
    sheet.addRow(["Чарба №", "Айылдын коду", "Туугандыгы", "Фамилиясы", "Аты", "Жынысы", "Туулган күнү"]);
    // Registered already here (the previous test's), so the report has a row to show: a household
    // of him alone, left out of the write (one with new people beside him would be refused).
    sheet.addRow(["B1", village, "үй чарбанын башчысы", "Сейитбеков", "Нурлан", "эркек", "08.08.1988"]);
    // Not in Cyrillic: the file is not written until the clerk accepts the valid household.
    sheet.addRow(["B2", village, "үй чарбанын башчысы", "Sadykov", "Эрмек", "эркек", "01.02.1970"]);
    // New to the register: the household the clerk writes.
    sheet.addRow(["B3", village, "үй чарбанын башчысы", "Осмонкулов", "Темир", "эркек", "03.03.1973"]);
    const file = Buffer.from(await book.xlsx.writeBuffer());
    const page = await kyrgyzPage("clerk");
    // The report shows at most 500 rows: here it says it found more than it shows.
    await page.route("**/api/registry/book/import*", async (route) => {
      const response = await route.fetch();
      const report = await response.json();
      await route.fulfill({
        response,
        json: { ...report, registeredAlreadyRows: report.registeredAlready.length + 600 },
      });
    });
    await importBook(page, server.url, file);
    await page.waitForSelector("table.issues");
    // Nothing written yet: the people are not the register's, so no list holds them.
    await expect.poll(() => page.textContent("table.registered-already")).toContain("ушул жерде");
    expect(await page.textContent("main")).toContain("Алгачкы 1 адам көрсөтүлдү.");
    expect(await page.locator("a.registered-elsewhere-link").count()).toBe(0);
    await page.click("text=Туура 1 үй чарбаны гана жүктөө");
    await expect.poll(() => page.textContent("[role=status]")).toContain("Жүктөлдү: 1 үй чарба");
    const link = page.locator("a.registered-elsewhere-link");
    await expect.poll(() => link.textContent()).toContain("толук тизмеси");
    await link.click();
    await expect.poll(() => page.textContent("section.registered-elsewhere")).toContain("Кошуна айыл өкмөтү");
    expect(new URL(page.url()).pathname).toBe("/register/duplicates");
  });

  it("shows the district office the people two of its municipalities count, each opening the card that counts them", async () => {
    const { server } = shared;
    // Сейитбеков, under one PIN here and in the neighbouring municipality (the test above), is a
    // living member of a household in both: the service's hourly pass finds him.
    await findSharedKeys(server.database);
    const office = await login(server.app, "district", DEMO_PASSWORD);
    const { total, groups } = (await office.get("/api/registry/duplicates/across")).json();
    expect(total).toBeGreaterThan(0);
    // The demo's own: Мамытова Чынара of Жаңы-Жол, still her parents' daughter in Ак-Таш by one PIN.
    const demos = groups.filter((g: { people: { pin: string }[] }) =>
      g.people.some((p) => p.pin === "11111197100107"),
    );
    expect(
      demos.map((g: { reason: string; people: { surname: string; organisation: string }[] }) => [
        g.reason,
        g.people.map((p) => `${p.organisation}: ${p.surname}`),
      ]),
    ).toEqual([["same-pin", ["Жаңы-Жол айыл өкмөтү: Мамытова", "Ак-Таш айыл өкмөтү: Жээнбекова"]]]);

    const page = await kyrgyzPage("district");
    // The register page offers the list; the home page counts its groups and opens it too.
    await page.goto(`${server.url}/register`);
    await page.waitForSelector("a.button[href='/register/duplicates']");
    expect(await page.textContent("a.button[href='/register/duplicates']")).toBe(
      "Эки айыл өкмөтүндө катталгандар",
    );
    await page.goto(server.url);
    const figure = page.locator("ul.figures a[href='/register/duplicates']");
    await expect
      .poll(() => figure.textContent())
      .toBe(`${total}Эки айыл өкмөтүндө катталган адамдардын топтору`);
    await figure.click();
    const section = page.locator("section.counted-twice");
    await expect.poll(() => section.locator("span.count").textContent()).toBe(`Табылган топтор: ${total}`);
    // Neither the municipality's own duplicates nor a merge: an office keeps no book.
    expect(await page.locator("button", { hasText: "Биринчиге бириктирүү" }).count()).toBe(0);
    expect(await section.textContent()).toContain("Бүт өлкө боюнча");
    const group = section.locator("ul.duplicates > li", { hasText: "Сейитбеков" }).first();
    expect(await group.textContent()).toContain("ПИН бирдей");
    expect(await group.textContent()).toContain("Кошуна айыл өкмөтү");
    expect(await group.locator("li").count()).toBe(2);
    await shot(page, "26d-counted-twice");

    const [download] = await Promise.all([
      page.waitForEvent("download"),
      section.locator("a", { hasText: "Excel'ге чыгаруу" }).click(),
    ]);
    expect(download.suggestedFilename()).toBe("counted-twice.xlsx");
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile((await download.path())!);
    expect(book.worksheets[0]!.rowCount).toBe(
      1 + groups.reduce((n: number, g: { people: unknown[] }) => n + g.people.length, 0),
    );

    // The neighbour's record opens its household card, read only.
    const theirs = group.locator("li", { hasText: "Кошуна айыл өкмөтү" });
    await theirs.locator("a").click();
    await page.waitForSelector("table.members");
    expect(await page.textContent("table.members")).toContain("Сейитбеков");
    await page.waitForSelector("p.read-only");
  });

  it("shows in the confirm step what the merge does to households: the kept record's stay stands, the other's household registered by mistake is closed", async () => {
    const { server } = shared;
    /** A household of two formed on the day: the head (a man) and another member. */
    const householdOfTwo = async (
      formedOn: string,
      head: [givenName: string, birthDate: string],
      other: { relation: string; givenName: string; sex: string; birthDate: string; surname?: string },
    ) => {
      const { relation, ...person } = other;
      const created = await clerk.post("/api/registry/households", {
        villageCode: village,
        formedOn,
        members: [
          {
            relation: "head",
            person: { surname: "Асаналиев", givenName: head[0], sex: "male", birthDate: head[1] },
          },
          { relation, person: { surname: "Асаналиев", ...person } },
        ],
      });
      expect(created.statusCode, created.body).toBe(201);
      return created.json();
    };
    // QA's case: a son in his parents' household, registered again as the lone head of a household, both current.
    const parents = await householdOfTwo("2015-01-01", ["Нурбек", "1960-01-01"], {
      relation: "son",
      givenName: "Айбек",
      sex: "male",
      birthDate: "1990-02-02",
    });
    const mistaken = await householdOfOne(clerk, {
      villageCode: village,
      formedOn: "2015-01-01",
      head: { surname: "Асаналиев", givenName: "Айбек", sex: "male", birthDate: "1990-02-02" },
    });
    /** The page of the list that shows the group of this name (the groups before it vary by file). */
    const pageOf = async (givenName: string) => {
      const { groups } = (await clerk.get("/api/registry/duplicates?limit=200")).json();
      const at = groups.findIndex((g: { people: { surname: string; givenName: string }[] }) =>
        g.people.some((p) => p.surname === "Асаналиев" && p.givenName === givenName),
      );
      expect(at).toBeGreaterThanOrEqual(0);
      return `${server.url}/register/duplicates?page=${Math.floor(at / GROUPS_PAGE) + 1}`;
    };

    const page = await kyrgyzPage("clerk");
    await page.goto(await pageOf("Айбек"));
    const group = page.locator("ul.duplicates > li.card", { hasText: "Асаналиев Айбек" });
    const records = group.locator("ol > li");
    await expect.poll(() => records.count()).toBe(2);
    // The son's record is kept: chosen with its radio, whichever the list shows first.
    const son = records.filter({ hasNotText: `№ ${mistaken.number}` });
    await son.locator("input[type=radio]").check();
    await records
      .filter({ hasText: `№ ${mistaken.number}` })
      .locator("button")
      .click();
    const plan = group.locator(".merge-confirm .merge-plan");
    await expect
      .poll(() => plan.textContent())
      .toBe(
        "Бириктирүү үй чарбаларына эмне кылат" +
          "Калтырылган жазуу өз үй чарбаларында калат." +
          "Экинчи жазуунун мүчөлүктөрү:" +
          `№ ${mistaken.number} (01.01.2015 – бүгүн): жаңылыш катталган катары өчүрүлөт.` +
          `№ ${mistaken.number} эч кимсиз калат жана 01.01.2015 абалы менен жабылат.`,
      );
    expect(await plan.locator("a").first().getAttribute("href")).toBe(`/register/households/${mistaken.id}`);
    await shot(page, "26g-duplicates-merge-plan");
    await group.locator(".merge-confirm button", { hasText: "Ооба, бириктирүү" }).click();
    await expect.poll(() => page.textContent(".merge-done")).toContain("Калган жазуу: Асаналиев Айбек");
    const home = (await clerk.get(`/api/registry/households/${parents.id}?asOf=2020-01-01`)).json();
    expect(home.members.map((m: { givenName: string }) => m.givenName).sort()).toEqual(["Айбек", "Нурбек"]);
    expect((await clerk.get(`/api/registry/households/${mistaken.id}`)).json().dissolvedOn).toBe(
      "2015-01-01",
    );

    // The other record heads a household his wife belongs to: refused, naming it with a link to its card.
    const alone = await householdOfOne(clerk, {
      villageCode: village,
      formedOn: "2015-01-01",
      head: { surname: "Асаналиев", givenName: "Марат", sex: "male", birthDate: "1985-08-08" },
    });
    const { id: marriedId, number: marriedNumber } = await householdOfTwo(
      "2016-01-01",
      ["Марат", "1985-08-08"],
      {
        relation: "spouse",
        surname: "Асаналиева",
        givenName: "Айзада",
        sex: "female",
        birthDate: "1988-02-02",
      },
    );
    // Its page read afresh: after the merge the list may have gone back a page.
    await page.goto(await pageOf("Марат"));
    const pair = page.locator("ul.duplicates > li.card", { hasText: "Асаналиев Марат" });
    const both = pair.locator("ol > li");
    await expect.poll(() => both.count()).toBe(2);
    await both
      .filter({ hasText: `№ ${alone.number}` })
      .locator("input[type=radio]")
      .check();
    await both
      .filter({ hasText: `№ ${marriedNumber}` })
      .locator("button")
      .click();
    const refusal = pair.locator(".merge-confirm [role=alert]");
    await expect
      .poll(() => refusal.locator("p").first().textContent())
      .toBe(
        `Бириктирүү № ${marriedNumber} үй чарбасын башчысыз калтырат, ал эми анда башка мүчөлөр да бар. Экинчи жазууну калтырыңыз же адегенде ошол үй чарбасынын башчысын алмаштырыңыз.`,
      );
    expect(await refusal.locator("a").getAttribute("href")).toBe(`/register/households/${marriedId}`);
    expect(await refusal.locator("a").textContent()).toBe(`№ ${marriedNumber} үй чарбасын ачуу`);
    // Refused, the merge cannot be confirmed.
    expect(await pair.locator(".merge-confirm button", { hasText: "Ооба, бириктирүү" }).count()).toBe(0);
    await shot(page, "26h-duplicates-merge-refused");
  });

  it("says, of a record merged meanwhile by another clerk, which record was kept, and leads to its household", async () => {
    const { server } = shared;
    const own = await mergeablePair("Түлөбердиев", "Эрлан", "1996-06-06");
    const groups = (await clerk.get("/api/registry/duplicates?limit=200")).json().groups as {
      people: { id: string; surname: string }[];
    }[];
    const at = groups.findIndex((g) => g.people.some((p) => p.surname === "Түлөбердиев"));
    const [first, second] = groups[at]!.people;
    const page = await kyrgyzPage("clerk");
    await page.goto(`${server.url}/register/duplicates?page=${Math.floor(at / GROUPS_PAGE) + 1}`);
    const pair = page.locator("ul.duplicates > li.card", { hasText: "Түлөбердиев Эрлан" });
    await expect.poll(() => pair.locator("ol > li").count()).toBe(2);
    // Another clerk merges the first record, which this page would keep, into the second.
    const elsewhere = await clerk.post(`/api/registry/people/${second!.id}/merge`, {
      duplicateId: first!.id,
      version: (await clerk.get(`/api/registry/people/${second!.id}`)).json().version,
    });
    expect(elsewhere.statusCode, elsewhere.body).toBe(200);

    await pair.locator("ol > li").nth(1).locator("button").click();
    const refusal = pair.locator(".merge-confirm [role=alert]");
    await expect
      .poll(() => refusal.locator("p").first().textContent())
      .toBe("Бул адамдын жазуусу «Түлөбердиев Эрлан» жазуусуна бириктирилген, ошол жазуу сакталды.");
    // One link, to the household that holds the record kept.
    expect(await refusal.locator("a").count()).toBe(1);
    expect(await refusal.locator("a").textContent()).toBe(
      `Түлөбердиев Эрлан турган № ${own.number} үй чарбасын ачуу`,
    );
    expect(await pair.locator(".merge-confirm button", { hasText: "Ооба, бириктирүү" }).count()).toBe(0);
    await shot(page, "26i-duplicates-merged-meanwhile");
    await refusal.locator("a").click();
    await expect.poll(() => page.url()).toBe(`${server.url}/register/households/${own.id}`);
    await expect.poll(() => page.textContent("table.members")).toContain("Түлөбердиев Эрлан");
  });

  it("strikes out, on the card of the household a duplicate was registered in by mistake, its arrival the merge voided, saying whose record it was and which merge", async () => {
    const { server } = shared;
    const parents = await clerk.post("/api/registry/households", {
      villageCode: village,
      formedOn: "2015-01-01",
      members: [
        {
          relation: "head",
          person: { surname: "Карабаев", givenName: "Алмаз", sex: "male", birthDate: "1961-01-01" },
        },
        {
          relation: "son",
          person: { surname: "Карабаев", givenName: "Нурсултан", sex: "male", birthDate: "1992-02-02" },
        },
      ],
    });
    expect(parents.statusCode, parents.body).toBe(201);
    const other = await householdOfOne(clerk, {
      villageCode: village,
      formedOn: "2015-01-01",
      head: { surname: "Сыдыкова", givenName: "Мээрим", sex: "female", birthDate: "1972-03-03" },
    });
    const arrived = await clerk.post(`/api/registry/households/${other.id}/events`, {
      kind: "arrival",
      occurredOn: "2021-03-01",
      relation: "other",
      person: { surname: "Карабаев", givenName: "Нурсултан", sex: "male", birthDate: "1992-02-02" },
    });
    expect(arrived.statusCode, arrived.body).toBe(201);
    const duplicate = (await clerk.get(`/api/registry/households/${other.id}`))
      .json()
      .members.find((m: { givenName: string }) => m.givenName === "Нурсултан");
    // Merged on the duplicates page: the confirm step says the arrival is voided with the stay.
    const { groups } = (await clerk.get("/api/registry/duplicates?limit=200")).json();
    const at = groups.findIndex((g: { people: { id: string }[] }) =>
      g.people.some((p) => p.id === duplicate.id),
    );
    expect(at).toBeGreaterThanOrEqual(0);
    const page = await kyrgyzPage("clerk");
    await page.goto(`${server.url}/register/duplicates?page=${Math.floor(at / GROUPS_PAGE) + 1}`);
    const group = page.locator("ul.duplicates > li.card", { hasText: "Карабаев Нурсултан" });
    const records = group.locator("ol > li");
    await expect.poll(() => records.count()).toBe(2);
    await records
      .filter({ hasText: `№ ${parents.json().number}` })
      .locator("input[type=radio]")
      .check();
    await records
      .filter({ hasText: `№ ${other.number}` })
      .locator("button")
      .click();
    const voidedLine = group.locator(".merge-confirm .merge-plan p.voided");
    await expect
      .poll(() => voidedLine.textContent())
      .toBe(
        `№ ${other.number} «Келүү» (01.03.2021) экинчи жазуунун окуясы катары жокко чыгарылат: тарыхта сызылып калат.`,
      );
    await group.locator(".merge-confirm button", { hasText: "Ооба, бириктирүү" }).click();
    await expect.poll(() => page.textContent(".merge-done")).toContain("Калган жазуу: Карабаев Нурсултан");
    const mergedOn = (await clerk.get(`/api/registry/households/${other.id}`))
      .json()
      .events.find((e: { kind: string }) => e.kind === "person-merged").occurredOn as string;
    const [y, m, d] = mergedOn.split("-");

    await page.goto(`${server.url}/register/households/${other.id}`);
    const arrival = page.locator("ol.events > li.annulled", { hasText: "Келүү" });
    await expect.poll(() => arrival.count()).toBe(1);
    expect(await arrival.locator("s").textContent()).toBe("01.03.2021 — Келүү: Карабаев Нурсултан");
    expect(await arrival.locator("em").textContent()).toBe(
      `Карабаев Нурсултан деген кайталанма жазуунун окуясы (бул үй чарбага ката катталган): ${d}.${m}.${y} күнү Карабаев Нурсултан жазуусуна бириктирилгенде жокко чыгарылды`,
    );
    // Voided, it offers no "registered by mistake" again.
    expect(await arrival.locator("button").count()).toBe(0);
    // The day's card of 2022 shows it so too, and no Нурсултан among the members.
    await page.goto(`${server.url}/register/households/${other.id}?asOf=2022-01-01`);
    await expect.poll(() => page.locator("ol.events > li.annulled").count()).toBe(1);
    expect(await page.textContent("table.members")).not.toContain("Нурсултан");
    await shot(page, "26j-household-arrival-voided-by-merge");
  });
});
