import { Type } from 'typebox';
import { AUDIENCE_UNIT, MAX_EXPOSURE_WEIGHT } from '../../core/tiers/exposure.ts';
import { MAX_TIER_MULTIPLIER_BPS, type Tier } from '../../core/tiers/tiers.ts';
import type { StoredExposureWeights } from '../../core/tiers/tiers.ports.ts';
import { ACCESS } from './access.ts';
import { adminRouteGroup } from './route-options.ts';
import { Id, IdParams, Name, Nullable, errors } from './schemas.ts';

const Threshold = Type.Integer({ minimum: 0, maximum: 2_000_000_000 });
const Multiplier = Type.Integer({ minimum: 0, maximum: MAX_TIER_MULTIPLIER_BPS, description: 'Applied to the commission rate: 10000 = ×1, 12500 = ×1.25' });

const TierSchema = Type.Object({
  id: Id, name: Type.String(),
  minClicks30d: Type.Integer({ description: 'Counted clicks in the last 30 days needed' }),
  minSales30d: Type.Integer({ description: 'Approved sales (commissions, not reversed) in the last 30 days needed' }),
  minExposure30d: Type.Integer({ description: 'Exposure points in the last 30 days needed (clicks, deal-page and storefront views, channels posted to and their audience, weighted by GET /exposure-weights)' }),
  multiplierBps: Type.Integer(),
});
const present = (t: Tier) => ({ ...t });

const Weight = (description: string) => Type.Integer({ minimum: 0, maximum: MAX_EXPOSURE_WEIGHT, description });
const ExposureWeightsBody = Type.Object({
  clicks: Weight('Points per counted click (no bots, duplicates or self-clicks)'),
  dealPageViews: Weight('Points per deal-page view (a person, once a day per page)'),
  storefrontViews: Weight('Points per storefront view (a person, once a day)'),
  channelsPosted: Weight('Points per Telegram chat the bot posted to for the influencer'),
  audience: Weight(`Points per ${AUDIENCE_UNIT} members of the chats posted to`),
}, { additionalProperties: false });
const ExposureWeightsSchema = Type.Object({
  weights: ExposureWeightsBody,
  updatedAt: Nullable(Type.String({ format: 'date-time' })),
  updatedBy: Nullable(Type.String()),
});
const presentWeights = (w: StoredExposureWeights) => ({ ...w, updatedAt: w.updatedAt?.toISOString() ?? null });

const TierChangeSchema = Type.Object({
  influencerId: Id,
  from: Nullable(Type.Object({ id: Id, name: Type.String() })),
  to: Nullable(Type.Object({ id: Id, name: Type.String(), multiplierBps: Type.Integer() })),
});

/**
 * Tiers: admins define thresholds (last 30 days' counted clicks and approved sales) and a
 * multiplier; the nightly job assigns them; an admin may pin one. Commissions keep the tier in
 * force when they were earned.
 */
export const tiersRoutes = adminRouteGroup('admin: tiers', (app, route, deps) => {
  const tiers = deps.services.money.tiers;

  app.get('/tiers', route(ACCESS.read, { summary: 'List tiers, lowest multiplier first', response: { 200: Type.Object({ items: Type.Array(TierSchema) }), ...errors() } }), async () => ({ items: (await tiers.list()).map(present) }));

  app.post('/tiers', route(ACCESS.manage, {
    summary: 'Create a tier',
    body: Type.Object({ name: Name(60), minClicks30d: Threshold, minSales30d: Threshold, minExposure30d: Type.Optional(Threshold), multiplierBps: Multiplier }, { additionalProperties: false }),
    response: { 201: TierSchema, ...errors(400, 409) },
  }), async (request, reply) => reply.status(201).send(present(await tiers.create(request.caller, { minExposure30d: 0, ...request.body }))));

  app.patch('/tiers/:id', route(ACCESS.manage, {
    summary: "Change a tier's name, thresholds or multiplier (commissions already earned keep theirs)",
    params: IdParams,
    body: Type.Object({
      name: Type.Optional(Name(60)), minClicks30d: Type.Optional(Threshold), minSales30d: Type.Optional(Threshold), minExposure30d: Type.Optional(Threshold),
      multiplierBps: Type.Optional(Multiplier),
    }, { additionalProperties: false, minProperties: 1 }),
    response: { 200: TierSchema, ...errors(400, 404, 409) },
  }), async (request) => present(await tiers.change(request.caller, request.params.id, request.body)));

  app.delete('/tiers/:id', route(ACCESS.manage, { summary: 'Delete a tier nobody holds and no commission names', params: IdParams, response: { 204: Type.Null(), ...errors(400, 404, 409) } }), async (request, reply) => {
    await tiers.delete(request.caller, request.params.id);
    return reply.status(204).send(null);
  });

  app.get('/exposure-weights', route(ACCESS.read, {
    summary: 'The weights that turn clicks, page views, channels and audience into exposure points (tiers and /stats)',
    response: { 200: ExposureWeightsSchema, ...errors() },
  }), async () => presentWeights(await tiers.exposureWeights()));

  app.put('/exposure-weights', route(ACCESS.manage, {
    summary: 'Set the exposure weights (all five); the next assignment and every /stats use them',
    body: ExposureWeightsBody,
    response: { 200: ExposureWeightsSchema, ...errors(400) },
  }), async (request) => presentWeights(await tiers.setExposureWeights(request.caller, request.body)));

  app.post('/tiers/assignments', route(ACCESS.manage, {
    summary: 'Assign tiers now (the nightly job, on demand); changes are announced in chat',
    response: { 200: Type.Object({ changed: Type.Integer(), changes: Type.Array(TierChangeSchema) }), ...errors() },
  }), async (request) => tiers.assign(request.caller));

  app.put('/influencers/:id/tier', route(ACCESS.manage, {
    summary: "Set an influencer's tier by hand; pinned (the default) it stays through nightly assignments",
    params: IdParams,
    body: Type.Object({ tierId: Nullable(Id), pinned: Type.Optional(Type.Boolean({ default: true })) }, { additionalProperties: false }),
    response: { 200: TierChangeSchema, ...errors(400, 404) },
  }), async (request) => tiers.setInfluencerTier(request.caller, { influencerId: request.params.id, tierId: request.body.tierId, pinned: request.body.pinned ?? true }));

  app.delete('/influencers/:id/tier/pin', route(ACCESS.manage, { summary: "Release an influencer's pinned tier (the next nightly assignment decides)", params: IdParams, response: { 204: Type.Null(), ...errors(400, 404) } }), async (request, reply) => {
    await tiers.unpinInfluencerTier(request.caller, { influencerId: request.params.id });
    return reply.status(204).send(null);
  });
});
