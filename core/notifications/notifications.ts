import type { AlertItem } from '../alerts/deal-alerts.ports.ts';

/**
 * What an influencer is told in chat about their money and standing. Core services emit these
 * through the `Notifier` port; the notifications queue delivers them to the influencer's
 * Telegram or WhatsApp identity, in their language.
 */
export type InfluencerNotification =
  | { kind: 'sale_pending'; influencerId: string; commissionId: string; amount: number; currency: string; productTitle: string | null }
  | { kind: 'commission_approved'; influencerId: string; commissionId: string; amount: number; currency: string }
  | { kind: 'commission_reversed'; influencerId: string; commissionId: string; amount: number; currency: string }
  | { kind: 'payout_paid'; influencerId: string; payoutId: string; amount: number; currency: string; reference: string | null }
  | { kind: 'tier_changed'; influencerId: string; fromTier: string | null; toTier: string; multiplierBps: number }
  /** A brand's vendor or staff decided the influencer's request to join the brand (`/join`). */
  | { kind: 'membership_approved' | 'membership_rejected'; influencerId: string; brandId: string; brandName: string; brandSlug: string }
  /** A change of standing by an admin, at the ISO instant it was made. */
  | { kind: 'account_approved' | 'account_suspended' | 'account_reinstated'; influencerId: string; at: string }
  /** The bot stopped posting in one of the influencer's chats (`/autopost`): its rights were taken, it was removed, or a post was refused. */
  | { kind: 'autopost_stopped'; influencerId: string; chatId: string; chatTitle: string; at: string; reason: 'rights_lost' | 'removed' | 'send_refused' }
  /** New products and price drops of what the influencer follows (core/alerts/alert-delivery.service.ts). */
  | { kind: 'deal_alerts'; influencerId: string; items: AlertItem[]; more: number };

/**
 * Whether a notification goes to an influencer in this standing: everything goes to active
 * influencers; a suspended one is told of the suspension itself, and nothing else.
 */
export function notifiesInStanding(notification: InfluencerNotification, status: string): boolean {
  if (status === 'active') return true;
  return status === 'suspended' && notification.kind === 'account_suspended';
}

export interface Notifier {
  notify(notifications: InfluencerNotification[]): Promise<void>;
}

/** A notifier that drops everything: for roles and tests where nobody is listening. */
export const silentNotifier: Notifier = { notify: async () => undefined };
