import { DomainError } from "../shared/errors.js";
import { assertTyiyn, type Tyiyn } from "../shared/money.js";

/**
 * The one rounding rule of billing.
 *
 * A charge is a quantity (ha, m³, kg — a decimal with at most 4 places: 1 m² of a hectare,
 * 0.1 litre of a m³, 0.1 g of a kg) times an integer rate in tyiyn per unit. The product is
 * computed exactly in integers (bigint) and rounded ONCE per line, to the nearest tyiyn, halves
 * away from zero ("half-up" for the positive amounts of charges; the same rule as `mulRound` in
 * shared/money.ts). Quantities are summed exactly before the rounding (all deliveries at one rate
 * make one line), so the fractions of a tyiyn of many small deliveries are not dropped one by
 * one: the only loss is the one rounding per line, at most half a tyiyn, and it is visible as the
 * difference between `quantity × rateTyiyn` and `amountTyiyn` on that line.
 */
export const QUANTITY_SCALE = 10_000;
const SCALE = BigInt(QUANTITY_SCALE);

/** A quantity as an exact integer count of ten-thousandths; throws if it needs more places. */
export function scaleQuantity(quantity: number, field = "quantity"): bigint {
  if (!isQuantity(quantity))
    throw new DomainError("billing.invalidQuantity", {
      // Named in the reader's words ("quantityKg.0" is a list's item of the same measure).
      field: { key: `errors.billing.quantityField.${field.split(".")[0]}`, params: {} },
      value: { given: quantity },
    });
  return BigInt(Math.round(quantity * QUANTITY_SCALE));
}

/** A finite, non-negative decimal with at most 4 places (up to float noise: 0.37 is fine). */
export function isQuantity(quantity: number): boolean {
  const scaled = quantity * QUANTITY_SCALE;
  const tolerance = Math.max(1e-6, Math.abs(scaled) * 1e-12);
  return Number.isFinite(scaled) && quantity >= 0 && Math.abs(scaled - Math.round(scaled)) <= tolerance;
}

/** numerator / denominator rounded to the nearest integer, halves away from zero. */
export function divRoundHalfAwayFromZero(numerator: bigint, denominator: bigint): bigint {
  if (denominator <= 0n) throw new DomainError("billing.invalidQuantity", { field: "denominator" });
  const negative = numerator < 0n;
  const magnitude = negative ? -numerator : numerator;
  const rounded = (2n * magnitude + denominator) / (2n * denominator);
  return negative ? -rounded : rounded;
}

/** amount = round(quantity × rateTyiyn), by the rule above. */
export function amountForQuantity(quantity: number, rateTyiyn: Tyiyn, field = "quantity"): Tyiyn {
  assertTyiyn(rateTyiyn, "rateTyiyn");
  return toTyiyn(divRoundHalfAwayFromZero(scaleQuantity(quantity, field) * BigInt(rateTyiyn), SCALE));
}

/** Exact sum of decimal quantities (ha or m³), as a number with at most 4 places. */
export function sumQuantities(quantities: readonly number[], field = "quantity"): number {
  const total = quantities.reduce((sum, q, i) => sum + scaleQuantity(q, `${field}.${i}`), 0n);
  return Number(total) / QUANTITY_SCALE;
}

export function toTyiyn(amount: bigint): Tyiyn {
  return assertTyiyn(Number(amount));
}

/** A ratio kept exact, e.g. a collection rate paid/charged; `denominator` 0 means "undefined". */
export interface Rational {
  numerator: number;
  denominator: number;
}

/**
 * A rational as a percentage with a fixed number of decimals and "." as the separator, rounded by
 * the rule above, for an API's field (a report's `ratePercent`); null when the denominator is 0.
 * Not text for people: the pages write a percentage with `formatPercent` (shared/number-format).
 */
export function ratePercent(rate: Rational, decimals = 1): string | null {
  if (rate.denominator === 0) return null;
  const unit = 10n ** BigInt(decimals);
  const sign = rate.numerator < 0 !== rate.denominator < 0 ? -1n : 1n;
  const scaled = divRoundHalfAwayFromZero(
    sign * BigInt(Math.abs(rate.numerator)) * 100n * unit,
    BigInt(Math.abs(rate.denominator)),
  );
  const magnitude = scaled < 0n ? -scaled : scaled;
  const whole = (magnitude / unit).toString();
  const fraction = decimals > 0 ? `.${(magnitude % unit).toString().padStart(decimals, "0")}` : "";
  return `${scaled < 0n ? "-" : ""}${whole}${fraction}`;
}
