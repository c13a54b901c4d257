import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateOpenApi } from "../../scripts/openapi.js";
import { translate } from "../../src/server/platform/i18n.js";
import { packageRoot } from "../../src/server/platform/paths.js";
import { client, login, seedOrganisation, startTestApp, type TestApp } from "../support/app.js";

describe("the API surface", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it("serves OpenAPI 3.1 with every route, and the committed openapi.json is current", async () => {
    const res = await t.app.inject({ method: "GET", url: "/api/openapi.json" });
    const doc = res.json();
    expect(doc.openapi).toBe("3.1.0");
    for (const route of t.app.routeTable.filter((r) => r.guard)) {
      const url = route.url.replace(/:(\w+)/g, "{$1}");
      expect(doc.paths[url]?.[route.method.toLowerCase()], `${route.method} ${url}`).toBeDefined();
    }
    const committed = readFileSync(path.join(packageRoot, "openapi.json"), "utf8");
    expect(committed, "openapi.json is stale: run `npm run openapi`").toBe(await generateOpenApi());
  });

  it("serves readable docs", async () => {
    const res = await t.app.inject({ method: "GET", url: "/api/docs/" });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain("swagger");
  });

  it("answers unknown API addresses and unreadable bodies with problem+json", async () => {
    const missing = await t.app.inject({
      method: "GET",
      url: "/api/nothing-here",
      headers: { "accept-language": "en" },
    });
    expect(missing.statusCode).toBe(404);
    expect(missing.headers["content-type"]).toContain("application/problem+json");
    expect(missing.json()).toMatchObject({
      type: "urn:aimak:problem:notFound.route",
      title: "There is no such address",
    });
    const broken = await t.app.inject({
      method: "POST",
      url: "/api/auth/login",
      headers: { "content-type": "application/json" },
      payload: "{not json",
    });
    expect(broken.statusCode).toBe(400);
    expect(broken.json().code).toBe("validation.body");
  });

  it("answers in the language ?lang= names, over the saved language and Accept-Language; a browser's header does not override the saved one", async () => {
    const seeded = await seedOrganisation(t.database, { users: { admin: ["administrator"] } });
    const browser = await login(t.app, seeded.users.admin!.username);
    const token = (await browser.post("/api/tokens", { name: "tunduk", role: "administrator" })).json().token;
    const machine = client(t.app, { bearer: token });
    // A page size above the maximum is refused; the refusal's words show the language.
    const refusal = async (who: typeof browser, lang: string | null, header: string) => {
      const res = await who.get(`/api/audit?limit=999${lang ? `&lang=${lang}` : ""}`, {
        "accept-language": header,
      });
      expect(res.statusCode, res.body).toBe(400);
      return res.json().title;
    };
    // The user's saved language is Kyrgyz: a browser's Accept-Language does not change it.
    expect(await refusal(browser, null, "ru")).toBe("Маалымат туура эмес толтурулган");
    expect(await refusal(machine, null, "ru")).toBe("Маалымат туура эмес толтурулган");
    expect(await refusal(browser, "ru", "en")).toBe("Данные заполнены неверно");
    expect(await refusal(machine, "en", "ru")).toBe("Some fields are not filled in correctly");
    // Anonymous: ?lang= wins over the header too.
    const anonymous = await t.app.inject({
      method: "GET",
      url: "/api/nothing-here?lang=en",
      headers: { "accept-language": "ru" },
    });
    expect(anonymous.json().title).toBe("There is no such address");
    // Uzbek in Latin letters, asked for by ?lang= or by the header's script.
    expect(await refusal(browser, "uz-Latn", "ru")).toBe("Maʼlumotlar notoʻgʻri toʻldirilgan");
    const latin = await t.app.inject({
      method: "GET",
      url: "/api/nothing-here",
      headers: { "accept-language": "uz-Latn-UZ, uz;q=0.8" },
    });
    expect(latin.json().title).toBe("Bunday manzil yoʻq");
    // A language the service does not speak is refused, naming the parameter.
    const unknown = await machine.get("/api/users?lang=de", { "accept-language": "en" });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().errors).toEqual([
      { path: "querystring.lang", code: "invalid_value", message: "This value is not allowed" },
    ]);
  });

  it("answers a signed-in user's request refused before its session is read in the user's saved language", async () => {
    const seeded = await seedOrganisation(t.database, { users: { admin: ["administrator"] } });
    const browser = await login(t.app, seeded.users.admin!.username);
    expect((await browser.patch("/api/me", { locale: "ru" })).statusCode).toBe(200);
    const token = (await browser.post("/api/tokens", { name: "script", role: "administrator" })).json().token;
    const machine = client(t.app, { bearer: token });
    const sent = (who: typeof browser, payload: string, url = "/api/tokens") =>
      t.app.inject({
        method: "POST",
        url,
        headers: {
          ...("bearer" in who.session
            ? { authorization: `Bearer ${who.session.bearer}` }
            : { cookie: who.session.cookie, "x-csrf-token": who.session.csrf }),
          "accept-language": "en",
          "content-type": "application/json",
        },
        payload,
      });
    for (const who of [browser, machine]) {
      const malformed = await sent(who, "{not json");
      expect(malformed.statusCode, malformed.body).toBe(400);
      expect(malformed.json()).toMatchObject({
        code: "validation.body",
        title: translate("ru", "errors.validation.body"),
      });
      const tooLarge = await sent(who, JSON.stringify({ name: "x".repeat(26 * 1024 * 1024) }));
      expect(tooLarge.statusCode).toBe(413);
      expect(tooLarge.json().title).toBe(translate("ru", `errors.${tooLarge.json().code}`));
      const controlled = await sent(who, JSON.stringify({ name: "скрипт\u0007", role: "administrator" }));
      expect(controlled.statusCode, controlled.body).toBe(400);
      expect(controlled.json().errors).toEqual([
        { path: "name", code: "controlCharacter", message: translate("ru", "errors.field.controlCharacter") },
      ]);
      const nowhere = await who.get("/api/nothing-here", { "accept-language": "en" });
      expect(nowhere.json().title).toBe(translate("ru", "errors.notFound.route"));
    }
    // Without a session (or with one no longer valid), the header's language, as before.
    const anonymous = await t.app.inject({
      method: "POST",
      url: "/api/auth/login",
      headers: { "accept-language": "en", "content-type": "application/json", cookie: "aimak_session=stale" },
      payload: "{not json",
    });
    expect(anonymous.json().title).toBe(translate("en", "errors.validation.body"));
    // ?lang= still wins over the saved language.
    const asked = await t.app.inject({
      method: "POST",
      url: "/api/tokens?lang=en",
      headers: {
        cookie: "cookie" in browser.session ? browser.session.cookie : "",
        "content-type": "application/json",
      },
      payload: "{not json",
    });
    expect(asked.json().title).toBe(translate("en", "errors.validation.body"));
  });

  it("hides internals of an unexpected failure behind a generic, translated problem", async () => {
    const seeded = await seedOrganisation(t.database, { users: { admin: ["administrator"] } });
    const c = await login(t.app, seeded.users.admin!.username);
    await t.database.close(); // any query now fails inside a handler
    const res = await c.get("/api/users", { "accept-language": "tg" });
    expect(res.statusCode).toBe(500);
    const body = res.json();
    expect(body.code).toBe("internal");
    expect(body.title).toContain("Хатогии дохилӣ");
    expect(res.body).not.toMatch(/at .*\.(ts|js):\d+/);
    expect(res.body).not.toMatch(/select|PGlite|drizzle/i);
  });
});
