import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';
import type { AdminRole } from '../core/access/access.ts';
import type { AutopostChatType, AutopostPostStatus, AutopostStopReason } from '../core/autopost/autopost.ts';
import type { AlertFrequency, DealEventKind } from '../core/alerts/deal-alerts.ts';
import type { ClickFlag } from '../core/clicks/click-flags.ts';
import type { CommissionKind, CommissionStatus } from '../core/commissions/commission.ts';
import type { AttributedBy, CampaignEndReason, CampaignStatus } from '../core/campaigns/campaign.ts';
import type { ConversionStatus } from '../core/conversions/conversions.ports.ts';
import type { ChatChannel, InfluencerStatus } from '../core/influencers/influencer-accounts.service.ts';
import type { MembershipStatus } from '../core/influencers/influencer-deals.service.ts';
import type { LinkChannel, LinkLanding } from '../core/links/links.service.ts';
import type { ExposureKind } from '../core/pages/exposure.ts';
import type { PayoutStatus } from '../core/payouts/payouts.ports.ts';

// Every status union is declared once, in core/, beside the rules that move it.

// bigint columns come back from pg as strings; ids stay strings all the way to the API.
type Id = Generated<string>;
type Money = ColumnType<string, string | number | bigint, string | number | bigint>;
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
type Json = ColumnType<unknown, string, string>;

export interface VendorsTable {
  id: Id; name: string; key_id: string; secret_encrypted: string; created_at: Timestamp;
  /** Null until the signing secret is first rotated. */
  secret_rotated_at: NullableTimestamp;
  /** The secret a rotation replaced, still verifying requests until its expiry (migration 2026-12-03-0004); both null otherwise. */
  previous_secret_encrypted: string | null; previous_secret_expires_at: NullableTimestamp;
  /** The commission rates its vendor accounts may set on their brands and products (staff are not bound). */
  min_rate_bps: Generated<number>; max_rate_bps: Generated<number>;
}
export interface BrandsTable {
  id: Id; vendor_id: string; name: string; slug: string; commission_rate_bps: number;
  lock_days: Generated<number>; attribution_window_days: Generated<number>; auto_approve: Generated<boolean>;
  erid: string | null; created_at: Timestamp;
}
export interface ProductsTable {
  id: Id; vendor_id: string; brand_id: string; sku: string; title: string; description: string | null;
  url: string; image_url: string | null; category: string | null; price: Money; list_price: Money | null;
  currency: string; commission_rate_bps: number | null; active: Generated<boolean>;
  created_at: Timestamp; updated_at: Timestamp;
  /** The rate an influencer earns on it: its own, else its brand's; kept by triggers (migration 2026-12-03-0003). */
  deal_rate_bps: Generated<number>;
}
export interface TiersTable {
  id: Id; name: string; min_clicks_30d: Generated<number>; min_sales_30d: Generated<number>;
  min_exposure_30d: Generated<number>; multiplier_bps: Generated<number>; created_at: Timestamp;
}
export interface InfluencersTable {
  id: Id; display_name: string; language: Generated<string>; country: string | null;
  status: Generated<InfluencerStatus>; recruit_code: string; recruited_by: string | null;
  tier_id: string | null; tier_pinned: Generated<boolean>; payout_currency: Generated<string>;
  terms_accepted_at: NullableTimestamp; created_at: Timestamp; deleted_at: NullableTimestamp;
  /** The last change of standing (suspension, reinstatement, approval): why, when, by whom. */
  status_reason: ColumnType<string | null, string | null | undefined, string | null>;
  status_changed_at: NullableTimestamp; status_changed_by: ColumnType<string | null, string | null | undefined, string | null>;
  /** The line `/intro` puts at the top of every deal card (migration 2026-12-05-0001). */
  intro_line: ColumnType<string | null, string | null | undefined, string | null>;
  /** The storefront's address `/s/<handle>`, set at the first /pick (migration 2026-12-06-0001). */
  handle: ColumnType<string | null, string | null | undefined, string | null>;
}
export interface InfluencerIdentitiesTable {
  id: Id; influencer_id: string; channel: ChatChannel; external_id: string; chat_id: string;
  active: Generated<boolean>; created_at: Timestamp;
  /** The chat handle (Telegram @username) last seen, and when the person last wrote. */
  username: ColumnType<string | null, string | null | undefined, string | null>; last_seen_at: NullableTimestamp;
}
/** Where an influencer's payouts go: the account sealed by the SecretBox (core/payouts/payout-methods.service.ts). */
export interface PayoutMethodsTable { influencer_id: string; kind: string; account_sealed: string; updated_at: Timestamp }
export interface BrandMembershipsTable {
  /** The join request's own id (the key stays influencer and brand). */
  id: Id; influencer_id: string; brand_id: string; status: MembershipStatus;
  created_at: Timestamp; decided_at: NullableTimestamp;
}
export interface LinksTable {
  id: Id; code: string; influencer_id: string; product_id: string; channel: LinkChannel;
  group_label: Generated<string>; created_at: Timestamp;
  /** Where the short link leads: the vendor (default) or the deal page (migration 2026-12-06-0001). */
  landing: Generated<LinkLanding>;
}
export interface ClicksTable {
  id: string; link_id: string; influencer_id: string; product_id: string; clicked_at: Timestamp;
  visitor_id: string; ip_hash: string | null; user_agent: string | null; referer: string | null;
  counted: boolean; duplicate: Generated<boolean>; bot: Generated<boolean>; self_click: Generated<boolean>;
  /** Why it is not counted, the first rule that applies; null when counted (migration 2026-12-04-0003). */
  flag: ColumnType<ClickFlag | null, ClickFlag | null | undefined, ClickFlag | null>;
}
export interface ClickRollupsDailyTable {
  day: ColumnType<string, string, string>; link_id: string; influencer_id: string; product_id: string;
  clicks_total: Money; clicks_counted: Money;
}
export interface FxRatesTable { base: string; quote: string; rate_e9: Money; valid_from: Timestamp; created_at: Timestamp }
export interface ConversionsTable {
  id: Id; vendor_id: string; order_id: string; click_id: string | null; link_id: string | null;
  influencer_id: string | null; product_id: string | null; amount: Money; refunded_amount: Generated<string>;
  currency: string; status: ConversionStatus; attribution_reason: string | null; items: Json | null;
  occurred_at: Timestamp; received_at: Timestamp; request_hash: string; response: Json;
  self_purchase: Generated<boolean>;
  payout_currency: ColumnType<string | null, string | null | undefined, string | null>;
  fx_rate_e9: ColumnType<string | null, string | number | bigint | null | undefined, string | number | bigint | null>;
  fx_rate_valid_from: NullableTimestamp;
  /** Set when an admin marks the order as fraud (its commissions reversed). */
  fraud_at: NullableTimestamp; fraud_reason: string | null; fraud_by: string | null;
  /** The vendor's buyer reference as our keyed hash (core/conversions/buyer-ref.ts); the reference itself is never stored. */
  buyer_hash: ColumnType<string | null, string | null | undefined, string | null>;
  /** How it was credited, and the promo code the vendor reported (migration 2026-12-06-0004). */
  attributed_by: ColumnType<AttributedBy | null, AttributedBy | null | undefined, AttributedBy | null>;
  promo_code: ColumnType<string | null, string | null | undefined, string | null>;
}
export interface RefundsTable {
  id: Id; conversion_id: string; amount: Money; reason: string | null; refund_key: string | null;
  request_hash: string | null; response: Json | null; created_at: Timestamp;
}
export interface PayoutsTable {
  id: Id; influencer_id: string; currency: string; amount: Money; status: PayoutStatus; run_key: string;
  reference: string | null; created_at: Timestamp; decided_at: NullableTimestamp;
  approved_at: NullableTimestamp; paid_at: NullableTimestamp; failed_at: NullableTimestamp; failure_reason: string | null;
}
export interface CommissionsTable {
  id: Id; conversion_id: string; influencer_id: string; brand_id: string; kind: Generated<CommissionKind>;
  source_commission_id: string | null; base_amount: Money; amount: Money; reversed_amount: Generated<string>;
  currency: string; rate_bps: number; base_rate_bps: number; tier_id: string | null;
  tier_multiplier_bps: Generated<number>; status: CommissionStatus; payout_id: string | null;
  // Omitted on insert: a trigger copies currency and amount (no conversion needed).
  payout_currency: ColumnType<string, string | undefined, string>; payout_amount: ColumnType<string, string | number | bigint | undefined, string | number | bigint>;
  reversed_payout_amount: Generated<string>; fx_rate_e9: ColumnType<string, string | number | bigint | undefined, string | number | bigint>;
  approves_at: Timestamp; created_at: Timestamp; approved_at: NullableTimestamp; reversed_at: NullableTimestamp;
  /** Set while the commission is on hold for review: approval skips it until released. */
  held_at: NullableTimestamp; hold_reason: string | null; held_by: string | null;
  /** The campaign bonus inside `amount`, with the rate or fee applied (migration 2026-12-06-0004). */
  campaign_id: ColumnType<string | null, string | null | undefined, string | null>;
  bonus_amount: ColumnType<string, string | number | undefined, string | number>;
  bonus_rate_bps: ColumnType<number | null, number | null | undefined, number | null>;
  bonus_fee: ColumnType<string | null, string | number | null | undefined, string | number | null>;
}
/** Vendor campaigns (migration 2026-12-06-0004): a bonus on a brand's or some products' sales between two dates, up to a spend cap. */
export interface CampaignsTable {
  id: Id; vendor_id: string; brand_id: string; title: string; product_ids: string[] | null;
  starts_at: Timestamp; ends_at: Timestamp; bonus_rate_bps: number | null; bonus_fee: Money | null; currency: string;
  promo_code: string | null; spend_cap: Money; spent: Generated<string>; status: CampaignStatus; end_reason: CampaignEndReason | null;
  created_by: string; created_at: Timestamp; updated_at: Timestamp;
}
export interface CampaignMembersTable {
  campaign_id: string; influencer_id: string; promo_code: string | null; joined_at: Timestamp;
}
export interface LedgerEntriesTable {
  id: Id; transaction_id: string; account: string; influencer_id: string | null; vendor_id: string | null;
  amount: Money; currency: string; kind: string; commission_id: string | null; payout_id: string | null;
  created_at: Timestamp;
}
export type { AdminRole };
export interface AdminsTable {
  id: Id; email: string; password_hash: string; role: AdminRole; vendor_id: string | null; created_at: Timestamp;
}
export interface ApiTokensTable {
  id: Id; admin_id: string; token_hash: string; label: string | null; created_at: Timestamp;
  last_used_at: NullableTimestamp; revoked_at: NullableTimestamp;
}
export interface AdminSessionsTable {
  id: Id; admin_id: string; token_hash: string; created_at: Timestamp; last_seen_at: Timestamp;
  expires_at: Timestamp; absolute_expires_at: Timestamp; revoked_at: NullableTimestamp; user_agent: string | null;
}
/** Settings admins change at run time, one JSON value per key (`influencer_approval`, …). */
export interface PlatformSettingsTable { key: string; value: Json; updated_at: Timestamp; updated_by: string | null }
/** A Telegram chat where the bot posts for its owner (migration 2026-12-06-0002). */
export interface AutopostChatsTable {
  id: Id; influencer_id: string; telegram_chat_id: string; chat_type: AutopostChatType; title: string;
  member_count: number | null; member_count_at: NullableTimestamp;
  brand_ids: ColumnType<string[], string[] | undefined, string[]>; keywords: ColumnType<string[], string[] | undefined, string[]>;
  post_times: ColumnType<string[], string[] | undefined, string[]>; time_zone: Generated<string>;
  quiet_start: string | null; quiet_end: string | null; daily_cap: Generated<number>; enabled: Generated<boolean>;
  stopped_at: NullableTimestamp; stopped_reason: AutopostStopReason | null; stop_notified_at: NullableTimestamp;
  next_due_at: NullableTimestamp; created_at: Timestamp; updated_at: Timestamp;
}
/** One slot of a chat: claimed, then posted (with its product and link), skipped or failed. */
export interface AutopostPostsTable {
  id: Id; chat_id: string; slot_at: Timestamp; status: Generated<AutopostPostStatus>;
  product_id: string | null; link_id: string | null; message_id: string | null; posted_at: NullableTimestamp; created_at: Timestamp;
}
export interface AuditLogTable {
  id: Id; actor: string; action: string; entity: string; entity_id: string | null; details: Json | null;
  before: Json | null; after: Json | null;
  created_at: Timestamp;
}

/** What an influencer follows: a brand or a keyword, never both (migration 2026-12-06-0003). */
export interface DealFollowsTable { id: Id; influencer_id: string; brand_id: string | null; keyword: string | null; created_at: Timestamp }
export interface DealAlertSettingsTable {
  influencer_id: string; frequency: ColumnType<AlertFrequency, AlertFrequency | undefined, AlertFrequency>;
  last_delivered_at: NullableTimestamp; updated_at: Timestamp;
}
export interface DealEventsTable {
  id: Id; product_id: string; kind: DealEventKind; old_price: Money | null; new_price: Money; currency: string; created_at: Timestamp;
}
export interface DealAlertDeliveriesTable { event_id: string; influencer_id: string; delivered_at: Timestamp }
/** An influencer's storefront: one row per product they picked (migration 2026-12-06-0001). */
export interface PicksTable {
  influencer_id: string; product_id: string; link_id: string; note: string | null; picked_at: Timestamp;
}
/** Counted views of deal pages and storefronts per influencer and UTC day (migration 2026-12-06-0001). */
export interface ExposureDailyTable {
  influencer_id: string; day: ColumnType<string, string, string>; kind: ExposureKind; views: Generated<number>;
}

export interface Database {
  vendors: VendorsTable;
  brands: BrandsTable;
  products: ProductsTable;
  tiers: TiersTable;
  influencers: InfluencersTable;
  influencer_identities: InfluencerIdentitiesTable;
  payout_methods: PayoutMethodsTable;
  brand_memberships: BrandMembershipsTable;
  links: LinksTable;
  clicks: ClicksTable;
  click_rollups_daily: ClickRollupsDailyTable;
  fx_rates: FxRatesTable;
  conversions: ConversionsTable;
  refunds: RefundsTable;
  payouts: PayoutsTable;
  commissions: CommissionsTable;
  ledger_entries: LedgerEntriesTable;
  admins: AdminsTable;
  api_tokens: ApiTokensTable;
  admin_sessions: AdminSessionsTable;
  audit_log: AuditLogTable;
  platform_settings: PlatformSettingsTable;
  autopost_chats: AutopostChatsTable;
  autopost_posts: AutopostPostsTable;
  deal_follows: DealFollowsTable;
  deal_alert_settings: DealAlertSettingsTable;
  deal_events: DealEventsTable;
  deal_alert_deliveries: DealAlertDeliveriesTable;
  picks: PicksTable;
  exposure_daily: ExposureDailyTable;
  campaigns: CampaignsTable;
  campaign_members: CampaignMembersTable;
}

export type VendorRow = Selectable<VendorsTable>;
export type BrandRow = Selectable<BrandsTable>;
export type ProductRow = Selectable<ProductsTable>;
export type InfluencerRow = Selectable<InfluencersTable>;
export type LinkRow = Selectable<LinksTable>;
export type ClickRow = Selectable<ClicksTable>;
export type ConversionRow = Selectable<ConversionsTable>;
export type CommissionRow = Selectable<CommissionsTable>;
export type LedgerEntryRow = Selectable<LedgerEntriesTable>;
export type AdminRow = Selectable<AdminsTable>;
export type TierRow = Selectable<TiersTable>;
export type PayoutRow = Selectable<PayoutsTable>;
export type FxRateRow = Selectable<FxRatesTable>;
export type NewLedgerEntry = Insertable<LedgerEntriesTable>;
export type AuditLogRow = Selectable<AuditLogTable>;
