/**
 * The UI's translations (i18next + react-i18next). Keys are the English sentences themselves (gettext style), so a
 * component reads `t('Sign out')` and a missing translation still shows English. Plurals use i18next's `_one` /
 * `_other` suffixes, chosen by `Intl.PluralRules` for the active locale.
 */
import i18next, { type i18n as I18n } from 'i18next';
import { initReactI18next } from 'react-i18next';
import { en } from './locales/en.ts';
import { zhCN } from './locales/zh-CN.ts';

export const SUPPORTED_LOCALES = ['en', 'zh-CN'] as const;
export type Locale = (typeof SUPPORTED_LOCALES)[number];

/** Each locale's name in its own language, for the switcher. */
export const LOCALE_NAMES: Record<Locale, string> = { en: 'English', 'zh-CN': '简体中文' };

/** Where the sign-in page finds the choice before anyone is signed in. */
export const LOCALE_STORAGE_KEY = 'smh.locale';

export const RESOURCES: Record<Locale, Record<string, string>> = { en, 'zh-CN': zhCN };

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (SUPPORTED_LOCALES as readonly string[]).includes(value);
}

/** "zh", "zh-Hans-CN", "zh-SG" → zh-CN; "en-GB" → en; anything else → null. */
export function matchLocale(tag: string): Locale | null {
  const lower = tag.trim().toLowerCase();
  if (lower === 'zh' || lower.startsWith('zh-')) return 'zh-CN';
  if (lower === 'en' || lower.startsWith('en-')) return 'en';
  return null;
}

/** A remembered choice wins; otherwise the first of the browser's languages we speak; otherwise English. */
export function detectLocale(stored: string | null | undefined, browserLanguages: readonly string[]): Locale {
  if (isLocale(stored)) return stored;
  for (const tag of browserLanguages) {
    const locale = matchLocale(tag);
    if (locale) return locale;
  }
  return 'en';
}

function browserLanguages(): readonly string[] {
  if (typeof navigator === 'undefined') return [];
  return navigator.languages?.length ? navigator.languages : navigator.language ? [navigator.language] : [];
}

function storedLocale(): string | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage.getItem(LOCALE_STORAGE_KEY);
  } catch {
    return null; // storage disabled: fall back to the browser's languages
  }
}

export const i18n: I18n = i18next.createInstance();
void i18n.use(initReactI18next).init({
  resources: Object.fromEntries(SUPPORTED_LOCALES.map((locale) => [locale, { translation: RESOURCES[locale] }])),
  lng: detectLocale(storedLocale(), browserLanguages()),
  fallbackLng: 'en',
  supportedLngs: [...SUPPORTED_LOCALES],
  keySeparator: false,
  nsSeparator: false,
  initAsync: false,
  returnNull: false,
  interpolation: { escapeValue: false }, // React escapes
});
syncDocumentLanguage();
i18n.on('languageChanged', syncDocumentLanguage);

function syncDocumentLanguage(): void {
  if (typeof document !== 'undefined') document.documentElement.lang = activeLocale();
}

export function activeLocale(): Locale {
  return isLocale(i18n.language) ? i18n.language : 'en';
}

/** Switches the UI and remembers the choice in this browser (the signed-in user's choice is also stored server-side). */
export async function changeLocale(locale: Locale): Promise<void> {
  try {
    localStorage.setItem(LOCALE_STORAGE_KEY, locale);
  } catch {
    // storage disabled: the choice lasts for this page
  }
  if (activeLocale() !== locale) await i18n.changeLanguage(locale);
}

/** Translates outside React (formatters, validation, error mapping). Components use `useTranslation()`. */
export const t: I18n['t'] = i18n.t.bind(i18n) as I18n['t'];

/**
 * Marks an English key kept in a table and translated where it is shown (`t(LABELS[x])`), so the key checks find it.
 * Returns its argument unchanged.
 */
export function msg<const S extends string>(key: S): S {
  return key;
}
