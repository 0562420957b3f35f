import { cleanIntroLine, MAX_INTRO_LINE_LENGTH } from '../../../core/influencers/intro-line.ts';
import { text, type AccountTurn } from '../deps.ts';
import type { Reply } from '../types.ts';

/** "off" in the person's language, and in English from anyone: the words that remove the line. */
function isOffWord(turn: AccountTurn, word: string): boolean {
  const words = turn.i18n.t('intro.offWords').split(',').map((w) => w.trim().toLocaleLowerCase(turn.language));
  return words.includes(word.trim().toLocaleLowerCase(turn.language)) || word.trim().toLowerCase() === 'off';
}

/**
 * `/intro [LINE | off]`: the influencer's own line, set once, put at the top of every
 * forward-ready deal (under the ad label); alone it shows the line, "off" removes it.
 */
export async function introCommand(turn: AccountTurn, args: string): Promise<Reply[]> {
  const { i18n, deps, account } = turn;
  if (args.trim() === '') {
    const current = await deps.intros.findIntroLine(account.id);
    return [text(current ? i18n.t('intro.show', { intro: current }) : i18n.t('intro.none'))];
  }
  if (isOffWord(turn, args)) {
    await deps.intros.saveIntroLine(account.id, null);
    return [text(i18n.t('intro.cleared'))];
  }
  const cleaned = cleanIntroLine(args);
  if (!cleaned.ok) {
    return [text(cleaned.reason === 'too_long' ? i18n.t('intro.tooLong', { max: MAX_INTRO_LINE_LENGTH, length: cleaned.length }) : i18n.t('intro.none'))];
  }
  await deps.intros.saveIntroLine(account.id, cleaned.line);
  return [text(i18n.t('intro.set', { intro: cleaned.line }))];
}
