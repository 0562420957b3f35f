/** Text a person typed, safe inside a LIKE pattern: `\`, `%` and `_` match themselves. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** Matches values that start with `text`, in lower case (the column side is lowered too). */
export const likePrefix = (text: string): string => `${escapeLike(text.toLowerCase())}%`;

/** Matches values that contain `text`. */
export const likeContaining = (text: string): string => `%${escapeLike(text)}%`;

/**
 * The shortest text a trigram index (pg_trgm) can find inside a value: a pattern with fewer
 * characters holds no trigram, so `ILIKE '%ab%'` reads every row.
 */
export const TRIGRAM_LENGTH = 3;

// ASCII spaces and punctuation that end a word. pg_trgm reads a bracket of ASCII characters as
// "the start of a word", so a two-letter word anchored this way still uses the trigram index;
// `\m` (any non-word character) does not, and with fewer than three letters the index has nothing
// else to go on.
const WORD_BREAKS = `[ (),./:;!?"'+&|*#\\[\\]-]`;

/**
 * A regular expression (for `~*`) matching a word that starts with `word`: "lamp" finds
 * "Lamps", "or" does not find "for". Search words hold only letters and digits (core
 * `searchWords`), so nothing in them needs escaping; anything else is dropped to be sure. A
 * two-letter word counts after a space or ASCII punctuation only ("tv" in "Smart-TV", not in
 * «tv»), the one form the trigram index can serve for it.
 */
export function wordStartPattern(word: string): string {
  const letters = word.replace(/[^\p{L}\p{N}]/gu, '');
  return letters.length >= TRIGRAM_LENGTH ? `\\m${letters}` : `(^|${WORD_BREAKS})${letters}`;
}
