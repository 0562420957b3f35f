import { DomainError } from '../shared/errors.ts';
import { addDays, isTimeZone, localTime, zonedInstant } from './zoned-time.ts';

/** Why the bot stopped posting in a chat: its rights were taken, it was removed, or Telegram refused a post. */
export const AUTOPOST_STOP_REASONS = ['rights_lost', 'removed', 'send_refused'] as const;
export type AutopostStopReason = (typeof AUTOPOST_STOP_REASONS)[number];

/** A slot's outcome: claimed by a worker, posted, skipped (nothing fresh to post, the cap reached), or failed. */
export const AUTOPOST_POST_STATUSES = ['claimed', 'posted', 'skipped', 'failed'] as const;
export type AutopostPostStatus = (typeof AUTOPOST_POST_STATUSES)[number];

export const AUTOPOST_CHAT_TYPES = ['channel', 'group', 'supergroup'] as const;
export type AutopostChatType = (typeof AUTOPOST_CHAT_TYPES)[number];

/** The posting rules an influencer sets for one chat (`/autopost`). Times are "HH:MM" in `timeZone`. */
export interface AutopostRules {
  brandIds: string[];
  keywords: string[];
  postTimes: string[];
  timeZone: string;
  /** Local "HH:MM" from which nothing is posted, up to `quietEnd` (it may run past midnight); both null for none. */
  quietStart: string | null;
  quietEnd: string | null;
  dailyCap: number;
  enabled: boolean;
}

export interface AutopostChat extends AutopostRules {
  id: string;
  influencerId: string;
  telegramChatId: string;
  chatType: AutopostChatType;
  title: string;
  memberCount: number | null;
  memberCountAt: Date | null;
  stoppedAt: Date | null;
  stoppedReason: AutopostStopReason | null;
  stopNotifiedAt: Date | null;
  nextDueAt: Date | null;
}

export const DEFAULT_POST_TIMES = ['09:00', '13:00', '19:00'] as const;
export const DEFAULT_DAILY_CAP = 3;
export const MAX_DAILY_CAP = 48;
export const MAX_POST_TIMES = 24;
export const MAX_KEYWORDS = 10;
/** A product posted in a chat is not posted there again for this long. */
export const NO_REPEAT_MS = 72 * 3600 * 1000;
/** A slot found later than this (every worker was down) is passed over, not posted late. */
export const SLOT_GRACE_MS = 30 * 60 * 1000;

const HH_MM = /^([01]?\d|2[0-3])[:.h]([0-5]\d)$/;

/** "9:00", "09.00", "9h00" → "09:00"; undefined when it is not a time of day. */
export function readTimeOfDay(input: string): string | undefined {
  const match = HH_MM.exec(input.trim());
  if (!match) return undefined;
  return `${match[1]!.padStart(2, '0')}:${match[2]}`;
}

function minuteOf(time: string): number {
  const [h, m] = time.split(':').map(Number) as [number, number];
  return h * 60 + m;
}

/** Posting times as typed ("9:00 13:00, 19:00"): sorted, without duplicates; refused with `validation_failed` when one is not a time. */
export function readPostTimes(input: string): string[] {
  const tokens = input.split(/[\s,;]+/).filter(Boolean);
  const times = tokens.map(readTimeOfDay);
  if (tokens.length === 0 || times.some((t) => t === undefined)) throw new DomainError('validation_failed', 'posting times must be HH:MM', { field: 'postTimes' });
  const unique = [...new Set(times as string[])].sort();
  if (unique.length > MAX_POST_TIMES) throw new DomainError('validation_failed', 'too many posting times', { field: 'postTimes', max: MAX_POST_TIMES });
  return unique;
}

/** Quiet hours typed as "22:00-08:00"; refused with `validation_failed` otherwise. */
export function readQuietHours(input: string): { quietStart: string; quietEnd: string } {
  const [from, to, ...rest] = input.split(/\s*[-–—]\s*|\s+/).filter(Boolean);
  const quietStart = from === undefined ? undefined : readTimeOfDay(from);
  const quietEnd = to === undefined ? undefined : readTimeOfDay(to);
  if (!quietStart || !quietEnd || rest.length > 0 || quietStart === quietEnd) throw new DomainError('validation_failed', 'quiet hours must be HH:MM-HH:MM', { field: 'quietHours' });
  return { quietStart, quietEnd };
}

/** A daily cap typed in chat: a whole number from 1 to 48. */
export function readDailyCap(input: string): number {
  const cap = /^\d{1,3}$/.test(input.trim()) ? Number(input.trim()) : NaN;
  if (!(cap >= 1 && cap <= MAX_DAILY_CAP)) throw new DomainError('validation_failed', 'the daily cap is 1 to 48', { field: 'dailyCap', max: MAX_DAILY_CAP });
  return cap;
}

/** A time zone typed in chat ("Europe/Warsaw", any case); refused with `validation_failed` when Intl does not know it. */
export function readTimeZone(input: string): string {
  const trimmed = input.trim();
  if (!/^[A-Za-z_]+(?:\/[A-Za-z0-9_+-]+){0,2}$/.test(trimmed) || !isTimeZone(trimmed)) {
    throw new DomainError('validation_failed', 'unknown time zone', { field: 'timeZone' });
  }
  return new Intl.DateTimeFormat('en', { timeZone: trimmed }).resolvedOptions().timeZone;
}

/** Keywords typed as "sneakers, phone case": comma-separated phrases, lower-case, at most 10. */
export function readKeywords(input: string): string[] {
  const phrases = input.split(/[,;\n]+/).map((k) => k.normalize('NFKC').trim().toLowerCase().replace(/\s+/g, ' ')).filter((k) => k.length > 0);
  const unique = [...new Set(phrases)];
  if (unique.length === 0 || unique.length > MAX_KEYWORDS || unique.some((k) => k.length > 40)) {
    throw new DomainError('validation_failed', 'keywords: 1 to 10 phrases of up to 40 characters', { field: 'keywords', max: MAX_KEYWORDS });
  }
  return unique;
}

/** True when a local minute of the day falls in the quiet hours (which may run past midnight). */
export function isQuiet(rules: Pick<AutopostRules, 'quietStart' | 'quietEnd'>, minute: number): boolean {
  if (rules.quietStart === null || rules.quietEnd === null) return false;
  const start = minuteOf(rules.quietStart);
  const end = minuteOf(rules.quietEnd);
  return start < end ? minute >= start && minute < end : minute >= start || minute < end;
}

/**
 * The next posting slot strictly after `after`: the first posting time, in the chat's zone, that
 * is not in its quiet hours. Null when every time is quiet (nothing would ever post).
 */
export function nextSlotAfter(rules: Pick<AutopostRules, 'postTimes' | 'timeZone' | 'quietStart' | 'quietEnd'>, after: Date): Date | null {
  const minutes = rules.postTimes.map(minuteOf).filter((m) => !isQuiet(rules, m)).sort((a, b) => a - b);
  if (minutes.length === 0) return null;
  const today = localTime(after, rules.timeZone).date;
  for (let day = -1; day <= 2; day++) {
    const date = addDays(today, day);
    for (const minute of minutes) {
      const slot = zonedInstant(date, minute, rules.timeZone);
      if (slot.getTime() > after.getTime()) return slot;
    }
  }
  return null;
}

/** The start and end of the local day a slot falls in, as instants: the daily cap counts within it. */
export function localDayOf(at: Date, timeZone: string): { from: Date; to: Date } {
  const { date } = localTime(at, timeZone);
  return { from: zonedInstant(date, 0, timeZone), to: zonedInstant(addDays(date, 1), 0, timeZone) };
}

/** A chat's title as a link's group label (links keep 64 UTF-16 units), so /stats splits per chat. */
export function groupLabelOfChat(title: string): string {
  const whole = title.replace(/\s+/g, ' ').trim();
  if (whole.length <= 64) return whole;
  let cut = '';
  for (const char of whole) {
    if (cut.length + char.length > 63) break;
    cut += char;
  }
  return `${cut}…`;
}
