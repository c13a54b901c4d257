import { TO_LATIN } from "./latin.js";

/**
 * Uzbek Cyrillic → the Uzbek Latin alphabet (1995, as written in Uzbekistan today: oʻ and gʻ with
 * U+02BB, the tutuq belgisi ъ as U+02BC). Uzbek in Kyrgyzstan is taught in Cyrillic, in Uzbekistan
 * in Latin; the product's Uzbek is written once, in Cyrillic, and offered in Latin from it.
 * Letters Uzbek has not (Kyrgyz ң ө ү in a village's name) go as Kyrgyz passports write them.
 */
const UZBEK: Record<string, string> = {
  // Where Uzbek Latin writes a letter otherwise than Kyrgyz passports do (latin.ts).
  ...TO_LATIN,
  ё: "yo",
  й: "y",
  х: "x",
  щ: "sh",
  ъ: "ʼ",
  ы: "i",
  ю: "yu",
  я: "ya",
  ў: "oʻ",
  қ: "q",
  ғ: "gʻ",
  ҳ: "h",
};

const VOWELS = new Set("аеёиоуэюяў");
const isLetter = (ch: string | undefined) => ch !== undefined && /\p{L}/u.test(ch);
const isUpper = (ch: string | undefined) => ch !== undefined && ch !== ch.toLowerCase();

/** One Cyrillic letter in Latin, by the letters beside it (е and ц are written by where they stand). */
function latinOf(lower: string, before: string | undefined): string | undefined {
  // е is ye at a word's start and after a vowel or a sign (Ер → Yer, поезд → poyezd), else e.
  if (lower === "е")
    return !isLetter(before) || VOWELS.has(before!) || before === "ъ" || before === "ь" ? "ye" : "e";
  // ц is ts after a vowel (милиция → militsiya), else s (цех → sex, концерт → konsert).
  if (lower === "ц") return before !== undefined && VOWELS.has(before) ? "ts" : "s";
  return UZBEK[lower];
}

export function toUzbekLatin(cyrillic: string): string {
  const chars = [...cyrillic];
  let out = "";
  chars.forEach((ch, i) => {
    const lower = ch.toLowerCase();
    const latin = latinOf(lower, chars[i - 1]?.toLowerCase());
    if (latin === undefined) out += ch;
    else if (!isUpper(ch) || latin.length === 0) out += latin;
    else {
      // A word in capitals stays in capitals (ШАҲАР → SHAHAR); a capital opening one gives its
      // first letter (Шаҳар → Shahar, Ўзбекча → Oʻzbekcha).
      const next = chars[i + 1];
      const inCapitals = isLetter(next) ? isUpper(next) : isUpper(chars[i - 1]);
      out += inCapitals ? latin.toUpperCase() : latin[0]!.toUpperCase() + latin.slice(1);
    }
  });
  return out;
}

// What a catalog's text carries for i18next, not for the reader: {{placeholders}} and $t(nesting).
const MARKUP = /(\{\{[^}]*\}\}|\$t\([^)]*\))/;

/** Every text of a catalog's branch in Latin letters, its keys and markup untouched. */
function inLatin(node: unknown): unknown {
  if (typeof node === "string")
    return node
      .split(MARKUP)
      .map((part, i) => (i % 2 === 1 ? part : toUzbekLatin(part)))
      .join("");
  if (typeof node !== "object" || node === null) return node;
  return Object.fromEntries(Object.entries(node).map(([key, value]) => [key, inLatin(value)]));
}

/**
 * A catalog of Uzbek Cyrillic words in Latin letters. The languages' own names stay as each
 * language writes itself: «Ўзбекча» names the Cyrillic choice in either script.
 */
export function catalogInUzbekLatin<T extends Record<string, unknown>>(catalog: T): T {
  const { language, ...words } = catalog;
  const { label, ...names } = (language ?? {}) as Record<string, unknown>;
  return { ...(inLatin(words) as object), language: { ...names, label: inLatin(label) } } as unknown as T;
}

/**
 * Uzbek Latin as a phone types it: oʻ, gʻ and the tutuq belgisi with the apostrophe. An SMS so
 * written stays in GSM-7, 160 characters a segment; one ʻ makes it UCS-2, 70.
 */
export const asTypedOnPhones = (text: string): string => text.replace(/[\u02bb\u02bc]/g, "'");
