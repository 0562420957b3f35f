import type { Caller } from '../access/access.ts';
import { notifyAfterCommit } from '../notifications/notify-after-commit.ts';
import { silentNotifier, type Notifier } from '../notifications/notifications.ts';
import type { Clock } from '../shared/clock.ts';
import { foundOrThrow, NotFoundError } from '../shared/errors.ts';
import { generateShortCode } from '../shared/ids.ts';
import type { Page, PageQuery } from '../shared/paging.ts';
import type { UnitOfWork } from '../shared/unit-of-work.ts';
import { changeStanding, standingNotification, type RegistrationApproval, type StandingAction } from './influencer-standing.ts';
import type {
  Influencer, InfluencerFilter, InfluencerIdentity, InfluencerReads, InfluencerWriteStores, RegistrationApprovalSetting,
} from './influencers.ports.ts';

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
   * another), audited as `influencer.create`. Registered by staff, they are active at once.
   */
  create(caller: Caller, input: InfluencerInput): Promise<Influencer>;
  /** An influencer; `not_found` when there is none. */
  get(id: string): Promise<Influencer>;
  /** Newest first; country and language match in any case; `q` as `InfluencerFilter` says. */
  list(filter: InfluencerFilter, page: PageQuery): Promise<Page<Influencer>>;
  /**
   * Approves, suspends or reinstates (core/influencers/influencer-standing.ts), audited as
   * `influencer.<action>` with the influencer before and after and the reason; the influencer
   * is told in chat once it is committed.
   */
  changeStanding(caller: Caller, input: { influencerId: string; action: StandingAction; reason?: string }): Promise<Influencer>;
  /** The influencer's chat accounts; `not_found` when there is no such influencer. */
  identities(influencerId: string): Promise<InfluencerIdentity[]>;
  registrationApproval(): Promise<RegistrationApprovalSetting>;
  /** Whether chat registrations wait for approval from now on, audited as `setting.update`. */
  setRegistrationApproval(caller: Caller, approval: RegistrationApproval): Promise<RegistrationApprovalSetting>;
}

const RECRUIT_CODE_LENGTH = 8;
const CODE_ATTEMPTS = 5;

export interface InfluencerAdminPorts {
  work: UnitOfWork<InfluencerWriteStores>;
  reads: InfluencerReads;
  clock: Clock;
  notifier?: Notifier;
  onNotifyError?: (error: unknown) => void;
  newCode?: () => string;
}

/** The influencer service on its ports: writes in one unit of work each, reads on the store. */
export function influencerAdminService(ports: InfluencerAdminPorts): InfluencerAdminService {
  const newCode = ports.newCode ?? (() => generateShortCode(RECRUIT_CODE_LENGTH));
  const notifier = ports.notifier ?? silentNotifier;
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
      ...filter, country: filter.country?.toUpperCase(), language: filter.language?.toLowerCase(), q: filter.q?.trim() || undefined,
    }, page),

    async changeStanding(caller, { influencerId, action, reason }) {
      const now = ports.clock.now();
      const after = await ports.work(async ({ influencers, audit }) => {
        const before = await influencers.lockInfluencer(influencerId);
        if (!before) throw new NotFoundError('influencer', influencerId);
        const change = changeStanding(influencerId, before.status, action, { reason, at: now, by: caller.actor });
        const updated = await influencers.updateStanding(influencerId, change);
        await audit.record({
          actor: caller.actor, action: `influencer.${action}`, entity: 'influencer', entityId: influencerId,
          before, after: updated, details: change.reason === null ? undefined : { reason: change.reason },
        });
        return updated;
      });
      await notifyAfterCommit(notifier, [standingNotification(influencerId, action, now)], ports.onNotifyError);
      return after;
    },

    async identities(influencerId) {
      foundOrThrow(await ports.reads.findInfluencer(influencerId), 'influencer', influencerId);
      return ports.reads.identities(influencerId);
    },

    registrationApproval: () => ports.reads.registrationApproval(),

    async setRegistrationApproval(caller, approval) {
      await ports.work(async ({ influencers, audit }) => {
        const before = await ports.reads.registrationApproval();
        await influencers.setRegistrationApproval(approval, ports.clock.now(), caller.actor);
        await audit.record({
          actor: caller.actor, action: 'setting.update', entity: 'setting', entityId: 'influencer_approval',
          before: { approval: before.approval }, after: { approval },
        });
      });
      return ports.reads.registrationApproval();
    },
  };
}
