import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { geojsonFile, outletOnR4 } from "./support/network-file.js";
import { launchBrowser, offlinePage, shot, startServer } from "./support/server.js";

describe("the canal network pages", () => {
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

  /** The WUA director's page; every request that leaves the machine is refused and remembered. */
  const directorPage = (width = 1366, height = 768) =>
    offlinePage(browser, server.url, "wua", { viewport: { width, height } });
  const row = (page: Page, code: string) => page.locator(`li[data-code='${code}'] > .reach-row`);

  it("edits the tree: a child wider than its parent is refused until confirmed, a canal is added below", async () => {
    const { page } = await directorPage();
    await page.click("nav a[href='/water/network']");
    await page.waitForSelector(".network-tree");
    for (const code of ["БС-1", "МК-1", "Р-4", "СБ-4-3"]) expect(await row(page, code).count()).toBe(1);
    expect(await row(page, "Р-1").textContent()).toContain("500 л/с");

    // A reach's actions show once it is tapped.
    expect(await row(page, "Р-1").locator("button", { hasText: "Өзгөртүү" }).count()).toBe(0);
    await row(page, "Р-1").locator("button.reach-code").click();
    await row(page, "Р-1").locator("button", { hasText: "Өзгөртүү" }).click();
    const form = page.locator("form[aria-label='Р-1']");
    // Its figures offered for typing with the page's decimal comma, as a clerk types them.
    await expect.poll(() => form.locator("input[name=efficiency]").inputValue()).toBe("0,82");
    await form.locator("input[name=capacityLps]").fill("5000");
    await form.locator("button[type=submit]").click();
    await expect.poll(() => form.locator(".field-error").textContent()).toContain("МК-1");
    await shot(page, "40-network-capacity-refused");
    await form.locator("input[name=capacityOverride]").check();
    await form.locator("button[type=submit]").click();
    await expect.poll(() => row(page, "Р-1").textContent()).toContain("5\u00a0000 л/с");

    await row(page, "Р-2").locator("button.reach-code").click();
    await row(page, "Р-2").locator("button", { hasText: "Төмөн канал кошуу" }).click();
    const child = page.locator(".network-tree form");
    await child.locator("input[name=code]").fill("Ч-2-1");
    await child.locator("input[name=name]").fill("Чарба каналы");
    await child.locator("select[name=kind]").selectOption("tertiary");
    await child.locator("input[name=capacityLps]").fill("60");
    await child.locator("button[type=submit]").click();
    await page.waitForSelector("li[data-code='Ч-2-1']");
    expect(await page.locator("li[data-code='Р-2'] li[data-code='Ч-2-1']").count()).toBe(1);

    // Collapsing the main canal hides what it feeds.
    await row(page, "МК-1").locator("button.toggle").click();
    expect(await row(page, "Р-1").count()).toBe(0);
    await row(page, "МК-1").locator("button.toggle").click();
    expect(await row(page, "Р-1").count()).toBe(1);
  });

  it("draws canals as lines and structures as markers with no tile server, on a phone too", async () => {
    const { page, outside } = await directorPage(390, 844);
    await page.goto(`${server.url}/water/map`);
    await page.waitForSelector(".leaflet-overlay-pane path.map-reach");
    // The demo: a head, a main canal, 4 secondaries and 12 outlets drawn; 12 structures placed.
    await expect.poll(() => page.locator("path.map-reach").count()).toBe(18);
    expect(await page.locator("path.map-main").count()).toBe(1);
    expect(await page.locator("path.map-structure").count()).toBe(13);
    expect(await page.locator(".leaflet-tile").count()).toBe(0);
    await page.locator("path.map-main").dispatchEvent("click");
    await expect
      .poll(() => page.textContent(".leaflet-popup-content"))
      .toContain("МК-1 — Көк-Арт магистралдык каналы");
    expect(await page.textContent(".leaflet-popup-content")).toContain("1\u00a0700 л/с");
    await shot(page, "41-network-map-phone");
    expect(outside).toEqual([]);
    await page.click("nav.tabs a[href='/water/network']");
    await page.waitForSelector(".network-tree");
    await shot(page, "43-network-tree-phone");
  });

  it("imports a GeoJSON file: checked first, then written, then drawn", async () => {
    const { page } = await directorPage();
    await page.goto(`${server.url}/water/network/import`);
    // An outlet wider than its canal: refused with its feature and column named.
    await page.setInputFiles("input[name=file]", geojsonFile([outletOnR4(4, 900)]));
    await page.click("form button[type=submit]");
    await page.waitForSelector("table.issues");
    expect(await page.textContent("table.issues")).toContain("Р-4");
    await shot(page, "42-network-import-refused");

    await page.setInputFiles("input[name=file]", geojsonFile([outletOnR4(4, 70)]));
    await page.click("form button[type=submit]");
    await expect.poll(() => page.textContent("[role=status]")).toContain("1 канал");
    await page.click("button.import-write");
    await expect.poll(() => page.textContent("[role=status]")).toContain("1 жаңы");

    await page.click("nav.tabs a[href='/water/map']");
    await page.waitForSelector(".leaflet-overlay-pane path.map-reach");
    await expect.poll(() => page.locator("path.map-outlet").count()).toBe(13);
  });

  it("writes a canal's capacity, efficiency and lengths as the reader's language writes numbers, not as stored", async () => {
    const { page } = await directorPage();
    await page.goto(`${server.url}/water/network`);
    await page.waitForSelector(".network-tree");
    const main = (await row(page, "МК-1").textContent()) ?? "";
    // Grouped by a no-break space, with a decimal comma: "1 700 л/с", "ПАК 0,88", "6 592 м".
    expect(main).toContain("1\u00a0700 л/с");
    expect(main).toContain("ПАК 0,88");
    expect(main).toMatch(/\d\u00a0\d{3} м.*картада \d\u00a0\d{3} м/);
    expect(main).not.toMatch(/\d\.\d/);
  });
});
