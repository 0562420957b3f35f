import type { AlertItem } from '../alerts/deal-alerts.ports.ts';
import type { ChatAction } from '../notifications/chat-delivery.ts';
import type { InfluencerNotification } from '../notifications/notifications.ts';
import type { Language } from './languages.ts';
import { translator, type Translator } from './translator.ts';

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
    case 'deal_alerts':
      return renderDealAlerts(translator(language), notification.items, notification.more);
  }
}

/**
 * The one-tap answers under a notification: for deal alerts, "make my link" for each deal, as
 * `/link #46` (bots/engine/deal-refs.ts: "#46" names product 46 whatever list came last, so the
 * tap or the typed answer always means the deal shown). Other notifications have none.
 */
export function notificationActions(notification: InfluencerNotification, language: Language): ChatAction[] {
  if (notification.kind !== 'deal_alerts') return [];
  const { t } = translator(language);
  return notification.items.map((item) => ({ label: t('alerts.makeLink', { title: shortTitle(item.title) }), command: 'link', args: `#${item.productId}` }));
}

function renderDealAlerts(i18n: Translator, items: AlertItem[], more: number): string {
  const lines = items.map((item) => {
    const price = i18n.money(item.price, item.currency);
    const names = { title: shortTitle(item.title), brand: item.brandName, price };
    if (item.kind === 'price_drop' && item.oldPrice !== null && item.oldPrice > 0) {
      const drop = Math.round(((item.oldPrice - item.price) * 100) / item.oldPrice);
      return i18n.t('alerts.itemDrop', { ...names, oldPrice: i18n.money(item.oldPrice, item.currency), drop: i18n.percent(drop) });
    }
    return i18n.t('alerts.itemNew', names);
  });
  return [
    i18n.t('alerts.digestTitle', { count: items.length + more }),
    ...lines,
    ...(more > 0 ? [i18n.t('alerts.digestMore', { count: more })] : []),
    i18n.t('alerts.digestFooter'),
  ].join('\n');
}

/** Titles in an alert are cut: a digest of long titles would hide the prices. */
function shortTitle(title: string, max = 60): string {
  const chars = [...title.replace(/\s+/g, ' ').trim()];
  return chars.length <= max ? chars.join('') : `${chars.slice(0, max - 1).join('')}…`;
}
