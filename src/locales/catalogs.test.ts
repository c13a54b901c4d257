import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { getTableColumns, getTableName, type Table } from "drizzle-orm";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { CATALOG_LOCALES as LOCALES } from "../domain/places/units.js";
import { LIVESTOCK_SPECIES } from "../domain/registry/vocabulary.js";
import { AUDIT_ACTIONS } from "../domain/shared/audit-actions.js";
import { ORGANISATION_DETAIL_FIELDS } from "../domain/shared/organisation-details.js";
import { apiToken, appUser } from "../server/access/tables.js";
import { allocationRun } from "../server/allocation/tables.js";
import * as billing from "../server/billing/tables.js";
import { smsMessage } from "../server/messaging/tables.js";
import { organisation } from "../server/orgs/tables.js";
import * as planning from "../server/planning/tables.js";
import * as registry from "../server/registry/tables.js";
import * as water from "../server/water/tables.js";
import { UNSHOWN_FIELDS } from "../web/pages/audit-changes.js";
import { fieldLabelKey } from "../web/pages/audit-fields.js";

const here = import.meta.dirname;
const catalogs = Object.fromEntries(
  LOCALES.map((l) => [
    l,
    JSON.parse(readFileSync(path.join(here, `${l}.json`), "utf8")) as Record<string, unknown>,
  ]),
);

function flatten(node: unknown, prefix = ""): Record<string, string> {
  if (typeof node === "string") return { [prefix]: node };
  return Object.entries(node as Record<string, unknown>).reduce<Record<string, string>>(
    (acc, [k, v]) => Object.assign(acc, flatten(v, prefix ? `${prefix}.${k}` : k)),
    {},
  );
}
const flat = Object.fromEntries(LOCALES.map((l) => [l, flatten(catalogs[l])]));
const placeholders = (s: string) => [...s.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();

/** The source files (not tests) under `dir`: the web app's by default. */
function sourceFiles(dir = path.join(here, "..", "web")): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(full);
    return /\.tsx?$/.test(e.name) && !/\.test\.tsx?$/.test(e.name) ? [full] : [];
  });
}

describe("the locale catalogs", () => {
  it("have every key in every language, none empty", () => {
    const all = new Set(LOCALES.flatMap((l) => Object.keys(flat[l]!)));
    const missing = LOCALES.flatMap((l) =>
      [...all].filter((k) => !flat[l]![k]?.trim()).map((k) => `${l}: ${k}`),
    );
    expect(missing).toEqual([]);
  });

  it("use the same placeholders in every language", () => {
    const mismatched = Object.keys(flat.en!).flatMap((k) =>
      LOCALES.filter((l) => placeholders(flat[l]![k]!).join() !== placeholders(flat.en![k]!).join()).map(
        (l) => `${l}: ${k}`,
      ),
    );
    expect(mismatched).toEqual([]);
  });

  it("are not English left in other languages", () => {
    // Brand names, codes and loan words may equal English; whole sentences may not.
    const untranslated = Object.keys(flat.en!).filter(
      (k) =>
        flat.en![k]!.split(" ").length > 2 &&
        ["ky", "ru", "uz", "tg"].some((l) => flat[l]![k] === flat.en![k]),
    );
    expect(untranslated).toEqual([]);
  });

  it("hold every key the web app asks for", () => {
    const used = new Set<string>();
    for (const file of sourceFiles()) {
      for (const m of readFileSync(file, "utf8").matchAll(/\bt\(\s*"([\w.-]+)"/g)) used.add(m[1]!);
    }
    expect(used.size).toBeGreaterThan(30);
    expect([...used].filter((k) => !flat.en![k])).toEqual([]);
  });

  it("hold no key that nothing asks for: each is named in the code, or under a prefix the code builds keys from", () => {
    const code = [path.join(here, ".."), path.join(here, "..", "..", "bin")]
      .flatMap((dir) => sourceFiles(dir))
      .map((file) => readFileSync(file, "utf8"))
      .join("\n");
    const named = new Set([...code.matchAll(/["'`]([\w.-]+)["'`]/g)].map((m) => m[1]!));
    // `reg.countries.${code}` and "reg.countries." + code name every key under reg.countries.
    const prefixes = new Set([
      ...[...code.matchAll(/`([\w.-]+)\.\$\{/g)].map((m) => m[1]!),
      ...[...named].filter((text) => text.endsWith(".")).map((text) => text.slice(0, -1)),
    ]);
    const asked = (key: string) => {
      const parts = key.replace(/_(zero|one|two|few|many|other)$/, "").split(".");
      return (
        named.has(parts.join(".")) || parts.some((_, i) => i > 0 && prefixes.has(parts.slice(0, i).join(".")))
      );
    };
    expect(Object.keys(flat.en!).filter((key) => !asked(key))).toEqual([]);
  });

  it("name every kind of record the audit trail holds, so the audit page never shows a code", () => {
    const serverFiles = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
        const full = path.join(dir, e.name);
        if (e.isDirectory()) return serverFiles(full);
        return e.name.endsWith(".ts") && !e.name.endsWith(".test.ts") ? [full] : [];
      });
    const entities = new Set(
      serverFiles(path.join(here, "..", "server")).flatMap((f) =>
        [...readFileSync(f, "utf8").matchAll(/\bentity: ["'`]([\w-]+)["'`]/g)].map((m) => m[1]!),
      ),
    );
    // The canal network's records are named by their tables (water/network.ts: getTableName).
    for (const table of [water.canalReach, water.canalStructure]) entities.add(getTableName(table));
    expect(entities.size).toBeGreaterThan(30);
    expect([...entities].filter((e) => !flat.en![`auditEntity.${e}`])).toEqual([]);
  });

  it("name every field the audit trail records, of every kind of record, so the audit page shows no field's code", () => {
    // Their audit records hold the rows as written (the tables' columns) and a few fields beside:
    // every table whose rows recordAudit is given (grep recordAudit src/server).
    const tables: Table[] = [
      registry.household,
      registry.person,
      registry.householdMember,
      registry.landPlot,
      registry.livestockCount,
      registry.householdFlag,
      registry.certificate,
      registry.certificateTemplate,
      registry.lifeEvent,
      registry.vulnerabilityCriterion,
      appUser,
      apiToken,
      organisation,
      water.waterUser,
      water.waterUserLink,
      water.irrigatedPlot,
      water.season,
      water.waterContract,
      water.waterDelivery,
      water.gaugeReading,
      water.headReceipt,
      water.canalReach,
      water.canalStructure,
      allocationRun,
      billing.billingPayment,
      billing.billingTariff,
      billing.billingDiscount,
      billing.billingSettings,
      billing.billingRun,
      smsMessage,
      planning.weatherStation,
      planning.climateNormal,
      planning.cropAdjustment,
      planning.waterRequest,
      planning.waterRequestLine,
      planning.waterPlan,
    ];
    // Never answered (stripped when written, or by GET /api/audit), and other records' ids, which the page leaves out.
    const secret = new Set(["passwordHash", "tokenHash", "verifyCode"]);
    // Left out of their records when written: an SMS's text (messaging/outbox.ts), a plan's result (planning/plans.ts).
    const unrecorded = new Set(["sms_message.body", "water_plan.result"]);
    const columns = tables.flatMap((table) =>
      Object.entries(getTableColumns(table))
        .filter(([name, c]) => c.columnType !== "PgUUID" && !secret.has(name) && !UNSHOWN_FIELDS.has(name))
        .filter(([name]) => !unrecorded.has(`${getTableName(table)}.${name}`))
        .map(([name]) => [name]),
    );
    const beside = [
      ...["roles", "passwordChanged", "managedHere", "villageCodes", "allocations", "sessionsEnded"],
      // An allocation run's record (allocation/runs.ts): counts of its reaches, shares, turns and messages.
      ...["reaches", "shares", "turns", "sms"],
      // Billing's records beside its rows (billing/runs.ts, reports.ts): penalties charged, a season closed.
      ...["asOf", "documents", "totalTyiyn", "season"],
      // A weather import's record (planning/climate.ts).
      ...["days", "from", "to", "mapping"],
      // Imports' records: a canal network (water/network-io.ts), a water users' file (users-file.ts),
      // a household book (registry/book.ts).
      ...[
        "created",
        "updated",
        "unchanged",
        "structures",
        "plots",
        "rows",
        "users",
        "numbers",
        "skippedUsers",
      ],
      ...["households", "people", "landPlots", "livestockCounts", "flagsInFile", "flagsKeptByHand"],
      ...["flagsConfirmedByRule", "flagsContradicted", "flagsNotInUse", "numbersKept", "numbersAssigned"],
      ...["skippedHouseholds", "registeredHereHouseholds"],
      // A register moved to a successor (registry/transfer.ts), and the water links moved with it (water/links.ts).
      ...["certificates", "loginsRehomed", "on", "criteriaCopied", "links"],
      // A station's normals as recorded (planning/climate.ts: the 2 m wind as windMps).
      ...["windMps"],
      // A water request's crops (planning/requests.ts), and an irrigation turn (allocation_turn: runs.ts).
      ...["lines", "cycle", "start", "end", "manual"],
    ].map((f) => [f]);
    const inside = [
      ...["kind", "rooms", "areaM2", "water"].map((f) => ["dwelling", f]),
      ...["country", "place", "since"].map((f) => ["migration", f]),
      ...ORGANISATION_DETAIL_FIELDS.map((f) => ["details", f]),
      ...LIVESTOCK_SPECIES.map((s) => ["counts", s]),
      // A payment's application to invoices (billing/payments.ts).
      ...["allocations", "advanceTyiyn"].map((f) => ["allocations", f]),
      // A life event's details (registry/households.ts, life-events.ts, book.ts, search.ts).
      ...[
        "from",
        "to",
        "imported",
        "file",
        "mergedName",
        "migration",
        "areaHa",
        "category",
        "tenure",
        "reason",
        "note",
      ].map((f) => ["details", f]),
      // A payment's details (billing PaymentDetails) and a flag's reason's facts (domain/registry/vulnerability.ts).
      ...[
        "receiptNumber",
        "reference",
        "commodity",
        "quantityKg",
        "rateTyiynPerKg",
        "valuationDecisionRef",
      ].map((f) => ["details", f]),
      ...["count", "age"].map((f) => ["reasonParams", f]),
      // Billing settings' rules, rates and instalments; a tariff's and an allocation's rules.
      ...["kind", "graceDays", "capPercent", "basisPointsPerDay", "percentPerMonth"].map((f) => [
        "penaltyRule",
        f,
      ]),
      ...["commodity", "rateTyiynPerKg", "decisionRef", "validFrom"].map((f) => ["inKindRates", f]),
      ...["parts", "percent", "dueOn"].map((f, i) => ["instalments", ...(i ? ["parts"] : []), f]),
      ...["kind", "planNumber", "m3PerHa"].map((f) => ["demand", f]),
      ...["share", "basis"].map((f) => ["guarantee", f]),
      ...["cycleHours", "shiftHours"].map((f) => ["scheduleRule", f]),
      // A structure's measuring device (domain/water/discharge.ts).
      ...["kind", "crestWidthM", "contracted", "throatWidthM", "points"].map((f) => ["gauge", f]),
      ...["levelM", "flowLps"].map((f) => ["gauge", "points", f]),
      // Planning: a crop's stages and Kc, a request's crops, a plan's rain method, a weather import's mapping.
      ...["initial", "development", "mid", "late"].map((f) => ["stagesDays", f]),
      ...["initial", "mid", "end"].map((f) => ["kc", f]),
      ...["cropCode", "areaHa", "plantingDate", "irrigationMethod"].map((f) => ["lines", f]),
      ...["kind", "fraction"].map((f) => ["rainMethod", f]),
      ...["columns", "units"].map((f) => ["mapping", f]),
      ...["date", "tmax", "tmin", "rain"].map((f) => ["mapping", "columns", f]),
      ...["temperature", "radiation", "windHeightM"].map((f) => ["mapping", "units", f]),
      // A vulnerability criterion's rule and a certificate's wording (registry settings).
      ...["kind", "minAgeYears", "count", "underAgeYears"].map((f) => ["rule", f]),
      ...["ky", "ru"].flatMap((l) =>
        [[l], ...["title", "body"].map((f) => [l, f])].map((p) => ["texts", ...p]),
      ),
    ];
    expect(columns.length).toBeGreaterThan(100);
    const unnamed = [...columns, ...beside, ...inside].filter((path) => !flat.en![fieldLabelKey(path)]);
    expect(unnamed.map((path) => path.join("."))).toEqual([]);
  });

  it("name every action the audit trail records, so the audit page and its filter never show a code", () => {
    // recordAudit accepts only AUDIT_ACTIONS (its type), and the page's filter lists exactly these.
    expect(AUDIT_ACTIONS.filter((a) => !flat.en![`auditAction.${a}`])).toEqual([]);
  });

  it("name the audit trail's actions apart in every language, so the filter never offers one name twice", () => {
    const repeated = LOCALES.flatMap((l) => {
      const names = AUDIT_ACTIONS.map((a) => flat[l]![`auditAction.${a}`]);
      return names.filter((n, i) => names.indexOf(n) !== i).map((n) => `${l}: ${n}`);
    });
    expect(repeated).toEqual([]);
  });

  it("keep a percent sign on its number's line: a no-break space before %, as formatPercent writes, never an ordinary one", () => {
    const broken = LOCALES.flatMap((l) =>
      Object.entries(flat[l]!)
        .filter(([, text]) => /\s%/.test(text.replaceAll("\u00a0%", "")))
        .map(([k, text]) => `${l}: ${k}: ${text}`),
    );
    expect(broken).toEqual([]);
  });

  it("name the personal identification number by one abbreviation in each language, so a list, a card and an error never call it two things", () => {
    // ПИН is the Kyrgyz and Russian one; an Uzbek or Tajik page that says it beside its own reads as two numbers.
    const own: Record<string, string> = { ky: "ПИН", ru: "ПИН", uz: "ЖШШИР", tg: "РМШ", en: "PIN" };
    const others = (l: string) => [...new Set(Object.values(own))].filter((a) => a !== own[l]);
    const word = (abbreviation: string) => new RegExp(`(?<![\\p{L}])${abbreviation}(?![\\p{L}])`, "u");
    const mixed = LOCALES.flatMap((l) =>
      Object.entries(flat[l]!).flatMap(([key, text]) =>
        others(l)
          .filter((a) => word(a).test(text))
          .map((a) => `${l}: ${key}: ${a}`),
      ),
    );
    expect(mixed).toEqual([]);
    expect(word("ПИН").test("ПИН / ИНН") && !word("ПИН").test("ПИНи")).toBe(true);
  });

  it("write English in Latin letters, Cyrillic only in the languages' own names and in examples of what to type", () => {
    // A reader of English types a Kyrgyz name or address as the register holds it; nothing else is Cyrillic.
    const examples = new Set([
      "errors.field.addressRuKyrgyzLetters",
      // The letters a file's encoding lost, named.
      "errors.file.lettersLost",
      "reg.queryHint",
      "reg.nothingFoundHint",
      "wu.queryHint",
    ]);
    const cyrillic = Object.entries(flat.en!)
      .filter(
        ([key, text]) =>
          /\p{Script=Cyrillic}/u.test(text) && !key.startsWith("language.") && !examples.has(key),
      )
      .map(([key, text]) => `${key}: ${text}`);
    expect(cyrillic).toEqual([]);
  });

  it("write a number's sign in English as 'No.', as its pages' headings do ('Household No. 1'), never the Cyrillic '№'", () => {
    expect(Object.entries(flat.en!).filter(([, text]) => text.includes("№"))).toEqual([]);
  });

  it("write Uzbek in Cyrillic, as Uzbek is taught in Kyrgyzstan (DOMAIN.md), Latin only for names of things", () => {
    // Codes, formats and names that stay Latin in any script; anything else Latin is a lapse.
    const latinAllowed = new Set(
      "API Aimak Asia CROPWAT CSV UTF Client ET English Excel FeatureCollection GeoJSON IANA ID ISO Idempotency KG Kc Key LineString PDF Point Polygon QR RHmin Road SCS SMS Oʻzbekcha Tashkent USDA WGS asanov mm plot reach structure xls xlsx".split(
        " ",
      ),
    );
    const lapses = Object.entries(flat.uz!).flatMap(([key, text]) =>
      // Placeholders and i18next's nesting ($t(reg.event.{{kind}}): an event's name) are no words.
      [...text.replace(/\$t\([^)]*\)|\{\{\w+\}\}|\{[^}]*\}/g, "").matchAll(/[A-Za-z][A-Za-z'ʻʼ‘’]*/g)]
        .map((m) => m[0].replace(/['ʻʼ‘’]$/, ""))
        .filter((word) => word.length > 1 && !latinAllowed.has(word))
        .map((word) => `${key}: ${word}`),
    );
    expect(lapses).toEqual([]);
    // Latin's apostrophe (oʻ, gʻ) inside a Cyrillic word is the same lapse: "ёʻқ" for "йўқ".
    const marks = Object.entries(flat.uz!).filter(([, text]) => /[\u0400-\u04FF][ʻʼ‘]/.test(text));
    expect(marks.map(([key]) => key)).toEqual([]);
  });
});

describe("the web app's visible text", () => {
  const READ_ATTRIBUTES = new Set(["placeholder", "title", "aria-label", "alt", "label"]);

  /** JSX text and read attributes with letters in them, found by TypeScript's own parser. */
  function hardCoded(file: string): string[] {
    const source = ts.createSourceFile(
      file,
      readFileSync(file, "utf8"),
      ts.ScriptTarget.Latest,
      true,
      ts.ScriptKind.TSX,
    );
    const found: string[] = [];
    const visit = (node: ts.Node) => {
      if (ts.isJsxText(node) && /\p{L}/u.test(node.text)) found.push(node.text.trim());
      if (
        ts.isJsxAttribute(node) &&
        READ_ATTRIBUTES.has(node.name.getText(source)) &&
        node.initializer &&
        ts.isStringLiteral(node.initializer) &&
        /\p{L}/u.test(node.initializer.text)
      ) {
        found.push(`${node.name.getText(source)}="${node.initializer.text}"`);
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
    return found.map((f) => `${path.basename(file)}: ${f}`);
  }

  it("comes from the catalogs, never from a string in the code", () => {
    const files = sourceFiles().filter((f) => f.endsWith(".tsx"));
    expect(files.length).toBeGreaterThan(5);
    expect(files.flatMap(hardCoded)).toEqual([]);
  });

  it("is caught when someone writes it by hand", () => {
    const probe = path.join(here, "..", "..", "test-results", "probe.tsx");
    mkdirSync(path.dirname(probe), { recursive: true });
    writeFileSync(probe, 'export const P = () => <button title="Save now">Сактоо</button>;\n');
    expect(hardCoded(probe).sort()).toEqual(['probe.tsx: title="Save now"', "probe.tsx: Сактоо"].sort());
  });
});
