import { Type } from 'typebox';
import { ACCESS } from './access.ts';
import { withIsoDates } from './present.ts';
import { adminRouteGroup } from './route-options.ts';
import { pageQuery, pageResponse } from './paging.ts';
import { Currency, Id, IdParams, MinorUnits, Nullable, PageOf, PageQuery, StringEnum, Timestamp, errors } from './schemas.ts';
import { CAMPAIGN_STATUSES } from '../../core/campaigns/campaign.ts';
import type { CampaignListing } from '../../core/campaigns/campaigns.ports.ts';

const Bonus = Type.Union([
  Type.Object({ kind: Type.Literal('rate'), rateBps: Type.Integer({ description: 'Extra rate on top of the normal commission, basis points' }) }),
  Type.Object({ kind: Type.Literal('fee'), amount: Type.Integer({ description: 'Fixed fee per sale, minor units of currency' }) }),
]);

const CampaignSchema = Type.Object({
  id: Id, vendorId: Id, brandId: Id, brandName: Type.String(), title: Type.String(),
  productIds: Nullable(Type.Array(Id, { description: 'null: every product of the brand' })),
  startsAt: Timestamp, endsAt: Timestamp, bonus: Bonus, currency: Type.String(),
  promoCode: Nullable(Type.String({ description: "The campaign's code; each member gets their own code built on it (CODE-XXXX)" })),
  spendCap: Type.Integer({ description: 'Most the campaign pays in bonuses, minor units of currency' }),
  spent: Type.Integer({ description: 'Bonuses reserved so far (refunds give theirs back), minor units' }),
  status: StringEnum(CAMPAIGN_STATUSES),
  endReason: Nullable(StringEnum(['ended', 'spent'] as const, { description: 'spent: the cap was reached' })),
  members: Type.Integer(), sales: Type.Integer(), salesAmount: Type.Integer(), createdAt: Timestamp,
});

const MemberSchema = Type.Object({
  influencerId: Id, displayName: Type.String(), promoCode: Nullable(Type.String()), joinedAt: Timestamp,
  sales: Type.Integer(), bonusAmount: Type.Integer({ description: 'Bonus earned, net of refunds, minor units of the campaign currency' }),
});

// Shapes only: the ranges and the rules across fields are checked in core/campaigns/campaign.ts,
// so that one answer lists every problem of the body.
const CampaignBody = Type.Object({
  brandId: Id,
  title: Type.String({ maxLength: 200 }),
  productIds: Type.Optional(Type.Array(Id, { maxItems: 500, description: 'Leave out for every product of the brand' })),
  startsAt: Type.String({ maxLength: 40, description: 'RFC 3339' }),
  endsAt: Type.String({ maxLength: 40, description: 'RFC 3339; after startsAt' }),
  bonusRateBps: Type.Optional(Type.Integer({ description: 'Extra rate, 1-10000 bps; give this or bonusFee' })),
  bonusFee: Type.Optional(Type.Integer({ description: 'Fixed fee per sale in minor units of currency; give this or bonusRateBps' })),
  currency: Currency,
  promoCode: Type.Optional(Type.String({ maxLength: 40, description: '3-20 letters or digits, unique among live campaigns (case-insensitive)' })),
  spendCap: MinorUnits,
  status: Type.Optional(StringEnum(['draft', 'open'] as const)),
}, { additionalProperties: false });

const present = (c: CampaignListing) => withIsoDates(c);

/**
 * Campaigns: a vendor account creates and runs its own vendor's (for its own brands only), staff
 * every vendor's. Another vendor's campaign or brand does not exist for a vendor account (404).
 */
export const campaignsRoutes = adminRouteGroup('admin: campaigns', (app, route, deps) => {
  const campaigns = deps.services.campaigns;

  app.post('/campaigns', route(ACCESS.manageOwn, {
    summary: 'Create a campaign (a bonus on a brand or some of its products between two dates, up to a spend cap)',
    description: 'A bad body is a 400 validation_failed whose details.problems lists every problem, each with its field. '
      + 'A promo code that a live campaign uses is a 409 conflict.',
    body: CampaignBody,
    response: { 201: CampaignSchema, ...errors(400, 404, 409) },
  }), async (request, reply) => reply.status(201).send(present(await campaigns.createCampaign(request.caller, request.body))));

  app.get('/campaigns', route(ACCESS.read, {
    summary: 'List campaigns, newest first',
    querystring: Type.Object({ ...PageQuery, status: Type.Optional(StringEnum(CAMPAIGN_STATUSES)), brandId: Type.Optional(Id), vendorId: Type.Optional(Id) }),
    response: { 200: PageOf(CampaignSchema), ...errors(400) },
  }), async (request) => pageResponse(await campaigns.listCampaigns(request.caller, { status: request.query.status, brandId: request.query.brandId }, pageQuery(request.query)), present));

  app.get('/campaigns/:id', route(ACCESS.read, {
    summary: 'Get a campaign with its members, sales and bonus spent', params: IdParams, response: { 200: CampaignSchema, ...errors(400, 404) },
  }), async (request) => present(await campaigns.getCampaign(request.caller, request.params.id)));

  app.get('/campaigns/:id/members', route(ACCESS.read, {
    summary: 'The influencers who joined a campaign, with their codes, sales and bonus',
    params: IdParams,
    response: { 200: Type.Object({ items: Type.Array(MemberSchema) }), ...errors(400, 404) },
  }), async (request) => ({ items: (await campaigns.listMembers(request.caller, request.params.id)).map((m) => withIsoDates(m)) }));

  app.post('/campaigns/:id/status', route(ACCESS.manageOwn, {
    summary: 'Open, pause or end a campaign',
    description: 'draft → open; open ⇄ paused; any → ended. Another move is a 409 conflict.',
    params: IdParams,
    body: Type.Object({ status: StringEnum(['open', 'paused', 'ended'] as const) }, { additionalProperties: false }),
    response: { 200: CampaignSchema, ...errors(400, 404, 409) },
  }), async (request) => present(await campaigns.setStatus(request.caller, request.params.id, request.body.status)));
});
