import type { AuditLog } from '../audit/audit.ports.ts';
import type { Page, PageQuery } from '../shared/paging.ts';
import type { InfluencerStatus } from './influencer-accounts.service.ts';

/** An influencer as the admin API shows them. */
export interface Influencer {
  id: string;
  displayName: string;
  /** ISO 639-1, lower case. */
  language: string;
  /** ISO 3166-1 alpha-2, upper case. */
  country: string | null;
  status: InfluencerStatus;
  /** Put in a Telegram deep link (`start=ref_<code>`) to recruit others. */
  recruitCode: string;
  recruitedBy: string | null;
  tierId: string | null;
  payoutCurrency: string;
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
}

export interface InfluencerWriteStores {
  influencers: InfluencerWrites;
  audit: AuditLog;
}

export interface InfluencerFilter {
  status?: InfluencerStatus;
  country?: string;
  language?: string;
}

/** Influencers as staff read them (vendor accounts never do: influencers belong to no vendor). */
export interface InfluencerReads {
  findInfluencer(id: string): Promise<Influencer | undefined>;
  /** Newest first, by keyset on id. */
  listInfluencers(filter: InfluencerFilter, page: PageQuery): Promise<Page<Influencer>>;
}
