import type { Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { serverAndBrowser, shot, signIn } from "./support/server.js";

/** What the register's pages offer each role and organisation (QA s24, Journey 7). */
describe("the register's pages by organisation and role", () => {
  const shared = serverAndBrowser();
  let householdId: string;

  /** A page signed in as the demo's user, in Kyrgyz. */
  async function pageAs(username: string): Promise<Page> {
    const { server, browser } = shared;
    const page = await (await browser.newContext({ viewport: { width: 1366, height: 768 } })).newPage();
    await signIn(page, server.url, username);
    await page.selectOption(".topbar select", "ky");
    return page;
  }

  beforeAll(async () => {
    const clerk = await pageAs("clerk");
    const list = await (await clerk.request.get(`${shared.server.url}/api/registry/households`)).json();
    householdId = list.items[0].id;
    await clerk.close();
  });

  const KEPT_BY_MUNICIPALITY =
    "Чарба китебин айыл өкмөтү жүргүзөт. Байланышкан суу пайдалануучулардын аярлуулук белгилери суу пайдалануучунун карточкасында көрсөтүлөт.";

  it("offers a WUA none of the household book's tools, and says in one line who keeps the book on each of its pages", async () => {
    for (const username of ["wua", "accountant", "mirab"]) {
      const page = await pageAs(username);
      expect(
        await page.locator("nav a[href='/register'], nav a[href='/certificates']").count(),
        username,
      ).toBe(0);
      for (const path of [
        "/register",
        "/register/new",
        "/register/import",
        "/register/settings",
        "/register/duplicates",
        "/register/summary",
        `/register/households/${householdId}`,
        "/certificates",
      ]) {
        await page.goto(`${shared.server.url}${path}`);
        await expect
          .poll(() => page.textContent(".book-elsewhere"), { message: `${username} ${path}` })
          .toBe(KEPT_BY_MUNICIPALITY);
        expect(await page.locator("main form, main h1, main table").count(), `${username} ${path}`).toBe(0);
        expect(await page.locator("main button", { hasText: "Кайра аракет кылуу" }).count()).toBe(0);
      }
      if (username === "wua") {
        await page.goto(`${shared.server.url}/register`);
        await page.waitForSelector(".book-elsewhere");
        await shot(page, "s24-wua-register");
        // Its own water users are a link away.
        await page.click("main a[href='/water']");
        await page.waitForURL(`${shared.server.url}/water`);
      }
      await page.close();
    }
  });

  it("keeps offering a municipality's book to its clerk and the books under it to a district office", async () => {
    for (const username of ["clerk", "district"]) {
      const page = await pageAs(username);
      await page.click("nav a[href='/register']");
      await page.waitForSelector("form.filters");
      expect(await page.locator(".book-elsewhere").count(), username).toBe(0);
      await page.close();
    }
  });

  it("offers a social worker neither the duplicates nor the settings, which it cannot change, and a clerk the duplicates alone", async () => {
    const social = await pageAs("social");
    await social.goto(`${shared.server.url}/register`);
    await social.waitForSelector("form.filters");
    expect(await social.locator("a[href='/register/duplicates'], a[href='/register/settings']").count()).toBe(
      0,
    );
    // The export of the book it reads stays.
    expect(await social.locator("a[href='/api/registry/book/export?format=xlsx']").count()).toBe(1);
    await social.close();
    const clerk = await pageAs("clerk");
    await clerk.goto(`${shared.server.url}/register`);
    await clerk.waitForSelector("form.filters");
    expect(await clerk.locator("a[href='/register/duplicates']").count()).toBe(1);
    expect(await clerk.locator("a[href='/register/settings']").count()).toBe(0);
    await clerk.close();
    const admin = await pageAs("admin");
    await admin.goto(`${shared.server.url}/register`);
    await admin.waitForSelector("form.filters");
    expect(await admin.locator("a[href='/register/duplicates'], a[href='/register/settings']").count()).toBe(
      2,
    );
    await admin.close();
  });

  it("offers «Кайра аракет кылуу» for a lost connection, not for a refusal that trying again cannot change", async () => {
    const page = await pageAs("clerk");
    // No such household: 404, the same the next time.
    await page.goto(`${shared.server.url}/register/households/01a2418f-0000-7000-8000-000000000000`);
    await page.waitForSelector("main [role=alert]");
    expect(await page.locator("main [role=alert] button").count()).toBe(0);
    // The link lost while the card loads: trying again may well work, and does.
    let lose = true;
    await page.route(`**/api/registry/households/${householdId}`, (route) => {
      if (!lose) return route.continue();
      lose = false;
      return route.abort("internetdisconnected");
    });
    await page.goto(`${shared.server.url}/register/households/${householdId}`);
    await page.click("main [role=alert] button:has-text('Кайра аракет кылуу')");
    await page.waitForSelector("table.members");
    await page.close();
  });
});
