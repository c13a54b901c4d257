import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { createUserAsSystem } from "../../src/server/access/system-users.js";
import { DEMO_PASSWORD } from "../../src/server/demo/seed.js";
import { rows } from "../../src/server/platform/db.js";
import { withSystem } from "../../src/server/platform/transactions.js";
import { client, login, systemCtx } from "../support/app.js";
import { serverAndBrowser, shot, signIn } from "./support/server.js";

describe("a login from another organisation on the users page", () => {
  const shared = serverAndBrowser();

  it("offers the municipality's administrator its roles here, taking it out and adding it back, not its password", async () => {
    const { server, browser } = shared;
    // The WUA director's login (at home in the WUA) is also a clerk in the municipality.
    await withSystem(server.database, async (tx) => {
      const [municipality] = await rows<{ orgId: string }>(
        tx,
        sql`select m.org_id as "orgId" from membership m join app_user u on u.id = m.user_id where u.username = 'admin'`,
      );
      await createUserAsSystem(tx, systemCtx, {
        orgId: municipality!.orgId,
        username: "wua",
        displayName: "ignored: the login exists",
        password: "ignored-password",
        locale: "ky",
        roles: ["clerk"],
      });
    });
    const page = await (await browser.newContext({ viewport: { width: 1366, height: 768 } })).newPage();
    await signIn(page, server.url, "admin");
    await page.goto(`${server.url}/users`);
    const row = page.locator("tr", { hasText: "wua" });
    await expect.poll(() => row.textContent()).toContain("башка уюмдан");

    // A login at home here: every field.
    await page.locator("tr", { hasText: "clerk" }).getByRole("button").click();
    await expect.poll(() => page.isVisible("input[name=password]")).toBe(true);
    await page.getByRole("button", { name: "Жокко чыгаруу" }).click();

    await row.getByRole("button").click();
    await expect.poll(() => page.textContent("form .notice")).toContain("башка уюмга таандык");
    expect(await page.isVisible("input[name=password]")).toBe(false);
    expect(await page.isDisabled("input[name=displayName]")).toBe(true);
    await shot(page, "users-login-from-elsewhere-ky");
    await page.check("input[value=social-worker]");
    await page.click("form button[type=submit]");
    await expect.poll(() => row.textContent()).toContain("Социалдык кызматкер");

    await row.getByRole("button").click();
    page.once("dialog", (dialog) => void dialog.accept());
    await page.getByRole("button", { name: "Бул уюмдан чыгаруу" }).click();
    await expect.poll(() => page.textContent("[role=status]")).toContain("wua мындан ары бул уюмда иштебейт");
    await expect.poll(() => page.textContent("table")).not.toContain("wua");

    // And back, by its username; a login that does not exist is named in the refusal.
    await page.getByRole("button", { name: "Башка уюмдун колдонуучусун кошуу" }).click();
    await page.fill("form input[name=username]", "nobody.here");
    await page.check("form input[value=clerk]");
    await page.click("form button[type=submit]");
    await expect
      .poll(() => page.textContent("form [role=alert]"))
      .toContain("«nobody.here» деген колдонуучу жок");
    await page.fill("form input[name=username]", "wua");
    await page.click("form button[type=submit]");
    await expect.poll(() => page.textContent("[role=status]")).toContain("wua эми бул уюмда да иштейт");
    await expect.poll(() => row.textContent()).toContain("Катчы");
  });
});

describe("a change made through Tunduk on the audit page", () => {
  const shared = serverAndBrowser();

  it("names the agency's system, the service, the case and the user, and lists its changes alone", async () => {
    const { server, browser } = shared;
    const admin = await login(server.app, "admin", DEMO_PASSWORD);
    const issued = await admin.post("/api/tokens", { name: "tunduk", role: "administrator" });
    expect(issued.statusCode, issued.body).toBe(201);
    const socialFund = "central-server/GOV/70000001/social-fund";
    const created = await client(server.app, { bearer: issued.json().token }).post(
      "/api/users",
      { username: "sf.reader", displayName: "Соцфонд", password: "a-good-password", roles: ["clerk"] },
      {
        "x-road-client": socialFund,
        "x-road-service": "central-server/GOV/70000042/aimak/users",
        "x-road-userid": "21205198700123",
        "x-road-issue": encodeURIComponent("арыз 2026-118"),
      },
    );
    expect(created.statusCode, created.body).toBe(201);

    const page = await (await browser.newContext({ viewport: { width: 1366, height: 768 } })).newPage();
    await signIn(page, server.url, "admin");
    await page.goto(`${server.url}/audit`);
    await page.fill("input[name=xroadClient]", socialFund);
    await page.getByRole("button", { name: "Колдонуу" }).click();
    const rows = page.locator("table.audit tbody tr");
    await expect.poll(() => rows.count()).toBe(1);
    const call = rows.first().locator(".xroad-call");
    await expect.poll(() => call.textContent()).toContain(`Түндүк аркылуу: ${socialFund}`);
    const lines = await call.locator("small").allTextContents();
    expect(lines).toEqual([
      "Кызмат: central-server/GOV/70000042/aimak/users",
      "Негиз (иш): арыз 2026-118",
      "Колдонуучу: 21205198700123",
    ]);
    expect(await rows.first().textContent()).toContain("API токен");
    expect(new URL(page.url()).searchParams.get("xroadClient")).toBe(socialFund);
    await shot(page, "audit-xroad-call-ky");
  });
});
