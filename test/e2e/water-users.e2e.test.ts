import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { serverAndBrowser, shot, signIn } from "./support/server.js";

describe("the water users pages", () => {
  const shared = serverAndBrowser();

  async function pageAs(username: string, width = 1366, height = 768): Promise<Page> {
    const { server, browser } = shared;
    const context = await browser.newContext({ viewport: { width, height }, isMobile: width < 500 });
    const page = await context.newPage();
    await signIn(page, server.url, username);
    await page.selectOption(".topbar select", "ky");
    return page;
  }

  it("finds a user typed in Latin and shows the linked household's flags with their dates, read-only", async () => {
    const page = await pageAs("wua");
    await page.click("nav a[href='/water']");
    await page.waitForSelector("table.register");
    await expect.poll(async () => (await page.$$("table.register tbody tr")).length).toBe(25);
    await shot(page, "60-water-users");
    await page.fill("input[name=q]", "toktosunova");
    await page.click("form.filters button[type=submit]");
    await expect.poll(async () => (await page.$$("table.register tbody tr")).length).toBe(1);
    expect(await page.textContent("table.register")).toContain("Токтосунова Айгүл Маратовна");
    // Back and Forward: the field shows the search the list is for.
    await page.goBack();
    await expect.poll(async () => (await page.$$("table.register tbody tr")).length).toBe(25);
    expect(await page.inputValue("input[name=q]")).toBe("");
    await page.goForward();
    await expect.poll(async () => (await page.$$("table.register tbody tr")).length).toBe(1);
    expect(await page.inputValue("input[name=q]")).toBe("toktosunova");
    await page.click("table.register a >> nth=0");
    await page.waitForSelector("ul.flags");
    const flags = await page.textContent("ul.flags");
    expect(flags).toContain("«Үй-бүлөгө көмөк» жөлөкпулун алат");
    expect(flags).toContain("15.01.2026");
    // Nothing else of the household crosses over: no members, no address.
    const body = (await page.textContent("main")) ?? "";
    expect(body).not.toContain("Манас көчөсү");
    await shot(page, "61-water-user-linked");
  });

  it("opens, from the home page's users without a contract, those users and as many as it counts", async () => {
    const page = await pageAs("wua");
    const figure = page.locator("ul.figures > li", { hasText: "Келишими жок пайдалануучулар" });
    const counted = Number((await figure.locator("strong").textContent())!.replace(/\s/g, ""));
    expect(counted).toBeGreaterThan(0);
    await figure.locator("a").click();
    await expect.poll(() => new URL(page.url()).pathname).toBe("/water");
    // The filter is set, and said: the season's users with no contract signed for it.
    await expect
      .poll(() => page.locator("select[name=withoutContract] option:checked").textContent())
      .toBe("«Вегетация 2026» үчүн кол коюлган келишими жок");
    const rows = page.locator("table.register tbody tr");
    await expect.poll(() => rows.count()).toBe(counted);
    expect(await page.locator(".pager button[data-go=next]").count()).toBe(0);
    // Each of them has no signed contract for the season.
    const season = new URL(page.url()).searchParams.get("withoutContract")!;
    const signed = await (
      await page.request.get(
        `${shared.server.url}/api/water/contracts?seasonId=${season}&status=signed&pageSize=100`,
      )
    ).json();
    expect(signed.items.length).toBeGreaterThan(0);
    const numbers = (await rows.locator("td:nth-child(1)").allTextContents()).map(Number);
    for (const c of signed.items as { userNumber: number }[]) expect(numbers).not.toContain(c.userNumber);
    await shot(page, "60-water-users-without-contract");
    // Back to every user: the filter cleared and searched again.
    await page.selectOption("select[name=withoutContract]", "");
    await page.click("form.filters button[type=submit]");
    await expect.poll(() => rows.count()).toBe(25);
  });

  it("registers a user, adds a plot, drafts and signs a contract, and opens its PDF", async () => {
    const page = await pageAs("wua");
    await page.goto(`${shared.server.url}/water/users/new`);
    await page.fill("input[name=surname]", "Сейитбеков");
    await page.fill("input[name=givenName]", "Марат");
    // What a PIN takes is said under the field, whole, not in a placeholder a phone cuts off.
    const pinField = page.locator("label.field:has(input[name=pin])");
    expect(await pinField.locator(".field-hint").textContent()).toBe("14 сан; белгисиз болсо бош калтырыңыз");
    expect(await page.getAttribute("input[name=pin]", "placeholder")).toBeNull();
    await page.fill("input[name=pin]", "12345");
    await page.fill("input[name=phone]", "0555 98 76 54");
    await page.click("form button[type=submit]");
    // A wrong PIN is shown beside its field, in Kyrgyz.
    await expect.poll(() => page.textContent(".field-invalid")).toContain("14 сандан турат жана");
    await page.fill("input[name=pin]", "");
    await page.click("form button[type=submit]");
    await page.waitForSelector("dl.details");
    expect(await page.textContent("h1")).toContain("Сейитбеков Марат");
    expect(await page.textContent("dl.details")).toContain("+996555987654");

    await page.click("text=Участок кошуу");
    // On an outlet other than the first, which an edit must keep.
    const secondOutlet = page.locator("form.plot-form select[name=outletId] option").nth(1);
    await expect.poll(() => secondOutlet.count()).toBe(1);
    const outletId = (await secondOutlet.getAttribute("value"))!;
    await page.selectOption("form.plot-form select[name=outletId]", outletId);
    await page.fill("input[name=areaHa]", "1,75");
    await page.fill("input[name=cadastralNumber]", "4-03-22-9999");
    await page.click("form.plot-form button[type=submit]");
    await expect.poll(() => page.textContent("main")).toContain("4-03-22-9999");
    // The plot's area and tenure are edited in place (a PATCH with its version), its outlet kept
    // though the outlets come after the form is drawn, as on a slow link.
    let outletsAnswered!: () => void;
    const answered = new Promise<void>((resolve) => {
      outletsAnswered = resolve;
    });
    await page.route("**/api/water/outlets", async (route) => {
      await answered;
      await route.continue();
    });
    await page.click("tr:has-text('4-03-22-9999') button:has-text('Өзгөртүү')");
    const outlet = page.locator("form.plot-edit select[name=outletId]");
    await outlet.waitFor();
    outletsAnswered();
    await expect.poll(() => outlet.locator("option").count()).toBeGreaterThan(1);
    expect(await outlet.inputValue()).toBe(outletId);
    await page.unroute("**/api/water/outlets");
    await page.fill("form.plot-edit input[name=areaHa]", "2,25");
    await page.selectOption("form.plot-edit select[name=tenure]", "lease");
    await page.click("form.plot-edit button[type=submit]");
    await page.waitForSelector("form.plot-edit", { state: "detached" });
    // The form closes at once; the card reloads behind it, so the row is awaited, not read at once.
    await expect.poll(() => page.textContent("tr:has-text('4-03-22-9999')")).toMatch(/2[.,]25/);
    const row = await page.textContent("tr:has-text('4-03-22-9999')");
    expect(row).toContain("Ижара");

    await page.click("text=Жаңы келишим");
    // The tariff class by name: the user's membership class chosen, the others offered.
    const tariffClass = page.locator("form.contract-form select[name=tariffClass]");
    await expect.poll(() => tariffClass.locator("option:checked").textContent()).toBe("мүчө");
    expect(await tariffClass.locator("option").allTextContents()).toEqual(["мүчө", "мүчө эмес"]);
    await page.fill("form.contract-form input[inputmode=decimal]", "1,75");
    await page.click("text=Долбоорду сактоо");
    await page.waitForURL(/\/water\/contracts\/[0-9a-f-]+$/);
    await expect.poll(() => page.textContent("dl.details")).toContain("Долбоор");
    await page.click("text=Кол коюлду деп белгилөө");
    await expect.poll(() => page.textContent("dl.details")).toContain("Кол коюлган");
    await shot(page, "62-contract-signed");
    // The provider has no Russian address: its Russian PDF prints the Kyrgyz one, and says so.
    expect(await page.locator(".paper-gap").textContent()).toContain("Орусча дарек киргизилген эмес");
    expect(await page.locator(".paper-gap a").getAttribute("href")).toBe("/organisation");
    const href = await page.getAttribute("a:has-text('PDF (орусча)')", "href");
    const pdf = await page.request.get(`${shared.server.url}${href}`);
    expect(pdf.headers()["content-type"]).toContain("application/pdf");
    expect((await pdf.body()).subarray(0, 5).toString()).toBe("%PDF-");

    // A signed contract is changed by an amendment: a draft copy, edited, signed in its place.
    // The season is over (the test's today is after September): the draft is asked about first.
    const signedUrl = page.url();
    const asked: string[] = [];
    page.once("dialog", (dialog) => {
      asked.push(dialog.message());
      void dialog.dismiss();
    });
    await page.click("text=Өзгөртүү киргизүү");
    await expect.poll(() => asked).toHaveLength(1);
    expect(asked[0]).toMatch(
      /^«.+» сезону 30\.09\.2026 бүткөн\. Анын келишимине өзгөртүүнүн долбоорун түзөсүзбү\?$/,
    );
    expect(page.url()).toBe(signedUrl);
    page.once("dialog", (dialog) => void dialog.accept());
    await page.click("text=Өзгөртүү киргизүү");
    await page.waitForURL((url) => url.toString() !== signedUrl);
    await page.click("text=Долбоорду түзөтүү");
    await page.fill("form.contract-form input[inputmode=decimal]", "1,5");
    await page.click("text=Долбоорду сактоо");
    await expect.poll(() => page.textContent("table")).toMatch(/1[.,]50/);
    await page.click("text=Кол коюлду деп белгилөө");
    await expect.poll(() => page.textContent("dl.details")).toContain("Кол коюлган");
    expect(await page.textContent("dl.details")).toContain("Мурунку келишимди алмаштырат");
    await page.click("dl.details a >> nth=1");
    await expect.poll(() => page.textContent("dl.details")).toContain("Токтотулган");
  });

  it("imports users from a CSV: the bad cells in Kyrgyz by row and column, then only the valid users when asked", async () => {
    const page = await pageAs("wua");
    await page.goto(`${shared.server.url}/water`);
    await page.click("a[href='/water/users/import']");
    await page.waitForSelector("input[type=file]");
    expect(await page.getAttribute("a[href='/api/water/users/template']", "href")).toBeTruthy();
    const csv = [
      "Фамилиясы;Аты;Айылдын коду;Суу бөлгүч (коду же аталышы);Аянты, га;Уюмдун аталышы",
      "Сыдыкбеков;Нурлан;41703220999010;СБ-1-1;1,25;",
      "Сыдыкбекова;Айпери;41703220999010;СБ-9-9;2;",
    ].join("\r\n");
    await page.setInputFiles("input[type=file]", {
      name: "users.csv",
      mimeType: "text/csv",
      buffer: Buffer.from(csv, "utf8"),
    });
    await page.click("form button[type=submit]");
    await page.waitForSelector("table.issues");
    const issues = (await page.textContent("table.issues")) ?? "";
    expect(issues).toContain("Суу бөлгүч (коду же аталышы)");
    expect(issues).toContain("СБ-9-9");
    expect(await page.textContent("[role=status]")).toContain("Эч нерсе жазылган жок");
    await shot(page, "65-water-users-import");
    await page.click("button:has-text('Туура 1 колдонуучуну гана жүктөө')");
    await expect
      .poll(() => page.textContent("[role=status]"))
      .toContain("Жүктөлдү: 1 жаңы колдонуучу, 1 жаңы участок");
    await page.goto(`${shared.server.url}/water`);
    await page.fill("input[name=q]", "Сыдыкбек");
    await page.click("form.filters button[type=submit]");
    await expect.poll(async () => (await page.$$("table.register tbody tr")).length).toBe(1);
  });

  it("fits the list on a phone, with a season and the contracts list a tap away", async () => {
    const page = await pageAs("accountant", 360, 640);
    await page.goto(`${shared.server.url}/water`);
    await page.waitForSelector("table.register");
    // Measured once the villages' names have come too (they load apart from the rows).
    await page.waitForLoadState("networkidle");
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(1);
    await shot(page, "63-water-users-phone");
    await page.click("a[href='/water/seasons']");
    await expect.poll(() => page.textContent("main")).toContain("Вегетация 2026");
    await page.goto(`${shared.server.url}/water/contracts`);
    await page.waitForSelector("table");
    await expect.poll(async () => (await page.$$("table tbody tr")).length).toBe(25);
    // Next opens the second page (it once cleared the page it had just set) and previous comes back.
    const first = await page.textContent("table tbody");
    await page.click("button[data-go=next]");
    await expect.poll(() => page.url()).toContain("page=2");
    await expect.poll(() => page.textContent(".pager")).toContain("2-барак");
    await expect.poll(() => page.textContent("table tbody")).not.toBe(first);
    await page.click("button[data-go=previous]");
    await expect.poll(() => page.url()).not.toContain("page=");
    await expect.poll(() => page.textContent("table tbody")).toBe(first);
    await page.selectOption(".filters select >> nth=1", "draft");
    await expect.poll(() => page.textContent("table tbody")).not.toContain("Кол коюлган");
    expect(await page.textContent("table tbody")).toContain("Долбоор");
  });

  it("keeps a contract's details within a phone's width in Uzbek and Tajik, a long label wrapping in its column", async () => {
    const page = await pageAs("accountant", 360, 640);
    await page.goto(`${shared.server.url}/water/contracts`);
    // The demo's amended contract: its details name the contract it replaces.
    await page.click("table a:has-text('2026-000037')");
    await page.waitForSelector("dl.details");
    // How far the details' values reach past the page's content, whose width is the phone's.
    const overflow = () =>
      page.evaluate(() => {
        const content = document.querySelector("main")!.getBoundingClientRect().right;
        const values = [...document.querySelectorAll("dl.details dd")].map(
          (dd) => dd.getBoundingClientRect().right,
        );
        return Math.max(...values) - Math.min(content, window.innerWidth);
      });
    for (const [locale, replaces] of [
      ["uz", "Аввалги шартномани алмаштиради"],
      ["tg", "Шартномаро иваз мекунад"],
    ] as const) {
      await page.selectOption(".topbar select", locale);
      await expect.poll(() => page.textContent("dl.details")).toContain(replaces);
      expect(await overflow()).toBeLessThanOrEqual(1);
    }
    await shot(page, "64-contract-phone-tajik");
    await page.selectOption(".topbar select", "ky");
    await expect.poll(() => page.textContent("dl.details")).toContain("Мурунку келишимди алмаштырат");
  });

  it("lets the municipality's clerk confirm the pending proposal, after which it leaves the list", async () => {
    const page = await pageAs("clerk");
    await page.click("nav a[href='/register/links']");
    await page.waitForSelector("ul.proposals");
    expect(await page.textContent("ul.proposals")).toContain("Рахимов Алишер Юсупович");
    await shot(page, "64-link-proposals");
    await page.click("ul.proposals button.primary");
    await page.waitForSelector("text=Азырынча эч нерсе жок");
    await page.selectOption(".filters select", "confirmed");
    await expect.poll(() => page.textContent("ul.proposals")).toContain("Рахимов Алишер Юсупович");
  });
});
