import type { RichSpan } from '../engine/index.ts';

/** Word joiner: invisible, not a space nor punctuation, so a marker between two of them opens or closes nothing. */
const WORD_JOINER = '\u2060';

/**
 * Text WhatsApp shows as typed: its markers (*bold*, _italic_, ~strike~, `code`) are fenced by
 * word joiners, since WhatsApp formats a marker only where it starts or ends a word. A title
 * "Save *50%* ~today~" keeps its stars and tildes, and our own bold around it stays whole.
 */
export function escapeWhatsApp(text: string): string {
  // Links are left whole: WhatsApp formats nothing inside one, and a joiner would break it.
  return text.split(/(https?:\/\/\S+)/).map((part, index) => (index % 2 === 1 ? part : fenceLineStarts(part).replace(/[*_~`]/g, (marker) => `${WORD_JOINER}${marker}${WORD_JOINER}`))).join('');
}

/**
 * WhatsApp also formats whole lines: ">" quotes and "- " lists. A joiner before such a start
 * keeps a title "- 50% today" or a typed "> note" as typed. `^` is also the start of a piece that
 * may sit mid-line: a joiner there shows nothing. "1. " is left alone: the bot's own lists number
 * their lines that way, and WhatsApp's numbered list shows them as they are meant.
 */
function fenceLineStarts(text: string): string {
  return text.replace(/(^|\n)(?=[ \t]*(?:>|-[ \t]))/g, `$1${WORD_JOINER}`);
}

/** Formatted runs in WhatsApp's markup: a bold run as *…*, a struck one as ~…~, the text escaped. */
export function whatsAppText(spans: readonly RichSpan[]): string {
  return spans.map((span) => {
    // A marker next to a space formats nothing: the spaces stay outside it.
    const [, before = '', inner = '', after = ''] = /^(\s*)([\s\S]*?)(\s*)$/.exec(span.text) ?? [];
    if (!span.style || inner === '') return escapeWhatsApp(span.text);
    const mark = span.style === 'bold' ? '*' : '~';
    return `${before}${mark}${escapeWhatsApp(inner)}${mark}${after}`;
  }).join('');
}
