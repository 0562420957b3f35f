import type { Caller } from '../access/access.ts';
import type { AuditLog } from '../audit/audit.ports.ts';
import { NotFoundError } from '../shared/errors.ts';
import type { UnitOfWork } from '../shared/unit-of-work.ts';
import { assertCurrency } from '../money/money.ts';

/** The currency an influencer is paid in, as a payout-currency change reads and writes it. */
export interface PayoutCurrencySetting {
  influencerId: string;
  payoutCurrency: string;
}

/** The writes of a payout-currency change, bound to one transaction (db/money.repository.ts). */
export interface PayoutCurrencyTx {
  lockPayoutCurrency(influencerId: string): Promise<PayoutCurrencySetting | undefined>;
  setPayoutCurrency(influencerId: string, currency: string): Promise<PayoutCurrencySetting>;
}

export interface PayoutCurrencyStores {
  influencers: PayoutCurrencyTx;
  audit: AuditLog;
}

export interface PayoutCurrencyChange {
  influencerId: string;
  payoutCurrency: string;
  previous: string;
}

/**
 * An admin sets the currency an influencer is paid in. It applies to commissions earned from
 * now on; balances already held in another currency stay in it and are paid out in it.
 */
export async function setPayoutCurrency(
  unitOfWork: UnitOfWork<PayoutCurrencyStores>, caller: Caller, input: { influencerId: string; currency: string },
): Promise<PayoutCurrencyChange> {
  const currency = assertCurrency(input.currency.trim().toUpperCase());
  return unitOfWork(async ({ influencers, audit }) => {
    const before = await influencers.lockPayoutCurrency(input.influencerId);
    if (!before) throw new NotFoundError('influencer', input.influencerId);
    const after = await influencers.setPayoutCurrency(before.influencerId, currency);
    await audit.record({ actor: caller.actor, action: 'influencer.payout_currency', entity: 'influencer', entityId: before.influencerId, before, after });
    return { influencerId: after.influencerId, payoutCurrency: after.payoutCurrency, previous: before.payoutCurrency };
  });
}
