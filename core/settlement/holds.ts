import type { CommissionStatus } from '../commissions/commission.ts';
import { DomainError } from '../shared/errors.ts';
import type { HoldState } from './review.ports.ts';

// Holding a commission for review: the rules. core/settlement/review.service.ts applies them.

/**
 * Money that can still move is what a hold stops: a pending commission is not approved while
 * held, an approved one is not taken into a payout. Money in a payout, paid or reversed is
 * past holding (mark the payout failed, or reverse the commission, instead).
 */
export const HOLDABLE_STATUSES: readonly CommissionStatus[] = ['pending', 'approved'];

export const canHold = (status: CommissionStatus): boolean => HOLDABLE_STATUSES.includes(status);

export const NOT_HELD: HoldState = Object.freeze({ heldAt: null, holdReason: null, heldBy: null });

/** A reason someone can act on later: 3 to 500 characters once trimmed. */
export function checkHoldReason(reason: string): string {
  const trimmed = reason.trim();
  if (trimmed.length < 3) throw new DomainError('validation_failed', 'Say why the commission is held (at least 3 characters)', { field: 'reason' });
  if (trimmed.length > 500) throw new DomainError('validation_failed', 'Keep the reason under 500 characters', { field: 'reason' });
  return trimmed;
}

/** Why this commission cannot be held, and what to do instead. */
export function cannotHold(commission: { id: string; status: CommissionStatus }): DomainError {
  const next: Partial<Record<CommissionStatus, string>> = {
    in_payout: 'it is in a payout: mark the payout failed to return it, or reverse it',
    paid: 'it is paid: reverse it to claw the money back from the next payout',
    reversed: 'it is reversed: nothing is left to hold',
  };
  return new DomainError('conflict', `Commission ${commission.id} cannot be held: ${next[commission.status] ?? commission.status}`, {
    commissionId: commission.id, status: commission.status,
  });
}
