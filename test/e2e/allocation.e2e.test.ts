import { describe, expect, it } from "vitest";
import { serverAndBrowser, shot, signIn } from "./support/server.js";

describe("the allocation and equity pages", () => {
  const shared = serverAndBrowser();

  it("allocates a decade's short water, publishes the rotation, changes a turn, and shows equity", async () => {
    const context = await shared.browser.newContext({ viewport: { width: 1366, height: 900 } });
    const page = await context.newPage();
    await signIn(page, shared.server.url, "wua");
    await page.selectOption(".topbar select", "ky");
    await page.click("nav a[href='/water/allocation']");
    await page.waitForSelector("form[aria-label='Жаңы бөлүштүрүү']");
    await page.fill("input[name=fromDay]", "2026-07-01");
    await page.fill("input[name=toDay]", "2026-07-10");
    await page.fill("input[name=supplyM3]", "20000");
    // The demo season has a plan, offered first; a norm is the other way to state demand.
    expect(await page.textContent("select[name=demandSource]")).toContain("Суу пайдалануу планы №1");
    await page.selectOption("select[name=demandSource]", "norm");
    await page.fill("input[name=m3PerHa]", "900");
    await page.click("form[aria-label='Жаңы бөлүштүрүү'] button[type=submit]");
    // The run page: every user's share with what binds it, and the flow on every canal.
    await page.waitForSelector("h2:has-text('Ар бир суу пайдалануучунун үлүшү')");
    const shares =
      (await page.textContent("main table >> nth=0")) ?? (await page.textContent("table >> nth=0"));
    expect(shares).toContain("баштагы суу"); // short water: the head's supply binds
    await shot(page, "60-allocation-run");

    await page.click("form[aria-label='Жарыялоо жана кезек түзүү'] button[type=submit]");
    await expect.poll(() => page.textContent("[role=status]")).toContain("SMS");
    await page.waitForSelector("h2:has-text('Сугат кезеги')");
    page.once("dialog", (dialog) => void dialog.accept("0.1")); // shorter: it cannot overlap the next
    await page.click("button:has-text('Өзгөртүү') >> nth=0");
    await expect.poll(() => page.textContent("body")).toContain("мираб өзгөрттү");
    const pdfHref = await page.getAttribute("a:has-text('Басып чыгаруу (PDF)')", "href");
    const pdf = await page.request.get(`${shared.server.url}${pdfHref}`);
    expect(pdf.headers()["content-type"]).toContain("application/pdf");
    await shot(page, "61-rotation-schedule");

    await page.click("nav a[href='/water/equity']");
    await page.waitForSelector("table.equity-indicators");
    expect(await page.textContent("table.equity-indicators")).toContain("Жетиштүүлүк");
    expect(await page.textContent("body")).toContain("Аярлуу үй чарбалары жана башкалар");
    // One decade alone.
    await page.selectOption("select[name=period]", { index: 1 });
    await expect.poll(() => page.url()).toContain("period=");
    await page.waitForSelector("table.equity-indicators");
    await shot(page, "62-equity");
    await context.close();
  });
});
