import { rm, writeFile } from "node:fs/promises";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_TIME_ZONE, localDayOf, nextDay } from "../../src/domain/shared/local-time.js";
import { DEMO_PASSWORD } from "../../src/server/demo/seed.js";
import { translate } from "../../src/server/platform/i18n.js";
import { webDistDir } from "../../src/server/platform/paths.js";
import { login } from "../support/app.js";
import { holdAnswers, launchBrowser, shot, signIn, startServer } from "./support/server.js";

describe("the web app", () => {
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

  async function office(): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
    return context.newPage();
  }

  it("sends the app compressed, keeps its hashed files for good and asks for the page again", async () => {
    // What a browser on the office's slow link gets on a second visit: only index.html is asked
    // for again; the scripts it names are kept.
    const page = await fetch(`${server.url}/register`, { headers: { "accept-encoding": "br, gzip" } });
    expect(page.status).toBe(200);
    expect(page.headers.get("cache-control")).toBe("no-cache");
    const html = await page.text();
    const script = /<script[^>]+src="(\/assets\/[^"]+\.js)"/.exec(html)?.[1];
    expect(script).toBeDefined();
    const asset = await fetch(`${server.url}${script}`, { headers: { "accept-encoding": "br, gzip" } });
    expect(asset.status).toBe(200);
    expect(asset.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    expect(asset.headers.get("content-encoding")).toBe("br");
    expect((await asset.text()).length).toBeGreaterThan(10_000);
    // A script this version does not have is missing, not the app's page in its place.
    const missing = await fetch(`${server.url}/assets/no-such-page-0000.js`);
    expect(missing.status).toBe(404);
    expect(missing.headers.get("content-type")).not.toContain("text/html");
    // A build made while the service runs is served at once: its new files are found when asked for.
    const rebuilt = path.join(webDistDir, "assets", `rebuilt-${process.pid}-${Date.now()}.js`);
    await writeFile(rebuilt, "export const rebuilt = true;\n");
    try {
      const fresh = await fetch(`${server.url}/assets/${path.basename(rebuilt)}`);
      expect(fresh.status).toBe(200);
      expect(await fresh.text()).toBe("export const rebuilt = true;\n");
    } finally {
      await rm(rebuilt);
    }
  });

  it("reloads a tab opened before an upgrade when a page's script is gone, and says so when it stays gone", async () => {
    const page = await office();
    await signIn(page, server.url, "admin");
    await page.selectOption(".topbar select", "ky");
    let loads = 0;
    page.on("load", () => loads++);
    // The upgrade: the audit page's script of the version this tab runs is gone, once.
    let refused = 0;
    await page.route(/\/assets\/audit-[^/]+\.js$/, (route) =>
      refused++ === 0 ? route.fulfill({ status: 404, body: "" }) : route.continue(),
    );
    await page.click("nav a[href='/audit']");
    await expect.poll(() => page.textContent("h1")).toBe("Аракеттер журналы");
    expect(refused).toBe(2);
    expect(loads).toBe(1);

    // Missing for good (not an upgrade): one reload, then a message and a way out, not a blank page.
    const again = await office();
    await signIn(again, server.url, "admin");
    await again.selectOption(".topbar select", "ky");
    await again.route(/\/assets\/users-[^/]+\.js$/, (route) => route.fulfill({ status: 404, body: "" }));
    await again.click("nav a[href='/users']");
    await expect
      .poll(() => again.textContent("[role=alert]"))
      .toContain("Бул баракты ачуу мүмкүн болгон жок");
    expect(await again.isVisible("button:has-text('Баракты кайра жүктөө')")).toBe(true);
    await shot(again, "11-page-failed-ky");
    await again.click("nav a[href='/audit']");
    await expect.poll(() => again.textContent("h1")).toBe("Аракеттер журналы");
  });

  it("logs in, switches language and creates a user (1366×768)", async () => {
    const page = await office();
    await page.goto(server.url);
    await expect.poll(() => page.textContent("h2")).toBe("Системага кирүү");
    // The tab's title is in the UI's language, as the header's name is.
    expect(await page.title()).toBe("Аймак");
    await shot(page, "01-login-ky");

    await page.fill("input[name=username]", "admin");
    await page.fill("input[name=password]", "wrong-password");
    await page.click("button[type=submit]");
    await expect.poll(() => page.textContent("[role=alert]")).toBe("Логин же сырсөз туура эмес");

    await signIn(page, server.url, "admin");
    await expect.poll(() => page.textContent("h1")).toContain("Кош келиңиз");
    await shot(page, "02-home-ky");

    await page.selectOption("select[aria-label='Тил']", "ru");
    await expect.poll(() => page.textContent("nav")).toContain("Пользователи");
    await expect.poll(() => page.textContent("h1")).toContain("Добро пожаловать");
    await shot(page, "03-home-ru");
    await page.selectOption("select[aria-label='Язык']", "en");
    await expect.poll(() => page.title()).toBe("Aimak");
    await page.selectOption("select[aria-label='Language']", "ru");
    await expect.poll(() => page.title()).toBe("Аймак");

    await page.click("a[href='/users']");
    await page.waitForSelector("table");
    await page.click("text=Добавить пользователя");
    await page.fill("input[name=username]", "nurila");
    await page.fill("input[name=displayName]", "Асанова Нурила Жыргалбековна");
    await page.fill("input[name=password]", "short");
    await page.check("input[value=clerk]");
    await page.check("input[value=social-worker]");
    await page.click("form button[type=submit]");
    // The server's field message, in Russian, next to the field.
    await expect.poll(() => page.textContent(".field-invalid .field-error")).toContain("Слишком коротко");
    await shot(page, "04-user-form-error-ru");
    await page.fill("input[name=password]", "a-good-password");
    await page.click("form button[type=submit]");
    await expect.poll(() => page.textContent("[role=status]")).toContain("nurila");
    await expect.poll(() => page.textContent("table")).toContain("Асанова Нурила Жыргалбековна");
    await shot(page, "05-user-created-ru");

    // The language chosen is kept for the user: a new session comes back in Russian.
    const again = await office();
    await signIn(again, server.url, "admin");
    await expect.poll(() => again.textContent("nav")).toContain("Пользователи");
    // Chosen on one device, the language follows the user to a session restored on another.
    await again.selectOption("select[aria-label='Язык']", "ky");
    await expect.poll(() => again.textContent("nav")).toContain("Колдонуучулар");
    await page.reload();
    await expect.poll(() => page.textContent("nav")).toContain("Колдонуучулар");
    await page.selectOption("select[aria-label='Тил']", "ru");
    await expect.poll(() => page.textContent("nav")).toContain("Пользователи");
  });

  it("keeps the language chosen at sign-in while the user's saved one is still loading", async () => {
    // The clerk's saved language is Uzbek; on a slow link its words are still on their way when
    // she picks Kyrgyz. Arriving late, they must not turn the page back to Uzbek.
    const clerk = await login(server.app, "clerk", DEMO_PASSWORD);
    expect((await clerk.patch("/api/me", { locale: "uz" })).statusCode).toBe(200);
    const page = await office();
    const uzbekWords = await holdAnswers(page, /\/assets\/uz-[^/]+\.js$/);
    await signIn(page, server.url, "clerk");
    await page.selectOption(".topbar select", "ky");
    await expect.poll(() => page.textContent("nav")).toContain("Чарба китеби");
    const arrived = page.waitForResponse(/\/assets\/uz-[^/]+\.js$/);
    uzbekWords();
    await (await arrived).finished();
    // Two frames: the words are taken and, were they still applied, drawn.
    await page.evaluate(
      () => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))),
    );
    expect(await page.evaluate(() => document.documentElement.lang)).toBe("ky");
    expect(await page.textContent("nav")).toContain("Чарба китеби");
    // And it is the language kept for her.
    expect((await clerk.get("/api/auth/session")).json().user.locale).toBe("ky");
    await page.context().close();
  });

  it("keeps a language chosen while the link is down for the user, once the page is opened again", async () => {
    const page = await office();
    await signIn(page, server.url, "clerk2");
    await expect.poll(() => page.textContent("nav")).toContain("Чарба китеби");
    // The language is chosen as the link drops: the service never hears of it.
    await page.route("**/api/me", (route) => route.abort("internetdisconnected"));
    // The page turns Russian before it sends the language: the link comes back only once it was sent.
    const dropped = page.waitForEvent("requestfailed", (r) => r.url().endsWith("/api/me"));
    await page.selectOption(".topbar select", "ru");
    await expect.poll(() => page.textContent("nav")).toContain("Похозяйственная книга");
    await dropped;
    await page.unroute("**/api/me");
    // Opened again with the link back, the page stays Russian rather than turn back to the
    // Kyrgyz the service still had for her, and the service now keeps Russian.
    const saved = page.waitForResponse(
      (r) => r.url().endsWith("/api/me") && r.request().method() === "PATCH",
    );
    await page.reload();
    expect((await saved).status()).toBe(200);
    await expect.poll(() => page.textContent("nav")).toContain("Похозяйственная книга");
    const clerk2 = await login(server.app, "clerk2", DEMO_PASSWORD);
    expect((await clerk2.get("/api/auth/session")).json().user.locale).toBe("ru");
    // Kept, the language is not sent again.
    const sent: string[] = [];
    page.on("request", (r) => {
      if (r.url().endsWith("/api/me")) sent.push(r.method());
    });
    await page.reload();
    await expect.poll(() => page.textContent("nav")).toContain("Похозяйственная книга");
    expect(sent).toEqual([]);
    await page.context().close();
  });

  it("offers Uzbek in Latin letters beside Cyrillic: the pages, the service's words, and the choice kept", async () => {
    const page = await office();
    await page.goto(server.url);
    const language = page.locator(".login-head select");
    // The log-in form drawn (on a loaded machine, later than a poll's second).
    await language.locator("option").first().waitFor({ state: "attached" });
    expect(await language.locator("option").allTextContents()).toEqual([
      "Кыргызча",
      "Русский",
      "Ўзбекча",
      "Oʻzbekcha",
      "Тоҷикӣ",
      "English",
    ]);
    await language.selectOption("uz-Latn");
    await expect.poll(() => page.textContent("h2")).toBe("Tizimga kirish");
    expect(await page.evaluate(() => document.documentElement.lang)).toBe("uz-Latn");
    // The service's refusal is written in Latin letters too.
    await page.fill("input[name=username]", "wua");
    await page.fill("input[name=password]", "wrong-password");
    await page.click("button[type=submit]");
    await expect.poll(() => page.textContent("[role=alert]")).toBe("Login yoki parol notoʻgʻri");
    await signIn(page, server.url, "wua");
    await expect.poll(() => page.textContent("nav")).toContain("Bosh sahifa");
    await expect.poll(() => page.textContent("main")).toMatch(/Bugun \d\d\.\d\d\.\d{4}/);
    await shot(page, "03b-home-uz-latn");
    // Chosen before signing in, it is kept as the user's language.
    const wua = await login(server.app, "wua", DEMO_PASSWORD);
    await expect.poll(async () => (await wua.get("/api/auth/session")).json().user.locale).toBe("uz-Latn");
    await page.context().close();
  });

  it("answers a form's own checks in the page's language, not the browser's", async () => {
    // A clerk's Windows and browser speak English or Russian; the page speaks Kyrgyz.
    const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: "en-US" });
    const page = await context.newPage();
    await page.goto(server.url);
    await expect.poll(() => page.textContent("h2")).toBe("Системага кирүү");
    const message = (selector: string) =>
      page.$eval(selector, (field) => (field as HTMLInputElement).validationMessage);
    await page.click("button[type=submit]");
    expect(await message("input[name=username]")).toBe("Бул талааны толтуруңуз");
    // Typing clears the message, so the browser checks the field afresh.
    await page.fill("input[name=username]", "accountant");
    expect(await message("input[name=username]")).toBe("");
    await page.click("button[type=submit]");
    expect(await message("input[name=password]")).toBe("Бул талааны толтуруңуз");
    await page.fill("input[name=password]", "aimak-demo-2026");
    await page.click("button[type=submit]");
    await page.waitForSelector(".topbar");
    await page.selectOption(".topbar select", "ky");

    // A bound is written the page's way; the form is not sent.
    await page.click("nav a[href='/planning']");
    await page.waitForSelector("main table");
    const stations = await page.textContent("main table");
    await page.fill("input[name=name]", "Бийик пост");
    await page.fill("input[name=latitudeDeg]", "100");
    await page.fill("input[name=longitudeDeg]", "-200.5");
    await page.fill("input[name=altitudeM]", "760");
    await page.click("text=Станция кошуу");
    expect(await message("input[name=latitudeDeg]")).toBe("Эң көбү: 90");
    await page.fill("input[name=latitudeDeg]", "40");
    await page.click("text=Станция кошуу");
    expect(await message("input[name=longitudeDeg]")).toBe("Эң азы: -180");
    expect(await page.textContent("main table")).toBe(stations);
    await context.close();
  });

  it("edits the organisation's profile and shows the change in the audit trail", async () => {
    const page = await office();
    await signIn(page, server.url, "admin");
    await page.selectOption(".topbar select", "ky");
    await page.click("a[href='/organisation']");
    await page.waitForSelector("input[name=address]");
    await page.fill("input[name=address]", "Жаңы-Жол айылы, Манас көч., 7");
    // The Russian address, for papers in Russian: the Kyrgyz one pasted there is refused beside the field.
    await page.fill("input[name=addressRu]", "Жаңы-Жол айылы, Манас көч., 7");
    await page.click("form button[type=submit]");
    await expect
      .poll(() => page.textContent("label.field-invalid:has(input[name=addressRu]) .field-error"))
      .toContain("ң, ө, ү");
    await page.fill("input[name=addressRu]", "с. Жаны-Жол, ул. Манаса, 7");
    await page.click("form button[type=submit]");
    await expect.poll(() => page.textContent("[role=status]")).toBe("Сакталды");
    await shot(page, "06-profile-ky");

    await page.click("a[href='/audit']");
    await page.waitForSelector("table.audit");
    // Every action the trail records is offered by its name, merges and imports too.
    const actions = await page.locator("select[name=action] option").allTextContents();
    expect(actions).toEqual(expect.arrayContaining(["Бириктирилди", "Жүктөлдү", "Өзгөртүлдү"]));
    expect(actions.filter((a) => /[a-z]/.test(a))).toEqual([]);
    await page.selectOption("select[name=action]", "update");
    // Kinds of record are chosen by their names, not typed as codes.
    await page.selectOption("select[name=entity]", { label: "Уюм" });
    await page.click("form.filters button[type=submit]");
    await expect.poll(() => page.url()).toContain("action=update");
    expect(page.url()).toContain("entity=organisation");
    await expect.poll(() => page.textContent("table.audit")).toContain("Уюм");
    // Only the organisation's records, once the filtered list has replaced the one shown before.
    const kinds = () => page.locator("table.audit tbody tr td:nth-child(4)").allTextContents();
    await expect.poll(async () => (await kinds()).every((k) => k.startsWith("Уюм"))).toBe(true);
    expect((await kinds()).length).toBeGreaterThan(0);
    await page.click("table.audit details summary >> nth=0");
    await expect.poll(() => page.textContent("table.audit")).toContain("Манас көч., 7");
    expect(await page.textContent("table.audit")).toContain("ул. Манаса, 7");
    // Records are told apart by their ids' random ends, not their time-ordered starts.
    await page.selectOption("select[name=entity]", "");
    await page.selectOption("select[name=action]", "");
    await page.click("form.filters button[type=submit]");
    await expect.poll(() => page.url()).not.toContain("entity=organisation");
    // The whole trail, once it has replaced the organisation's records.
    await expect.poll(async () => (await kinds()).some((k) => !k.startsWith("Уюм"))).toBe(true);
    // Read at once, so a list drawn again in between cannot mix two lists.
    const ids = await page
      .locator("table.audit tbody td:nth-child(4) small")
      .evaluateAll((cells) =>
        cells.map((cell) => ({ shown: cell.textContent!, full: cell.getAttribute("title")! })),
      );
    expect(ids.length).toBeGreaterThan(1);
    for (const id of ids) expect(id.shown).toBe(id.full.slice(-8));
    expect(new Set(ids.map((id) => id.shown)).size).toBe(new Set(ids.map((id) => id.full)).size);
    await page.click("text=Чынжырды текшерүү");
    await expect.poll(() => page.textContent("[role=status]")).toContain("Журнал бүтүн");
    await shot(page, "07-audit-ky");
  });

  it("filters the audit trail by the organisation's days, which the page sends as days", async () => {
    const page = await office();
    await signIn(page, server.url, "admin");
    await page.selectOption(".topbar select", "ky");
    const today = localDayOf(new Date(), DEFAULT_TIME_ZONE); // the demo's municipality is in Bishkek
    const typed = (day: string) => day.split("-").reverse().join(".");
    const asked: URL[] = [];
    page.on("request", (request) => {
      const url = new URL(request.url());
      if (url.pathname === "/api/audit") asked.push(url);
    });
    await page.click("a[href='/audit']");
    await page.waitForSelector("table.audit");
    const filter = async (from: string, to: string) => {
      await page.fill("input[name=from]", from);
      await page.fill("input[name=to]", to);
      await page.click("form.filters button[type=submit]");
    };
    await filter(typed(today), typed(today));
    await expect.poll(() => asked.at(-1)?.search).toBe(`?from=${today}&to=${today}`);
    // Today's sign-in is in today's records.
    await expect.poll(() => page.locator("table.audit tbody tr").count()).toBeGreaterThan(0);
    await filter(typed(nextDay(today)), "");
    await expect.poll(() => asked.at(-1)?.search).toBe(`?from=${nextDay(today)}`);
    await expect.poll(() => page.textContent("main p.state")).toBe(translate("ky", "common.empty"));
    // Back: the fields show the period the records are for.
    await page.goBack();
    await expect.poll(() => page.locator("table.audit tbody tr").count()).toBeGreaterThan(0);
    expect(await page.inputValue("input[name=from]")).toBe(typed(today));
    expect(await page.inputValue("input[name=to]")).toBe(typed(today));
    // A day that is none, written into the address by hand: the API's refusal, where the page took
    // it for July 1.
    await page.goto(`${server.url}/audit?from=2026-06-31`);
    const alert = () => page.textContent("main [role=alert]");
    await expect.poll(alert).toContain(translate("ky", "errors.validation.fields"));
    // The filter's own message with it: the page has no form field to show it at.
    await expect.poll(alert).toContain(translate("ky", "errors.field.invalid_format"));
    // A period typed back to front is said so, not only "wrong data".
    await page.goto(`${server.url}/audit`);
    await page.waitForSelector("table.audit");
    await filter(typed(today), typed("2026-01-01"));
    await expect.poll(alert).toContain("Мөөнөттүн башы аягынан кийин");
    await page.context().close();
  });

  it("renders every Kyrgyz and Tajik letter", async () => {
    const page = await office();
    await signIn(page, server.url, "clerk");
    await page.selectOption(".topbar select", "ky");
    await expect.poll(() => page.textContent(".org-name")).toBe("Жаңы-Жол айыл өкмөтү");
    await page.selectOption(".topbar select", "tg");
    await expect.poll(() => page.textContent("h1")).toContain("Хуш омадед");
    await shot(page, "08-home-tg");
    // Each letter has a glyph of its own: none is drawn as the same box as an unknown character.
    const widths = await page.evaluate(() => {
      const measure = (text: string) => {
        const span = document.createElement("span");
        span.textContent = text;
        span.style.cssText = "font-size:40px;position:absolute;white-space:pre";
        document.body.append(span);
        const w = span.getBoundingClientRect().width;
        span.remove();
        return w;
      };
      const tofu = measure("\u{10FFFD}");
      return [..."ңөүҢӨҮғӣқӯҳҷҒӢҚӮҲҶ"].map((c) => ({ c, w: measure(c), tofu }));
    });
    for (const { c, w, tofu } of widths) {
      expect(w, c).toBeGreaterThan(0);
      expect(w, c).not.toBe(tofu);
    }
  });

  it("works on a phone screen (360×640) with a menu", async () => {
    const context = await browser.newContext({
      viewport: { width: 360, height: 640 },
      isMobile: true,
      hasTouch: true,
    });
    const page = await context.newPage();
    await signIn(page, server.url, "admin");
    await page.selectOption(".topbar select", "ky");
    await expect.poll(() => page.isVisible("nav a[href='/users']")).toBe(false);
    await page.click(".menu-button");
    await expect.poll(() => page.isVisible("nav a[href='/users']")).toBe(true);
    await shot(page, "09-phone-menu-ky");
    await page.click("nav a[href='/users']");
    await page.waitForSelector("table");
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await shot(page, "10-phone-users-ky");
  });

  it("leaves the other organisation's record and filters behind when the user switches organisation", async () => {
    // The neighbouring municipality's clerk also keeps this one's book: its administrator added her.
    const admin = await login(server.app, "admin", DEMO_PASSWORD);
    expect(
      (await admin.post("/api/users/existing", { username: "clerk2", roles: ["clerk"] })).statusCode,
    ).toBe(201);
    const page = await office();
    await page.goto(server.url);
    await page.fill("input[name=username]", "clerk2");
    await page.fill("input[name=password]", DEMO_PASSWORD);
    await page.click("button[type=submit]");
    await page.click(".choices button >> nth=0");
    await page.waitForSelector(".topbar");
    const organisation = page.locator(".topbar select").first();
    const first = await organisation.inputValue();
    const second = await organisation.evaluate(
      (el, first) => [...(el as HTMLSelectElement).options].find((o) => o.value !== first)!.value,
      first,
    );
    const households = () =>
      page.$$eval("table.register a[href^='/register/households/']", (all) =>
        all.map((a) => a.getAttribute("href")),
      );
    const path = () => page.evaluate(() => window.location.pathname + window.location.search);

    // A household of the first organisation's book is open when she switches.
    await page.click("nav a[href='/register']");
    await expect.poll(async () => (await households()).length).toBeGreaterThan(0);
    const firstBook = await households();
    const opened = firstBook[0]!.split("/").at(-1)!;
    // The card and its certificates loaded, so that whatever asks for them later is the switch's doing.
    const cardLoaded = Promise.all(
      ["/api/registry/households/", "/api/certificates?householdId="].map((asked) =>
        page.waitForResponse((r) => r.url().includes(`${asked}${opened}`)),
      ),
    );
    await page.click(`a[href='${firstBook[0]}']`);
    await cardLoaded;
    // Nothing of it is asked for under the second organisation, where it is no one's.
    const askedUnderSecond: string[] = [];
    page.on("request", (r) => {
      if (r.url().includes(opened)) askedUnderSecond.push(r.url());
    });
    await organisation.selectOption(second);
    // Its book's list, not the household asked for under the other: the list is the second's.
    await expect.poll(path).toBe("/register");
    await expect.poll(async () => (await households()).length).toBeGreaterThan(0);
    const secondBook = await households();
    expect(secondBook.filter((h) => firstBook.includes(h))).toEqual([]);
    expect(askedUnderSecond).toEqual([]);

    // A search typed in the second's book is not carried into the first's.
    const q = await page.textContent("table.register tbody tr td");
    await page.fill("input[name=q]", q!.trim().split(/\s+/)[0]!);
    await page.press("input[name=q]", "Enter");
    await expect.poll(path).toMatch(/^\/register\?.*q=/);
    await organisation.selectOption(first);
    await expect.poll(path).toBe("/register");
    expect(await page.inputValue("input[name=q]")).toBe("");
    await expect.poll(households).toEqual(firstBook);

    // A page naming no record stays, with the new organisation's figures.
    await page.click("a[href='/register/summary']");
    await expect.poll(path).toBe("/register/summary");
    // The villages the summary counts: each municipality's own.
    const villages = () =>
      page.locator("table.counts").first().locator("tbody tr > :first-child").allTextContents();
    await expect.poll(async () => (await villages()).length).toBeGreaterThan(0);
    const firstVillages = await villages();
    await organisation.selectOption(second);
    // Once the switch is answered (the address alone does not change here).
    await expect
      .poll(async () => {
        const now = await villages();
        return now.length > 0 && now.every((v) => !firstVillages.includes(v));
      })
      .toBe(true);
    expect(await path()).toBe("/register/summary");
    await shot(page, "12-switched-organisation");
    await page.context().close();
  });
});
