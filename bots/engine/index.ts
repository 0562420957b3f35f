// The command engine's public surface: the Telegram adapter, the WhatsApp adapter and the
// console's playground import from here and nowhere else in bots/engine/.
export { createBotEngine, type BotEngine } from './engine.ts';
export type { BotEngineDeps, EngineLogger } from './deps.ts';
export type { Button, ChatMembershipUpdate, IncomingMessage, InlineAnswer, InlineDeal, InlineRequest, Reply, RichSpan } from './types.ts';
export { cutSpans, plainTextOf } from './rich-text.ts';
export { dealCard } from './deal-card.ts';
export { createRedisSessionStore, type SessionStore } from './session-store.ts';
export { createRateLimiter, DEFAULT_MESSAGE_RATE_LIMIT, EXPORT_RATE_LIMIT, type RateLimit, type RateLimiter } from './rate-limiter.ts';
export { PUBLIC_COMMANDS, type PublicCommandName } from './parser.ts';
export { commandWordFor } from './command-words.ts';
