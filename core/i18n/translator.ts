import { formatMoney } from '../money/money.ts';
import { en, type MessageKey } from './en.messages.ts';
import { es } from './es.messages.ts';
import { fr } from './fr.messages.ts';
import type { Language } from './languages.ts';
import { pl } from './pl.messages.ts';
import { ru } from './ru.messages.ts';

/** A text with several forms chosen by `Intl.PluralRules` on its `count` parameter. */
export interface PluralMessage {
  zero?: string;
  one?: string;
  two?: string;
  few?: string;
  many?: string;
  other: string;
}
export type Message = string | PluralMessage;

/** Every language holds every key of the English catalog (the compiler and a test check it). */
export type Catalog = Readonly<Record<MessageKey, Message>>;
export type { MessageKey };

export type MessageParams = Readonly<Record<string, string | number>>;

export const CATALOGS: Readonly<Record<Language, Catalog>> = Object.freeze({ en, ru, fr, es, pl });

/** Everything that turns facts into words and figures for one language. */
export interface Translator {
  readonly language: Language;
  /** The text of `key` with `{name}` placeholders filled; plural texts pick their form by `count`. */
  t(key: MessageKey, params?: MessageParams): string;
  /** Minor units in their currency, e.g. money(1999, 'EUR') → "19,99 €" in French. */
  money(amount: number, currency: string): string;
  number(value: number): string;
  /** Basis points as a percentage: 1250 → "12.5%" in English, "12,5 %" in French. */
  percentBps(bps: number): string;
  /** A whole percentage: 35 → "35%". */
  percent(value: number): string;
  date(value: Date): string;
}

const translators = new Map<Language, Translator>();

/** The translator of a language; built once per language and shared. */
export function translator(language: Language): Translator {
  let found = translators.get(language);
  if (!found) {
    found = buildTranslator(language);
    translators.set(language, found);
  }
  return found;
}

/** The placeholder names a text uses, e.g. "{amount} for {name}" → ["amount", "name"]. */
export function placeholdersOf(message: Message): string[] {
  const texts = typeof message === 'string' ? [message] : Object.values(message).filter((v): v is string => typeof v === 'string');
  const names = new Set<string>();
  for (const text of texts) for (const match of text.matchAll(/\{(\w+)\}/g)) names.add(match[1]!);
  return [...names].sort();
}

function buildTranslator(language: Language): Translator {
  const catalog = CATALOGS[language];
  const plurals = new Intl.PluralRules(language);
  const numbers = new Intl.NumberFormat(language);
  const percents = new Intl.NumberFormat(language, { style: 'percent', maximumFractionDigits: 2 });
  const dates = new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeZone: 'UTC' });

  const fill = (text: string, params: MessageParams | undefined): string => {
    if (!params) return text;
    return text.replace(/\{(\w+)\}/g, (whole, name: string) => {
      const value = params[name];
      if (value === undefined) return whole;
      return typeof value === 'number' ? numbers.format(value) : value;
    });
  };

  return {
    language,
    t(key, params) {
      const message = catalog[key] ?? en[key];
      if (typeof message === 'string') return fill(message, params);
      const count = typeof params?.count === 'number' ? params.count : 0;
      const form = message[plurals.select(count)] ?? message.other;
      return fill(form, params);
    },
    money: (amount, currency) => formatMoney(amount, currency, language),
    number: (value) => numbers.format(value),
    percentBps: (bps) => percents.format(bps / 10_000),
    percent: (value) => percents.format(value / 100),
    date: (value) => dates.format(value),
  };
}
