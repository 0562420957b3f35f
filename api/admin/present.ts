/** A core object as JSON answers carry it: every `Date` field an ISO 8601 string (null stays null). */
export type WithIsoDates<T> = {
  [K in keyof T]: T[K] extends Date ? string : T[K] extends Date | null ? string | null : T[K] extends Date | undefined ? string | undefined : T[K];
};

/**
 * The one presenter of the admin API's dates: core types use `Date`, the API answers
 * ISO 8601 strings, whatever the object. Other fields pass through as they are.
 */
export function withIsoDates<T extends object>(value: T): WithIsoDates<T> {
  const out: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value)) out[key] = field instanceof Date ? field.toISOString() : field;
  return out as WithIsoDates<T>;
}
