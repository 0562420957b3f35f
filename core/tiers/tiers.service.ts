import type { Caller } from '../access/access.ts';
import type { Clock } from '../shared/clock.ts';
import { DomainError, NotFoundError } from '../shared/errors.ts';
import type { InfluencerNotification, Notifier } from '../notifications/notifications.ts';
import { notifyAfterCommit } from '../notifications/notify-after-commit.ts';
import { checkExposureWeights } from './exposure.ts';
import { checkTierInput, TIER_WINDOW_DAYS, type Tier, type TierInput } from './tiers.ts';
import type { StoredExposureWeights, TierChange, TierStore } from './tiers.ports.ts';

export interface TierContext {
  store: TierStore;
  clock: Clock;
  notifier: Notifier;
  onNotifyError?: (error: unknown) => void;
}

/**
 * `tiers.assign` (nightly): every influencer's last 30 days pick their tier; pinned
 * influencers keep theirs. Idempotent: a second run the same night changes nothing and
 * announces nothing. Each change to a tier is announced in chat (`tier_changed`). One audit
 * row per run, with the count.
 */
export async function assignTiers(ctx: TierContext, caller: Caller): Promise<{ changed: number; changes: TierChange[] }> {
  const windowStart = new Date(ctx.clock.now().getTime() - TIER_WINDOW_DAYS * 24 * 60 * 60 * 1000);
  const changes = await ctx.store.unitOfWork(async ({ tiers, audit }) => {
    // Daily rollups are whole UTC days: the window's first day counts whole.
    const { weights } = await tiers.readExposureWeights();
    const changed = await tiers.assignTiers(windowStart, windowStart.toISOString().slice(0, 10), weights);
    await audit.record({
      actor: caller.actor, action: 'tier.assign', entity: 'tier', entityId: null,
      details: { changed: changed.length, windowStart: windowStart.toISOString() },
    });
    return changed;
  });
  await notifyAfterCommit(ctx.notifier, changes.flatMap(announce), ctx.onNotifyError);
  return { changed: changes.length, changes };
}

/**
 * An admin sets an influencer's tier by hand. `pinned` (the default) keeps it through nightly
 * assignments until unpinned; a change is announced.
 */
export async function setInfluencerTier(ctx: TierContext, caller: Caller, input: { influencerId: string; tierId: string | null; pinned: boolean }): Promise<TierChange> {
  const change = await ctx.store.unitOfWork(async ({ tiers, audit }) => {
    const before = await tiers.lockInfluencer(input.influencerId);
    if (!before) throw new NotFoundError('influencer', input.influencerId);
    const to = input.tierId === null ? null : await tiers.findTier(input.tierId);
    if (to === undefined) throw new NotFoundError('tier', input.tierId!);
    const from = before.tierId === null ? null : (await tiers.findTier(before.tierId)) ?? null;
    const after = await tiers.setInfluencerTier(before.influencerId, to?.id ?? null, input.pinned);
    await audit.record({
      actor: caller.actor, action: input.pinned ? 'influencer.tier_pin' : 'influencer.tier_set', entity: 'influencer', entityId: before.influencerId,
      before, after,
    });
    return { influencerId: before.influencerId, from: from && { id: from.id, name: from.name }, to: to && { id: to.id, name: to.name, multiplierBps: to.multiplierBps } };
  });
  if (change.from?.id !== change.to?.id) await notifyAfterCommit(ctx.notifier, announce(change), ctx.onNotifyError);
  return change;
}

/** Releases a pin: the next nightly assignment decides the tier again. */
export async function unpinInfluencerTier(ctx: Pick<TierContext, 'store'>, caller: Caller, input: { influencerId: string }): Promise<void> {
  await ctx.store.unitOfWork(async ({ tiers, audit }) => {
    const before = await tiers.lockInfluencer(input.influencerId);
    if (!before) throw new NotFoundError('influencer', input.influencerId);
    const after = await tiers.setInfluencerTier(before.influencerId, before.tierId, false);
    await audit.record({ actor: caller.actor, action: 'influencer.tier_unpin', entity: 'influencer', entityId: before.influencerId, before, after });
  });
}

/** Creates a tier; a taken name is a `conflict`. It applies to influencers from the next assignment. */
export async function createTier(ctx: Pick<TierContext, 'store'>, caller: Caller, input: Required<TierInput>): Promise<Tier> {
  const tier = checkTierInput(input);
  return ctx.store.unitOfWork(async ({ tiers, audit }) => {
    const created = await tiers.insertTier(tier);
    if (!created) throw nameTaken(tier.name);
    await audit.record({ actor: caller.actor, action: 'tier.create', entity: 'tier', entityId: created.id, after: created });
    return created;
  });
}

/** Changes a tier; commissions already earned keep the multiplier they were computed with. */
export async function changeTier(ctx: Pick<TierContext, 'store'>, caller: Caller, id: string, changes: TierInput): Promise<Tier> {
  const checked = checkTierInput(changes);
  return ctx.store.unitOfWork(async ({ tiers, audit }) => {
    const before = await tiers.findTier(id);
    if (!before) throw new NotFoundError('tier', id);
    const updated = await tiers.updateTier(id, checked);
    if (updated === 'name_taken') throw nameTaken(checked.name);
    if (!updated) throw new NotFoundError('tier', id);
    await audit.record({ actor: caller.actor, action: 'tier.update', entity: 'tier', entityId: id, before, after: updated });
    return updated;
  });
}

/** Deletes a tier nobody holds and no commission names; otherwise `conflict`. */
export async function deleteTier(ctx: Pick<TierContext, 'store'>, caller: Caller, id: string): Promise<void> {
  await ctx.store.unitOfWork(async ({ tiers, audit }) => {
    const before = await tiers.findTier(id);
    const outcome = await tiers.deleteTier(id);
    if (outcome === 'missing' || !before) throw new NotFoundError('tier', id);
    if (outcome === 'in_use') throw new DomainError('conflict', `Tier ${id} is held by influencers or named by commissions; change them first`, { tierId: id });
    await audit.record({ actor: caller.actor, action: 'tier.delete', entity: 'tier', entityId: id, before });
  });
}

/** The exposure weights in force (the defaults until an admin sets them). */
export async function readExposureWeights(ctx: Pick<TierContext, 'store'>): Promise<StoredExposureWeights> {
  return ctx.store.unitOfWork(({ tiers }) => tiers.readExposureWeights());
}

/** An admin sets the weights; the next assignment and every `/stats` use them. Audited with before and after. */
export async function setExposureWeights(ctx: Pick<TierContext, 'store' | 'clock'>, caller: Caller, input: Record<string, unknown>): Promise<StoredExposureWeights> {
  const weights = checkExposureWeights(input);
  return ctx.store.unitOfWork(async ({ tiers, audit }) => {
    const before = await tiers.readExposureWeights();
    await tiers.writeExposureWeights(weights, ctx.clock.now(), caller.actor);
    await audit.record({ actor: caller.actor, action: 'tier.exposure_weights', entity: 'tier', entityId: null, before: before.weights, after: weights });
    return tiers.readExposureWeights();
  });
}

function nameTaken(name: string | undefined): DomainError {
  return new DomainError('conflict', `A tier named ${JSON.stringify(name)} exists`, { field: 'name' });
}

function announce(change: TierChange): InfluencerNotification[] {
  if (!change.to) return [];
  return [{ kind: 'tier_changed', influencerId: change.influencerId, fromTier: change.from?.name ?? null, toTier: change.to.name, multiplierBps: change.to.multiplierBps }];
}
