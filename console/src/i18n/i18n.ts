import i18next from 'i18next';
import { initReactI18next, useTranslation } from 'react-i18next';
import { COMMON_TEXTS } from './common.texts.ts';

/** The five languages of the bots; the console speaks them too (vendors live where influencers do). */
export const LANGUAGES = ['en', 'ru', 'fr', 'es', 'pl'] as const;
export type Language = (typeof LANGUAGES)[number];
export const LANGUAGE_NAMES: Record<Language, string> = { en: 'English', ru: 'Русский', fr: 'Français', es: 'Español', pl: 'Polski' };

/**
 * The texts of one part of the console, in every language. English is complete by type; the
 * others may leave a key out, and i18next falls back to English for it.
 */
export type Texts<T extends Record<string, string>> = { en: T } & { [L in Exclude<Language, 'en'>]: Partial<T> };

const STORAGE_KEY = 'dealcast.language';

function firstLanguage(): Language {
  const stored = localStorage.getItem(STORAGE_KEY);
  if (stored && (LANGUAGES as readonly string[]).includes(stored)) return stored as Language;
  for (const wanted of navigator.languages ?? [navigator.language]) {
    const base = wanted.slice(0, 2).toLowerCase();
    if ((LANGUAGES as readonly string[]).includes(base)) return base as Language;
  }
  return 'en';
}

void i18next.use(initReactI18next).init({
  lng: firstLanguage(),
  fallbackLng: 'en',
  defaultNS: 'common',
  ns: ['common'],
  interpolation: { escapeValue: false },
  returnNull: false,
});
registerTexts('common', COMMON_TEXTS);
document.documentElement.lang = i18next.language;

/** Adds a part's texts under its namespace; call once at module level of that part. */
export function registerTexts<T extends Record<string, string>>(namespace: string, texts: Texts<T>): void {
  for (const language of LANGUAGES) i18next.addResourceBundle(language, namespace, texts[language], true, true);
}

export function setLanguage(language: Language): void {
  localStorage.setItem(STORAGE_KEY, language);
  document.documentElement.lang = language;
  void i18next.changeLanguage(language);
}

export function currentLanguage(): Language {
  const language = i18next.language as Language;
  return (LANGUAGES as readonly string[]).includes(language) ? language : 'en';
}

/** `const { t } = useTexts('brands')`: that part's texts, with `common:` keys reachable too. */
export function useTexts(namespace: string) {
  return useTranslation([namespace, 'common']);
}

export { i18next };
