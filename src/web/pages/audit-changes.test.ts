import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { auditChanges, type CatalogText, criteriaNamed, placesNamed, valueText } from "./audit-changes.js";

/** A catalog as the page reads it: a key's text, or undefined. */
function catalog(locale: string): CatalogText {
  const texts = JSON.parse(
    readFileSync(path.join(import.meta.dirname, "..", "..", "locales", `${locale}.json`), "utf8"),
  ) as Record<string, unknown>;
  return (key) => {
    const found = key.split(".").reduce<unknown>((node, k) => (node as Record<string, unknown>)?.[k], texts);
    return typeof found === "string" ? found : undefined;
  };
}
const ky = catalog("ky");

const changes = (entity: string, before: unknown, after: unknown) =>
  auditChanges(entity, before, after, ky, "ky").map(({ label, before, after }) => [label, before, after]);

describe("an audit record's changes as its readers read them", () => {
  it("names a household's changed address fields in Kyrgyz, not by their codes", () => {
    const before = {
      id: "01a247d6-8f70-7451-aae5-9d67825dd20c",
      version: 1,
      villageCode: "41703220990001",
      street: "Манас",
    };
    const after = { ...before, version: 2, street: "Токтогул", updatedAt: "2026-12-05T20:00:00.000Z" };
    expect(changes("household", before, after)).toEqual([["Көчө", "Манас", "Токтогул"]]);
    expect(changes("household", { villageCode: "1" }, { villageCode: "2" })).toEqual([["Айыл", "1", "2"]]);
  });

  it("reads in the reader's language: Russian and English names and days as those pages write them", () => {
    const change = { toDate: "2026-03-01", street: "Манас" };
    expect(
      auditChanges("household_member", {}, change, catalog("ru"), "ru").map((c) => [c.label, c.after]),
    ).toEqual([
      ["Окончание", "01.03.2026"],
      ["Улица", "Манас"],
    ]);
    expect(
      auditChanges("household_member", {}, change, catalog("en"), "en").map((c) => [c.label, c.after]),
    ).toEqual([
      ["Until", "01/03/2026"],
      ["Street", "Манас"],
    ]);
  });

  it("writes days and instants as the app does, on the organisation's clock", () => {
    expect(changes("household_member", { toDate: null }, { toDate: "2026-03-01" })).toEqual([
      ["Аягы", "", "01.03.2026"],
    ]);
    // 20:00 UTC is 02:00 the next day in Bishkek.
    expect(changes("certificate", {}, { revokedAt: "2026-12-05T20:00:00.000Z" })).toEqual([
      ["Күчүн жоготкон убактысы", "", "06.12.2026 02:00"],
    ]);
  });

  it("answers yes or no, money in som and coded values by their names", () => {
    expect(changes("person", { enteredInError: false }, { enteredInError: true })).toEqual([
      ["Жаңылыш киргизилген", "Жок", "Ооба"],
    ]);
    expect(changes("billingPayment", {}, { amountTyiyn: 150_050, method: "cash" })).toEqual([
      ["Суммасы", "", "1\u00a0500,50\u00a0сом"],
      ["Ыкмасы", "", "Накталай"],
    ]);
    expect(changes("household_member", { relation: "other" }, { relation: "son" })).toEqual([
      ["Туугандыгы", "башка", "уулу"],
    ]);
    expect(changes("person", { sex: null }, { sex: "female", citizenship: "KZ" })).toEqual([
      ["Жынысы", "", "аял"],
      ["Жарандыгы", "", "Казакстан"],
    ]);
  });

  it("writes a number that names as it is, a measure grouped", () => {
    const written = changes("certificate", null, { year: 2026, number: 12_345 }).map(([, , after]) => after);
    expect(written).toEqual(["2026", "12345"]);
    expect(changes("allocation_run", { supplyM3: 1000 }, { supplyM3: 53_600 })[0]![2]).toBe("53\u00a0600");
  });

  it("writes nested values as labelled text, never JSON", () => {
    const [migration, counts] = changes(
      "person",
      { migration: null },
      { migration: { country: "RU", since: "2025-04-01" }, counts: { "sheep-goats": 12, cattle: 0 } },
    );
    expect(migration).toEqual([ky("reg.labourMigration"), "", "Өлкө: Россия; Качантан бери: 01.04.2025"]);
    expect(counts![2]).toBe(`${ky("registry.species.sheep-goats")}: 12; ${ky("registry.species.cattle")}: 0`);
    for (const row of [migration, counts]) expect(row!.join()).not.toContain("{");
  });

  it("writes a payment's application to invoices as money, without the invoices' ids", () => {
    const allocations = {
      allocations: [
        { invoiceId: "01a247d6-8f70-7451-aae5-9d67825dd20c", amountTyiyn: 50_000 },
        { invoiceId: "01a247d6-8f70-7451-aae5-9d67825dd20d", amountTyiyn: 25_050 },
      ],
      advanceTyiyn: 0,
    };
    expect(changes("billingPayment", null, { allocations })).toEqual([
      [
        "Эсептерге бөлүштүрүлүшү",
        "",
        "Эсептерге бөлүштүрүлүшү: Суммасы: 500,00\u00a0сом | Суммасы: 250,50\u00a0сом; Аванс: 0,00\u00a0сом",
      ],
    ]);
  });

  it("lists a group of fields changed within field by field, under the group's name", () => {
    const details = { address: "Манас көч., 7", phone: "+996312000000" };
    expect(changes("organisation", { details }, { details: { ...details, phone: "+996312111111" } })).toEqual(
      [["Маалыматтары · Телефон", "+996312000000", "+996312111111"]],
    );
    expect(changes("household", { dwelling: {} }, { dwelling: { kind: "house", rooms: 3 } })).toEqual([
      ["Турак жайы · Түрү", "", "Үй"],
      ["Турак жайы · Бөлмөлөр", "", "3"],
    ]);
  });

  it("leaves out ids, the organisation, versions and other records' ids, and names an organisation in the reader's language", () => {
    const created = {
      id: "01a247d6-8f70-7451-aae5-9d67825dd20c",
      orgId: "01a247d6-8d71-767d-aff8-ec29d8072dee",
      householdId: "01a247d6-8f70-7451-aae5-9d67825dd20d",
      version: 1,
      name: { ky: "Жаңы-Жол айыл өкмөтү", ru: "Жаны-Жольский айыл окмоту" },
    };
    expect(changes("organisation", null, created)).toEqual([["Аталышы", "", "Жаңы-Жол айыл өкмөтү"]]);
  });

  it("names the relations a correction changed as the card does: by sex where the record has it, else the plain word", () => {
    const corrected = { kind: "relation-correction", details: { from: "other", to: "son" } };
    expect(changes("life_event", null, corrected)).toEqual([
      ["Түрү", "", "Туугандыктын оңдолушу"],
      ["Маалыматтары", "", "Мурунку: башка; Жаңысы: уулу"],
    ]);
    const spouse = { kind: "relation-correction", details: { from: "other", to: "spouse" } };
    expect(
      changes("life_event", { ...spouse, annulledAt: null }, { ...spouse, annulledReason: "x" }),
    ).toEqual([["Жокко чыгаруунун себеби", "", "x"]]);
    // A life event has no sex: the plain word; a record that has it takes the word by sex.
    expect(changes("life_event", null, spouse)[1]![2]).toBe("Мурунку: башка; Жаңысы: жубайы");
    expect(
      changes(
        "household_member",
        { relation: "other", sex: "female" },
        { relation: "spouse", sex: "female" },
      ),
    ).toEqual([["Туугандыгы", "башка", "аялы"]]);
    // The same from and to elsewhere are not relations: a household's address as it was and is.
    expect(changes("life_event", null, { kind: "arrival", details: { from: "son" } })[1]![2]).toBe(
      "Мурунку: son",
    );
  });

  it("names a tariff's changed fields in Kyrgyz as the tariffs page does, its rate in som and its codes by name", () => {
    const before = {
      id: "01a247d6-8f70-7451-aae5-9d67825dd20c",
      version: 1,
      kind: "area",
      payers: "members",
      rateTyiyn: 120_000,
      validTo: "2026-12-31",
      decisionBody: "general-meeting",
    };
    const after = { ...before, version: 2, payers: "all", rateTyiyn: 150_050, decisionBody: "state" };
    expect(changes("billingTariff", before, after)).toEqual([
      ["Ким төлөйт", "Мүчөлөр", "Баары"],
      ["Тарифтин өлчөмү", "1\u00a0200,00\u00a0сом", "1\u00a0500,50\u00a0сом"],
      ["Чечим", "Жалпы чогулуш", "Мамлекет"],
    ]);
    expect(changes("billingTariff", null, { kind: "volume" })).toEqual([["Түрү", "", "Куб метрине"]]);
    // A crop by its name, as the tariffs and planning pages write it; one the table does not know as it is.
    expect(changes("billingTariff", { crop: "maize-grain" }, { crop: "sorghum-x" })).toEqual([
      [ky("billing.tariff.crop"), "Жүгөрү (дан)", "sorghum-x"],
    ]);
    expect(changes("water_request", null, { lines: [{ cropCode: "maize-grain", areaHa: 1.5 }] })[0]![2]).toBe(
      `${ky("planning.crops.crop")}: Жүгөрү (дан); ${ky("auditField.areaHa") ?? ky("registry.fields.areaHa")}: 1,5`,
    );
  });

  it("names the water side's nested rules field by field: a penalty rule, a canal's lining, a gauge, a weather import's days", () => {
    expect(
      changes("billingSettings", { penaltyRule: null }, { penaltyRule: { kind: "daily", graceDays: 10 } }),
    ).toEqual([["Кечиктирүү үчүн айып", "", "Түрү: Ар бир күн үчүн; Жеңилдик күндөрү: 10"]]);
    // A guarantee by whom it serves.
    expect(
      changes("allocation_run", null, {
        guarantee: { share: 0.5, basis: "vulnerable", waterUserIds: [] },
      })[0]![2],
    ).toContain("Аярлуу үй чарбалары (реестр боюнча)");
    // An allocation's demand by where it comes from, as its page names it.
    expect(changes("allocation_run", null, { demand: { kind: "norm" } })[0]![2]).toBe(
      "Түрү: Сугат нормасы боюнча",
    );
    expect(changes("canal_reach", { lining: "earth" }, { lining: "concrete" })).toEqual([
      ["Капталышы", "Топурак", "Бетон"],
    ]);
    expect(changes("canal_structure", null, { gauge: { kind: "cipoletti-weir", crestWidthM: 0.5 } })).toEqual(
      [["Өлчөөчү түзүлүш", "", "Түрү: Чиполетти суу ашыргычы; Кырынын туурасы, м: 0,5"]],
    );
    expect(changes("weather_day", null, { days: 31, from: "2026-05-01", to: "2026-05-31" })).toEqual([
      ["Күндөр", "", "31"],
      ["Башталышы", "", "01.05.2026"],
      ["Аягы", "", "31.05.2026"],
    ]);
  });

  it("names villages and an organisation's unit by their names in the reader's language, where the page has loaded them", () => {
    const places = new Map([
      ["41703220990001", { ky: "Жаңы-Жол", ru: "Жаны-Жол" }],
      ["41703220990002", { ky: "Кара-Суу", ru: "Кара-Суу" }],
      ["41703220000000", { ky: "Жаңы-Жол айыл аймагы", ru: "Жаны-Жольский айылный аймак" }],
    ]);
    const read = (entity: string, before: unknown, after: unknown, locale: "ky" | "ru" = "ky") =>
      auditChanges(entity, before, after, catalog(locale), locale, { places }).map((c) => [
        c.label,
        c.before,
        c.after,
      ]);
    expect(read("household", { villageCode: "41703220990001" }, { villageCode: "41703220990002" })).toEqual([
      ["Айыл", "Жаңы-Жол", "Кара-Суу"],
    ]);
    expect(read("water_user", null, { villageCode: "41703220990001" }, "ru")[0]![2]).toBe("Жаны-Жол");
    expect(
      read("organisation", { villageCodes: [] }, { villageCodes: ["41703220990001", "41703220990002"] }),
    ).toEqual([["Айылдар", "", "Жаңы-Жол, Кара-Суу"]]);
    expect(read("organisation", null, { adminUnitCode: "41703220000000" })[0]![2]).toBe(
      "Жаңы-Жол айыл аймагы",
    );
    // A code the page has no name for stays a code.
    expect(read("household", null, { villageCode: "41703220990009" })[0]![2]).toBe("41703220990009");
  });

  it("names a flag's criterion by the organisation's own name for it, where the page has loaded them", () => {
    const criteria = new Map([
      ["female-headed", { ky: "Аял башкарган үй-бүлө", ru: "Семья, возглавляемая женщиной" }],
    ]);
    const flag = { criterionCode: "female-headed", source: "manual", reason: "Күйөөсү каза болгон" };
    const named = auditChanges("household_flag", null, flag, ky, "ky", { criteria });
    expect(named.find((c) => c.field === "criterionCode")?.after).toBe("Аял башкарган үй-бүлө");
    // Not loaded (a reader of no register): the code as it is.
    expect(
      auditChanges("household_flag", null, flag, ky, "ky").find((c) => c.field === "criterionCode")?.after,
    ).toBe("female-headed");
    expect(criteriaNamed([{ before: null, after: flag }])).toBe(true);
    expect(criteriaNamed([{ before: { street: "Манас" }, after: null }])).toBe(false);
  });

  it("asks for the places the records name by their codes, each once", () => {
    const records = [
      { before: null, after: { villageCode: "41703220990001" } },
      { before: { villageCodes: [] }, after: { villageCodes: ["41703220990002"], adminUnitCode: "417032" } },
      { before: { adminUnitCode: "417032", villageCode: "41703220990001" }, after: null },
    ];
    expect(placesNamed(records)).toEqual(["417032", "41703220990001", "41703220990002"]);
    expect(placesNamed([{ before: { street: "Манас" }, after: { villageCode: "" } }])).toEqual([]);
  });

  it("writes a flag worked out from the register with its reason as the card does, its facts put in", () => {
    const flag = { criterionCode: "disability", source: "derived", reason: "registry.reason.disability" };
    const [, , reason] = changes("household_flag", null, { ...flag, reasonParams: { count: 2 } });
    expect(reason).toEqual(["Себеби", "", "Ден соолугунун мүмкүнчүлүгү чектелген мүчөлөр: 2"]);
    expect(
      changes("household_flag", { clearReason: null }, { clearReason: "registry.reason.noLongerApplies" }),
    ).toEqual([["Белгини алып салуунун себеби", "", "Реестрдеги маалымат боюнча мындан ары туура келбейт"]]);
    // One set by hand keeps the social worker's words.
    expect(changes("household_flag", null, { reason: "registry.reason is what she wrote" })).toEqual([
      ["Себеби", "", "registry.reason is what she wrote"],
    ]);
  });

  it("lists a station's normals month by month: the months written, each against what it was", () => {
    const before = [
      { month: 1, et0MmPerDay: 0.8, rainMm: 20, origin: "computed" },
      { month: 2, et0MmPerDay: 1.1, rainMm: 25, origin: "computed" },
    ];
    const after = [
      { month: 2, et0MmPerDay: 1.3, rainMm: 25, origin: "entered" },
      { month: 3, et0MmPerDay: 2, rainMm: null, origin: "entered" },
    ];
    expect(changes("climate_normal", before, after)).toEqual([
      [`${ky("planning.normals.months.2")} · ${ky("planning.normals.et0")}`, "1,1", "1,3"],
      [
        `${ky("planning.normals.months.2")} · ${ky("planning.normals.origin")}`,
        ky("planning.normals.origins.computed"),
        ky("planning.normals.origins.entered"),
      ],
      [
        ky("planning.normals.months.3"),
        "",
        `${ky("planning.normals.et0")}: 2; ${ky("planning.normals.origin")}: ${ky("planning.normals.origins.entered")}`,
      ],
    ]);
  });

  it("shows a field the catalog does not name yet by its name, and an unknown code as it is", () => {
    expect(changes("household", {}, { frobnication: "x" })).toEqual([["frobnication", "", "x"]]);
    expect(
      valueText(["relation"], "cousin", { entity: "household_member", text: ky, locale: "ky", names: {} }),
    ).toBe("cousin");
  });
});
