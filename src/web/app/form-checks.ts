import i18next from "i18next";

type Field = HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement;

const isField = (target: EventTarget | null): target is Field =>
  target instanceof HTMLInputElement ||
  target instanceof HTMLSelectElement ||
  target instanceof HTMLTextAreaElement;

/** What is wrong with a field, in the interface's language; "" when the browser's checks pass. */
export function fieldProblem(field: Field): string {
  const v = field.validity;
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
  // A pattern's title says what the field wants (e.g. "MM-DD"); the browser would add it to its own text.
  if (field instanceof HTMLInputElement && v.patternMismatch)
    return field.title
      ? i18next.t("common.check.patternWithHint", { hint: field.title })
      : i18next.t("common.check.pattern");
  // Number, day and time fields are text fields that check themselves (`NumberInput`, `DayInput`,
  // `MomentInput`), so no range, step or unreadable input reaches here.
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
