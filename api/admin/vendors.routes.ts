import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { NotFoundError } from '../../core/shared/errors.ts';
import type { VendorRow } from '../../db/schema.ts';
import { findVendorById, listVendors } from '../../db/vendors.repository.ts';
import type { AppDeps } from '../deps.ts';
import { ACCESS } from './access.ts';
import { pageQuery, pageResponse } from './paging.ts';
import { BEARER, Id, IdParams, Name, PageOf, PageQuery, Timestamp, errors } from './schemas.ts';
import { createVendor, rotateVendorSecret } from './vendors.service.ts';

const Vendor = Type.Object({ id: Id, name: Type.String(), keyId: Type.String({ description: 'Sent by the vendor as X-Dealcast-Key' }), createdAt: Timestamp });
const VendorWithSecret = Type.Object({
  ...Vendor.properties,
  secret: Type.String({ description: 'The HMAC signing secret. Shown in this answer only: store it now.' }),
});

function present(row: VendorRow) {
  return { id: row.id, name: row.name, keyId: row.key_id, createdAt: row.created_at.toISOString() };
}

const tags = ['admin: vendors'];

/** Vendors: the sellers whose servers push catalogs and report orders. */
export function vendorsRoutes(deps: AppDeps): FastifyPluginAsync {
  return async (instance) => {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();

    app.post('/vendors', {
      config: { access: ACCESS.manage },
      schema: {
        tags, security: BEARER, summary: 'Create a vendor (its signing secret is shown once)',
        body: Type.Object({ name: Name(200) }, { additionalProperties: false }),
        response: { 201: VendorWithSecret, ...errors(400) },
      },
    }, async (request, reply) => {
      const { vendor, secret } = await createVendor(deps, request.caller.actor, request.body);
      return reply.status(201).send({ ...present(vendor), secret });
    });

    app.post('/vendors/:id/rotate-secret', {
      config: { access: ACCESS.manageOwn },
      schema: {
        tags, security: BEARER, summary: "Replace a vendor's signing secret (the new one is shown once; the old one stops working)",
        params: IdParams,
        response: { 200: VendorWithSecret, ...errors(400, 404) },
      },
    }, async (request) => {
      const admin = request.caller;
      const scope = (admin.scope.vendorId ?? undefined);
      if (scope !== undefined && scope !== request.params.id) throw new NotFoundError('vendor', request.params.id);
      const { vendor, secret } = await rotateVendorSecret(deps, admin.actor, request.params.id);
      return { ...present(vendor), secret };
    });

    app.get('/vendors', {
      config: { access: ACCESS.read },
      schema: {
        tags, security: BEARER, summary: 'List vendors, newest first',
        querystring: Type.Object({ ...PageQuery }),
        response: { 200: PageOf(Vendor), ...errors(400) },
      },
    }, async (request) => {
      const scope = (request.caller.scope.vendorId ?? undefined);
      return pageResponse(await listVendors(deps.db, { id: scope }, pageQuery(request.query)), present);
    });

    app.get('/vendors/:id', {
      config: { access: ACCESS.read },
      schema: { tags, security: BEARER, summary: 'Get a vendor', params: IdParams, response: { 200: Vendor, ...errors(400, 404) } },
    }, async (request) => {
      const scope = (request.caller.scope.vendorId ?? undefined);
      const vendor = await findVendorById(deps.db, request.params.id);
      if (!vendor || (scope !== undefined && vendor.id !== scope)) throw new NotFoundError('vendor', request.params.id);
      return present(vendor);
    });
  };
}
