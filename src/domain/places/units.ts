import { DomainError } from "../shared/errors.js";
import { toLatin } from "../shared/latin.js";
import { catalogInUzbekLatin, toUzbekLatin } from "../shared/uzbek-latin.js";

/** Languages of the product, Kyrgyz first. Uzbek is offered in Latin letters too (uz-Latn). */
export const LOCALES = ["ky", "ru", "uz", "uz-Latn", "tg", "en"] as const;
export type Locale = (typeof LOCALES)[number];

/** The languages whose words are written in a catalog of their own (src/locales/<code>.json). */
export const CATALOG_LOCALES = ["ky", "ru", "uz", "tg", "en"] as const;
export type CatalogLocale = (typeof CATALOG_LOCALES)[number];

/** The catalog a language's words come from: Uzbek in Latin letters is its Cyrillic one, transliterated. */
export const catalogOf = (locale: Locale): CatalogLocale => (locale === "uz-Latn" ? "uz" : locale);

/** A language's words, from its catalog's (`catalogOf`): the server and the page load them alike. */
export const wordsIn = <T extends Record<string, unknown>>(locale: Locale, catalog: T): T =>
  locale === "uz-Latn" ? catalogInUzbekLatin(catalog) : catalog;

/** A name in several languages; at least one is present. Missing ones fall back (see `pickName`). */
export type LocalizedText = Partial<Record<Locale, string>>;

export const UNIT_LEVELS = ["country", "oblast", "city", "rayon", "ayil-aimak", "town", "village"] as const;
export type UnitLevel = (typeof UNIT_LEVELS)[number];

/** One administrative unit with its dated versions (name and parent as they were in each period). */
export interface AdminUnit {
  code: string;
  countryCode: string;
  level: UnitLevel;
  createdOn: string | null;
  abolishedOn: string | null;
  successorCode: string | null;
  versions: UnitVersion[];
}

export interface UnitVersion {
  validFrom: string; // ISO date, inclusive
  validTo: string | null; // ISO date, exclusive; null = still in force
  parentCode: string | null;
  name: LocalizedText;
}

const FALLBACK: Record<CatalogLocale, Locale[]> = {
  ky: ["ky", "ru", "en"],
  ru: ["ru", "ky", "en"],
  uz: ["uz", "ru", "ky", "en"],
  tg: ["tg", "ru", "en"],
  en: ["en"],
};

/**
 * A name in the reader's language, else in the nearest one they read. A reader in Latin letters of
 * a name that has no form of theirs (most villages and municipalities) gets it transliterated: in
 * English as passports write Kyrgyz ("Jany-Jol aiyl okmotu", not "Айыл окмоту Жаны-Жол"), in Uzbek
 * Latin the name a reader of Uzbek Cyrillic gets, in Uzbek Latin letters ("Ayil okmotu Jani-Jol").
 */
export function pickName(name: LocalizedText, locale: Locale): string {
  if (locale === "uz-Latn") return name["uz-Latn"] || toUzbekLatin(pickName(name, "uz"));
  for (const l of FALLBACK[locale]) {
    const text = name[l];
    if (text) return text;
  }
  const cyrillic = name.ky || name.ru || name.uz || name.tg;
  if (locale === "en" && cyrillic) return toLatin(cyrillic);
  return Object.values(name).find(Boolean) ?? "";
}

/** The version of a unit in force on a date, or null if the unit did not exist then. */
export function versionOn(unit: AdminUnit, date: string): UnitVersion | null {
  return unit.versions.find((v) => v.validFrom <= date && (v.validTo === null || date < v.validTo)) ?? null;
}

/**
 * Follows successors from a code to the unit that holds its territory today: a household
 * recorded in an ayil aimak that was later merged still resolves to the merged one.
 */
export function currentSuccessor(units: ReadonlyMap<string, AdminUnit>, code: string): AdminUnit {
  const seen = new Set<string>();
  let unit = units.get(code);
  if (!unit) throw new DomainError("places.unknownUnit", { code });
  while (unit.successorCode) {
    if (seen.has(unit.code)) throw new DomainError("places.successorCycle", { code });
    seen.add(unit.code);
    const next = units.get(unit.successorCode);
    if (!next) throw new DomainError("places.unknownUnit", { code: unit.successorCode });
    unit = next;
  }
  return unit;
}

/** The chain of ancestors of a unit on a date, nearest first. */
export function ancestorsOn(units: ReadonlyMap<string, AdminUnit>, code: string, date: string): AdminUnit[] {
  const out: AdminUnit[] = [];
  let parent = versionOn(requireUnit(units, code), date)?.parentCode ?? null;
  while (parent) {
    const unit = requireUnit(units, parent);
    if (out.includes(unit)) throw new DomainError("places.parentCycle", { code });
    out.push(unit);
    parent = versionOn(unit, date)?.parentCode ?? null;
  }
  return out;
}

export interface MergeChange {
  /** Versions to close: (code, validTo = date). */
  close: string[];
  /** New versions to open on the date. */
  open: { code: string; parentCode: string | null; name: LocalizedText }[];
  abolish: { code: string; successorCode: string }[];
}

/**
 * Plans a merge of units into one (the 2024 reform merges ayil aimaks): the absorbed units are
 * abolished with the target as successor, and their children move under the target from the date.
 * The target may be one of the merged units or a new unit that must exist already.
 */
export function planMerge(
  units: ReadonlyMap<string, AdminUnit>,
  mergedCodes: readonly string[],
  targetCode: string,
  date: string,
): MergeChange {
  const target = requireUnit(units, targetCode);
  if (!versionOn(target, date)) throw new DomainError("places.targetNotInForce", { code: targetCode, date });
  const change: MergeChange = { close: [], open: [], abolish: [] };
  for (const code of mergedCodes) {
    if (code === targetCode) continue;
    const unit = requireUnit(units, code);
    if (unit.level !== target.level) {
      throw new DomainError("places.levelMismatch", { code, target: targetCode });
    }
    if (!versionOn(unit, date)) throw new DomainError("places.notInForce", { code, date });
    change.close.push(code);
    change.abolish.push({ code, successorCode: targetCode });
    for (const child of units.values()) {
      const v = versionOn(child, date);
      if (v?.parentCode === code) {
        change.close.push(child.code);
        change.open.push({ code: child.code, parentCode: targetCode, name: v.name });
      }
    }
  }
  return change;
}

/** How a rename changes a unit's versions: its version in force closes and a new one opens. */
export interface RenameChange {
  /** The day the version in force ends and the new name begins; null when that version began that day. */
  closeOn: string | null;
  open: { parentCode: string | null; name: LocalizedText };
}

/**
 * Plans a unit's rename from a day (a village renamed by law): the version in force that day ends
 * and a version with the new name, under the same parent, begins, so records and papers dated
 * before keep the old name. A version begun that same day is renamed in place rather than left
 * empty. Only the unit's latest version may be renamed: one that a later change already followed
 * would need that change's versions split too. Kyrgyz and Russian names are required: every page
 * falls back to them.
 */
export function planRename(unit: AdminUnit, name: LocalizedText, date: string): RenameChange {
  if (!name.ky?.trim() || !name.ru?.trim())
    throw new DomainError("places.renameNeedsKyRu", { code: unit.code });
  if (unit.abolishedOn !== null && unit.abolishedOn <= date)
    throw new DomainError("places.notInForce", { code: unit.code, date });
  const current = versionOn(unit, date);
  if (!current) throw new DomainError("places.notInForce", { code: unit.code, date });
  if (current.validTo !== null)
    throw new DomainError("places.laterVersion", { code: unit.code, date: current.validTo });
  const trimmed = Object.fromEntries(
    Object.entries(name)
      .map(([locale, text]) => [locale, text?.trim()])
      .filter(([, text]) => text),
  ) as LocalizedText;
  const same = (Object.keys(trimmed) as (keyof LocalizedText)[]).every((l) => trimmed[l] === current.name[l]);
  if (same && Object.keys(trimmed).length === Object.keys(current.name).length)
    throw new DomainError("places.sameName", { code: unit.code });
  return {
    closeOn: current.validFrom === date ? null : date,
    open: { parentCode: current.parentCode, name: trimmed },
  };
}

/** The unit of a code, or `places.unknownUnit`. */
export function requireUnit(units: ReadonlyMap<string, AdminUnit>, code: string): AdminUnit {
  const unit = units.get(code);
  if (!unit) throw new DomainError("places.unknownUnit", { code });
  return unit;
}
