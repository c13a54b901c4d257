import type { Sex } from "./pin.js";

/**
 * A certificate's wording as an administrator writes it: plain text with placeholders filled at
 * issue (`{holderName}`) and choices by the holder's sex (`{sex:он|она}`: the male form, then the
 * female). Parsed before it is saved, so a misspelt placeholder is refused at the settings page
 * instead of being printed as `{holdrName}` on a citizen's paper.
 */

/** The values a certificate fills in, the same for every kind (a kind without one prints "—"). */
export const CERTIFICATE_PLACEHOLDERS = [
  "holderName",
  "headName",
  "holderBirthDate",
  "address",
  "purpose",
  "householdNumber",
  "countedOn",
] as const;
export type CertificatePlaceholder = (typeof CERTIFICATE_PLACEHOLDERS)[number];

/** What a choice is made by: `sex` is the holder's. */
export const CERTIFICATE_CHOICES = ["sex"] as const;

export type TemplatePart =
  | { kind: "text"; text: string }
  | { kind: "value"; name: CertificatePlaceholder }
  | { kind: "bySex"; male: string; female: string };

/** Why a wording is refused; `at` is the 1-based character position, for the administrator. */
export type TemplateIssue =
  | { code: "templateUnmatchedOpen"; at: number }
  | { code: "templateUnmatchedClose"; at: number }
  | { code: "templateUnknownPlaceholder"; at: number; name: string }
  | { code: "templateMalformedChoice"; at: number; choice: string };

/** A wording's parts, or every mistake in it (at least one), in the order they stand. */
export type ParsedTemplate =
  | { ok: true; parts: TemplatePart[] }
  | { ok: false; issues: [TemplateIssue, ...TemplateIssue[]] };

const isPlaceholder = (name: string): name is CertificatePlaceholder =>
  (CERTIFICATE_PLACEHOLDERS as readonly string[]).includes(name);

/**
 * Reads a wording into its parts, or names every mistake in it: an administrator corrects
 * `{foo} {holderNme}` in one go, not one round each. A stray brace is passed over as text, so
 * what follows it is still read.
 */
export function parseTemplate(text: string): ParsedTemplate {
  const parts: TemplatePart[] = [];
  const issues: TemplateIssue[] = [];
  let literal = "";
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    if (ch === "}") issues.push({ code: "templateUnmatchedClose", at: i + 1 });
    if (ch !== "{") {
      literal += ch;
      i++;
      continue;
    }
    const close = text.indexOf("}", i + 1);
    const nextOpen = text.indexOf("{", i + 1);
    // A brace left open: none closes it, or another opens before it does (no nesting).
    if (close < 0 || (nextOpen >= 0 && nextOpen < close)) {
      issues.push({ code: "templateUnmatchedOpen", at: i + 1 });
      literal += ch;
      i++;
      continue;
    }
    const part = readPlaceholder(text.slice(i + 1, close), i + 1);
    if ("code" in part) issues.push(part);
    else {
      if (literal) parts.push({ kind: "text", text: literal });
      literal = "";
      parts.push(part);
    }
    i = close + 1;
  }
  const [first, ...rest] = issues;
  if (first) return { ok: false, issues: [first, ...rest] };
  if (literal) parts.push({ kind: "text", text: literal });
  return { ok: true, parts };
}

function readPlaceholder(inner: string, at: number): TemplatePart | TemplateIssue {
  const colon = inner.indexOf(":");
  if (colon < 0)
    return isPlaceholder(inner)
      ? { kind: "value", name: inner }
      : { code: "templateUnknownPlaceholder", at, name: inner };
  const by = inner.slice(0, colon);
  const options = inner.slice(colon + 1).split("|");
  if (!(CERTIFICATE_CHOICES as readonly string[]).includes(by) || options.length !== 2)
    return { code: "templateMalformedChoice", at, choice: `{${inner}}` };
  const [male, female] = options as [string, string];
  if (male.trim() === "" || female.trim() === "")
    return { code: "templateMalformedChoice", at, choice: `{${inner}}` };
  return { kind: "bySex", male, female };
}

/** The text of a valid wording for one holder; an invalid one is refused before it gets here. */
export function fillTemplate(
  parts: readonly TemplatePart[],
  values: Record<CertificatePlaceholder, string>,
  sex: Sex,
): string {
  return parts
    .map((p) =>
      p.kind === "text" ? p.text : p.kind === "value" ? values[p.name] : sex === "male" ? p.male : p.female,
    )
    .join("");
}

/** The languages a certificate's wording is written in, and the fields of each. */
export const TEMPLATE_LANGUAGES = ["ky", "ru"] as const;
export const TEMPLATE_FIELDS = ["title", "body"] as const;
export type TemplateTexts = Record<
  (typeof TEMPLATE_LANGUAGES)[number],
  Record<(typeof TEMPLATE_FIELDS)[number], string>
>;

/** A mistake in one field of a wording, the field named as the API names it (`texts.ru.body`). */
export interface TemplateFieldIssue {
  lang: (typeof TEMPLATE_LANGUAGES)[number];
  field: (typeof TEMPLATE_FIELDS)[number];
  issue: TemplateIssue;
}

/**
 * Every mistake of every field of a wording, in the order the page shows them (a field's in the
 * order they stand in it): empty when all may be printed.
 */
export function templateIssues(
  texts: TemplateTexts,
  langs: readonly (typeof TEMPLATE_LANGUAGES)[number][] = TEMPLATE_LANGUAGES,
): TemplateFieldIssue[] {
  return langs.flatMap((lang) =>
    TEMPLATE_FIELDS.flatMap((field) => {
      const parsed = parseTemplate(texts[lang][field]);
      return parsed.ok ? [] : parsed.issues.map((issue) => ({ lang, field, issue }));
    }),
  );
}
