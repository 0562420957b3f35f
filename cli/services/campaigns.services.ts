import { campaignsService, type CampaignsService } from '../../core/campaigns/campaigns.service.ts';
import { auditLog } from '../../db/audit.repository.ts';
import { campaignStore } from '../../db/campaigns.repository.ts';
import { unitOfWork } from '../../db/unit-of-work.ts';
import type { ServiceInfrastructure } from '../app-services.ts';

/** The campaigns service on the database, for the admin API and the console. */
export function buildCampaignsService(infra: ServiceInfrastructure): CampaignsService {
  return campaignsService({
    unitOfWork: unitOfWork(infra.db, (trx) => ({ campaigns: campaignStore(trx), audit: auditLog(trx) })),
    campaigns: campaignStore(infra.db),
    clock: infra.clock,
  });
}
