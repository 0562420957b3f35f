import type { InfluencerNotification } from '../notifications/notifications.ts';
import type { Language } from './languages.ts';
import { translator } from './translator.ts';

/**
 * The chat text telling an influencer about their money or standing, in their language, with
 * amounts in the notification's currency formatted for that language.
 */
export function renderNotification(notification: InfluencerNotification, language: Language): string {
  const { t, money, number } = translator(language);
  switch (notification.kind) {
    case 'sale_pending':
      return t('notify.salePending', {
        product: notification.productTitle?.trim() || t('notify.saleUnknownProduct'),
        amount: money(notification.amount, notification.currency),
      });
    case 'commission_approved':
      return t('notify.commissionApproved', { amount: money(notification.amount, notification.currency) });
    case 'commission_reversed':
      return t('notify.commissionReversed', { amount: money(notification.amount, notification.currency) });
    case 'payout_paid':
      return t('notify.payoutPaid', {
        amount: money(notification.amount, notification.currency),
        reference: notification.reference?.trim() || t('notify.noReference'),
      });
    case 'tier_changed':
      return t('notify.tierChanged', { tier: notification.toTier, multiplier: `×${number(notification.multiplierBps / 10_000)}` });
    case 'account_approved':
      return t('notify.accountApproved');
    case 'account_suspended':
      return t('notify.accountSuspended');
    case 'account_reinstated':
      return t('notify.accountReinstated');
    case 'membership_approved':
      return t('notify.membershipApproved', { brand: notification.brandName, slug: notification.brandSlug });
    case 'membership_rejected':
      return t('notify.membershipRejected', { brand: notification.brandName });
    case 'autopost_stopped':
      return t(`autopost.stopped.${notification.reason}`, { chat: notification.chatTitle });
  }
}
