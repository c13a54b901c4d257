import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync } from "node:fs";
import path from "node:path";
import { type Browser, type BrowserContextOptions, chromium, type Locator, type Page } from "playwright-core";
import { afterAll, beforeAll } from "vitest";
import { buildApp } from "../../../src/server/app.js";
import { DEMO_PASSWORD, loadDemo } from "../../../src/server/demo/seed.js";
import { prepareDatabase } from "../../../src/server/platform/bootstrap.js";
import { loadConfig } from "../../../src/server/platform/config.js";
import { packageRoot, webIsBuilt } from "../../../src/server/platform/paths.js";
import { preparedImage } from "../../support/database.js";

export const SCREENSHOTS = path.join(packageRoot, "test-results", "e2e");

/** The real service with the demo data on a fresh embedded database of its own, on a free port. */
export async function startServer() {
  // CI builds before testing; a local run with AIMAK_E2E_BUILD=1 rebuilds a possibly stale bundle.
  if (!webIsBuilt() || process.env.AIMAK_E2E_BUILD === "1") {
    const build = spawnSync("npx", ["vite", "build"], { cwd: packageRoot, stdio: "inherit" });
    if (build.status !== 0) throw new Error("the web app did not build");
  }
  const config = { ...loadConfig({ AIMAK_LOG_LEVEL: "silent" }), port: 0, host: "127.0.0.1" };
  // The demo loaded once for the run (global-setup.ts), copied into each file's own database.
  const image = preparedImage("demo");
  const database = await prepareDatabase({ kind: "pglite", dataDir: null, ...(image ? { image } : {}) });
  if (!image) await loadDemo(database);
  const app = await buildApp({ database, config });
  await app.listen({ port: 0, host: "127.0.0.1" });
  const address = app.server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    app,
    database,
    async stop() {
      await app.close();
      await database.close();
    },
  };
}

/**
 * Features Chromium is started without. Chromium reads only the last --disable-features, so this
 * repeats the list playwright-core 1.65 passes (its chromiumSwitches.ts, but for its Windows and
 * Edge ones) before adding ours: each window Chromium 156 opens (one per context) loads the address
 * bar's popup and "AI mode" pages of its own, about 60 modules in a renderer of their own, which a
 * headless browser never shows. They were a third of the browser tests' CPU time on a 2-core
 * machine (2026-12-06: 6 sign-ins and 24 page loads took 40–44 s of CPU with them, 29 s without).
 */
const DISABLED_FEATURES = [
  // playwright-core's
  "AvoidUnnecessaryBeforeUnloadCheckSync",
  "DestroyProfileOnBrowserClose",
  "HttpsUpgrades",
  "HttpsFirstBalancedModeAutoEnable",
  "LensOverlay",
  "MediaRouter",
  "PaintHolding",
  "ThirdPartyStoragePartitioning",
  "AvoidCorsURLLoaderRestartOnRedirect",
  "OptimizationHints",
  "NetworkTimeServiceQuerying",
  "AimEnabled",
  "PreconnectToSearch",
  // ours: the browser's own pages, loaded in advance for each window
  "PreloadTopChromeWebUI",
  "WebUIOmniboxPopup",
  "WebUIOmniboxAimPopup",
  "WebUIOmniboxFullPopup",
];

/** Debian's Chromium, never a downloaded browser; flags that keep it off the network. */
export async function launchBrowser(): Promise<Browser> {
  const executablePath = process.env.AIMAK_CHROMIUM ?? "/usr/bin/chromium";
  if (!existsSync(executablePath))
    throw new Error(`no Chromium at ${executablePath} (apt-get install chromium)`);
  mkdirSync(SCREENSHOTS, { recursive: true });
  const browser = await chromium.launch({
    executablePath,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      `--disable-features=${DISABLED_FEATURES.join(",")}`,
    ],
  });
  // The app's service worker is blocked in every context but those that ask for it (the offline
  // tests): let in, it fetches the whole build (85 files, 1.7 MB) once more in every context the
  // suite opens, and it answers the app's files itself, so a test that holds or refuses a script
  // with page.route (a slow catalog, a page gone after an upgrade) would see its kept copy instead.
  const newContext = browser.newContext.bind(browser);
  browser.newContext = (options) => newContext({ serviceWorkers: "block", ...options });
  return browser;
}

export async function shot(page: Page, name: string) {
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

export async function signIn(page: Page, base: string, username: string, password = DEMO_PASSWORD) {
  await page.goto(base);
  await page.fill("input[name=username]", username);
  await page.fill("input[name=password]", password);
  await page.click("button[type=submit]");
  await page.waitForSelector(".topbar");
}

/**
 * The words of these elements' text that the browser broke across lines, as drawn: a word runs
 * between ordinary spaces and hyphens, so a number and its unit joined by a no-break space are one
 * word, and a unit wrapped onto a line of its own counts as breaking it.
 */
export function wordsBrokenIn(elements: Locator): Promise<string[]> {
  return elements.evaluateAll((all) =>
    all.flatMap((element) => {
      const broken: string[] = [];
      const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        for (const word of (node.textContent ?? "").matchAll(/[^ \t\n\r\-–—]+/g)) {
          const range = document.createRange();
          range.setStart(node, word.index);
          range.setEnd(node, word.index + word[0].length);
          const lines = new Set(
            [...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top)),
          );
          if (lines.size > 1) broken.push(word[0]);
        }
      }
      return broken;
    }),
  );
}

/**
 * Holds the page's requests to `url` until the returned function is called, as a slow link holds
 * an answer, so a test can look at the page while it waits without sleeping.
 */
export async function holdAnswers(page: Page, url: string | RegExp): Promise<() => void> {
  let release!: () => void;
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  await page.route(url, async (route) => {
    await released;
    await route.continue();
  });
  return release;
}

/**
 * The first change (not a read) sent to `url` is done on the server, but its answer never reaches
 * the page, as on a link that drops. Answers the Idempotency-Key of each change sent there, in order.
 */
export async function loseFirstAnswer(page: Page, url: string): Promise<string[]> {
  const keys: string[] = [];
  let lose = true;
  await page.route(url, async (route) => {
    if (route.request().method() === "GET") return route.continue();
    keys.push(route.request().headers()["idempotency-key"]!);
    if (!lose) return route.continue();
    lose = false;
    await route.fetch();
    return route.abort("internetdisconnected");
  });
  return keys;
}

/**
 * Sends a household book through the import page to be checked, as a clerk picks the file and
 * presses the first button; the check writes nothing.
 */
export async function importBook(page: Page, base: string, file: Buffer) {
  await page.goto(`${base}/register/import`);
  await page.setInputFiles("input[type=file]", {
    name: "book.xlsx",
    mimeType: "application/octet-stream",
    buffer: file,
  });
  await page.click("form button[type=submit]");
}

/**
 * A signed-in page on which every request that would leave the machine (a tile server, a font) is
 * refused and remembered in `outside`.
 */
export async function offlinePage(
  browser: Browser,
  base: string,
  username: string,
  options: BrowserContextOptions = {},
) {
  const page = await (await browser.newContext(options)).newPage();
  const outside: string[] = [];
  await page.route("**/*", (route) => {
    const url = route.request().url();
    if (url.startsWith(base)) return route.continue();
    outside.push(url);
    return route.abort();
  });
  await signIn(page, base, username);
  return { page, outside };
}

/** The demo server and the browser one test file shares: started before its tests, stopped after. */
export function serverAndBrowser() {
  const shared = {} as { server: Awaited<ReturnType<typeof startServer>>; browser: Browser };
  beforeAll(async () => {
    shared.server = await startServer();
    shared.browser = await launchBrowser();
  });
  afterAll(async () => {
    await shared.browser?.close();
    await shared.server?.stop();
  });
  return shared;
}
