import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, shot, signIn, startServer } from "./support/server.js";

const WEATHER = [
  "date;tmax;tmin;rain",
  "2026-05-01;24;9;0",
  "2026-05-02;26;11;2.5",
  "2026-05-03;27;12;0",
].join("\n");

/** What a field that holds no number says, in Kyrgyz. */
const BAD_NUMBER = "Сан жазыңыз";

describe("the water-use planning pages", () => {
  let server: Awaited<ReturnType<typeof startServer>>;
  let browser: Browser;
  let page: Page;
  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
    page = await context.newPage();
    await signIn(page, server.url, "accountant");
    await page.selectOption(".topbar select", "ky");
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it("adds a station, imports its weather with a mapped file, and shows ET0 over the period", async () => {
    await page.click("nav a[href='/planning']");
    await expect.poll(() => page.textContent("main table")).toContain("Көк-Арт метеопосту");
    await page.fill("input[name=name]", "Жаңы-Жол посту");
    await page.fill("input[name=latitudeDeg]", "40.93");
    await page.fill("input[name=longitudeDeg]", "73.0");
    await page.fill("input[name=altitudeM]", "760");
    await page.click("text=Станция кошуу");
    await expect.poll(() => page.textContent("main table")).toContain("Жаңы-Жол посту");
    await shot(page, "50-planning-stations");

    await page.click("tr:has-text('Жаңы-Жол посту') a");
    await expect.poll(() => page.textContent("main")).toContain("Бул мезгилде суткалык маалымат жок");
    const bad = `${WEATHER}\n2026-05-04;9;12;0`;
    await page.setInputFiles("input[type=file]", {
      name: "bad.csv",
      mimeType: "text/csv",
      buffer: Buffer.from(bad),
    });
    // The columns named like the fields are mapped already; the user states the units.
    await expect.poll(() => page.inputValue("form select >> nth=0")).toBe("date");
    await page.click("text=Текшерүү");
    await expect.poll(() => page.textContent("[role=alert]")).toContain("1 ката: эч нерсе жазылган жок");
    await expect
      .poll(() => page.textContent("form table"))
      .toContain("Эң жогорку температура 9 эң төмөнкүдөн 12 төмөн");
    await page.setInputFiles("input[type=file]", {
      name: "ok.csv",
      mimeType: "text/csv",
      buffer: Buffer.from(WEATHER),
    });
    await page.click("form button[type=submit]");
    await expect.poll(() => page.textContent("[role=status]")).toContain("3 күн жүктөлдү");
    await page.waitForSelector("figure.chart polyline");
    await expect.poll(() => page.textContent("main")).toContain("Пенман-Монтейт 3");
    // The days along the axis are written as the app writes days, day first: 01.05, not 05-01.
    const days = await page.locator("figure.chart svg > text").allTextContents();
    expect(days).toContain("01.05");
    expect(days.filter((d) => !/^\d\d\.\d\d$/.test(d))).toEqual([]);
    // Three days of May are not a month (WMO's 3/5 rule): no normal from them.
    await page.click("text=Суткалык маалымат боюнча эсептөө");
    await expect.poll(() => page.textContent("main")).toContain("жетиштүү толук ай жок");
    // The whole of May but for 3 days in a row, one without rain: a normal, with no rain total.
    const may = Array.from({ length: 31 }, (_, i) => i + 1)
      .filter((d) => d < 10 || d > 12)
      .map((d) => `2026-05-${String(d).padStart(2, "0")};25;10;${d === 20 ? "" : 1}`);
    await page.setInputFiles("input[type=file]", {
      name: "may.csv",
      mimeType: "text/csv",
      buffer: Buffer.from(["date;tmax;tmin;rain", ...may].join("\n")),
    });
    await page.click("form button[type=submit]");
    await expect.poll(() => page.textContent("[role=status]")).toContain("28 күн жүктөлдү");
    await page.click("text=Суткалык маалымат боюнча эсептөө");
    await expect.poll(() => page.textContent(".card table")).toContain("суткалык маалымат боюнча");
    const row = await page.textContent(".card tr:has-text('Май')");
    expect(row).toContain("1 ай (ар бир күнү жаан-чачыны менен: 0)");
    await shot(page, "51-planning-climate");
  });

  it("adjusts a crop for the WUA and draws its Kc curve", async () => {
    await page.click("a[href='/planning/crops']");
    await page.click("button:has-text('Картошка')");
    await page.waitForSelector("form figure.chart polyline");
    const late = page.locator("label:has-text('Кеч фаза') input");
    await expect.poll(() => late.inputValue()).toBe("30");
    await late.fill("40");
    await page.click("form button[type=submit]");
    await expect.poll(() => page.textContent("[role=status]")).toContain("Сакталды");
    await expect.poll(() => page.textContent("tr:has-text('Картошка')")).toContain("СПА өзгөрткөн");
    await expect.poll(() => page.textContent("tr:has-text('Картошка')")).toContain("25 / 30 / 45 / 40");
    // Kc with a decimal comma, to the half-hundredth where FAO-56 gives it (maize's end 0,475).
    expect(await page.textContent("tr:has-text('Картошка')")).toContain("0,50 / 1,15 / 0,75");
    expect(await page.textContent("tr:has-text('Жүгөрү (дан)')")).toMatch(/\d,\d\d \/ \d,\d\d \/ 0,475/);
    await shot(page, "52-planning-crops");
    // FAO-56 gives Kc to the half-hundredth (maize's end 0.475): its editor takes it as it is.
    await page.click("button:has-text('Жүгөрү (дан)')");
    await page.waitForSelector("form figure.chart polyline");
    // Written the Kyrgyz way, with a decimal comma.
    expect(await page.locator("label:has-text('Kc аягы') input").inputValue()).toBe("0,475");
    expect(
      await page.$$eval("form input", (inputs) =>
        inputs.every((i) => (i as HTMLInputElement).checkValidity()),
      ),
    ).toBe(true);
  });

  it("refuses a request above the contract, with the reason at the field, then saves it", async () => {
    await page.click("a[href='/planning/requests']");
    await expect.poll(() => page.textContent("main table")).toContain("Асанов Нурбек");
    await page.click("tr:has-text('Асанов Нурбек') button");
    // A request is handed in on a day that has come: the day field takes none later (the server refuses it too).
    const handedIn = page
      .locator("form label:has-text('Арыз берилген күн') input:not([type=hidden])")
      .first();
    const before = await handedIn.inputValue();
    await handedIn.fill("02.02.2098");
    expect(await handedIn.evaluate((el) => (el as HTMLInputElement).validationMessage)).toMatch(
      /^Эң кеч күнү: \d\d\.\d\d\.\d{4}$/,
    );
    await handedIn.fill(before);
    const area = page.locator("form label:has-text('Аянт, га') input");
    await area.fill("9");
    await page.click("form button[type=submit]");
    await expect.poll(() => page.textContent("form .field-error")).toContain("келишимдеги 1,2 гадан көп");
    // A decimal comma is read as one (a browser's number field would drop it and read 75 ha), and
    // a text with both marks is refused rather than guessed.
    await area.fill("");
    await area.type("0.7,5");
    expect(await area.evaluate((el) => (el as HTMLInputElement).validationMessage)).toBe(BAD_NUMBER);
    await area.fill("");
    await area.type("0,75");
    expect(await area.evaluate((el) => (el as HTMLInputElement).validationMessage)).toBe("");
    await page.click("form button[type=submit]");
    await expect.poll(() => page.textContent("form [role=status]")).toContain("Сакталды");
    await expect.poll(() => page.textContent("tr:has-text('Асанов Нурбек')")).toMatch(/0[.,]75/);
    await shot(page, "53-planning-requests");
  });

  it("makes a new plan version, keeps the first, and exports it", async () => {
    await page.click("a[href='/planning/plan']");
    await expect.poll(() => page.textContent("main")).toContain("1-версия");
    // The station with the season's weather; the new one has three days of May only.
    await page.selectOption("select[name=stationId]", { label: "Көк-Арт метеопосту" });
    await page.selectOption("label:has-text('Эффективдүү жаан-чачын') select", "fixed-fraction");
    await page.fill("input[name=note]", "Асановдун арызы өзгөрдү");
    await page.click("text=Пландын жаңы версиясын түзүү");
    await expect.poll(() => page.textContent("main ul")).toContain("2-версия");
    await expect.poll(() => page.textContent("main ul")).toContain("1-версия");
    await page.waitForSelector("figure.chart rect");
    // Decades by their days, not by their keys ("2026-04-1"); users in the order of their numbers.
    expect(await page.textContent("main .card .table-wrap tbody tr td")).toBe("01.04–10.04");
    // The demo's station recorded no rain: said so, not shown as a dry 0,0.
    expect(await page.textContent("main .card .table-wrap tbody tr td >> nth=2")).toBe("—");
    expect(await page.textContent("main .card p[role=note]")).toContain("жаанды каттаган эмес");
    const users = await page
      .locator("main .card .table-wrap >> nth=1")
      .locator("tbody td:first-child")
      .allTextContents();
    const numbers = users.map((name) => Number.parseInt(name, 10));
    expect(numbers.length).toBeGreaterThan(10);
    expect(numbers.every(Number.isInteger)).toBe(true);
    expect(numbers).toEqual([...numbers].sort((a, b) => a - b));
    // Any level decade by decade: here the first secondary canal, with its losses.
    await page.selectOption("label:has-text('Декадалар боюнча көрсөтүү') select", {
      label: "Р-1 1-бөлүштүргүч канал (жоготуулары менен)",
    });
    await expect
      .poll(() => page.textContent("main .card .table-wrap thead"))
      .toContain("Р-1 1-бөлүштүргүч канал");
    // Kc mid and end of each crop and planting date, adjusted to its own stages (FAO-56 Eq. 62).
    await page.click("summary:has-text('62-теңдеме')");
    await expect.poll(() => page.textContent("main .card details table")).toContain("Kc ортосу");
    await expect.poll(() => page.textContent("main .card h2")).toContain("2-версия");
    const href = await page.getAttribute("a:has-text('XLSX')", "href");
    const xlsx = await page.request.get(`${server.url}${href}`);
    expect(xlsx.status()).toBe(200);
    expect(xlsx.headers()["content-type"]).toContain("spreadsheetml");
    const pdf = await page.request.get(`${server.url}${href!.replace("xlsx", "pdf")}`);
    expect((await pdf.body()).subarray(0, 5).toString()).toBe("%PDF-");
    await shot(page, "54-planning-plan");
  });
});
