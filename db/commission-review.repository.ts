import type { Kysely } from 'kysely';
import type { HoldState, ReviewedCommission, ReviewStore, ReviewTx } from '../core/settlement/review.ports.ts';
import { auditLog } from './audit.repository.ts';
import { toLockedCommission, updateCommissionReversal } from './conversions.repository.ts';
import { insertLedgerTransaction } from './ledger.repository.ts';
import type { Database } from './schema.ts';
import { takeSettlementLock } from './settlement-lock.ts';
import { unitOfWork } from './unit-of-work.ts';

/** How long a hold or a fraud mark waits for a settlement chunk before answering `busy`. */
const SETTLEMENT_WAIT_MS = 15_000;

/** The review store of core/settlement/review.service.ts (hold, release, fraud), on Kysely. */
export function createReviewStore(db: Kysely<Database>): ReviewStore {
  return { unitOfWork: unitOfWork(db, (trx) => ({ review: reviewTx(trx), audit: auditLog(trx) })) };
}

const REVIEW_COLUMNS = [
  'c.id', 'c.kind', 'c.influencer_id', 'c.amount', 'c.reversed_amount', 'c.currency', 'c.status', 'c.payout_amount', 'c.reversed_payout_amount',
  'c.payout_currency', 'c.fx_rate_e9', 'c.rate_bps', 'c.source_commission_id', 'c.campaign_id', 'c.bonus_amount', 'c.conversion_id', 'c.held_at', 'c.hold_reason', 'c.held_by',
] as const;

type ReviewRow = Parameters<typeof toLockedCommission>[0] & { conversion_id: string; held_at: Date | null; hold_reason: string | null; held_by: string | null };

function toReviewed(row: ReviewRow): ReviewedCommission {
  return { ...toLockedCommission(row), conversionId: row.conversion_id, heldAt: row.held_at, holdReason: row.hold_reason, heldBy: row.held_by };
}

function reviewTx(trx: Kysely<Database>): ReviewTx {
  return {
    waitForSettlement: () => takeSettlementLock(trx, { mode: 'shared', timeoutMs: SETTLEMENT_WAIT_MS }),
    async lockCommission(scope, id) {
      // The brand's vendor funds the commission; a vendor's scope sees only its own.
      const row = await trx.selectFrom('commissions as c').innerJoin('brands as b', 'b.id', 'c.brand_id')
        .select([...REVIEW_COLUMNS, 'b.vendor_id'])
        .where('c.id', '=', id)
        .$if(scope.vendorId !== null, (qb) => qb.where('b.vendor_id', '=', scope.vendorId as string))
        .forNoKeyUpdate('c').executeTakeFirst();
      return row && { commission: toReviewed(row), vendorId: row.vendor_id };
    },
    async lockConversion(scope, id) {
      const row = await trx.selectFrom('conversions').select(['id', 'vendor_id', 'order_id', 'fraud_at', 'fraud_reason', 'fraud_by'])
        .where('id', '=', id)
        .$if(scope.vendorId !== null, (qb) => qb.where('vendor_id', '=', scope.vendorId as string))
        .forNoKeyUpdate().executeTakeFirst();
      return row && { id: row.id, vendorId: row.vendor_id, orderId: row.order_id, fraudAt: row.fraud_at, fraudReason: row.fraud_reason, fraudBy: row.fraud_by };
    },
    async lockCommissionsOf(conversionId) {
      const rows = await trx.selectFrom('commissions as c').select(REVIEW_COLUMNS).where('c.conversion_id', '=', conversionId)
        .orderBy('c.id').forNoKeyUpdate().execute();
      return rows.map(toReviewed);
    },
    async setHold(ids: string[], hold: HoldState) {
      if (ids.length === 0) return;
      await trx.updateTable('commissions').set({ held_at: hold.heldAt, hold_reason: hold.holdReason, held_by: hold.heldBy }).where('id', 'in', ids).execute();
    },
    async markFraud(conversionId, fraud) {
      await trx.updateTable('conversions').set({ fraud_at: fraud.at, fraud_reason: fraud.reason, fraud_by: fraud.by }).where('id', '=', conversionId).execute();
    },
    postLedger: async (transaction) => { await insertLedgerTransaction(trx, transaction); },
    updateCommissionReversal: (id, change) => updateCommissionReversal(trx, id, change),
  };
}
