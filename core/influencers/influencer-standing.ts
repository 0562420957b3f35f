import type { InfluencerNotification } from '../notifications/notifications.ts';
import { DomainError, ValidationError } from '../shared/errors.ts';
import type { InfluencerStatus } from './influencer-accounts.service.ts';

/**
 * What admins do to an influencer's standing:
 * - `approve`: a registration waiting for approval (`pending`) becomes `active`.
 * - `suspend`: an `active` or `pending` influencer becomes `suspended`, with a reason. Their
 *   links keep redirecting (the groups they posted in see no broken link) and clicks are still
 *   counted, but an order through them earns no commission (core/conversions/attribution.ts,
 *   `influencer_inactive`), no override goes to them as a recruiter, no payout is made to them,
 *   they get no new link and the bot answers them that they are suspended. What they earned
 *   before stays theirs: pending commissions still approve, and are paid once reinstated.
 * - `reinstate`: a `suspended` influencer becomes `active` again.
 * A deleted (anonymised) influencer never changes.
 */
export const STANDING_ACTIONS = ['approve', 'suspend', 'reinstate'] as const;
export type StandingAction = (typeof STANDING_ACTIONS)[number];

const FROM: Record<StandingAction, readonly InfluencerStatus[]> = {
  approve: ['pending'],
  suspend: ['active', 'pending'],
  reinstate: ['suspended'],
};
const TO: Record<StandingAction, InfluencerStatus> = { approve: 'active', suspend: 'suspended', reinstate: 'active' };

export const MIN_REASON_LENGTH = 3;
export const MAX_REASON_LENGTH = 500;

/** A change of standing as it is stored on the influencer. */
export interface StandingChange {
  status: InfluencerStatus;
  reason: string | null;
  at: Date;
  by: string;
}

/**
 * The standing `action` moves `current` to, with its cleaned reason; `conflict` when the
 * action does not apply to the current standing, `validation_failed` for a suspension without
 * a reason.
 */
export function changeStanding(
  influencerId: string, current: InfluencerStatus, action: StandingAction, input: { reason?: string; at: Date; by: string },
): StandingChange {
  const reason = input.reason?.replace(/\s+/g, ' ').trim() || null;
  if (action === 'suspend' && (reason === null || reason.length < MIN_REASON_LENGTH)) {
    throw new ValidationError(`A suspension needs a reason of at least ${MIN_REASON_LENGTH} characters`, { field: 'reason' });
  }
  if (reason !== null && reason.length > MAX_REASON_LENGTH) {
    throw new ValidationError(`The reason is longer than ${MAX_REASON_LENGTH} characters`, { field: 'reason' });
  }
  if (!FROM[action].includes(current)) {
    throw new DomainError('conflict', `Influencer ${influencerId} is ${current}: ${action} applies to ${FROM[action].join(' or ')} influencers only`, {
      influencerId, status: current, action,
    });
  }
  return { status: TO[action], reason, at: input.at, by: input.by };
}

/** What the influencer is told in chat about the change. */
export function standingNotification(influencerId: string, action: StandingAction, at: Date): InfluencerNotification {
  const kind = action === 'approve' ? 'account_approved' : action === 'suspend' ? 'account_suspended' : 'account_reinstated';
  return { kind, influencerId, at: at.toISOString() };
}

/** Whether new registrations from chat wait for an admin's approval. */
export const REGISTRATION_APPROVALS = ['automatic', 'required'] as const;
export type RegistrationApproval = (typeof REGISTRATION_APPROVALS)[number];
