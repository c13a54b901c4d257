import { DomainError } from "../shared/errors.js";
import { assertTyiyn, type Tyiyn } from "../shared/money.js";
import type { Invoice, InvoiceKind, LineKind } from "./invoice.js";
import { assertValidPayment, type Payment } from "./payment.js";
import type { FeeKind } from "./tariff.js";

/**
 * The WUA's double-entry ledger of the fee. Every invoice, supplementary invoice, credit note
 * (discounts included, as their lines), payment, penalty and reversal is one balanced posting:
 * its debits equal its credits. A water user's balance is the debit balance of their receivable
 * account: positive when they owe, negative when they paid in advance.
 */
export type Account =
  | `receivable:${string}`
  | `revenue:${FeeKind}`
  | "revenue:penalty"
  | "cash"
  | "bank"
  | "in-kind-stock"
  | "discounts";

export function receivableOf(waterUserId: string): Account {
  return `receivable:${waterUserId}`;
}

export interface PostingLine {
  account: Account;
  debitTyiyn: Tyiyn;
  creditTyiyn: Tyiyn;
}

export type PostingSourceKind = InvoiceKind | "payment" | "penalty" | "reversal";

export interface Posting {
  id: string;
  /** The accounting date, inside the period `periodId`. */
  date: string;
  periodId: string;
  lines: PostingLine[];
  /** The document posted; for a reversal, the posting it reverses. */
  source: { kind: PostingSourceKind; id: string };
  reason?: string;
}

/** Where a new posting goes: its id, accounting date and period, chosen by the caller. */
export interface PostingPlace {
  id: string;
  date: string;
  periodId: string;
}

export interface AccountingPeriod {
  id: string;
  /** Inclusive ISO dates. */
  from: string;
  to: string;
  closed: boolean;
}

/** A late-payment penalty charged to a water user (see penalty.ts for the amount). */
export interface PenaltyCharge {
  id: string;
  waterUserId: string;
  amountTyiyn: Tyiyn;
}

const LINE_ACCOUNT: Record<LineKind, Account> = {
  area: "revenue:area",
  volume: "revenue:volume",
  membership: "revenue:membership",
  discount: "discounts",
};

/** An invoice or a supplementary invoice: Dr receivable, Cr revenue per fee kind, Dr discounts. */
export function postInvoice(invoice: Invoice, at: PostingPlace): Posting {
  if (invoice.kind === "credit-note") {
    throw new DomainError("billing.wrongDocumentKind", { id: invoice.id, kind: invoice.kind });
  }
  return postDocument(invoice, at);
}

/** A credit note (its lines are negative): Dr revenue (or discounts), Cr receivable. */
export function postCreditNote(creditNote: Invoice, at: PostingPlace): Posting {
  if (creditNote.kind !== "credit-note") {
    throw new DomainError("billing.wrongDocumentKind", { id: creditNote.id, kind: creditNote.kind });
  }
  return postDocument(creditNote, at);
}

/**
 * Each line's amount is its effect on the receivable: the receivable moves by the document's
 * total, and each line's counter-account by the line's amount the other way round.
 */
function postDocument(doc: Invoice, at: PostingPlace): Posting {
  const entries: [Account, number][] = [[receivableOf(doc.waterUserId), 0]];
  for (const line of doc.lines) {
    assertTyiyn(line.amountTyiyn);
    entries[0]![1] += line.amountTyiyn;
    entries.push([LINE_ACCOUNT[line.kind], -line.amountTyiyn]);
  }
  return balanced({ ...place(at), lines: netLines(entries), source: { kind: doc.kind, id: doc.id } });
}

/** Dr cash, bank or in-kind stock; Cr the payer's receivable. */
export function postPayment(payment: Payment, at: PostingPlace): Posting {
  assertValidPayment(payment);
  const money: Account =
    payment.method.kind === "cash" ? "cash" : payment.method.kind === "bank" ? "bank" : "in-kind-stock";
  return balanced({
    ...place(at),
    lines: netLines([
      [money, payment.amountTyiyn],
      [receivableOf(payment.waterUserId), -payment.amountTyiyn],
    ]),
    source: { kind: "payment", id: payment.id },
  });
}

/** Dr the water user's receivable; Cr penalty revenue. */
export function postPenalty(penalty: PenaltyCharge, at: PostingPlace): Posting {
  assertTyiyn(penalty.amountTyiyn);
  if (penalty.amountTyiyn < 0) throw new DomainError("billing.negativePenalty", { id: penalty.id });
  return balanced({
    ...place(at),
    lines: netLines([
      [receivableOf(penalty.waterUserId), penalty.amountTyiyn],
      ["revenue:penalty", -penalty.amountTyiyn],
    ]),
    source: { kind: "penalty", id: penalty.id },
  });
}

/** The exact mirror of a posting (debits and credits swapped), with the reason; nothing is deleted. */
export function postReversal(posting: Posting, reason: string, at: PostingPlace): Posting {
  if (!reason.trim()) throw new DomainError("billing.reasonRequired", { postingId: posting.id });
  return balanced({
    ...place(at),
    lines: posting.lines.map((l) => ({
      account: l.account,
      debitTyiyn: l.creditTyiyn,
      creditTyiyn: l.debitTyiyn,
    })),
    source: { kind: "reversal", id: posting.id },
    reason,
  });
}

export interface TrialBalance {
  accounts: { account: Account; debitTyiyn: Tyiyn; creditTyiyn: Tyiyn; balanceTyiyn: Tyiyn }[];
  totalDebitTyiyn: Tyiyn;
  totalCreditTyiyn: Tyiyn;
}

/** Debits and credits per account (sorted by account); the totals are equal for balanced postings. */
export function trialBalance(postings: readonly Posting[]): TrialBalance {
  const byAccount = new Map<Account, { debitTyiyn: number; creditTyiyn: number }>();
  for (const p of postings) {
    for (const l of p.lines) {
      const row = byAccount.get(l.account) ?? { debitTyiyn: 0, creditTyiyn: 0 };
      row.debitTyiyn += l.debitTyiyn;
      row.creditTyiyn += l.creditTyiyn;
      byAccount.set(l.account, row);
    }
  }
  const accounts = [...byAccount]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([account, r]) => ({ account, ...r, balanceTyiyn: r.debitTyiyn - r.creditTyiyn }));
  return {
    accounts,
    totalDebitTyiyn: accounts.reduce((s, a) => s + a.debitTyiyn, 0),
    totalCreditTyiyn: accounts.reduce((s, a) => s + a.creditTyiyn, 0),
  };
}

/** Debits minus credits on one account: for a receivable, what the water user owes. */
export function balanceOf(postings: readonly Posting[], account: Account): Tyiyn {
  let balance = 0;
  for (const p of postings) {
    for (const l of p.lines) if (l.account === account) balance += l.debitTyiyn - l.creditTyiyn;
  }
  return balance;
}

/** Throws `billing.periodClosed` when `date` falls in a closed period: its postings are locked. */
export function assertPeriodOpen(
  closedPeriods: readonly Pick<AccountingPeriod, "id" | "from" | "to">[],
  date: string,
): void {
  const closed = closedPeriods.find((p) => p.from <= date && date <= p.to);
  if (closed) throw new DomainError("billing.periodClosed", { periodId: closed.id, date });
}

/**
 * Where a posting wanted on `date` goes: that date if its period is open; otherwise the first day
 * of the next open period (a correction to a closed season is dated into the next open one).
 * Throws `billing.noOpenPeriod` when there is none.
 */
export function placeInOpenPeriod(
  periods: readonly AccountingPeriod[],
  date: string,
): { periodId: string; date: string } {
  const sorted = [...periods].sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : 0));
  const containing = sorted.find((p) => p.from <= date && date <= p.to);
  if (containing && !containing.closed) return { periodId: containing.id, date };
  const next = sorted.find((p) => !p.closed && p.from > date);
  if (!next) throw new DomainError("billing.noOpenPeriod", { date });
  return { periodId: next.id, date: next.from };
}

function place(at: PostingPlace): Pick<Posting, "id" | "date" | "periodId"> {
  return { id: at.id, date: at.date, periodId: at.periodId };
}

/** One line per account, netted, in a debit or a credit column; zero lines dropped. */
function netLines(entries: readonly [Account, number][]): PostingLine[] {
  const net = new Map<Account, number>();
  for (const [account, debit] of entries) net.set(account, (net.get(account) ?? 0) + debit);
  return [...net]
    .filter(([, amount]) => amount !== 0)
    .map(([account, amount]) => ({
      account,
      debitTyiyn: Math.max(amount, 0),
      creditTyiyn: Math.max(-amount, 0),
    }));
}

/** Every posting leaves the builders balanced, in whole non-negative tyiyn per column. */
function balanced(posting: Posting): Posting {
  let debit = 0;
  let credit = 0;
  for (const l of posting.lines) {
    assertTyiyn(l.debitTyiyn, "debitTyiyn");
    assertTyiyn(l.creditTyiyn, "creditTyiyn");
    if (l.debitTyiyn < 0 || l.creditTyiyn < 0) {
      throw new DomainError("billing.unbalancedPosting", { postingId: posting.id });
    }
    debit += l.debitTyiyn;
    credit += l.creditTyiyn;
  }
  if (debit !== credit) throw new DomainError("billing.unbalancedPosting", { postingId: posting.id });
  return posting;
}
