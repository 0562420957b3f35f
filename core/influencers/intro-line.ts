import { UNSAFE_CHARACTERS } from './influencer-accounts.service.ts';

/** Room for a sentence and an emoji or two; the card keeps its room for the title and the link. */
export const MAX_INTRO_LINE_LENGTH = 120;

/** The influencer's own line at the top of every forward-ready deal; db/bot-intro-lines.repository.ts implements it. */
export interface IntroLineStore {
  findIntroLine(influencerId: string): Promise<string | null>;
  /** null removes it. */
  saveIntroLine(influencerId: string, line: string | null): Promise<void>;
}

export type CleanedIntroLine = { ok: true; line: string } | { ok: false; reason: 'empty' | 'too_long'; length: number };

/**
 * An intro line as typed, cleaned: NFC, no control or text-direction override characters, one
 * line of single spaces, 1 to MAX_INTRO_LINE_LENGTH characters (code points, so emoji count as one).
 */
export function cleanIntroLine(input: string): CleanedIntroLine {
  const line = input.normalize('NFC').replace(UNSAFE_CHARACTERS, ' ').replace(/\s+/g, ' ').trim();
  const length = [...line].length;
  if (length === 0) return { ok: false, reason: 'empty', length };
  if (length > MAX_INTRO_LINE_LENGTH) return { ok: false, reason: 'too_long', length };
  return { ok: true, line };
}
