import crypto from 'node:crypto';
import type { Cluster, Redis } from 'ioredis';
import { systemTimers, type Timers } from '../timers.ts';

/** Telegram's broadcast limits (core.telegram.org/bots/faq, "My bot is hitting limits"). */
export interface TelegramSendLimits {
  /** The least time between two messages to one chat: one a second. */
  chatGapMs: number;
  /** Messages to one group within `groupWindowMs`: twenty a minute. */
  groupMax: number;
  groupWindowMs: number;
  /**
   * The least time between two messages of the bot over all chats: 34 ms keeps any second
   * at 30 at most (30 per second per token).
   */
  tokenGapMs: number;
}

export const TELEGRAM_SEND_LIMITS: TelegramSendLimits = Object.freeze({ chatGapMs: 1000, groupMax: 20, groupWindowMs: 60_000, tokenGapMs: 34 });

/** A message's claimed moment in the pacer. */
export interface SendTurn {
  readonly chatId: string;
  readonly id: string;
}

/**
 * When the next message to a chat may leave, shared by every process sending with one bot
 * token (replies in the bots role, notifications in the worker role).
 */
export interface SendPacer {
  /** Waits until a message to `chatId` keeps every limit, having claimed that moment. Never refuses. */
  waitTurn(chatId: string | number): Promise<SendTurn>;
  /**
   * Telegram answered this message with a 429: nothing goes to its chat for `ms`, then this
   * message first (when `retry`; else its moment is given up) and the chat's waiting messages
   * after it, in their order. With `retry`, waits until its new moment.
   */
  retryAfter(turn: SendTurn, ms: number, options: { retry: boolean }): Promise<void>;
}

// The rules of a moment, as a Lua function: the earliest t ≥ from that keeps a chat's own
// spacing (after its last claimed message, or a 429's hold), a group's window (t at least a
// window after the group's groupMax-th latest message) and the token's spacing (no claim of
// any chat closer than tokenGap on either side: moments are claimed ahead, so a later claim
// may fill a gap before an earlier one). The moment is recorded in both sets. A chat's claims
// only move forward, so its messages leave in the order they were claimed.
const PLACE = `
local function place(from, member, isGroup, chatGap, groupMax, groupWindow, tokenGap)
  local t = from
  local hold = tonumber(redis.call('GET', KEYS[2]) or '0')
  if hold > t then t = hold end
  local last = redis.call('ZRANGE', KEYS[1], -1, -1, 'WITHSCORES')
  if last[2] then t = math.max(t, tonumber(last[2]) + chatGap) end
  if isGroup then
    local n = redis.call('ZCARD', KEYS[1])
    if n >= groupMax then
      local oldest = redis.call('ZRANGE', KEYS[1], n - groupMax, n - groupMax, 'WITHSCORES')
      t = math.max(t, tonumber(oldest[2]) + groupWindow)
    end
  end
  local near = redis.call('ZRANGEBYSCORE', KEYS[3], '(' .. (t - tokenGap), '+inf', 'WITHSCORES')
  for i = 2, #near, 2 do
    local p = tonumber(near[i])
    if p < t + tokenGap then t = p + tokenGap else break end
  end
  redis.call('ZADD', KEYS[1], t, member)
  redis.call('ZADD', KEYS[3], t, member)
  redis.call('PEXPIRE', KEYS[1], t - from + groupWindow + chatGap + 60000)
  redis.call('PEXPIRE', KEYS[3], t - from + tokenGap + 60000)
  return t
end
local now = tonumber(ARGV[1])
local isGroup = ARGV[2] == '1'
local chatGap = tonumber(ARGV[3])
local groupMax = tonumber(ARGV[4])
local groupWindow = tonumber(ARGV[5])
local tokenGap = tonumber(ARGV[6])
local member = ARGV[7]
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - groupWindow - chatGap)
redis.call('ZREMRANGEBYSCORE', KEYS[3], '-inf', now - tokenGap)
`;

// Claims a message's moment; answers it.
const CLAIM_SCRIPT = `${PLACE}
return place(now, member, isGroup, chatGap, groupMax, groupWindow, tokenGap)
`;

// A 429 for a message (ARGV[7]): the chat is held for ARGV[8] ms; the message (when ARGV[9] is
// '1') and then the chat's messages still waiting are placed again after the hold, in order.
const HOLD_SCRIPT = `${PLACE}
local untilAt = now + tonumber(ARGV[8])
if tonumber(redis.call('GET', KEYS[2]) or '0') < untilAt then
  redis.call('SET', KEYS[2], untilAt, 'PX', tonumber(ARGV[8]) + 60000)
end
redis.call('ZREM', KEYS[1], member)
redis.call('ZREM', KEYS[3], member)
local waiting = redis.call('ZRANGEBYSCORE', KEYS[1], now, '+inf')
for _, other in ipairs(waiting) do
  redis.call('ZREM', KEYS[1], other)
  redis.call('ZREM', KEYS[3], other)
end
if ARGV[9] == '1' then place(now, member, isGroup, chatGap, groupMax, groupWindow, tokenGap) end
for _, other in ipairs(waiting) do place(now, other, isGroup, chatGap, groupMax, groupWindow, tokenGap) end
return 1
`;

export interface RedisSendPacerOptions {
  redis: Redis | Cluster;
  /** The deployment's hash-tagged key prefix (e.g. `{dealcast}`): every key stays in its slot. */
  prefix: string;
  /** The bot token: its bot id names the keys, so that two bots never share a budget. */
  token: string;
  /** Tests pass virtual timers; every process must read the same time, so the default is the system clock. */
  timers?: Timers;
  limits?: TelegramSendLimits;
}

/** Telegram group, supergroup and channel ids are negative; people's are positive. */
export function isGroupChat(chatId: string | number): boolean {
  return String(chatId).startsWith('-') || String(chatId).startsWith('@');
}

/**
 * The send pacer on Redis: one Lua script claims each message's moment against sorted sets of
 * the moments already claimed (per chat and per token), so senders in any number of processes
 * queue behind one another instead of being refused by Telegram.
 */
export function createRedisSendPacer(options: RedisSendPacerOptions): SendPacer {
  const { redis } = options;
  const timers = options.timers ?? systemTimers;
  const limits = options.limits ?? TELEGRAM_SEND_LIMITS;
  const base = `${options.prefix}:tg:pace:${options.token.split(':')[0]}`;
  const keys = (chatId: string) => [`${base}:chat:${chatId}`, `${base}:hold:${chatId}`, `${base}:token`];
  const args = (turn: SendTurn) => [
    String(timers.now()), isGroupChat(turn.chatId) ? '1' : '0', String(limits.chatGapMs), String(limits.groupMax),
    String(limits.groupWindowMs), String(limits.tokenGapMs), turn.id,
  ];
  // A 429 elsewhere may move a claimed moment later while its sender sleeps: it looks again on waking.
  const waitForMoment = async (turn: SendTurn, at: number) => {
    for (let moment: number | undefined = at; moment !== undefined && moment > timers.now();) {
      await timers.sleep(moment - timers.now());
      const score = await redis.zscore(keys(turn.chatId)[0]!, turn.id);
      moment = score === null ? undefined : Number(score);
    }
  };
  return {
    async waitTurn(chatId) {
      const turn = { chatId: String(chatId), id: crypto.randomUUID() };
      const at = Number(await redis.eval(CLAIM_SCRIPT, 3, ...keys(turn.chatId), ...args(turn)));
      await waitForMoment(turn, at);
      return turn;
    },
    async retryAfter(turn, ms, { retry }) {
      await redis.eval(HOLD_SCRIPT, 3, ...keys(turn.chatId), ...args(turn), String(Math.max(0, Math.ceil(ms))), retry ? '1' : '0');
      if (!retry) return;
      const score = await redis.zscore(keys(turn.chatId)[0]!, turn.id);
      if (score !== null) await waitForMoment(turn, Number(score));
    },
  };
}

/**
 * No shared pacing (a sender built without Redis): messages go at once, but a 429's
 * `retry_after` is still waited out, in this process.
 */
export function retryAfterOnlyPacer(timers: Timers = systemTimers): SendPacer {
  const holds = new Map<string, number>();
  const waitOutHold = async (chatId: string) => {
    const until = holds.get(chatId);
    if (until === undefined) return;
    if (until <= timers.now()) holds.delete(chatId);
    else await timers.sleep(until - timers.now());
  };
  return {
    async waitTurn(chatId) {
      await waitOutHold(String(chatId));
      return { chatId: String(chatId), id: '' };
    },
    async retryAfter(turn, ms, { retry }) {
      holds.set(turn.chatId, Math.max(holds.get(turn.chatId) ?? 0, timers.now() + ms));
      if (retry) await waitOutHold(turn.chatId);
    },
  };
}
