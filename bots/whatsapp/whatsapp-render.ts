import type { Button, Reply } from '../engine/index.ts';
import type { OutgoingMessage } from './whatsapp-client.ts';
import { escapeWhatsApp, whatsAppText } from './whatsapp-format.ts';

/** A product picture fetched for sending; undefined when it cannot be (gone, too big, not a picture). */
export type ImageLoader = (url: string) => Promise<{ mimeType: string; data: Uint8Array } | undefined>;

/** The replies of one turn as WhatsApp messages, and what each number means when the person answers with one. */
export interface RenderedReplies {
  messages: OutgoingMessage[];
  /** `options[0]` is what "1" stands for: the action of the first button; '' for a number that stands for nothing. */
  options: string[];
}

const KEYCAPS = ['1️⃣', '2️⃣', '3️⃣', '4️⃣', '5️⃣', '6️⃣', '7️⃣', '8️⃣', '9️⃣', '🔟'];

/** "1️⃣".."🔟", then "11." and on. */
export function optionMark(n: number): string {
  return KEYCAPS[n - 1] ?? `${n}.`;
}

/** The picture formats WhatsApp shows as a photo, told by their first bytes. */
export function imageMimeType(bytes: Uint8Array): 'image/jpeg' | 'image/png' | undefined {
  if (bytes.length > 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  if (bytes.length > 8 && bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47) return 'image/png';
  return undefined;
}

/**
 * WhatsApp has no buttons any more: buttons become text under the message. A button that acts
 * becomes a numbered option ("1️⃣ ➕ Another group"; the person answers "1"), numbered on
 * across the turn's replies, except a listed deal, which keeps its number in the list; a link button becomes its label and URL; "share" (Telegram's
 * inline mode) is left out, since WhatsApp's own forward does it.
 */
function withOptions(body: string, buttons: Button[] | undefined, options: string[]): string {
  const lines: string[] = [];
  for (const button of buttons ?? []) {
    if ('action' in button) {
      // A deal of a list keeps its number there (`option`); other options take the next free number after it.
      const number = button.option !== undefined && !options[button.option - 1] ? button.option : options.length + 1;
      while (options.length < number - 1) options.push('');
      options[number - 1] = button.action;
      lines.push(`${optionMark(number)} ${escapeWhatsApp(button.label)}`);
    } else if ('url' in button) {
      lines.push(`${escapeWhatsApp(button.label)}: ${button.url}`);
    }
  }
  return lines.length === 0 ? body : `${body}\n\n${lines.join('\n')}`;
}

/**
 * The engine's replies as WhatsApp messages, in order: text; a picture with its caption (the
 * product photo fetched by `loadImage`, or bytes the engine made, such as a QR code); a
 * document with its caption (a PDF poster). A product photo that cannot be fetched leaves
 * the caption as a text, whose link preview still shows the product. A forwardable reply (a
 * deal card) goes out as it is, its title in *bold* and its old price ~struck through~; its
 * options are numbered under the next message.
 */
export async function renderReplies(replies: Reply[], loadImage: ImageLoader): Promise<RenderedReplies> {
  const options: string[] = [];
  const messages: OutgoingMessage[] = [];
  // The buttons of a forwardable reply (a deal card), numbered under the next message instead of under the card.
  let carried: Button[] = [];
  for (const reply of replies) {
    const buttons = [...carried, ...(reply.buttons ?? [])];
    carried = reply.forwardable ? buttons.filter((b) => !('share' in b)) : [];
    // Every text as typed: a product title or a group label with * or _ formats nothing.
    const shown = reply.rich ? whatsAppText(reply.rich) : escapeWhatsApp(reply.text);
    const body = reply.forwardable ? shown : withOptions(shown, buttons, options);
    if (reply.file && (reply.kind === 'image' || reply.kind === 'file')) {
      messages.push({ file: reply.file, caption: body, asDocument: reply.kind === 'file' });
      continue;
    }
    if (reply.kind === 'image' && reply.imageUrl) {
      const image = await loadImage(reply.imageUrl).catch(() => undefined);
      if (image) {
        const extension = image.mimeType === 'image/png' ? 'png' : 'jpg';
        messages.push({ file: { name: `product.${extension}`, mimeType: image.mimeType, data: image.data }, caption: body, asDocument: false });
        continue;
      }
    }
    messages.push({ text: body });
  }
  // A card last of its turn: its options follow it as a message of their own.
  const trailing = withOptions('', carried, options).trim();
  if (trailing !== '') messages.push({ text: trailing });
  return { messages, options };
}
