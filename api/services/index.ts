import type { AuditApi } from './audit.ts';
import type { AuthApi } from './auth.ts';
import type { AutopostApi } from './autopost.ts';
import type { CatalogApi } from './catalog.ts';
import type { EdgeApi } from './edge.ts';
import type { MoneyApi } from './money.ts';
import type { PagesApi } from './pages.ts';
import type { PeopleApi } from './people.ts';
import type { PlaygroundApi } from './playground.ts';
import type { QueuesApi } from './queues.ts';
import type { StatsApi } from './stats.ts';
import type { CampaignsService } from '../../core/campaigns/campaigns.service.ts';
import type { InfluencerReachService } from '../../core/tiers/influencer-reach.ts';

/** Every service and store the HTTP app uses, one group per feature. */
export interface AppServices {
  readonly catalog: CatalogApi;
  readonly people: PeopleApi;
  readonly money: MoneyApi;
  readonly edge: EdgeApi;
  readonly audit: AuditApi;
  readonly auth: AuthApi;
  readonly playground: PlaygroundApi;
  readonly queues: QueuesApi;
  readonly stats: StatsApi;
  readonly autopost: AutopostApi;
  /** An influencer's 30-day exposure, source by source (the console's reach card). */
  readonly reach: InfluencerReachService;
  /** Deal pages and storefronts. */
  readonly pages: PagesApi;
  /** Vendor campaigns: created and run by vendors (their own) and staff. */
  readonly campaigns: CampaignsService;
}
