import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { DomainError } from "../shared/errors.js";
import {
  agreesByCode,
  type BillingLine,
  computeInvoiceLines,
  type Invoice,
  type InvoiceInput,
  type InvoiceKind,
  reconcileInvoices,
  totalTyiyn,
} from "./invoice.js";
import type { Tariff } from "./tariff.js";

const gm = { body: "general-meeting" as const, ref: "GM-2026-01", decidedOn: "2026-01-15" };
const year = { validFrom: "2026-01-01", validTo: "2026-12-31" };

/** 2026: 500 som/ha, 700 som/ha for non-members; 15 tyiyn/m³ Apr–Sep, 5 tyiyn/m³ outside; 200 som fee. */
const tariffs: Tariff[] = [
  { id: "ha-m", kind: "area", payers: "members", rateTyiyn: 50_000, decision: gm, ...year },
  { id: "ha-n", kind: "area", payers: "non-members", rateTyiyn: 70_000, decision: gm, ...year },
  {
    id: "ha-orchard",
    kind: "area",
    tariffClass: "orchard",
    payers: "all",
    rateTyiyn: 30_000,
    decision: gm,
    ...year,
  },
  {
    id: "m3-q1",
    kind: "volume",
    payers: "all",
    rateTyiyn: 5,
    decision: gm,
    validFrom: "2026-01-01",
    validTo: "2026-03-31",
  },
  {
    id: "m3-grow",
    kind: "volume",
    payers: "all",
    rateTyiyn: 15,
    decision: gm,
    validFrom: "2026-04-01",
    validTo: "2026-09-30",
  },
  {
    id: "m3-q4",
    kind: "volume",
    payers: "all",
    rateTyiyn: 5,
    decision: gm,
    validFrom: "2026-10-01",
    validTo: "2026-12-31",
  },
  { id: "fee", kind: "membership", payers: "members", rateTyiyn: 20_000, decision: gm, ...year },
];
const season = { id: "2026", from: "2026-03-01", to: "2026-10-31" };

function input(overrides: Partial<InvoiceInput> = {}): InvoiceInput {
  return {
    contract: {
      waterUserId: "u1",
      member: true,
      areas: [{ tariffClass: "field", crop: "wheat", areaHa: 0.37 }],
    },
    deliveries: [],
    tariffs,
    discounts: [],
    season,
    ...overrides,
  };
}

function fieldsOf(fn: () => unknown) {
  try {
    fn();
  } catch (e) {
    return {
      code: (e as DomainError).code,
      params: (e as DomainError).params,
      fields: (e as DomainError).fields,
    };
  }
  throw new Error("expected a DomainError");
}

describe("invoice lines", () => {
  it("charges each tariff class and crop of the contract, areas summed exactly", () => {
    const lines = computeInvoiceLines(
      input({
        contract: {
          waterUserId: "u1",
          member: true,
          areas: [
            { tariffClass: "field", crop: "wheat", areaHa: 0.37 },
            { tariffClass: "field", crop: "wheat", areaHa: 1.2 },
            { tariffClass: "orchard", crop: "apple", areaHa: 0.0833 },
          ],
        },
      }),
    );
    expect(lines).toEqual([
      {
        code: "area:field:wheat",
        kind: "area",
        params: { tariffClass: "field", crop: "wheat", decisionRef: "GM-2026-01" },
        quantity: 1.57,
        unit: "ha",
        rateTyiyn: 50_000,
        tariffId: "ha-m",
        amountTyiyn: 78_500,
      },
      expect.objectContaining({
        code: "area:orchard:apple",
        quantity: 0.0833,
        rateTyiyn: 30_000,
        amountTyiyn: 2_499,
      }),
      expect.objectContaining({ code: "membership", quantity: 1, unit: "member", amountTyiyn: 20_000 }),
    ]);
  });

  it("charges non-members their own rate and no membership fee", () => {
    const lines = computeInvoiceLines(
      input({ contract: { waterUserId: "u2", member: false, areas: [{ tariffClass: "field", areaHa: 2 }] } }),
    );
    expect(lines.map((l) => [l.code, l.amountTyiyn])).toEqual([["area:field:", 140_000]]);
  });

  it("charges deliveries at the rate of their day, one line per rate period, rounded once per line", () => {
    const lines = computeInvoiceLines(
      input({
        contract: { waterUserId: "u1", member: false, areas: [] },
        deliveries: [
          { date: "2026-03-20", volumeM3: 100.1 },
          { date: "2026-04-01", volumeM3: 0.1 },
          { date: "2026-07-15", volumeM3: 0.1 },
          { date: "2026-09-30", volumeM3: 1000 },
          { date: "2026-10-01", volumeM3: 10 },
        ],
      }),
    );
    expect(lines).toEqual([
      expect.objectContaining({ code: "volume:m3-q1", quantity: 100.1, rateTyiyn: 5, amountTyiyn: 501 }),
      expect.objectContaining({
        code: "volume:m3-grow",
        params: { from: "2026-04-01", to: "2026-09-30", deliveries: 3, decisionRef: "GM-2026-01" },
        quantity: 1000.2,
        unit: "m3",
        amountTyiyn: 15_003,
      }),
      expect.objectContaining({ code: "volume:m3-q4", quantity: 10, amountTyiyn: 50 }),
    ]);
  });

  it("keeps the fractions of many small deliveries instead of rounding each", () => {
    const deliveries = Array.from({ length: 30 }, () => ({ date: "2026-06-01", volumeM3: 0.1 }));
    const lines = computeInvoiceLines(
      input({ contract: { waterUserId: "u", member: false, areas: [] }, deliveries }),
    );
    expect(lines[0]).toMatchObject({ quantity: 3, amountTyiyn: 45 }); // not 30 × round(1.5) = 60
  });

  it("grants discounts by decision with their reason, on the charges and never beyond them", () => {
    const lines = computeInvoiceLines(
      input({
        contract: { waterUserId: "u1", member: true, areas: [{ tariffClass: "field", areaHa: 1 }] },
        discounts: [
          { kind: "percent", percent: 12.5, reason: "vulnerable household", decisionRef: "AK-2026-07" },
          { kind: "fixed", amountTyiyn: 65_000, reason: "canal repair labour", decisionRef: "GM-2026-03" },
        ],
      }),
    );
    expect(lines.slice(2)).toEqual([
      {
        code: "discount:AK-2026-07",
        kind: "discount",
        basis: "percent",
        reason: "vulnerable household",
        decisionRef: "AK-2026-07",
        params: { reason: "vulnerable household", decisionRef: "AK-2026-07", percent: 12.5 },
        amountTyiyn: -8_750,
      },
      expect.objectContaining({
        code: "discount:GM-2026-03",
        amountTyiyn: -61_250,
        params: expect.objectContaining({ cutFromTyiyn: 65_000 }),
      }),
    ]);
    expect(totalTyiyn(lines)).toBe(0);
  });

  it("writes a discount on nothing charged as a zero line, not as minus zero", () => {
    const lines = computeInvoiceLines(
      input({
        contract: { waterUserId: "u9", member: false, areas: [] },
        discounts: [{ kind: "percent", percent: 100, reason: "exempt", decisionRef: "AK-1" }],
      }),
    );
    expect(lines).toHaveLength(1);
    expect(Object.is(lines[0]!.amountTyiyn, 0)).toBe(true);
  });

  it("refuses to leave a delivery unbilled when the WUA bills by volume but has no rate for its day", () => {
    const gap = tariffs.filter((t) => t.id !== "m3-q4");
    const error = fieldsOf(() =>
      computeInvoiceLines(input({ tariffs: gap, deliveries: [{ date: "2026-10-02", volumeM3: 5 }] })),
    );
    expect(error).toMatchObject({ code: "billing.noVolumeTariff", params: { date: "2026-10-02" } });
    const noVolume = tariffs.filter((t) => t.kind !== "volume");
    const lines = computeInvoiceLines(
      input({ tariffs: noVolume, deliveries: [{ date: "2026-10-02", volumeM3: 5 }] }),
    );
    expect(lines.map((l) => l.kind)).toEqual(["area", "membership"]);
  });

  it("refuses an area whose class has no rate in force", () => {
    const onlyOrchard = tariffs.filter((t) => t.id !== "ha-m");
    expect(fieldsOf(() => computeInvoiceLines(input({ tariffs: onlyOrchard })))).toMatchObject({
      code: "billing.noAreaTariff",
      params: { date: "2026-03-01", tariffClass: "field", crop: "wheat" },
    });
  });

  it("reports every fault of the input at once", () => {
    const error = fieldsOf(() =>
      computeInvoiceLines(
        input({
          contract: { waterUserId: "u", member: true, areas: [{ tariffClass: "", areaHa: 0.00001 }] },
          deliveries: [{ date: "2026-11-01", volumeM3: -1 }],
          discounts: [
            { kind: "percent", percent: 120, reason: "x", decisionRef: "D1" },
            { kind: "fixed", amountTyiyn: 1.5, reason: "", decisionRef: "D1" },
          ],
        }),
      ),
    );
    expect(error.code).toBe("billing.invalidInvoiceInput");
    expect(error.fields.map((f) => [f.path.join("."), f.code])).toEqual([
      ["contract.areas.0.areaHa", "decimalQuantity"],
      ["contract.areas.0.tariffClass", "required"],
      ["deliveries.0.volumeM3", "decimalQuantity"],
      ["deliveries.0.date", "outsideSeason"],
      ["discounts.0.percent", "percentRange"],
      ["discounts.1.decisionRef", "duplicateId"],
      ["discounts.1.reason", "required"],
      ["discounts.1.amountTyiyn", "wholeTyiyn"],
    ]);
  });
});

let issueNumber = 0;
function issue(kind: InvoiceKind, lines: BillingLine[], waterUserId = "u1", seasonId = "2026"): Invoice {
  issueNumber += 1;
  return {
    id: `${kind}-${issueNumber}`,
    kind,
    number: issueNumber,
    waterUserId,
    seasonId,
    issuedOn: "2026-11-01",
    dueOn: "2026-12-01",
    lines,
  };
}

/** Issues what a reconciliation asks for, as a credit note and/or a supplementary invoice. */
function withCorrections(issued: Invoice[], recomputed: BillingLine[]): Invoice[] {
  const r = reconcileInvoices(issued, recomputed);
  return [
    ...issued,
    ...(r.creditNote ? [issue("credit-note", r.creditNote)] : []),
    ...(r.supplementary ? [issue("supplementary", r.supplementary)] : []),
  ];
}

function byCode(lines: readonly BillingLine[]): Record<string, number> {
  const sums: Record<string, number> = {};
  for (const l of lines) sums[l.code] = (sums[l.code] ?? 0) + l.amountTyiyn;
  return Object.fromEntries(Object.entries(sums).filter(([, v]) => v !== 0));
}

describe("re-running billing", () => {
  const original = computeInvoiceLines(input());

  it("changes nothing when the invoice is already right", () => {
    expect(reconcileInvoices([issue("invoice", original)], original)).toEqual({ unchanged: true });
  });

  it("corrects a larger area by a supplementary invoice and a new discount by a credit note", () => {
    const recomputed = computeInvoiceLines(
      input({
        contract: {
          waterUserId: "u1",
          member: true,
          areas: [{ tariffClass: "field", crop: "wheat", areaHa: 0.5 }],
        },
        discounts: [{ kind: "percent", percent: 50, reason: "vulnerable household", decisionRef: "AK-9" }],
      }),
    );
    const r = reconcileInvoices([issue("invoice", original)], recomputed);
    expect(r).toEqual({
      unchanged: false,
      creditNote: [
        {
          code: "discount:AK-9",
          kind: "discount",
          params: expect.objectContaining({ issuedTyiyn: 0, recomputedTyiyn: -22_500 }),
          amountTyiyn: -22_500,
        },
      ],
      supplementary: [
        {
          code: "area:field:wheat",
          kind: "area",
          params: expect.objectContaining({ issuedTyiyn: 18_500, recomputedTyiyn: 25_000 }),
          amountTyiyn: 6_500,
        },
      ],
    });
  });

  it("credits in full a line that is no longer charged", () => {
    const r = reconcileInvoices(
      [issue("invoice", original)],
      original.filter((l) => l.kind !== "membership"),
    );
    expect(r.creditNote).toEqual([expect.objectContaining({ code: "membership", amountTyiyn: -20_000 })]);
    expect(r.supplementary).toBeUndefined();
  });

  it("refuses to reconcile documents of different water users together", () => {
    expect(
      fieldsOf(() =>
        reconcileInvoices([issue("invoice", original), issue("invoice", original, "u2")], original),
      ),
    ).toMatchObject({ code: "billing.mixedInvoices" });
  });

  const linesArbitrary = fc
    .array(
      fc.record({
        code: fc.constantFrom("area:a:", "area:b:wheat", "volume:m3-grow", "membership", "discount:D1"),
        amountTyiyn: fc.integer({ min: 0, max: 1_000_000 }),
      }),
      { maxLength: 8 },
    )
    .map((rows) =>
      rows.map(({ code, amountTyiyn }): BillingLine => {
        const kind = code.startsWith("discount")
          ? "discount"
          : (code.split(":")[0] as "area" | "volume" | "membership");
        return { code, kind, params: {}, amountTyiyn: kind === "discount" ? -amountTyiyn : amountTyiyn };
      }),
    );

  it("always leaves issued plus corrections equal to the recomputed amount of every line code", () => {
    fc.assert(
      fc.property(fc.array(linesArbitrary, { minLength: 1, maxLength: 4 }), (runs) => {
        // Issue the first run as the invoice, then re-run billing with each later result.
        let documents = [issue("invoice", runs[0]!)];
        for (const recomputed of runs.slice(1)) {
          documents = withCorrections(documents, recomputed);
          const issuedLines = documents.flatMap((d) => d.lines);
          expect(byCode(issuedLines)).toEqual(byCode(recomputed));
          expect(totalTyiyn(issuedLines)).toBe(totalTyiyn(recomputed));
          // Idempotent: the same run again, on its own output, issues nothing.
          expect(reconcileInvoices(documents, recomputed)).toEqual({ unchanged: true });
        }
        for (const d of documents) {
          if (d.kind === "credit-note") for (const l of d.lines) expect(l.amountTyiyn).toBeLessThan(0);
          if (d.kind === "supplementary") for (const l of d.lines) expect(l.amountTyiyn).toBeGreaterThan(0);
        }
      }),
    );
  });

  it("agrees by code exactly when a reconciliation finds nothing to correct", () => {
    fc.assert(
      fc.property(
        fc.array(linesArbitrary, { minLength: 1, maxLength: 3 }),
        linesArbitrary,
        (issuedRuns, recomputed) => {
          const documents = issuedRuns.map((lines) => issue("invoice", lines));
          const sums = new Map<string, number>();
          for (const l of documents.flatMap((d) => d.lines))
            sums.set(l.code, (sums.get(l.code) ?? 0) + l.amountTyiyn);
          expect(agreesByCode(sums, recomputed)).toBe(reconcileInvoices(documents, recomputed).unchanged);
        },
      ),
    );
  });
});
