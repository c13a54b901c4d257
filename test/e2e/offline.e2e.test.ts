import type { BrowserContext, Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { catalogOf, LOCALES } from "../../src/domain/places/units.js";
import { DEMO_PASSWORD } from "../../src/server/demo/seed.js";
import { login, seedOrganisation, TEST_PASSWORD } from "../support/app.js";
import { seedWaterNetwork } from "../support/water-fixtures.js";
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

  /** The form's first choice, a gauging post or an outlet, by its code. */
  async function choosePost(page: Page, code: string) {
    const select = page.locator("form.quick-entry select").first();
    await expect.poll(() => select.locator("option").count()).toBeGreaterThan(1);
    const value = await select.evaluate(
      (el, text) => [...(el as HTMLSelectElement).options].find((o) => o.text.startsWith(text))?.value ?? "",
      code,
    );
    await select.selectOption(value);
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

  /** What this page's phone keeps under a key that begins so. */
  const keptUnder = (page: Page, prefix: string) =>
    page.evaluate((start) => Object.keys(localStorage).filter((k) => k.startsWith(start)), prefix);
  const readingsQueue = async (page: Page): Promise<{ owner?: { userId: string } }[]> =>
    JSON.parse((await page.evaluate(() => localStorage.getItem("aimak.measure.readingsQueue"))) ?? "[]");

  async function signInHere(page: Page, username: string) {
    await page.waitForSelector("input[name=username]");
    await page.fill("input[name=username]", username);
    await page.fill("input[name=password]", DEMO_PASSWORD);
    await page.click("button[type=submit]");
    await page.waitForSelector(".topbar");
  }

  /** Signs out from the phone's menu. */
  async function signOutHere(page: Page) {
    await page.click(".menu-button");
    await page.click(".nav-footer button >> nth=0");
    await page.waitForSelector("input[name=username]");
  }

  /**
   * A water master of a second WUA (gauging posts ГП-1…3) whom the demo WUA's director gave the
   * same role there, signed in for his own WUA: two organisations he records readings in. His
   * director, of his WUA only, reads what was recorded there.
   */
  async function masterOfTwo() {
    const second = await seedOrganisation(shared.server.database, {
      kind: "water-provider",
      providerType: "wua",
      adminUnitCode: "41703220999000",
      users: { master: ["water-master"], director: ["wua-director"] },
    });
    const ids = await seedWaterNetwork(shared.server.database, second.org.id);
    const username = second.users.master!.username;
    const demoDirector = await login(shared.server.app, "wua", DEMO_PASSWORD);
    const added = await demoDirector.post("/api/users/existing", { username, roles: ["water-master"] });
    expect(added.statusCode, added.body).toBe(201);
    const context = await shared.browser.newContext({
      viewport: { width: 390, height: 844 },
      timezoneId: "Asia/Bishkek",
      isMobile: true,
      hasTouch: true,
    });
    const page = await context.newPage();
    await page.goto(shared.server.url);
    await page.fill("input[name=username]", username);
    await page.fill("input[name=password]", TEST_PASSWORD);
    await page.click("button[type=submit]");
    await page.click(`.choices button:has-text("${second.org.name.ky}")`);
    await page.waitForSelector(".topbar");
    const demoWua: string = (await demoDirector.get("/api/auth/session")).json().activeOrgId;
    const director = await login(shared.server.app, second.users.director!.username);
    return { page, context, ids, demoWua, director };
  }

  /** Asks for the switch to another of the session's organisations from the top bar. */
  const switchTo = (page: Page, orgId: string) => page.locator(".topbar select").first().selectOption(orgId);
  const activeOrgOf = async (context: BrowserContext) =>
    (await (await context.request.get(`${shared.server.url}/api/auth/session`)).json()).activeOrgId;

  const KEPT_AS_OF = expect.stringMatching(/^Тизмелер \d\d\.\d\d\.\d{4} \d\d:\d\d абалы боюнча/);
  const TURNS_NEED_LINK = "Жазылган сугаттарды байланышсыз жүктөө мүмкүн эмес";
  const OFFLINE_NOTICE = "Байланыш жок: бул түзмөктө сакталганы көрсөтүлүүдө";
  const PENDING = "Жөнөтүүнү күтүүдө: 1";
  const ANOTHER_USERS = "Бул түзмөктө башка колдонуучунун жазуулары жөнөтүүнү күтүүдө: 1";

  it("serves its service worker from the root, as a script the browser asks for again each time", async () => {
    const worker = await fetch(`${shared.server.url}/sw.js`);
    expect(worker.status).toBe(200);
    expect(worker.headers.get("content-type")).toMatch(/^(application|text)\/javascript/);
    expect(worker.headers.get("cache-control")).toBe("no-cache");
    const code = await worker.text();
    // The build's page and every language's catalog are among the files it keeps, so a language
    // never opened on the device opens without a link; no source map is.
    expect(code).toContain('"/index.html"');
    for (const catalog of new Set(LOCALES.map(catalogOf)))
      expect(code).toMatch(new RegExp(`"/assets/${catalog}-[\\w-]+\\.js"`));
    expect(code).not.toContain('.map"');
  });

  it("downloads at an upgrade only the files that changed, copying the rest from what the old version kept", async () => {
    const { page, context } = await phone();
    await workerInCharge(page);
    const code = await (await fetch(`${shared.server.url}/sw.js`)).text();
    const precache = JSON.parse(/^const PRECACHE = (.*);$/m.exec(code)![1]!) as {
      version: string;
      files: string[];
    };
    // The next version: one new script beside the same files (as when one page changed), the rest as kept.
    const added = "/assets/added-page-0a1b2c3d.js";
    const next = { version: `${precache.version}-next`, files: [...precache.files, added].sort() };
    // Served at an address of its own: the browser asks for a new registration's script where a
    // route sees it (an update's check of the same address it makes unseen).
    await context.route("**/sw.js?next", (route) =>
      route.fulfill({
        contentType: "text/javascript",
        headers: { "cache-control": "no-cache" },
        body: code.replace(/^const PRECACHE = .*;$/m, `const PRECACHE = ${JSON.stringify(next)};`),
      }),
    );
    await context.route(`**${added}`, (route) =>
      route.fulfill({ contentType: "text/javascript", body: "export const added = true;\n" }),
    );
    const downloaded: string[] = [];
    context.on("request", (r) => {
      const { pathname } = new URL(r.url());
      if (r.serviceWorker() && pathname !== "/sw.js") downloaded.push(pathname);
    });
    await page.evaluate(() => navigator.serviceWorker.register("/sw.js?next"));
    const cacheNames = () => page.evaluate(() => caches.keys());
    await expect.poll(cacheNames).toEqual([`aimak-${next.version}`]);
    expect(downloaded.sort()).toEqual([added, "/index.html"]);
    // The new version keeps every file of its build, the copied ones whole: the app starts from them.
    const kept = await page.evaluate(
      async ({ name, files }) => {
        const cache = await caches.open(name);
        return Promise.all(
          files.map(async (f) => ((await cache.match(f))?.ok ? (await cache.match(f))!.text() : null)),
        );
      },
      { name: `aimak-${next.version}`, files: next.files },
    );
    expect(kept.filter((body) => body === null)).toEqual([]);
    const script = next.files.find((f) => /^\/assets\/index-.*\.js$/.test(f))!;
    expect(kept[next.files.indexOf(script)]).toBe(
      await (await fetch(`${shared.server.url}${script}`)).text(),
    );
    await context.close();
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

  it("gives a reading back to the form, saying why, when the phone has no room to keep it", async () => {
    const { page, context } = await phone();
    await page.goto(`${shared.server.url}/water/readings`);
    // The worker first: it may load the page again, and the posts must be on the page (the post
    // chosen from them) before the link goes and the copies kept of them are removed below.
    await workerInCharge(page);
    await choosePost(page, "ГП-Р-1");
    await context.setOffline(true);
    // The phone's storage full to the last bytes, with no copy of a list left to make room from.
    const filled = await page.evaluate(() => {
      for (const key of Object.keys(localStorage))
        if (key.startsWith("aimak.kept.")) localStorage.removeItem(key);
      let n = 0;
      for (let size = 1 << 20; size >= 1; size >>= 1) {
        const chunk = "x".repeat(size);
        try {
          for (;;) localStorage.setItem(`filler.${n++}`, chunk);
        } catch {}
      }
      return n;
    });
    expect(filled).toBeGreaterThan(1);
    await page.fill("input.big-number", "31");
    await page.click("form.quick-entry button[type=submit]");
    await expect
      .poll(() => page.textContent("form.quick-entry .state-error"))
      .toContain("Бул түзмөктө орун жок");
    expect(await page.inputValue("input.big-number")).toBe("31");
    expect(await readingsQueue(page)).toEqual([]);

    await page.evaluate(() => {
      for (const key of Object.keys(localStorage))
        if (key.startsWith("filler.")) localStorage.removeItem(key);
    });
    await page.click("form.quick-entry button[type=submit]");
    await expect.poll(() => page.textContent("form.quick-entry")).toContain(PENDING);
    expect(await page.locator("form.quick-entry .state-error").count()).toBe(0);
    expect(await readingsQueue(page)).toHaveLength(1);
    await context.close();
  });

  it("records a turn without a link from the outlets, users and seasons the phone kept, sends it when the link is back, and forgets the lists at a sign-out", async () => {
    const { page, context } = await phone();
    const mirab = (await (await context.request.get(`${shared.server.url}/api/auth/session`)).json()).user.id;
    // Opened once with a link, no outlet chosen: every outlet's users are kept, not only one's.
    await page.goto(`${shared.server.url}/water/deliveries`);
    await page.waitForSelector("form.quick-entry");
    await workerInCharge(page);
    const kept = await keptUnder(page, `aimak.kept.${mirab}.`);
    for (const name of ["outlets", "outletUsers", "seasons"])
      expect(kept.some((k) => k.endsWith(`.${name}`))).toBe(true);
    expect(await page.locator(".kept-as-of").count()).toBe(0);

    await context.setOffline(true);
    await page.reload();
    await page.waitForSelector("form.quick-entry");
    await expect.poll(() => page.textContent(".offline-notice")).toContain(OFFLINE_NOTICE);
    // The lists are said to be as of when they were kept.
    await expect.poll(() => page.textContent(".kept-as-of")).toEqual(KEPT_AS_OF);
    const selects = "form.quick-entry select";
    const outlet = await choosePost(page, "СБ-1-1");
    // The turns recorded at an outlet whose list was not kept need the service, and the page says
    // so, not as a fault.
    await expect.poll(() => page.textContent("main")).toContain(TURNS_NEED_LINK);
    expect(await page.locator("main .state-error").count()).toBe(0);
    await expect.poll(() => page.locator(`${selects} >> nth=1`).locator("option").count()).toBeGreaterThan(1);
    const user = await page.$eval(`${selects} >> nth=1`, (el) => (el as HTMLSelectElement).options[1]!.value);
    await page.selectOption(`${selects} >> nth=1`, user);
    await page.selectOption(`${selects} >> nth=2`, "time-and-flow");
    const days = "form.quick-entry .moment-input .day-input input[type=text]";
    const times = "form.quick-entry .moment-input > input";
    const typeInto = async (field: string, keys: string) => {
      await page.fill(field, "");
      await page.type(field, keys);
    };
    // The form's own checks still speak at once from the kept lists: a day of no season (today,
    // in December; the demo's season ends on 30 September) at the start's field, and a flow more
    // than the outlet carries.
    const today = new Date(Date.now() + 6 * 3_600_000)
      .toISOString()
      .slice(0, 10)
      .split("-")
      .reverse()
      .join("");
    await typeInto(`${days} >> nth=0`, today);
    await expect
      .poll(() => page.textContent("form.quick-entry .field-error"))
      .toContain("сезондун (01.04.2026 – 30.09.2026) сыртында");
    // On the 28th the outlet's first user has no turn of the demo's at six (it holds the 29th's morning).
    await typeInto(`${days} >> nth=0`, "28092026");
    await typeInto(`${times} >> nth=0`, "600");
    await typeInto(`${days} >> nth=1`, "28092026");
    await typeInto(`${times} >> nth=1`, "730");
    expect(await page.locator("form.quick-entry .field-error").count()).toBe(0);
    await page.fill("input.big-number", "45000");
    await page.click("form.quick-entry button[type=submit]");
    await expect.poll(() => page.textContent("form.quick-entry")).toContain("суу бөлгүчүнүн өткөрүмдүүлүгү");
    expect(await page.evaluate(() => localStorage.getItem("aimak.measure.deliveriesQueue") ?? "[]")).toBe(
      "[]",
    );
    await page.fill("input.big-number", "45");
    await page.click("form.quick-entry button[type=submit]");
    await expect.poll(() => page.textContent("form.quick-entry")).toContain(PENDING);
    await shot(page, "o5-turn-recorded-offline");

    // The link back: the turn is sent under the water master's session, and the list shows it.
    await context.setOffline(false);
    await expect.poll(() => page.textContent("form.quick-entry")).not.toContain(PENDING);
    expect(await page.locator("form.quick-entry .state-error").count()).toBe(0);
    const recorded = async () =>
      (
        await (
          await page.request.get(
            `${shared.server.url}/api/water/deliveries?outletId=${outlet}&waterUserId=${user}`,
          )
        ).json()
      ).items.map((d: { startedAt: string; flowLps: number }) => [Date.parse(d.startedAt), d.flowLps]);
    // 06:00 in Bishkek.
    await expect.poll(recorded).toContainEqual([Date.parse("2026-09-28T00:00:00Z"), 45]);
    await expect.poll(() => page.locator("table.deliveries tbody tr").count()).toBeGreaterThan(0);

    // Signed out: the lists kept for him are forgotten, and the next user, without a link, is
    // shown none of them.
    await signOutHere(page);
    expect(await keptUnder(page, "aimak.kept.")).toEqual([]);
    // The director signs in from the home page, so that nothing is loaded for him with the link.
    await page.goto(shared.server.url);
    await signInHere(page, "wua");
    await context.setOffline(true);
    await page.goto(`${shared.server.url}/water/deliveries`);
    await expect.poll(() => page.locator(".state-error").count()).toBeGreaterThan(0);
    expect(await page.locator("form.quick-entry").count()).toBe(0);
    expect(await page.textContent("main")).not.toContain("СБ-1-");
    await context.close();
  });

  it("shows the turns recorded as the page opens without a link, as of when kept, and says another page of them needs the link", async () => {
    const { page, context } = await phone();
    await page.goto(`${shared.server.url}/water/deliveries`);
    await workerInCharge(page);
    const acts = () =>
      page.$$eval("table.deliveries tbody tr", (rows) => rows.map((r) => r.firstElementChild?.textContent));
    await expect.poll(() => acts().then((all) => all.length)).toBe(20);
    const withLink = await acts();
    expect(await page.locator(".kept-as-of").count()).toBe(0);

    await context.setOffline(true);
    await page.reload();
    await page.waitForSelector("form.quick-entry");
    await expect.poll(acts).toEqual(withLink);
    // Said as of when kept, above the list as above the form.
    await expect.poll(() => page.locator(".kept-as-of").allTextContents()).toEqual([KEPT_AS_OF, KEPT_AS_OF]);
    expect(await page.textContent("main")).not.toContain(TURNS_NEED_LINK);
    await shot(page, "o6-turns-kept-offline");
    // The acts still to sign, and the next page, are not kept: said, with no kept rows under it.
    await page.selectOption("select[name=acts]", "unsigned");
    await expect.poll(() => page.textContent("main")).toContain(TURNS_NEED_LINK);
    expect(await page.locator("table.deliveries").count()).toBe(0);
    await page.goto(`${shared.server.url}/water/deliveries?page=2`);
    await expect.poll(() => page.textContent("main")).toContain(TURNS_NEED_LINK);
    expect(await page.locator("table.deliveries").count()).toBe(0);
    await page.goto(`${shared.server.url}/water/deliveries`);
    await expect.poll(acts).toEqual(withLink);
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

  it("sends a water master's reading made offline under no one else's session, and keeps it for his next sign-in", async () => {
    const { page, context } = await phone();
    const mirab = (await (await context.request.get(`${shared.server.url}/api/auth/session`)).json()).user.id;
    await page.goto(`${shared.server.url}/water/readings`);
    const postId = await choosePost(page, "ГП-Р-3");
    await workerInCharge(page);
    await context.setOffline(true);
    await page.reload();
    await page.waitForSelector("form.quick-entry");
    await page.fill("input.big-number", "33");
    await page.click("form.quick-entry button[type=submit]");
    await expect.poll(() => page.textContent("form.quick-entry")).toContain(PENDING);

    // Signed out without a link (owed): the reading stays on the phone, his posts do not.
    await signOutHere(page);
    expect((await readingsQueue(page)).map((q) => q.owner?.userId)).toEqual([mirab]);
    expect(await keptUnder(page, "aimak.kept.")).toEqual([]);
    expect(await page.evaluate(() => localStorage.getItem("aimak.measure.posts"))).toBeNull();

    // The director signs in on the same phone with a link (the owed sign-out sent first), from the
    // home page: the water master's reading is not his.
    await context.setOffline(false);
    await page.goto(shared.server.url);
    await signInHere(page, "wua");
    // Without a link again, his readings page has no posts of its own kept, and shows none of the
    // water master's, but says whose entries wait here.
    await context.setOffline(true);
    await page.goto(`${shared.server.url}/water/readings`);
    await expect.poll(() => page.locator(".state-error").count()).toBeGreaterThan(0);
    expect(await page.locator("form.quick-entry").count()).toBe(0);
    expect(await page.textContent("main")).not.toContain("ГП-Р-");
    expect(await page.textContent("main")).toContain(ANOTHER_USERS);
    await context.setOffline(false);
    await page.reload();
    await page.waitForSelector("form.quick-entry");
    await expect.poll(() => page.textContent("main")).toContain(ANOTHER_USERS);
    expect(await page.textContent("form.quick-entry")).not.toContain("Жөнөтүүнү күтүүдө");
    await shot(page, "o3-another-users-reading-waits");
    expect((await readingsOf(page, postId)).map((r) => r.levelM)).not.toContain(0.33);
    expect(await readingsQueue(page)).toHaveLength(1);

    // The water master signs in again: his reading is sent, and recorded as his.
    await signOutHere(page);
    await signInHere(page, "mirab");
    await page.goto(`${shared.server.url}/water/readings`);
    await expect.poll(() => readingsOf(page, postId).then((all) => all.map((r) => r.levelM))).toContain(0.33);
    await expect.poll(() => readingsQueue(page)).toEqual([]);
    expect(await page.textContent("main")).not.toContain(ANOTHER_USERS);
    await context.close();
  });

  it("sends a reading an older version queued without an owner as the first water master's who opens the page", async () => {
    const { page, context } = await phone();
    await page.goto(`${shared.server.url}/water/readings`);
    const postId = await choosePost(page, "ГП-Р-4");
    // As the version before owners left it: the entry alone, under the same key.
    await page.evaluate((structureId) => {
      const readAt = new Date(Date.now() - 60_000).toISOString();
      const entry = {
        clientKey: "0123456789abcdef0123456789abcdef",
        body: { structureId, readAt, levelM: 0.27 },
      };
      localStorage.setItem("aimak.measure.readingsQueue", JSON.stringify([entry]));
    }, postId);
    await page.reload();
    await expect.poll(() => readingsOf(page, postId).then((all) => all.map((r) => r.levelM))).toContain(0.27);
    await expect.poll(() => readingsQueue(page)).toEqual([]);
    await context.close();
  });

  it("records a reading whose sending is under way in the organisation it was entered in, and switches organisation after its answer", async () => {
    const { page, context, ids, demoWua, director } = await masterOfTwo();
    await page.goto(`${shared.server.url}/water/readings`);
    await choosePost(page, "ГП-1");
    // The reading's sending held on its way to the service, and what reaches the service in which order.
    const order: string[] = [];
    let release = () => {};
    const held = new Promise<void>((done) => {
      release = done;
    });
    let holding = () => {};
    const onItsWay = new Promise<void>((done) => {
      holding = done;
    });
    await page.route("**/api/water/readings", async (route) => {
      if (route.request().method() !== "POST") return route.continue();
      holding();
      await held;
      const answer = await route.fetch();
      order.push("reading answered");
      await route.fulfill({ response: answer });
    });
    await page.route("**/api/auth/organisation", async (route) => {
      order.push("switch sent");
      await route.continue();
    });
    await page.fill("input.big-number", "36");
    await page.click("form.quick-entry button[type=submit]");
    await onItsWay;
    await switchTo(page, demoWua);
    // A round trip of the page's own before the answer is let go: a switch sent at once is on its way.
    await page.evaluate(() => fetch("/healthz").then((r) => r.status));
    // Meanwhile the choice shows as made, and no other can be asked.
    const switcher = page.locator(".topbar select").first();
    expect(await switcher.inputValue()).toBe(demoWua);
    expect(await switcher.isDisabled()).toBe(true);
    release();

    // The reading recorded in his own WUA, and the switch asked of the service after its answer.
    await expect.poll(() => order.length).toBe(2);
    const today = new Date(Date.now() + 6 * 3_600_000).toISOString().slice(0, 10);
    const recorded = await director.get(`/api/water/readings?structureId=${ids.headPost}&day=${today}`);
    expect(recorded.json().map((r: { levelM: number }) => r.levelM)).toEqual([0.36]);
    expect(order).toEqual(["reading answered", "switch sent"]);
    await expect.poll(() => page.textContent(".org-name")).toContain("Көк-Арт");
    expect(await activeOrgOf(context)).toBe(demoWua);
    await expect.poll(() => switcher.isDisabled()).toBe(false);
    expect(await readingsQueue(page)).toEqual([]);
    expect(await page.locator("form.quick-entry .state-error").count()).toBe(0);
    await context.close();
  });

  it("shows the readings page's posts of the organisation switched to, the page left open", async () => {
    const { page, context, demoWua } = await masterOfTwo();
    await page.goto(`${shared.server.url}/water/readings`);
    const posts = () =>
      page.$$eval("form.quick-entry select option", (all) => all.map((o) => o.textContent).filter(Boolean));
    await expect
      .poll(posts)
      .toEqual(["ГП-1 — Баш гидропост", "ГП-2 — МК-1 гидропосту", "ГП-3 — В-1 гидропосту"]);
    await switchTo(page, demoWua);
    await expect.poll(() => page.textContent(".org-name")).toContain("Көк-Арт");
    await expect.poll(posts).toContain("ГП-Р-1 — Р-1 башындагы гидропост");
    expect((await posts()).filter((post) => /^ГП-\d/.test(post ?? ""))).toEqual([]);
    await context.close();
  });

  it("applies a language chosen without a link at once and saves it when the link is back, and refuses an organisation switch with a message", async () => {
    // The accountant also works for the municipality (its administrator added her login).
    const admin = await login(shared.server.app, "admin", DEMO_PASSWORD);
    expect(
      (await admin.post("/api/users/existing", { username: "accountant", roles: ["clerk"] })).statusCode,
    ).toBe(201);
    const context = await shared.browser.newContext({ serviceWorkers: "allow" });
    const page = await context.newPage();
    const failures: string[] = [];
    page.on("pageerror", (e) => failures.push(e.message));
    page.on("console", (m) => {
      // A request the lost link stops is logged by the browser itself: not the page's failure.
      if (m.type() === "error" && !m.text().startsWith("Failed to load resource")) failures.push(m.text());
    });
    // Signed in for one of her two organisations, as she chooses after the password.
    await page.goto(shared.server.url);
    await page.fill("input[name=username]", "accountant");
    await page.fill("input[name=password]", DEMO_PASSWORD);
    await page.click("button[type=submit]");
    await page.click(".choices button >> nth=0");
    await page.waitForSelector(".topbar");
    const language = ".topbar .language select";
    await page.selectOption(language, "ky");
    await workerInCharge(page);
    const organisation = page.locator(".topbar select").first();
    const active = await organisation.inputValue();

    await context.setOffline(true);
    // Russian, whose catalog no page here loaded before, from what the worker kept at install.
    await page.selectOption(language, "ru");
    await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe("ru");
    await expect.poll(() => page.textContent(".nav-footer")).toContain("Выйти");
    expect(await page.evaluate(() => localStorage.getItem("aimak.locale.unsaved"))).toBe("ru");

    const municipality = await organisation.evaluate(
      (el, active) => [...(el as HTMLSelectElement).options].find((o) => o.value !== active)!.value,
      active,
    );
    await organisation.selectOption(municipality);
    await expect
      .poll(() => page.textContent(".switch-refused"))
      .toContain("Без связи сменить организацию нельзя");
    expect(await organisation.inputValue()).toBe(active);
    await shot(page, "o4-switch-refused-offline");

    // The link back: the session confirmed, the language is kept for her.
    await context.setOffline(false);
    const savedLocale = async () =>
      (await (await context.request.get(`${shared.server.url}/api/auth/session`)).json()).user.locale;
    await expect.poll(savedLocale).toBe("ru");
    await expect.poll(() => page.evaluate(() => localStorage.getItem("aimak.locale.unsaved"))).toBeNull();
    expect(failures).toEqual([]);
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
