import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { holdAnswers, serverAndBrowser, shot, signIn } from "./support/server.js";

interface Sms {
  id: string;
  toPhone: string;
  body: string;
  purpose: string;
  status: string;
  segments: number;
}

describe("the SMS page", () => {
  const shared = serverAndBrowser();

  async function pageAs(username: string, width = 1366, height = 800): Promise<Page> {
    const context = await shared.browser.newContext({ viewport: { width, height }, hasTouch: width < 760 });
    const page = await context.newPage();
    await signIn(page, shared.server.url, username);
    await page.selectOption(".topbar select", "ky");
    return page;
  }
  const outbox = async (page: Page, query = "") =>
    (await (await page.request.get(`${shared.server.url}/api/sms?limit=200${query}`)).json()).items as Sms[];

  it("lists the outbox with each message's state, sends a failed one again, and writes one to a phone", async () => {
    const page = await pageAs("accountant");
    await page.click("nav a[href='/sms']");
    await page.waitForSelector("table.sms tbody tr");
    expect(await page.textContent("h1")).toBe("SMS билдирүүлөр");
    // This service has no operator: the page says why messages stay queued.
    // Of messages queued from now on: those below went out before (here, through the demo's stand-in).
    expect(await page.textContent("p[role=note]")).toContain(
      "SMS операторуна туташкан эмес (AIMAK_SMS_GATEWAY_URL): азыр кезекке коюлган билдирүүлөр жөнөтүлбөйт",
    );
    const rows = page.locator("table.sms tbody tr");
    // The demo's reminders went through a stand-in operator: delivered, and one refused. Its
    // published run is July's, long past: no one was told of turns gone by.
    const failed = rows.filter({ hasText: "Жөнөтүлгөн жок" });
    expect(await failed.count()).toBe(1);
    // What happened and what to do, in Kyrgyz; the operator's English words only as a detail beneath.
    const failure = failed.locator(".sms-failure");
    expect(await failure.locator("> span").textContent()).toBe(
      "SMS оператору билдирүүнү кабыл алуудан баш тартты. Өзү кайра жөнөтүлбөйт. Көбүнчө номер туура эмес же " +
        "иштебей калган болот, кээде оператордогу эсепте маселе бар (баланс, келишим). Номерди текшериңиз; " +
        "туура болсо, операторго чалыңыз.",
    );
    expect(await failure.locator("small").textContent()).toBe(
      "Техникалык маалымат: HTTP 400: number out of service",
    );
    expect(await failed.textContent()).toContain("Карыз тууралуу эскертүү");
    expect(await rows.filter({ hasText: "Жеткирилди" }).count()).toBeGreaterThan(0);
    expect(await rows.filter({ hasText: "Сугат кезеги" }).count()).toBe(0);
    await shot(page, "65-sms-outbox");

    // Only the failed ones, then that one sent again: back in the queue, out of this list.
    await page.selectOption("select[name=status]", "failed");
    await expect.poll(() => new URL(page.url()).searchParams.get("status")).toBe("failed");
    await expect.poll(() => rows.count()).toBe(1);
    const [refused] = await outbox(page, "&status=failed");
    await rows.first().locator("button", { hasText: "Кайра жөнөтүү" }).click();
    await page.waitForSelector("table.sms", { state: "detached" });
    expect((await outbox(page)).find((m) => m.id === refused!.id)?.status).toBe("queued");
    await page.selectOption("select[name=status]", "");
    await expect
      .poll(() => rows.filter({ hasText: refused!.toPhone }).filter({ hasText: "Кезекте" }).count())
      .toBeGreaterThan(0);

    // A message to one phone, its cost counted as it is typed: 75 Cyrillic letters are two SMS.
    const before = (await outbox(page)).length;
    await page.click("button:has-text('SMS жазуу')");
    const form = page.locator("form[aria-label='SMS жазуу']");
    await form.locator("input[name=to]").fill("12345x");
    const text = "Саламатсызбы! Эртең саат 8де суу бөлүштүрүү боюнча жыйын болот, келиңиз..";
    await form.locator("textarea[name=body]").fill(text);
    expect(await form.textContent()).toContain(`${text.length} белги, 2 SMS`);
    await form.locator("button[type=submit]").click();
    await expect.poll(() => form.textContent()).toContain("Телефон номери туура эмес: 12345x");
    expect((await outbox(page)).length).toBe(before);
    await form.locator("input[name=to]").fill("0555 11 22 33");
    await form.locator("button[type=submit]").click();
    await expect
      .poll(() => page.textContent("[role=status]"))
      .toBe("+996555112233 номерине SMS жөнөтүү кезегине коюлду");
    const written = (await outbox(page)).filter((m) => m.purpose === "manual");
    expect(written).toHaveLength(1);
    expect(written[0]).toMatchObject({ toPhone: "+996555112233", body: text, segments: 2, status: "queued" });
    await expect.poll(() => rows.first().textContent()).toContain("Кол менен жазылган");

    // One phone's messages, its number written another way.
    const filters = page.locator("form[aria-label='SMS издөө']");
    await filters.locator("input[name=to]").fill("+996 555 112233");
    await filters.locator("button[type=submit]").click();
    await expect.poll(() => new URL(page.url()).searchParams.get("to")).toBe("+996 555 112233");
    await expect.poll(() => rows.count()).toBe(1);
    expect(await rows.first().textContent()).toContain("Кол менен жазылган");

    // From a water user's card, the messages sent to the user's phone.
    const users = await (await page.request.get(`${shared.server.url}/api/water/users?pageSize=100`)).json();
    const asanov = users.items.find((u: { number: number }) => u.number === 1);
    // On a slow link the card waits for the villages to name the user's: never its 14-digit code.
    const villages = await holdAnswers(page, "**/api/water/villages");
    await page.goto(`${shared.server.url}/water/users/${asanov.id}`);
    await page.waitForSelector("a:has-text('Жөнөтүлгөн SMS')");
    expect(await page.textContent("main")).not.toContain("41703220999010");
    villages();
    await expect.poll(() => page.textContent("main")).toContain("Жаңы-Жол");
    await page.unroute("**/api/water/villages");
    await page.click("a:has-text('Жөнөтүлгөн SMS')");
    await expect.poll(() => new URL(page.url()).pathname).toBe("/sms");
    await expect.poll(() => rows.count()).toBeGreaterThan(0);
    const phones = await rows.locator("td:nth-child(2)").allTextContents();
    expect(new Set(phones)).toEqual(new Set(["+996555123401"]));
  });

  it("shows a water master the outbox on a phone, with nothing to send or resend", async () => {
    const page = await pageAs("mirab", 360, 740);
    await page.goto(`${shared.server.url}/sms`);
    await page.waitForSelector("table.sms tbody tr");
    expect(await page.locator("button", { hasText: "SMS жазуу" }).count()).toBe(0);
    expect(await page.locator("button", { hasText: "Кайра жөнөтүү" }).count()).toBe(0);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await shot(page, "66-sms-outbox-phone");
    // A district office sends none: its menu has no SMS page, a municipality's has.
    const office = await pageAs("district");
    await office.waitForSelector("nav a[href='/audit']");
    expect(await office.locator("nav a[href='/sms']").count()).toBe(0);
    const municipality = await pageAs("admin");
    await municipality.waitForSelector("nav a[href='/audit']");
    expect(await municipality.locator("nav a[href='/sms']").count()).toBe(1);
  });
});
