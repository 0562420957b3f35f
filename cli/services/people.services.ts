import type { PeopleApi } from '../../api/services/people.ts';
import { influencerAdminService } from '../../core/influencers/influencer-admin.service.ts';
import { linkAdminService } from '../../core/links/link-admin.service.ts';
import { linkMediaService } from '../../core/links/link-media.service.ts';
import { reportService } from '../../core/reports/reports.service.ts';
import { auditLog } from '../../db/audit.repository.ts';
import { influencerReads, influencerWrites } from '../../db/influencers.repository.ts';
import { linkMediaReads } from '../../db/link-media.repository.ts';
import { linkReads, linkStore, linkSubjects } from '../../db/links.repository.ts';
import { reportReads } from '../../db/lists.repository.ts';
import { unitOfWork } from '../../db/unit-of-work.ts';
import type { ServiceInfrastructure } from '../app-services.ts';

/** The people services on the database, for the api role (and the tests, through createTestApp). */
export function buildPeopleApi({ db, publicUrl }: ServiceInfrastructure): PeopleApi {
  return {
    influencers: influencerAdminService({
      work: unitOfWork(db, (trx) => ({ influencers: influencerWrites(trx), audit: auditLog(trx) })),
      reads: influencerReads(db),
    }),
    links: linkAdminService({
      work: unitOfWork(db, (trx) => ({ links: linkStore(trx), subjects: linkSubjects(trx), audit: auditLog(trx) })),
      reads: linkReads(db),
    }),
    linkMedia: linkMediaService({ reads: linkMediaReads(db), publicUrl }),
    reports: reportService(reportReads(db)),
  };
}
