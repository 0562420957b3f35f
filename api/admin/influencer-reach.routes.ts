import { Type } from 'typebox';
import { EXPOSURE_SOURCES } from '../../core/tiers/exposure.ts';
import { ACCESS } from './access.ts';
import { adminRouteGroup } from './route-options.ts';
import { IdParams, errors } from './schemas.ts';

const PerSource = (description: string) => Type.Object(
  Object.fromEntries(EXPOSURE_SOURCES.map((s) => [s, Type.Integer({ minimum: 0 })])) as Record<(typeof EXPOSURE_SOURCES)[number], ReturnType<typeof Type.Integer>>,
  { description },
);

const Reach = Type.Object({
  fromDay: Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'First UTC day of the 30-day window' }),
  counts: PerSource('Counted clicks, deal-page and storefront views, Telegram chats posted to, and those chats’ members'),
  weights: PerSource('Points per unit of each source in force (audience: per 1,000 members)'),
  points: PerSource('What each source adds (audience rounded down)'),
  total: Type.Integer({ minimum: 0, description: 'The exposure points tiers compare with their threshold' }),
});

/** An influencer's reach as tiers and /stats weigh it; vendor accounts never see it. */
export const influencerReachRoutes = adminRouteGroup('admin: influencers', (app, route, deps) => {
  app.get('/influencers/:id/reach', route(ACCESS.staffRead, {
    summary: "An influencer's exposure points over the last 30 days: each source's count, weight and points, and their total",
    params: IdParams,
    response: { 200: Reach, ...errors(400, 404) },
  }), async (request) => {
    // An unknown influencer is a 404, not a reach of zero.
    await deps.services.people.influencers.get(request.params.id);
    return deps.services.reach.of(request.params.id);
  });
});
