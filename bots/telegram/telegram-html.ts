import { cutSpans, type RichSpan } from '../engine/index.ts';

/** What Telegram's HTML parse mode reads as markup, written as text. */
export function escapeTelegramHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * Formatted runs as Telegram HTML (parse_mode "HTML"): bold in <b>, struck through in <s>,
 * every character of the text escaped, so a title with "<" or "&" shows as typed. The runs
 * are cut to `max` visible characters first, which is what Telegram counts, and no tag is cut.
 */
export function telegramHtml(spans: readonly RichSpan[], max: number): string {
  return cutSpans(spans, max).map((span) => {
    const text = escapeTelegramHtml(span.text);
    if (span.style === 'bold') return `<b>${text}</b>`;
    if (span.style === 'strike') return `<s>${text}</s>`;
    return text;
  }).join('');
}
