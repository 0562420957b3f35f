import { DEFAULT_LANGUAGE, parseLanguage, type Language } from './languages.ts';

/** Longer headers are cut: no browser sends more, and a hostile one is not parsed whole. */
const MAX_HEADER = 512;

/**
 * The visitor's language among ours from an `Accept-Language` header ("pl-PL,pl;q=0.9,en;q=0.8"):
 * the range with the highest quality that names one of our five languages, the header's order
 * breaking ties; `fallback` when none does (a missing or `*` header).
 */
export function languageOfAcceptLanguage(header: string | undefined, fallback: Language = DEFAULT_LANGUAGE): Language {
  if (!header) return fallback;
  let best: { language: Language; q: number } | undefined;
  for (const part of header.slice(0, MAX_HEADER).split(',')) {
    const [range = '', ...params] = part.split(';');
    const language = parseLanguage(range);
    if (!language) continue;
    const qParam = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const q = qParam === undefined ? 1 : Number(qParam.slice(2));
    if (!Number.isFinite(q) || q <= 0) continue;
    if (!best || q > best.q) best = { language, q };
  }
  return best?.language ?? fallback;
}
