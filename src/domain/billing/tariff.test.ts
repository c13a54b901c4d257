import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { DomainError } from "../shared/errors.js";
import { ownTariffClasses, ratesFor, type Tariff, validateTariffs } from "./tariff.js";

const decision = { body: "general-meeting" as const, ref: "GM-2025-01", decidedOn: "2025-01-20" };

function tariff(overrides: Partial<Tariff> & Pick<Tariff, "id">): Tariff {
  return {
    kind: "area",
    payers: "all",
    validFrom: "2025-01-01",
    validTo: "2025-12-31",
    rateTyiyn: 50_000,
    decision,
    ...overrides,
  };
}

/** 2025: 500 som/ha; 2026: 15 tyiyn/m³ in the growing season, 5 tyiyn/m³ outside it. */
const table: Tariff[] = [
  tariff({ id: "area-2025" }),
  tariff({ id: "area-2025-orchard", tariffClass: "orchard", rateTyiyn: 70_000 }),
  tariff({ id: "area-2025-orchard-apple", tariffClass: "orchard", crop: "apple", rateTyiyn: 80_000 }),
  tariff({ id: "area-2025-rice", crop: "rice", rateTyiyn: 90_000 }),
  tariff({ id: "vol-2026-q1", kind: "volume", validFrom: "2026-01-01", validTo: "2026-03-31", rateTyiyn: 5 }),
  tariff({
    id: "vol-2026-grow",
    kind: "volume",
    validFrom: "2026-04-01",
    validTo: "2026-09-30",
    rateTyiyn: 15,
  }),
  tariff({ id: "vol-2026-q4", kind: "volume", validFrom: "2026-10-01", validTo: "2026-12-31", rateTyiyn: 5 }),
  tariff({ id: "fee-members", kind: "membership", payers: "members", rateTyiyn: 20_000 }),
];

function issuesOf(fn: () => void) {
  try {
    fn();
  } catch (e) {
    return { code: (e as DomainError).code, fields: (e as DomainError).fields };
  }
  throw new Error("expected a DomainError");
}

describe("tariffs", () => {
  it("accepts a table with one rate per kind, class, payer and day", () => {
    expect(() => validateTariffs(table)).not.toThrow();
  });

  it("chooses the tariff in force on the date", () => {
    expect(ratesFor(table, { date: "2025-06-01", tariffClass: "field", member: true })).toMatchObject({
      area: { id: "area-2025" },
      membership: { id: "fee-members" },
    });
    expect(ratesFor(table, { date: "2026-05-10", member: false }).volume?.rateTyiyn).toBe(15);
    expect(ratesFor(table, { date: "2026-10-01", member: false }).volume?.rateTyiyn).toBe(5);
    expect(ratesFor(table, { date: "2026-09-30", member: false }).volume?.rateTyiyn).toBe(15);
    expect(ratesFor(table, { date: "2024-12-31", member: true })).toEqual({});
  });

  it("prefers class and crop over class, class over crop, and crop over every hectare", () => {
    const on = (tariffClass: string, crop?: string) =>
      ratesFor(table, { date: "2025-05-01", tariffClass, crop, member: true }).area?.id;
    expect(on("orchard", "apple")).toBe("area-2025-orchard-apple");
    expect(on("orchard", "pear")).toBe("area-2025-orchard");
    expect(on("field", "rice")).toBe("area-2025-rice");
    expect(on("field", "wheat")).toBe("area-2025");
  });

  it("charges members and non-members their own rates", () => {
    const split = [
      tariff({ id: "m", payers: "members", rateTyiyn: 50_000 }),
      tariff({ id: "n", payers: "non-members", rateTyiyn: 75_000 }),
    ];
    validateTariffs(split);
    expect(ratesFor(split, { date: "2025-04-01", member: true }).area?.rateTyiyn).toBe(50_000);
    expect(ratesFor(split, { date: "2025-04-01", member: false }).area?.rateTyiyn).toBe(75_000);
    expect(ratesFor(table, { date: "2025-04-01", member: false }).membership).toBeUndefined();
  });

  it("refuses two rates for the same key on the same day, naming both tariffs", () => {
    const result = issuesOf(() =>
      validateTariffs([
        tariff({ id: "a" }),
        tariff({ id: "b", validFrom: "2025-12-31", validTo: "2026-12-31" }),
        tariff({ id: "c", payers: "members", validFrom: "2025-06-01", validTo: "2025-06-30" }),
      ]),
    );
    expect(result.code).toBe("billing.invalidTariffs");
    expect(result.fields).toEqual([
      { path: ["tariffs", 1, "validFrom"], code: "tariffOverlap", params: { id: "b", other: "a" } },
      { path: ["tariffs", 2, "validFrom"], code: "tariffOverlap", params: { id: "c", other: "a" } },
    ]);
  });

  it("reports every other fault of a tariff at once", () => {
    const result = issuesOf(() =>
      validateTariffs([
        tariff({ id: "a", rateTyiyn: 1.5 }),
        tariff({ id: "a", kind: "volume", tariffClass: "x", validFrom: "2025-13-01" }),
        tariff({ id: "c", rateTyiyn: -1, validFrom: "2025-05-01", validTo: "2025-04-01", crop: "z" }),
        tariff({ id: "d", decision: { ...decision, ref: " " }, crop: "y" }),
      ]),
    );
    expect(result.fields.map((f) => [f.path.slice(1).join("."), f.code])).toEqual([
      ["0.rateTyiyn", "wholeTyiyn"],
      ["1.id", "duplicateId"],
      ["1.tariffClass", "classOnlyForArea"],
      ["1.validFrom", "invalid_format"],
      ["2.rateTyiyn", "negative"],
      ["2.validTo", "rangeReversed"],
      ["3.decision.ref", "required"],
    ]);
  });

  it("finds exactly the tariff whose range holds the date, in any valid table", () => {
    // Cut one year into consecutive ranges, one tariff each, then ask for every day.
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 1, max: 364 }), { maxLength: 12 }),
        fc.integer({ min: 0, max: 364 }),
        (cuts, dayIndex) => {
          const starts = [0, ...cuts.sort((a, b) => a - b)];
          const day = (i: number) => new Date(Date.UTC(2026, 0, 1 + i)).toISOString().slice(0, 10);
          const tariffs = starts.map((s, i) =>
            tariff({
              id: `t${i}`,
              kind: "volume",
              validFrom: day(s),
              validTo: day((starts[i + 1] ?? 365) - 1),
              rateTyiyn: i,
            }),
          );
          validateTariffs(tariffs);
          const found = ratesFor(tariffs, { date: day(dayIndex), member: true }).volume;
          const expected = starts.filter((s) => s <= dayIndex).length - 1;
          expect(found?.id).toBe(`t${expected}`);
        },
      ),
    );
  });
});

describe("an association's own tariff classes", () => {
  it("keeps each once, trimmed, in order, without empty names or the membership classes", () => {
    expect(ownTariffClasses([" бакча ", "талаа", "бакча", "", "member", "non-member", "Талаа"])).toEqual([
      "бакча",
      "талаа",
      "Талаа",
    ]);
  });
});
