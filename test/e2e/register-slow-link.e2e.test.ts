import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { loseFirstAnswer, serverAndBrowser, shot, signIn } from "./support/server.js";

/** The household card's forms on a slow or broken link (QA s24, Journey 6 and 2.5). */
describe("the household card's forms on a slow or broken link", () => {
  const shared = serverAndBrowser();

  /** A clerk, in Kyrgyz, on the card of the demo's household with this number. */
  async function clerkOnCard(number: number): Promise<{ page: Page; id: string }> {
    const { server, browser } = shared;
    const page = await (await browser.newContext({ viewport: { width: 1366, height: 768 } })).newPage();
    await signIn(page, server.url, "clerk");
    await page.selectOption(".topbar select", "ky");
    const list = await (await page.request.get(`${server.url}/api/registry/households?pageSize=50`)).json();
    const id = (list.items as { id: string; number: number }[]).find((h) => h.number === number)!.id;
    await page.goto(`${server.url}/register/households/${id}`);
    await page.waitForSelector("table.members");
    return { page, id };
  }

  /** The areas of the household's land plots in force, as the API reads them. */
  const plotAreas = async (page: Page, id: string) =>
    (
      (await (await page.request.get(`${shared.server.url}/api/registry/households/${id}`)).json())
        .landPlots as { areaHa: number }[]
    )
      .map((p) => p.areaHa)
      .sort();

  /**
   * Holds the household's changes (not its reads) while a gate is shut: `shut()` shuts it and
   * answers the function that opens it again.
   */
  async function changesGate(page: Page, id: string) {
    let open: Promise<void> = Promise.resolve();
    await page.route(`**/api/registry/households/${id}**`, async (route) => {
      if (route.request().method() !== "GET") await open;
      return route.continue();
    });
    return {
      shut() {
        let release = () => {};
        open = new Promise<void>((resolve) => {
          release = resolve;
        });
        return release;
      },
    };
  }

  /** Opens an action form of the card by its button, filled in by `fill`. */
  async function openForm(
    page: Page,
    action: string,
    fill: (form: ReturnType<Page["locator"]>) => Promise<void>,
  ) {
    await page.click(`.card .actions button:has-text('${action}')`);
    const form = page.locator(".card form").last();
    await fill(form);
    return form;
  }

  it("says «Сакталууда…» on a disabled Save while each form of the card is on its way, and «Сакталды» after", async () => {
    const { page, id } = await clerkOnCard(6);
    const forms: [string, (form: ReturnType<Page["locator"]>) => Promise<void>][] = [
      ["Дарек жана турак жай", async (f) => f.locator("input[name=phone]").fill("+996555000606")],
      ["Участок кошуу", async (f) => f.locator("input[name=areaHa]").fill("0,12")],
      ["Малды эсепке алуу", async (f) => f.locator("input[name=cattle]").fill("3")],
      [
        "Белги коюу",
        async (f) => {
          await f.locator("select[name=criterionCode]").selectOption("poor");
          await f.locator("input[name=reason]").fill("Текшерүү");
        },
      ],
      [
        "Окуяны каттоо",
        async (f) => {
          await f.locator("select[name=kind]").selectOption("birth");
          await f.locator("input[name='person.surname']").fill("Жайбаров");
          await f.locator("input[name='person.givenName']").fill("Шашпас");
          await f.locator("select[name='person.sex']").selectOption("male");
          await f.locator("input[name='person.birthDate']").fill(new Date().toISOString().slice(0, 10));
        },
      ],
    ];
    const gate = await changesGate(page, id);
    for (const [action, fill] of forms) {
      const release = gate.shut();
      const form = await openForm(page, action, fill);
      const save = form.locator("button[type=submit]");
      await expect.poll(() => save.textContent()).toBe("Сактоо");
      await save.click();
      await expect.poll(() => save.textContent(), { message: action }).toBe("Сакталууда…");
      expect(await save.isDisabled(), action).toBe(true);
      if (action === "Участок кошуу") await shot(page, "s24-saving-plot");
      release();
      // Saved, the form closes and the card says so.
      await expect.poll(() => save.count(), { message: action }).toBe(0);
      expect(await page.textContent(".notice[role=status]"), action).toContain("Сакталды");
    }
    expect(await plotAreas(page, id)).toContain(0.12);
    await expect.poll(() => page.textContent("table.members")).toContain("Жайбаров Шашпас");
    await page.close();
  });

  it("writes a plot once when its answer was lost and the clerk corrected it before saving again, and says the first was saved", async () => {
    const { page, id } = await clerkOnCard(6);
    const before = await plotAreas(page, id);
    const keys = await loseFirstAnswer(page, "**/land-plots");
    const form = await openForm(page, "Участок кошуу", (f) => f.locator("input[name=areaHa]").fill("0,33"));
    await form.locator("button[type=submit]").click();
    await expect.poll(() => form.locator("[role=alert]").textContent()).toContain("эки жолу сакталбайт");
    expect(await form.locator("[role=alert]").textContent()).toContain(
      "андан бери формада өзгөрткөнүңүз жөнөтүлбөйт",
    );
    await form.locator("input[name=areaHa]").fill("0,34");
    await form.locator("button[type=submit]").click();
    // The first sending was saved: the card shows it and says so; the correction was not written.
    await expect
      .poll(() => page.textContent(".notice[role=status]"))
      .toContain("Биринчи жөнөтүү сакталган экен");
    await shot(page, "s24-first-sending-saved");
    // The correction, then the page asking for the first sending's answer: all under its key.
    expect(keys).toHaveLength(3);
    expect(new Set(keys)).toEqual(new Set([keys[0]]));
    expect(await plotAreas(page, id)).toEqual([...before, 0.33].sort());
    await page.close();
  });

  it("writes the corrected plot once when the first sending never reached the server", async () => {
    const { page, id } = await clerkOnCard(6);
    const before = await plotAreas(page, id);
    let lose = true;
    await page.route("**/land-plots", async (route) => {
      if (route.request().method() !== "POST" || !lose) return route.continue();
      lose = false;
      return route.abort("connectionreset");
    });
    const form = await openForm(page, "Участок кошуу", (f) => f.locator("input[name=areaHa]").fill("0,55"));
    await form.locator("button[type=submit]").click();
    await expect.poll(() => form.locator("[role=alert]").textContent()).toContain("эки жолу сакталбайт");
    await form.locator("input[name=areaHa]").fill("0,56");
    await form.locator("button[type=submit]").click();
    await expect.poll(() => page.textContent(".notice[role=status]")).toContain("Сакталды");
    expect(await plotAreas(page, id)).toEqual([...before, 0.56].sort());
    await page.close();
  });

  it("says «not sent» when the browser is offline, and saves once when the link is back", async () => {
    const { page, id } = await clerkOnCard(6);
    const before = await plotAreas(page, id);
    const form = await openForm(page, "Участок кошуу", (f) => f.locator("input[name=areaHa]").fill("0,44"));
    await page.context().setOffline(true);
    await form.locator("button[type=submit]").click();
    await expect.poll(() => form.locator("[role=alert]").textContent()).toContain("Жөнөтүлгөн жок");
    const said = await form.locator("[role=alert]").textContent();
    expect(said).toContain("эч нерсе сакталган жок");
    expect(said).not.toContain("сакталып калышы мүмкүн");
    await shot(page, "s24-offline-not-sent");
    await page.context().setOffline(false);
    await form.locator("button[type=submit]").click();
    await expect.poll(() => page.textContent(".notice[role=status]")).toContain("Сакталды");
    expect(await plotAreas(page, id)).toEqual([...before, 0.44].sort());
    await page.close();
  });

  /** The households whose head has this surname, as the register's search finds them. */
  const householdsOf = async (page: Page, surname: string) =>
    (
      (
        await (
          await page.request.get(
            `${shared.server.url}/api/registry/households?q=${encodeURIComponent(surname)}`,
          )
        ).json()
      ).items as { headName: string | null; street: string | null }[]
    ).filter((h) => h.headName?.startsWith(`${surname} `));

  /**
   * The new household form with its village, street and head filled in, whose first sending is
   * done on the server but whose answer never reaches the page; `keys` gathers each sending's key.
   */
  async function newHouseholdAnswerLost(surname: string, street: string) {
    const { server, browser } = shared;
    const page = await (await browser.newContext({ viewport: { width: 1366, height: 768 } })).newPage();
    await signIn(page, server.url, "clerk");
    await page.selectOption(".topbar select", "ky");
    const keys = await loseFirstAnswer(page, "**/api/registry/households");
    await page.goto(`${server.url}/register/new`);
    await page.waitForSelector("select[name=villageCode] option >> nth=1", { state: "attached" });
    await page.selectOption("select[name=villageCode]", { index: 1 });
    await page.fill("input[name=street]", street);
    await page.fill("input[name='members.0.surname']", surname);
    await page.fill("input[name='members.0.givenName']", "Азамат");
    await page.fill("input[name='members.0.birthDate']", "1984-06-07");
    await page.click("form button[type=submit].primary");
    await expect.poll(() => page.textContent("form [role=alert]")).toContain("эки жолу сакталбайт");
    return { page, keys };
  }

  it("opens the household its lost first sending registered when the clerk saves the same form again", async () => {
    const { page, keys } = await newHouseholdAnswerLost("Жоготбеков", "Жоголгон жооп көчөсү");
    await page.click("form button[type=submit].primary");
    await page.waitForSelector("table.members");
    expect(await page.textContent("table.members")).toContain("Жоготбеков Азамат");
    expect(keys).toHaveLength(2);
    expect(keys[1]).toBe(keys[0]);
    expect(await householdsOf(page, "Жоготбеков")).toHaveLength(1);
    await page.close();
  });

  it("opens the household its lost first sending registered, and says the correction was not sent, when the clerk corrected the form", async () => {
    const { page, keys } = await newHouseholdAnswerLost("Оңдотбеков", "Биринчи көчө");
    // Corrected before saving again: the first sending, already registered, is what stays.
    await page.fill("input[name=street]", "Оңдолгон көчө");
    await page.click("form button[type=submit].primary");
    await page.waitForSelector("table.members");
    expect(page.url()).toMatch(/\/register\/households\/[0-9a-f-]{36}$/);
    expect(await page.textContent("table.members")).toContain("Оңдотбеков Азамат");
    await expect
      .poll(() => page.textContent(".notice[role=status]"))
      .toContain("Биринчи жөнөтүү сакталган экен");
    await shot(page, "s24-new-household-first-sending-saved");
    const main = await page.textContent("main");
    expect(main).toContain("Биринчи көчө");
    expect(main).not.toContain("Оңдолгон көчө");
    // The corrected sending and the page's asking after the first answer went under the first's key.
    expect(new Set(keys)).toEqual(new Set([keys[0]]));
    expect((await householdsOf(page, "Оңдотбеков")).map((h) => h.street)).toEqual(["Биринчи көчө"]);
    await page.close();
  });

  it("leaves the form for the register, searched for the head, when the service registered the household but could not keep its answer", async () => {
    const { page } = await newHouseholdAnswerLost("Жообусузов", "Сакталбаган жооп көчөсү");
    // The sending again hears that the first was done but its answer is gone (the service failed
    // to keep it): no first answer to open, so the form must not invite a second registration.
    await page.route("**/api/registry/households", (route) =>
      route.request().method() === "POST"
        ? route.fulfill({
            status: 409,
            contentType: "application/problem+json",
            body: JSON.stringify({
              status: 409,
              code: "conflict.requestDoneAnswerLost",
              title: "Бул өзгөртүү сакталды, бирок анын жообу сизге жеткен жок.",
            }),
          })
        : route.fallback(),
    );
    await page.click("form button[type=submit].primary");
    await expect.poll(() => page.url()).toContain("/register?what=households&q=");
    await expect
      .poll(() => page.textContent(".notice[role=status]"))
      .toBe("Чарба катталды, бирок жообу сизге жеткен жок: ал реестрде мына. Аны кайра каттабаңыз.");
    await expect.poll(() => page.textContent("main table")).toContain("Жообусузов Азамат");
    expect(await householdsOf(page, "Жообусузов")).toHaveLength(1);
    await page.close();
  });

  it("leaves «Сакталды» behind when the card turns to a past day", async () => {
    const { page } = await clerkOnCard(6);
    await openForm(page, "Малды эсепке алуу", (f) => f.locator("input[name=cattle]").fill("4"));
    await page.click(".card form button[type=submit]");
    await expect.poll(() => page.textContent(".notice[role=status]")).toContain("Сакталды");
    await page.fill("input[name=asOf]", "2016-01-01");
    await expect.poll(() => page.textContent("main")).toContain("01.01.2016");
    expect(await page.locator(".notice[role=status]", { hasText: "Сакталды" }).count()).toBe(0);
    await page.close();
  });
});
