import type { AuditLog } from '../audit/audit.ports.ts';
import type { Page, PageQuery } from '../shared/paging.ts';
import type { ChatChannel, InfluencerStatus } from './influencer-accounts.service.ts';
import type { RegistrationApproval, StandingChange } from './influencer-standing.ts';

/** An influencer as the admin API shows them. */
export interface Influencer {
  id: string;
  displayName: string;
  /** ISO 639-1, lower case. */
  language: string;
  /** ISO 3166-1 alpha-2, upper case. */
  country: string | null;
  status: InfluencerStatus;
  /** Why the standing last changed (a suspension's reason), when, and who changed it. */
  statusReason: string | null;
  statusChangedAt: Date | null;
  statusChangedBy: string | null;
  /** Put in a Telegram deep link (`start=ref_<code>`) to recruit others. */
  recruitCode: string;
  recruitedBy: string | null;
  tierId: string | null;
  /** Set by an admin: nightly assignments leave the tier alone. */
  tierPinned: boolean;
  payoutCurrency: string;
  /** The storefront's handle (`/s/<handle>`), given at the first /pick; null before, and after an erasure. */
  storefrontHandle: string | null;
  createdAt: Date;
}

export interface NewInfluencer {
  displayName: string;
  language: string;
  country: string;
  recruitCode: string;
}

/** The influencer writes of the admin API, bound to one transaction. */
export interface InfluencerWrites {
  /** Inserts the influencer; undefined when the recruit code is taken (the caller tries another). */
  insertInfluencerIfCodeFree(influencer: NewInfluencer): Promise<Influencer | undefined>;
  /** The influencer, locked until the transaction ends; undefined when there is none. */
  lockInfluencer(id: string): Promise<Influencer | undefined>;
  updateStanding(id: string, change: StandingChange): Promise<Influencer>;
  setRegistrationApproval(approval: RegistrationApproval, at: Date, by: string): Promise<void>;
}

export interface InfluencerWriteStores {
  influencers: InfluencerWrites;
  audit: AuditLog;
}

export interface InfluencerFilter {
  status?: InfluencerStatus;
  country?: string;
  language?: string;
  tierId?: string;
  /**
   * What support typed: an influencer id, a chat handle (`@anna`, matched from its start), a
   * channel's user id or phone number (exact), or the start of a display name (any case).
   */
  q?: string;
}

/** A chat account of an influencer, as support reads it. */
export interface InfluencerIdentity {
  id: string;
  channel: ChatChannel;
  /** The channel's user id (Telegram) or phone number (WhatsApp). */
  externalId: string;
  /** The handle (Telegram @username, without the @) last seen; null when the person has none or never wrote since it was recorded. */
  username: string | null;
  /** False after the person blocked the bot (or the chat vanished); true again when they write. */
  active: boolean;
  firstSeenAt: Date;
  lastSeenAt: Date | null;
}

export interface RegistrationApprovalSetting {
  approval: RegistrationApproval;
  updatedAt: Date | null;
  updatedBy: string | null;
  /** Influencers waiting for approval now. */
  pending: number;
}

/** Influencers as staff read them (vendor accounts never do: influencers belong to no vendor). */
export interface InfluencerReads {
  findInfluencer(id: string): Promise<Influencer | undefined>;
  /** Newest first, by keyset on id. */
  listInfluencers(filter: InfluencerFilter, page: PageQuery): Promise<Page<Influencer>>;
  /** Every chat account of the influencer, oldest first. */
  identities(influencerId: string): Promise<InfluencerIdentity[]>;
  registrationApproval(): Promise<RegistrationApprovalSetting>;
}
