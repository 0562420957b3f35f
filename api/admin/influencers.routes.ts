import { Type } from 'typebox';
import { INFLUENCER_STATUSES as STATUSES } from '../../core/influencers/influencer-accounts.service.ts';
import { ACCESS } from './access.ts';
import { withIsoDates } from './present.ts';
import { adminRouteGroup } from './route-options.ts';
import { pageQuery, pageResponse } from './paging.ts';
import { Id, IdParams, Name, Nullable, PageOf, PageQuery, StringEnum, Timestamp, errors } from './schemas.ts';

const Language = Type.String({ pattern: '^[A-Za-z]{2}$', description: 'ISO 639-1 language code of the chat copy', examples: ['fr'] });
const Country = Type.String({ pattern: '^[A-Za-z]{2}$', description: 'ISO 3166-1 alpha-2 country code', examples: ['FR'] });

const Influencer = Type.Object({
  id: Id, displayName: Type.String(), language: Type.String(), country: Nullable(Type.String()), status: StringEnum(STATUSES),
  recruitCode: Type.String({ description: 'Put in a Telegram deep link (start=ref_<code>) to recruit others' }),
  recruitedBy: Nullable(Id), tierId: Nullable(Id), payoutCurrency: Type.String(), createdAt: Timestamp,
});

/** Influencers: the people who forward deals. Vendor accounts never see them. */
export const influencersRoutes = adminRouteGroup('admin: influencers', (app, route, deps) => {
  const influencers = deps.services.people.influencers;

  app.post('/influencers', route(ACCESS.manage, {
    summary: 'Register an influencer',
    body: Type.Object({ displayName: Name(100), language: Language, country: Country }, { additionalProperties: false }),
    response: { 201: Influencer, ...errors(400) },
  }), async (request, reply) => reply.status(201).send(withIsoDates(await influencers.create(request.caller, request.body))));

  app.get('/influencers', route(ACCESS.staffRead, {
    summary: 'List influencers, newest first',
    querystring: Type.Object({ ...PageQuery, status: Type.Optional(StringEnum(STATUSES)), country: Type.Optional(Country), language: Type.Optional(Language) }),
    response: { 200: PageOf(Influencer), ...errors(400) },
  }), async ({ query: { status, country, language, ...page } }) => pageResponse(await influencers.list({ status, country, language }, pageQuery(page)), withIsoDates));

  app.get('/influencers/:id', route(ACCESS.staffRead, { summary: 'Get an influencer', params: IdParams, response: { 200: Influencer, ...errors(400, 404) } }), async (request) => withIsoDates(await influencers.get(request.params.id)));
});
