import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { INFLUENCER_STATUSES as STATUSES } from '../../core/influencers/influencer-accounts.service.ts';
import { NotFoundError } from '../../core/shared/errors.ts';
import { findInfluencerById, listInfluencers } from '../../db/influencers.repository.ts';
import type { InfluencerRow } from '../../db/schema.ts';
import type { AppDeps } from '../deps.ts';
import { ACCESS } from './access.ts';
import { pageQuery, pageResponse } from './paging.ts';
import { createInfluencer } from './people.service.ts';
import { BEARER, Id, IdParams, Name, Nullable, PageOf, PageQuery, StringEnum, Timestamp, errors } from './schemas.ts';

const Language = Type.String({ pattern: '^[A-Za-z]{2}$', description: 'ISO 639-1 language code of the chat copy', examples: ['fr'] });
const Country = Type.String({ pattern: '^[A-Za-z]{2}$', description: 'ISO 3166-1 alpha-2 country code', examples: ['FR'] });

const Influencer = Type.Object({
  id: Id, displayName: Type.String(), language: Type.String(), country: Nullable(Type.String()), status: StringEnum(STATUSES),
  recruitCode: Type.String({ description: 'Put in a Telegram deep link (start=ref_<code>) to recruit others' }),
  recruitedBy: Nullable(Id), tierId: Nullable(Id), payoutCurrency: Type.String(), createdAt: Timestamp,
});

function present(row: InfluencerRow) {
  return {
    id: row.id, displayName: row.display_name, language: row.language, country: row.country, status: row.status,
    recruitCode: row.recruit_code, recruitedBy: row.recruited_by, tierId: row.tier_id, payoutCurrency: row.payout_currency,
    createdAt: row.created_at.toISOString(),
  };
}

const tags = ['admin: influencers'];

/** Influencers: the people who forward deals. Vendor accounts never see them. */
export function influencersRoutes(deps: AppDeps): FastifyPluginAsync {
  return async (instance) => {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();

    app.post('/influencers', {
      config: { access: ACCESS.manage },
      schema: {
        tags, security: BEARER, summary: 'Register an influencer',
        body: Type.Object({ displayName: Name(100), language: Language, country: Country }, { additionalProperties: false }),
        response: { 201: Influencer, ...errors(400) },
      },
    }, async (request, reply) => reply.status(201).send(present(await createInfluencer(deps.db, request.caller, request.body))));

    app.get('/influencers', {
      config: { access: ACCESS.staffRead },
      schema: {
        tags, security: BEARER, summary: 'List influencers, newest first',
        querystring: Type.Object({ ...PageQuery, status: Type.Optional(StringEnum(STATUSES)), country: Type.Optional(Country), language: Type.Optional(Language) }),
        response: { 200: PageOf(Influencer), ...errors(400) },
      },
    }, async (request) => {
      const { status, country, language } = request.query;
      const filter = { status, country: country?.toUpperCase(), language: language?.toLowerCase() };
      return pageResponse(await listInfluencers(deps.db, filter, pageQuery(request.query)), present);
    });

    app.get('/influencers/:id', {
      config: { access: ACCESS.staffRead },
      schema: { tags, security: BEARER, summary: 'Get an influencer', params: IdParams, response: { 200: Influencer, ...errors(400, 404) } },
    }, async (request) => {
      const influencer = await findInfluencerById(deps.db, request.params.id);
      if (!influencer) throw new NotFoundError('influencer', request.params.id);
      return present(influencer);
    });
  };
}
