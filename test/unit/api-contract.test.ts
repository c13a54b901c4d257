import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ENDPOINTS as APP_ENDPOINTS } from "../../src/web/app/api.js";
import { REGISTER_ENDPOINTS } from "../../src/web/register/api.js";
import { WATER_ENDPOINTS } from "../../src/web/water/api.js";

const ENDPOINTS = { ...APP_ENDPOINTS, ...REGISTER_ENDPOINTS, ...WATER_ENDPOINTS };

// The web app's client and the server's contract must agree: offline clients lag behind servers.
const openapi = JSON.parse(readFileSync(path.resolve(import.meta.dirname, "../../openapi.json"), "utf8")) as {
  paths: Record<string, Record<string, unknown>>;
};

describe("the web app's API client", () => {
  it("calls only paths and methods that openapi.json has", () => {
    const missing = Object.entries(ENDPOINTS)
      .filter(([, [method, url]]) => !openapi.paths[url]?.[method.toLowerCase()])
      .map(([name, [method, url]]) => `${name}: ${method} ${url}`);
    expect(missing).toEqual([]);
  });

  it("lists every path the pages call", () => {
    const pages = [
      "pages/users.tsx",
      "pages/organisation.tsx",
      "pages/audit.tsx",
      "app/session.tsx",
      "pages/register.tsx",
      "pages/household-new.tsx",
      "pages/household.tsx",
      "pages/duplicates.tsx",
      "pages/certificates.tsx",
      "pages/verify.tsx",
      "pages/register-settings.tsx",
      "water/api.ts",
      "water/users.tsx",
      "water/user-form.tsx",
      "water/user.tsx",
      "water/contracts.tsx",
      "water/contract.tsx",
      "water/seasons.tsx",
      "water/link-proposals.tsx",
    ];
    // Path parameters compare as "{}", whatever the page or the document names them.
    const shape = (url: string) =>
      url
        .replace(/\$\{[^}]*\}/g, "{}")
        .replace(/\$\{.*$/, "")
        .replace(/\{[^}]+\}/g, "{}");
    const listed = new Set(Object.values(ENDPOINTS).map(([method, url]) => `${method} ${shape(url)}`));
    const called = pages.flatMap((p) =>
      [
        ...readFileSync(path.resolve(import.meta.dirname, "../../src/web", p), "utf8").matchAll(
          /api<?[^(]*\(\s*"(\w+)",\s*[`"]([^`"?]+)/g,
        ),
      ].map((m) => `${m[1]} ${shape(m[2]!)}`),
    );
    expect(called.filter((c) => !listed.has(c))).toEqual([]);
  });
});
