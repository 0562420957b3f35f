import type { UnitOfWork } from '../shared/unit-of-work.ts';
import type { Clock } from '../shared/clock.ts';
import type { InfluencerNotification, Notifier } from '../notifications/notifications.ts';
import type { AlertDeliveryStore, ClaimedAlert } from './deal-alerts.ports.ts';

/** The job's name on the alerts queue (queue/deal-alerts.worker.ts). */
export const DEAL_ALERTS_JOB = 'alerts.deliver';

export interface AlertDeliveryDeps {
  work: UnitOfWork<{ deliveries: AlertDeliveryStore }>;
  notifier: Notifier;
  clock: Clock;
}

/**
 * One run of the deal alerts: claims what every due follower should hear (db/deal-alerts.repository.ts)
 * and hands one notification per follower to the notifications queue, which renders it in their
 * language and sends it with the chat's pacing. The notifications are queued before the claim
 * commits: a queue that fails rolls the claim back, so the next run tries again; a run that
 * repeats (two workers, a retry) finds the events claimed and sends nothing more.
 */
export async function deliverDealAlerts(deps: AlertDeliveryDeps): Promise<{ followers: number; deals: number }> {
  const now = deps.clock.now();
  return deps.work(async ({ deliveries }) => {
    const claimed = await deliveries.claimDueAlerts(now);
    await deps.notifier.notify(claimed.map(alertNotification));
    return { followers: claimed.length, deals: claimed.reduce((sum, c) => sum + c.items.length + c.more, 0) };
  });
}

function alertNotification(alert: ClaimedAlert): InfluencerNotification {
  return {
    kind: 'deal_alerts', influencerId: alert.influencerId, more: alert.more,
    items: alert.items.map((i) => ({
      eventId: i.eventId, productId: i.productId, kind: i.kind, title: i.title, brandName: i.brandName, oldPrice: i.oldPrice, price: i.price, currency: i.currency,
    })),
  };
}
