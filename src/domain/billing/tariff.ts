import { parseIsoDate } from "../shared/decade.js";
import { DomainError, type FieldIssue } from "../shared/errors.js";

/**
 * Tariffs of the irrigation service fee (суу үчүн төлөм · плата за услуги по подаче воды) are
 * dated data, each with the decision that set it: the WUA's general meeting or the state.
 *
 * - `area`: tyiyn per hectare of the contract, by tariff class and/or crop (2025: 500 som/ha).
 * - `volume`: tyiyn per m³ measured at delivery; a year has several periods with different rates
 *   (2026: 15 tyiyn/m³ in the growing season, 5 tyiyn/m³ outside it) — one tariff per period.
 * - `membership`: tyiyn per member per season (the membership fee).
 *
 * Rates are integer tyiyn per unit: the rates in use (15 tyiyn/m³, 50 000 tyiyn/ha) are whole;
 * fractions of a tyiyn arise only when a rate meets a fractional quantity, and are rounded once
 * per invoice line (see rounding.ts).
 */
export type FeeKind = "area" | "volume" | "membership";
export const FEE_KINDS: readonly FeeKind[] = ["area", "volume", "membership"];

/** Who pays this rate: members of the WUA, non-members, or both at the same rate. */
export type Payers = "members" | "non-members" | "all";

export interface TariffDecision {
  body: "general-meeting" | "state";
  /** Minutes or decree number, e.g. "GM-2025-02 §3". */
  ref: string;
  decidedOn: string;
}

/**
 * The tariff classes a contract takes by its user's membership when it names none. They are codes,
 * named in each language by the catalogs (`wu.tariffClasses`); any other class is the
 * association's own word, shown as written.
 */
export const MEMBERSHIP_CLASSES = ["member", "non-member"] as const;

export const membershipClass = (member: boolean) => MEMBERSHIP_CLASSES[member ? 0 : 1];

/**
 * An association's own classes as it keeps them: each once, as written (trimmed), none empty, in
 * the order given; the membership classes are every association's already, so not among them.
 */
export function ownTariffClasses(classes: readonly string[]): string[] {
  const membership: readonly string[] = MEMBERSHIP_CLASSES;
  return [...new Set(classes.map((c) => c.trim()))].filter((c) => c && !membership.includes(c));
}

export interface Tariff {
  id: string;
  kind: FeeKind;
  /** Area tariffs only: the tariff class the rate applies to; absent for every class. */
  tariffClass?: string;
  /** Area tariffs only: the crop the rate applies to; absent for every crop. */
  crop?: string;
  payers: Payers;
  /** First and last day in force, inclusive ISO dates. */
  validFrom: string;
  validTo: string;
  /** Tyiyn per ha (area), per m³ (volume) or per member and season (membership). */
  rateTyiyn: number;
  decision: TariffDecision;
}

export interface RateQuery {
  date: string;
  tariffClass?: string;
  crop?: string;
  member: boolean;
}

export type RatesInForce = Partial<Record<FeeKind, Tariff>>;

/**
 * Every problem of a tariff table at once, as field issues; throws `billing.invalidTariffs`.
 * Two tariffs of the same kind and the same class/crop that both charge some payer (members,
 * non-members) must not be in force on the same day: the table must say one rate, not two.
 */
export function validateTariffs(tariffs: readonly Tariff[]): void {
  const issues: FieldIssue[] = [];
  const add = (path: (string | number)[], code: string, params: Record<string, string | number> = {}) =>
    issues.push({ path: ["tariffs", ...path], code, params });
  const seen = new Set<string>();
  const datesOk: boolean[] = [];
  tariffs.forEach((t, i) => {
    if (seen.has(t.id)) add([i, "id"], "duplicateId", { id: t.id });
    seen.add(t.id);
    if (!Number.isSafeInteger(t.rateTyiyn)) add([i, "rateTyiyn"], "wholeTyiyn", { id: t.id });
    else if (t.rateTyiyn < 0) add([i, "rateTyiyn"], "negative", { id: t.id });
    if (t.kind !== "area" && (t.tariffClass !== undefined || t.crop !== undefined))
      add([i, "tariffClass"], "classOnlyForArea", { id: t.id });
    if (!t.decision.ref.trim()) add([i, "decision", "ref"], "required", { id: t.id });
    const from = validDate(t.validFrom);
    const to = validDate(t.validTo);
    if (!from) add([i, "validFrom"], "invalid_format", { id: t.id });
    if (!to) add([i, "validTo"], "invalid_format", { id: t.id });
    if (from && to && t.validFrom > t.validTo)
      add([i, "validTo"], "rangeReversed", { from: t.validFrom, to: t.validTo });
    datesOk.push(from && to && t.validFrom <= t.validTo);
  });
  tariffs.forEach((a, i) => {
    for (let j = i + 1; j < tariffs.length; j++) {
      const b = tariffs[j]!;
      if (!datesOk[i] || !datesOk[j] || selectorKey(a) !== selectorKey(b)) continue;
      if (!payersMeet(a.payers, b.payers)) continue;
      if (a.validFrom <= b.validTo && b.validFrom <= a.validTo)
        add([j, "validFrom"], "tariffOverlap", { id: b.id, other: a.id });
    }
  });
  if (issues.length > 0) throw new DomainError("billing.invalidTariffs", { count: issues.length }, issues);
}

/**
 * The tariff of each kind in force on `date` for this payer. An area tariff for the query's
 * class and crop wins over one for the class only, which wins over one for the crop only, which
 * wins over one for every hectare. Assumes a table that passed `validateTariffs`.
 */
export function ratesFor(tariffs: readonly Tariff[], query: RateQuery): RatesInForce {
  const rates: RatesInForce = {};
  for (const kind of FEE_KINDS) {
    const found = tariffInForce(tariffs, kind, query);
    if (found) rates[kind] = found;
  }
  return rates;
}

export function tariffInForce(
  tariffs: readonly Tariff[],
  kind: FeeKind,
  query: RateQuery,
): Tariff | undefined {
  let best: { tariff: Tariff; rank: number } | undefined;
  for (const t of tariffs) {
    if (t.kind !== kind || query.date < t.validFrom || query.date > t.validTo) continue;
    if (!payersMeet(t.payers, query.member ? "members" : "non-members")) continue;
    if (t.tariffClass !== undefined && t.tariffClass !== query.tariffClass) continue;
    if (t.crop !== undefined && t.crop !== query.crop) continue;
    const rank = (t.tariffClass !== undefined ? 2 : 0) + (t.crop !== undefined ? 1 : 0);
    if (!best || rank > best.rank) best = { tariff: t, rank };
  }
  return best?.tariff;
}

function selectorKey(t: Tariff): string {
  return JSON.stringify([t.kind, t.tariffClass ?? null, t.crop ?? null]);
}

function payersMeet(a: Payers, b: Payers): boolean {
  return a === "all" || b === "all" || a === b;
}

function validDate(date: string): boolean {
  try {
    parseIsoDate(date);
    return true;
  } catch {
    return false;
  }
}
