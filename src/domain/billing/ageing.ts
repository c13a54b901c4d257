import type { Tyiyn } from "../shared/money.js";
import { daysBetween } from "./calendar.js";
import type { OpenInvoice } from "./payment.js";
import type { Rational } from "./rounding.js";

/**
 * Debtor ageing: what is outstanding, by days past the due date as of a date. Bucket bounds are
 * inclusive: 0–30 days (0 = due today), 31–90, and over 90. What is not yet due has its own
 * bucket, so the buckets always add up to the total outstanding. All amounts in tyiyn.
 */
export interface AgeingBuckets {
  notDue: Tyiyn;
  d0_30: Tyiyn;
  d31_90: Tyiyn;
  d90plus: Tyiyn;
  total: Tyiyn;
}

export function ageDebts(openInvoices: readonly OpenInvoice[], asOf: string): AgeingBuckets {
  const buckets: AgeingBuckets = { notDue: 0, d0_30: 0, d31_90: 0, d90plus: 0, total: 0 };
  for (const inv of openInvoices) {
    const daysPastDue = daysBetween(inv.dueOn, asOf);
    const bucket: keyof AgeingBuckets =
      daysPastDue < 0 ? "notDue" : daysPastDue <= 30 ? "d0_30" : daysPastDue <= 90 ? "d31_90" : "d90plus";
    buckets[bucket] += inv.outstandingTyiyn;
    buckets.total += inv.outstandingTyiyn;
  }
  return buckets;
}

/** Ageing per group (a water user, a village, vulnerable or not), sorted by key. */
export function ageDebtsBy<T extends OpenInvoice>(
  openInvoices: readonly T[],
  asOf: string,
  keyOf: (invoice: T) => string,
): { key: string; buckets: AgeingBuckets }[] {
  return groupBy(openInvoices, keyOf).map(([key, items]) => ({ key, buckets: ageDebts(items, asOf) }));
}

/** The collection rate of a season, paid / charged, exact; `denominator` 0 when nothing was charged. */
export function collectionRate(chargedTyiyn: Tyiyn, paidTyiyn: Tyiyn): Rational {
  return { numerator: paidTyiyn, denominator: chargedTyiyn };
}

export interface CollectionRow {
  key: string;
  chargedTyiyn: Tyiyn;
  paidTyiyn: Tyiyn;
  rate: Rational;
}

/**
 * The collection rate overall and per group, for rows such as one per water user and season;
 * the key (village, "vulnerable" / "other") is the caller's. Groups are sorted by key.
 */
export function collectionRatesBy<T extends { chargedTyiyn: Tyiyn; paidTyiyn: Tyiyn }>(
  rows: readonly T[],
  keyOf: (row: T) => string,
): { total: Omit<CollectionRow, "key">; groups: CollectionRow[] } {
  const sum = (items: readonly T[]) => {
    const chargedTyiyn = items.reduce((s, r) => s + r.chargedTyiyn, 0);
    const paidTyiyn = items.reduce((s, r) => s + r.paidTyiyn, 0);
    return { chargedTyiyn, paidTyiyn, rate: collectionRate(chargedTyiyn, paidTyiyn) };
  };
  return {
    total: sum(rows),
    groups: groupBy(rows, keyOf).map(([key, items]) => ({ key, ...sum(items) })),
  };
}

function groupBy<T>(items: readonly T[], keyOf: (item: T) => string): [string, T[]][] {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const group = groups.get(key) ?? [];
    group.push(item);
    groups.set(key, group);
  }
  return [...groups].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}
