import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { applyPayment, assertValidPayment, inKindValueTyiyn, type OpenInvoice } from "./payment.js";

const open: OpenInvoice[] = [
  { invoiceId: "2026-b", number: 12, dueOn: "2026-12-01", outstandingTyiyn: 30_000 },
  { invoiceId: "2025", number: 3, dueOn: "2025-12-01", outstandingTyiyn: 10_000 },
  { invoiceId: "2026-a", number: 11, dueOn: "2026-12-01", outstandingTyiyn: 20_000 },
];

describe("applying a payment", () => {
  it("pays the oldest debt first, by due date and then issue number", () => {
    expect(applyPayment(open, 25_000)).toEqual({
      allocations: [
        { invoiceId: "2025", amountTyiyn: 10_000 },
        { invoiceId: "2026-a", amountTyiyn: 15_000 },
      ],
      advanceTyiyn: 0,
    });
  });

  it("keeps what is left after every debt as an advance", () => {
    const result = applyPayment(open, 100_000);
    expect(result.allocations.map((a) => a.invoiceId)).toEqual(["2025", "2026-a", "2026-b"]);
    expect(result.advanceTyiyn).toBe(40_000);
    expect(applyPayment([], 5_000)).toEqual({ allocations: [], advanceTyiyn: 5_000 });
  });

  it("pays the invoices the payer names first, then the oldest of the rest", () => {
    expect(applyPayment(open, 35_000, { allocateTo: ["2026-b"] }).allocations).toEqual([
      { invoiceId: "2026-b", amountTyiyn: 30_000 },
      { invoiceId: "2025", amountTyiyn: 5_000 },
    ]);
  });

  it("refuses an invoice that is not open and an amount that is not positive", () => {
    expect(() => applyPayment(open, 1_000, { allocateTo: ["nope"] })).toThrow(/billing.unknownInvoice/);
    expect(() => applyPayment(open, 0)).toThrow(/billing.paymentNotPositive/);
    expect(() => applyPayment(open, 10.5)).toThrow(/money.notInteger/);
  });

  it("values a payment in kind at the council's rate, rounded once", () => {
    expect(inKindValueTyiyn(350.5, 2_500)).toBe(876_250); // 350.5 kg wheat at 25 som/kg
    expect(inKindValueTyiyn(0.3, 2_505)).toBe(752); // 751.5 rounds half-up
    const wheat = {
      kind: "in-kind" as const,
      commodity: "wheat",
      quantityKg: 100,
      rateTyiynPerKg: 2_500,
      valuationDecisionRef: "AK-3",
    };
    expect(() =>
      assertValidPayment({
        id: "p",
        waterUserId: "u",
        receivedOn: "2026-10-01",
        amountTyiyn: 250_000,
        method: wheat,
      }),
    ).not.toThrow();
    expect(() =>
      assertValidPayment({
        id: "p",
        waterUserId: "u",
        receivedOn: "2026-10-01",
        amountTyiyn: 260_000,
        method: wheat,
      }),
    ).toThrow(/billing.inKindValueMismatch/);
  });

  it("allocates exactly the amount, never beyond what an invoice owes, oldest first", () => {
    const invoices = fc.uniqueArray(
      fc.record({
        invoiceId: fc.string({ minLength: 1, maxLength: 4 }),
        number: fc.nat(1000),
        dueOn: fc.constantFrom("2025-12-01", "2026-06-01", "2026-12-01"),
        outstandingTyiyn: fc.integer({ min: 1, max: 100_000 }),
      }),
      { selector: (i) => i.invoiceId, maxLength: 8 },
    );
    fc.assert(
      fc.property(invoices, fc.integer({ min: 1, max: 500_000 }), (inv, amount) => {
        const { allocations, advanceTyiyn } = applyPayment(inv, amount);
        expect(allocations.reduce((s, a) => s + a.amountTyiyn, 0) + advanceTyiyn).toBe(amount);
        const owed = new Map(inv.map((i) => [i.invoiceId, i]));
        for (const a of allocations) {
          expect(a.amountTyiyn).toBeGreaterThan(0);
          expect(a.amountTyiyn).toBeLessThanOrEqual(owed.get(a.invoiceId)!.outstandingTyiyn);
        }
        // Only the last invoice paid may be paid in part, and then nothing is left over.
        for (const a of allocations.slice(0, -1)) {
          expect(a.amountTyiyn).toBe(owed.get(a.invoiceId)!.outstandingTyiyn);
        }
        if (advanceTyiyn > 0) expect(allocations).toHaveLength(inv.length);
        // No invoice left unpaid is older than one that was paid.
        const paid = new Set(allocations.map((a) => a.invoiceId));
        for (const a of allocations) {
          const p = owed.get(a.invoiceId)!;
          for (const u of inv.filter((i) => !paid.has(i.invoiceId))) {
            expect(u.dueOn > p.dueOn || (u.dueOn === p.dueOn && u.number >= p.number)).toBe(true);
          }
        }
      }),
    );
  });
});
