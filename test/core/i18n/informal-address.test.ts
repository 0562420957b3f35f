import { describe, expect, it } from 'vitest';
import type { Language } from '../../../core/i18n/languages.ts';
import { CATALOGS, type Message } from '../../../core/i18n/translator.ts';

// Influencers talk to the bot the way they talk in their groups: "ty", "ты", "tu", "tú". One
// formal reply among informal ones reads as two different products, so each catalogue keeps one
// register, and Polish writes "twój", "ci" in lower case (the capitals belong in letters).

/** Words of the formal register, or of a capitalised address in the middle of a sentence. */
const FORMAL: Partial<Record<Language, RegExp>> = {
  // вы, вас, ваш…, and the plural imperative (отправьте, пришлите, выберите, зарегистрируйтесь).
  ru: /(^|[^\p{L}])([Вв]ы|[Вв]ас|[Вв]ам|[Вв]ами|[Вв]аш\p{L}*)(?![\p{L}])|\p{L}{2,}(ьте|ите|йте|ьтесь|итесь|йтесь)(?![\p{L}])/u,
  fr: /(^|[^\p{L}])([Vv]ous|[Vv]otre|[Vv]os|[Vv]ôtres?)(?![\p{L}])/u,
  es: /(^|[^\p{L}])([Uu]sted(es)?|[Uu]d\.|[Vv]osotros)(?![\p{L}])/u,
  pl: /(^|[^\p{L}])(Pan|Pani|Państwo|Pana|Panią)(?![\p{L}])|[\p{Ll},;]\s+(Tw(ój|oja|oje|ojego|ojej|oim|oją|oich|oimi)|Ci|Cię|Ciebie|Tobie|Tobą)(?![\p{L}])/u,
};

const textsOf = (message: Message): string[] => (typeof message === 'string' ? [message] : Object.values(message).filter((v): v is string => typeof v === 'string'));

describe('the register of each language', () => {
  it.each(Object.keys(FORMAL) as Language[])('%s addresses the influencer informally, in every text', (language) => {
    const formal: string[] = [];
    for (const [key, message] of Object.entries(CATALOGS[language])) {
      for (const text of textsOf(message)) {
        const found = FORMAL[language]!.exec(text);
        if (found) formal.push(`${key}: “${found[0].trim()}”`);
      }
    }
    expect(formal).toEqual([]);
  });
});
