import { Type } from 'typebox';
import { MAX_TIER_MULTIPLIER_BPS, type Tier } from '../../core/tiers/tiers.ts';
import { ACCESS } from './access.ts';
import { adminRouteGroup } from './route-options.ts';
import { Id, IdParams, Name, Nullable, errors } from './schemas.ts';

const Threshold = Type.Integer({ minimum: 0, maximum: 2_000_000_000 });
const Multiplier = Type.Integer({ minimum: 0, maximum: MAX_TIER_MULTIPLIER_BPS, description: 'Applied to the commission rate: 10000 = ×1, 12500 = ×1.25' });

const TierSchema = Type.Object({
  id: Id, name: Type.String(),
  minClicks30d: Type.Integer({ description: 'Counted clicks in the last 30 days needed' }),
  minSales30d: Type.Integer({ description: 'Approved sales (commissions, not reversed) in the last 30 days needed' }),
  multiplierBps: Type.Integer(),
});
const present = (t: Tier) => ({ ...t });

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
    body: Type.Object({ name: Name(60), minClicks30d: Threshold, minSales30d: Threshold, multiplierBps: Multiplier }, { additionalProperties: false }),
    response: { 201: TierSchema, ...errors(400, 409) },
  }), async (request, reply) => reply.status(201).send(present(await tiers.create(request.caller, request.body))));

  app.patch('/tiers/:id', route(ACCESS.manage, {
    summary: "Change a tier's name, thresholds or multiplier (commissions already earned keep theirs)",
    params: IdParams,
    body: Type.Object({
      name: Type.Optional(Name(60)), minClicks30d: Type.Optional(Threshold), minSales30d: Type.Optional(Threshold), multiplierBps: Type.Optional(Multiplier),
    }, { additionalProperties: false, minProperties: 1 }),
    response: { 200: TierSchema, ...errors(400, 404, 409) },
  }), async (request) => present(await tiers.change(request.caller, request.params.id, request.body)));

  app.delete('/tiers/:id', route(ACCESS.manage, { summary: 'Delete a tier nobody holds and no commission names', params: IdParams, response: { 204: Type.Null(), ...errors(400, 404, 409) } }), async (request, reply) => {
    await tiers.delete(request.caller, request.params.id);
    return reply.status(204).send(null);
  });

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
