import { describe, expect, it } from 'vitest';
import { escapeWhatsApp, whatsAppText } from '../../../bots/whatsapp/whatsapp-format.ts';

const WJ = '\u2060';

describe('text WhatsApp shows as typed', () => {
  it('keeps a line that starts like a quote or a list from being formatted as one', () => {
    // An intro line or a title typed this way would otherwise become a quote block or a bullet.
    expect(escapeWhatsApp('> my picks of the week')).toBe(`${WJ}> my picks of the week`);
    expect(escapeWhatsApp('Lamp\n- 50% today\n> gift')).toBe(`Lamp\n${WJ}- 50% today\n${WJ}> gift`);
    expect(escapeWhatsApp('  >quoted')).toBe(`${WJ}  >quoted`);
  });

  it('leaves dashes, numbers and arrows inside a line, and links, as they are', () => {
    expect(escapeWhatsApp('USB-C cable - 2 m, 3.5 stars, a > b')).toBe('USB-C cable - 2 m, 3.5 stars, a > b');
    expect(escapeWhatsApp('-50%')).toBe('-50%');
    // The bot's own numbered lines stay a numbered list.
    expect(escapeWhatsApp('6. Fern lamp')).toBe('6. Fern lamp');
    expect(escapeWhatsApp('https://example.test/a_b*c')).toBe('https://example.test/a_b*c');
  });

  it('fences a bold title that starts with a quote marker inside its own bold', () => {
    expect(whatsAppText([{ text: '> Lamp', style: 'bold' }])).toBe(`*${WJ}> Lamp*`);
  });
});
