import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { DEMO_PASSWORD } from "../../src/server/demo/seed.js";
import { login } from "../support/app.js";
import { loseFirstAnswer, serverAndBrowser, shot, signIn } from "./support/server.js";

/**
 * The organisation's, planning's and billing's forms on a slow or broken link, as the household
 * card's are (register-slow-link): Saving… while held, the first sending's key after a lost answer.
 */
describe("the settings, planning and billing forms on a slow or broken link", () => {
  const shared = serverAndBrowser();

  /** A user, in Kyrgyz, on a page of the app. */
  async function onPage(username: string, path: string): Promise<Page> {
    const { server, browser } = shared;
    const page = await (await browser.newContext({ viewport: { width: 1366, height: 900 } })).newPage();
    await signIn(page, server.url, username);
    await page.selectOption(".topbar select", "ky");
    await page.goto(`${server.url}${path}`);
    return page;
  }

  const read = async (page: Page, path: string) =>
    (await page.request.get(`${shared.server.url}${path}`)).json();

  it("says «Сакталууда…» on the organisation's disabled Save while held, sends it once, and says «Сакталды»", async () => {
    const page = await onPage("admin", "/organisation");
    const form = page.locator("form.card");
    await form.locator("input[name=phone]").waitFor();
    let sent = 0;
    let release = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    await page.route("**/api/organisation", async (route) => {
      if (route.request().method() !== "PATCH") return route.continue();
      sent += 1;
      await held;
      return route.continue();
    });
    await form.locator("input[name=phone]").fill("+996 3132 5 11 11");
    const save = form.locator("button[type=submit]");
    await save.click();
    await expect.poll(() => save.textContent()).toBe("Сакталууда…");
    expect(await save.isDisabled()).toBe(true);
    // Enter pressed again in a field while the first is on its way sends nothing more.
    await form.evaluate((f) => (f as HTMLFormElement).requestSubmit());
    await shot(page, "s24-organisation-saving");
    release();
    await expect.poll(() => page.textContent(".notice[role=status]")).toContain("Сакталды");
    expect(sent).toBe(1);
    expect((await read(page, "/api/organisation")).details.phone).toBe("+996 3132 5 11 11");
    await page.close();
  });

  it("keeps the organisation's first sending after a lost answer, and says the correction was not sent", async () => {
    const page = await onPage("admin", "/organisation");
    const form = page.locator("form.card");
    await form.locator("input[name=headName]").waitFor();
    const keys = await loseFirstAnswer(page, "**/api/organisation");
    await form.locator("input[name=headName]").fill("Биринчи Башчы");
    await form.locator("button[type=submit]").click();
    await expect.poll(() => form.locator("[role=alert]").textContent()).toContain("эки жолу сакталбайт");
    await form.locator("input[name=headName]").fill("Оңдолгон Башчы");
    await form.locator("button[type=submit]").click();
    await expect
      .poll(() => page.textContent(".notice[role=status]"))
      .toContain("Биринчи жөнөтүү сакталган экен");
    // The form shows what the server holds: the first sending, not the correction.
    await expect.poll(() => form.locator("input[name=headName]").inputValue()).toBe("Биринчи Башчы");
    expect((await read(page, "/api/organisation")).details.headName).toBe("Биринчи Башчы");
    expect(new Set(keys)).toEqual(new Set([keys[0]]));
    await page.close();
  });

  it("says «not sent» on the organisation's form offline, and saves once when the link is back", async () => {
    const page = await onPage("admin", "/organisation");
    const form = page.locator("form.card");
    await form.locator("input[name=email]").waitFor();
    await form.locator("input[name=email]").fill("aimak@example.kg");
    await page.context().setOffline(true);
    await form.locator("button[type=submit]").click();
    await expect.poll(() => form.locator("[role=alert]").textContent()).toContain("Жөнөтүлгөн жок");
    await page.context().setOffline(false);
    await form.locator("button[type=submit]").click();
    await expect.poll(() => page.textContent(".notice[role=status]")).toContain("Сакталды");
    expect((await read(page, "/api/organisation")).details.email).toBe("aimak@example.kg");
    await page.close();
  });

  it("keeps a crop's first adjustment after a lost answer, shows it in the editor, and says the correction was not sent", async () => {
    const page = await onPage("accountant", "/planning/crops");
    await page.click("button:has-text('Картошка')");
    const late = page.locator("label:has-text('Кеч фаза') input");
    await late.waitFor();
    const keys = await loseFirstAnswer(page, "**/api/planning/crops/*");
    await late.fill("41");
    await page.click("form button[type=submit]");
    await expect.poll(() => page.textContent("form [role=alert]")).toContain("эки жолу сакталбайт");
    await late.fill("43");
    await page.click("form button[type=submit]");
    await expect
      .poll(() => page.textContent(".notice[role=status]"))
      .toContain("Биринчи жөнөтүү сакталган экен");
    await expect.poll(() => late.inputValue()).toBe("41");
    await shot(page, "s24-crop-first-sending-saved");
    const crops = (await read(page, "/api/planning/crops")) as {
      crop: { code: string; name: { ky?: string }; stagesDays: { late: number } };
    }[];
    expect(crops.find((c) => c.crop.name.ky === "Картошка")!.crop.stagesDays.late).toBe(41);
    expect(new Set(keys)).toEqual(new Set([keys[0]]));
    await page.close();
  });

  it("adds a weather station once when its answer was lost and the same form is saved again", async () => {
    const page = await onPage("accountant", "/planning");
    await page.waitForSelector("input[name=name]");
    const keys = await loseFirstAnswer(page, "**/api/planning/stations");
    await page.fill("input[name=name]", "Жоголгон жооп посту");
    await page.fill("input[name=latitudeDeg]", "41.1");
    await page.fill("input[name=longitudeDeg]", "72.9");
    await page.fill("input[name=altitudeM]", "900");
    await page.click("text=Станция кошуу");
    await expect.poll(() => page.textContent("form [role=alert]")).toContain("эки жолу сакталбайт");
    await page.click("text=Станция кошуу");
    await expect.poll(() => page.textContent(".notice[role=status]")).toContain("Сакталды");
    const stations = (await read(page, "/api/planning/stations")) as { name: string }[];
    expect(stations.filter((s) => s.name === "Жоголгон жооп посту")).toHaveLength(1);
    expect(keys).toHaveLength(2);
    expect(keys[1]).toBe(keys[0]);
    await page.close();
  });

  it("keeps the billing settings' first sending after a lost answer, shows it, and says the correction was not sent", async () => {
    const page = await onPage("accountant", "/billing/settings");
    const form = "form[aria-label='Жөндөөлөр']";
    await page.waitForSelector(`${form} input[name=dueDays]`);
    const keys = await loseFirstAnswer(page, "**/api/billing/settings");
    await page.fill(`${form} input[name=dueDays]`, "33");
    await page.click("button:has-text('Жөндөөлөрдү сактоо')");
    await expect.poll(() => page.textContent("[role=alert]")).toContain("эки жолу сакталбайт");
    await page.fill(`${form} input[name=dueDays]`, "34");
    await page.click("button:has-text('Жөндөөлөрдү сактоо')");
    await expect
      .poll(() => page.textContent(".notice[role=status]"))
      .toContain("Биринчи жөнөтүү сакталган экен");
    await expect.poll(() => page.inputValue(`${form} input[name=dueDays]`)).toBe("33");
    await shot(page, "s24-billing-settings-first-sending-saved");
    expect((await read(page, "/api/billing/settings")).dueDays).toBe(33);
    expect(new Set(keys)).toEqual(new Set([keys[0]]));
    await page.close();
  });

  it("says «Сакталууда…» on the tariff form's disabled button while held, and adds the tariff once after a lost answer", async () => {
    const page = await onPage("accountant", "/billing/tariffs");
    const form = page.locator("form[aria-label='Тариф кошуу']");
    await form.locator("input[name=rate]").waitFor();
    const before = ((await read(page, "/api/billing/tariffs")) as unknown[]).length;
    const keys: string[] = [];
    let release = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    let first = true;
    await page.route("**/api/billing/tariffs", async (route) => {
      if (route.request().method() !== "POST") return route.continue();
      keys.push(route.request().headers()["idempotency-key"]!);
      if (!first) return route.continue();
      first = false;
      await held;
      await route.fetch(); // done on the server; its answer is lost
      return route.abort("internetdisconnected");
    });
    await form.locator("input[name=validFrom]").fill("2027-01-01");
    await form.locator("input[name=validTo]").fill("2027-12-31");
    await form.locator("input[name=rate]").fill("123,45");
    await form.locator("input[name=decisionRef]").fill("Чогулуш 2026-12");
    await form.locator("input[name=decidedOn]").fill("2026-12-01");
    const save = form.locator("button[type=submit]");
    await save.click();
    await expect.poll(() => save.textContent()).toBe("Сакталууда…");
    expect(await save.isDisabled()).toBe(true);
    release();
    await expect.poll(() => form.locator("[role=alert]").textContent()).toContain("эки жолу сакталбайт");
    await save.click();
    await expect.poll(() => page.textContent(".notice[role=status]")).toContain("Сакталды");
    expect(((await read(page, "/api/billing/tariffs")) as unknown[]).length).toBe(before + 1);
    expect(keys).toHaveLength(2);
    expect(keys[1]).toBe(keys[0]);
    await page.close();
  });

  it("writes a head receipt once when its answer was lost and the accountant saves again", async () => {
    const page = await onPage("wua", "/water/balance");
    // The act of 11–20 April was wrong: voided, its days are free for the corrected one.
    const wua = await login(shared.server.app, "wua", DEMO_PASSWORD);
    const inSeason = "/api/water/head-receipts?from=2026-01-01&to=2026-12-31";
    const wrong = (await wua.get(inSeason))
      .json()
      .find((r: { actNumber: string | null }) => r.actNumber === "РУВХ-002");
    const voided = await wua.post(`/api/water/head-receipts/${wrong.id}/void`, {
      version: wrong.version,
      reason: "Акт оңдолду",
    });
    expect(voided.statusCode, voided.body).toBe(200);
    const form = page.locator(".head-receipts form");
    await form.locator("input[name=actNumber]").waitFor();
    const keys = await loseFirstAnswer(page, "**/api/water/head-receipts");
    await form.locator("input[name=fromDay]").fill("2026-04-11");
    await form.locator("input[name=toDay]").fill("2026-04-20");
    await form.locator("input[name=volumeM3]").fill("98000");
    await form.locator("input[name=actNumber]").fill("РУВХ-777");
    await form.locator("button[type=submit]").click();
    await expect
      .poll(() => page.locator(".head-receipts [role=alert]").textContent())
      .toContain("эки жолу сакталбайт");
    await form.locator("button[type=submit]").click();
    await expect.poll(() => page.textContent("table.receipts")).toContain("РУВХ-777");
    const receipts: { actNumber: string | null }[] = (await wua.get(inSeason)).json();
    expect(receipts.filter((r) => r.actNumber === "РУВХ-777")).toHaveLength(1);
    expect(keys).toHaveLength(2);
    expect(keys[1]).toBe(keys[0]);
    await page.close();
  });
});
