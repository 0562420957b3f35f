import { Type } from 'typebox';
import { INFLUENCER_STATUSES } from '../../core/influencers/influencer-accounts.service.ts';
import { MAX_GROUP_LABEL_LENGTH } from '../../core/links/links.service.ts';
import { MAX_PERSONA_LENGTH, MAX_PLAYGROUND_TEXT, PERSONA_PATTERN } from '../../core/playground/playground.ts';
import type { PlaygroundPersona } from '../services/playground.ts';
import { ACCESS } from './access.ts';
import { withIsoDates } from './present.ts';
import { adminRouteGroup } from './route-options.ts';
import { Id, Nullable, StringEnum, Timestamp, errors } from './schemas.ts';

const Persona = Type.String({
  minLength: 1, maxLength: MAX_PERSONA_LENGTH, pattern: PERSONA_PATTERN,
  description: 'Your handle for the test influencer (letters, digits, ".", "-", "_"); its chat account is <your admin id>:<persona> on channel playground',
  examples: ['lea-7f3a'],
});

const PersonaSchema = Type.Object({
  persona: Type.String(), influencerId: Id, name: Type.String(), language: Type.String(), country: Nullable(Type.String()),
  status: StringEnum(INFLUENCER_STATUSES), createdAt: Timestamp,
});

const Button = Type.Union([
  Type.Object({ label: Type.String(), action: Type.String({ description: 'Send this text back as the next message: that is what tapping does' }) }),
  Type.Object({ label: Type.String(), url: Type.String({ description: 'Opens a page' }) }),
  Type.Object({ label: Type.String(), share: Type.String({ description: "Telegram's inline mode with this query: posts the deal in another chat" }) }),
]);

const ReplySchema = Type.Object({
  kind: StringEnum(['text', 'image', 'buttons', 'file'] as const),
  text: Type.String({ description: 'The text, or the caption of a picture or document; plain text' }),
  imageUrl: Type.Optional(Type.String({ description: "A product picture, shown from the shop's URL" })),
  image: Type.Optional(Type.String({ description: 'A picture the bot made (the QR code PNG), as a data URL' })),
  file: Type.Optional(Type.Object({
    name: Type.String(), mimeType: Type.String(), dataUrl: Type.String({ description: 'The bytes as a data URL (the poster PDF, the QR PNG)' }), bytes: Type.Integer(),
  })),
  buttons: Type.Optional(Type.Array(Button)),
  telegram: Type.Object({
    text: Type.String({ description: "Cut to Telegram's limits (1,024 characters for a caption)" }),
    keyboard: Type.Array(Type.Array(Button), { description: 'The inline keyboard as Telegram lays it out: short labels two to a row' }),
  }),
  whatsapp: Type.Object({
    text: Type.String({ description: 'The text with the buttons as numbered options (answer "1"…), links as label and URL' }),
    media: StringEnum(['none', 'image', 'document'] as const),
  }),
  dealCard: Type.Boolean({ description: 'The forward-ready deal: a group it is forwarded to sees the picture and the text, never the buttons' }),
});

/**
 * The bot playground: the real command engine, answered as one of your test influencers on the
 * chat channel `playground` (never a Telegram or WhatsApp person). Admins and managers.
 */
export const playgroundRoutes = adminRouteGroup('admin: playground', (app, route, deps) => {
  const playground = deps.services.playground;

  app.post('/playground/messages', route(ACCESS.manage, {
    summary: 'Send a message to the bot as one of your test influencers; answers its replies as each chat app shows them',
    description: 'Buttons with an `action` are tapped by sending their action as the next text. Every message is written to the audit log (playground.message).',
    body: Type.Object({
      persona: Persona,
      text: Type.String({ minLength: 1, maxLength: MAX_PLAYGROUND_TEXT, description: 'What the influencer types: /start, /deals, /link 42, an answer, a pasted shop link' }),
      language: Type.Optional(Type.String({ maxLength: 16, description: "The chat client's language (en, ru, fr, es, pl), used until the influencer picks one" })),
      chatType: Type.Optional(StringEnum(['private', 'group'] as const, { description: 'group: the message is addressed to the bot in a group chat' })),
      groupLabel: Type.Optional(Type.String({ maxLength: MAX_GROUP_LABEL_LENGTH, description: 'Which group chat, for chatType group' })),
    }, { additionalProperties: false }),
    response: {
      200: Type.Object({
        replies: Type.Array(ReplySchema),
        whatsappOptions: Type.Array(Type.String(), { description: 'On WhatsApp, what answering "1", "2", … sends' }),
        persona: Nullable(PersonaSchema),
      }),
      ...errors(400),
    },
  }), async (request) => {
    const answer = await playground.send(request.caller, request.admin!.id, request.body);
    return { ...answer, persona: answer.persona && present(answer.persona) };
  });

  app.get('/playground/personas', route(ACCESS.manage, {
    summary: 'Your test influencers that have registered through the playground, newest first',
    response: { 200: Type.Object({ items: Type.Array(PersonaSchema) }), ...errors() },
  }), async (request) => ({ items: (await playground.personas(request.admin!.id)).map(present) }));
});

const present = (persona: PlaygroundPersona) => withIsoDates(persona);
