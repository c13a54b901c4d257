import i18next from "i18next";
import { useEffect, useState } from "react";
import { initReactI18next } from "react-i18next";
import { catalogOf, LOCALES, type Locale, wordsIn } from "../../domain/places/units.js";

// One chunk per language, fetched when chosen: a clerk on a slow link loads only Kyrgyz.
const catalogs = import.meta.glob<{ default: Record<string, unknown> }>("../../locales/*.json");
const STORAGE_KEY = "aimak.locale";
const UNSAVED_KEY = "aimak.locale.unsaved";

function storedLocale(key: string): Locale | null {
  const saved = localStorage.getItem(key);
  return (LOCALES as readonly string[]).includes(saved ?? "") ? (saved as Locale) : null;
}

/** The language chosen in this browser, or null if nobody chose one here yet. */
export const chosenLocale = () => storedLocale(STORAGE_KEY);

/**
 * A language chosen here for the signed-in user that the service has not yet confirmed keeping (the
 * page left, or the link lost, before its answer), or null. Until it does, this browser's choice
 * is newer than the user's language the service gives.
 */
export const unsavedLocale = () => storedLocale(UNSAVED_KEY);

/** Marks a language as chosen for the user but not yet kept by the service; null once it is. */
export function markLocaleUnsaved(locale: Locale | null): void {
  if (locale) localStorage.setItem(UNSAVED_KEY, locale);
  else localStorage.removeItem(UNSAVED_KEY);
}

async function loadCatalog(locale: Locale) {
  if (i18next.hasResourceBundle(locale, "translation")) return;
  const load = catalogs[`../../locales/${catalogOf(locale)}.json`];
  if (!load) throw new Error(`no catalog for ${locale}`);
  i18next.addResourceBundle(locale, "translation", wordsIn(locale, (await load()).default));
}

/** The document's language and title follow the UI's: a tab or a bookmark reads "Аймак" in Kyrgyz. */
function showLanguage(locale: Locale) {
  document.documentElement.lang = locale;
  document.title = i18next.t("app.name", { lng: locale });
}

export async function initI18n(): Promise<void> {
  const locale = chosenLocale() ?? "ky";
  // No fallback language: every catalog holds every key (catalogs.test.ts), so a second catalog
  // loaded beside the first would be 150 KB more on a slow link, and parsed on every visit, for nothing.
  await i18next.use(initReactI18next).init({
    lng: locale,
    fallbackLng: false,
    resources: {},
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  await loadCatalog(locale);
  showLanguage(locale);
}

/**
 * Whether the words of `locale` are here to be read beside the page's own language (a certificate
 * wording's preview in Russian on a Kyrgyz page); asks for them the first time.
 */
export function useCatalog(locale: Locale): boolean {
  const [ready, setReady] = useState(() => i18next.hasResourceBundle(locale, "translation"));
  useEffect(() => {
    if (ready) return;
    let current = true;
    void loadCatalog(locale).then(() => current && setReady(true));
    return () => {
      current = false;
    };
  }, [locale, ready]);
  return ready;
}

export async function changeLocale(locale: Locale): Promise<void> {
  localStorage.setItem(STORAGE_KEY, locale);
  await showLocale(locale);
}

// The language asked for last. A language's words arrive late on a slow link: one chosen meanwhile
// (the clerk picking Kyrgyz while her saved Uzbek still loads at sign-in) must not be undone by them.
let lastAsked: Locale | null = null;

/** Shows the page in a language without keeping it as this browser's choice. */
export async function showLocale(locale: Locale): Promise<void> {
  lastAsked = locale;
  await loadCatalog(locale);
  if (lastAsked !== locale) return;
  showLanguage(locale);
  await i18next.changeLanguage(locale);
}

export function currentLocale(): Locale {
  return (i18next.language as Locale) ?? "ky";
}
