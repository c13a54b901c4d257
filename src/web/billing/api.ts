// Billing's shapes as the pages use them; test/unit/api-contract.test.ts checks the paths.
export interface Season {
  id: string;
  name: string;
  year: number;
  startsOn: string;
  endsOn: string;
  closed: boolean;
}

export interface Tariff {
  id: string;
  kind: "area" | "volume" | "membership";
  tariffClass: string | null;
  crop: string | null;
  payers: "members" | "non-members" | "all";
  validFrom: string;
  validTo: string;
  rateTyiyn: number;
  decisionBody: "general-meeting" | "state";
  decisionRef: string;
  decidedOn: string;
  version: number;
}

export interface Discount {
  id: string;
  waterUserId: string;
  userNumber: number;
  userName: string;
  basis: "percent" | "fixed";
  percent: number | null;
  amountTyiyn: number | null;
  reason: string;
  decisionRef: string;
  validFrom: string;
  validTo: string;
  endedAt: string | null;
  vulnerable: boolean;
  version: number;
  /** For a discount granted for vulnerability: the register's flags it relies on, today. */
  register: { on: string; linked: boolean; flags: string[] } | null;
}

export type PenaltyRule =
  | { kind: "daily"; basisPointsPerDay: number; graceDays: number; capPercent: number }
  | { kind: "monthly"; percentPerMonth: number; graceDays: number; capPercent: number };

export interface InKindRate {
  commodity: string;
  rateTyiynPerKg: number;
  decisionRef: string;
  validFrom: string;
}

export interface InstalmentPlan {
  seasonId: string;
  parts: { percent: number; dueOn: string }[];
}

export interface BillingSettings {
  penaltyRule: PenaltyRule | null;
  penaltyDecisionRef: string | null;
  inKindRates: InKindRate[];
  dueDays: number;
  instalments: InstalmentPlan[];
  /** The association's own tariff classes, beside the membership classes. */
  tariffClasses: string[];
  version: number;
}

export interface Run {
  id: string;
  seasonId: string;
  runOn: string;
  users: number;
  invoices: number;
  supplementary: number;
  creditNotes: number;
  unchanged: number;
  netTyiyn: number;
}

export interface DocumentLine {
  code: string;
  kind: string;
  amountTyiyn: number;
  quantity?: number;
  rateTyiyn?: number;
  params: Record<string, string | number>;
}

export interface BillingDocument {
  id: string;
  kind: "invoice" | "supplementary" | "credit-note" | "penalty";
  number: number;
  waterUserId: string;
  userNumber: number;
  userName: string;
  issuedOn: string;
  dueOn: string;
  totalTyiyn: number;
  lines: DocumentLine[];
}

export interface CashierHit {
  id: string;
  number: number;
  displayName: string;
  balanceTyiyn: number;
  openInvoices: { id: string; number: number; dueOn: string; outstandingTyiyn: number }[];
}

export interface Payment {
  id: string;
  userNumber: number;
  userName: string;
  receivedOn: string;
  amountTyiyn: number;
  method: "cash" | "bank" | "in-kind";
  details: { receiptNumber?: string; reference?: string; commodity?: string; quantityKg?: number };
  reversedAt: string | null;
  reversalReason: string | null;
  version: number;
}

export interface Statement {
  user: { id: string; number: number; displayName: string; villageCode: string | null };
  from: string | null;
  to: string | null;
  openingBalanceTyiyn: number;
  closingBalanceTyiyn: number;
  lines: {
    kind: string;
    id: string;
    on: string;
    ref: string;
    amountTyiyn: number;
    reason: string | null;
    balanceTyiyn: number;
  }[];
  balanceTyiyn: number;
}

export interface Buckets {
  notDue: number;
  d0_30: number;
  d31_90: number;
  d90plus: number;
  total: number;
}

export interface Debtor extends Buckets {
  waterUserId: string;
  number: number;
  displayName: string;
  villageCode: string | null;
}

export interface RateGroup {
  key: string;
  chargedTyiyn: number;
  paidTyiyn: number;
  ratePercent: string | null;
}

export interface Collection {
  total: Omit<RateGroup, "key">;
  byVillage: RateGroup[];
  byVulnerability: RateGroup[];
  flagsOn: string;
  confirmedLinks: number;
}

export interface TrialBalance {
  accounts: { account: string; debitTyiyn: number; creditTyiyn: number; balanceTyiyn: number }[];
  totalDebitTyiyn: number;
  totalCreditTyiyn: number;
}

export const BILLING_ENDPOINTS = {
  billingSeasons: ["GET", "/api/billing/seasons"],
  closeSeason: ["POST", "/api/billing/seasons/{seasonId}/close"],
  tariffs: ["GET", "/api/billing/tariffs"],
  addTariff: ["POST", "/api/billing/tariffs"],
  discounts: ["GET", "/api/billing/discounts"],
  grantDiscount: ["POST", "/api/billing/discounts"],
  endDiscount: ["POST", "/api/billing/discounts/{discountId}/end"],
  settings: ["GET", "/api/billing/settings"],
  saveSettings: ["PUT", "/api/billing/settings"],
  runs: ["GET", "/api/billing/runs"],
  startRun: ["POST", "/api/billing/runs"],
  documents: ["GET", "/api/billing/documents"],
  cashier: ["GET", "/api/billing/cashier"],
  payments: ["GET", "/api/billing/payments"],
  pay: ["POST", "/api/billing/payments"],
  reversePayment: ["POST", "/api/billing/payments/{paymentId}/reverse"],
  receipt: ["GET", "/api/billing/payments/{paymentId}/receipt"],
  debtors: ["GET", "/api/billing/debtors"],
  debtorsExport: ["GET", "/api/billing/debtors/export"],
  reminders: ["POST", "/api/billing/reminders"],
  penalties: ["POST", "/api/billing/penalties"],
  statement: ["GET", "/api/billing/users/{waterUserId}/statement"],
  statementPdf: ["GET", "/api/billing/users/{waterUserId}/statement/pdf"],
  collection: ["GET", "/api/billing/seasons/{seasonId}/collection"],
  trialBalance: ["GET", "/api/billing/trial-balance"],
} as const;
