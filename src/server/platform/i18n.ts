import { readFileSync } from "node:fs";
import path from "node:path";
import i18next, { type i18n } from "i18next";
import { CATALOG_LOCALES, catalogOf, LOCALES, type Locale, wordsIn } from "../../domain/places/units.js";
import {
  DomainError,
  type GivenNumber,
  type NestedMessage,
  type VerbatimText,
} from "../../domain/shared/errors.js";
import { decimalsOf, formatNumber, givenDecimals } from "../../domain/shared/number-format.js";
import { isIsoDay, localeDate } from "../../domain/shared/paper-date.js";
import { localesDir } from "./paths.js";

/** The server reads the same catalogs as the web app: one i18n function, one set of texts. */
let instance: i18n | null = null;

function load(): i18n {
  if (instance) return instance;
  const catalogs = new Map(
    CATALOG_LOCALES.map((l) => [l, JSON.parse(readFileSync(path.join(localesDir, `${l}.json`), "utf8"))]),
  );
  const resources = Object.fromEntries(
    LOCALES.map((l) => [l, { translation: wordsIn(l, catalogs.get(catalogOf(l))) }]),
  );
  const created = i18next.createInstance();
  void created.init({
    resources,
    lng: "ky",
    fallbackLng: ["ru", "en"],
    interpolation: { escapeValue: false },
    initAsync: false,
  });
  instance = created;
  return created;
}

const isNestedMessage = (value: unknown): value is NestedMessage =>
  typeof value === "object" && value !== null && typeof (value as NestedMessage).key === "string";
const isGivenNumber = (value: unknown): value is GivenNumber =>
  typeof value === "object" && value !== null && typeof (value as GivenNumber).given === "number";

const isVerbatim = (value: unknown): value is VerbatimText =>
  typeof value === "object" && value !== null && typeof (value as VerbatimText).verbatim === "string";

/** A measure is written to the register's four decimals at most (an area of 0.3 ha as 0,3, not 0,3000). */
const REGISTER_DECIMALS = 4;

/** A moment on an organisation's clock as a parameter carries it, "YYYY-MM-DDTHH:MM" (no zone: already local). */
const LOCAL_MOMENT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/;

/**
 * The catalog's text with its parameters filled in. Days travel as ISO (domain errors, import
 * issues), and moments as the organisation's wall clock (localMomentOf), and are written here,
 * once, the way the reader's screen writes them (localeDate, and the 24-hour clock); so are
 * fractions (an area, a temperature), with the reader's decimal comma, so the catalog names them
 * with no format of its own. Whole numbers stay as given: a household's number or a year is not
 * grouped by thousands. A parameter that is a message of its own is put in as its text (a list of
 * them, one after the other); a value verbatim as it is; a number as the user gave it (GivenNumber)
 * with every decimal it has.
 */
export function translate(locale: Locale, key: string, params: Record<string, unknown> = {}): string {
  const filled = Object.fromEntries(
    Object.entries(params).map(([name, value]) => [name, paramText(locale, value)]),
  );
  return load().t(key, { lng: locale, ...filled });
}

/** A parameter as `translate` puts it into its message. */
function paramText(locale: Locale, value: unknown): unknown {
  if (typeof value === "string" && isIsoDay(value)) return localeDate(value, locale);
  if (typeof value === "string" && LOCAL_MOMENT.test(value))
    return `${localeDate(value.slice(0, 10), locale)} ${value.slice(11)}`;
  if (typeof value === "number" && !Number.isInteger(value))
    return formatNumber(value, locale, decimalsOf(value, REGISTER_DECIMALS));
  if (isNestedMessage(value)) return translate(locale, value.key, value.params);
  if (Array.isArray(value) && value.every(isNestedMessage))
    return value.map((message) => translate(locale, message.key, message.params)).join(", ");
  if (isVerbatim(value)) return value.verbatim;
  if (isGivenNumber(value)) return formatNumber(value.given, locale, givenDecimals(value.given));
  return value;
}

export function hasTranslation(locale: Locale, key: string): boolean {
  return load().exists(key, { lng: locale, fallbackLng: false });
}

/** Picks the best supported language from an Accept-Language header; Kyrgyz when nothing matches. */
export function localeFromHeader(header: string | undefined): Locale {
  if (!header) return "ky";
  const wanted = header
    .split(",")
    .map((part) => {
      const [tag = "", q] = part.trim().split(";q=");
      return { tag: tag.toLowerCase(), q: q ? Number(q) : 1 };
    })
    .sort((a, b) => b.q - a.q);
  for (const { tag } of wanted) {
    // A script or region named after the language: uz-Latn, uz-Latn-UZ; uz alone is Cyrillic.
    const written = LOCALES.find((l) => l.includes("-") && `${tag}-`.startsWith(`${l.toLowerCase()}-`));
    if (written) return written;
    const base = tag.split("-")[0] as Locale;
    if ((LOCALES as readonly string[]).includes(base)) return base;
  }
  return "ky";
}

/**
 * The language a caller names with `?lang=` on any request. It wins over the user's saved language
 * and over Accept-Language: a browser always sends the header, so the saved language wins over it,
 * and an API client (Tunduk, a script) needs a way to ask that neither overrides. Undefined when
 * not named; a language the service does not speak is refused.
 */
export function localeAsked(query: unknown): Locale | undefined {
  const asked = (query as Record<string, unknown> | undefined)?.lang;
  if (asked === undefined) return undefined;
  if (typeof asked === "string" && (LOCALES as readonly string[]).includes(asked)) return asked as Locale;
  throw new DomainError("validation.fields", {}, [{ path: ["querystring", "lang"], code: "invalid_value" }]);
}
