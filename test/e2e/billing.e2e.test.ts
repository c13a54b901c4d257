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
  });

  it("shows invoices line by line, tariffs with their decisions, debtors and the collection rate", async () => {
    const page = await pageAs("accountant");
    await page.goto(`${server.url}/billing/invoices`);
    await expect.poll(() => page.textContent("main table")).toContain("ЖЧ-2026-01 §3");
    await expect.poll(() => page.textContent("main table")).toContain("Мүчөлүк акы");
    await shot(page, "42-billing-invoices");

    await page.click("a[href='/billing/tariffs']");
    await page.waitForSelector("table[aria-label='Тарифтер']");
    expect(await page.textContent("table[aria-label='Тарифтер']")).toContain("Жалпы чогулуш");
    expect(await page.textContent("main")).toContain("Аярлуу үй-бүлө");

    await page.click("a[href='/billing/debtors']");
    await page.fill("input[type=date]", "2026-08-01");
    // The list and its export follow the chosen day (the address keeps it).
    await page.waitForSelector("a[href*='/api/billing/debtors/export?asOf=2026-08-01']");
    await expect.poll(() => page.textContent("main table tfoot")).toContain("сом");
    const [download] = await Promise.all([page.waitForEvent("download"), page.click("a:has-text('Excel')")]);
    expect(download.suggestedFilename()).toBe("debtors-2026-08-01.xlsx");
    await page.click("button:has-text('SMS')");
    await expect.poll(() => page.textContent("[role=status]")).toContain("Кезекке коюлду");
    await page.click("button:has-text('Кечиктирүү айыбын')");
    await expect.poll(() => page.textContent("main")).toContain("Айып:");
    await shot(page, "43-billing-debtors");

    await page.click("a[href='/billing/reports']");
    await page.waitForSelector("table[aria-label='Жыйноо деңгээли']");
    expect(await page.textContent("table[aria-label='Жыйноо деңгээли']")).toContain("Аярлуу");
    await page.waitForSelector("table[aria-label='Айланма-калдык ведомосту']");
    await shot(page, "44-billing-reports");
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

  it("fits a cashier's phone", async () => {
    const page = await pageAs("accountant", 390, 844);
    await page.goto(`${server.url}/billing/cashier`);
    await page.waitForSelector("input[name=q]");
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await shot(page, "46-billing-cashier-phone");
  });
});
