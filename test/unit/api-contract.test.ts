import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ALLOCATION_ENDPOINTS } from "../../src/web/allocation/api.js";
import { ENDPOINTS as APP_ENDPOINTS } from "../../src/web/app/api.js";
import { BILLING_ENDPOINTS } from "../../src/web/billing/api.js";
import { PLANNING_ENDPOINTS } from "../../src/web/planning/api.js";
import { REGISTER_ENDPOINTS } from "../../src/web/register/api.js";
import { WATER_ENDPOINTS } from "../../src/web/water/api.js";
import { MEASUREMENT_ENDPOINTS } from "../../src/web/water/measurement-api.js";
import { NETWORK_ENDPOINTS } from "../../src/web/water/network-api.js";

// Each area names its endpoints on its own, so names repeat across areas ("seasons"): keep them all.
const ENDPOINTS: [string, readonly [string, string]][] = [
  APP_ENDPOINTS,
  REGISTER_ENDPOINTS,
  WATER_ENDPOINTS,
  ALLOCATION_ENDPOINTS,
  MEASUREMENT_ENDPOINTS,
  BILLING_ENDPOINTS,
  PLANNING_ENDPOINTS,
  NETWORK_ENDPOINTS,
].flatMap((area) => Object.entries(area));

// The web app's client and the server's contract must agree: offline clients lag behind servers.
const openapi = JSON.parse(readFileSync(path.resolve(import.meta.dirname, "../../openapi.json"), "utf8")) as {
  paths: Record<string, Record<string, unknown>>;
};

describe("the web app's API client", () => {
  it("calls only paths and methods that openapi.json has", () => {
    const missing = ENDPOINTS.filter(([, [method, url]]) => !openapi.paths[url]?.[method.toLowerCase()]).map(
      ([name, [method, url]]) => `${name}: ${method} ${url}`,
    );
    expect(missing).toEqual([]);
  });

  it("lists every path the pages call", () => {
    const pages = [
      "pages/users.tsx",
      "pages/organisation.tsx",
      "pages/audit.tsx",
      "pages/sms.tsx",
      "app/session.tsx",
      "pages/register.tsx",
      "pages/household-new.tsx",
      "pages/household.tsx",
      "pages/duplicates.tsx",
      "pages/register-summary.tsx",
      "pages/home.tsx",
      "pages/certificates.tsx",
      "pages/verify.tsx",
      "pages/register-settings.tsx",
      "allocation/runs.tsx",
      "allocation/run.tsx",
      "allocation/equity.tsx",
      "water/readings.tsx",
      "water/deliveries.tsx",
      "water/balance.tsx",
      "water/gauging-posts.tsx",
      "water/head-receipts.tsx",
      "water/measurement-api.ts",
      "billing/cashier.tsx",
      "billing/invoices.tsx",
      "billing/runs.tsx",
      "billing/tariffs.tsx",
      "billing/debtors.tsx",
      "billing/reports.tsx",
      "billing/discounts.tsx",
      "billing/settings.tsx",
      "billing/statement.tsx",
      "planning/stations.tsx",
      "planning/climate.tsx",
      "planning/crops.tsx",
      "planning/requests.tsx",
      "planning/plan.tsx",
      "planning/season-select.tsx",
      "water/network-tree.tsx",
      "water/network-forms.tsx",
      "water/network-map.tsx",
      "water/map-draw.tsx",
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
    const listed = new Set(ENDPOINTS.map(([, [method, url]]) => `${method} ${shape(url)}`));
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
