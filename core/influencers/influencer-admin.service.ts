import type { Caller } from '../access/access.ts';
import { foundOrThrow } from '../shared/errors.ts';
import { generateShortCode } from '../shared/ids.ts';
import type { Page, PageQuery } from '../shared/paging.ts';
import type { UnitOfWork } from '../shared/unit-of-work.ts';
import type { Influencer, InfluencerFilter, InfluencerReads, InfluencerWriteStores } from './influencers.ports.ts';

/** An influencer registered by hand in the console (the bots register them in chat). */
export interface InfluencerInput {
  displayName: string;
  language: string;
  country: string;
}

/** The influencers of the admin API. */
export interface InfluencerAdminService {
  /**
   * Registers an influencer with a fresh recruit code (a rare collision is retried with
   * another), audited as `influencer.create`.
   */
  create(caller: Caller, input: InfluencerInput): Promise<Influencer>;
  /** An influencer; `not_found` when there is none. */
  get(id: string): Promise<Influencer>;
  /** Newest first; country and language match in any case. */
  list(filter: InfluencerFilter, page: PageQuery): Promise<Page<Influencer>>;
}

const RECRUIT_CODE_LENGTH = 8;
const CODE_ATTEMPTS = 5;

/** The influencer service on its ports: the registration in one unit of work, reads on the store. */
export function influencerAdminService(
  ports: { work: UnitOfWork<InfluencerWriteStores>; reads: InfluencerReads; newCode?: () => string },
): InfluencerAdminService {
  const newCode = ports.newCode ?? (() => generateShortCode(RECRUIT_CODE_LENGTH));
  return {
    create: (caller, input) => ports.work(async ({ influencers, audit }) => {
      const fields = { displayName: input.displayName.trim(), language: input.language.toLowerCase(), country: input.country.toUpperCase() };
      for (let attempt = 0; attempt < CODE_ATTEMPTS; attempt++) {
        const influencer = await influencers.insertInfluencerIfCodeFree({ ...fields, recruitCode: newCode() });
        if (!influencer) continue;
        await audit.record({ actor: caller.actor, action: 'influencer.create', entity: 'influencer', entityId: influencer.id, after: influencer });
        return influencer;
      }
      throw new Error(`Could not find a free recruit code after ${CODE_ATTEMPTS} attempts`);
    }),

    get: async (id) => foundOrThrow(await ports.reads.findInfluencer(id), 'influencer', id),

    list: (filter, page) => ports.reads.listInfluencers({
      ...filter, country: filter.country?.toUpperCase(), language: filter.language?.toLowerCase(),
    }, page),
  };
}
