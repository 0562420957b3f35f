import type { Button, Reply } from '../bots/engine/index.ts';
import { inlineKeyboard } from '../bots/telegram/render.ts';
import { renderReplies } from '../bots/whatsapp/whatsapp-render.ts';
import type { PlaygroundButton, PlaygroundFile, PlaygroundReply } from '../api/services/playground.ts';

/** Telegram's limits on a message and on a caption. */
const TELEGRAM_TEXT = 4096;
const TELEGRAM_CAPTION = 1024;

function cut(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

function dataUrl(mimeType: string, data: Uint8Array): string {
  return `data:${mimeType};base64,${Buffer.from(data).toString('base64')}`;
}

function presentFile(file: NonNullable<Reply['file']>): PlaygroundFile {
  return { name: file.name, mimeType: file.mimeType, dataUrl: dataUrl(file.mimeType, file.data), bytes: file.data.length };
}

/** Telegram's inline keyboard (bots/telegram/render.ts, the one the bot sends) read back as our buttons. */
function telegramKeyboard(buttons: Button[] | undefined): PlaygroundButton[][] {
  const markup = inlineKeyboard(buttons);
  if (!markup) return [];
  return markup.inline_keyboard.map((row) => row.map((key): PlaygroundButton => {
    if ('url' in key && key.url) return { label: key.text, url: key.url };
    if ('switch_inline_query' in key && key.switch_inline_query !== undefined) return { label: key.text, share: key.switch_inline_query };
    return { label: key.text, action: 'callback_data' in key ? key.callback_data : '' };
  }));
}

/** A deal card is the reply with a "share" button: the forward-ready deal (bots/engine/deal-card.ts). */
function isDealCard(reply: Reply): boolean {
  return (reply.buttons ?? []).some((button) => 'share' in button);
}

/**
 * The engine's replies as the playground shows them: the reply itself (bytes as data URLs),
 * and how Telegram (bots/telegram/render.ts) and WhatsApp (bots/whatsapp/whatsapp-render.ts)
 * render it, by the same code the bots send with.
 */
export async function presentReplies(replies: Reply[]): Promise<{ replies: PlaygroundReply[]; whatsappOptions: string[] }> {
  // No picture is fetched for the WhatsApp view: a stand-in lets the renderer caption it, one message per reply.
  // The plain text, not WhatsApp's *markup*: the playground shows text as it is, and its views read alike.
  const plain = replies.map(({ rich: _rich, ...reply }) => reply);
  const whatsapp = await renderReplies(plain, async () => ({ mimeType: 'image/jpeg', data: new Uint8Array() }));
  const presented = replies.map((reply, index): PlaygroundReply => {
    const message = whatsapp.messages[index] ?? { text: reply.text };
    const waText = 'file' in message ? message.caption : message.text;
    const waMedia = 'file' in message ? (message.asDocument ? 'document' : 'image') : 'none';
    const captioned = reply.kind === 'image' || reply.kind === 'file';
    return {
      kind: reply.kind,
      text: reply.text,
      ...(reply.imageUrl ? { imageUrl: reply.imageUrl } : {}),
      ...(reply.kind === 'image' && reply.file ? { image: dataUrl(reply.file.mimeType, reply.file.data) } : {}),
      ...(reply.file ? { file: presentFile(reply.file) } : {}),
      ...(reply.buttons?.length ? { buttons: reply.buttons.map((b) => ({ ...b })) } : {}),
      telegram: { text: cut(reply.text, captioned ? TELEGRAM_CAPTION : TELEGRAM_TEXT), keyboard: telegramKeyboard(reply.buttons) },
      whatsapp: { text: waText, media: waMedia },
      dealCard: isDealCard(reply),
    };
  });
  return { replies: presented, whatsappOptions: whatsapp.options };
}
