import type { RichSpan } from './types.ts';

/** The plain text of formatted runs: what a chat without formatting shows. */
export function plainTextOf(spans: readonly RichSpan[]): string {
  return spans.map((span) => span.text).join('');
}

/**
 * The runs cut to `max` visible characters (UTF-16 units, as Telegram counts them), the last
 * one ending in "…". Cutting the runs rather than the rendered markup keeps every tag closed.
 */
export function cutSpans(spans: readonly RichSpan[], max: number): RichSpan[] {
  if (plainTextOf(spans).length <= max) return [...spans];
  const out: RichSpan[] = [];
  let room = max - 1;
  for (const span of spans) {
    if (room <= 0) break;
    let kept = '';
    for (const char of span.text) {
      if (kept.length + char.length > room) break;
      kept += char;
    }
    if (kept !== '') out.push({ ...span, text: kept });
    room -= kept.length;
    if (kept.length < span.text.length) break;
  }
  out.push({ text: '…' });
  return out;
}
