import type { BrowserContext, Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { DEMO_PASSWORD } from "../../src/server/demo/seed.js";
import { serverAndBrowser, shot, signIn } from "./support/server.js";

/**
 * The app started without a link: its service worker keeps the build, and the browser the session
 * the service last confirmed. Service workers are let in here only (see launchBrowser).
 */
describe("the web app without a link", () => {
  const shared = serverAndBrowser();

  /** A water master's phone in Kyrgyz, with the app's service worker. */
  async function phone(): Promise<{ page: Page; context: BrowserContext }> {
    const context = await shared.browser.newContext({
      viewport: { width: 390, height: 844 },
      timezoneId: "Asia/Bishkek",
      isMobile: true,
      hasTouch: true,
      serviceWorkers: "allow",
    });
    const page = await context.newPage();
    await signIn(page, shared.server.url, "mirab");
    await page.selectOption(".topbar select", "ky");
    return { page, context };
  }

  /** Once the worker has kept the build and answers this page's requests. */
  async function workerInCharge(page: Page) {
    const controlled = () => page.evaluate(() => navigator.serviceWorker.controller !== null);
    await page.evaluate(async () => {
      const worker = (await navigator.serviceWorker.ready).active!;
      if (worker.state === "activated") return;
      await new Promise<void>((done) =>
        worker.addEventListener("statechange", () => worker.state === "activated" && done()),
      );
    });
    // A page still loading while the worker took over can stay outside it (seen once in eight runs:
    // no controller 10 s after activation); its next load is the worker's.
    if (!(await controlled())) await page.reload();
    await expect.poll(controlled).toBe(true);
  }

  async function choosePost(page: Page, code: string) {
    const select = "form.quick-entry select";
    await expect.poll(() => page.locator(`${select} option`).count()).toBeGreaterThan(1);
    const value = await page
      .locator(select)
      .evaluate(
        (el, text) =>
          [...(el as HTMLSelectElement).options].find((o) => o.text.startsWith(text))?.value ?? "",
        code,
      );
    await page.selectOption(select, value);
    return value;
  }

  /** The post's readings of today on the WUA's clock, as the service has them. */
  async function readingsOf(page: Page, postId: string): Promise<{ levelM: number }[]> {
    const today = new Date(Date.now() + 6 * 3_600_000).toISOString().slice(0, 10);
    const answer = await page.request.get(
      `${shared.server.url}/api/water/readings?structureId=${postId}&day=${today}`,
    );
    return answer.json();
  }

  const OFFLINE_NOTICE = "Байланыш жок: бул түзмөктө сакталганы көрсөтүлүүдө";
  const PENDING = "Жөнөтүүнү күтүүдө: 1";

  it("serves its service worker from the root, as a script the browser asks for again each time", async () => {
    const worker = await fetch(`${shared.server.url}/sw.js`);
    expect(worker.status).toBe(200);
    expect(worker.headers.get("content-type")).toMatch(/^(application|text)\/javascript/);
    expect(worker.headers.get("cache-control")).toBe("no-cache");
    const code = await worker.text();
    // The build's page and its Kyrgyz catalog are among the files it keeps; no source map is.
    expect(code).toContain('"/index.html"');
    expect(code).toMatch(/"\/assets\/ky-[\w-]+\.js"/);
    expect(code).not.toContain('.map"');
  });

  it("opens the readings page without a link, keeps a reading there, and sends it when the link is back", async () => {
    const { page, context } = await phone();
    await page.goto(`${shared.server.url}/water/readings`);
    const postId = await choosePost(page, "ГП-Р-1");
    await workerInCharge(page);

    await context.setOffline(true);
    // The emulated lost link reaches the worker's own requests too (Chromium 156, playwright-core
    // 1.65): a file it does not keep, which it asks the network for, fails as the page's would.
    // Were it not so, the reload below would be answered by the service, not by what was kept.
    expect(
      await page.evaluate(() =>
        fetch("/not-kept.txt").then(
          () => "answered",
          () => "failed",
        ),
      ),
    ).toBe("failed");
    await page.reload();
    await page.waitForSelector("form.quick-entry");
    await expect.poll(() => page.textContent(".offline-notice")).toContain(OFFLINE_NOTICE);
    expect(await page.textContent(".user-name")).toBeTruthy();
    // The post remembered, from the posts this phone kept; the day's readings need the service,
    // and say so, with a retry.
    expect(await page.inputValue("form.quick-entry select")).toBe(postId);
    await expect.poll(() => page.locator(".state-error").count()).toBeGreaterThan(0);
    await page.fill("input.big-number", "28");
    await page.click("form.quick-entry button[type=submit]");
    await expect.poll(() => page.textContent("form.quick-entry")).toContain(PENDING);
    await shot(page, "o1-readings-started-offline");
    // A page whose data only the service has says so, with a retry, under the same notice.
    await page.goto(`${shared.server.url}/`);
    await expect.poll(() => page.textContent(".state-error")).toContain("Сервер менен байланыш жок");
    expect(await page.locator(".state-error button").count()).toBe(1);
    expect(await page.textContent(".offline-notice")).toContain(OFFLINE_NOTICE);
    await page.goto(`${shared.server.url}/water/readings`);
    await expect.poll(() => page.textContent("form.quick-entry")).toContain(PENDING);

    await context.setOffline(false);
    // The session confirmed (its CSRF token) before the reading is sent, which is not refused.
    await expect.poll(() => page.textContent("form.quick-entry")).not.toContain(PENDING);
    expect(await page.locator("form.quick-entry .state-error").count()).toBe(0);
    await expect.poll(() => page.locator(".offline-notice").count()).toBe(0);
    await expect.poll(() => page.textContent("table")).toMatch(/28[.,]0/);
    expect((await readingsOf(page, postId)).map((r) => r.levelM)).toContain(0.28);
    await context.close();
  });

  it("keeps a reading made offline when the session ended meanwhile, and sends it after the next sign-in", async () => {
    const { page, context } = await phone();
    await page.goto(`${shared.server.url}/water/readings`);
    const postId = await choosePost(page, "ГП-Р-2");
    await workerInCharge(page);
    await context.setOffline(true);
    await page.reload();
    await page.waitForSelector("form.quick-entry");
    await page.fill("input.big-number", "41");
    await page.click("form.quick-entry button[type=submit]");
    await expect.poll(() => page.textContent("form.quick-entry")).toContain(PENDING);

    // The session ends on the service meanwhile (signed out on another device): the context's own
    // requests share the phone's cookie and are outside the emulated lost link.
    const session = await (await context.request.get(`${shared.server.url}/api/auth/session`)).json();
    const out = await context.request.post(`${shared.server.url}/api/auth/logout`, {
      headers: { "x-csrf-token": session.csrfToken },
    });
    expect(out.ok()).toBe(true);

    await context.setOffline(false);
    // Sent to sign in; the reading stays on the phone, not refused nor dropped.
    await page.waitForSelector("input[name=username]");
    expect(await page.locator(".topbar").count()).toBe(0);
    const queued = await page.evaluate(() => localStorage.getItem("aimak.measure.readingsQueue"));
    expect(JSON.parse(queued ?? "[]")).toHaveLength(1);
    await page.fill("input[name=username]", "mirab");
    await page.fill("input[name=password]", DEMO_PASSWORD);
    await page.click("button[type=submit]");
    await page.waitForSelector("form.quick-entry");
    await expect.poll(() => page.textContent("form.quick-entry")).not.toContain("Жөнөтүүнү күтүүдө");
    await expect.poll(() => readingsOf(page, postId).then((all) => all.map((r) => r.levelM))).toContain(0.41);
    await context.close();
  });

  it("shows no one's pages after a sign-out, with a link or without, and ends the session on the service", async () => {
    const office = async () => {
      const context = await shared.browser.newContext({
        viewport: { width: 1366, height: 768 },
        serviceWorkers: "allow",
      });
      const page = await context.newPage();
      await signIn(page, shared.server.url, "mirab");
      await page.goto(`${shared.server.url}/water/readings`);
      await page.waitForSelector("form.quick-entry");
      await workerInCharge(page);
      return { page, context };
    };
    const signedOut = async (page: Page) => {
      await page.waitForSelector("input[name=username]");
      expect(await page.locator(".topbar").count()).toBe(0);
      expect(await page.textContent("body")).not.toContain("ГП-Р-1");
      expect(await page.evaluate(() => localStorage.getItem("aimak.session"))).toBeNull();
    };

    // Signed out with a link: a start without one finds the sign-in page, from the kept build.
    const first = await office();
    await first.page.click(".nav-footer button >> nth=0");
    await signedOut(first.page);
    await first.context.setOffline(true);
    await first.page.reload();
    await signedOut(first.page);
    await first.context.close();

    // Signed out without a link: forgotten at once here, and the service told at the next start
    // with one, so the session cookie the page cannot remove signs no one in.
    const second = await office();
    await second.context.setOffline(true);
    await second.page.click(".nav-footer button >> nth=0");
    await signedOut(second.page);
    await second.page.reload();
    await signedOut(second.page);
    await second.context.setOffline(false);
    await second.page.reload();
    await signedOut(second.page);
    await expect
      .poll(async () => (await second.context.request.get(`${shared.server.url}/api/auth/session`)).status())
      .toBe(401);
    await shot(second.page, "o2-signed-out-offline");
    await second.context.close();
  });
});
