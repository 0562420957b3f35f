/** Every reason the domain refuses something; adapters map each code in one place. */
export type DomainErrorCode =
  | 'validation_failed'
  | 'not_found'
  | 'conflict'
  | 'unauthorized'
  | 'forbidden'
  | 'invalid_signature'
  | 'stale_signature'
  | 'unknown_key'
  | 'idempotency_conflict'
  | 'unknown_currency'
  | 'invalid_amount'
  | 'refund_exceeds_amount'
  | 'rate_limited'
  /** A state-changing request of a console session without its X-CSRF-Token. */
  | 'csrf_failed'
  /** Settlement is busy (a payout run holds its lock); try again shortly. */
  | 'busy';

export class DomainError extends Error {
  constructor(
    readonly code: DomainErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export class NotFoundError extends DomainError {
  constructor(entity: string, id: string) {
    super('not_found', `${entity} ${JSON.stringify(id)} does not exist`, { entity, id });
  }
}

export class ValidationError extends DomainError {
  constructor(message: string, details?: Record<string, unknown>) {
    super('validation_failed', message, details);
  }
}

/** `value`, or `not_found` for the entity and id asked for: what every get by id answers when the scope holds nothing. */
export function foundOrThrow<T>(value: T | undefined | null, entity: string, id: string): T {
  if (value === undefined || value === null) throw new NotFoundError(entity, id);
  return value;
}
