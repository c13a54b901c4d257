import { DomainError } from "../shared/errors.js";
import type { BillingLine } from "./invoice.js";
import { divRoundHalfAwayFromZero, isQuantity, scaleQuantity, toTyiyn } from "./rounding.js";

/**
 * A season's fee billed in instalments (say 50 % due 1 June, 50 % due 1 September): each part's
 * share of every invoice line and the day it falls due. Shares are percentages with at most two
 * decimals that sum to exactly 100; due days strictly increase.
 */
export interface InstalmentPart {
  percent: number;
  dueOn: string;
}

export const MAX_INSTALMENTS = 12;

export function validateInstalments(parts: readonly InstalmentPart[]): void {
  if (parts.length === 0 || parts.length > MAX_INSTALMENTS)
    throw new DomainError("billing.instalmentCount", { count: parts.length, max: MAX_INSTALMENTS });
  parts.forEach((p, i) => {
    if (!(p.percent > 0 && p.percent <= 100 && isQuantity(p.percent / 100)))
      throw new DomainError("billing.instalmentPercent", { number: i + 1, percent: p.percent });
    const before = parts[i - 1];
    if (before && before.dueOn >= p.dueOn)
      throw new DomainError("billing.instalmentOrder", {
        number: i + 1,
        dueOn: p.dueOn,
        before: before.dueOn,
      });
  });
  const total = parts.reduce((sum, p) => sum + basisPoints(p.percent), 0n);
  if (total !== 10_000n) throw new DomainError("billing.instalmentTotal", { total: Number(total) / 100 });
}

/** A percentage with at most two decimals (12.5 %) as basis points (1250), exactly. */
const basisPoints = (percent: number) => scaleQuantity(percent / 100, "percent");

/**
 * Each instalment's lines: every line split by the parts' shares. A line's share in part k is its
 * amount at the cumulative share up to k, less that up to k − 1, each rounded half away from zero;
 * so the shares of a line sum to exactly its amount (no tyiyn lost or made) and the last part
 * takes no more than one tyiyn of rounding per line. Each share names its instalment in `params`.
 */
export function splitIntoInstalments<L extends BillingLine>(
  lines: readonly L[],
  parts: readonly InstalmentPart[],
): L[][] {
  validateInstalments(parts);
  let cumulative = 0n;
  const bounds = [0n, ...parts.map((p) => (cumulative += basisPoints(p.percent)))];
  const at = (amount: number, k: number) => divRoundHalfAwayFromZero(BigInt(amount) * bounds[k]!, 10_000n);
  return parts.map((part, k) =>
    lines.map((line) => ({
      ...line,
      params: {
        ...line.params,
        instalment: k + 1,
        instalments: parts.length,
        instalmentPercent: part.percent,
      },
      amountTyiyn: toTyiyn(at(line.amountTyiyn, k + 1) - at(line.amountTyiyn, k)),
    })),
  );
}
