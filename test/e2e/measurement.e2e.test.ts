import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, shot, signIn, startServer } from "./support/server.js";

describe("the measurement pages", () => {
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

  /** A water master's phone, in Kyrgyzstan's time and in Kyrgyz. */
  async function phone(username = "mirab") {
    const context = await browser.newContext({
      viewport: { width: 390, height: 844 },
      timezoneId: "Asia/Bishkek",
      isMobile: true,
      hasTouch: true,
    });
    const page = await context.newPage();
    await signIn(page, server.url, username);
    await page.selectOption(".topbar select", "ky");
    return { page, context };
  }
  /** The value of the option whose text starts with `label`, once the select and its options are there. */
  async function optionValue(page: Page, select: string, label: string) {
    let value = "";
    await expect
      .poll(async () => {
        value = await page
          .locator(select)
          .first()
          .evaluate(
            (el, text) =>
              [...(el as HTMLSelectElement).options].find((o) => o.text.startsWith(text))?.value ?? "",
            label,
          );
        return value;
      })
      .not.toBe("");
    return value;
  }

  const DAY_FIELDS = "form.quick-entry .moment-input .day-input input[type=text]";
  const TIME_FIELDS = "form.quick-entry .moment-input > input";

  /** On the deliveries page: the outlet, its first user, and a turn measured as flow × time. */
  async function chooseTurnAt(page: Page, outletCode: string) {
    const selects = "form.quick-entry select";
    await page.selectOption(
      `${selects} >> nth=0`,
      await optionValue(page, `${selects} >> nth=0`, outletCode),
    );
    await expect
      .poll(() => page.$$eval(`${selects} >> nth=1`, (s) => s[0]?.querySelectorAll("option").length ?? 0))
      .toBeGreaterThan(1);
    const user = await page.$eval(`${selects} >> nth=1`, (el) => (el as HTMLSelectElement).options[1]!.value);
    await page.selectOption(`${selects} >> nth=1`, user);
    await page.selectOption(`${selects} >> nth=2`, "time-and-flow");
  }

  it("enters a reading on a phone, remembers the post, and keeps a reading made offline until the link is back", async () => {
    const { page, context } = await phone();
    await page.goto(`${server.url}/water/readings`);
    await page.waitForSelector("form.quick-entry");
    await page.selectOption(
      "form.quick-entry select",
      await optionValue(page, "form.quick-entry select", "ГП-Р-1"),
    );
    await page.fill("input.big-number", "31,5");
    await page.click("form.quick-entry button[type=submit]");
    await expect.poll(() => page.textContent("form.quick-entry [role=status]")).toContain("л/с");
    // ICU's Kyrgyz number format is what the browser has: "31,5" or "31.5".
    await expect.poll(() => page.textContent("table")).toMatch(/31[.,]5/);
    // One moment's reading says the flow then, not what flowed over the day: the day's line says
    // the flow is unknown, where it said "no readings" beside the reading.
    expect(await page.textContent("p.day-volume")).toMatch(/24[.,]0 саат чыгым белгисиз/);
    await shot(page, "40-reading-phone");

    // The post is remembered on the phone.
    await page.goto(`${server.url}/water/readings`);
    await page.waitForSelector("form.quick-entry");
    expect(
      await page.$eval("form.quick-entry select", (el) => (el as HTMLSelectElement).selectedOptions[0]?.text),
    ).toContain("ГП-Р-1");

    // A mistyped level is said at once, and stays in the field to be corrected.
    await page.fill("input.big-number", "99999");
    await page.click("form.quick-entry button[type=submit]");
    await expect
      .poll(() => page.textContent("form.quick-entry"))
      .toContain("Деңгээл -1000 см-ден 5000 см-ге чейин болот: 99999 см туура эмес жазылган окшойт");
    expect(await page.inputValue("input.big-number")).toBe("99999");

    await context.setOffline(true);
    // A post takes one reading a minute: this one is taken three minutes before the first (or two
    // after, just past midnight; a phone's clock may run that fast).
    const minuteOfDay = Math.floor((Date.now() + 6 * 3_600_000) / 60_000) % 1440;
    const other = minuteOfDay >= 3 ? minuteOfDay - 3 : minuteOfDay + 2;
    const otherTime = `${String(Math.floor(other / 60)).padStart(2, "0")}:${String(other % 60).padStart(2, "0")}`;
    await page.fill(TIME_FIELDS, "");
    await page.type(TIME_FIELDS, otherTime.replace(":", ""));
    await page.fill("input.big-number", "28");
    await page.click("form.quick-entry button[type=submit]");
    await expect.poll(() => page.textContent("form.quick-entry")).toContain("Жөнөтүүнү күтүүдө: 1");
    await shot(page, "41-reading-offline");
    // Back online, the page sends what waited by itself.
    await context.setOffline(false);
    await expect.poll(() => page.textContent("form.quick-entry")).not.toContain("Жөнөтүүнү күтүүдө");
    await expect.poll(() => page.textContent("table")).toMatch(/28[.,]0/);

    // The same minute's reading entered again is refused, naming the one kept, and comes back
    // into the form to be corrected.
    await page.fill(TIME_FIELDS, "");
    await page.type(TIME_FIELDS, otherTime.replace(":", ""));
    await page.fill("input.big-number", "29");
    await page.click("form.quick-entry button[type=submit]");
    await expect
      .poll(() => page.textContent("form.quick-entry .state-error"))
      .toMatch(
        new RegExp(
          `ГП-Р-1 гидропостунун \\d\\d\\.\\d\\d\\.\\d{4} ${otherTime} көрсөткүчү буга чейин жазылган \\(деңгээли 28 см\\)`,
        ),
      );
    expect(await page.inputValue("input.big-number")).toBe("29");
    // The time field is written back just after the refusal is drawn (it is set from outside the
    // field, once the page has rendered): polled, not read once.
    await expect.poll(() => page.inputValue(TIME_FIELDS)).toBe(otherTime);
    expect(await page.locator("table tbody tr", { hasText: otherTime }).count()).toBe(1);
  });

  it("records a turn at an outlet on a phone and opens its act", async () => {
    const { page, context } = await phone();
    await page.goto(`${server.url}/water/deliveries`);
    await page.waitForSelector("form.quick-entry");
    const selects = "form.quick-entry select";
    await chooseTurnAt(page, "СБ-1-2");
    // A day of the demo's season (1 April – 30 September) free of this user's own turns there.
    for (const [nth, time] of [
      [0, "600"],
      [1, "700"],
    ] as const) {
      await page.fill(`${DAY_FIELDS} >> nth=${nth}`, "");
      await page.type(`${DAY_FIELDS} >> nth=${nth}`, "29092026");
      await page.fill(`${TIME_FIELDS} >> nth=${nth}`, "");
      await page.type(`${TIME_FIELDS} >> nth=${nth}`, time);
    }
    // 45 l/s typed as 45000 at an outlet of 130 l/s would be an act of 162 000 m³ billed to the
    // user: said at once, out of reach of the service too, kept in the field, nothing queued.
    await context.setOffline(true);
    await page.fill("input.big-number", "45000");
    await page.click("form.quick-entry button[type=submit]");
    await expect
      .poll(() => page.textContent("form.quick-entry"))
      .toContain("СБ-1-2 суу бөлгүчүнүн өткөрүмдүүлүгү 130 л/с, ал эми жазылган чыгым 45000 л/с");
    expect(await page.inputValue("input.big-number")).toBe("45000");
    expect(await page.evaluate(() => localStorage.getItem("aimak.measure.deliveriesQueue") ?? "[]")).toBe(
      "[]",
    );
    // A volume typed from a paper act, the same: more than the outlet carries in the turn's time.
    await page.selectOption("form.quick-entry select >> nth=2", "act");
    await page.fill("input.big-number", "99999");
    await page.click("form.quick-entry button[type=submit]");
    await expect
      .poll(() => page.textContent("form.quick-entry"))
      .toMatch(
        /СБ-1-2 суу бөлгүчү 130 л\/с өткөрөт, бул кезекте эң көп [\d\s]+ м³, ал эми жазылган көлөм 99999 м³/,
      );
    expect(await page.evaluate(() => localStorage.getItem("aimak.measure.deliveriesQueue") ?? "[]")).toBe(
      "[]",
    );
    await page.selectOption("form.quick-entry select >> nth=2", "time-and-flow");
    await context.setOffline(false);
    await page.fill("input.big-number", "45");
    await page.click("form.quick-entry button[type=submit]");
    await expect.poll(() => page.textContent("form.quick-entry [role=status]")).toContain("акты жазылды");
    const status = (await page.textContent("form.quick-entry [role=status]")) ?? "";
    const act = /(\d{4}-\d{6})/.exec(status)?.[1];
    expect(act).toBeTruthy();
    await expect.poll(() => page.textContent("table")).toContain(act!);
    await shot(page, "42-delivery-phone");
    // Stacked on the phone, each cell says which column it is, in the user's language: the volume
    // its unit. The column of buttons has no heading, so no label.
    const row = `tr:has-text('${act}')`;
    const shownLabel = (column: number) =>
      page.$eval(`${row} td >> nth=${column}`, (cell) => getComputedStyle(cell, "::before").content);
    await expect.poll(() => shownLabel(4)).toBe('"Көлөм, м³"');
    const firstHeading = await page.$eval("thead th", (heading) => heading.textContent?.trim());
    expect(await shownLabel(0)).toBe(`"${firstHeading}"`);
    expect(await page.$eval(`${row} td.actions`, (cell) => cell.hasAttribute("data-label"))).toBe(false);
    await page.selectOption(".topbar select", "ru");
    await expect.poll(() => shownLabel(4)).toBe('"Объём, м³"');
    await page.selectOption(".topbar select", "ky");
    await expect.poll(() => shownLabel(4)).toBe('"Көлөм, м³"');
    const href = await page.getAttribute(`${row} a >> nth=0`, "href");
    const pdf = await page.request.get(`${server.url}${href}`);
    expect(pdf.headers()["content-type"]).toContain("application/pdf");
    // The act and the outlet share a line, the user has one of their own.
    const top = (column: number) =>
      page.$eval(`${row} td >> nth=${column}`, (cell) => Math.round(cell.getBoundingClientRect().top));
    expect(await top(1)).toBe(await top(0));
    expect(await top(2)).toBeGreaterThan(await top(0));

    // The outlet's deliveries a page at a time, the newest first, the page in the address.
    expect(await page.locator("table.deliveries tbody tr").count()).toBe(20);
    await page.click("nav.pager button[data-go=next]");
    await expect.poll(() => page.url()).toContain("page=2");
    // The address changes at once, the list when the next page has come.
    await expect.poll(() => page.textContent("table.deliveries")).not.toContain(act!);
    expect(await page.textContent("nav.pager")).toContain("2");
    // Another outlet starts at its newest.
    await page.selectOption(`${selects} >> nth=0`, await optionValue(page, `${selects} >> nth=0`, "СБ-1-1"));
    await expect.poll(() => page.url()).not.toContain("page=");
  });

  it("takes a reading's time and a turn's start and end day first, on the 24-hour clock, from a phone in English left on UTC", async () => {
    // A cheap phone in English whose zone was never set: the moments are still the WUA's clock.
    const context = await browser.newContext({
      viewport: { width: 390, height: 844 },
      locale: "en-US",
      timezoneId: "UTC",
      isMobile: true,
      hasTouch: true,
    });
    const page = await context.newPage();
    await signIn(page, server.url, "mirab");
    // The choice is the user's once the service has it: a page left before would take back hers.
    await Promise.all([
      page.waitForResponse((r) => r.url().endsWith("/api/me") && r.request().method() === "PATCH"),
      page.selectOption(".topbar select", "en"),
    ]);
    // Yesterday in Bishkek (UTC+6), a day whose morning has come wherever the test runs.
    const yesterday = new Date(Date.now() + 6 * 3_600_000 - 86_400_000).toISOString().slice(0, 10);
    const [year, month, day] = yesterday.split("-");
    const typeInto = async (field: string, keys: string) => {
      await page.fill(field, "");
      await page.type(field, keys);
    };
    const days = "form.quick-entry .moment-input .day-input input[type=text]";
    const times = "form.quick-entry .moment-input > input";

    await page.goto(`${server.url}/water/readings`);
    await page.waitForSelector("form.quick-entry");
    await page.selectOption(
      "form.quick-entry select",
      await optionValue(page, "form.quick-entry select", "ГП-Р-1"),
    );
    await typeInto(days, `${day}${month}${year}`);
    expect(await page.inputValue(days)).toBe(`${day}/${month}/${year}`);
    await typeInto(times, "2500");
    expect(await page.$eval(times, (el) => (el as HTMLInputElement).validationMessage)).toBe(
      "Write the time on the 24-hour clock as hours:minutes, e.g. 08:53",
    );
    expect(await page.$eval("form.quick-entry", (f) => (f as HTMLFormElement).checkValidity())).toBe(false);
    // A digit keyboard has no colon: the field puts it in, and 7 can only be seven o'clock.
    await typeInto(times, "753");
    expect(await page.inputValue(times)).toBe("07:53");
    await page.fill("input.big-number", "30");
    // Tomorrow's 07:53 has not come: said at once on the phone, and nothing waits to be sent.
    const tomorrow = new Date(Date.now() + 6 * 3_600_000 + 86_400_000).toISOString().slice(0, 10);
    const tomorrowShown = tomorrow.split("-").reverse().join("/");
    await typeInto(days, tomorrowShown);
    await page.click("form.quick-entry button[type=submit]");
    await expect
      .poll(() => page.textContent("form.quick-entry [role=status]"))
      .toContain(`A reading cannot be taken at ${tomorrowShown} 07:53: that time has not come yet`);
    expect(await page.inputValue("input.big-number")).toBe("30");
    await typeInto(days, `${day}${month}${year}`);
    await page.click("form.quick-entry button[type=submit]");
    await expect.poll(() => page.textContent("form.quick-entry [role=status]")).toContain("l/s");
    const post = await page.$eval("form.quick-entry select", (el) => (el as HTMLSelectElement).value);
    const readings = await (
      await page.request.get(`${server.url}/api/water/readings?structureId=${post}&day=${yesterday}`)
    ).json();
    expect(readings.map((r: { readAt: string }) => r.readAt)).toContain(`${yesterday}T01:53:00.000Z`);
    // A time typed stays for the next reading (a morning's readings copied from a notebook), with
    // a way back to now beside it.
    expect(await page.inputValue(days)).toBe(`${day}/${month}/${year}`);
    expect(await page.inputValue(times)).toBe("07:53");
    const toNow = "form.quick-entry .time-to-now";
    expect(await page.textContent(toNow)).toBe("Now");
    await shot(page, "43-reading-typed-time-kept");
    // Now is the WUA's (the minute may have turned), not the phone's, today.
    const atNow = async () => {
      const [shownHour, shownMinute] = (await page.inputValue(times)).split(":").map(Number);
      const bishkekMinutes = Math.floor((Date.now() + 6 * 3_600_000) / 60_000) % 1440;
      expect((bishkekMinutes - (shownHour! * 60 + shownMinute!) + 1440) % 1440).toBeLessThanOrEqual(2);
      expect(await page.inputValue(days)).toBe(
        new Date(Date.now() + 6 * 3_600_000).toISOString().slice(0, 10).split("-").reverse().join("/"),
      );
      expect(await page.locator(toNow).count()).toBe(0);
    };
    await page.click(toNow);
    await atNow();
    // A time left as the form set it follows now after a save.
    await page.selectOption(
      "form.quick-entry select",
      await optionValue(page, "form.quick-entry select", "ГП-Р-2"),
    );
    await page.fill("input.big-number", "30");
    await page.click("form.quick-entry button[type=submit]");
    const secondPost = await page.$eval("form.quick-entry select", (el) => (el as HTMLSelectElement).value);
    const today = new Date(Date.now() + 6 * 3_600_000).toISOString().slice(0, 10);
    const levelsToday = async () =>
      (
        await (
          await page.request.get(`${server.url}/api/water/readings?structureId=${secondPost}&day=${today}`)
        ).json()
      ).map((r: { levelM: number }) => r.levelM);
    await expect.poll(levelsToday).toContain(0.3);
    await atNow();

    await page.goto(`${server.url}/water/deliveries`);
    await page.waitForSelector("form.quick-entry");
    await chooseTurnAt(page, "СБ-1-1");
    // A turn is entered on a day of a season: the demo's ended on 30 September. On the 28th the
    // outlet's first user has no turn of the demo's at six (it holds the 29th's morning).
    const seasonDay = "28/09/2026";
    await typeInto(`${days} >> nth=0`, "28092026");
    // Each time field is named by its own field's words, for a screen reader.
    expect(await page.getAttribute(`${times} >> nth=1`, "aria-label")).toBe("Turn ends — Time");
    await typeInto(`${times} >> nth=0`, "600");
    await typeInto(`${days} >> nth=1`, seasonDay);
    await typeInto(`${times} >> nth=1`, "7.30");
    await page.fill("input.big-number", "45");
    await page.click("form.quick-entry button[type=submit]");
    // 45 l/s for an hour and a half.
    await expect.poll(() => page.textContent("form.quick-entry [role=status]")).toContain("243");
    const status = (await page.textContent("form.quick-entry [role=status]")) ?? "";
    const act = /(\d{4}-\d{6})/.exec(status)?.[1];
    expect(act).toBeTruthy();
    await expect.poll(() => page.textContent(`tr:has-text('${act}')`)).toContain(`${seasonDay} 06:00`);
    await shot(page, "43-delivery-moments-english");
    // The next turn starts where this one ended; the same turn entered again is refused, so its
    // water is not counted twice.
    expect(await page.inputValue(`${days} >> nth=0`)).toBe(seasonDay);
    expect(await page.inputValue(`${times} >> nth=0`)).toBe("07:30");
    await chooseTurnAt(page, "СБ-1-1");
    await typeInto(`${times} >> nth=0`, "600");
    await typeInto(`${days} >> nth=1`, seasonDay);
    await typeInto(`${times} >> nth=1`, "7.30");
    await page.fill("input.big-number", "45");
    await page.click("form.quick-entry button[type=submit]");
    await expect
      .poll(() => page.textContent("form.quick-entry .state-error"))
      .toContain(`is already recorded (act No. ${act})`);
    // The refused turn is back in the form, to be corrected rather than typed again. Its times are
    // written back just after the refusal is drawn: polled, not read once.
    expect(await page.inputValue("input.big-number")).toBe("45");
    await expect.poll(() => page.inputValue(`${times} >> nth=0`)).toBe("06:00");
    await expect.poll(() => page.inputValue(`${times} >> nth=1`)).toBe("07:30");

    // Yesterday is past the season: the phone knows the seasons, so even offline the turn's start
    // says so at its field as soon as its day is typed, and Save queues nothing (the service
    // refuses it too, for a phone that had not read them: measurement int test).
    await context.setOffline(true);
    await chooseTurnAt(page, "СБ-1-1");
    await typeInto(`${days} >> nth=0`, `${day}${month}${year}`);
    await typeInto(`${times} >> nth=0`, "600");
    await typeInto(`${days} >> nth=1`, `${day}${month}${year}`);
    await typeInto(`${times} >> nth=1`, "700");
    await page.fill("input.big-number", "12");
    await expect
      .poll(() => page.textContent("form.quick-entry .field-invalid .field-error"))
      .toBe(`${day}/${month}/${year} is outside the season 01/04/2026 – 30/09/2026`);
    await page.click("form.quick-entry button[type=submit]");
    await expect
      .poll(() => page.textContent("form.quick-entry"))
      .toContain(`${day}/${month}/${year} is outside the season 01/04/2026 – 30/09/2026`);
    expect(await page.textContent("form.quick-entry")).not.toContain("Waiting to be sent");
    expect(await page.inputValue("input.big-number")).toBe("12");
    expect(await page.inputValue(`${days} >> nth=0`)).toBe(`${day}/${month}/${year}`);
    expect(await page.inputValue(`${times} >> nth=1`)).toBe("07:00");
    await shot(page, "43b-delivery-outside-season");
    await context.setOffline(false);
    await context.close();
  });

  /** How many deliveries a list query finds, page after page. */
  async function actsIn(page: Page, query: URLSearchParams) {
    let total = 0;
    for (let n = 1; ; n++) {
      query.set("pageSize", "100");
      query.set("page", String(n));
      const listed = await (await page.request.get(`${server.url}/api/water/deliveries?${query}`)).json();
      total += listed.items.length;
      if (!listed.hasMore) return total;
    }
  }

  /** The home page's count of the acts still to sign, and a tap that opens their list. */
  async function openActsToSign(page: Page) {
    await page.waitForSelector("ul.figures");
    const toSign = page.locator("ul.figures > li", { hasText: "Кол коюла элек актылар" });
    const counted = Number((await toSign.locator("strong").textContent())!.replace(/\s/g, ""));
    expect(counted).toBeGreaterThan(0);
    const listAsked = page.waitForRequest((r) => r.url().includes("/api/water/deliveries?"));
    await toSign.locator("a").tap();
    return { counted, asked: new URL((await listAsked).url()) };
  }

  it("lists the acts still to sign, the signed and the voided, from the home page's count, on a phone", async () => {
    const { page, context } = await phone("accountant");
    const { counted, asked } = await openActsToSign(page);
    await expect.poll(() => new URL(page.url()).searchParams.get("acts")).toBe("unsigned");
    // The season's acts, as the home page counts them: the list says its days.
    const glance = await (await page.request.get(`${server.url}/api/water/glance`)).json();
    expect(new URL(page.url()).searchParams.get("from")).toBe(glance.season.startsOn);
    expect(new URL(page.url()).searchParams.get("to")).toBe(glance.season.endsOn);
    await expect
      .poll(() => page.locator("p.list-scope").textContent())
      .toBe("Тизмеде 01.04.2026 – 30.09.2026 күндөрү башталган суу берүүлөр гана. Бардык күндөр");
    const rows = page.locator("table.deliveries tbody tr");
    await expect.poll(() => rows.count()).toBeGreaterThan(0);
    expect(await page.inputValue("select[name=acts]")).toBe("unsigned");
    // Come to read the acts after the season (the test's today), the entry form says nothing wrong
    // of a start no one has chosen yet.
    await page.waitForSelector("form.quick-entry");
    expect(await page.locator("form.quick-entry .field-error").count()).toBe(0);
    // Every act on the page waits for the user's signature; none is signed or voided.
    const texts = await rows.allTextContents();
    expect(texts.every((text) => text.includes("Пайдалануучу кол койду"))).toBe(true);
    expect(texts.some((text) => /Кол коюлган \d\d\.\d\d\.\d{4}|Жокко чыгарылган:/.test(text))).toBe(false);
    // The list the page asked for holds as many acts as the home page counted (every outlet:
    // nothing chosen on this phone), page after page: the season's days, not every season's.
    expect(await actsIn(page, asked.searchParams)).toBe(counted);
    expect([asked.searchParams.get("from"), asked.searchParams.get("to")]).toEqual([
      "2026-04-01",
      "2026-09-30",
    ]);
    await page.selectOption("select[name=acts]", "signed");
    await expect.poll(() => new URL(page.url()).searchParams.get("acts")).toBe("signed");
    await expect
      .poll(async () =>
        (await rows.allTextContents()).every((text) => /Кол коюлган \d\d\.\d\d\.\d{4}/.test(text)),
      )
      .toBe(true);
    expect(await rows.count()).toBeGreaterThan(0);
    await shot(page, "57-deliveries-acts-phone");
    // An outlet chosen for entry narrows the list too; the page says so, and goes back to every outlet.
    await page.selectOption(
      "form.quick-entry select >> nth=0",
      await optionValue(page, "form.quick-entry select >> nth=0", "СБ-2-1"),
    );
    const outletScope = page.locator("p.list-scope", { hasText: "СБ-2-1" });
    await expect.poll(() => outletScope.count()).toBe(1);
    await expect
      .poll(async () =>
        (await rows.locator("td:nth-child(2)").allTextContents()).every((c) => c === "СБ-2-1"),
      )
      .toBe(true);
    await page.locator("p.list-scope button", { hasText: "Бардык суу бөлгүчтөр" }).tap();
    await expect.poll(() => outletScope.count()).toBe(0);
    await expect
      .poll(async () => new Set(await rows.locator("td:nth-child(2)").allTextContents()).size)
      .toBeGreaterThan(1);
    await context.close();
  });

  it("lists every outlet's acts from the home page's count on a phone that remembers an outlet, and keeps the outlet for the next visit", async () => {
    const { page, context } = await phone();
    // The water master's outlet, remembered on his phone from entering a turn.
    const outletSelect = "form.quick-entry select >> nth=0";
    await page.goto(`${server.url}/water/deliveries`);
    await page.waitForSelector("form.quick-entry");
    await page.selectOption(outletSelect, await optionValue(page, outletSelect, "СБ-2-1"));
    await page.goto(`${server.url}/`);
    // The home page's count is every outlet's, and so is the list its link opens.
    const { counted, asked } = await openActsToSign(page);
    expect(asked.searchParams.get("outletId")).toBeNull();
    expect(await actsIn(page, asked.searchParams)).toBe(counted);
    const outletScope = page.locator("p.list-scope", { hasText: "СБ-2-1" });
    const rows = page.locator("table.deliveries tbody tr");
    await expect
      .poll(async () => new Set(await rows.locator("td:nth-child(2)").allTextContents()).size)
      .toBeGreaterThan(1);
    expect(await outletScope.count()).toBe(0);
    // Still the outlet for the next turn's entry, and the list's again on the next visit from the menu.
    // The entry form comes with the outlets, which load apart from the list awaited above: polled.
    await expect
      .poll(() => page.$eval(outletSelect, (el) => (el as HTMLSelectElement).selectedOptions[0]?.text))
      .toContain("СБ-2-1");
    const narrowed = page.waitForRequest((r) => r.url().includes("/api/water/deliveries?"));
    await page.goto(`${server.url}/water/deliveries`);
    expect(new URL((await narrowed).url()).searchParams.get("outletId")).toBe(
      await optionValue(page, outletSelect, "СБ-2-1"),
    );
    await expect.poll(() => outletScope.count()).toBe(1);
    // From the count again, another outlet chosen for entry narrows the list to it.
    await page.goto(`${server.url}/`);
    await openActsToSign(page);
    await page.selectOption(outletSelect, await optionValue(page, outletSelect, "СБ-1-1"));
    await expect.poll(() => new URL(page.url()).searchParams.get("outlet")).toBeNull();
    await expect.poll(() => page.locator("p.list-scope", { hasText: "СБ-1-1" }).count()).toBe(1);
    // The outlet's name says it is an outlet: the sentence does not say it again ("1-суу бөлгүч суу бөлгүчүнүн").
    expect(await page.textContent("p.list-scope:has-text('СБ-1-1')")).toBe(
      "Тизмеде СБ-1-1 — Р-1 каналындагы 1-суу бөлгүч аркылуу берилген суу гана. Бардык суу бөлгүчтөр",
    );
    await context.close();
  });

  it("keeps each figure of the balance on one line with its unit on an office screen (1280 px)", async () => {
    const context = await browser.newContext({
      viewport: { width: 1280, height: 800 },
      timezoneId: "Asia/Bishkek",
    });
    const page = await context.newPage();
    await signIn(page, server.url, "wua");
    await page.goto(`${server.url}/water/balance`);
    for (const [locale, heading] of [
      ["ky", "Суу балансы"],
      ["ru", "Водный баланс"],
    ] as const) {
      await page.selectOption(".topbar select", locale);
      // Measured once the page is drawn in the language chosen, not in the last one's words.
      await expect.poll(() => page.textContent("main h1")).toBe(heading);
      await expect.poll(() => page.textContent("table.canal-balance")).toContain("%");
      // "82,0 %" on one line, not "82,0" above a lone "%".
      const percents = await page
        .locator("table.canal-balance td, table.balance-table :is(td, th)")
        .evaluateAll((cells) =>
          cells
            .filter((cell) => /^[\d\s,.]+%$/.test(cell.textContent!.trim()))
            .map((cell) => {
              const text = document.createRange();
              text.selectNodeContents(cell);
              const lines = new Set([...text.getClientRects()].map((r) => Math.round(r.top)));
              return { text: cell.textContent, lines: lines.size };
            }),
        );
      expect(percents.length).toBeGreaterThan(0);
      expect(percents.filter((p) => p.lines > 1)).toEqual([]);
    }
    await context.close();
  });

  it("names a decade whose readings have gaps by its days, not by its key, in Kyrgyz and Russian", async () => {
    const context = await browser.newContext({
      viewport: { width: 1366, height: 900 },
      timezoneId: "Asia/Bishkek",
    });
    const page = await context.newPage();
    await signIn(page, server.url, "wua");
    await page.goto(`${server.url}/water/balance`);
    // The demo's head post misses readings in the third decade of May: "21.05–31.05", not "2026-05-3".
    for (const [locale, said] of [
      ["ky", "Көрсөткүчтөрү толук эмес декадалар"],
      ["ru", "Декады с пропусками показаний"],
    ] as const) {
      await page.selectOption(".topbar select", locale);
      const note = page.locator(`main p:has-text('${said}')`);
      await expect.poll(() => note.textContent()).toContain("ГП-БС-1 21.05–31.05 (");
      expect(await note.textContent()).not.toMatch(/\d{4}-\d{2}-[123]/);
    }
    await context.close();
  });

  it("shows the season's balance as a table and a chart, and the gauging posts with their latest readings", async () => {
    const context = await browser.newContext({
      viewport: { width: 1366, height: 900 },
      timezoneId: "Asia/Bishkek",
    });
    const page = await context.newPage();
    await signIn(page, server.url, "wua");
    await page.selectOption(".topbar select", "ky");
    await page.click("nav a[href='/water/balance']");
    await page.waitForSelector("table.balance-table");
    const total = (await page.textContent("table.balance-table tr.total")) ?? "";
    expect(total).toMatch(/\d{1,3}([\s,.]\d{3})+/);
    expect(total).toContain("%");
    // The demo's canals carry what their users take and lose what their efficiency says: a WUA's
    // season delivers well over half of what its head receives, and not all of it.
    const efficiencyCell = await page.locator("table.balance-table tr.total > *").last().textContent();
    const efficiency = Number(/^([\d,]+)\s*%$/.exec(efficiencyCell!.trim())![1]!.replace(",", "."));
    expect(efficiency).toBeGreaterThan(50);
    expect(efficiency).toBeLessThan(90);
    expect(await page.locator("figure.chart rect").count()).toBeGreaterThan(10);
    await expect.poll(() => page.textContent("table.canal-balance")).toContain("МК-1");
    // A decade's button reads on the same line as its row's figures.
    const textMiddles = await page
      .locator("table.balance-table tbody tr")
      .first()
      .evaluate((row) =>
        [row.querySelector("td button")!, row.querySelectorAll("td")[1]!].map((element) => {
          const text = document.createRange();
          text.selectNodeContents(element);
          const box = text.getBoundingClientRect();
          return box.top + box.height / 2;
        }),
      );
    expect(Math.abs(textMiddles[0]! - textMiddles[1]!)).toBeLessThan(3);
    await shot(page, "43-balance");

    // A WUA ten times the size, whose head takes a million m³ a decade: the axis's top is drawn
    // whole, none of its labels running off the chart's edge.
    await page.route("**/api/water/balance*", async (route) => {
      const balance = await (await route.fetch()).json();
      for (const decade of balance.decades) {
        decade.system.receivedM3 *= 10;
        decade.system.deliveredM3 *= 10;
      }
      await route.fulfill({ json: balance });
    });
    await page.reload();
    await page.waitForSelector("figure.chart rect");
    const axis = await page.locator("figure.chart svg > g > text").evaluateAll((labels) =>
      labels.map((l) => ({
        text: l.textContent?.replace(/\s/g, " "),
        x: (l as SVGTextElement).getBBox().x,
      })),
    );
    expect(axis.map((l) => l.text)).toContain("1 500 000");
    for (const label of axis) expect(label.x, label.text ?? "").toBeGreaterThanOrEqual(0);
    await page.unroute("**/api/water/balance*");
    await page.reload();

    // The first decade's act was wrong: void it and enter the corrected one.
    await expect.poll(() => page.textContent("table.receipts")).toContain("РУВХ-001");
    page.once("dialog", (dialog) => void dialog.accept("Акт оңдолду"));
    await page.click("table.receipts tr:has-text('РУВХ-001') button");
    await expect
      .poll(() => page.textContent("table.receipts tr:has-text('РУВХ-001')"))
      .toContain("Акт оңдолду");
    await page.fill(".head-receipts input[name=fromDay]", "2026-04-01");
    await page.fill(".head-receipts input[name=toDay]", "2026-04-10");
    await page.fill(".head-receipts input[name=volumeM3]", "120000");
    await page.fill(".head-receipts input[name=actNumber]", "РУВХ-999");
    await page.click(".head-receipts button[type=submit]");
    await expect.poll(() => page.textContent("table.receipts")).toContain("РУВХ-999");

    await page.click("nav a[href='/water/gauging-posts']");
    await expect.poll(() => page.textContent("table")).toContain("ГП-БС-1");
    await shot(page, "44-gauging-posts");
  });
});
