import { describe, expect, it } from 'vitest';
import { COMMAND_WORDS, commandOfWord, commandWordFor } from '../../../bots/engine/command-words.ts';
import { parseInput, PUBLIC_COMMANDS } from '../../../bots/engine/parser.ts';
import { LANGUAGES } from '../../../core/i18n/languages.ts';

const whatsapp = { bareWords: true };
const telegram = { bareWords: false, botUsername: 'dealcast_bot' };

describe('command words in the five languages', () => {
  it('reads the words people type in each language, whatever the person’s language', () => {
    const cases: [string, string, string][] = [
      ['oferty buty', 'deals', 'buty'], ['szukaj lampa', 'search', 'lampa'], ['saldo', 'balance', ''], ['wypłata', 'payout', ''], ['pomoc', 'help', ''],
      ['скидки', 'deals', ''], ['поиск чайник', 'search', 'чайник'], ['баланс', 'balance', ''], ['вывод', 'payout', ''], ['помощь', 'help', ''],
      ['promos', 'deals', ''], ['chercher bouilloire', 'search', 'bouilloire'], ['solde', 'balance', ''], ['retrait', 'payout', ''], ['aide', 'help', ''],
      ['ofertas', 'deals', ''], ['buscar lámpara', 'search', 'lámpara'], ['retirar', 'payout', ''], ['ayuda', 'help', ''],
      ['deals', 'deals', ''], ['Stats 7d', 'stats', '7d'],
    ];
    for (const [text, command, args] of cases) expect(parseInput(text, whatsapp), text).toEqual({ kind: 'command', command, args });
  });

  it('tolerates missing diacritics and any case: wyplata is wypłata, ПОМОЩЬ is помощь', () => {
    for (const text of ['wyplata', 'WYPŁATA', 'Wypłać', 'zapros', 'usun', 'jezyk', 'dolacz']) expect(parseInput(text, whatsapp).kind, text).toBe('command');
    expect(parseInput('ПОМОЩЬ', whatsapp)).toEqual({ kind: 'command', command: 'help', args: '' });
    expect(parseInput('demarrer', whatsapp)).toEqual({ kind: 'command', command: 'start', args: '' });
    expect(parseInput('estadisticas 30d', whatsapp)).toEqual({ kind: 'command', command: 'stats', args: '30d' });
    // The same word decomposed (a keyboard that types the accent apart).
    expect(parseInput('estadi\u0301sticas', whatsapp)).toEqual({ kind: 'command', command: 'stats', args: '' });
  });

  it('reads a native word after a slash on WhatsApp, and keeps Telegram to its English commands', () => {
    expect(parseInput('/pomoc', whatsapp)).toEqual({ kind: 'command', command: 'help', args: '' });
    expect(parseInput('/pomoc', telegram)).toEqual({ kind: 'unknown_command', command: 'pomoc' });
    expect(parseInput('oferty', telegram)).toEqual({ kind: 'text', text: 'oferty' });
  });

  it('leaves other words free text', () => {
    for (const text of ['ofertyy', 'cześć', 'привет', 'bonjour', 'hola amigos']) expect(parseInput(text, whatsapp).kind, text).toBe('text');
  });

  it('gives no word two meanings, and names every public command in every language for /help', () => {
    // Building the index refuses a word claimed by two commands.
    expect(commandOfWord('saldo')).toBe('balance');
    for (const language of LANGUAGES) {
      for (const command of PUBLIC_COMMANDS) {
        const word = commandWordFor(command, language);
        expect(commandOfWord(word), `${language} ${command}`).toBe(command);
      }
    }
    expect(commandWordFor('payout', 'pl')).toBe('wypłata');
    expect(commandWordFor('deals', 'ru')).toBe('скидки');
    expect(Object.keys(COMMAND_WORDS).sort()).toEqual([...LANGUAGES].sort());
  });
});
