import { Type } from 'typebox';
import { ACCESS } from './access.ts';
import { withIsoDates } from './present.ts';
import { adminRouteGroup } from './route-options.ts';
import { pageQuery, pageResponse } from './paging.ts';
import { Erid, Id, IdParams, Name, Nullable, PageOf, PageQuery, RateBps, Timestamp, errors } from './schemas.ts';

const LockDays = Type.Integer({ minimum: 0, maximum: 365, description: 'Days a commission stays pending before approval (the return window); default 30' });
const WindowDays = Type.Integer({ minimum: 1, maximum: 365, description: 'Days after a click during which an order is attributed to it; default 30' });
const Slug = Type.String({ pattern: '^(?![0-9]+$)[a-z0-9]+(-[a-z0-9]+)*$', maxLength: 60, description: 'Lower-case words joined by dashes; never all digits' });

const BrandSchema = Type.Object({
  id: Id, vendorId: Id, name: Type.String(), slug: Type.String(), commissionRateBps: RateBps,
  lockDays: Type.Integer(), attributionWindowDays: Type.Integer(), autoApprove: Type.Boolean({ description: 'Influencers who join are approved without review' }),
  erid: Nullable(Type.String({ description: 'Russian advertising token (ERID) printed with the ad label on deals and posters; null when none' })),
  createdAt: Timestamp,
  pendingJoinRequests: Type.Optional(Type.Integer({ minimum: 0, description: 'Join requests waiting for a decision (GET /brands/{id}/join-requests); in lists and reads' })),
});

/**
 * Brands: a vendor's labels, each with its commission rate, lock period and attribution window.
 * Staff create and change them; a vendor account sets its own brands' rates within its limits.
 */
export const brandsRoutes = adminRouteGroup('admin: catalog', (app, route, deps) => {
  const brands = deps.services.catalog.brands;

  app.post('/brands', route(ACCESS.manage, {
    summary: 'Create a brand',
    body: Type.Object({
      vendorId: Id, name: Name(200), slug: Type.Optional(Slug), commissionRateBps: RateBps,
      lockDays: Type.Optional(LockDays), attributionWindowDays: Type.Optional(WindowDays), autoApprove: Type.Optional(Type.Boolean()),
      erid: Type.Optional(Erid),
    }, { additionalProperties: false }),
    response: { 201: BrandSchema, ...errors(400, 404, 409) },
  }), async (request, reply) => reply.status(201).send(withIsoDates(await brands.createBrand(request.caller, request.body))));

  app.patch('/brands/:id', route(ACCESS.manage, {
    summary: "Change a brand's name, rates, periods or ERID (null removes it)",
    params: IdParams,
    body: Type.Object({
      name: Type.Optional(Name(200)), commissionRateBps: Type.Optional(RateBps), lockDays: Type.Optional(LockDays),
      attributionWindowDays: Type.Optional(WindowDays), autoApprove: Type.Optional(Type.Boolean()),
      erid: Type.Optional(Nullable(Erid)),
    }, { additionalProperties: false, minProperties: 1 }),
    response: { 200: BrandSchema, ...errors(400, 404) },
  }), async (request) => withIsoDates(await brands.changeBrand(request.caller, request.params.id, request.body)));

  app.put('/brands/:id/commission-rate', route(ACCESS.manageOwn, {
    summary: "Set a brand's commission rate (a vendor account: its own brands, within its vendor's minRateBps and maxRateBps)",
    description: 'A rate outside the limits is a 400 validation_failed whose message and details.limit name the limit broken. Staff are not bound by the limits.',
    params: IdParams,
    body: Type.Object({ commissionRateBps: RateBps }, { additionalProperties: false }),
    response: { 200: BrandSchema, ...errors(400, 404) },
  }), async (request) => withIsoDates(await brands.setBrandRate(request.caller, request.params.id, request.body.commissionRateBps)));

  app.get('/brands', route(ACCESS.read, {
    summary: 'List brands, newest first',
    querystring: Type.Object({ ...PageQuery, vendorId: Type.Optional(Id) }),
    response: { 200: PageOf(BrandSchema), ...errors(400) },
  }), async (request) => pageResponse(await brands.listBrands(request.caller, { vendorId: request.query.vendorId }, pageQuery(request.query)), withIsoDates));

  app.get('/brands/:id', route(ACCESS.read, { summary: 'Get a brand', params: IdParams, response: { 200: BrandSchema, ...errors(400, 404) } }), async (request) => withIsoDates(await brands.getBrand(request.caller, request.params.id)));

  app.get('/brands/:id/followers', route(ACCESS.read, {
    summary: 'How many influencers follow a brand for deal alerts (/follow in chat)',
    params: IdParams,
    response: { 200: Type.Object({ followers: Type.Integer({ minimum: 0 }) }), ...errors(400, 404) },
  }), async (request) => ({ followers: await deps.services.catalog.brandFollowers(request.caller, request.params.id) }));
});
