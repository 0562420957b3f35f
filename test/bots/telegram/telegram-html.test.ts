import { describe, expect, it } from 'vitest';
import { telegramHtml } from '../../../bots/telegram/telegram-html.ts';

describe('a deal card as Telegram HTML', () => {
  it('escapes the text, and cuts a long card by its visible length without cutting a tag', () => {
    expect(telegramHtml([{ text: 'A & <B>', style: 'bold' }, { text: ' was ' }, { text: '€5', style: 'strike' }], 1024))
      .toBe('<b>A &amp; &lt;B&gt;</b> was <s>€5</s>');
    const long = telegramHtml([{ text: '#ad\n' }, { text: '&'.repeat(2000), style: 'bold' }, { text: '\n👉 link' }], 1024);
    // Telegram counts the text it shows: 1,023 ampersands and "…", in one closed bold tag.
    const visible = long.replace(/<\/?[bs]>/g, '').replace(/&amp;/g, '&');
    expect(visible.length).toBe(1024);
    expect(long).toMatch(/^#ad\n<b>(&amp;)+<\/b>…$/);
  });
});
