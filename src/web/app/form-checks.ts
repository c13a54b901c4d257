import i18next from "i18next";
import type { Locale } from "../../domain/places/units.js";
import { formatNumber } from "./format.js";

type Field = HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement;

const isField = (target: EventTarget | null): target is Field =>
  target instanceof HTMLInputElement ||
  target instanceof HTMLSelectElement ||
  target instanceof HTMLTextAreaElement;

/** A bound of a number field written the user's way. Day fields check their own (`DayInput`). */
function bound(value: string, locale: Locale): string {
  const number = Number(value);
  const fractionDigits = (value.split(".")[1] ?? "").length;
  return Number.isFinite(number) ? formatNumber(number, locale, fractionDigits) : value;
}

/** What is wrong with a field, in the interface's language; "" when the browser's checks pass. */
export function fieldProblem(field: Field): string {
  const v = field.validity;
  const locale = (i18next.language ?? "ky") as Locale;
  if (v.valueMissing) {
    if (field instanceof HTMLSelectElement) return i18next.t("common.check.choose");
    if (field instanceof HTMLInputElement && field.type === "checkbox") return i18next.t("common.check.tick");
    if (field instanceof HTMLInputElement && field.type === "radio") return i18next.t("common.check.choose");
    if (field instanceof HTMLInputElement && field.type === "file") return i18next.t("common.check.file");
    return i18next.t("common.check.fillIn");
  }
  if (!(field instanceof HTMLSelectElement)) {
    if (v.tooShort) return i18next.t("common.check.tooShort", { length: field.minLength });
    if (v.tooLong) return i18next.t("common.check.tooLong", { length: field.maxLength });
  }
  if (field instanceof HTMLInputElement) {
    if (v.badInput)
      return field.type === "number"
        ? i18next.t("common.check.badNumber")
        : i18next.t("common.check.badValue");
    if (v.typeMismatch)
      return field.type === "email"
        ? i18next.t("common.check.email")
        : field.type === "url"
          ? i18next.t("common.check.url")
          : i18next.t("common.check.badValue");
    // A pattern's title says what the field wants (e.g. "MM-DD"); the browser would add it to its own text.
    if (v.patternMismatch)
      return field.title
        ? i18next.t("common.check.patternWithHint", { hint: field.title })
        : i18next.t("common.check.pattern");
    if (v.rangeUnderflow) return i18next.t("common.check.atLeast", { bound: bound(field.min, locale) });
    if (v.rangeOverflow) return i18next.t("common.check.atMost", { bound: bound(field.max, locale) });
    if (v.stepMismatch)
      return field.step === "1" || field.step === ""
        ? i18next.t("common.check.wholeNumber")
        : i18next.t("common.check.step", { step: bound(field.step, locale) });
  }
  return v.valid || v.customError ? "" : i18next.t("common.check.badValue");
}

/**
 * The browser's own messages for a form's checks ("Please fill out this field") come in the
 * language of the browser, not the user's: a clerk's Kyrgyz page would answer in English or Russian.
 * Every field's message is replaced with ours when the browser finds it invalid, and the replacement
 * is cleared as soon as the field changes, so that the browser checks it afresh. A message that a
 * page set itself (a custom error) is left alone.
 */
export function localizeFormChecks(): void {
  const ours = new WeakSet<Field>();
  document.addEventListener(
    "invalid",
    (event) => {
      const field = event.target;
      if (!isField(field) || (field.validity.customError && !ours.has(field))) return;
      field.setCustomValidity("");
      const problem = fieldProblem(field);
      if (!problem) return;
      field.setCustomValidity(problem);
      ours.add(field);
    },
    true,
  );
  const clear = (event: Event) => {
    const field = event.target;
    if (!isField(field) || !ours.has(field)) return;
    ours.delete(field);
    field.setCustomValidity("");
  };
  document.addEventListener("input", clear, true);
  document.addEventListener("change", clear, true);
}
