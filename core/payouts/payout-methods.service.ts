import type { AuditLog } from '../audit/audit.ports.ts';
import type { Clock } from '../shared/clock.ts';
import type { UnitOfWork } from '../shared/unit-of-work.ts';
import type { SecretBox } from '../shared/secret-box.ts';
import { isPayoutMethodKind, maskPayoutAccount, type PayoutMethod } from './payout-method.ts';

/** A payout method as stored: its kind in clear, the account sealed by the SecretBox (never in clear at rest). */
export interface SealedPayoutMethod {
  kind: string;
  accountSealed: string;
}

/** One method per influencer; db/payout-methods.repository.ts implements it. */
export interface PayoutMethodStore {
  find(influencerId: string): Promise<SealedPayoutMethod | undefined>;
  /** Sets (or replaces) the influencer's method. */
  save(influencerId: string, method: SealedPayoutMethod, at: Date): Promise<void>;
}

/** Where an influencer's payouts go, kept encrypted: what `/payout` asks for and shows masked. */
export interface PayoutMethods {
  /** The influencer's method in full, or undefined when none is set. */
  find(influencerId: string): Promise<PayoutMethod | undefined>;
  /** Keeps a method already checked by `parsePayoutMethod` (core/payouts/payout-method.ts). */
  save(influencerId: string, method: PayoutMethod): Promise<void>;
}

/** Seals a method for storage. */
export function sealPayoutMethod(box: SecretBox, method: PayoutMethod): SealedPayoutMethod {
  return { kind: method.kind, accountSealed: box.seal(method.account) };
}

/** Opens a stored method; undefined for a kind this version does not know. */
export function openPayoutMethod(box: SecretBox, sealed: SealedPayoutMethod): PayoutMethod | undefined {
  if (!isPayoutMethodKind(sealed.kind)) return undefined;
  return { kind: sealed.kind, account: box.open(sealed.accountSealed) };
}

/** A method as the audit log keeps it: masked, since the log is read by support and kept for years. */
function audited(method: PayoutMethod) {
  return { payoutMethod: method.kind, payoutAccount: maskPayoutAccount(method) };
}

export interface PayoutMethodDeps {
  store: PayoutMethodStore;
  /** A change and its audit row stand together: where money goes is what an account thief would change first. */
  work: UnitOfWork<{ methods: PayoutMethodStore; audit: AuditLog }>;
  secretBox: SecretBox;
  clock: Clock;
}

export function payoutMethodsService(deps: PayoutMethodDeps): PayoutMethods {
  return {
    async find(influencerId) {
      const sealed = await deps.store.find(influencerId);
      return sealed && openPayoutMethod(deps.secretBox, sealed);
    },
    save: (influencerId, method) => deps.work(async ({ methods, audit }) => {
      const sealedBefore = await methods.find(influencerId);
      const before = sealedBefore && openPayoutMethod(deps.secretBox, sealedBefore);
      await methods.save(influencerId, sealPayoutMethod(deps.secretBox, method), deps.clock.now());
      await audit.record({
        actor: `influencer:${influencerId}`, action: 'payout_method.set', entity: 'influencer', entityId: influencerId,
        ...(before ? { before: audited(before) } : {}), after: audited(method),
      });
    }),
  };
}
