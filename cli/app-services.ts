import type { RedisClient } from '../queue/connection.ts';
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { AppServices } from '../api/services/index.ts';
import type { ChannelMedia } from '../core/channels/channel-kits.service.ts';
import type { Clock } from '../core/shared/clock.ts';
import type { ChatConnectionStatusSource } from '../core/notifications/chat-connection.ts';
import type { Notifier } from '../core/notifications/notifications.ts';
import type { SecretBox } from '../core/shared/secret-box.ts';
import type { Database } from '../db/schema.ts';
import { buildAuditApi } from './services/audit.services.ts';
import { buildAuthApi } from './services/auth.services.ts';
import { buildAutopostApi } from './services/autopost.services.ts';
import { buildCatalogApi } from './services/catalog.services.ts';
import { buildEdgeApi } from './services/edge.services.ts';
import { buildMoneyApi } from './services/money.services.ts';
import { buildPagesApi } from './services/pages.services.ts';
import { buildPeopleApi } from './services/people.services.ts';
import { buildPlaygroundApi } from './services/playground.services.ts';
import { buildQueuesApi } from './services/queues.services.ts';
import { buildReachApi } from './services/reach.services.ts';
import { buildStatsApi } from './services/stats.services.ts';
import { buildCampaignsService } from './services/campaigns.services.ts';

/** What the services are built on: the database and the process's shared adapters. */
export interface ServiceInfrastructure {
  readonly db: Kysely<Database>;
  readonly secretBox: SecretBox;
  readonly clock: Clock;
  readonly notifier: Notifier;
  readonly logger: Logger;
  /** Base of every public link, without a trailing slash. */
  readonly publicUrl: string;
  /** Shared Redis connection (the sign-in rate limit's counters). */
  readonly redis: RedisClient;
  /** Prefix for Redis keys of this deployment (hash-tagged). */
  readonly redisPrefix: string;
  /** Key of the console sessions' CSRF tokens: SESSION_SECRET, else derived from the secret key. */
  readonly sessionSecret: string;
  /** Key of the visitor IP hash; the buyer reference's hash key derives from it (cli/services/edge.services.ts). */
  readonly ipHashKey: string;
  /** QR code and poster renderers (the playground's /qr and /poster); default api/media's for public image hosts. */
  readonly media?: ChannelMedia;
  /** The WhatsApp connection's status as the bots role reports it (the dashboard's alert); none: not running. */
  readonly whatsappStatus?: ChatConnectionStatusSource;
}

/** Builds every core service and store the HTTP app needs, once per process. */
export function buildAppServices(infra: ServiceInfrastructure): AppServices {
  return {
    catalog: buildCatalogApi(infra),
    people: buildPeopleApi(infra),
    money: buildMoneyApi(infra),
    edge: buildEdgeApi(infra),
    audit: buildAuditApi(infra),
    auth: buildAuthApi(infra),
    playground: buildPlaygroundApi(infra),
    queues: buildQueuesApi(infra),
    stats: buildStatsApi(infra),
    autopost: buildAutopostApi(infra),
    reach: buildReachApi(infra),
    pages: buildPagesApi(infra),
    campaigns: buildCampaignsService(infra),
  };
}
