import { DomainError, type FieldIssue } from "../shared/errors.js";
import type { Tyiyn } from "../shared/money.js";
import {
  amountForQuantity,
  divRoundHalfAwayFromZero,
  isQuantity,
  scaleQuantity,
  sumQuantities,
  toTyiyn,
} from "./rounding.js";
import { type FeeKind, type Payers, type Tariff, tariffInForce } from "./tariff.js";

/**
 * Invoices of the irrigation service fee, per water user and season, computed from the contract
 * (areas per tariff class and crop) and the measured deliveries. Every line says what it charges
 * for with a stable `code` and `params` for the translated description (`billing.line.<kind>`).
 * Amounts are signed by their effect on what the water user owes: charges positive, discounts
 * negative. Each line is rounded once (rounding.ts); discounts are computed on the exact sum of
 * the rounded charge lines.
 */
export type LineKind = FeeKind | "discount";
export type LineUnit = "ha" | "m3" | "member";
export type LineParams = Record<string, string | number>;

/** What every document line has: enough to reconcile it and to post it to the ledger. */
export interface BillingLine {
  /** Stable across re-runs: "area:<class>:<crop>", "volume:<tariffId>", "membership", "discount:<ref>". */
  code: string;
  kind: LineKind;
  params: LineParams;
  amountTyiyn: Tyiyn;
}

export interface ChargeLine extends BillingLine {
  kind: FeeKind;
  quantity: number;
  unit: LineUnit;
  rateTyiyn: Tyiyn;
  tariffId: string;
}

export interface DiscountLine extends BillingLine {
  kind: "discount";
  basis: "percent" | "fixed";
  reason: string;
  decisionRef: string;
}

export type InvoiceLine = ChargeLine | DiscountLine;

export interface Contract {
  waterUserId: string;
  member: boolean;
  areas: { tariffClass: string; crop?: string; areaHa: number }[];
}

export interface Delivery {
  date: string;
  volumeM3: number;
}

/** An exemption or discount granted by a decision (e.g. the council, for a vulnerable household). */
export type Discount =
  | { kind: "percent"; percent: number; reason: string; decisionRef: string }
  | { kind: "fixed"; amountTyiyn: Tyiyn; reason: string; decisionRef: string };

export interface Season {
  id: string;
  /** Inclusive ISO dates. Area and membership rates are those in force on `from`. */
  from: string;
  to: string;
}

export interface InvoiceInput {
  contract: Contract;
  deliveries: readonly Delivery[];
  tariffs: readonly Tariff[];
  discounts: readonly Discount[];
  season: Season;
}

/**
 * The lines of one water user's invoice for a season:
 * - one area line per (tariff class, crop) of the contract, areas summed exactly, at the area
 *   rate in force on the season's first day;
 * - one volume line per volume tariff, summing the deliveries on the days that tariff was in
 *   force (so a year's growing-season and off-season rates make two lines);
 * - a membership line for members when a membership fee is in force;
 * - one line per discount; percentages apply to the sum of the charges (never compounding), and
 *   discounts together never exceed the charges (a discount beyond is cut, `params.cutFromTyiyn`).
 *
 * A kind of tariff the WUA does not use for this payer during the season (none in force on any
 * day of it) is skipped: an area-only WUA still records deliveries. Where the WUA does use it, a
 * delivery or area with no rate in force throws `billing.noAreaTariff` or
 * `billing.noVolumeTariff` rather than going unbilled.
 */
export function computeInvoiceLines(input: InvoiceInput): InvoiceLine[] {
  validateInvoiceInput(input);
  const { contract, deliveries, tariffs, season } = input;
  const payer: Payers = contract.member ? "members" : "non-members";
  const used = (kind: FeeKind) =>
    tariffs.some(
      (t) =>
        t.kind === kind &&
        (t.payers === "all" || t.payers === payer) &&
        t.validFrom <= season.to &&
        t.validTo >= season.from,
    );
  const lines: InvoiceLine[] = [];

  if (used("area")) {
    const groups = new Map<string, { tariffClass: string; crop?: string; areas: number[] }>();
    for (const a of contract.areas) {
      const code = `area:${a.tariffClass}:${a.crop ?? ""}`;
      const group = groups.get(code) ?? { tariffClass: a.tariffClass, crop: a.crop, areas: [] };
      group.areas.push(a.areaHa);
      groups.set(code, group);
    }
    for (const [code, g] of [...groups].sort(([a], [b]) => (a < b ? -1 : 1))) {
      const query = { date: season.from, tariffClass: g.tariffClass, crop: g.crop, member: contract.member };
      const tariff = tariffInForce(tariffs, "area", query);
      if (!tariff) {
        throw new DomainError("billing.noAreaTariff", {
          date: season.from,
          tariffClass: g.tariffClass,
          crop: g.crop ?? "",
        });
      }
      const areaHa = sumQuantities(g.areas, "areaHa");
      lines.push({
        code,
        kind: "area",
        params: {
          tariffClass: g.tariffClass,
          crop: g.crop ?? "",
          decisionRef: tariff.decision.ref,
        },
        quantity: areaHa,
        unit: "ha",
        rateTyiyn: tariff.rateTyiyn,
        tariffId: tariff.id,
        amountTyiyn: amountForQuantity(areaHa, tariff.rateTyiyn, "areaHa"),
      });
    }
  }

  if (used("volume")) {
    const byTariff = new Map<string, { tariff: Tariff; dates: string[]; volumes: number[] }>();
    for (const d of deliveries) {
      const tariff = tariffInForce(tariffs, "volume", { date: d.date, member: contract.member });
      if (!tariff) throw new DomainError("billing.noVolumeTariff", { date: d.date });
      const group = byTariff.get(tariff.id) ?? { tariff, dates: [], volumes: [] };
      group.dates.push(d.date);
      group.volumes.push(d.volumeM3);
      byTariff.set(tariff.id, group);
    }
    const groups = [...byTariff.values()].sort((a, b) => (a.tariff.validFrom < b.tariff.validFrom ? -1 : 1));
    for (const { tariff, dates, volumes } of groups) {
      const volumeM3 = sumQuantities(volumes, "volumeM3");
      const sorted = [...dates].sort();
      lines.push({
        code: `volume:${tariff.id}`,
        kind: "volume",
        params: {
          from: sorted[0]!,
          to: sorted[sorted.length - 1]!,
          deliveries: dates.length,
          decisionRef: tariff.decision.ref,
        },
        quantity: volumeM3,
        unit: "m3",
        rateTyiyn: tariff.rateTyiyn,
        tariffId: tariff.id,
        amountTyiyn: amountForQuantity(volumeM3, tariff.rateTyiyn, "volumeM3"),
      });
    }
  }

  if (contract.member) {
    const tariff = tariffInForce(tariffs, "membership", { date: season.from, member: true });
    if (tariff) {
      lines.push({
        code: "membership",
        kind: "membership",
        params: { seasonId: season.id, decisionRef: tariff.decision.ref },
        quantity: 1,
        unit: "member",
        rateTyiyn: tariff.rateTyiyn,
        tariffId: tariff.id,
        amountTyiyn: tariff.rateTyiyn,
      });
    }
  }

  const chargedTyiyn = lines.reduce((sum, l) => sum + l.amountTyiyn, 0);
  let leftTyiyn = chargedTyiyn;
  for (const d of input.discounts) {
    const wanted =
      d.kind === "fixed"
        ? d.amountTyiyn
        : toTyiyn(divRoundHalfAwayFromZero(BigInt(chargedTyiyn) * percentBasisPoints(d.percent), 10_000n));
    const amount = Math.min(wanted, leftTyiyn);
    leftTyiyn -= amount;
    lines.push({
      code: `discount:${d.decisionRef}`,
      kind: "discount",
      basis: d.kind,
      reason: d.reason,
      decisionRef: d.decisionRef,
      params: {
        reason: d.reason,
        decisionRef: d.decisionRef,
        ...(d.kind === "percent" ? { percent: d.percent } : {}),
        ...(amount < wanted ? { cutFromTyiyn: wanted } : {}),
      },
      amountTyiyn: amount === 0 ? 0 : -amount, // never -0
    });
  }
  return lines;
}

export function totalTyiyn(lines: readonly BillingLine[]): Tyiyn {
  return lines.reduce((sum, l) => sum + l.amountTyiyn, 0);
}

/** A percentage with at most 2 decimals (12.5 %) as basis points (1250), exactly. */
function percentBasisPoints(percent: number): bigint {
  return scaleQuantity(percent / 100, "percent");
}

/** Every problem of the input at once, as field issues; throws `billing.invalidInvoiceInput`. */
function validateInvoiceInput({ contract, deliveries, discounts, season }: InvoiceInput): void {
  const issues: FieldIssue[] = [];
  const add = (path: (string | number)[], code: string, params: Record<string, string | number> = {}) =>
    issues.push({ path, code, params });
  if (season.from > season.to) add(["season", "to"], "rangeReversed", { from: season.from, to: season.to });
  contract.areas.forEach((a, i) => {
    if (!isQuantity(a.areaHa)) add(["contract", "areas", i, "areaHa"], "decimalQuantity");
    if (!a.tariffClass.trim()) add(["contract", "areas", i, "tariffClass"], "required");
  });
  deliveries.forEach((d, i) => {
    if (!isQuantity(d.volumeM3)) add(["deliveries", i, "volumeM3"], "decimalQuantity");
    if (d.date < season.from || d.date > season.to)
      add(["deliveries", i, "date"], "outsideSeason", { date: d.date, from: season.from, to: season.to });
  });
  const refs = new Set<string>();
  discounts.forEach((d, i) => {
    if (refs.has(d.decisionRef)) add(["discounts", i, "decisionRef"], "duplicateId", { id: d.decisionRef });
    refs.add(d.decisionRef);
    if (!d.decisionRef.trim()) add(["discounts", i, "decisionRef"], "required");
    if (!d.reason.trim()) add(["discounts", i, "reason"], "required");
    if (d.kind === "percent" && !(d.percent <= 100 && isQuantity(d.percent / 100)))
      add(["discounts", i, "percent"], "percentRange");
    if (d.kind === "fixed" && !(Number.isSafeInteger(d.amountTyiyn) && d.amountTyiyn >= 0))
      add(["discounts", i, "amountTyiyn"], "wholeTyiyn");
  });
  if (issues.length > 0)
    throw new DomainError("billing.invalidInvoiceInput", { count: issues.length }, issues);
}

/** What a re-run of billing changes: nothing, or a credit note and/or a supplementary invoice. */
export interface Reconciliation {
  unchanged: boolean;
  /** Lines that lower what is owed (negative amounts): issue as a credit note. */
  creditNote?: BillingLine[];
  /** Lines that raise what is owed (positive amounts): issue as a supplementary invoice. */
  supplementary?: BillingLine[];
}

export type InvoiceKind = "invoice" | "supplementary" | "credit-note";
/** What the ledger charges or credits by a document: a run's invoices, and late-payment penalties. */
export const DOCUMENT_KINDS = [
  "invoice",
  "supplementary",
  "credit-note",
  "penalty",
] as const satisfies readonly (InvoiceKind | "penalty")[];
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

/** An issued document. Never edited once issued: corrections are new documents. */
export interface Invoice {
  id: string;
  kind: InvoiceKind;
  /** Issue number, in the order of issue within the WUA. */
  number: number;
  waterUserId: string;
  seasonId: string;
  issuedOn: string;
  dueOn: string;
  lines: BillingLine[];
  /** For a credit note or supplementary invoice: the invoice it corrects. */
  correctsInvoiceId?: string;
}

/**
 * Compares what was issued for one water user and season (the invoice and every credit note and
 * supplementary invoice since) with the recomputed lines, code by code. A code whose issued total
 * equals the recomputed amount is left alone; a difference becomes a correction line carrying the
 * recomputed line's params plus `issuedTyiyn` and `recomputedTyiyn`. Issued + corrections equals
 * the recomputed amount for every code, so re-running with the corrections issued is unchanged.
 */
export function reconcileInvoices(
  issued: readonly Invoice[],
  recomputedLines: readonly BillingLine[],
): Reconciliation {
  const first = issued[0];
  const mixed = issued.find((d) => d.waterUserId !== first?.waterUserId || d.seasonId !== first?.seasonId);
  if (first && mixed) {
    throw new DomainError("billing.mixedInvoices", { invoiceId: mixed.id, other: first.id });
  }
  const issuedByCode = sumByCode(issued.flatMap((d) => d.lines));
  const recomputedByCode = sumByCode(recomputedLines);
  const codes = [...new Set([...issuedByCode.keys(), ...recomputedByCode.keys()])].sort();
  const creditNote: BillingLine[] = [];
  const supplementary: BillingLine[] = [];
  for (const code of codes) {
    const before = issuedByCode.get(code);
    const after = recomputedByCode.get(code);
    const issuedTyiyn = before?.amountTyiyn ?? 0;
    const recomputedTyiyn = after?.amountTyiyn ?? 0;
    const delta = recomputedTyiyn - issuedTyiyn;
    if (delta === 0) continue;
    const like = (after ?? before)!;
    const line: BillingLine = {
      code,
      kind: like.kind,
      params: { ...like.params, issuedTyiyn, recomputedTyiyn },
      amountTyiyn: delta,
    };
    (delta < 0 ? creditNote : supplementary).push(line);
  }
  return {
    unchanged: creditNote.length === 0 && supplementary.length === 0,
    ...(creditNote.length > 0 ? { creditNote } : {}),
    ...(supplementary.length > 0 ? { supplementary } : {}),
  };
}

/**
 * Whether the sums already issued per line code equal the recomputed lines: the same test as
 * `reconcileInvoices` finding nothing to correct, on sums a run reads in bulk.
 */
export function agreesByCode(
  issuedByCode: ReadonlyMap<string, Tyiyn>,
  recomputedLines: readonly BillingLine[],
): boolean {
  const recomputed = new Map<string, Tyiyn>();
  for (const l of recomputedLines) recomputed.set(l.code, (recomputed.get(l.code) ?? 0) + l.amountTyiyn);
  for (const [code, amount] of issuedByCode) if ((recomputed.get(code) ?? 0) !== amount) return false;
  for (const [code, amount] of recomputed) if ((issuedByCode.get(code) ?? 0) !== amount) return false;
  return true;
}

function sumByCode(lines: readonly BillingLine[]): Map<string, BillingLine> {
  const byCode = new Map<string, BillingLine>();
  for (const l of lines) {
    const seen = byCode.get(l.code);
    if (seen && seen.kind !== l.kind) {
      throw new DomainError("billing.lineKindMismatch", { code: l.code, kind: l.kind, other: seen.kind });
    }
    byCode.set(l.code, { ...(seen ?? l), amountTyiyn: (seen?.amountTyiyn ?? 0) + l.amountTyiyn });
  }
  return byCode;
}
