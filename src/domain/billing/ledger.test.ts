import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { BillingLine, Invoice, InvoiceKind } from "./invoice.js";
import {
  type AccountingPeriod,
  assertPeriodOpen,
  balanceOf,
  type Posting,
  placeInOpenPeriod,
  postCreditNote,
  postInvoice,
  postPayment,
  postPenalty,
  postReversal,
  receivableOf,
  trialBalance,
} from "./ledger.js";
import type { Payment, PaymentMethod } from "./payment.js";

const at = (id: string, date = "2026-11-01") => ({ id, date, periodId: "2026" });
const line = (code: string, amountTyiyn: number): BillingLine => ({
  code,
  kind: code.split(":")[0] as BillingLine["kind"],
  params: {},
  amountTyiyn,
});

function document(id: string, kind: InvoiceKind, waterUserId: string, lines: BillingLine[]): Invoice {
  return {
    id,
    kind,
    number: 1,
    waterUserId,
    seasonId: "2026",
    issuedOn: "2026-11-01",
    dueOn: "2026-12-01",
    lines,
  };
}

function payment(id: string, waterUserId: string, amountTyiyn: number, method: PaymentMethod): Payment {
  return { id, waterUserId, receivedOn: "2026-11-05", amountTyiyn, method };
}

const invoice = document("inv-1", "invoice", "u1", [
  line("area:field:", 50_000),
  line("volume:m3-grow", 15_003),
  line("membership", 20_000),
  line("discount:AK-7", -8_500),
]);

describe("the fee ledger", () => {
  it("posts an invoice: the receivable for the total, revenue per fee kind, discounts allowed", () => {
    expect(postInvoice(invoice, at("p1"))).toEqual({
      id: "p1",
      date: "2026-11-01",
      periodId: "2026",
      source: { kind: "invoice", id: "inv-1" },
      lines: [
        { account: "receivable:u1", debitTyiyn: 76_503, creditTyiyn: 0 },
        { account: "revenue:area", debitTyiyn: 0, creditTyiyn: 50_000 },
        { account: "revenue:volume", debitTyiyn: 0, creditTyiyn: 15_003 },
        { account: "revenue:membership", debitTyiyn: 0, creditTyiyn: 20_000 },
        { account: "discounts", debitTyiyn: 8_500, creditTyiyn: 0 },
      ],
    });
  });

  it("posts a credit note the other way round, and only a credit note", () => {
    const note = document("cn-1", "credit-note", "u1", [
      line("area:field:", -6_500),
      line("discount:AK-9", -1_000),
    ]);
    expect(postCreditNote(note, at("p2")).lines).toEqual([
      { account: "receivable:u1", debitTyiyn: 0, creditTyiyn: 7_500 },
      { account: "revenue:area", debitTyiyn: 6_500, creditTyiyn: 0 },
      { account: "discounts", debitTyiyn: 1_000, creditTyiyn: 0 },
    ]);
    expect(() => postInvoice(note, at("p3"))).toThrow(/billing.wrongDocumentKind/);
    expect(() => postCreditNote(invoice, at("p3"))).toThrow(/billing.wrongDocumentKind/);
  });

  it("posts payments to cash, bank or in-kind stock against the payer's receivable", () => {
    const cash = postPayment(
      payment("pay-1", "u1", 30_000, { kind: "cash", receiptNumber: "0042" }),
      at("p4"),
    );
    const bank = postPayment(
      payment("pay-2", "u1", 10_000, { kind: "bank", reference: "KICB-77" }),
      at("p5"),
    );
    const wheat = postPayment(
      payment("pay-3", "u1", 250_000, {
        kind: "in-kind",
        commodity: "wheat",
        quantityKg: 100,
        rateTyiynPerKg: 2_500,
        valuationDecisionRef: "AK-3",
      }),
      at("p6"),
    );
    expect([cash, bank, wheat].map((p) => p.lines)).toEqual([
      [
        { account: "cash", debitTyiyn: 30_000, creditTyiyn: 0 },
        { account: "receivable:u1", debitTyiyn: 0, creditTyiyn: 30_000 },
      ],
      [
        { account: "bank", debitTyiyn: 10_000, creditTyiyn: 0 },
        { account: "receivable:u1", debitTyiyn: 0, creditTyiyn: 10_000 },
      ],
      [
        { account: "in-kind-stock", debitTyiyn: 250_000, creditTyiyn: 0 },
        { account: "receivable:u1", debitTyiyn: 0, creditTyiyn: 250_000 },
      ],
    ]);
    const postings = [postInvoice(invoice, at("p1")), cash, bank, wheat];
    expect(balanceOf(postings, receivableOf("u1"))).toBe(76_503 - 290_000); // an advance
  });

  it("posts a penalty as receivable against penalty revenue", () => {
    expect(postPenalty({ id: "pen-1", waterUserId: "u1", amountTyiyn: 900 }, at("p7")).lines).toEqual([
      { account: "receivable:u1", debitTyiyn: 900, creditTyiyn: 0 },
      { account: "revenue:penalty", debitTyiyn: 0, creditTyiyn: 900 },
    ]);
    expect(() => postPenalty({ id: "pen-2", waterUserId: "u1", amountTyiyn: -1 }, at("p8"))).toThrow(
      /billing.negativePenalty/,
    );
  });

  it("reverses a posting by its exact mirror with a reason, never by deleting it", () => {
    const cash = postPayment(
      payment("pay-1", "u1", 30_000, { kind: "cash", receiptNumber: "0042" }),
      at("p4"),
    );
    const reversal = postReversal(cash, "receipt entered twice", at("p9", "2026-11-06"));
    expect(reversal).toEqual({
      id: "p9",
      date: "2026-11-06",
      periodId: "2026",
      source: { kind: "reversal", id: "p4" },
      reason: "receipt entered twice",
      lines: [
        { account: "cash", debitTyiyn: 0, creditTyiyn: 30_000 },
        { account: "receivable:u1", debitTyiyn: 30_000, creditTyiyn: 0 },
      ],
    });
    expect(trialBalance([cash, reversal]).accounts.every((a) => a.balanceTyiyn === 0)).toBe(true);
    expect(() => postReversal(cash, "  ", at("p10"))).toThrow(/billing.reasonRequired/);
  });

  it("refuses to mirror a posting that does not balance", () => {
    const broken: Posting = {
      ...at("x"),
      source: { kind: "payment", id: "x" },
      lines: [{ account: "cash", debitTyiyn: 5, creditTyiyn: 0 }],
    };
    expect(() => postReversal(broken, "typo", at("y"))).toThrow(/billing.unbalancedPosting/);
  });

  it("keeps a closed season's postings locked and dates corrections into the next open period", () => {
    const periods: AccountingPeriod[] = [
      { id: "2025", from: "2025-01-01", to: "2025-12-31", closed: true },
      { id: "2026", from: "2026-01-01", to: "2026-12-31", closed: false },
    ];
    const closed = periods.filter((p) => p.closed);
    expect(() => assertPeriodOpen(closed, "2025-11-30")).toThrow(/billing.periodClosed/);
    expect(() => assertPeriodOpen(closed, "2026-01-01")).not.toThrow();
    expect(placeInOpenPeriod(periods, "2025-11-30")).toEqual({ periodId: "2026", date: "2026-01-01" });
    expect(placeInOpenPeriod(periods, "2026-03-08")).toEqual({ periodId: "2026", date: "2026-03-08" });
    expect(() => placeInOpenPeriod(periods.slice(0, 1), "2025-11-30")).toThrow(/billing.noOpenPeriod/);
  });
});

/** One step of a random history of the books. */
type Operation =
  | { op: "invoice" | "supplementary"; user: number; lines: [string, number][] }
  | { op: "credit-note"; user: number; lines: [string, number][] }
  | { op: "payment"; user: number; amountTyiyn: number; method: "cash" | "bank" | "in-kind" }
  | { op: "penalty"; user: number; amountTyiyn: number }
  | { op: "reversal"; target: number };

const amount = fc.integer({ min: 1, max: 1_000_000 });
const charge = fc.tuple(fc.constantFrom("area:a:", "volume:v", "membership"), amount);
const operation: fc.Arbitrary<Operation> = fc.oneof(
  fc.record({
    op: fc.constantFrom("invoice" as const, "supplementary" as const),
    user: fc.nat(3),
    lines: fc.array(
      fc.oneof(
        charge,
        fc.tuple(
          fc.constant("discount:d"),
          amount.map((a) => -a),
        ),
      ),
      { maxLength: 5 },
    ),
  }),
  fc.record({
    op: fc.constant("credit-note" as const),
    user: fc.nat(3),
    lines: fc.array(
      fc.tuple(
        fc.constantFrom("area:a:", "volume:v", "discount:d"),
        amount.map((a) => -a),
      ),
      { maxLength: 3 },
    ),
  }),
  fc.record({
    op: fc.constant("payment" as const),
    user: fc.nat(3),
    amountTyiyn: amount,
    method: fc.constantFrom("cash" as const, "bank" as const, "in-kind" as const),
  }),
  fc.record({ op: fc.constant("penalty" as const), user: fc.nat(3), amountTyiyn: amount }),
  fc.record({ op: fc.constant("reversal" as const), target: fc.nat(1000) }),
);

describe("the fee ledger, over any history", () => {
  it("keeps the trial balance at zero and each user's balance at invoiced − credited − paid ± reversed", () => {
    fc.assert(
      fc.property(fc.array(operation, { maxLength: 40 }), (operations) => {
        const postings: Posting[] = [];
        // The receivable effect of each posting, worked out from the documents, not the ledger.
        const effect: { user: string; tyiyn: number }[] = [];
        operations.forEach((o, i) => {
          const place = at(`p${i}`);
          if (o.op === "reversal") {
            if (postings.length === 0) return;
            const k = o.target % postings.length;
            postings.push(postReversal(postings[k]!, "correction", place));
            effect.push({ user: effect[k]!.user, tyiyn: -effect[k]!.tyiyn });
            return;
          }
          const user = `u${o.user}`;
          if (o.op === "payment") {
            const method: PaymentMethod =
              o.method === "cash"
                ? { kind: "cash", receiptNumber: `r${i}` }
                : o.method === "bank"
                  ? { kind: "bank", reference: `b${i}` }
                  : {
                      kind: "in-kind",
                      commodity: "wheat",
                      quantityKg: o.amountTyiyn,
                      rateTyiynPerKg: 1,
                      valuationDecisionRef: "AK",
                    };
            postings.push(postPayment(payment(`pay${i}`, user, o.amountTyiyn, method), place));
            effect.push({ user, tyiyn: -o.amountTyiyn });
          } else if (o.op === "penalty") {
            postings.push(
              postPenalty({ id: `pen${i}`, waterUserId: user, amountTyiyn: o.amountTyiyn }, place),
            );
            effect.push({ user, tyiyn: o.amountTyiyn });
          } else {
            const doc = document(
              `d${i}`,
              o.op,
              user,
              o.lines.map(([code, a]) => line(code, a)),
            );
            postings.push(o.op === "credit-note" ? postCreditNote(doc, place) : postInvoice(doc, place));
            effect.push({ user, tyiyn: o.lines.reduce((s, [, a]) => s + a, 0) });
          }
        });

        for (const p of postings) {
          const debit = p.lines.reduce((s, l) => s + l.debitTyiyn, 0);
          expect(p.lines.reduce((s, l) => s + l.creditTyiyn, 0)).toBe(debit);
        }
        const tb = trialBalance(postings);
        expect(tb.totalDebitTyiyn).toBe(tb.totalCreditTyiyn);
        expect(tb.accounts.reduce((s, a) => s + a.balanceTyiyn, 0)).toBe(0);
        for (const user of ["u0", "u1", "u2", "u3"]) {
          const expected = effect.filter((e) => e.user === user).reduce((s, e) => s + e.tyiyn, 0);
          expect(balanceOf(postings, receivableOf(user))).toBe(expected);
        }
      }),
    );
  });
});
