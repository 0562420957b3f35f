import { Type } from 'typebox';
import type { Vendor } from '../../core/vendors/vendors.ports.ts';
import { DEFAULT_ROTATION_GRACE_HOURS, MAX_ROTATION_GRACE_HOURS } from '../../core/vendors/secret-rotation.ts';
import type { VendorWithSecret } from '../../core/vendors/vendors.service.ts';
import { ACCESS } from './access.ts';
import { adminRouteGroup } from './route-options.ts';
import { pageQuery, pageResponse } from './paging.ts';
import { Id, IdParams, Name, PageOf, PageQuery, RateBps, Timestamp, errors } from './schemas.ts';

const MinRate = Type.Integer({ minimum: 0, maximum: 10_000, description: 'Lowest commission rate (basis points) its vendor accounts may set on their brands and products' });
const MaxRate = Type.Integer({ minimum: 0, maximum: 10_000, description: 'Highest commission rate (basis points) its vendor accounts may set; staff are not bound' });
const VendorSchema = Type.Object({
  id: Id, name: Type.String(), keyId: Type.String({ description: 'Sent by the vendor as X-Dealcast-Key' }),
  minRateBps: MinRate, maxRateBps: MaxRate, createdAt: Timestamp,
});
const VendorWithSecretSchema = Type.Object({
  ...VendorSchema.properties,
  secret: Type.String({ description: 'The HMAC signing secret. Shown in this answer only: store it now.' }),
});
const RotatedSecretSchema = Type.Object({
  ...VendorWithSecretSchema.properties,
  previousSecretExpiresAt: Type.Union([Timestamp, Type.Null()], { description: 'Until when the replaced secret still verifies requests; null when it was refused at once' }),
});
const RotationQuery = Type.Object({
  graceHours: Type.Optional(Type.Integer({
    minimum: 0, maximum: MAX_ROTATION_GRACE_HOURS,
    description: `Hours the replaced secret keeps verifying, so the vendor's servers can switch (default ${DEFAULT_ROTATION_GRACE_HOURS}); 0 refuses it at once (a leaked secret)`,
  })),
}, { additionalProperties: false });

function present(vendor: Vendor) {
  return {
    id: vendor.id, name: vendor.name, keyId: vendor.keyId, minRateBps: vendor.minRateBps, maxRateBps: vendor.maxRateBps,
    createdAt: vendor.createdAt.toISOString(),
  };
}

function presentWithSecret({ vendor, secret }: VendorWithSecret) {
  return { ...present(vendor), secret };
}

/** Vendors: the sellers whose servers push catalogs and report orders. */
export const vendorsRoutes = adminRouteGroup('admin: vendors', (app, route, deps) => {
  const vendors = deps.services.catalog.vendors;

  app.post('/vendors', route(ACCESS.manage, {
    summary: 'Create a vendor (its signing secret is shown once)',
    body: Type.Object({ name: Name(200) }, { additionalProperties: false }),
    response: { 201: VendorWithSecretSchema, ...errors(400) },
  }), async (request, reply) => reply.status(201).send(presentWithSecret(await vendors.createVendor(request.caller, request.body))));

  app.post('/vendors/:id/rotate-secret', route(ACCESS.manageOwn, {
    summary: "Replace a vendor's signing secret (the new one is shown once; the old one keeps verifying for the grace period)",
    description: 'During the grace period requests signed with either secret are accepted; one previous secret is kept, so a second rotation ends the first secret at once.',
    params: IdParams,
    querystring: RotationQuery,
    response: { 200: RotatedSecretSchema, ...errors(400, 404) },
  }), async (request) => {
    const rotated = await vendors.rotateVendorSecret(request.caller, request.params.id, { graceHours: request.query.graceHours });
    return { ...presentWithSecret(rotated), previousSecretExpiresAt: rotated.previousSecretExpiresAt?.toISOString() ?? null };
  });

  app.patch('/vendors/:id', route(ACCESS.manage, {
    summary: "Rename a vendor or set the commission rates its accounts may choose (minRateBps ≤ maxRateBps)",
    description: 'Rates already set outside new limits stay as they are; the limits bind the next change a vendor account makes.',
    params: IdParams,
    body: Type.Object({ name: Type.Optional(Name(200)), minRateBps: Type.Optional(RateBps), maxRateBps: Type.Optional(RateBps) }, { additionalProperties: false, minProperties: 1 }),
    response: { 200: VendorSchema, ...errors(400, 404) },
  }), async (request) => present(await vendors.changeVendor(request.caller, request.params.id, request.body)));

  app.get('/vendors', route(ACCESS.read, {
    summary: 'List vendors, newest first',
    querystring: Type.Object({ ...PageQuery }),
    response: { 200: PageOf(VendorSchema), ...errors(400) },
  }), async (request) => pageResponse(await vendors.listVendors(request.caller, pageQuery(request.query)), present));

  app.get('/vendors/:id', route(ACCESS.read, { summary: 'Get a vendor', params: IdParams, response: { 200: VendorSchema, ...errors(400, 404) } }), async (request) => present(await vendors.getVendor(request.caller, request.params.id)));
});
