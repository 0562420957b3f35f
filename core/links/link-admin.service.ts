import type { Caller } from '../access/access.ts';
import { DomainError, NotFoundError, foundOrThrow } from '../shared/errors.ts';
import type { Page, PageQuery } from '../shared/paging.ts';
import type { UnitOfWork } from '../shared/unit-of-work.ts';
import type { Link, LinkDetails, LinkFilter, LinkReads, LinkWriteStores } from './links.ports.ts';
import { normalizeGroupLabel, obtainLink, type LinkChannel, type LinkLanding } from './links.service.ts';

/** An admin's ask for the tracked link of an influencer for a product, channel and group. */
export interface LinkRequest {
  influencerId: string;
  productId: string;
  channel: LinkChannel;
  groupLabel?: string;
}

/** The links of the admin API: made on request, read within the caller's scope. */
export interface LinkAdminService {
  /**
   * The tracked link of (influencer, product, channel, group label): created on first request
   * (`created: true`, audited as `link.create`), the same link on every later one. The
   * influencer and the product must exist (`not_found`) and be active (`conflict`).
   */
  request(caller: Caller, input: LinkRequest): Promise<{ link: Link; created: boolean }>;
  /**
   * Where the link's short URL leads from now on (audited as `link.landing`); the URL changes
   * with it (core/links/short-link.ts), and both keep working: `/r` always goes to the vendor,
   * `/d` always shows the deal page. `not_found` for a link outside the caller's scope.
   */
  setLanding(caller: Caller, id: string, landing: LinkLanding): Promise<LinkDetails>;
  /** A link the caller may see, with its influencer's and product's names; `not_found` otherwise. */
  get(caller: Caller, id: string): Promise<LinkDetails>;
  /** The links the caller may see, newest first; a group label filter matches as links store labels (spaces collapsed). */
  list(caller: Caller, filter: LinkFilter, page: PageQuery): Promise<Page<LinkDetails>>;
}

/** The link service on its ports: writes in one unit of work, reads through the scoped store. */
export function linkAdminService(ports: { work: UnitOfWork<LinkWriteStores>; reads: LinkReads }): LinkAdminService {
  return {
    request: (caller, input) => ports.work(async ({ links, subjects, audit }) => {
      const status = await subjects.findInfluencerStatus(input.influencerId);
      if (status === undefined) throw new NotFoundError('influencer', input.influencerId);
      if (status !== 'active') throw new DomainError('conflict', `Influencer ${input.influencerId} is ${status} and cannot get new links`, { field: 'influencerId' });
      const active = await subjects.findProductActive(caller.scope, input.productId);
      if (active === undefined) throw new NotFoundError('product', input.productId);
      if (!active) throw new DomainError('conflict', `Product ${input.productId} is not active`, { field: 'productId' });

      const result = await obtainLink(links, { ...input, groupLabel: input.groupLabel ?? '' });
      if (result.created) {
        await audit.record({ actor: caller.actor, action: 'link.create', entity: 'link', entityId: result.link.id, after: result.link });
      }
      return result;
    }),

    setLanding: (caller, id, landing) => ports.work(async ({ landings, audit }) => {
      const changed = foundOrThrow(await landings.setLanding(caller.scope, id, landing), 'link', id);
      if (changed.before.landing !== landing) {
        await audit.record({
          actor: caller.actor, action: 'link.landing', entity: 'link', entityId: id,
          before: { landing: changed.before.landing }, after: { landing },
        });
      }
      return changed.after;
    }),

    get: async (caller, id) => foundOrThrow(await ports.reads.findLink(caller.scope, id), 'link', id),

    list: (caller, filter, page) => ports.reads.listLinks(caller.scope, {
      ...filter, groupLabel: filter.groupLabel === undefined ? undefined : normalizeGroupLabel(filter.groupLabel),
    }, page),
  };
}
