import type { Language } from '../../core/i18n/languages.ts';
import { PUBLIC_COMMANDS, type PublicCommandName } from './parser.ts';

/**
 * The words people type for each public command without a slash (WhatsApp), per language. The
 * first word of each list is the one `/help` shows; the others are what people also write. A
 * command without an entry in a language is known there by its English name only. Every word is
 * accepted in every language (a Pole writing "buscar" still searches), so no word may stand for
 * two commands: `commandOfWord` is built once and refuses the table otherwise.
 */
export const COMMAND_WORDS: Readonly<Record<Language, Partial<Record<PublicCommandName, readonly string[]>>>> = Object.freeze({
  en: {
    start: ['start'], help: ['help'], lang: ['lang', 'language'], brands: ['brands'], join: ['join'], deals: ['deals', 'offers'],
    search: ['search', 'find'], link: ['link'], qr: ['qr'], poster: ['poster'], insta: ['insta', 'instagram'], stats: ['stats'],
    balance: ['balance'], payout: ['payout', 'withdraw'], invite: ['invite'], export: ['export'], deleteme: ['deleteme'],
    autopost: ['autopost'],
    follow: ['follow'], unfollow: ['unfollow'], alerts: ['alerts'],
    pick: ['pick'], unpick: ['unpick'], storefront: ['storefront', 'myshop'],
    campaigns: ['campaigns'],
  },
  pl: {
    start: ['start'], help: ['pomoc'], lang: ['język'], brands: ['marki'], join: ['dołącz'], deals: ['oferty', 'promocje', 'okazje'],
    search: ['szukaj', 'wyszukaj'], link: ['link'], qr: ['qr'], poster: ['plakat'], insta: ['insta'], stats: ['statystyki'],
    balance: ['saldo'], payout: ['wypłata', 'wypłać'], invite: ['zaproś'], export: ['eksport'], deleteme: ['usuń'],
    autopost: ['autopostowanie'],
    follow: ['obserwuj'], unfollow: ['odobserwuj'], alerts: ['alerty', 'powiadomienia'],
    pick: ['poleć', 'polecam'], unpick: ['wycofaj'], storefront: ['witryna'],
    campaigns: ['kampanie'],
  },
  ru: {
    start: ['старт', 'начать'], help: ['помощь'], lang: ['язык'], brands: ['бренды'], join: ['подключить'], deals: ['скидки', 'акции'],
    search: ['поиск', 'найти'], link: ['ссылка'], qr: ['qr'], poster: ['плакат', 'постер'], insta: ['инста'], stats: ['статистика'],
    balance: ['баланс'], payout: ['вывод', 'выплата'], invite: ['пригласить'], export: ['экспорт'], deleteme: ['удалить'],
    autopost: ['автопостинг'],
    follow: ['следить', 'подписаться'], unfollow: ['отписаться'], alerts: ['оповещения', 'уведомления'],
    pick: ['выбрать', 'рекомендую'], unpick: ['убрать'], storefront: ['витрина'],
    campaigns: ['кампании'],
  },
  fr: {
    start: ['démarrer'], help: ['aide'], lang: ['langue'], brands: ['marques'], join: ['rejoindre'], deals: ['promos', 'offres'],
    search: ['chercher', 'recherche'], link: ['lien'], qr: ['qr'], poster: ['affiche'], insta: ['insta'], stats: ['statistiques'],
    balance: ['solde'], payout: ['retrait', 'virement'], invite: ['inviter'], export: ['exporter'], deleteme: ['supprimer'],
    autopost: ['autopublication'],
    follow: ['suivre', 'abonner'], unfollow: ['désabonner'], alerts: ['alertes'],
    pick: ['choisir', 'recommander'], unpick: ['retirer'], storefront: ['vitrine'],
    campaigns: ['campagnes'],
  },
  es: {
    start: ['empezar'], help: ['ayuda'], lang: ['idioma'], brands: ['marcas'], join: ['unirme', 'unirse'], deals: ['ofertas', 'chollos'],
    search: ['buscar'], link: ['enlace'], qr: ['qr'], poster: ['cartel'], insta: ['insta'], stats: ['estadísticas'],
    balance: ['saldo'], payout: ['cobrar', 'retirar'], invite: ['invitar'], export: ['exportar'], deleteme: ['borrar'],
    autopost: ['autopublicar'],
    follow: ['seguir'], unfollow: ['baja'], alerts: ['alertas', 'avisos'],
    pick: ['elegir', 'recomendar'], unpick: ['quitar'], storefront: ['escaparate'],
    campaigns: ['campañas'],
  },
});

/**
 * A word as it is compared: lower case, without diacritics ("Wypłata" and "wyplata" are one
 * word), ё read as е. ł has no decomposition in Unicode, so it is mapped by hand.
 */
export function normaliseCommandWord(word: string): string {
  return word.toLowerCase().normalize('NFD').replace(/\p{M}/gu, '').replace(/ł/g, 'l').replace(/ё/g, 'е');
}

function wordIndex(): ReadonlyMap<string, PublicCommandName> {
  const index = new Map<string, PublicCommandName>();
  const claim = (word: string, command: PublicCommandName) => {
    const key = normaliseCommandWord(word);
    const taken = index.get(key);
    if (taken && taken !== command) throw new Error(`the command word "${word}" stands for both ${taken} and ${command}`);
    index.set(key, command);
  };
  // The English names are words in every language (people copy them from the web, from friends).
  for (const command of PUBLIC_COMMANDS) claim(command, command);
  for (const table of Object.values(COMMAND_WORDS)) {
    for (const [command, words] of Object.entries(table) as [PublicCommandName, readonly string[]][]) for (const word of words) claim(word, command);
  }
  return index;
}

// Built on first use: parser.ts, which lists the commands, imports this file (a cycle that is safe only lazily).
let index: ReadonlyMap<string, PublicCommandName> | undefined;

/** The public command a bare word stands for, in any of the languages; undefined for any other word. */
export function commandOfWord(word: string): PublicCommandName | undefined {
  index ??= wordIndex();
  return index.get(normaliseCommandWord(word));
}

/** The word `/help` shows for a command in a language: its first native word, else its English name. */
export function commandWordFor(command: PublicCommandName, language: Language): string {
  return COMMAND_WORDS[language][command]?.[0] ?? command;
}
