/**
 * Effective rainfall: the part of rain that crops use. The method is chosen per WUA and recorded
 * with the plan. All are monthly formulas (as in CROPWAT); a decade gets its share by days.
 */
export type EffectiveRainMethod =
  | { kind: "usda-scs" }
  | { kind: "fixed-fraction"; fraction: number }
  | { kind: "dependable" }
  | { kind: "none" };

/** Effective rain of a month (mm) from its rain (mm). */
export function effectiveRainMonthly(rainMm: number, method: EffectiveRainMethod): number {
  const p = Math.max(0, rainMm);
  switch (method.kind) {
    case "usda-scs": // USDA Soil Conservation Service, as in CROPWAT
      return p <= 250 ? (p * (125 - 0.2 * p)) / 125 : 125 + 0.1 * p;
    case "fixed-fraction":
      return p * method.fraction;
    case "dependable": // FAO/AGLW, rain with 80 % probability of exceedance
      return Math.max(0, p <= 70 ? 0.6 * p - 10 : 0.8 * p - 24);
    case "none":
      return 0;
  }
}

/**
 * Effective rain of a decade: the monthly formula applied to the decade's rain scaled to a month
 * (rain × monthDays / decadeDays), then scaled back, so a decade is treated like its month would be.
 */
export function effectiveRainDecade(
  rainMm: number,
  decadeDays: number,
  monthDays: number,
  method: EffectiveRainMethod,
) {
  const asMonth = (rainMm * monthDays) / decadeDays;
  return (effectiveRainMonthly(asMonth, method) * decadeDays) / monthDays;
}
