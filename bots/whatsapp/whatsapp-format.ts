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
  return text.split(/(https?:\/\/\S+)/).map((part, index) => (index % 2 === 1 ? part : part.replace(/[*_~`]/g, (marker) => `${WORD_JOINER}${marker}${WORD_JOINER}`))).join('');
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
