/**
 * Names every country of COUNTRY_CODES in each catalog (reg.countries.<code>) from CLDR, through
 * Node's own ICU data (full ICU: Kyrgyz, Tajik and Uzbek included, which the browsers' ICU lacks,
 * so the pages read the names from the catalogs). A name already in a catalog is kept: the common
 * countries' names were chosen by hand (АКШ, not Кошмо Штаттар). Run again after COUNTRY_CODES
 * changes: `npx tsx scripts/country-names.ts`.
 */
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { CATALOG_LOCALES, type CatalogLocale } from "../src/domain/places/units.js";
import { COUNTRY_CODES } from "../src/domain/registry/vocabulary.js";

/** The ICU locale of a catalog's words: the Uzbek catalog is written in Cyrillic letters. */
const ICU_LOCALE: Record<CatalogLocale, string> = { ky: "ky", ru: "ru", uz: "uz-Cyrl", tg: "tg", en: "en" };

const localesDir = path.join(import.meta.dirname, "..", "src", "locales");
const russian = new Intl.DisplayNames(["ru"], { type: "region", fallback: "none" });

for (const locale of CATALOG_LOCALES) {
  const file = path.join(localesDir, `${locale}.json`);
  const catalog = JSON.parse(readFileSync(file, "utf8")) as { reg: { countries: Record<string, string> } };
  const names = new Intl.DisplayNames([ICU_LOCALE[locale]], { type: "region", fallback: "none" });
  const kept = catalog.reg.countries;
  const countries: Record<string, string> = { ...kept };
  let added = 0;
  for (const code of COUNTRY_CODES) {
    if (countries[code]) continue;
    // CLDR lacks a rare name in a language (IO in Uzbek Cyrillic): the Russian one is read there.
    const name = names.of(code) ?? russian.of(code);
    if (!name) throw new Error(`${code}: ICU names it in no language here (is Node built with full ICU?)`);
    countries[code] = name;
    added += 1;
  }
  const unknown = Object.keys(countries).filter((code) => !COUNTRY_CODES.includes(code));
  if (unknown.length > 0)
    throw new Error(`${locale}: reg.countries names codes that are no country: ${unknown}`);
  catalog.reg.countries = countries;
  writeFileSync(file, `${JSON.stringify(catalog, null, 2)}\n`);
  console.log(`${locale}: ${added} countries named, ${Object.keys(kept).length} kept`);
}
