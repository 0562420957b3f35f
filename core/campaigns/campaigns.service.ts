import type { Caller } from '../access/access.ts';
import { DomainError, NotFoundError, ValidationError, foundOrThrow } from '../shared/errors.ts';
import type { Clock } from '../shared/clock.ts';
import type { Page, PageQuery } from '../shared/paging.ts';
import type { UnitOfWork } from '../shared/unit-of-work.ts';
import { canMove, checkCampaignInput, type CampaignInput, type CampaignStatus } from './campaign.ts';
import type { CampaignFilter, CampaignListing, CampaignMember, CampaignReader, CampaignStores } from './campaigns.ports.ts';

/** Campaigns in the console and the admin API: a vendor account manages its own vendor's, staff every one. */
export interface CampaignsService {
  createCampaign(caller: Caller, input: CampaignInput): Promise<CampaignListing>;
  listCampaigns(caller: Caller, filter: CampaignFilter, page: PageQuery): Promise<Page<CampaignListing>>;
  getCampaign(caller: Caller, id: string): Promise<CampaignListing>;
  listMembers(caller: Caller, id: string): Promise<CampaignMember[]>;
  /** Opens, pauses or ends a campaign (`conflict` for a move its status does not allow). */
  setStatus(caller: Caller, id: string, status: Exclude<CampaignStatus, 'draft'>): Promise<CampaignListing>;
}

export interface CampaignsServiceDeps {
  unitOfWork: UnitOfWork<CampaignStores>;
  campaigns: CampaignReader;
  clock: Clock;
}

export function campaignsService(deps: CampaignsServiceDeps): CampaignsService {
  const get = async (caller: Caller, id: string) => foundOrThrow(await deps.campaigns.findCampaign(caller.scope, id), 'campaign', id);
  return {
    /**
     * Creates a campaign for a brand in the caller's scope (another vendor's brand is
     * `not_found`). Every problem of the body, its products included, is listed in one
     * `validation_failed`; a promo code a live campaign uses is a `conflict` on `promoCode`.
     */
    createCampaign: async (caller, input) => {
      const checked = (() => {
        try { return { ok: checkCampaignInput(input), problems: [] as { field: string; problem: string }[] }; } catch (error) {
          if (error instanceof ValidationError) return { ok: undefined, problems: (error.details?.problems ?? []) as { field: string; problem: string }[] };
          throw error;
        }
      })();
      const id = await deps.unitOfWork(async ({ campaigns, audit }) => {
        const brand = await campaigns.findBrandInScope(caller.scope, input.brandId, input.productIds ?? []);
        if (!brand) throw new NotFoundError('brand', input.brandId);
        const problems = [...checked.problems];
        const foreign = (input.productIds ?? []).filter((p) => !brand.productIds.includes(p));
        if (foreign.length > 0) problems.push({ field: 'productIds', problem: `are not products of this brand: ${foreign.join(', ')}` });
        if (problems.length > 0 || !checked.ok) {
          throw new ValidationError(`The campaign has ${problems.length} problem(s): ${problems.map((p) => `${p.field} ${p.problem}`).join('; ')}`, { problems });
        }
        const id = await campaigns.insertCampaign(brand.vendorId, { ...checked.ok, createdBy: caller.actor });
        if (id === undefined) throw new DomainError('conflict', `A live campaign already uses the promo code ${JSON.stringify(checked.ok.promoCode)}`, { field: 'promoCode' });
        await audit.record({ actor: caller.actor, action: 'campaign.create', entity: 'campaign', entityId: id, after: { ...checked.ok, vendorId: brand.vendorId } });
        return id;
      });
      return get(caller, id);
    },

    listCampaigns: (caller, filter, page) => deps.campaigns.listCampaigns(caller.scope, filter, page),
    getCampaign: get,
    listMembers: async (caller, id) => {
      await get(caller, id);
      return deps.campaigns.listMembers(caller.scope, id);
    },

    setStatus: async (caller, id, status) => {
      await deps.unitOfWork(async ({ campaigns, audit }) => {
        const before = await campaigns.lockCampaign(caller.scope, id);
        if (!before) throw new NotFoundError('campaign', id);
        if (!canMove(before.status, status)) {
          throw new DomainError('conflict', `A ${before.status} campaign cannot become ${status}`, { field: 'status', from: before.status, to: status });
        }
        const done = await campaigns.setStatus(id, status, status === 'ended' ? 'ended' : null, deps.clock.now());
        if (!done) throw new DomainError('conflict', 'Another live campaign uses this promo code now', { field: 'promoCode' });
        await audit.record({ actor: caller.actor, action: `campaign.${status === 'open' ? 'open' : status === 'paused' ? 'pause' : 'end'}`, entity: 'campaign', entityId: id, before: { status: before.status }, after: { status } });
      });
      return get(caller, id);
    },
  };
}
