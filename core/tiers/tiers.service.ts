import type { Clock } from '../shared/clock.ts';
import { DomainError, NotFoundError } from '../shared/errors.ts';
import type { InfluencerNotification, Notifier } from '../notifications/notifications.ts';
import { notifyAfterCommit } from '../notifications/notify-after-commit.ts';
import { checkTierInput, TIER_WINDOW_DAYS, type Tier, type TierInput } from './tiers.ts';

/** One influencer's tier before and after an assignment or a pin. */
export interface TierChange {
  influencerId: string;
  from: Pick<Tier, 'id' | 'name'> | null;
  to: Pick<Tier, 'id' | 'name' | 'multiplierBps'> | null;
}

/** What tiers need from storage (implemented in db/tiers.repository.ts). */
export interface TierStore {
  /**
   * Gives every active, unpinned influencer the tier `pickTier` (core/tiers/tiers.ts) picks from
   * their counted clicks on days from `windowStartDay` and their sale commissions approved
   * since `windowStart`, in one statement; returns only the influencers whose tier changed.
   */
  assignTiers(windowStart: Date, windowStartDay: string): Promise<TierChange[]>;
  transaction<T>(work: (tx: TierTx) => Promise<T>): Promise<T>;
}

export interface TierTx {
  findTier(id: string): Promise<Tier | undefined>;
  /** `conflict` on a taken name is the caller's to raise: undefined here. */
  insertTier(tier: Required<TierInput>): Promise<Tier | undefined>;
  updateTier(id: string, changes: TierInput): Promise<Tier | undefined | 'name_taken'>;
  /** 'in_use' when influencers or commissions still name it. */
  deleteTier(id: string): Promise<'deleted' | 'missing' | 'in_use'>;
  lockInfluencer(id: string): Promise<{ id: string; status: string; tierId: string | null; tierPinned: boolean } | undefined>;
  setInfluencerTier(id: string, tierId: string | null, pinned: boolean): Promise<void>;
  audit(entry: { actor: string; action: string; entity: string; entityId: string; details?: Record<string, unknown> }): Promise<void>;
}

export interface TierContext {
  store: TierStore;
  clock: Clock;
  notifier: Notifier;
  onNotifyError?: (error: unknown) => void;
}

/**
 * `tiers.assign` (nightly): every influencer's last 30 days pick their tier; pinned
 * influencers keep theirs. Idempotent: a second run the same night changes nothing and
 * announces nothing. Each change to a tier is announced in chat (`tier_changed`).
 */
export async function assignTiers(ctx: TierContext): Promise<{ changed: number; changes: TierChange[] }> {
  const windowStart = new Date(ctx.clock.now().getTime() - TIER_WINDOW_DAYS * 24 * 60 * 60 * 1000);
  // Daily rollups are whole UTC days: the window's first day counts whole.
  const changes = await ctx.store.assignTiers(windowStart, windowStart.toISOString().slice(0, 10));
  await notifyAfterCommit(ctx.notifier, changes.flatMap(announce), ctx.onNotifyError);
  return { changed: changes.length, changes };
}

/**
 * An admin sets an influencer's tier by hand. `pinned` (the default) keeps it through nightly
 * assignments until unpinned; a change is announced.
 */
export async function setInfluencerTier(ctx: TierContext, input: { influencerId: string; tierId: string | null; pinned: boolean; actor: string }): Promise<TierChange> {
  const change = await ctx.store.transaction(async (tx) => {
    const influencer = await tx.lockInfluencer(input.influencerId);
    if (!influencer) throw new NotFoundError('influencer', input.influencerId);
    const to = input.tierId === null ? null : await tx.findTier(input.tierId);
    if (to === undefined) throw new NotFoundError('tier', input.tierId!);
    const from = influencer.tierId === null ? null : (await tx.findTier(influencer.tierId)) ?? null;
    await tx.setInfluencerTier(influencer.id, to?.id ?? null, input.pinned);
    await tx.audit({
      actor: input.actor, action: input.pinned ? 'influencer.tier_pin' : 'influencer.tier_set', entity: 'influencer', entityId: influencer.id,
      details: { from: from?.id ?? null, to: to?.id ?? null, pinned: input.pinned },
    });
    return { influencerId: influencer.id, from: from && { id: from.id, name: from.name }, to: to && { id: to.id, name: to.name, multiplierBps: to.multiplierBps } };
  });
  if (change.from?.id !== change.to?.id) await notifyAfterCommit(ctx.notifier, announce(change), ctx.onNotifyError);
  return change;
}

/** Releases a pin: the next nightly assignment decides the tier again. */
export async function unpinInfluencerTier(ctx: Pick<TierContext, 'store'>, input: { influencerId: string; actor: string }): Promise<void> {
  await ctx.store.transaction(async (tx) => {
    const influencer = await tx.lockInfluencer(input.influencerId);
    if (!influencer) throw new NotFoundError('influencer', input.influencerId);
    await tx.setInfluencerTier(influencer.id, influencer.tierId, false);
    await tx.audit({ actor: input.actor, action: 'influencer.tier_unpin', entity: 'influencer', entityId: influencer.id });
  });
}

/** Creates a tier; a taken name is a `conflict`. It applies to influencers from the next assignment. */
export async function createTier(store: TierStore, input: Required<TierInput>, actor: string): Promise<Tier> {
  const tier = checkTierInput(input);
  return store.transaction(async (tx) => {
    const created = await tx.insertTier(tier);
    if (!created) throw new DomainError('conflict', `A tier named ${JSON.stringify(tier.name)} exists`, { field: 'name' });
    await tx.audit({ actor, action: 'tier.create', entity: 'tier', entityId: created.id, details: { ...tier } });
    return created;
  });
}

/** Changes a tier; commissions already earned keep the multiplier they were computed with. */
export async function changeTier(store: TierStore, id: string, changes: TierInput, actor: string): Promise<Tier> {
  const checked = checkTierInput(changes);
  return store.transaction(async (tx) => {
    const updated = await tx.updateTier(id, checked);
    if (updated === 'name_taken') throw new DomainError('conflict', `A tier named ${JSON.stringify(checked.name)} exists`, { field: 'name' });
    if (!updated) throw new NotFoundError('tier', id);
    await tx.audit({ actor, action: 'tier.update', entity: 'tier', entityId: id, details: { ...checked } });
    return updated;
  });
}

/** Deletes a tier nobody holds and no commission names; otherwise `conflict`. */
export async function deleteTier(store: TierStore, id: string, actor: string): Promise<void> {
  await store.transaction(async (tx) => {
    const outcome = await tx.deleteTier(id);
    if (outcome === 'missing') throw new NotFoundError('tier', id);
    if (outcome === 'in_use') throw new DomainError('conflict', `Tier ${id} is held by influencers or named by commissions; change them first`, { tierId: id });
    await tx.audit({ actor, action: 'tier.delete', entity: 'tier', entityId: id });
  });
}

function announce(change: TierChange): InfluencerNotification[] {
  if (!change.to) return [];
  return [{ kind: 'tier_changed', influencerId: change.influencerId, fromTier: change.from?.name ?? null, toTier: change.to.name, multiplierBps: change.to.multiplierBps }];
}
