import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ageDebts, ageDebtsBy, collectionRate, collectionRatesBy } from "./ageing.js";
import type { OpenInvoice } from "./payment.js";
import { ratePercent } from "./rounding.js";

const due = (invoiceId: string, dueOn: string, outstandingTyiyn: number): OpenInvoice => ({
  invoiceId,
  number: 1,
  dueOn,
  outstandingTyiyn,
});

describe("debtor ageing", () => {
  it("puts each debt in the bucket of its days past due, bounds inclusive", () => {
    const asOf = "2026-12-31";
    expect(
      ageDebts(
        [
          due("not-yet", "2027-01-01", 1),
          due("today", "2026-12-31", 10),
          due("30d", "2026-12-01", 100),
          due("31d", "2026-11-30", 1_000),
          due("90d", "2026-10-02", 10_000),
          due("91d", "2026-10-01", 100_000),
          due("2y", "2024-12-01", 1_000_000),
        ],
        asOf,
      ),
    ).toEqual({ notDue: 1, d0_30: 110, d31_90: 11_000, d90plus: 1_100_000, total: 1_111_111 });
  });

  it("ages each debtor on their own", () => {
    const invoices = [
      { ...due("a", "2026-01-01", 500), waterUserId: "u2" },
      { ...due("b", "2026-12-01", 300), waterUserId: "u1" },
      { ...due("c", "2026-12-15", 200), waterUserId: "u2" },
    ];
    expect(ageDebtsBy(invoices, "2026-12-31", (i) => i.waterUserId)).toEqual([
      { key: "u1", buckets: { notDue: 0, d0_30: 300, d31_90: 0, d90plus: 0, total: 300 } },
      { key: "u2", buckets: { notDue: 0, d0_30: 200, d31_90: 0, d90plus: 500, total: 700 } },
    ]);
  });

  it("never loses or doubles a tyiyn between buckets", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 800 }), fc.integer({ min: 0, max: 1_000_000 }))),
        (rows) => {
          const invoices = rows.map(([d, amount], i) =>
            due(`i${i}`, new Date(Date.UTC(2025, 0, 1 + d)).toISOString().slice(0, 10), amount),
          );
          const b = ageDebts(invoices, "2026-01-01");
          const total = rows.reduce((s, [, a]) => s + a, 0);
          expect(b.notDue + b.d0_30 + b.d31_90 + b.d90plus).toBe(total);
          expect(b.total).toBe(total);
        },
      ),
    );
  });
});

describe("collection rate", () => {
  it("is paid over charged, exact, with a percentage for display", () => {
    const rate = collectionRate(1_200_000, 900_000);
    expect(rate).toEqual({ numerator: 900_000, denominator: 1_200_000 });
    expect(ratePercent(rate)).toBe("75.0");
    expect(ratePercent(collectionRate(0, 0))).toBeNull();
  });

  it("breaks down by the caller's key: village, or vulnerable against other households", () => {
    const rows = [
      { waterUserId: "u1", village: "Kara-Suu", vulnerable: true, chargedTyiyn: 50_000, paidTyiyn: 20_000 },
      {
        waterUserId: "u2",
        village: "Kara-Suu",
        vulnerable: false,
        chargedTyiyn: 100_000,
        paidTyiyn: 100_000,
      },
      { waterUserId: "u3", village: "Nookat", vulnerable: false, chargedTyiyn: 30_000, paidTyiyn: 10_000 },
    ];
    const byVillage = collectionRatesBy(rows, (r) => r.village);
    expect(byVillage.total).toEqual({
      chargedTyiyn: 180_000,
      paidTyiyn: 130_000,
      rate: { numerator: 130_000, denominator: 180_000 },
    });
    expect(byVillage.groups.map((g) => [g.key, ratePercent(g.rate)])).toEqual([
      ["Kara-Suu", "80.0"],
      ["Nookat", "33.3"],
    ]);
    const byVulnerability = collectionRatesBy(rows, (r) => (r.vulnerable ? "vulnerable" : "other"));
    expect(byVulnerability.groups.map((g) => [g.key, g.rate])).toEqual([
      ["other", { numerator: 110_000, denominator: 130_000 }],
      ["vulnerable", { numerator: 20_000, denominator: 50_000 }],
    ]);
  });
});
