import type { RedisClient } from '../queue/connection.ts';
import type { Logger } from 'pino';
import type { ChannelMedia } from '../core/channels/channel-kits.service.ts';
import type { ChatConnectionStatusSource } from '../core/notifications/chat-connection.ts';
import type { Clock } from '../core/shared/clock.ts';
import type { ClickSink } from '../core/clicks/clicks.ports.ts';
import type { Notifier } from '../core/notifications/notifications.ts';
import type { SecretBox } from '../core/shared/secret-box.ts';
import type { AppServices } from './services/index.ts';
import type { HttpMetrics } from './observability/http-metrics.ts';
import type { RequestLimits } from './security/rate-limits.ts';

export type { ClickEvent, ClickSink } from '../core/clicks/clicks.ports.ts';

/** Everything the HTTP app needs, built once by the CLI (`buildAppDeps` of cli/app-deps.ts) and passed in. */
export interface AppDeps {
  /** The core services and read stores the routes call, built by cli/app-services.ts. */
  readonly services: AppServices;
  /** Shared Redis connection (link cache, readiness). */
  readonly redis: RedisClient;
  readonly clicks: ClickSink;
  readonly secretBox: SecretBox;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Base of every public link, without a trailing slash. */
  readonly publicUrl: string;
  /** Key for the salted, daily-rotated visitor IP hash. */
  readonly ipHashKey: string;
  /** Prefix for Redis keys of this deployment (hash-tagged). */
  readonly redisPrefix: string;
  /** Tells influencers in chat about their sales, approvals, reversals, payouts and tiers. */
  readonly notifier: Notifier;
  /** Telegram in webhook mode (PUBLIC_URL set): `POST /telegram/webhook` hands verified updates here. */
  readonly telegramWebhook?: TelegramWebhook;
  /** QR code and poster renderers for the admin API; default `createChannelMedia()` of api/media (public image hosts only). */
  readonly media?: ChannelMedia;
  /** The built web console (console/dist); default: the one next to the code. */
  readonly consoleDir?: string;
  /** The WhatsApp connection's status as the bots role reports it (in Redis); none: reported as not running. */
  readonly whatsappStatus?: ChatConnectionStatusSource;
  /** Request timings and redirect outcomes, and `/metrics` on the API port when it has a scrape token; none: nothing recorded. */
  readonly metrics?: HttpMetrics;
  /** Requests allowed per caller and window, by family of routes (api/security/rate-limits.ts); none given: the defaults. */
  readonly requestLimits?: Partial<RequestLimits>;
  /**
   * Which peers' `X-Forwarded-For` is believed (Fastify's `trustProxy`): a hop count, or
   * addresses, CIDRs and the named ranges `loopback`, `linklocal`, `uniquelocal`; false: none.
   * None given: `TRUSTED_PROXIES_DEFAULT`.
   */
  readonly trustProxy?: TrustedProxies;
}

export type TrustedProxies = false | number | string;

/**
 * A proxy on this host or on a private network (a container network, a load balancer in the
 * same VPC) is believed; a client reaching the API from the internet cannot write its own
 * address, so per-address limits and cookieless visitor recognition cannot be dodged.
 */
export const TRUSTED_PROXIES_DEFAULT = 'loopback,linklocal,uniquelocal';

/** The bot behind Telegram's webhook: the secret token Telegram sends, and what handles an update. */
export interface TelegramWebhook {
  readonly secretToken: string;
  handleUpdate(update: unknown): Promise<void>;
}
