import { Type } from 'typebox';
import { LANGUAGES } from '../../core/i18n/languages.ts';
import { createChannelMedia } from '../media/channel-media.ts';
import { ACCESS } from './access.ts';
import { adminRouteGroup } from './route-options.ts';
import { IdParams, StringEnum, errors } from './schemas.ts';

/** A binary answer, for the OpenAPI document. */
function binary(mimeType: string, description: string) {
  return { description, content: { [mimeType]: { schema: { type: 'string', format: 'binary' } } } };
}

/**
 * The printable forms of any link (the same the bot gives influencers for `/qr` and
 * `/poster`): its QR code as PNG and its A6 poster as PDF. Every role may read them, a vendor
 * account only for links to its own products; a link it may not see is a 404. The service
 * says what they show; the renderer here (deps.media) lays it out.
 */
export const linkMediaRoutes = adminRouteGroup('admin: links', (app, route, deps) => {
  const media = deps.media ?? createChannelMedia({ logger: deps.logger });
  const linkMedia = deps.services.people.linkMedia;

  app.get('/links/:id/qr.png', route(ACCESS.read, {
    params: IdParams,
    summary: "The link's QR code (PNG, error correction Q, with its quiet zone)",
    response: { 200: binary('image/png', 'A PNG QR code holding the tracked short link'), ...errors(400, 404) },
  }), async (request, reply) => {
    const { code, url } = await linkMedia.qrCode(request.caller, request.params.id);
    const png = await media.qrCodePng(url);
    return reply.type('image/png').header('content-disposition', `inline; filename="dealcast-qr-${code}.png"`).send(Buffer.from(png));
  });

  app.get('/links/:id/poster', route(ACCESS.read, {
    params: IdParams,
    summary: "The link's printable A6 poster (PDF): product image, title, price, QR code, short link and ad disclosure",
    querystring: Type.Object({
      lang: Type.Optional(StringEnum(LANGUAGES, { description: "Language of the poster; default the influencer's" })),
    }, { additionalProperties: false }),
    response: { 200: binary('application/pdf', 'An A6 PDF poster'), ...errors(400, 404) },
  }), async (request, reply) => {
    const { code, content } = await linkMedia.poster(request.caller, request.params.id, request.query.lang);
    const pdf = await media.posterPdf(content);
    return reply.type('application/pdf').header('content-disposition', `inline; filename="dealcast-poster-${code}.pdf"`).send(Buffer.from(pdf));
  });
});
