import { describe, expect, it, vi } from "vitest";
import { mergeUnits } from "../../src/server/places/service.js";
import { withSystem } from "../../src/server/platform/transactions.js";
import { transferMergedRegisters } from "../../src/server/registry/transfer.js";
import { householdOfOne, login, seedAimak, seedOrganisation, TEST_PASSWORD } from "../support/app.js";
import { serverAndBrowser, shot, signIn } from "./support/server.js";

const DEMO_AIMAK = "41703220999000";
const NEIGHBOUR = "41703220988000";

describe("a household taken over from a merged municipality", () => {
  const shared = serverAndBrowser();

  it("shows the successor's clerk the household under its new number, with its former number and municipality, and its certificates", async () => {
    const { server, browser } = shared;
    const { villageCodes } = await seedAimak(server.database, NEIGHBOUR, 1);
    const neighbour = await seedOrganisation(server.database, {
      adminUnitCode: NEIGHBOUR,
      name: { ky: "Кошуна", ru: "Кошуна" },
      users: { clerk: ["clerk"] },
    });
    const clerk = await login(server.app, neighbour.users.clerk!.username);
    const card = await householdOfOne(clerk, {
      villageCode: villageCodes[0]!,
      formedOn: "2011-03-01",
      head: { surname: "Кудайбергенова", givenName: "Алтынай", sex: "female", birthDate: "1980-01-01" },
    });
    // Issued on 1 June 2026, before the merger: the clerk signs in and issues it on that day's clock.
    vi.useFakeTimers({ toFake: ["Date"], now: new Date("2026-06-01T06:00:00Z") });
    const june = await login(server.app, neighbour.users.clerk!.username);
    const issued = await june.post("/api/certificates", {
      kind: "residence",
      householdId: card.id,
      personId: card.members[0].id,
      purpose: "Банк",
    });
    vi.useRealTimers();
    expect(issued.statusCode, issued.body).toBe(201);
    const { transfers } = await withSystem(server.database, async (tx) => {
      await mergeUnits(tx, [NEIGHBOUR], DEMO_AIMAK, "2026-07-01");
      return transferMergedRegisters(
        tx,
        { requestId: "e2e", locale: "en", client: "cli", actor: null },
        [NEIGHBOUR],
        DEMO_AIMAK,
        "2026-07-01",
      );
    });
    const newNumber = transfers[0]!.numbers![0];

    const page = await (await browser.newContext({ viewport: { width: 1366, height: 768 } })).newPage();
    await signIn(page, server.url, "clerk");
    await page.selectOption(".topbar select", "ky");
    await page.click("nav a[href='/register']");
    await page.waitForSelector("table.register");
    await page.selectOption("select[name=what]", "people");
    await page.fill("input[name=q]", "Кудайбергенова");
    await page.click("form.filters button[type=submit]");
    await expect.poll(() => page.textContent("table.register")).toContain("Кудайбергенова Алтынай");
    await page.click("table.register a >> nth=0");
    await page.waitForSelector("table.members");
    await expect.poll(() => page.textContent("ol.events")).toContain("мурунку № 1, Кошуна");
    expect(await page.textContent("ol.events")).toContain("Китеп бириккен айыл аймактан кабыл алынды");
    expect(await page.textContent("main")).toContain(String(newNumber));
    await shot(page, "29-register-household-taken-over");
    // The paper book of the merged municipality still says No. 1: the search finds it by that too.
    await page.click("nav a[href='/register']");
    await page.waitForSelector("table.register");
    await page.fill("input[name=q]", "1");
    await page.click("form.filters button[type=submit]");
    // With whose book it is, for a successor of two merged municipalities has two No. 1s.
    await expect.poll(() => page.textContent("table.register")).toContain("мурунку № 1, Кошуна");
    expect(await page.textContent("table.register")).toContain("Кудайбергенова Алтынай");
    // Its certificates are this municipality's to keep now, in their issuer's name.
    await page.click("nav a[href='/certificates']");
    const takenOver = page.locator("tr", { hasText: "Кудайбергенова" });
    await expect.poll(() => takenOver.textContent()).toContain("берген: Кошуна");
    expect(await takenOver.textContent()).toContain("2026-00001");

    // The merged municipality's clerk is told where the households went.
    const old = await (await browser.newContext({ viewport: { width: 1366, height: 768 } })).newPage();
    await signIn(old, server.url, neighbour.users.clerk!.username, TEST_PASSWORD);
    await old.selectOption(".topbar select", "ky");
    await old.click("nav a[href='/register']");
    await expect.poll(() => old.textContent("main p.notice")).toContain("01.07.2026");
    expect(await old.textContent("main p.notice")).toContain("бириктирилген");
    expect(await old.locator("a[href='/register/new']").count()).toBe(0);
    await shot(old, "29a-register-merged-municipality");
  });
});
