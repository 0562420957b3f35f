import type { Caller } from '../access/access.ts';
import type { AuditEntry } from '../audit/audit.ports.ts';
import type { InfluencerStatus } from '../influencers/influencer-accounts.service.ts';
import { ValidationError } from '../shared/errors.ts';

/**
 * The console's bot playground: an admin talks to the real command engine as a test
 * influencer ("persona") on the chat channel `playground`. A persona's chat account is
 * `<admin id>:<persona>`, so two admins never share one, and no persona can ever be a real
 * Telegram or WhatsApp person (their ids live on other channels).
 */
export const PLAYGROUND_CHANNEL = 'playground' as const;

/** The longest message the engine reads (Telegram's own limit); longer ones are refused, not cut. */
export const MAX_PLAYGROUND_TEXT = 4096;
export const MAX_PERSONA_LENGTH = 48;
/** Letters, digits, dot, dash and underscore: a handle that reads well in a URL and a log. */
export const PERSONA_PATTERN = '^[A-Za-z0-9][A-Za-z0-9_.-]*$';
const PERSONA = new RegExp(PERSONA_PATTERN);

/** A test influencer of one admin, once it has registered through the engine. */
export interface PlaygroundPersona {
  persona: string;
  influencerId: string;
  name: string;
  language: string;
  country: string | null;
  status: InfluencerStatus;
  createdAt: Date;
}

type PersonaRow = Omit<PlaygroundPersona, 'persona'> & { externalId: string };

/** What the playground reads: the influencers behind its chat accounts (channel `playground`). */
export interface PlaygroundPersonaReads {
  /** Those whose chat-account id starts with `prefix`, newest first. */
  listByExternalIdPrefix(prefix: string): Promise<PersonaRow[]>;
  findByExternalId(externalId: string): Promise<PersonaRow | undefined>;
}

/** The chat-account id of an admin's persona; `validation_failed` naming `persona` for a malformed handle. */
export function personaSenderId(adminId: string, persona: string): string {
  if (persona.length === 0 || persona.length > MAX_PERSONA_LENGTH || !PERSONA.test(persona)) {
    throw new ValidationError(`persona must be 1 to ${MAX_PERSONA_LENGTH} letters, digits, ".", "-" or "_", starting with a letter or digit`, { field: 'persona' });
  }
  return `${adminId}:${persona}`;
}

/** The prefix of every chat account of one admin's personas. */
export function personaPrefix(adminId: string): string {
  return `${adminId}:`;
}

/** A message as typed: refused when nothing but spaces, or longer than the engine reads. */
export function playgroundText(text: string): string {
  if (text.trim() === '') throw new ValidationError('text must not be empty', { field: 'text' });
  if ([...text].length > MAX_PLAYGROUND_TEXT) throw new ValidationError(`text must be at most ${MAX_PLAYGROUND_TEXT} characters`, { field: 'text' });
  return text;
}

/** An admin's personas, newest first, named by their handle. */
export async function listPersonas(reads: PlaygroundPersonaReads, adminId: string): Promise<PlaygroundPersona[]> {
  const prefix = personaPrefix(adminId);
  const rows = await reads.listByExternalIdPrefix(prefix);
  return rows
    .filter((row) => row.externalId.startsWith(prefix))
    .map(({ externalId, ...row }) => ({ ...row, persona: externalId.slice(prefix.length) }));
}

/** One persona of an admin; null until it has registered. */
export async function findPersona(reads: PlaygroundPersonaReads, adminId: string, persona: string): Promise<PlaygroundPersona | null> {
  const found = await reads.findByExternalId(personaSenderId(adminId, persona));
  if (!found) return null;
  const { externalId: _externalId, ...row } = found;
  return { ...row, persona };
}

/** The first characters of a message, enough to tell what was asked in the audit log. */
const AUDITED_TEXT = 200;

/**
 * The audit line of one playground message: the engine may have registered the persona or
 * made links for it, on behalf of this admin. It names the persona's chat account, what was
 * sent (its start) and what came back (the kinds of replies), never the bytes.
 */
export function playgroundAuditEntry(
  caller: Caller, senderId: string, input: { text: string; influencerId: string | null; replyKinds: string[] },
): AuditEntry {
  const chars = [...input.text];
  const text = chars.length <= AUDITED_TEXT ? input.text : `${chars.slice(0, AUDITED_TEXT - 1).join('')}…`;
  return {
    actor: caller.actor, action: 'playground.message', entity: 'playground_persona', entityId: senderId,
    after: { influencerId: input.influencerId, text }, details: { replies: input.replyKinds },
  };
}
