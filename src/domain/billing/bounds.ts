/**
 * The largest money a person may enter in billing. Each is far above anything a WUA charges or
 * takes, so no true amount is refused, and low enough that every sum the reports make stays an
 * exact integer in a number (Number.MAX_SAFE_INTEGER is about 9.0e15 tyiyn). A WUA's whole yearly
 * fee income is a few million som, and its largest user (a farm of a few hundred ha at about
 * 1,500 som/ha) owes well under a million; at 10 million som per payment the ledger could take
 * nine million payments of the maximum before a total lost a tyiyn.
 */
export const MAX_PAYMENT_TYIYN = 1_000_000_000; // 10,000,000 som: one payment, or a fixed discount

/** A tariff's rate: 100,000 som per ha, per m³ or per member, hundreds of times any real fee. */
export const MAX_RATE_TYIYN = 10_000_000;

/** The council's valuation of goods paid in kind: 10,000 som per kg (wheat is about 25 som/kg). */
export const MAX_RATE_TYIYN_PER_KG = 1_000_000;
