import type { Kysely } from 'kysely';
import { systemCaller, type Caller } from '../../core/access/access.ts';
import type { Clock } from '../../core/shared/clock.ts';
import { recordConversion, type ConversionInput } from '../../core/conversions/conversions.service.ts';
import { silentNotifier, type InfluencerNotification, type Notifier } from '../../core/notifications/notifications.ts';
import { createConversionStore } from '../../db/conversions.repository.ts';
import type { Database } from '../../db/schema.ts';
import { storeClick } from './clicks.ts';

/** Who acts in tests that call core services directly (every vendor's data, like staff and jobs). */
export const TEST_CALLER: Caller = systemCaller('test');

/** A notifier that keeps what it is told, for assertions. */
export function recordingNotifier(): Notifier & { sent: InfluencerNotification[]; of(kind: InfluencerNotification['kind']): InfluencerNotification[] } {
  const sent: InfluencerNotification[] = [];
  return { sent, notify: async (list) => { sent.push(...list); }, of: (kind) => sent.filter((n) => n.kind === kind) };
}

/**
 * A counted click on the link a minute before `clock`'s now, then the vendor's report of an
 * order through it, the way the postback route records it. Returns the conversion answer.
 */
export async function sellThrough(
  db: Kysely<Database>,
  clock: Clock,
  sale: { vendorId: string; link: { id: string; influencer_id: string; product_id: string }; orderId: string; amount: number; currency: string },
  notifier: Notifier = silentNotifier,
) {
  const now = clock.now();
  const clickId = await storeClick(db, sale.link, { clickedAt: new Date(now.getTime() - 60_000) });
  const input: ConversionInput = { orderId: sale.orderId, clickId, amount: sale.amount, currency: sale.currency, occurredAt: now.toISOString() };
  return recordConversion(createConversionStore(db), clock, sale.vendorId, input, notifier);
}

/** A sale a property test made, and how much of it is refunded so far. */
export interface SoldOrder {
  vendorId: string;
  orderId: string;
  amount: number;
  refunded: number;
  commissionId: string | null;
}

/**
 * The next refund of a property step on `sale`: all that is left, or a share of it (at least
 * one minor unit); undefined when there is no sale or nothing is left to refund.
 */
export function nextRefund(sale: SoldOrder | undefined, part: number | 'all'): number | undefined {
  if (!sale || sale.refunded >= sale.amount) return undefined;
  const left = sale.amount - sale.refunded;
  return part === 'all' ? left : Math.max(1, Math.min(left, Math.round(left * part)));
}
