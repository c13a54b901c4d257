import { randomBytes } from "node:crypto";
import ExcelJS from "exceljs";
import type { CDPSession, Download, Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { geojsonFile, outletOnR4 } from "./support/network-file.js";
import { holdAnswers, importBook, serverAndBrowser, shot, signIn } from "./support/server.js";

/**
 * A file upload on a village link: its progress, a Cancel that stops it, and a re-send that
 * imports once. The link is slowed by Chromium's own network emulation, which throttles the
 * request body as it goes up, so the page's progress moves as it would on 256 kbit/s.
 */
describe("uploading a file on a slow link", () => {
  const shared = serverAndBrowser();

  async function pageAs(username: string): Promise<Page> {
    const context = await shared.browser.newContext({ viewport: { width: 1366, height: 768 } });
    const page = await context.newPage();
    await signIn(page, shared.server.url, username);
    await page.selectOption(".topbar select", "ky");
    return page;
  }

  /** Each page's DevTools session: a second one would not lift the first one's throttle. */
  const sessions = new WeakMap<Page, CDPSession>();

  /** Bytes up per second, or the link's full speed when null. */
  async function throttle(page: Page, bytesPerSecond: number | null) {
    let cdp = sessions.get(page);
    if (!cdp) {
      cdp = await page.context().newCDPSession(page);
      sessions.set(page, cdp);
    }
    await cdp.send("Network.enable");
    await cdp.send("Network.emulateNetworkConditions", {
      offline: false,
      latency: bytesPerSecond === null ? 0 : 40,
      downloadThroughput: -1,
      uploadThroughput: bytesPerSecond ?? -1,
    });
  }

  /** Random text does not compress, so the padding keeps the file's size on the wire. */
  const padding = (cells: number) => Array.from({ length: cells }, () => randomBytes(600).toString("hex"));

  /** A household book of one valid household, made large by a sheet of notes the import does not read. */
  async function bookOf(surname: string, paddingCells: number): Promise<Buffer> {
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet("Book");
    sheet.addRow(["Чарба №", "Айылдын коду", "Туугандыгы", "Фамилиясы", "Аты", "Жынысы", "Туулган күнү"]);
    sheet.addRow(["Ж1", "41703220999020", "үй чарбанын башчысы", surname, "Эрмек", "эркек", "01.02.1971"]);
    const notes = book.addWorksheet("Эскертүүлөр");
    for (const cell of padding(paddingCells)) notes.addRow([cell]);
    return Buffer.from(await book.xlsx.writeBuffer());
  }

  /** The register's people of this surname, asked of the API as the page's user. */
  async function peopleNamed(page: Page, surname: string): Promise<number> {
    const answer = await page.request.get(
      `${shared.server.url}/api/registry/people?q=${encodeURIComponent(surname)}`,
    );
    expect(answer.ok()).toBe(true);
    const { items } = (await answer.json()) as { items: object[] };
    return items.filter((p) => JSON.stringify(p).includes(surname)).length;
  }

  const progressValue = (page: Page) =>
    page.$eval(".upload-status progress", (p) => (p as HTMLProgressElement).value).catch(() => -1);

  it("shows a household book's progress as it goes up, stops it on Cancel with nothing written, and imports it once when sent again", async () => {
    const surname = "Жүктөбаев";
    const file = await bookOf(surname, 300); // about 380 KB: some 12 seconds at 32 KB/s
    const page = await pageAs("clerk");
    await importBook(page, shared.server.url, file);
    // The check writes nothing; the write is the second button, and it goes up on the slow link.
    await expect.poll(() => page.textContent("[role=status]")).toContain("Эч нерсе жазылган жок.");
    expect(await peopleNamed(page, surname)).toBe(0);
    await throttle(page, 32 * 1024);
    await page.click("button.import-write");

    // The bar moves, and the line under it says how much of how much, in Kyrgyz.
    await page.waitForSelector(".upload-status progress");
    await expect.poll(() => progressValue(page), { timeout: 10_000 }).toBeGreaterThan(0);
    const early = await progressValue(page);
    await expect.poll(() => progressValue(page), { timeout: 10_000 }).toBeGreaterThan(early);
    expect(await page.textContent(".upload-status")).toContain("Файл жөнөтүлүүдө");
    expect(await page.textContent(".upload-progress")).toMatch(
      /^\d+% · 0,\d\d МБ ичинен 0,\d\d МБ жөнөтүлдү$/,
    );
    expect(await page.getAttribute(".upload-status progress", "aria-valuetext")).toContain("МБ ичинен");
    // The form cannot be sent twice while it goes; only Cancel can be pressed.
    expect(await page.isDisabled("input[type=file]")).toBe(true);
    expect(await page.isDisabled("form button[type=submit]")).toBe(true);
    expect(await page.isDisabled("button.import-write")).toBe(true);
    expect(await page.isEnabled("button.upload-cancel")).toBe(true);
    await shot(page, "25b-import-upload-progress");

    await page.click("button.upload-cancel");
    await expect
      .poll(() => page.textContent(".upload-unanswered"))
      .toContain("Жөнөтүү токтотулду, эч нерсе жүктөлгөн жок.");
    expect(await page.$(".upload-status progress")).toBeNull();
    expect(await page.isEnabled("form button[type=submit]")).toBe(true);
    expect(await page.isEnabled("button.import-write")).toBe(true);
    await shot(page, "25c-import-upload-cancelled");
    expect(await peopleNamed(page, surname)).toBe(0);

    // Sent again at full speed (the same key): imported, and only once.
    await throttle(page, null);
    await page.click("button:has-text('Кайра жөнөтүү')");
    await expect.poll(() => page.textContent("[role=status]")).toContain("Жүктөлдү: 1 үй чарба, 1 адам");
    expect(await page.$(".upload-unanswered")).toBeNull();
    expect(await peopleNamed(page, surname)).toBe(1);
  });

  it("downloads the check's errors and warnings as a workbook in the user's language, busy while it is prepared, and once the valid rows are written the rows left out", async () => {
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet("Book");
    sheet.addRow(["Чарба №", "Айылдын коду", "Туугандыгы", "Фамилиясы", "Аты", "Жынысы", "Туулган күнү"]);
    sheet.addRow(["Т1", "41703220999020", "үй чарбанын башчысы", "Тизмеев", "Эрмек", "эркек", "01.02.1971"]);
    sheet.addRow(["Т2", "41703220999020", "үй чарбанын башчысы", "Катаев", "Бакыт", "эркек", "31.02.1990"]);
    const page = await pageAs("clerk");
    await importBook(page, shared.server.url, Buffer.from(await book.xlsx.writeBuffer()));
    await expect.poll(() => page.textContent("[role=status]")).toContain("Эч нерсе жазылган жок.");
    const button = "button.problems-file";
    const sheetLines = async (download: Download) => {
      const problems = new ExcelJS.Workbook();
      await problems.xlsx.readFile((await download.path())!);
      return (problems.worksheets[0]!.getSheetValues() as unknown[][]).slice(2).map((r) => r.slice(1, 6));
    };

    // On a slow link the file takes a while: the server's answer is held until the test lets it go.
    const answer = await holdAnswers(page, "**/api/registry/book/problems**");
    const downloading = page.waitForEvent("download");
    await page.click(button);
    await expect.poll(() => page.textContent(button)).toBe("Файл даярдалууда…");
    expect(await page.isDisabled(button)).toBe(true);
    expect(await page.getAttribute(button, "aria-busy")).toBe("true");
    await shot(page, "25d-import-problems-preparing");
    answer();
    const download = await downloading;
    await expect
      .poll(() => page.textContent(button))
      .toBe("Каталардын жана эскертүүлөрдүн тизмесин жүктөп алуу (xlsx)");
    expect(await page.isEnabled(button)).toBe(true);
    expect(await page.getAttribute(button, "aria-busy")).toBe("false");
    await page.unroute("**/api/registry/book/problems**");
    expect(download.suggestedFilename()).toBe("household-book-problems.xlsx");
    // The bad date first, with the value as typed; the valid household's undated formation after it.
    expect(await sheetLines(download)).toEqual([
      ["Ката", "Чарба китеби", 3, "Туулган күнү", "31.02.1990"],
      ["Эскертүү", "Чарба китеби", 2, "Түзүлгөн күнү", undefined],
    ]);
    expect(await peopleNamed(page, "Тизмеев")).toBe(0);

    // A link that breaks is said beside the button, in the user's language; the button is free again.
    await page.route("**/api/registry/book/problems**", (route) => route.abort("connectionreset"));
    await page.click(button);
    await expect.poll(() => page.textContent(".card [role=alert]")).toContain("Сервер менен байланыш жок.");
    expect(await page.isEnabled(button)).toBe(true);
    await page.unroute("**/api/registry/book/problems**");

    // Once the valid household is written, the clerk takes the rows left out to fix them: only those.
    await page.click("button:has-text('Туура 1 үй чарбаны гана')");
    await expect.poll(() => page.textContent("[role=status]")).toContain("Жүктөлдү: 1 үй чарба, 1 адам");
    expect(await page.$(".card [role=alert]")).toBeNull();
    expect(await page.textContent(button)).toBe("Жазылбай калган саптардын каталарын жүктөп алуу (xlsx)");
    const [leftOut] = await Promise.all([page.waitForEvent("download"), page.click(button)]);
    expect(await sheetLines(leftOut)).toEqual([["Ката", "Чарба китеби", 3, "Туулган күнү", "31.02.1990"]]);
    expect(await peopleNamed(page, "Тизмеев")).toBe(1);
  });

  it.each([
    { ending: "Cancel came", surname: "Кечиккенов", said: "файлды толук алып, текшерип жаткан" },
    { ending: "the link broke", surname: "Үзүлгөнов", said: "маалымат сакталып калышы мүмкүн" },
  ])(
    "says the server may have written a book it had whole when $ending, and a re-send is answered from that first sending",
    async ({ ending, surname, said }) => {
      const file = await bookOf(surname, 1);
      const page = await pageAs("clerk");
      await importBook(page, shared.server.url, file);
      await expect.poll(() => page.textContent("[role=status]")).toContain("Эч нерсе жазылган жок.");
      // The server imports the book; its answer is held back, as on a link that stalls after the
      // upload. DevTools holds the answer (not the request, so the page still hears its bytes go up).
      const cdp = await page.context().newCDPSession(page);
      await cdp.send("Fetch.enable", {
        patterns: [{ urlPattern: "*/api/registry/book/import*", requestStage: "Response" }],
      });
      const answers: string[] = [];
      cdp.on("Fetch.requestPaused", ({ requestId }) => {
        answers.push(requestId);
        if (answers.length > 1) void cdp.send("Fetch.continueRequest", { requestId });
      });
      await page.click("button.import-write");
      await expect.poll(() => page.textContent(".upload-status")).toContain("сервер аны текшерип жатат");
      await expect.poll(() => peopleNamed(page, surname)).toBe(1);
      // The book is written before its answer leaves the server: wait until DevTools holds it, or
      // the break below would name no request and the answer would stay held for good.
      await expect.poll(() => answers.length).toBe(1);
      const held = answers[0]!;
      if (ending === "Cancel came") {
        await page.click("button.upload-cancel");
        // Cancel has ended the request in the page, which may have let go of the held answer.
        await cdp.send("Fetch.failRequest", { requestId: held, errorReason: "Aborted" }).catch(() => {});
      } else {
        await cdp.send("Fetch.failRequest", { requestId: held, errorReason: "ConnectionReset" });
      }
      await expect.poll(() => page.textContent(".upload-unanswered")).toContain(said);
      expect(await page.textContent(".upload-unanswered")).toContain("эки жолу");

      await page.click("button:has-text('Кайра жөнөтүү')");
      await expect.poll(() => page.textContent("[role=status]")).toContain("Жүктөлдү: 1 үй чарба, 1 адам");
      expect(answers).toHaveLength(2);
      expect(await peopleNamed(page, surname)).toBe(1);
    },
  );

  it("shows a water users file's progress, stops it on Cancel with no user added, and adds them once when sent again", async () => {
    const page = await pageAs("wua");
    await page.goto(`${shared.server.url}/water/users/import`);
    await page.waitForSelector("input[type=file]");
    // The picker's button and "no file" are the page's Kyrgyz, not the (English) browser's.
    expect(await page.textContent(".file-picker")).toBe("Файл тандооФайл тандалган жок");
    const csv = [
      "Фамилиясы;Аты;Айылдын коду;Суу бөлгүч (коду же аталышы);Аянты, га;Уюмдун аталышы;Эскертүү",
      // One user; the note the import does not read makes the file some 180 KB.
      `Жайбаров;Азамат;41703220999010;СБ-1-1;1,5;;${padding(150).join("")}`,
    ].join("\r\n");
    await page.setInputFiles("input[type=file]", {
      name: "users.csv",
      mimeType: "text/csv",
      buffer: Buffer.from(csv, "utf8"),
    });
    expect(await page.textContent(".file-picker-name")).toBe("users.csv");
    // Checked first, which writes nothing; the write is the second button, on the slow link.
    await page.click("form button[type=submit]");
    await expect.poll(() => page.textContent("[role=status]")).toContain("Эч нерсе жазылган жок.");
    expect(await page.textContent("button.import-write")).toBe(
      "Реестрге жазуу: 1 жаңы колдонуучу, 1 жаңы участок",
    );
    await throttle(page, 24 * 1024);
    await page.click("button.import-write");
    await expect.poll(() => progressValue(page), { timeout: 10_000 }).toBeGreaterThan(0);
    const early = await progressValue(page);
    await expect.poll(() => progressValue(page), { timeout: 10_000 }).toBeGreaterThan(early);
    await page.click("button.upload-cancel");
    await expect.poll(() => page.textContent(".upload-unanswered")).toContain("эч нерсе жүктөлгөн жок");
    const usersNamed = async () => {
      const answer = await page.request.get(
        `${shared.server.url}/api/water/users?q=${encodeURIComponent("Жайбаров")}`,
      );
      const body = (await answer.json()) as { items: object[] };
      return body.items.filter((u) => JSON.stringify(u).includes("Жайбаров")).length;
    };
    expect(await usersNamed()).toBe(0);

    await throttle(page, null);
    await page.click("button:has-text('Кайра жөнөтүү')");
    await expect
      .poll(() => page.textContent("[role=status]"))
      .toContain("Жүктөлдү: 1 жаңы колдонуучу, 1 жаңы участок");
    expect(await usersNamed()).toBe(1);
  });

  it("says in the user's language that the link broke while a canal network was being sent, and checks it when sent again", async () => {
    const page = await pageAs("wua");
    await page.goto(`${shared.server.url}/water/network/import`);
    await page.setInputFiles("input[name=file]", geojsonFile([outletOnR4(7, 40)]));
    // The link breaks while the body goes up: the server never has it whole.
    await page.route("**/api/water/network/import**", (route) => route.abort("connectionreset"));
    await page.click("form button[type=submit]");
    await expect
      .poll(() => page.textContent(".upload-unanswered[role=alert]"))
      .toContain("Файлды жөнөтүп жатканда байланыш үзүлдү, эч нерсе жүктөлгөн жок.");
    await shot(page, "42b-network-import-link-lost");

    await page.unroute("**/api/water/network/import**");
    await page.click("button:has-text('Кайра жөнөтүү')");
    await expect.poll(() => page.textContent("[role=status]")).toContain("1 канал");
    expect(await page.isEnabled("button.import-write")).toBe(true);
  });

  it("shows a station's weather record going up, stops it on Cancel with no day stored, and stores it once when sent again", async () => {
    const page = await pageAs("accountant");
    await page.goto(`${shared.server.url}/planning`);
    await page.click("tr:has-text('Көк-Арт метеопосту') a");
    await page.waitForSelector("input[type=file]");
    const stationId = new URL(page.url()).pathname.split("/").at(-1);
    const june = `${shared.server.url}/api/planning/stations/${stationId}/weather?from=2024-06-01&to=2024-06-30`;
    const daysStored = async () => ((await (await page.request.get(june)).json()) as unknown[]).length;
    // Thirty days of June with an observer's note the import is not given: some 150 KB.
    const days = Array.from({ length: 30 }, (_, i) => {
      const day = String(i + 1).padStart(2, "0");
      return `2024-06-${day};${28 + (i % 4)};${12 + (i % 3)};0;${padding(4).join("")}`;
    });
    await page.setInputFiles("input[type=file]", {
      name: "june.csv",
      mimeType: "text/csv",
      buffer: Buffer.from(["date;tmax;tmin;rain;note", ...days].join("\n")),
    });
    await expect.poll(() => page.inputValue("form select >> nth=0")).toBe("date");
    await throttle(page, 24 * 1024);
    await page.click("form button[type=submit].primary");
    await expect.poll(() => progressValue(page), { timeout: 10_000 }).toBeGreaterThan(0);
    const early = await progressValue(page);
    await expect.poll(() => progressValue(page), { timeout: 10_000 }).toBeGreaterThan(early);
    expect(await page.isDisabled("form button[type=submit].primary")).toBe(true);
    await page.click("button.upload-cancel");
    await expect.poll(() => page.textContent(".upload-unanswered")).toContain("эч нерсе жүктөлгөн жок");
    expect(await daysStored()).toBe(0);

    await throttle(page, null);
    await page.click("button:has-text('Кайра жөнөтүү')");
    await expect.poll(() => page.textContent("[role=status]")).toContain("30 күн жүктөлдү");
    expect(await daysStored()).toBe(30);
  });
});
