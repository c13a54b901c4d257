import { sql } from "drizzle-orm";
import {
  bigint,
  boolean,
  check,
  date,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  primaryKey,
  text,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import type { BillingLine, DocumentKind } from "../../domain/billing/invoice.js";
import type { PostingSourceKind } from "../../domain/billing/ledger.js";
import type { PenaltyRule } from "../../domain/billing/penalty.js";
import type { FeeKind, Payers, TariffDecision } from "../../domain/billing/tariff.js";
import { instant, tenantColumns } from "../platform/columns.js";

const day = (name: string) => date(name, { mode: "string" });
/** Money: integer tyiyn, bigint in the database, a JS number (safe integer) in code. */
const tyiyn = (name: string) => bigint(name, { mode: "number" });

/** A dated rate of the irrigation service fee, with the decision that set it (domain/billing/tariff.ts). */
export const billingTariff = pgTable(
  "billing_tariff",
  {
    ...tenantColumns(),
    kind: text("kind").$type<FeeKind>().notNull(),
    tariffClass: text("tariff_class"),
    crop: text("crop"),
    payers: text("payers").$type<Payers>().notNull(),
    validFrom: day("valid_from").notNull(),
    validTo: day("valid_to").notNull(),
    rateTyiyn: tyiyn("rate_tyiyn").notNull(),
    decisionBody: text("decision_body").$type<TariffDecision["body"]>().notNull(),
    decisionRef: text("decision_ref").notNull(),
    decidedOn: day("decided_on").notNull(),
  },
  (t) => [index().on(t.orgId, t.validFrom), check("billing_tariff_rate", sql`${t.rateTyiyn} >= 0`)],
);

/**
 * An exemption or discount granted to one water user by a decision (e.g. the council, for a
 * vulnerable household), in force for the seasons that start within its dates.
 */
export const billingDiscount = pgTable(
  "billing_discount",
  {
    ...tenantColumns(),
    waterUserId: uuid("water_user_id").notNull(),
    basis: text("basis").$type<"percent" | "fixed">().notNull(),
    percent: numeric("percent", { precision: 5, scale: 2, mode: "number" }),
    amountTyiyn: tyiyn("amount_tyiyn"),
    reason: text("reason").notNull(),
    decisionRef: text("decision_ref").notNull(),
    /** Granted because the household is vulnerable: the collection report's vulnerable group. */
    vulnerable: boolean("vulnerable").notNull().default(false),
    validFrom: day("valid_from").notNull(),
    validTo: day("valid_to").notNull(),
    endedAt: instant("ended_at"),
  },
  (t) => [
    index().on(t.orgId, t.waterUserId),
    check("billing_discount_basis", sql`(${t.basis} = 'percent') = (${t.percent} IS NOT NULL)`),
  ],
);

/** In-kind valuation: tyiyn per kg of a commodity, set by the council. */
export interface InKindRate {
  commodity: string;
  rateTyiynPerKg: number;
  decisionRef: string;
  validFrom: string;
}

/** A season's fee billed in instalments: each part's share (percent, two decimals) and due day. */
export interface InstalmentPlan {
  seasonId: string;
  parts: { percent: number; dueOn: string }[];
}

/** One row per organisation: the penalty rule, in-kind rates and payment terms of its billing. */
export const billingSettings = pgTable("billing_settings", {
  ...tenantColumns(),
  penaltyRule: jsonb("penalty_rule").$type<PenaltyRule | null>(),
  penaltyDecisionRef: text("penalty_decision_ref"),
  inKindRates: jsonb("in_kind_rates").$type<InKindRate[]>().notNull().default([]),
  /** Days from issue to due date. */
  dueDays: integer("due_days").notNull().default(30),
  /** Seasons billed in instalments; a season without a plan gets one invoice per user. */
  instalments: jsonb("instalments").$type<InstalmentPlan[]>().notNull().default([]),
  /**
   * The association's own tariff classes, as its people name them, beside the membership classes
   * every contract takes by default: what the tariffs and contracts pages offer.
   */
  tariffClasses: jsonb("tariff_classes").$type<string[]>().notNull().default([]),
});

/** One billing run of a season: what it issued, and what it found already right. */
export const billingRun = pgTable(
  "billing_run",
  {
    ...tenantColumns(),
    seasonId: uuid("season_id").notNull(),
    runOn: day("run_on").notNull(),
    ranBy: uuid("ran_by").notNull(),
    users: integer("users").notNull(),
    invoices: integer("invoices").notNull(),
    supplementary: integer("supplementary").notNull(),
    creditNotes: integer("credit_notes").notNull(),
    unchanged: integer("unchanged").notNull(),
    /** Net effect of the run on what users owe. */
    netTyiyn: tyiyn("net_tyiyn").notNull(),
  },
  (t) => [index().on(t.orgId, t.seasonId)],
);

/** A document's line: an invoice line (domain/billing/invoice.ts) or a late-payment penalty. */
export type DocumentLine = BillingLine | (Omit<BillingLine, "kind"> & { kind: "penalty" });

/**
 * An issued document: invoice, supplementary invoice, credit note or penalty. Never edited after
 * issue (a trigger refuses it): corrections are new documents.
 */
export const billingDocument = pgTable(
  "billing_document",
  {
    ...tenantColumns(),
    kind: text("kind").$type<DocumentKind>().notNull(),
    number: integer("number").notNull(),
    waterUserId: uuid("water_user_id").notNull(),
    seasonId: uuid("season_id").notNull(),
    runId: uuid("run_id"),
    issuedOn: day("issued_on").notNull(),
    dueOn: day("due_on").notNull(),
    totalTyiyn: tyiyn("total_tyiyn").notNull(),
    lines: jsonb("lines").$type<DocumentLine[]>().notNull(),
    correctsId: uuid("corrects_id"),
    postingId: uuid("posting_id").notNull(),
  },
  (t) => [
    uniqueIndex().on(t.orgId, t.number),
    index().on(t.orgId, t.seasonId, t.waterUserId),
    index().on(t.orgId, t.waterUserId),
  ],
);

export type PaymentMethodKind = "cash" | "bank" | "in-kind";

export interface PaymentDetails {
  receiptNumber?: string;
  reference?: string;
  commodity?: string;
  quantityKg?: number;
  rateTyiynPerKg?: number;
  valuationDecisionRef?: string;
}

/** A payment received; a wrong one is reversed with its reason, never deleted. */
export const billingPayment = pgTable(
  "billing_payment",
  {
    ...tenantColumns(),
    waterUserId: uuid("water_user_id").notNull(),
    receivedOn: day("received_on").notNull(),
    amountTyiyn: tyiyn("amount_tyiyn").notNull(),
    method: text("method").$type<PaymentMethodKind>().notNull(),
    details: jsonb("details").$type<PaymentDetails>().notNull(),
    /** Who took the money (the signed-in cashier) and their name as printed on the receipt. */
    takenBy: uuid("taken_by").notNull(),
    takenByName: text("taken_by_name").notNull(),
    idempotencyKey: text("idempotency_key").notNull(),
    postingId: uuid("posting_id").notNull(),
    reversedAt: instant("reversed_at"),
    reversedBy: uuid("reversed_by"),
    reversalReason: text("reversal_reason"),
    reversalPostingId: uuid("reversal_posting_id"),
  },
  (t) => [
    uniqueIndex().on(t.orgId, t.idempotencyKey),
    index().on(t.orgId, t.waterUserId),
    index().on(t.orgId, t.receivedOn),
    check("billing_payment_amount", sql`${t.amountTyiyn} > 0`),
  ],
);

/** What a payment (or a credit note) paid of which invoice. Reversing the payment voids its allocations. */
export const billingAllocation = pgTable(
  "billing_allocation",
  {
    id: uuid("id").primaryKey(),
    orgId: uuid("org_id").notNull(),
    documentId: uuid("document_id").notNull(),
    sourceKind: text("source_kind").$type<"payment" | "credit-note">().notNull(),
    sourceId: uuid("source_id").notNull(),
    waterUserId: uuid("water_user_id").notNull(),
    amountTyiyn: tyiyn("amount_tyiyn").notNull(),
    voidedAt: instant("voided_at"),
  },
  (t) => [
    index().on(t.orgId, t.documentId),
    index().on(t.orgId, t.sourceId),
    index().on(t.orgId, t.waterUserId),
    check("billing_allocation_amount", sql`${t.amountTyiyn} > 0`),
  ],
);

/** One balanced posting of the double-entry ledger (domain/billing/ledger.ts). */
export const billingPosting = pgTable(
  "billing_posting",
  {
    id: uuid("id").primaryKey(),
    orgId: uuid("org_id").notNull(),
    /** The accounting period: a season (its period runs to the day before the next season starts). */
    periodId: uuid("period_id").notNull(),
    postedOn: day("posted_on").notNull(),
    sourceKind: text("source_kind").$type<PostingSourceKind>().notNull(),
    sourceId: uuid("source_id").notNull(),
    reason: text("reason"),
    createdAt: instant("created_at").notNull().defaultNow(),
  },
  (t) => [
    index().on(t.orgId, t.periodId),
    index().on(t.orgId, t.sourceId),
    // The balance check at commit finds its transaction's postings by their creation time.
    index().on(t.createdAt),
  ],
);

export const billingPostingLine = pgTable(
  "billing_posting_line",
  {
    id: uuid("id").primaryKey(),
    orgId: uuid("org_id").notNull(),
    /**
     * No foreign key: a trigger lets a line join only a posting written in the same transaction,
     * once per statement, which is stricter than the key's check once per line.
     */
    postingId: uuid("posting_id").notNull(),
    /** A domain account: "receivable:<water user>", "revenue:area", "cash"… */
    account: text("account").notNull(),
    /** The water user of a receivable line, for a user's balance by index. */
    waterUserId: uuid("water_user_id"),
    debitTyiyn: tyiyn("debit_tyiyn").notNull(),
    creditTyiyn: tyiyn("credit_tyiyn").notNull(),
  },
  (t) => [
    // With the organisation first: row-level security adds "org_id = any(…)" to every lookup, and a
    // posting_id-only index would be ANDed with a scan of all the organisation's lines.
    index().on(t.orgId, t.postingId),
    // Only receivable lines name a user: the others (three in four) stay out of the index.
    index().on(t.orgId, t.waterUserId).where(sql`${t.waterUserId} is not null`),
    check(
      "billing_posting_line_sides",
      sql`${t.debitTyiyn} >= 0 AND ${t.creditTyiyn} >= 0 AND (${t.debitTyiyn} = 0) <> (${t.creditTyiyn} = 0)`,
    ),
  ],
);

/** A closed season: its postings are locked; later corrections go to the next open period. */
export const billingClosedPeriod = pgTable(
  "billing_closed_period",
  {
    id: uuid("id").primaryKey(),
    orgId: uuid("org_id").notNull(),
    periodId: uuid("period_id").notNull(),
    closedAt: instant("closed_at").notNull(),
    closedBy: uuid("closed_by").notNull(),
  },
  (t) => [uniqueIndex().on(t.orgId, t.periodId)],
);

/** Per-organisation counters: document numbers ("document") and cash receipts ("receipt:2026"). */
export const billingCounter = pgTable(
  "billing_counter",
  {
    orgId: uuid("org_id").notNull(),
    series: text("series").notNull(),
    last: integer("last").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.series] })],
);
