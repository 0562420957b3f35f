import type { AuditLog } from '../audit/audit.ports.ts';
import type { InfluencerStatus } from '../influencers/influencer-accounts.service.ts';
import type { Clock } from '../shared/clock.ts';
import { DomainError, NotFoundError } from '../shared/errors.ts';
import { generateShortCode } from '../shared/ids.ts';
import type { UnitOfWork } from '../shared/unit-of-work.ts';

/** The name an anonymised influencer is shown under everywhere (console, lists, exports). */
export const ERASED_DISPLAY_NAME = 'Deleted user';

/** What replaces a personal value inside an audit row's before and after. */
export const ERASED_VALUE = '[erased]';

/**
 * The fields of an audit row's before and after that identify the person (the influencer's
 * and a join request's shapes): they are replaced by `ERASED_VALUE` in the rows about them.
 */
export const PERSONAL_AUDIT_FIELDS = [
  'displayName', 'influencerName', 'country', 'influencerCountry', 'username', 'externalId', 'chatId', 'recruitCode', 'payoutAccount',
] as const;

/** One erasure as the store carries it out. */
export interface Erasure {
  influencerId: string;
  at: Date;
  /** Who asked: `influencer:<id>` from chat, `admin:<id>` from the console. */
  by: string;
  /** Replaces the recruit code and every chat account id; identifies no one. */
  tombstone: string;
  personalAuditFields: readonly string[];
}

/** What an erasure changed, for the audit log. */
export interface ErasureCounts {
  identities: number;
  auditRowsRedacted: number;
}

/** The writes of an erasure, bound to one transaction (db/erasure.repository.ts). */
export interface ErasureWrites {
  /** The influencer's status, the row locked until the transaction ends; undefined when there is none. */
  lockStatus(influencerId: string): Promise<InfluencerStatus | undefined>;
  /**
   * Wipes what identifies the person: name, country, recruit code, the status reason, every
   * chat account (user id, chat id, handle, last sighting), and the personal fields of the
   * audit rows about them and their join requests, their storefront (handle and picks with
   * their notes); sets the status `deleted`. Links,
   * clicks, orders, commissions, payouts and ledger entries are not touched.
   */
  erase(erasure: Erasure): Promise<ErasureCounts>;
}

export interface ErasureStores {
  erasure: ErasureWrites;
  audit: AuditLog;
}

/** The one way an influencer is anonymised: `/deleteme` in chat and the admins' action both call it. */
export interface InfluencerErasure {
  /**
   * Anonymises the influencer in one transaction, audited as `influencer.anonymise` (with
   * no personal data in the row). `not_found` when there is no such influencer, `conflict`
   * when they are anonymised already. Their links keep redirecting (groups see no broken
   * link) but earn nothing, as for any influencer who is not active; the money they earned
   * stays on the ledger, linked to the anonymous row.
   */
  anonymise(actor: string, influencerId: string): Promise<void>;
}

export interface ErasurePorts {
  work: UnitOfWork<ErasureStores>;
  clock: Clock;
  newTombstone?: () => string;
}

export function influencerErasure(ports: ErasurePorts): InfluencerErasure {
  const newTombstone = ports.newTombstone ?? (() => `deleted-${generateShortCode(12)}`);
  return {
    async anonymise(actor, influencerId) {
      const at = ports.clock.now();
      await ports.work(async ({ erasure, audit }) => {
        const status = await erasure.lockStatus(influencerId);
        if (!status) throw new NotFoundError('influencer', influencerId);
        if (status === 'deleted') throw new DomainError('conflict', `Influencer ${influencerId} is anonymised already`, { influencerId, status });
        const counts = await erasure.erase({ influencerId, at, by: actor, tombstone: newTombstone(), personalAuditFields: PERSONAL_AUDIT_FIELDS });
        await audit.record({
          actor, action: 'influencer.anonymise', entity: 'influencer', entityId: influencerId,
          before: { status }, after: { status: 'deleted', displayName: ERASED_DISPLAY_NAME, deletedAt: at.toISOString() }, details: { ...counts },
        });
      });
    },
  };
}
