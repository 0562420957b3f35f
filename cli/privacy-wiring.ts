import type { Kysely } from 'kysely';
import { dataExportService, type DataExportService } from '../core/privacy/data-export.service.ts';
import { influencerErasure, type InfluencerErasure } from '../core/privacy/erasure.service.ts';
import type { Clock } from '../core/shared/clock.ts';
import type { PayoutMethods } from '../core/payouts/payout-methods.service.ts';
import { auditLog } from '../db/audit.repository.ts';
import { dataExportStore } from '../db/data-export.repository.ts';
import { erasureWrites } from '../db/erasure.repository.ts';
import { balanceReader } from '../db/ledger.repository.ts';
import type { Database } from '../db/schema.ts';
import { unitOfWork } from '../db/unit-of-work.ts';

/** The one anonymisation (core/privacy/erasure.service.ts) on the database: `/deleteme` and the admins' action both get this. */
export function buildInfluencerErasure(db: Kysely<Database>, clock: Clock): InfluencerErasure {
  return influencerErasure({ work: unitOfWork(db, (trx) => ({ erasure: erasureWrites(trx), audit: auditLog(trx) })), clock });
}

/** An influencer's data export (`/export`) on the database. */
export function buildDataExport(db: Kysely<Database>, clock: Clock, publicUrl: string, payoutMethods?: PayoutMethods): DataExportService {
  return dataExportService({ store: dataExportStore(db), balances: balanceReader(db), clock, publicUrl, payoutMethods });
}
