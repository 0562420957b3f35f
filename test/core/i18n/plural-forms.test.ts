import { describe, expect, it } from 'vitest';
import { CATALOGS, translator } from '../../../core/i18n/translator.ts';

// A count read with the wrong form ("1 comptés", "5 клика") reads as a machine. Every text
// that puts a count before a word is a plural message, except the few whose count is a fixed
// figure that is never one (listed with why); and the forms are right where languages differ.

/** Texts whose count is a constant of the platform, never 1: one form is right for it. */
const FIXED_COUNTS: Record<string, string> = {
  'invite.text': 'the attribution window, 30 days',
  'invite.textWhatsapp': 'the attribution window, 30 days',
  'link.tooMany': 'the number of links /link makes at most',
};

describe('counts in the bot’s languages', () => {
  it('put a count before a word only in plural messages', () => {
    const offenders: string[] = [];
    for (const [language, catalog] of Object.entries(CATALOGS)) {
      for (const [key, message] of Object.entries(catalog)) {
        if (typeof message !== 'string' || !/\{(count|n|clicks|sales|orders|days|minutes|hours)\}\s+\p{L}/u.test(message)) continue;
        if (key in FIXED_COUNTS) continue;
        offenders.push(`${language} ${key}: ${message}`);
      }
    }
    expect(offenders).toEqual([]);
  });

  it.each([
    ['fr', 'stats.counted', [[0, '0 compté'], [1, '1 compté'], [2, '2 comptés']]],
    ['es', 'stats.counted', [[1, '1 contado'], [2, '2 contados']]],
    ['fr', 'stats.clicks', [[1, '1 clic'], [3, '3 clics']]],
    ['pl', 'stats.clicks', [[1, '1 kliknięcie'], [2, '2 kliknięcia'], [5, '5 kliknięć'], [22, '22 kliknięcia'], [25, '25 kliknięć']]],
    ['ru', 'stats.clicks', [[1, '1 клик'], [2, '2 клика'], [5, '5 кликов'], [21, '21 клик'], [11, '11 кликов']]],
  ] as const)('%s %s: each count takes its form', (language, key, cases) => {
    const i18n = translator(language);
    for (const [count, expected] of cases) expect(i18n.t(key, { count })).toBe(expected);
  });
});
