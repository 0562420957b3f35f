import type { Scope } from '../access/access.ts';
import type { AuditLog } from '../audit/audit.ports.ts';
import type { ChannelProduct } from '../channels/channel-content.ts';
import type { InfluencerStatus } from '../influencers/influencer-accounts.service.ts';
import type { Page, PageQuery } from '../shared/paging.ts';
import type { LinkChannel, LinkLanding } from './links.service.ts';

/** A tracked link: one short code per (influencer, product, channel, group label). */
export interface Link {
  id: string;
  code: string;
  influencerId: string;
  productId: string;
  channel: LinkChannel;
  /** Free label of the group or place; empty when none. */
  groupLabel: string;
  /** Where its short URL leads (core/links/short-link.ts `shortLinkUrl`). */
  landing: LinkLanding;
  createdAt: Date;
}

/** What makes a link unique: each (influencer, product, channel, group label) has its own code, so stats split per group. */
export interface LinkKey {
  influencerId: string;
  productId: string;
  channel: LinkChannel;
  groupLabel: string;
}

/** The storage the link rules need; db/links.repository.ts implements it. */
export interface LinkStore<L> {
  /**
   * The link of `key`, inserted with `code` when there is none, in one round trip. Undefined
   * when neither happened: `code` belongs to another link, or a concurrent request inserted
   * this very key after the lookup began (the unique constraints decide); ask again.
   */
  findOrInsertLink(key: LinkKey, code: string): Promise<{ link: L; created: boolean } | undefined>;
}

/** What a new link needs to know of its influencer and product before it is made. */
export interface LinkSubjects {
  /** The influencer's standing; undefined when there is none with this id. */
  findInfluencerStatus(influencerId: string): Promise<InfluencerStatus | undefined>;
  /** Whether the product is on sale; undefined when it does not exist within `scope`. */
  findProductActive(scope: Scope, productId: string): Promise<boolean | undefined>;
}

/** Where links lead, changed by an admin (within a scope) or by the link's own influencer in chat. */
export interface LinkLandings {
  /** Sets the landing of a link within `scope`; the link before and after, undefined when there is none there. */
  setLanding(scope: Scope, id: string, landing: LinkLanding): Promise<{ before: LinkDetails; after: LinkDetails } | undefined>;
  /** Sets the landing of the influencer's own link with this code; the link after, undefined when they have none with it. */
  setOwnLanding(influencerId: string, code: string, landing: LinkLanding): Promise<Link | undefined>;
}

/** The stores a link request writes through, bound to one transaction. */
export interface LinkWriteStores {
  links: LinkStore<Link>;
  landings: LinkLandings;
  subjects: LinkSubjects;
  audit: AuditLog;
}

export interface LinkFilter {
  influencerId?: string;
  productId?: string;
  channel?: LinkChannel;
  /** The exact label (collapsed spaces, as links store it); '' for links without one. */
  groupLabel?: string;
  /** The short code (exact). */
  code?: string;
}

/** A link with the names a person reads beside it. */
export interface LinkDetails extends Link {
  influencerName: string;
  productTitle: string;
  brandName: string;
}

/** Links as the admin API reads them; `scope` is part of every query (a vendor sees links to its own products). */
export interface LinkReads {
  findLink(scope: Scope, id: string): Promise<LinkDetails | undefined>;

  /** Newest first, by keyset on id. */
  listLinks(scope: Scope, filter: LinkFilter, page: PageQuery): Promise<Page<LinkDetails>>;
}

/** A link with what its QR code and poster show: its product and brand, and the influencer's language. */
export interface LinkForMedia {
  link: Link;
  /** As stored on the influencer; may be a language we do not speak. */
  influencerLanguage: string;
  product: ChannelProduct;
}

/** The link lookup of the printable forms, in one scoped query. */
export interface LinkMediaReads {
  findLinkForMedia(scope: Scope, linkId: string): Promise<LinkForMedia | undefined>;
}
