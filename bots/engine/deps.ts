import type { AutopostStore } from '../../core/autopost/autopost.ports.ts';
import type { Notifier } from '../../core/notifications/notifications.ts';
import type { FollowStore } from '../../core/alerts/deal-alerts.ports.ts';
import type { ChannelMedia } from '../../core/channels/channel-kits.service.ts';
import type { Clock } from '../../core/shared/clock.ts';
import type { Language } from '../../core/i18n/languages.ts';
import type { Translator } from '../../core/i18n/translator.ts';
import type { InfluencerAccount, InfluencerAccountStore } from '../../core/influencers/influencer-accounts.service.ts';
import type { DealStore } from '../../core/influencers/influencer-deals.service.ts';
import type { CampaignChatStore } from '../../core/campaigns/campaigns.ports.ts';
import type { IntroLineStore } from '../../core/influencers/intro-line.ts';
import type { PayoutRequests, ReportStore } from '../../core/influencers/influencer-reports.service.ts';
import type { LinkLanding, LinkStore } from '../../core/links/links.service.ts';
import type { LinkLandings } from '../../core/links/links.ports.ts';
import type { ExposureStore } from '../../core/pages/exposure.ts';
import type { ExposureReader } from '../../core/tiers/exposure.ts';
import type { PickStore } from '../../core/pages/pages.ports.ts';
import type { PayoutMethods } from '../../core/payouts/payout-methods.service.ts';
import type { DataExportService } from '../../core/privacy/data-export.service.ts';
import type { InfluencerErasure } from '../../core/privacy/erasure.service.ts';
import type { RateLimiter } from './rate-limiter.ts';
import type { SessionStore } from './session-store.ts';
import type { IncomingMessage, Reply } from './types.ts';

/** The logging the engine does: unexpected failures only. pino's logger fits. */
export interface EngineLogger {
  error(details: object, message: string): void;
  warn(details: object, message: string): void;
}

/** Everything the engine needs, built once by the CLI (or a test) and handed in. */
export interface BotEngineDeps {
  accounts: InfluencerAccountStore;
  deals: DealStore;
  /** `/follow`, `/unfollow`, `/alerts`: what the influencer hears deal alerts about. */
  follows: FollowStore;
  /** `/campaigns`: vendors' open campaigns and joining them; without it the command answers "coming soon". */
  campaigns?: CampaignChatStore;
  /** `/intro`: the influencer's own line at the top of every deal card. */
  intros: IntroLineStore;
  links: LinkStore<{ id: string; code: string; landing: LinkLanding }>;
  /** The storefront (`/pick`, `/unpick`, `/storefront`). */
  picks: PickStore;
  /** The deal-page and storefront views `/stats` shows. */
  exposure: Pick<ExposureStore, 'viewTotals'>;
  /** `/stats`: the reach points tiers look at, and the weights that make them; without it `/stats` leaves them out. */
  reach?: ExposureReader;
  /** Where the influencer's own links lead (`/landing`, the button under a `/link` answer). */
  landings: Pick<LinkLandings, 'setOwnLanding'>;
  reports: ReportStore;
  payouts: PayoutRequests;
  /** Where the influencer's money goes (`/payout`), kept encrypted; without it `/payout` only requests payouts. */
  payoutMethods?: PayoutMethods;
  /** `/deleteme`: the one way to anonymise an influencer, the same the admins' action calls. */
  erasure: InfluencerErasure;
  /** `/export`: the influencer's copy of their data. */
  dataExport: DataExportService;
  /** Counts `/export` per influencer (`export:<influencer id>`): one file an hour. */
  exportLimiter: RateLimiter;
  sessions: SessionStore;
  /** Counts each person's messages (`<channel>:<sender>`) and inline queries. */
  limiter: RateLimiter;
  /** Base of the tracked links, without a trailing slash. */
  publicUrl: string;
  /**
   * Key of the owner links (core/clicks/owner-mark.ts): with it, `/link`'s private note carries
   * the influencer's own link, which marks their device so their clicks are not counted.
   */
  ownerMarkKey?: string;
  /** Renders `/qr` codes and `/poster`s (api/media's renderers, built once by the CLI). */
  media: ChannelMedia;
  clock: Clock;
  logger?: EngineLogger;
  /** `/autopost` and the chats where the bot may post (Telegram); its notifier tells an owner that a chat stopped. Without it `/autopost` is not offered. */
  autopost?: { store: AutopostStore; notifier: Notifier };
}

/** One message being answered: who wrote, in which language, and what we know of them. */
export interface Turn {
  readonly deps: BotEngineDeps;
  readonly message: IncomingMessage;
  /** The person's influencer profile; undefined for a stranger. */
  readonly account: InfluencerAccount | undefined;
  readonly language: Language;
  readonly i18n: Translator;
  /** The key of this person's sessions: `<channel>:<sender id>`. */
  readonly sessionKey: string;
}

/** A turn of someone registered and active. */
export interface AccountTurn extends Turn {
  readonly account: InfluencerAccount;
}

export type CommandHandler = (turn: Turn, args: string) => Promise<Reply[]>;

/** Plain text. */
export function text(body: string): Reply {
  return { kind: 'text', text: body };
}

/** The answer to an influencer who may not use a command: why (pending approval, suspended), and what happens next. */
export function standingReply(turn: Turn): Reply {
  const status = turn.account?.status;
  if (status === 'pending') return text(turn.i18n.t('start.pendingApproval'));
  if (status === 'suspended') return text(turn.i18n.t('start.suspended'));
  return text(turn.i18n.t('error.forbidden'));
}

/** Text with buttons under it; a plain text when there are none. */
export function withButtons(body: string, buttons: NonNullable<Reply['buttons']>): Reply {
  return buttons.length === 0 ? text(body) : { kind: 'buttons', text: body, buttons };
}

/** Arguments and inputs echoed back are cut, so a 10,000-character message never comes back whole. */
export function quote(input: string, max = 40): string {
  const chars = [...input.replace(/\s+/g, ' ').trim()];
  return chars.length <= max ? chars.join('') : `${chars.slice(0, max - 1).join('')}…`;
}
