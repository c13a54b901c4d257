import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { Locale } from "../../src/domain/places/units.js";
import { localeDate } from "../../src/domain/shared/paper-date.js";
import { localesDir } from "../../src/server/platform/paths.js";
import { serverAndBrowser, shot, signIn, wordsBrokenIn } from "./support/server.js";

/** The run page's words for a user who left and the period's parts, as each catalog has them. */
const catalogAlloc = (locale: Locale) =>
  JSON.parse(readFileSync(path.join(localesDir, `${locale}.json`), "utf8")).alloc as Record<string, string>;

describe("the allocation and equity pages", () => {
  const shared = serverAndBrowser();

  it("allocates a decade's short water, publishes the rotation, changes a turn, and shows equity", async () => {
    const context = await shared.browser.newContext({ viewport: { width: 1366, height: 900 } });
    const page = await context.newPage();
    await signIn(page, shared.server.url, "wua");
    await page.selectOption(".topbar select", "ky");
    await page.click("nav a[href='/water/allocation']");
    await page.waitForSelector("form[aria-label='Жаңы бөлүштүрүү']");
    // A refusal speaks of the values sent: changing one takes it away (it stayed beside the next try).
    const form = page.locator("form[aria-label='Жаңы бөлүштүрүү']");
    await page.fill("input[name=fromDay]", "2026-07-10");
    await page.fill("input[name=toDay]", "2026-07-01");
    await page.fill("input[name=supplyM3]", "20000");
    await form.locator("button[type=submit]").click();
    await expect.poll(() => form.locator(".state-error").count()).toBe(1);
    await page.fill("input[name=fromDay]", "2026-07-01");
    await expect.poll(() => form.locator(".state-error").count()).toBe(0);
    await page.fill("input[name=toDay]", "2026-07-10");
    // The demo season has a plan, offered first; a norm is the other way to state demand. The plans
    // load apart from the form (after the seasons): polled, not read once.
    await expect
      .poll(() => page.textContent("select[name=demandSource]"))
      .toContain("Суу пайдалануу планы №1");
    await page.selectOption("select[name=demandSource]", "norm");
    await page.fill("input[name=m3PerHa]", "900");
    await page.click("form[aria-label='Жаңы бөлүштүрүү'] button[type=submit]");
    // The run page: every user's share with what binds it, and the flow on every canal.
    await page.waitForSelector("h2:has-text('Ар бир суу пайдалануучунун үлүшү')");
    const shares =
      (await page.textContent("main table >> nth=0")) ?? (await page.textContent("table >> nth=0"));
    expect(shares).toContain("баштагы суу"); // short water: the head's supply binds
    await shot(page, "60-allocation-run");

    // Published only when confirmed: it no longer changes, and farmers are told their turns.
    page.once("dialog", (dialog) => void dialog.dismiss());
    await page.click("form[aria-label='Жарыялоо жана кезек түзүү'] button[type=submit]");
    await page.waitForTimeout(300);
    expect(await page.locator("h2:has-text('Сугат кезеги')").count()).toBe(0);
    page.once("dialog", (dialog) => void dialog.accept());
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

  it("opens on the season at a glance: each figure a link, the money for the director only, the day's turns and the water master's entries first on a phone", async () => {
    const context = await shared.browser.newContext({ viewport: { width: 1366, height: 900 } });
    const page = await context.newPage();
    await signIn(page, shared.server.url, "wua");
    await page.selectOption(".topbar select", "ky");
    const glance = await (await page.request.get(`${shared.server.url}/api/water/glance`)).json();
    const figures = page.locator("ul.figures > li");
    await expect.poll(() => figures.count()).toBeGreaterThanOrEqual(8);
    const figure = (label: string) => figures.filter({ hasText: label });
    expect(await figure("Суу пайдалануучулар").locator("strong").textContent()).toBe(
      String(glance.waterUsers),
    );
    expect(await figure("Кол коюла элек актылар").locator("a").getAttribute("href")).toBe(
      "/water/deliveries?acts=unsigned&outlet=all&from=2026-04-01&to=2026-09-30",
    );
    expect(await figure("Эсептелгенден чогултулду").locator("strong").textContent()).toMatch(
      /^\d+,\d\u00a0%$/,
    );
    expect(await page.textContent("main h2 >> nth=1")).toBe("Сезон: Вегетация 2026, 01.04.2026 – 30.09.2026");
    // The debt past due to the tyiyn, as the debtors' list sums it.
    const debt =
      (await figure("Мөөнөтү өткөн карыз")
        .filter({ hasNotText: "барлар" })
        .locator("strong")
        .textContent()) ?? "";
    expect(debt.replace(/\s/g, " ")).toMatch(/^\d{1,3}( \d{3})*,\d\d сом$/);
    // Every figure, the sum of money too, stays inside its card.
    const overflowing = await page
      .locator("ul.figures strong")
      .evaluateAll((strongs) =>
        strongs.filter((s) => s.scrollWidth > s.clientWidth).map((s) => s.textContent),
      );
    expect(overflowing).toEqual([]);
    await shot(page, "63-water-home");
    await figure("Мөөнөтү өткөн карыздары барлар").locator("a").click();
    await expect.poll(() => new URL(page.url()).pathname).toBe("/billing/debtors");
    await context.close();

    // The water master's phone: his two entries, then the day's turns (two, put into the answer
    // here: the demo's season is over), then the water, and nothing of the money.
    const phone = await shared.browser.newContext({ viewport: { width: 360, height: 740 }, hasTouch: true });
    const mirab = await phone.newPage();
    await signIn(mirab, shared.server.url, "mirab");
    await mirab.selectOption(".topbar select", "ky");
    await mirab.route("**/api/water/glance", async (route) => {
      const answer = await (await route.fetch()).json();
      answer.turns = {
        total: 2,
        items: [
          {
            runId: "01a20000-0000-7000-8000-000000000001",
            outlet: "СБ-1-1 Суу бөлгүч",
            waterUser: "3. Мамытов Бакыт",
            start: "2026-12-05T00:00:00Z",
            end: "2026-12-05T06:00:00Z",
            volumeM3: 540,
          },
          {
            runId: "01a20000-0000-7000-8000-000000000001",
            outlet: "СБ-1-1 Суу бөлгүч",
            waterUser: "4. Рахимов Алишер",
            start: "2026-12-05T06:00:00Z",
            end: "2026-12-05T20:00:00Z",
            volumeM3: 1260,
          },
        ],
      };
      await route.fulfill({ json: answer });
    });
    await mirab.goto(`${shared.server.url}/`);
    const turns = mirab.locator("table.turns-today tbody tr");
    await expect.poll(() => turns.count()).toBe(2);
    expect(await turns.nth(0).textContent()).toContain("05.12.2026 06:00 – 12:00");
    // A turn into the next day names its end's day.
    expect(await turns.nth(1).textContent()).toContain("05.12.2026 12:00 – 06.12.2026 02:00");
    expect((await turns.nth(1).textContent())?.replace(/\s/g, " ")).toContain("1 260 м³");
    const entries = mirab.locator("main p.actions a");
    expect(await entries.allTextContents()).toEqual(["Көрсөткүч жазуу", "Суу берүүнү жазуу"]);
    // The entries come first, then the turns, then the season's figures.
    const top = async (selector: string) => (await mirab.locator(selector).first().boundingBox())!.y;
    expect(await top("main p.actions")).toBeLessThan(await top("table.turns-today"));
    expect(await top("table.turns-today")).toBeLessThan(await top("ul.figures"));
    expect(await mirab.textContent("main")).not.toContain("Эсептелгенден чогултулду");
    expect(await mirab.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await shot(mirab, "64-water-home-phone");
    await entries.first().tap();
    await expect.poll(() => new URL(mirab.url()).pathname).toBe("/water/readings");
    await phone.close();
  });

  it("shows a run cut where a user left: its parts and, beside the user's share, the day they left, readable on a phone in all five languages", async () => {
    const base = shared.server.url;
    const phone = await shared.browser.newContext({ viewport: { width: 360, height: 740 }, hasTouch: true });
    const page = await phone.newPage();
    await signIn(page, base, "wua");
    const { csrfToken } = await (await page.request.get(`${base}/api/auth/session`)).json();
    const headers = { "x-csrf-token": csrfToken };
    // A user with a plot in use leaves on 5 July, inside the dry decade (run last: it changes the demo's users).
    const [season] = await (await page.request.get(`${base}/api/water/seasons`)).json();
    const { items } = await (await page.request.get(`${base}/api/water/users?archived=no`)).json();
    let leaver: { id: string; number: number; version: number } | undefined;
    for (const user of items) {
      const card = await (await page.request.get(`${base}/api/water/users/${user.id}`)).json();
      if (card.plots.some((plot: { endedOn: string | null }) => plot.endedOn === null)) {
        leaver = card;
        break;
      }
    }
    const archived = await page.request.patch(`${base}/api/water/users/${leaver!.id}`, {
      headers,
      data: { archivedOn: "2026-07-05", version: leaver!.version },
    });
    expect(archived.ok(), await archived.text()).toBe(true);
    const made = await page.request.post(`${base}/api/allocation/runs`, {
      headers,
      data: {
        seasonId: season.id,
        fromDay: "2026-07-01",
        toDay: "2026-07-10",
        policy: "equal-depth-per-hectare",
        supplyM3: 20000,
        demand: { kind: "norm", m3PerHa: 900 },
      },
    });
    expect(made.status(), await made.text()).toBe(201);
    await page.goto(`${base}/water/allocation/${(await made.json()).id}`);
    for (const locale of ["ky", "ru", "uz", "tg", "en"] as const) {
      await page.selectOption(".topbar select", locale);
      const words = catalogAlloc(locale);
      const day = (iso: string) => localeDate(iso, locale);
      const note = page.locator("small.left-on");
      await expect
        .poll(() => note.textContent())
        .toContain(words.leftOn!.replace("{{date}}", day("2026-07-05")));
      // Beside the leaver's shares only (one an outlet they have plots at).
      const rows = await page.locator("tr", { has: note }).allTextContents();
      expect(rows.length).toBeGreaterThan(0);
      for (const row of rows) expect(row).toContain(`№${leaver!.number} `);
      expect(await page.textContent(".run-spans")).toContain(words.spans!);
      expect(await page.locator(".run-spans li").allTextContents()).toEqual([
        `${day("2026-07-01")} – ${day("2026-07-04")}`,
        `${day("2026-07-05")} – ${day("2026-07-10")}`,
      ]);
      // On the water master's phone: nothing wider than the screen, no word broken.
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
      expect(await wordsBrokenIn(page.locator(".run-spans, small.left-on"))).toEqual([]);
      if (locale === "ky") await shot(page, "65-allocation-run-left-phone");
    }
    await phone.close();
  });
});
