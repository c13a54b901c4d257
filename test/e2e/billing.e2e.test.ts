import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, shot, signIn, startServer } from "./support/server.js";

describe("the billing pages", () => {
  let server: Awaited<ReturnType<typeof startServer>>;
  let browser: Browser;
  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  async function pageAs(username: string, width = 1366, height = 768): Promise<Page> {
    const context = await browser.newContext({ viewport: { width, height } });
    const page = await context.newPage();
    await signIn(page, server.url, username);
    await page.selectOption(".topbar select", "ky");
    return page;
  }

  it("takes a cash payment at the cashier's desk and prints its receipt", async () => {
    const page = await pageAs("accountant");
    await page.click("nav a[href='/billing']");
    await page.waitForSelector("input[name=q]");
    await page.fill("input[name=q]", "1");
    await page.click("form.filters button[type=submit]");
    await page.waitForSelector("form[aria-label='Төлөмдү каттоо']");
    await expect.poll(() => page.textContent("form[aria-label='Төлөмдү каттоо']")).toContain("Асанов Нурбек");
    await page.click("button:has-text('Эсеп көчүрмөсү')");
    await expect.poll(() => page.textContent("table[aria-label='Эсеп көчүрмөсү']")).toContain("Эсеп");
    // A figure far above the debt (a zero typed twice) is asked about first; dismissed, nothing is recorded.
    const before = (await (await page.request.get(`${server.url}/api/billing/payments?limit=100`)).json())
      .items.length;
    // No amount, or none to take: said at the field, nothing sent.
    const desk = "form[aria-label='Төлөмдү каттоо']";
    for (const [typed, said] of [
      ["abc", "Сумма туура эмес жазылган: abc"],
      ["0", "Төлөмдүн суммасы нөлдөн чоң болушу керек"],
    ]) {
      await page.fill("input[name=amount]", typed!);
      await page.click(`${desk} button[type=submit]`);
      await expect.poll(() => page.textContent(desk)).toContain(said);
    }
    await page.fill("input[name=amount]", "99999999");
    let asked = "";
    page.once("dialog", (dialog) => {
      asked = dialog.message().replace(/\s/g, " ");
      void dialog.dismiss();
    });
    await page.click("form[aria-label='Төлөмдү каттоо'] button[type=submit]");
    await expect.poll(() => asked).toContain("99 999 999,00 сом төлөм катталат");
    expect(
      (await (await page.request.get(`${server.url}/api/billing/payments?limit=100`)).json()).items,
    ).toHaveLength(before);
    await page.fill("input[name=amount]", "250,50");
    await shot(page, "40-billing-cashier");
    await page.click("form[aria-label='Төлөмдү каттоо'] button[type=submit]");
    await expect.poll(() => page.textContent("[role=status]")).toContain("250,50");
    const narrow = await page.getAttribute("[role=status] a:has-text('80 мм')", "href");
    const pdf = await page.request.get(`${server.url}${narrow}`);
    expect(pdf.headers()["content-type"]).toContain("application/pdf");
    expect((await pdf.body()).subarray(0, 5).toString()).toBe("%PDF-");
    await expect.poll(() => page.textContent("main table")).toContain("250,50");
    await shot(page, "41-billing-receipt-ready");

    // In kind, only the produce the council has valued (the demo's wheat at 22 som a kilo).
    await page.fill("input[name=q]", "2");
    await page.click("form.filters button[type=submit]");
    await expect.poll(() => page.textContent(desk)).toContain("Токтосунова");
    await page.selectOption(`${desk} select >> nth=0`, "in-kind");
    const produce = page.locator(`${desk} select[name=commodity] option`);
    await expect.poll(() => produce.allTextContents()).toEqual(["буудай"]);
    await page.fill(`${desk} input[name=quantityKg]`, "40");
    await page.click(`${desk} button[type=submit]`);
    await expect.poll(() => page.textContent("[role=status]")).toContain("880,00");
    await expect.poll(() => page.textContent("main table")).toContain("Натуралай");
  });

  it("shows invoices line by line, tariffs with their decisions, debtors and the collection rate", async () => {
    const page = await pageAs("accountant");
    await page.goto(`${server.url}/billing/invoices`);
    await expect.poll(() => page.textContent("main table")).toContain("ЖЧ-2026-01 §3");
    await expect.poll(() => page.textContent("main table")).toContain("Мүчөлүк акы");
    await shot(page, "42-billing-invoices");

    // The demo season is billed in two instalments: each invoice says which one it is.
    await expect.poll(() => page.textContent("main table")).toContain("2 бөлүктүн 1-си");
    expect(await page.textContent("main table")).toContain("2 бөлүктүн 2-си");
    // 2026 is billed per m³ (no fee per hectare beside it): each line says its cubic metres, its
    // rate and its share, so m³ × rate × share and the amount agree, to the tyiyn.
    const lines = (await page.textContent("main table")) ?? "";
    const volume =
      /(\d[\d\s]*,\d\d) м³ × 0,15\u00a0сом \(ЖЧ-2026-01 §3, 1\/2-бөлүк, 50\u00a0%\): (\d[\d\s]*,\d\d)\u00a0сом/.exec(
        lines,
      );
    expect(volume, lines.slice(0, 400)).not.toBeNull();
    const tyiyn = (figure: string) => Number(figure.replace(/\s/g, "").replace(",", ""));
    expect(Math.abs((tyiyn(volume![1]!) * 15) / 100 / 2 - tyiyn(volume![2]!))).toBeLessThanOrEqual(1);
    expect(lines).not.toMatch(/га ×/);
    // The share written as every percentage is (formatPercent): the sign held to its number.
    expect(lines).toContain("2/2-бөлүк, 50\u00a0%");
    expect(lines).not.toMatch(/orchard|alfalfa|potato/);
    // A page at a time, newest first (the demo's 80 invoices are more than one): the next page is
    // added below, the numbers going on down, where the page showed the newest 100 and no more.
    const numbers = async () =>
      (await page.locator("main tbody tr td:first-child").allTextContents()).map(Number);
    await expect.poll(async () => (await numbers()).length).toBe(50);
    await page.click("main button:has-text('Дагы көрсөтүү')");
    await expect.poll(async () => (await numbers()).length).toBeGreaterThan(50);
    const all = await numbers();
    expect(all).toEqual([...all].sort((a, b) => b - a));
    expect(new Set(all).size).toBe(all.length);
    expect(all.at(-1)).toBe(1);
    // Of one kind: the demo charged no penalties, and the page says there is nothing.
    await page.selectOption("select[name=kind]", "penalty");
    await expect.poll(() => page.locator("main tbody tr").count()).toBe(0);
    expect(await page.textContent("select[name=kind]")).toContain("Баары");
    // Back to every kind: the pages read before are still there.
    await page.selectOption("select[name=kind]", "");
    await expect.poll(async () => (await numbers()).length).toBe(all.length);

    await page.click("a[href='/billing/tariffs']");
    await page.waitForSelector("table[aria-label='Тарифтер']");
    expect(await page.textContent("table[aria-label='Тарифтер']")).toContain("Жалпы чогулуш");
    expect(await page.textContent("table[aria-label='Тарифтер']")).not.toContain("orchard");
    // The demo's tariff classes read as the association's words, not as codes.
    const classes = await page
      .locator("table[aria-label='Тарифтер'] tbody td:nth-child(2)")
      .allTextContents();
    expect(new Set(classes.filter((c) => c !== "—"))).toEqual(new Set(["мүчө", "мүчө эмес"]));
    expect(await page.textContent("table[aria-label='Тарифтер']")).not.toMatch(/member|standard/);
    // A new area tariff's class is chosen by name, or a new one of the association's own typed.
    const tariffForm = "form[aria-label='Тариф кошуу']";
    const classField = page.locator(`${tariffForm} label.field:has-text('Тариф классы') select`);
    expect(await classField.locator("option").allTextContents()).toEqual([
      "Бардык класстар",
      "мүчө",
      "мүчө эмес",
      "Жаңы класс…",
    ]);
    expect(await page.locator(`${tariffForm} input[name=tariffClass]`).count()).toBe(0);
    await classField.selectOption({ label: "Жаңы класс…" });
    await page.waitForSelector(`${tariffForm} input[name=tariffClass]`);
    // A new area tariff's crop is chosen from the crops, not typed.
    expect(await page.locator("select[name=crop] option").count()).toBeGreaterThan(10);

    await page.click("a[href='/billing/debtors']");
    // The debtors page first (the tariffs page has date fields of its own, which a fill made
    // before the page changed would hit).
    await page.waitForSelector("a[href*='/api/billing/debtors/export']");
    // The season's invoices (5 October) fell due in halves on 31 October and 30 November.
    await page.fill("input[name=asOf]", "01.12.2026");
    // The list and its export follow the chosen day (the address keeps it).
    await page.waitForSelector("a[href*='/api/billing/debtors/export?asOf=2026-12-01']");
    await expect.poll(() => page.textContent("main table tfoot")).toContain("сом");
    // Villages by their names, not their codes.
    await expect.poll(() => page.textContent("main table tbody")).toContain("Жаңы-Жол");
    expect(await page.textContent("main table tbody")).not.toMatch(/4170322099\d{4}/);
    const [download] = await Promise.all([page.waitForEvent("download"), page.click("a:has-text('Excel')")]);
    expect(download.suggestedFilename()).toBe("debtors-2026-12-01.xlsx");
    // Texts go to phones: asked first, with how many payers; dismissed, nothing is queued.
    const reminders = async () =>
      (await (await page.request.get(`${server.url}/api/sms?limit=200`)).json()).items.filter(
        (m: { purpose: string }) => m.purpose === "billing-reminder",
      ).length;
    const queuedBefore = await reminders();
    let asked = "";
    page.once("dialog", (dialog) => {
      asked = dialog.message();
      void dialog.dismiss();
    });
    await page.click("button:has-text('SMS')");
    await expect
      .poll(() => asked)
      .toMatch(
        /^Карызы 01\.12\.2026 күнгө мөөнөтүнөн өткөн төлөөчүлөргө SMS эскертме жөнөтүлөт: \d+\. .*Жөнөтөсүзбү\?$/,
      );
    const toText = Number(/: (\d+)\./.exec(asked)![1]);
    expect(toText).toBeGreaterThan(0);
    // The list has more debtors than are texted: the question says who is left out and why.
    const withoutPhone = Number(/Телефону жоктор \((\d+)\) эскертме албайт\./.exec(asked)?.[1]);
    expect(withoutPhone).toBeGreaterThan(0);
    expect(await page.locator("[role=status]").count()).toBe(0);
    expect(await reminders()).toBe(queuedBefore);
    // Confirmed, as many as it said.
    page.once("dialog", (dialog) => void dialog.accept());
    await page.click("button:has-text('SMS')");
    await expect
      .poll(() => page.textContent("[role=status]"))
      .toContain(`Кезекке коюлду: ${toText}, телефону жок: ${withoutPhone}`);
    expect(await reminders()).toBe(queuedBefore + toText);
    // Pressed again for the same day: nothing new, and said so, not the same count again.
    await page.click("button:has-text('SMS')");
    await expect.poll(() => page.textContent("[role=status]")).toContain("Кезекке коюлду: 0");
    expect(await page.textContent("[role=status]")).toContain("мурда эскертилгендер");
    // Charged to the debtors' accounts only when confirmed.
    page.once("dialog", (dialog) => void dialog.accept());
    await page.click("button:has-text('Кечиктирүү айыбын')");
    await expect.poll(() => page.textContent("main")).toContain("Айып:");
    await shot(page, "43-billing-debtors");

    await page.click("a[href='/billing/reports']");
    await page.waitForSelector("table[aria-label='Жыйноо деңгээли']");
    const collection = page.locator("table[aria-label='Жыйноо деңгээли']");
    expect(await collection.textContent()).toContain("Аярлуу");
    // Villages by their names, rates with the decimal comma, the register's day as the papers write it.
    await expect.poll(() => collection.textContent()).toContain("Жаңы-Жол");
    expect(await collection.textContent()).not.toMatch(/4170322099\d{4}/);
    const rates = await collection.locator("tbody td:nth-child(4)").allTextContents();
    expect(rates.filter((r) => r !== "—").every((r) => /^\d+,\d$/.test(r))).toBe(true);
    expect(await page.textContent("main")).toMatch(/үй чарбасы \d\d\.\d\d\.\d{4} күнү/);
    expect(await page.textContent("main")).not.toMatch(/\d{4}-\d\d-\d\d/);
    // The trial balance's accounts in words, not the ledger's codes.
    const trial = page.locator("table[aria-label='Айланма-калдык ведомосту']");
    await expect.poll(() => trial.textContent()).toContain("Суу пайдалануучулар менен эсептешүүлөр");
    expect(await trial.textContent()).toContain("Киреше: көлөм үчүн акы");
    expect(await trial.textContent()).not.toMatch(/revenue|receivable|cash/);
    await shot(page, "44-billing-reports");
  });

  it("opens a debtor's statement and shows the balance brought forward, the running balance and the closing balance", async () => {
    const page = await pageAs("accountant");
    const table = "table[aria-label='Эсеп көчүрмөсү']";
    const cells = async (selector: string) =>
      (await page.locator(selector).allTextContents()).map((x) => x.replace(/\s+/g, " ").trim());
    const lastCell = async (selector: string) => (await cells(selector)).at(-1)!;
    const balances = () => cells(`${table} tbody tr:not([data-row]) td:nth-child(5)`);
    // Reachable from the debtors' list.
    await page.goto(`${server.url}/billing/debtors?asOf=2026-12-31`);
    await page.waitForSelector("main table tbody a[href^='/billing/statement/']");
    await page.click("main table tbody a[href^='/billing/statement/'] >> nth=0");
    await page.waitForSelector(`${table} tfoot`);
    expect(await lastCell(`${table} tr[data-row=opening] td`)).toMatch(/^0,00/);
    expect(await lastCell(`${table} tr[data-row=closing] th`)).toBe((await balances()).at(-1));

    // A payment today beside the demo's autumn entries (before the season is closed below), then
    // the statement from today on.
    await page.goto(`${server.url}/billing/cashier`);
    await page.fill("input[name=q]", "1");
    await page.click("form.filters button[type=submit]");
    await page.waitForSelector("form[aria-label='Төлөмдү каттоо']");
    await page.fill("input[name=amount]", "10,00");
    await page.click("form[aria-label='Төлөмдү каттоо'] button[type=submit]");
    await expect.poll(() => page.textContent("[role=status]")).toContain("10,00");
    await page.click("a[href='/billing/statement']");
    // The statement's page is loaded on demand, and the cashier's page has a search field of its
    // own: fill only once the statement's page is shown.
    await page.waitForSelector("h1:has-text('Эсеп көчүрмөсү')");
    await page.fill("input[name=q]", "1");
    await page.click("main form button[type=submit]");
    await page.waitForSelector(`${table} tfoot`);
    const all = await balances();
    const days = await page.locator(`${table} tbody tr:not([data-row]) td:nth-child(1)`).allTextContents();
    const iso = (dmy: string) => dmy.trim().split(".").reverse().join("-");
    const from = iso(days.at(-1)!);
    expect(iso(days[0]!)).not.toBe(from);
    const closing = await lastCell(`${table} tr[data-row=closing] th`);
    expect(closing).toBe(all.at(-1));
    await page.fill("input[name=from]", from);
    await page.waitForSelector(`a[href*='statement/pdf?from=${from}']`);
    // What came before today is brought forward: the balance after the last earlier entry.
    const before = days.filter((d) => iso(d) < from).length;
    await expect.poll(() => lastCell(`${table} tr[data-row=opening] td`)).toBe(all[before - 1]);
    expect(await lastCell(`${table} tr[data-row=closing] th`)).toBe(closing);
    const pdf = await page.request.get(
      `${server.url}${await page.getAttribute(`a[href*='statement/pdf']`, "href")}`,
    );
    expect((await pdf.body()).subarray(0, 5).toString()).toBe("%PDF-");
    await shot(page, "49-billing-statement");
  });

  it("runs billing again without changing anything, and lets the director close the season", async () => {
    const page = await pageAs("wua");
    await page.goto(`${server.url}/billing/runs`);
    await page.click("button:has-text('Эсептөөнү баштоо')");
    await expect.poll(() => page.locator("table[aria-label='Эсептөөлөр'] tbody tr").count()).toBe(2);
    expect(await page.textContent("table[aria-label='Эсептөөлөр'] tbody tr >> nth=0")).toContain("0,00");
    page.once("dialog", (d) => void d.accept());
    await page.click("button:has-text('Сезонду жабуу')");
    await expect.poll(() => page.textContent("main table")).toContain("Жабык");
    await shot(page, "45-billing-runs");
  });

  it("grants a discount by a council decision and ends it, showing what a vulnerability discount relies on", async () => {
    const page = await pageAs("accountant");
    await page.goto(`${server.url}/billing`);
    await page.click("a[href='/billing/discounts']");
    const table = "table[aria-label='Жеңилдиктер']";
    await page.waitForSelector(table);
    expect(await page.textContent(table)).toContain("Аярлуу үй-бүлө");
    // The demo's vulnerable user has no confirmed link to the register: the page says so.
    expect(await page.textContent(table)).toContain("тастыкталган байланыш жок");
    const form = "form[aria-label='Жеңилдик берүү']";
    await page.fill(`${form} input[name=q]`, "2");
    await page.click(`${form} button:has-text('Издөө')`);
    await page.waitForSelector(`${form} select[name=waterUserId]`);
    await page.fill(`${form} input[name=percent]`, "25");
    await page.fill(`${form} input[name=reason]`, "Өрттөн жабыркаган үй");
    await page.fill(`${form} input[name=decisionRef]`, "Кеңеш 2026-07 №2");
    await page.fill(`${form} input[name=validFrom]`, "2026-07-01");
    await page.fill(`${form} input[name=validTo]`, "2026-12-31");
    await page.click(`${form} button[type=submit]`);
    const row = `${table} tr:has-text('Өрттөн жабыркаган үй')`;
    await page.waitForSelector(row);
    expect(await page.textContent(row)).toContain("25\u00a0%");
    expect(await page.textContent(row)).toContain("Кеңеш 2026-07 №2");
    await shot(page, "47-billing-discounts");
    page.once("dialog", (d) => void d.accept());
    await page.click(`${row} button:has-text('Токтотуу')`);
    await expect.poll(() => page.textContent(row)).toContain("токтотулган");
  });

  it("changes the payment term, the penalty and the in-kind rates, and shows the season's instalments", async () => {
    const page = await pageAs("accountant");
    await page.goto(`${server.url}/billing/settings`);
    const form = "form[aria-label='Жөндөөлөр']";
    await page.waitForSelector(`${form} input[name=dueDays]`);
    // The demo plan: two instalments of 50 %. A season's parts come with the seasons, which load apart
    // from the settings (whose form the wait above saw): polled, not counted once.
    await expect.poll(() => page.locator(`${form} input[name^=percent-]`).count()).toBe(2);
    expect(await page.inputValue(`${form} input[name^=percent-] >> nth=0`)).toBe("50");
    await page.fill(`${form} input[name=dueDays]`, "45");
    await page.fill(`${form} input[name=graceDays]`, "10");
    // A part of a half: typed with a decimal comma, key by key, the field keeps it as typed.
    const part = (n: number) => `${form} input[name^=percent-] >> nth=${n}`;
    await page.fill(part(0), "");
    await page.type(part(0), "33,5");
    expect(await page.inputValue(part(0))).toBe("33,5");
    await page.fill(part(1), "");
    await page.type(part(1), "66,5");
    const rate = "form[aria-label='Баа кошуу']";
    await page.fill(`${rate} input[name=commodity]`, "арпа");
    await page.fill(`${rate} input[name=rate]`, "18,50");
    await page.fill(`${rate} input[name=decisionRef]`, "Кеңеш 2026-08");
    await page.fill(`${rate} input[name=validFrom]`, "2026-08-01");
    await page.click(`${rate} button[type=submit]`);
    // The association's own tariff class, beside the two by membership.
    const addClass = "form[aria-label='Класс кошуу']";
    await page.fill(`${addClass} input[name=tariffClass]`, "бакча");
    await page.click(`${addClass} button[type=submit]`);
    await page.click("button:has-text('Жөндөөлөрдү сактоо')");
    await expect.poll(() => page.textContent("[role=status]")).toContain("Сакталды");
    await page.reload();
    await page.waitForSelector(`${form} input[name=dueDays]`);
    expect(await page.inputValue(`${form} input[name=dueDays]`)).toBe("45");
    expect(await page.inputValue(`${form} input[name=graceDays]`)).toBe("10");
    expect([await page.inputValue(part(0)), await page.inputValue(part(1))]).toEqual(["33,5", "66,5"]);
    // Written again each language's way when the user switches (the form's name changes with it).
    const firstPart = "main input[name^=percent-] >> nth=0";
    await page.selectOption(".topbar select", "en");
    await expect.poll(() => page.inputValue(firstPart)).toBe("33.5");
    await page.selectOption(".topbar select", "ky");
    await expect.poll(() => page.inputValue(firstPart)).toBe("33,5");
    const rates = await page.textContent("table[aria-label='Натуралай төлөмдүн баасы']");
    expect(rates).toContain("арпа");
    expect(rates).toContain("18,50");
    expect(rates).toContain("Кеңеш 2026-05");
    expect(await page.locator("ul[aria-label='Тариф класстары'] li").allTextContents()).toEqual([
      "мүчө (келишимге мүчөлүгү боюнча өзү коюлат)",
      "мүчө эмес (келишимге мүчөлүгү боюнча өзү коюлат)",
      "бакча Алып салуу",
    ]);
    await shot(page, "48-billing-settings");
    // The tariffs page offers it by name.
    await page.goto(`${server.url}/billing/tariffs`);
    const classField = page.locator(
      "form[aria-label='Тариф кошуу'] label.field:has-text('Тариф классы') select",
    );
    await expect.poll(() => classField.locator("option").allTextContents()).toContain("бакча");
  });

  it("keeps a receipt's paper size whole on the cashier's list, on an old office screen (1024 px), in Kyrgyz and Russian", async () => {
    const page = await pageAs("accountant", 1024, 768);
    // The menu opens from its button on this screen, leaving the page the screen's width.
    expect(await page.isVisible("nav a[href='/billing']")).toBe(false);
    await page.click(".menu-button");
    await page.click("nav a[href='/billing']");
    await expect.poll(() => page.isVisible("nav a[href='/billing']")).toBe(false);
    const links = page.locator("main table a:has-text('80')");
    await expect.poll(() => links.count()).toBeGreaterThan(0);
    // "80 мм" on one line: "Квитанция 80" over a lone "мм" reads as a receipt numbered 80.
    const sizesBroken = () =>
      links.evaluateAll(
        (all) =>
          all.filter((link) => {
            const text = link.firstChild!;
            const range = document.createRange();
            range.setStart(text, text.textContent!.indexOf("80"));
            range.setEnd(text, text.textContent!.length);
            return new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size > 1;
          }).length,
      );
    expect(await sizesBroken()).toBe(0);
    await page.selectOption(".topbar select", "ru");
    await expect.poll(() => page.textContent("main h1")).toBe("Касса");
    await expect.poll(() => page.textContent("main table")).toContain("Наличные");
    expect(await sizesBroken()).toBe(0);
    // The money columns are in sight, not scrolled off beside the menu (870–960 px tables).
    for (const path of ["/billing/invoices", "/billing/debtors", "/billing/runs"]) {
      await page.goto(`${server.url}${path}`);
      await page.waitForSelector("main table tbody tr");
      // Measured once every part of the page has come (the debtors' villages, the runs' seasons load
      // apart from the first table's rows): a part drawn later could be what runs off.
      await page.waitForLoadState("networkidle");
      const hidden = await page
        .locator("main .table-wrap")
        .evaluateAll((wraps) => wraps.map((w) => w.scrollWidth - w.clientWidth));
      expect(Math.max(...hidden), path).toBeLessThanOrEqual(0);
    }
    await page.context().close();
  });

  it("fits the new pages on a phone", async () => {
    const page = await pageAs("accountant", 390, 844);
    for (const path of ["/billing/discounts", "/billing/settings", "/billing/statement"]) {
      await page.goto(`${server.url}${path}`);
      await page.waitForSelector("main h1");
      await page.waitForLoadState("networkidle");
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow, path).toBeLessThanOrEqual(0);
    }
    await shot(page, "50-billing-statement-phone");
  });

  it("fits a cashier's phone", async () => {
    const page = await pageAs("accountant", 390, 844);
    await page.goto(`${server.url}/billing/cashier`);
    await page.waitForSelector("input[name=q]");
    // Measured with the recent payments drawn, which load after the search field is there.
    await page.waitForLoadState("networkidle");
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    // Each recent payment, stacked, says what its date and sum are.
    const shownLabels = () =>
      page.$$eval("table tbody tr:first-child td", (cells) =>
        cells.map((cell) => getComputedStyle(cell, "::before").content),
      );
    await expect.poll(shownLabels).toEqual(['"Күнү"', '"Төлөөчү"', '"Төлөм ыкмасы"', '"Сумма"', "none"]);
    await shot(page, "46-billing-cashier-phone");
  });
});
