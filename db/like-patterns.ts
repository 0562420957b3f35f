/** Text a person typed, safe inside a LIKE pattern: `\`, `%` and `_` match themselves. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** Matches values that start with `text`, in lower case (the column side is lowered too). */
export const likePrefix = (text: string): string => `${escapeLike(text.toLowerCase())}%`;

/** Matches values that contain `text`. */
export const likeContaining = (text: string): string => `%${escapeLike(text)}%`;
