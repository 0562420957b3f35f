import type { Caller } from '../access/access.ts';
import type { InfluencerNotification, Notifier } from '../notifications/notifications.ts';
import { notifyAfterCommit } from '../notifications/notify-after-commit.ts';
import { DomainError, NotFoundError } from '../shared/errors.ts';
import type { Page, PageQuery } from '../shared/paging.ts';
import type { UnitOfWork } from '../shared/unit-of-work.ts';
import type { BrandReader } from './catalog.ports.ts';
import type { JoinRequest, JoinRequestFilter, JoinRequestReader, JoinRequestStores } from './join-requests.ports.ts';

export type JoinDecision = 'approve' | 'reject';

/** Influencers' requests to join brands: listed per brand, decided by staff or by the brand's vendor. */
export interface JoinRequestsService {
  listJoinRequests(caller: Caller, brandId: string, filter: JoinRequestFilter, page: PageQuery): Promise<Page<JoinRequest>>;
  decide(caller: Caller, id: string, decision: JoinDecision): Promise<JoinRequest>;
}

export interface JoinRequestsServiceDeps {
  unitOfWork: UnitOfWork<JoinRequestStores>;
  joinRequests: JoinRequestReader;
  brands: BrandReader;
  notifier: Notifier;
  onNotifyError?: (error: unknown) => void;
}

/**
 * The join requests service. A pending request may be approved or rejected; a rejected one
 * may still be approved (a decision reconsidered); an approved one stays approved (the
 * influencer's links and commissions depend on it), so rejecting it is a `conflict`, as is
 * deciding what is already decided. Each decision is audited and told to the influencer in
 * chat once it is committed.
 */
export function joinRequestsService(deps: JoinRequestsServiceDeps): JoinRequestsService {
  return {
    async listJoinRequests(caller, brandId, filter, page) {
      if (!(await deps.brands.findBrand(caller.scope, brandId))) throw new NotFoundError('brand', brandId);
      return deps.joinRequests.listJoinRequests(caller.scope, brandId, filter, page);
    },

    async decide(caller, id, decision) {
      const status = decision === 'approve' ? 'approved' : 'rejected';
      const after = await deps.unitOfWork(async ({ joinRequests, audit }) => {
        const before = await joinRequests.lockJoinRequest(caller.scope, id);
        if (!before) throw new NotFoundError('membership', id);
        if (before.status === status) throw new DomainError('conflict', `Join request ${id} is already ${status}`, { status: before.status });
        if (before.status === 'approved') {
          throw new DomainError('conflict', `Join request ${id} was approved: the influencer promotes ${before.brandName} already, so it cannot be rejected`, { status: before.status });
        }
        const decided = await joinRequests.decideJoinRequest(caller.scope, id, status);
        if (!decided) throw new NotFoundError('membership', id);
        await audit.record({ actor: caller.actor, action: `membership.${decision}`, entity: 'membership', entityId: id, before, after: decided });
        return decided;
      });
      await notifyAfterCommit(deps.notifier, [announce(after)], deps.onNotifyError);
      return after;
    },
  };
}

function announce(request: JoinRequest): InfluencerNotification {
  return {
    kind: request.status === 'approved' ? 'membership_approved' : 'membership_rejected',
    influencerId: request.influencerId, brandId: request.brandId, brandName: request.brandName, brandSlug: request.brandSlug,
  };
}
