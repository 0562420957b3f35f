import { DomainError, type DomainErrorCode } from '../../core/shared/errors.ts';
import type { MessageKey, Translator } from '../../core/i18n/translator.ts';
import type { EngineLogger } from './deps.ts';
import type { Reply } from './types.ts';

/** Every refusal of the domain, as a polite sentence; the one place the engine maps error codes. */
const KEY_BY_CODE: Record<DomainErrorCode, MessageKey> = {
  validation_failed: 'error.validation',
  invalid_amount: 'error.validation',
  unknown_currency: 'error.validation',
  refund_exceeds_amount: 'error.validation',
  not_found: 'error.notFound',
  conflict: 'error.conflict',
  idempotency_conflict: 'error.conflict',
  unauthorized: 'error.forbidden',
  unknown_key: 'error.forbidden',
  invalid_signature: 'error.forbidden',
  stale_signature: 'error.forbidden',
  forbidden: 'error.forbidden',
  csrf_failed: 'error.forbidden',
  rate_limited: 'error.rateLimited',
  busy: 'error.busy',
};

/**
 * The chat reply to a failure while answering a message: a `DomainError` becomes its sentence
 * in the person's language; anything else is logged and answered with an apology, never with
 * a stack trace.
 */
export function errorReply(error: unknown, i18n: Translator, logger: EngineLogger | undefined, context: object): Reply {
  if (error instanceof DomainError) {
    return { kind: 'text', text: i18n.t(KEY_BY_CODE[error.code] ?? 'error.internal') };
  }
  logger?.error({ err: error, ...context }, 'bot engine failed to answer a message');
  return { kind: 'text', text: i18n.t('error.internal') };
}
