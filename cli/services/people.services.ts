import type { PeopleApi } from '../../api/services/people.ts';
import { influencerAdminService } from '../../core/influencers/influencer-admin.service.ts';
import { influencerMoneyTrail } from '../../core/influencers/money-trail.service.ts';
import { linkAdminService } from '../../core/links/link-admin.service.ts';
import { linkMediaService } from '../../core/links/link-media.service.ts';
import { reportService } from '../../core/reports/reports.service.ts';
import { supportSearch } from '../../core/reports/support-search.ts';
import { auditLog } from '../../db/audit.repository.ts';
import { followStore } from '../../db/deal-follows.repository.ts';
import { influencerReads, influencerWrites } from '../../db/influencers.repository.ts';
import { ledgerReads } from '../../db/ledger.repository.ts';
import { linkMediaReads } from '../../db/link-media.repository.ts';
import { linkLandings, linkReads, linkStore, linkSubjects } from '../../db/links.repository.ts';
import { reportReads } from '../../db/lists.repository.ts';
import { commissionReads } from '../../db/money.repository.ts';
import { moneyTrailReads } from '../../db/money-trail.repository.ts';
import { payoutReads } from '../../db/payout-lists.repository.ts';
import { supportSearchReads } from '../../db/support-search.repository.ts';
import { unitOfWork } from '../../db/unit-of-work.ts';
import type { ServiceInfrastructure } from '../app-services.ts';
import { buildInfluencerErasure } from '../privacy-wiring.ts';

/** The people services on the database, for the api role (and the tests, through createTestApp). */
export function buildPeopleApi({ db, publicUrl, clock, notifier, logger }: ServiceInfrastructure): PeopleApi {
  const trail = { trail: moneyTrailReads(db), commissions: commissionReads(db), payouts: payoutReads(db), ledger: ledgerReads(db) };
  const search = supportSearchReads(db);
  const influencers = influencerAdminService({
    work: unitOfWork(db, (trx) => ({ influencers: influencerWrites(trx), audit: auditLog(trx) })),
    reads: influencerReads(db),
    clock,
    notifier,
    onNotifyError: (err) => logger.error({ err }, 'influencer standing notification could not be handed over'),
  });
  const erasure = buildInfluencerErasure(db, clock);
  return {
    influencers: {
      ...influencers,
      moneyTrail: (caller, influencerId, filter, page) => influencerMoneyTrail(trail, caller, influencerId, filter, page),
      async anonymise(caller, influencerId) {
        await erasure.anonymise(caller.actor, influencerId);
        return influencers.get(influencerId);
      },
      async follows(caller, influencerId) {
        await influencers.get(influencerId);
        return followStore(db).listFollows(influencerId);
      },
    },
    links: linkAdminService({
      work: unitOfWork(db, (trx) => ({ links: linkStore(trx), landings: linkLandings(trx), subjects: linkSubjects(trx), audit: auditLog(trx) })),
      reads: linkReads(db),
    }),
    linkMedia: linkMediaService({ reads: linkMediaReads(db), publicUrl }),
    reports: reportService(reportReads(db)),
    search: (caller, q) => supportSearch(search, caller, q),
  };
}
