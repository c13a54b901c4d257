import type { Locale } from "../places/units.js";
import { DomainError } from "./errors.js";
import { formatNumber } from "./number-format.js";

/**
 * Money is integer tyiyn (1 som = 100 tyiyn; the same shape serves somoni/diram). Never a float:
 * every amount that enters the domain is checked to be a safe integer.
 */
export type Tyiyn = number;

export function assertTyiyn(amount: number, field = "amountTyiyn"): Tyiyn {
  if (!Number.isSafeInteger(amount)) {
    throw new DomainError("money.notInteger", { field, value: String(amount) });
  }
  return amount;
}

/** Parses "1234.5", "1 234,50" or "-12" som into tyiyn, exactly (no float arithmetic). */
export function parseSom(text: string): Tyiyn {
  const cleaned = text.replace(/[\s\u00a0\u202f]/g, "").replace(",", ".");
  const match = /^(-?)(\d+)(?:\.(\d{1,2}))?$/.exec(cleaned);
  if (!match) throw new DomainError("money.unparseable", { value: text });
  const [, sign, whole, fraction = ""] = match;
  const tyiyn = Number(whole) * 100 + Number(fraction.padEnd(2, "0"));
  return assertTyiyn(sign === "-" ? -tyiyn : tyiyn);
}

/** Multiplies a money amount by a rational quantity and rounds half away from zero, once. */
export function mulRound(amount: Tyiyn, numerator: number, denominator = 1): Tyiyn {
  const exact = (amount * numerator) / denominator;
  return assertTyiyn(Math.sign(exact) * Math.round(Math.abs(exact)));
}

/**
 * Splits an amount into parts proportional to weights, with the remainder tyiyn going to the
 * largest fractional parts (largest-remainder method), so the parts always add up exactly.
 */
export function allocateProportionally(total: Tyiyn, weights: readonly number[]): Tyiyn[] {
  assertTyiyn(total);
  const weightSum = weights.reduce((a, b) => a + b, 0);
  if (weights.length === 0) return [];
  if (weightSum <= 0) throw new DomainError("money.noWeights");
  const raw = weights.map((w) => (total * w) / weightSum);
  const parts = raw.map((r) => Math.trunc(r));
  let remainder = total - parts.reduce((a, b) => a + b, 0);
  const order = raw
    .map((r, i) => ({ i, frac: Math.abs(r - Math.trunc(r)) }))
    .sort((a, b) => b.frac - a.frac || a.i - b.i);
  const step = Math.sign(remainder);
  for (let k = 0; remainder !== 0; k = (k + 1) % order.length) {
    const slot = order[k]!.i;
    parts[slot] = parts[slot]! + step;
    remainder -= step;
  }
  return parts;
}

const CURRENCY_WORD: Record<string, Partial<Record<Locale, string>>> = {
  KGS: { ky: "сом", ru: "сом", uz: "сўм", "uz-Latn": "soʻm", tg: "сом", en: "KGS" },
  TJS: { ky: "сомони", ru: "сомони", uz: "сомоний", "uz-Latn": "somoniy", tg: "сомонӣ", en: "TJS" },
};

/**
 * 123450 tyiyn → "1 234,50 сом" (ky/ru/uz/tg) or "KGS 1,234.50" (en): the one way money is
 * written, on pages, papers and SMS.
 */
export function formatMoney(tyiyn: Tyiyn, locale: Locale, currency: "KGS" | "TJS" = "KGS"): string {
  assertTyiyn(tyiyn);
  const abs = Math.abs(tyiyn);
  const whole = formatNumber(Math.trunc(abs / 100), locale);
  const fraction = String(abs % 100).padStart(2, "0");
  const decimal = locale === "en" ? "." : ",";
  const number = `${tyiyn < 0 ? "−" : ""}${whole}${decimal}${fraction}`;
  const word = CURRENCY_WORD[currency]?.[locale] ?? currency;
  return locale === "en" ? `${word} ${number}` : `${number}\u00a0${word}`;
}
