import { DomainError } from '../shared/errors.ts';
import { generateShortCode } from '../shared/ids.ts';
import { resolveLanguage, type Language } from '../i18n/languages.ts';
import type { RegistrationApproval } from './influencer-standing.ts';
import { payoutCurrencyForCountry } from '../money/country-currency.ts';

/** Where an influencer talks to us; each has at most one identity per channel. */
export const CHAT_CHANNELS = ['telegram', 'whatsapp', 'playground'] as const;
export type ChatChannel = (typeof CHAT_CHANNELS)[number];

/**
 * An influencer's standing (core/influencers/influencer-standing.ts moves it): `pending` waits
 * for an admin's approval (when the platform requires it), `active` earns, `suspended` keeps
 * its links working but earns no new commission and is not paid out, `deleted` is anonymised
 * (by /deleteme or an admin, core/privacy/erasure.service.ts) and never comes back.
 */
export const INFLUENCER_STATUSES = ['pending', 'active', 'suspended', 'deleted'] as const;
export type InfluencerStatus = (typeof INFLUENCER_STATUSES)[number];

export const MAX_DISPLAY_NAME_LENGTH = 64;

/** An influencer as the chat side knows them. */
export interface InfluencerAccount {
  id: string;
  displayName: string;
  language: Language;
  country: string | null;
  status: InfluencerStatus;
  recruitCode: string;
  /** The tier's multiplier in basis points; null without a tier (×1). */
  tierMultiplierBps: number | null;
  payoutCurrency: string;
}

/** A chat account: the channel's own user id and the chat to write to. */
export interface ChatIdentity {
  channel: ChatChannel;
  externalId: string;
  chatId: string;
  /** The person's handle on the channel (Telegram @username), when it has one. */
  username?: string | null;
}

export interface NewRegistration {
  displayName: string;
  language: Language;
  country: string;
  recruitedBy: string | null;
  termsAcceptedAt: Date;
  identity: ChatIdentity;
}

/** When, and under which handle, a chat account last wrote; null before its first sighting. */
export interface Sighting {
  at: Date | null;
  username: string | null;
}

/** The storage registration and the chat commands need; db/bot-accounts.repository.ts implements it. */
export interface InfluencerAccountStore {
  /** The influencer behind a chat account (whatever its status), or undefined for a stranger. */
  findAccountByIdentity(channel: ChatChannel, externalId: string): Promise<(InfluencerAccount & { identityActive: boolean; chatId: string; lastSeen: Sighting }) | undefined>;
  /** The active influencer owning a recruit code. */
  findRecruiter(recruitCode: string): Promise<{ id: string; displayName: string } | undefined>;
  /**
   * Inserts the influencer and its identity in one transaction. `identity_taken` when the chat
   * account already belongs to someone (a concurrent registration won), `code_taken` when the
   * generated recruit code collides (the caller retries with another).
   */
  insertRegistration(registration: NewRegistration & { recruitCode: string; status: 'pending' | 'active'; payoutCurrency: string }): Promise<InfluencerAccount | 'identity_taken' | 'code_taken'>;
  /** Whether registrations from chat wait for an admin's approval (an admin's setting). */
  registrationApproval(): Promise<RegistrationApproval>;
  /**
   * The chat account wrote at `at`, with this handle: kept as its last sighting (written at
   * most every few minutes per account, and whenever the handle changes). `lastSeen`, the
   * sighting the account was just read with, spares the round trip when nothing is due.
   */
  recordSeen(identity: { channel: ChatChannel; externalId: string; username: string | null }, at: Date, lastSeen?: Sighting): Promise<void>;
  updateLanguage(influencerId: string, language: Language): Promise<void>;
  /** The chat account writes again (after blocking the bot, or from a new chat): active, with this chat id. */
  reactivateIdentity(identity: ChatIdentity): Promise<void>;
}

// C0/C1 controls and the bidi overrides/isolates that could make a name display as something else.
export const UNSAFE_CHARACTERS = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g;

/**
 * A display name as typed in chat, cleaned: NFC, no control or text-direction override
 * characters, single spaces, 1 to 64 characters (counted in code points, so emoji and
 * right-to-left scripts are fine). Undefined when nothing usable remains or it is too long.
 */
export function cleanDisplayName(input: string): string | undefined {
  const cleaned = input.normalize('NFC').replace(UNSAFE_CHARACTERS, ' ').replace(/\s+/g, ' ').trim();
  const length = [...cleaned].length;
  if (length === 0 || length > MAX_DISPLAY_NAME_LENGTH) return undefined;
  return cleaned;
}

const regionNamesByLanguage = new Map<string, Map<string, string>>();

/** Every ISO 3166-1 alpha-2 region Intl knows, by its lower-cased name in `language`. */
function regionNames(language: string): Map<string, string> {
  let names = regionNamesByLanguage.get(language);
  if (names) return names;
  names = new Map();
  const display = new Intl.DisplayNames([language], { type: 'region', fallback: 'none' });
  for (let a = 65; a <= 90; a++) {
    for (let b = 65; b <= 90; b++) {
      const code = String.fromCharCode(a, b);
      const name = display.of(code);
      const key = name?.toLocaleLowerCase(language);
      // First wins: "France" is FR, not the historical FX.
      if (name && key && name !== code && !names.has(key)) names.set(key, code);
    }
  }
  regionNamesByLanguage.set(language, names);
  return names;
}

/**
 * A country as typed: a two-letter ISO code ("fr", "PL") or its name in the user's language
 * or in English ("France", "Россия", "Polska"). Undefined when it names no country.
 */
export function parseCountry(input: string, language: Language): string | undefined {
  const trimmed = input.trim();
  if (/^[A-Za-z]{2}$/.test(trimmed)) {
    const code = trimmed.toUpperCase();
    return [...regionNames('en').values()].includes(code) ? code : undefined;
  }
  if (trimmed.length > 60) return undefined;
  const key = trimmed.replace(/\s+/g, ' ');
  return regionNames(language).get(key.toLocaleLowerCase(language)) ?? regionNames('en').get(key.toLowerCase());
}

/** The country's name in a language, e.g. countryName('FR', 'ru') → "Франция". */
export function countryName(code: string, language: Language): string {
  return new Intl.DisplayNames([language], { type: 'region' }).of(code) ?? code;
}

/** The recruit code in a `/start ref_<code>` argument (a Telegram deep link), or undefined. */
export function parseRecruitArgument(argument: string): string | undefined {
  const match = /^ref_([0-9A-Za-z]{4,32})$/.exec(argument.trim());
  return match?.[1];
}

/**
 * Registers the person behind a chat account: `active`, or `pending` when admins require
 * approval of registrations; a new influencer with a fresh recruit code, in
 * the language they chose, recruited by whoever invited them, with their first identity. When
 * the chat account was registered meanwhile (two taps on "I accept"), that registration is the
 * answer: registering is idempotent per chat account.
 */
export async function registerInfluencer(store: InfluencerAccountStore, registration: NewRegistration): Promise<InfluencerAccount> {
  // When admins require approval, the new influencer waits as `pending` (the bot says so) until one approves.
  const status = (await store.registrationApproval()) === 'required' ? 'pending' : 'active';
  for (let attempt = 0; attempt < 5; attempt++) {
    const result = await store.insertRegistration({ ...registration, recruitCode: generateShortCode(8), status, payoutCurrency: payoutCurrencyForCountry(registration.country) });
    if (result === 'code_taken') continue;
    if (result === 'identity_taken') {
      const existing = await store.findAccountByIdentity(registration.identity.channel, registration.identity.externalId);
      if (existing) return existing;
      throw new DomainError('conflict', 'This chat account is being registered by another request', { channel: registration.identity.channel });
    }
    return result;
  }
  throw new Error('Could not find a free recruit code after 5 attempts');
}

/** The language stored on an influencer row, as one we speak. */
export function storedLanguage(value: string): Language {
  return resolveLanguage(value);
}
