import type { Caller } from '../../core/access/access.ts';
import type { FollowSummary } from '../../core/alerts/deal-alerts.ports.ts';
import type { InfluencerAdminService } from '../../core/influencers/influencer-admin.service.ts';
import type { Influencer } from '../../core/influencers/influencers.ports.ts';
import type { MoneyTrailEntry } from '../../core/influencers/money-trail.ts';
import type { LinkAdminService } from '../../core/links/link-admin.service.ts';
import type { LinkMediaService } from '../../core/links/link-media.service.ts';
import type { ReportService } from '../../core/reports/reports.service.ts';
import type { SearchResult } from '../../core/reports/support-search.ts';
import type { Page, PageQuery } from '../../core/shared/paging.ts';

/**
 * What the HTTP app needs for the people routes (influencers, links and their printable forms,
 * reports, the support search): core services, built by cli/services/people.services.ts and
 * handed in. No database handle crosses this line.
 */
export interface PeopleApi {
  readonly influencers: InfluencerAdminService & {
    /** The influencer's orders from click to payout, newest first (core/influencers/money-trail.service.ts). */
    moneyTrail(caller: Caller, influencerId: string, filter: { conversionId?: string }, page: PageQuery): Promise<Page<MoneyTrailEntry>>;
    /** Anonymises the influencer the way `/deleteme` does (core/privacy/erasure.service.ts), then reads them back. */
    anonymise(caller: Caller, influencerId: string): Promise<Influencer>;
    /** What the influencer follows for deal alerts, and how often they hear (core/alerts); not_found for no such influencer. */
    follows(caller: Caller, influencerId: string): Promise<FollowSummary>;
  };
  readonly links: LinkAdminService;
  readonly linkMedia: LinkMediaService;
  readonly reports: ReportService;
  /** "What happened to this sale?": influencers, orders, clicks and links a query names (core/reports/support-search.ts). */
  search(caller: Caller, q: string): Promise<{ query: string; results: SearchResult[] }>;
}
