import { Type } from 'typebox';
import { ALERT_FREQUENCIES } from '../../core/alerts/deal-alerts.ts';
import { INFLUENCER_STATUSES as STATUSES } from '../../core/influencers/influencer-accounts.service.ts';
import { MAX_REASON_LENGTH, MIN_REASON_LENGTH, REGISTRATION_APPROVALS, type StandingAction } from '../../core/influencers/influencer-standing.ts';
import { ACCESS } from './access.ts';
import { pageQuery, pageResponse } from './paging.ts';
import {
  IdentitySchema, InfluencerSchema as Influencer, MoneyTrailEntrySchema, presentIdentity, presentInfluencer, presentMoneyTrailEntry,
} from './people.schemas.ts';
import { withIsoDates } from './present.ts';
import { adminRouteGroup } from './route-options.ts';
import { Id, IdParams, Name, Nullable, PageOf, PageQuery, StringEnum, Timestamp, errors } from './schemas.ts';

const Language = Type.String({ pattern: '^[A-Za-z]{2}$', description: 'ISO 639-1 language code of the chat copy', examples: ['fr'] });
const Country = Type.String({ pattern: '^[A-Za-z]{2}$', description: 'ISO 3166-1 alpha-2 country code', examples: ['FR'] });
const Reason = Type.String({ minLength: MIN_REASON_LENGTH, maxLength: MAX_REASON_LENGTH, description: 'Why; kept on the influencer and in the audit log' });

const RegistrationSetting = Type.Object({
  approval: StringEnum(REGISTRATION_APPROVALS, { description: 'required: chat registrations wait as pending until an admin approves them' }),
  updatedAt: Nullable(Timestamp), updatedBy: Nullable(Type.String()),
  pending: Type.Integer({ description: 'Influencers waiting for approval now' }),
});

const STANDING: { action: StandingAction; summary: string; description: string; reason: 'required' | 'optional' | 'none' }[] = [
  {
    action: 'suspend', reason: 'required', summary: 'Suspend an influencer, with a reason',
    description: 'Their links keep redirecting and clicks are counted, but orders through them earn no commission (attribution reason `influencer_inactive`), no payout is made to them and the bot tells them why. What they earned before stays theirs. They are told in chat.',
  },
  { action: 'reinstate', reason: 'optional', summary: 'Reinstate a suspended influencer', description: 'New orders earn commission again and payouts resume. They are told in chat.' },
  { action: 'approve', reason: 'none', summary: 'Approve a registration waiting for approval', description: 'The influencer becomes active and is told in chat.' },
];

/** Influencers: the people who forward deals. Vendor accounts never see them. */
export const influencersRoutes = adminRouteGroup('admin: influencers', (app, route, deps) => {
  const influencers = deps.services.people.influencers;
  const present = presentInfluencer(deps.publicUrl);

  app.post('/influencers', route(ACCESS.manage, {
    summary: 'Register an influencer',
    body: Type.Object({ displayName: Name(100), language: Language, country: Country }, { additionalProperties: false }),
    response: { 201: Influencer, ...errors(400) },
  }), async (request, reply) => reply.status(201).send(present(await influencers.create(request.caller, request.body))));

  app.get('/influencers', route(ACCESS.staffRead, {
    summary: 'List influencers, newest first',
    querystring: Type.Object({
      ...PageQuery, status: Type.Optional(StringEnum(STATUSES)), country: Type.Optional(Country), language: Type.Optional(Language), tierId: Type.Optional(Id),
      q: Type.Optional(Type.String({ maxLength: 100, description: 'An id, a chat handle (@anna, from its start), a chat user id or phone number, or the start of a name' })),
    }),
    response: { 200: PageOf(Influencer), ...errors(400) },
  }), async ({ query: { status, country, language, tierId, q, ...page } }) =>
    pageResponse(await influencers.list({ status, country, language, tierId, q }, pageQuery(page)), present));

  app.get('/influencers/:id', route(ACCESS.staffRead, { summary: 'Get an influencer', params: IdParams, response: { 200: Influencer, ...errors(400, 404) } }), async (request) => present(await influencers.get(request.params.id)));

  for (const { action, summary, description, reason } of STANDING) {
    const body = reason === 'none' ? {}
      : { body: Type.Object({ reason: reason === 'required' ? Reason : Type.Optional(Reason) }, { additionalProperties: false }) };
    app.post(`/influencers/:id/${action}`, route(ACCESS.manage, { summary, description, params: IdParams, ...body, response: { 200: Influencer, ...errors(400, 404, 409) } }),
      async (request) => present(await influencers.changeStanding(request.caller, {
        influencerId: request.params.id, action, reason: (request.body as { reason?: string } | undefined)?.reason,
      })));
  }

  app.post('/influencers/:id/anonymise', route(ACCESS.adminOnly, {
    summary: 'Anonymise an influencer, as /deleteme does (a request to erase them that reached the team)',
    description: 'Their name, country, invite code and every chat account (user id, chat, handle) are erased, and so are those in the audit log\'s earlier rows about them; the standing becomes `deleted`, for good. Links they shared keep redirecting but earn nothing; orders, commissions, payouts and ledger entries stay with their amounts (accounting keeps them), linked to the anonymous profile. 409 when they are anonymised already.',
    params: IdParams,
    response: { 200: Influencer, ...errors(400, 404, 409) },
  }), async (request) => present(await influencers.anonymise(request.caller, request.params.id)));

  app.get('/influencers/:id/identities', route(ACCESS.staffRead, {
    summary: "An influencer's chat accounts: channel, user id or phone, handle, active, first and last seen",
    params: IdParams,
    response: { 200: Type.Object({ items: Type.Array(IdentitySchema) }), ...errors(400, 404) },
  }), async (request) => ({ items: (await influencers.identities(request.params.id)).map(presentIdentity) }));

  app.get('/influencers/:id/follows', route(ACCESS.staffRead, {
    summary: 'What an influencer follows for deal alerts (/follow in chat), and how often they hear',
    params: IdParams,
    response: {
      200: Type.Object({
        frequency: StringEnum(ALERT_FREQUENCIES, { description: 'daily: one digest at 09:00 in their country\'s time zone; instant: at the next run; off' }),
        items: Type.Array(Type.Object({
          id: Id, kind: StringEnum(['brand', 'keyword'] as const), brandId: Nullable(Id), name: Type.String({ description: 'The brand\'s name, or the keyword' }),
          createdAt: Timestamp,
        })),
      }),
      ...errors(400, 404),
    },
  }), async (request) => {
    const { frequency, follows } = await influencers.follows(request.caller, request.params.id);
    return {
      frequency,
      items: follows.map((f) => ({
        id: f.id, kind: f.kind, brandId: f.kind === 'brand' ? f.brandId : null, name: f.kind === 'brand' ? f.name : f.keyword, createdAt: f.createdAt.toISOString(),
      })),
    };
  });

  app.get('/influencers/:id/money-trail', route(ACCESS.staffRead, {
    summary: "An influencer's orders from click to payout, newest first: click, order, commission (rate, tier, multiplier), approval, payout, ledger postings",
    params: IdParams,
    querystring: Type.Object({ ...PageQuery, conversionId: Type.Optional(Id) }),
    response: { 200: PageOf(MoneyTrailEntrySchema), ...errors(400, 404) },
  }), async ({ caller, params, query: { conversionId, ...page } }) =>
    pageResponse(await influencers.moneyTrail(caller, params.id, { conversionId }, pageQuery({ ...page, limit: page.limit ?? 20 })), presentMoneyTrailEntry));

  app.get('/influencer-registration', route(ACCESS.staffRead, {
    summary: 'Whether chat registrations wait for an admin\'s approval, and how many wait now',
    response: { 200: RegistrationSetting, ...errors() },
  }), async () => withIsoDates(await influencers.registrationApproval()));

  app.put('/influencer-registration', route(ACCESS.manage, {
    summary: 'Require approval of chat registrations, or let them in at once',
    description: 'Applies to registrations from now on; influencers already pending stay pending until approved.',
    body: Type.Object({ approval: StringEnum(REGISTRATION_APPROVALS) }, { additionalProperties: false }),
    response: { 200: RegistrationSetting, ...errors(400) },
  }), async (request) => withIsoDates(await influencers.setRegistrationApproval(request.caller, request.body.approval)));
});
