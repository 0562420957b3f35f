import { Type } from 'typebox';
import { MEMBERSHIP_STATUSES } from '../../core/influencers/influencer-deals.service.ts';
import { ACCESS } from './access.ts';
import { pageQuery, pageResponse } from './paging.ts';
import { withIsoDates } from './present.ts';
import { adminRouteGroup } from './route-options.ts';
import { Id, IdParams, Nullable, PageOf, PageQuery, StringEnum, Timestamp, errors } from './schemas.ts';

const Status = StringEnum(MEMBERSHIP_STATUSES, { description: 'pending: waiting for a decision; approved: the influencer promotes the brand; rejected' });
const JoinRequestSchema = Type.Object({
  id: Id, brandId: Id, brandName: Type.String(), brandSlug: Type.String(), influencerId: Id,
  influencerName: Type.String({ description: 'The name the influencer goes by in chat' }), influencerCountry: Nullable(Type.String()),
  status: Status, createdAt: Timestamp, decidedAt: Nullable(Timestamp),
});

/**
 * Join requests: an influencer's `/join BRAND` at a brand that approves its promoters waits
 * here until staff or the brand's vendor decide; the influencer is told in chat.
 */
export const joinRequestsRoutes = adminRouteGroup('admin: catalog', (app, route, deps) => {
  const joinRequests = deps.services.catalog.joinRequests;

  app.get('/brands/:id/join-requests', route(ACCESS.read, {
    summary: "A brand's join requests, newest first (status=pending: those waiting for a decision)",
    params: IdParams,
    querystring: Type.Object({ ...PageQuery, status: Type.Optional(Status) }),
    response: { 200: PageOf(JoinRequestSchema), ...errors(400, 404) },
  }), async (request) => pageResponse(
    await joinRequests.listJoinRequests(request.caller, request.params.id, { status: request.query.status }, pageQuery(request.query)),
    withIsoDates,
  ));

  app.post('/memberships/:id/approve', route(ACCESS.manageOwn, {
    summary: 'Approve a join request (pending or rejected before): the influencer may promote the brand and is told so in chat',
    params: IdParams,
    response: { 200: JoinRequestSchema, ...errors(400, 404, 409) },
  }), async (request) => withIsoDates(await joinRequests.decide(request.caller, request.params.id, 'approve')));

  app.post('/memberships/:id/reject', route(ACCESS.manageOwn, {
    summary: 'Reject a pending join request; the influencer is told in chat (an approved one cannot be rejected: 409)',
    params: IdParams,
    response: { 200: JoinRequestSchema, ...errors(400, 404, 409) },
  }), async (request) => withIsoDates(await joinRequests.decide(request.caller, request.params.id, 'reject')));
});
