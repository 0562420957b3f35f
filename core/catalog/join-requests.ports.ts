import type { Scope } from '../access/access.ts';
import type { AuditLog } from '../audit/audit.ports.ts';
import type { MembershipStatus } from '../influencers/influencer-deals.service.ts';
import type { Page, PageQuery } from '../shared/paging.ts';

/**
 * An influencer's request to promote a brand (`/join BRAND` in chat), as the brand's vendor and
 * staff see it: who asked, when, and what was decided. Brands that auto-approve answer at once;
 * the others wait here as `pending`.
 */
export interface JoinRequest {
  id: string;
  brandId: string;
  brandName: string;
  brandSlug: string;
  influencerId: string;
  /** The name the influencer goes by in chat; a vendor sees no more of them than this and the country. */
  influencerName: string;
  influencerCountry: string | null;
  status: MembershipStatus;
  createdAt: Date;
  decidedAt: Date | null;
}

export interface JoinRequestFilter {
  status?: MembershipStatus;
}

/** Join requests as a caller may see them: the brand's vendor is in every query's scope. */
export interface JoinRequestReader {
  listJoinRequests(scope: Scope, brandId: string, filter: JoinRequestFilter, page: PageQuery): Promise<Page<JoinRequest>>;
}

/** The join requests' storage; db/join-requests.repository.ts implements it. */
export interface JoinRequestStore extends JoinRequestReader {
  /** The request, locked until the end of the transaction, when its brand is in `scope`. */
  lockJoinRequest(scope: Scope, id: string): Promise<JoinRequest | undefined>;
  /** Records the decision and when it was made. */
  decideJoinRequest(scope: Scope, id: string, status: Exclude<MembershipStatus, 'pending'>): Promise<JoinRequest | undefined>;
}

export interface JoinRequestStores {
  joinRequests: JoinRequestStore;
  audit: AuditLog;
}
