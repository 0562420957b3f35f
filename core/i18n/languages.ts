/** The languages every chat text exists in. */
export const LANGUAGES = ['en', 'ru', 'fr', 'es', 'pl'] as const;
export type Language = (typeof LANGUAGES)[number];

export const DEFAULT_LANGUAGE: Language = 'en';

/** Each language's own name for itself, shown on the /lang buttons. */
export const LANGUAGE_NAMES: Readonly<Record<Language, string>> = Object.freeze({
  en: 'English',
  ru: 'Русский',
  fr: 'Français',
  es: 'Español',
  pl: 'Polski',
});

/** True for the code of a language we speak ("ru"), false for anything else. */
export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

/**
 * The language to speak to someone whose client says `hint` (Telegram's `language_code` such
 * as "ru" or "pt-BR", a /lang argument such as "FR" or "Polski"): its primary subtag when we
 * speak it, otherwise `fallback`.
 */
export function resolveLanguage(hint: string | null | undefined, fallback: Language = DEFAULT_LANGUAGE): Language {
  return parseLanguage(hint) ?? fallback;
}

/** Like `resolveLanguage`, but undefined when the hint names no language we speak. */
export function parseLanguage(hint: string | null | undefined): Language | undefined {
  if (typeof hint !== 'string') return undefined;
  const trimmed = hint.trim().toLowerCase();
  if (trimmed === '') return undefined;
  const primary = trimmed.split(/[-_]/)[0]!;
  if (isLanguage(primary)) return primary;
  for (const language of LANGUAGES) {
    if (LANGUAGE_NAMES[language].toLowerCase() === trimmed) return language;
  }
  return undefined;
}
