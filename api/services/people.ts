import type { InfluencerAdminService } from '../../core/influencers/influencer-admin.service.ts';
import type { LinkAdminService } from '../../core/links/link-admin.service.ts';
import type { LinkMediaService } from '../../core/links/link-media.service.ts';
import type { ReportService } from '../../core/reports/reports.service.ts';

/**
 * What the HTTP app needs for the people routes (influencers, links and their printable forms,
 * reports): core services, built by cli/services/people.services.ts and handed in. No database
 * handle crosses this line.
 */
export interface PeopleApi {
  readonly influencers: InfluencerAdminService;
  readonly links: LinkAdminService;
  readonly linkMedia: LinkMediaService;
  readonly reports: ReportService;
}
