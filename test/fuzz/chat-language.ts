import { CHANNEL_TEXTS } from '../../core/i18n/channel-texts.ts';
import { LANGUAGES, type Language } from '../../core/i18n/languages.ts';
import { CATALOGS, type Message } from '../../core/i18n/translator.ts';

// Which of our languages a chat reply is written in, read off the fixed words of the catalogs:
// a fragment of a text of one language that no text of another language contains is that
// language's fingerprint. A reply in Polish carries Polish fingerprints and no others.

const MIN_LETTERS = 4;

const formsOf = (message: Message): string[] => (typeof message === 'string' ? [message] : Object.values(message).filter((v): v is string => typeof v === 'string'));

function textsOf(language: Language): string[] {
  const channel = CHANNEL_TEXTS[language];
  return [...Object.values(CATALOGS[language]).flatMap(formsOf), channel.scanToShop, channel.linkInBio];
}

/** The fixed pieces of a text: what stands between its placeholders and line breaks. */
function fragmentsOf(text: string): string[] {
  return text.split(/\{\w+\}|\n|\/\w+/).map((piece) => piece.trim().toLowerCase()).filter((piece) => (piece.match(/\p{L}/gu)?.length ?? 0) >= MIN_LETTERS);
}

const FINGERPRINTS: Readonly<Record<Language, readonly string[]>> = (() => {
  const corpus = Object.fromEntries(LANGUAGES.map((l) => [l, textsOf(l).join('\n').toLowerCase()])) as Record<Language, string>;
  return Object.fromEntries(LANGUAGES.map((language) => {
    const own = new Set(textsOf(language).flatMap(fragmentsOf));
    const others = LANGUAGES.filter((l) => l !== language);
    return [language, [...own].filter((fragment) => others.every((other) => !corpus[other].includes(fragment)))];
  })) as Record<Language, string[]>;
})();

/**
 * The languages whose fingerprints `text` carries, leaving out the words it only echoes from
 * what the person sent (their own words may be in any language).
 */
export function languagesIn(text: string, sent = ''): Language[] {
  const reply = text.toLowerCase();
  const echoed = sent.toLowerCase();
  return LANGUAGES.filter((language) => FINGERPRINTS[language].some((fragment) => reply.includes(fragment) && !echoed.includes(fragment)));
}
