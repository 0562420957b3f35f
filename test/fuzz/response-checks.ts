/** What must never reach a caller: a stack trace, our file layout, a database's or the runtime's own words. */
export const LEAK_PATTERNS: readonly { name: string; pattern: RegExp }[] = [
  { name: 'stack frame', pattern: /\bat (?:async )?\S+ \(?(?:file:\/\/|node:|\/)[^)\s]*:\d+:\d+/ },
  { name: 'stack frame', pattern: /\n\s+at (?:async )?(?:[\w$.<>[\]]+ \(|file:|node:|\/)/ },
  { name: 'node_modules path', pattern: /node_modules/ },
  { name: 'source file position', pattern: /\.[cm]?[jt]s:\d+/ },
  { name: 'source file name', pattern: /\.ts:/ },
  { name: 'server path', pattern: /\/work\/main|\/home\/\w+\/|\/usr\/src\/|file:\/\// },
  { name: 'SQL error', pattern: /syntax error at or near|invalid input syntax for|out of range for type|value too long for type|violates \w+(?:[ -]\w+)? constraint|duplicate key value|null value in column|invalid byte sequence|numeric field overflow|date\/time field value out of range|invalid input value for enum|unterminated quoted|relation "[^"]+" does not exist|column "[^"]+" (?:does not exist|of relation)|current transaction is aborted|operator does not exist|could not determine data type/i },
  { name: 'driver error', pattern: /PostgresError|DatabaseError|kysely|ECONNREFUSED|ReplyError|ERR wrong number|WRONGTYPE/i },
  { name: 'runtime error', pattern: /\b(?:TypeError|ReferenceError|RangeError|AggregateError)\b|Cannot read propert|is not a function|is not iterable|Maximum call stack/ },
  { name: 'unrendered value', pattern: /\[object Object\]/ },
];

/** The leaks in `text` that were not in what the caller sent (an echoed input is not a leak). */
export function leaksIn(text: string, sent: string): string[] {
  return LEAK_PATTERNS.filter(({ pattern }) => pattern.test(text) && !pattern.test(sent)).map(({ name, pattern }) => `${name} (${pattern.exec(text)![0]})`);
}

export interface SeenResponse {
  statusCode: number;
  headers: Record<string, unknown>;
  body: string;
}

/**
 * The problems of one answer, none when it is what a caller may get back from hostile input:
 * below 500; a refusal (4xx) as JSON `{error: {code, message}}` naming the problem (api/errors.ts);
 * no stack trace, server path or SQL error anywhere in it.
 */
export function responseProblems(
  response: SeenResponse, sent: string,
  /** `htmlErrors`: a refusal may be a page (the redirect's 404); `libraryErrors`: a JSON `{error}` of a library's own API (Bull Board's, read by its own UI). */
  options: { method?: string; htmlErrors?: boolean; libraryErrors?: boolean } = {},
): string[] {
  const problems: string[] = [];
  const { statusCode, body } = response;
  if (statusCode >= 500) problems.push(`status ${statusCode}`);
  if (statusCode >= 400 && options.method !== 'HEAD') {
    const type = String(response.headers['content-type'] ?? '');
    if (options.htmlErrors && type.startsWith('text/html')) {
      if (body.trim() === '') problems.push('an empty error page');
    } else if (options.libraryErrors && type.startsWith('application/json') && /^\{"error":/.test(body)) {
      // The library's shape: checked for leaks below like any answer.
    } else {
      problems.push(...errorBodyProblems(type, body, sent));
    }
  }
  problems.push(...leaksIn(body, sent));
  return problems;
}

function errorBodyProblems(type: string, body: string, sent: string): string[] {
  if (!type.startsWith('application/json')) return [`a refusal as ${type || 'no content type'}, not JSON`];
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return ['a refusal whose body is not JSON'];
  }
  const error = (parsed as { error?: { code?: unknown; message?: unknown } } | null)?.error;
  const problems: string[] = [];
  if (typeof error?.code !== 'string' || !/^[a-z][a-z0-9_]*$/.test(error.code)) problems.push('a refusal without error.code');
  if (typeof error?.message !== 'string' || error.message.trim().length < 3) problems.push('a refusal without error.message');
  else if (/\bundefined\b|\bNaN\b/.test(error.message) && !/\bundefined\b|\bNaN\b/.test(sent)) problems.push(`an error message that says "${error.message}"`);
  return problems;
}

/** Shortens what a failure shows: enough to reproduce, not 300 KB of it. */
export function preview(text: string, max = 600): string {
  return text.length <= max ? text : `${text.slice(0, max)}… (${text.length} chars)`;
}
