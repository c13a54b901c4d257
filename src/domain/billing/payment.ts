import { DomainError } from "../shared/errors.js";
import { assertTyiyn, type Tyiyn } from "../shared/money.js";
import { amountForQuantity } from "./rounding.js";

/**
 * Payments of the fee: cash against a receipt, a bank transfer, or in kind (e.g. wheat) valued
 * at a rate in tyiyn per kg set by the council. A payment may be partial or exceed what is owed
 * (an advance: it stays as a credit on the water user's receivable account until new invoices
 * use it). A wrong payment is reversed with a reason (ledger.ts), never deleted.
 */
export type PaymentMethod =
  | { kind: "cash"; receiptNumber: string }
  | { kind: "bank"; reference: string }
  | {
      kind: "in-kind";
      commodity: string;
      quantityKg: number;
      rateTyiynPerKg: Tyiyn;
      /** The council decision that set the valuation rate. */
      valuationDecisionRef: string;
    };

export interface Payment {
  id: string;
  waterUserId: string;
  receivedOn: string;
  amountTyiyn: Tyiyn;
  method: PaymentMethod;
}

/** An invoice (or supplementary invoice) with something still owed on it. */
export interface OpenInvoice {
  invoiceId: string;
  /** Issue number: breaks ties between invoices due on the same day. */
  number: number;
  dueOn: string;
  outstandingTyiyn: Tyiyn;
}

export interface PaymentApplication {
  allocations: { invoiceId: string; amountTyiyn: Tyiyn }[];
  /** What is left after every open invoice is paid: an advance on the receivable account. */
  advanceTyiyn: Tyiyn;
}

/**
 * Applies a payment to open invoices, oldest debt first: by due date, then issue number. When
 * the payer names invoices (`allocateTo`), those are paid first in the order named; whatever is
 * left then goes to the other open invoices oldest first, and only then becomes an advance, so
 * that a named payment never leaves older debt growing penalties while money sits unused.
 */
export function applyPayment(
  openInvoices: readonly OpenInvoice[],
  amountTyiyn: Tyiyn,
  options: { allocateTo?: readonly string[] } = {},
): PaymentApplication {
  assertTyiyn(amountTyiyn);
  if (amountTyiyn <= 0) throw new DomainError("billing.paymentNotPositive", { amountTyiyn });
  const byId = new Map(openInvoices.map((inv) => [inv.invoiceId, inv]));
  const named = options.allocateTo ?? [];
  for (const id of named) {
    if (!byId.has(id)) throw new DomainError("billing.unknownInvoice", { invoiceId: id });
  }
  const namedSet = new Set(named);
  const oldestFirst = [...openInvoices]
    .filter((inv) => !namedSet.has(inv.invoiceId))
    .sort((a, b) => (a.dueOn < b.dueOn ? -1 : a.dueOn > b.dueOn ? 1 : a.number - b.number));
  const order = [...new Set(named)].map((id) => byId.get(id)!).concat(oldestFirst);

  let leftTyiyn = amountTyiyn;
  const allocations: PaymentApplication["allocations"] = [];
  for (const inv of order) {
    if (leftTyiyn === 0) break;
    const amount = Math.min(leftTyiyn, Math.max(0, inv.outstandingTyiyn));
    if (amount === 0) continue;
    allocations.push({ invoiceId: inv.invoiceId, amountTyiyn: amount });
    leftTyiyn -= amount;
  }
  return { allocations, advanceTyiyn: leftTyiyn };
}

/** The value of a payment in kind: kg (at most 4 decimals) × tyiyn per kg, rounded once, half-up. */
export function inKindValueTyiyn(quantityKg: number, rateTyiynPerKg: Tyiyn): Tyiyn {
  return amountForQuantity(quantityKg, rateTyiynPerKg, "quantityKg");
}

/** Checks a payment before it is posted; throws on a non-positive amount or a wrong valuation. */
export function assertValidPayment(payment: Payment): void {
  assertTyiyn(payment.amountTyiyn);
  if (payment.amountTyiyn <= 0) {
    throw new DomainError("billing.paymentNotPositive", { amountTyiyn: payment.amountTyiyn });
  }
  const m = payment.method;
  if (m.kind === "in-kind") {
    const valueTyiyn = inKindValueTyiyn(m.quantityKg, m.rateTyiynPerKg);
    if (valueTyiyn !== payment.amountTyiyn) {
      throw new DomainError("billing.inKindValueMismatch", { amountTyiyn: payment.amountTyiyn, valueTyiyn });
    }
  }
}
