import { describe, expect, it } from 'vitest';
import type { Language } from '../../../core/i18n/languages.ts';
import { CATALOGS, type Message } from '../../../core/i18n/translator.ts';

// A brand's name has no grammatical gender we can know ("Lumio одобрил" or "одобрила"?), and
// neither has the influencer reading the reply. So Russian and Polish texts name a brand next to
// the noun "бренд" / "marka", and every verb agrees with that noun; French and Spanish texts never
// make a brand the subject of an adjective; and no text guesses the reader with "(а)" or "·e".

const textsOf = (message: Message): string[] => (typeof message === 'string' ? [message] : Object.values(message).filter((v): v is string => typeof v === 'string'));

/** Every `{brand}` must stand right after one of these words, whose gender the sentence then follows. */
const BRAND_NOUN: Partial<Record<Language, RegExp>> = {
  ru: /(^|[^\p{L}])[Бб]ренд(а|у|ом|е)?\s+$/u,
  pl: /(^|[^\p{L}])[Mm]ark(a|i|ę|ą|ce|o)\s+$/u,
};

/** `{brand}` opening a sentence as the subject of être / ser / estar, whose adjective would have to guess a gender. */
const SENTENCE_START = String.raw`(?:^|[.!?:;]\s+|\p{Extended_Pictographic}\s+)`;
const BRAND_WITH_ADJECTIVE: Partial<Record<Language, RegExp>> = {
  fr: new RegExp(String.raw`${SENTENCE_START}\{brand\}\s+(est|était|sera|a été|semble)(?![\p{L}])`, 'u'),
  es: new RegExp(String.raw`${SENTENCE_START}\{brand\}\s+(es|está|estaba|fue|ha sido|parece)(?![\p{L}])`, 'u'),
};

/** Slash, bracket and dot forms that guess the reader's gender: "пригласил(а)", "invité·e", "bienvenido/a". */
const GUESSED_READER = /\p{L}(\((а|a|e|o|ая|ла)\)|·e|·es|\/a|\/o|\(a\)s?)(?![\p{L}])/u;

const gendered: Language[] = ['ru', 'pl', 'fr', 'es'];

describe('grammatical gender in the bot’s languages', () => {
  it.each(['ru', 'pl'] as const)('%s names a brand only after the noun “brand”, so no verb guesses its gender', (language) => {
    const bare: string[] = [];
    for (const [key, message] of Object.entries(CATALOGS[language])) {
      for (const text of textsOf(message)) {
        for (const found of text.matchAll(/\{brand\}/g)) {
          if (!BRAND_NOUN[language]!.test(text.slice(0, found.index))) bare.push(`${key}: ${text}`);
        }
      }
    }
    expect(bare).toEqual([]);
  });

  it.each(['fr', 'es'] as const)('%s never gives a brand an adjective that would guess its gender', (language) => {
    const guessed = Object.entries(CATALOGS[language]).filter(([, message]) => textsOf(message).some((text) => BRAND_WITH_ADJECTIVE[language]!.test(text)));
    expect(guessed.map(([key]) => key)).toEqual([]);
  });

  it.each(gendered)('%s never guesses the reader’s gender with “(а)”, “·e” or “/a”', (language) => {
    const guessed = Object.entries(CATALOGS[language]).filter(([, message]) => textsOf(message).some((text) => GUESSED_READER.test(text)));
    expect(guessed.map(([key]) => key)).toEqual([]);
  });
});
