import i18next from "i18next";
import type { Locale } from "../../domain/places/units.js";
import { formatDate, formatNumber } from "./format.js";

type Field = HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement;

const isField = (target: EventTarget | null): target is Field =>
  target instanceof HTMLInputElement ||
  target instanceof HTMLSelectElement ||
  target instanceof HTMLTextAreaElement;

/** A bound of a date or number field written the user's way. */
function bound(field: HTMLInputElement, value: string, locale: Locale): string {
  if (field.type === "date") return formatDate(value, locale);
  const number = Number(value);
  const fractionDigits = (value.split(".")[1] ?? "").length;
  return Number.isFinite(number) ? formatNumber(number, locale, fractionDigits) : value;
}

/** What is wrong with a field, in the interface's language; "" when the browser's checks pass. */
export function fieldProblem(field: Field): string {
  const v = field.validity;
  const t = (key: string, options?: Record<string, unknown>) => i18next.t(`common.check.${key}`, options);
  const locale = (i18next.language ?? "ky") as Locale;
  if (v.valueMissing) {
    if (field instanceof HTMLSelectElement) return t("choose");
    if (field instanceof HTMLInputElement && field.type === "checkbox") return t("tick");
    if (field instanceof HTMLInputElement && field.type === "radio") return t("choose");
    if (field instanceof HTMLInputElement && field.type === "file") return t("file");
    return t("fillIn");
  }
  if (!(field instanceof HTMLSelectElement)) {
    if (v.tooShort) return t("tooShort", { length: field.minLength });
    if (v.tooLong) return t("tooLong", { length: field.maxLength });
  }
  if (field instanceof HTMLInputElement) {
    if (v.badInput)
      return t(field.type === "date" ? "badDate" : field.type === "number" ? "badNumber" : "badValue");
    if (v.typeMismatch)
      return t(field.type === "email" ? "email" : field.type === "url" ? "url" : "badValue");
    // A pattern's title says what the field wants (e.g. "MM-DD"); the browser would add it to its own text.
    if (v.patternMismatch) return field.title ? t("patternWithHint", { hint: field.title }) : t("pattern");
    const date = field.type === "date";
    if (v.rangeUnderflow)
      return t(date ? "notBefore" : "atLeast", { bound: bound(field, field.min, locale) });
    if (v.rangeOverflow) return t(date ? "notAfter" : "atMost", { bound: bound(field, field.max, locale) });
    if (v.stepMismatch)
      return field.step === "1" || field.step === ""
        ? t("wholeNumber")
        : t("step", { step: bound(field, field.step, locale) });
  }
  return v.valid || v.customError ? "" : t("badValue");
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
