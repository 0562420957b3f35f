import fc from 'fast-check';
import { PUBLIC_COMMANDS } from '../../bots/engine/index.ts';
import { anyText, hostileJson, hostileText } from './hostile-values.ts';

// Telegram updates as the Bot API delivers them (the shape is Telegram's, the content anyone's),
// and bodies that are not updates at all, for the webhook's fuzz.

let nextUpdateId = 1;
let nextUserId = 8_800_000_000;

/** What a person may type: a command of ours with hostile arguments, or anything at all. */
const typed = fc.oneof(
  fc.tuple(fc.constantFrom(...PUBLIC_COMMANDS), hostileText).map(([command, args]) => `/${command} ${args}`),
  hostileText,
);

/** A message, a button press or an inline query of a new person, with hostile text, names and language code. */
export const wellFormedUpdate = fc.record({
  kind: fc.constantFrom('message', 'callback_query', 'inline_query'),
  text: typed,
  firstName: anyText(64).map((name) => name || 'X'),
  username: fc.option(fc.stringMatching(/^[A-Za-z][A-Za-z0-9_]{4,31}$/), { nil: undefined }),
  languageCode: fc.option(fc.oneof(fc.constantFrom('en', 'ru', 'fr', 'es', 'pl', 'pt-BR', 'zh-hans', ''), anyText(8)), { nil: undefined }),
}).map(({ kind, text: typedText, firstName, username, languageCode }) => {
  // Telegram delivers at most 4,096 characters of a message.
  const text = [...typedText].slice(0, 4096).join('');
  const from = { id: nextUserId++, is_bot: false, first_name: firstName, ...(username ? { username } : {}), ...(languageCode === undefined ? {} : { language_code: languageCode }) };
  const chat = { id: from.id, type: 'private' as const, first_name: firstName };
  const update_id = nextUpdateId++;
  const date = Math.floor(Date.now() / 1000);
  const command = /^\/\S+/.exec(text);
  if (kind === 'message') {
    return { chatId: from.id, expectsReply: true, update: { update_id, message: { message_id: update_id, date, from, chat, text, ...(command ? { entities: [{ type: 'bot_command', offset: 0, length: command[0].length }] } : {}) } } };
  }
  if (kind === 'callback_query') {
    const data = text.slice(0, 64);
    return { chatId: from.id, expectsReply: true, update: { update_id, callback_query: { id: `cb${update_id}`, from, chat_instance: '1', data, message: { message_id: update_id, date, chat, text: '…' } } } };
  }
  return { chatId: from.id, expectsReply: false, update: { update_id, inline_query: { id: `iq${update_id}`, from, query: text.slice(0, 256), offset: '' } } };
});

/** Bodies no Telegram server sends: missing or odd update ids, unknown kinds, broken messages, anything. */
export const strangeUpdate: fc.Arbitrary<unknown> = fc.oneof(
  hostileJson,
  fc.record({ update_id: fc.oneof(fc.integer(), hostileJson) }),
  fc.record({ update_id: fc.nat(), message: hostileJson }),
  fc.record({ update_id: fc.nat(), edited_message: hostileJson, channel_post: hostileJson }, { requiredKeys: ['update_id'] }),
  fc.record({ update_id: fc.nat(), callback_query: fc.record({ id: anyText(), data: hostileText }) }),
);
