import { Type } from 'typebox';
import type { Link as LinkModel } from '../../core/links/links.ports.ts';
import { LINK_CHANNELS, LINK_LANDINGS, MAX_GROUP_LABEL_LENGTH } from '../../core/links/links.service.ts';
import { shortLinkUrl } from '../../core/links/short-link.ts';
import { ACCESS } from './access.ts';
import { withIsoDates } from './present.ts';
import { adminRouteGroup } from './route-options.ts';
import { pageQuery, pageResponse } from './paging.ts';
import { Id, IdParams, PageOf, PageQuery, StringEnum, Timestamp, errors } from './schemas.ts';

const Channel = StringEnum(LINK_CHANNELS, { description: 'Where the link is shared' });
const Landing = StringEnum(LINK_LANDINGS, { description: 'Where its short URL leads: vendor (/r/<code>, straight to the shop) or deal_page (/d/<code>)' });

const Link = Type.Object({
  id: Id, code: Type.String({ description: 'Unguessable short code' }), url: Type.String({ description: 'The tracked short link: <PUBLIC_URL>/r/<code>, or <PUBLIC_URL>/d/<code> when its landing is the deal page' }),
  influencerId: Id, productId: Id, channel: Channel, groupLabel: Type.String({ description: 'Free label of the group or place; empty when none' }), landing: Landing,
  createdAt: Timestamp,
  qrUrl: Type.String({ description: 'The QR code PNG of the link (GET, same authentication)' }),
  posterUrl: Type.String({ description: 'The printable A6 poster PDF of the link (GET, same authentication)' }),
});

const LinkWithNames = Type.Object({ ...Link.properties, influencerName: Type.String(), productTitle: Type.String(), brandName: Type.String() });

/** Tracked links: one short code per (influencer, product, channel, group label), so stats split per group. */
export const linksRoutes = adminRouteGroup('admin: links', (app, route, deps) => {
  const links = deps.services.people.links;
  /** A link (with its names, when read with them) and the URLs of its short, QR and poster forms. */
  const present = <L extends LinkModel>(link: L) => ({
    ...withIsoDates(link),
    url: shortLinkUrl(deps.publicUrl, link), qrUrl: `/api/v1/admin/links/${link.id}/qr.png`, posterUrl: `/api/v1/admin/links/${link.id}/poster`,
  });

  app.post('/links', route(ACCESS.manage, {
    summary: 'Get the tracked link of an influencer for a product, channel and group (201 when new, 200 when it existed)',
    body: Type.Object({
      influencerId: Id, productId: Id, channel: Channel,
      groupLabel: Type.Optional(Type.String({ maxLength: MAX_GROUP_LABEL_LENGTH, description: 'e.g. "Family chat"; spaces are collapsed' })),
    }, { additionalProperties: false }),
    response: { 200: Link, 201: Link, ...errors(400, 404, 409) },
  }), async (request, reply) => {
    const { link, created } = await links.request(request.caller, request.body);
    return reply.status(created ? 201 : 200).send(present(link));
  });

  app.get('/links', route(ACCESS.read, {
    summary: 'List links, newest first',
    querystring: Type.Object({
      ...PageQuery, influencerId: Type.Optional(Id), productId: Type.Optional(Id), channel: Type.Optional(Channel),
      groupLabel: Type.Optional(Type.String({ maxLength: MAX_GROUP_LABEL_LENGTH, description: 'Exact label (spaces collapsed); empty for links without one' })),
      code: Type.Optional(Type.String({ maxLength: 64, description: 'The short code' })),
    }),
    response: { 200: PageOf(LinkWithNames), ...errors(400) },
  }), async ({ caller, query: { influencerId, productId, channel, groupLabel, code, ...page } }) =>
    pageResponse(await links.list(caller, { influencerId, productId, channel, groupLabel, code }, pageQuery(page)), present));

  app.patch('/links/:id', route(ACCESS.manage, {
    summary: 'Choose where a link leads: straight to the vendor or to its deal page',
    description: 'The link\'s `url` changes with its landing; both forms keep working (`/r/<code>` always goes to the vendor, `/d/<code>` always shows the deal page), so what was shared never breaks. Audited as `link.landing`.',
    params: IdParams,
    body: Type.Object({ landing: Landing }, { additionalProperties: false }),
    response: { 200: LinkWithNames, ...errors(400, 404) },
  }), async (request) => present(await links.setLanding(request.caller, request.params.id, request.body.landing)));

  app.get('/links/:id', route(ACCESS.read, { summary: 'Get a link', params: IdParams, response: { 200: LinkWithNames, ...errors(400, 404) } }), async (request) => present(await links.get(request.caller, request.params.id)));
});
