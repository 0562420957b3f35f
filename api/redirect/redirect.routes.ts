import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { AddressRanges } from '../../core/clicks/address-ranges.ts';
import { newClickId } from '../../core/clicks/click-id.ts';
import { isOwnerMarkToken } from '../../core/clicks/owner-mark.ts';
import { requestFlagOf } from '../../core/clicks/request-signals.ts';
import { OWNER_MARK_SEGMENT, SHORT_LINK_PATH, redirectUrl } from '../../core/links/short-link.ts';
import { SHORT_CODE_PATTERN } from '../../core/shared/ids.ts';
import { isPreviewFetcher } from '../../core/clicks/preview-fetchers.ts';
import { hashVisitorIp, visitorIdOf } from '../../core/clicks/visitor-identity.ts';
import type { AppDeps, ClickEvent } from '../deps.ts';
import { shippedDataCentreRanges } from './data-centres.ts';
import { createLinkResolver, type LinkResolverOptions, type ResolvedLink } from './link-resolver.ts';
import { renderNotFoundPage, renderPreviewPage } from './preview-page.ts';

export const VISITOR_COOKIE = 'dc_vid';
/** The owner mark (core/clicks/owner-mark.ts): the id of the influencer whose device this is. */
export const OWNER_COOKIE = 'dc_own';
/** Browsers cap cookie lifetimes at 400 days. */
const VISITOR_COOKIE_MAX_AGE_S = 400 * 24 * 60 * 60;
/** First-party, never sent cross-site except on top-level navigation, invisible to scripts, only for /r. */
const COOKIE_ATTRIBUTES = `Max-Age=${VISITOR_COOKIE_MAX_AGE_S}; Path=/r; HttpOnly; SameSite=Lax`;
const SECURE_COOKIE_ATTRIBUTES = `${COOKIE_ATTRIBUTES}; Secure`;

/** The visitor cookie for the pages under `path` (`/d`, `/s`): the redirect's own attributes, scoped to that path. */
export function visitorCookieFor(path: string, visitorId: string, secure: boolean): string {
  return `${VISITOR_COOKIE}=${visitorId}; Max-Age=${VISITOR_COOKIE_MAX_AGE_S}; Path=${path}; HttpOnly; SameSite=Lax${secure ? '; Secure' : ''}`;
}
const MAX_USER_AGENT = 512;
const MAX_REFERER = 1024;
const HTML = 'text/html; charset=utf-8';

const params = Type.Object({ code: Type.String() });
const ownerQuery = Type.Object({ t: Type.Optional(Type.String({ maxLength: 64 })) });

/** Cache sizes and lifetimes; the defaults suit production (see `createLinkResolver`). */
export type LinkCacheOptions = Omit<LinkResolverOptions, 'targets' | 'redis' | 'redisPrefix' | 'logger'>;

/** What the redirect uses of the app's dependencies. */
export type RedirectDeps = Pick<AppDeps, 'services' | 'redis' | 'redisPrefix' | 'logger' | 'publicUrl' | 'clock' | 'clicks' | 'ipHashKey' | 'metrics'>;

/**
 * `GET /r/:code` (and `HEAD`): a person is sent on to the product with a click id; a preview
 * fetcher, or any HEAD request, gets the OpenGraph page and is not counted; an unknown code
 * gets a 404 page and nothing is recorded.
 */
export function redirectRoutes(deps: RedirectDeps, cache: LinkCacheOptions = {}): FastifyPluginAsync {
  return async (fastify) => {
    const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
    const links = createLinkResolver({
      ...cache, targets: deps.services.edge.redirectTargets, redis: deps.redis, redisPrefix: deps.redisPrefix, logger: deps.logger,
    });
    const notFoundPage = renderNotFoundPage();
    const dataCentres = shippedDataCentreRanges();

    app.get(`${SHORT_LINK_PATH}/:code`, {
      // The hottest route: no per-request child logger (a few µs each). Its rare log lines
      // name the click and link instead of a request id.
      childLoggerFactory: (logger) => logger,
      schema: {
        params,
        tags: ['redirect'],
        summary: 'Follow a tracked short link',
        description: 'A person gets 302 to the product with `dc_click=<click id>` appended and a `dc_vid` visitor cookie. '
          + 'A link-preview fetcher, or any HEAD request, gets 200 HTML with OpenGraph tags and is not counted. Unknown code: 404 HTML.',
      },
    }, async (request, reply) => {
      const { code } = request.params;
      // A cached link answers without a wait (the common case: a forwarded deal is tapped in bursts).
      let link = links.cached(code);
      if (link === undefined) link = SHORT_CODE_PATTERN.test(code) ? (await links.resolve(code)) ?? null : null;
      if (!link) {
        return reply.status(404).type(HTML).header('cache-control', 'no-store').send(notFoundPage);
      }
      const userAgent = request.headers['user-agent'];
      // A preview (WhatsApp fetches while the sender types, then caches for days) is never exposure.
      if (request.method === 'HEAD' || isPreviewFetcher(userAgent)) return sendPreview(reply, link, redirectUrl(deps.publicUrl, code));
      return redirectPerson(deps, dataCentres, request, reply, link, userAgent, request.cookies[OWNER_COOKIE]);
    });

    // The owner link of the bot's private note: marks the device as its influencer's, then goes on like a tap.
    app.get(`${SHORT_LINK_PATH}/:code/${OWNER_MARK_SEGMENT}`, {
      schema: {
        params,
        querystring: ownerQuery,
        tags: ['redirect'],
        summary: 'Follow a tracked link as its own influencer',
        description: 'With the owner token the bot gave the influencer, sets a first-party `dc_own` mark on the device, so that its clicks on '
          + 'this influencer\'s links are recorded as self-clicks (not counted; an order after one is held for review), then redirects like `GET /r/:code`. '
          + 'Without a valid token it is an ordinary tap.',
      },
    }, async (request, reply) => {
      const { code } = request.params;
      const link = SHORT_CODE_PATTERN.test(code) ? (links.cached(code) ?? (await links.resolve(code))) : undefined;
      if (!link) return reply.status(404).type(HTML).header('cache-control', 'no-store').send(notFoundPage);
      const userAgent = request.headers['user-agent'];
      if (request.method === 'HEAD' || isPreviewFetcher(userAgent)) return sendPreview(reply, link, redirectUrl(deps.publicUrl, code));
      const { influencerId } = link.target;
      if (!isOwnerMarkToken(deps.ipHashKey, influencerId, request.query.t)) {
        return redirectPerson(deps, dataCentres, request, reply, link, userAgent, request.cookies[OWNER_COOKIE]);
      }
      reply.header('set-cookie', `${OWNER_COOKIE}=${influencerId}; ${request.protocol === 'https' ? SECURE_COOKIE_ATTRIBUTES : COOKIE_ATTRIBUTES}`);
      return redirectPerson(deps, dataCentres, request, reply, link, userAgent, influencerId);
    });
  };
}

function sendPreview(reply: FastifyReply, link: ResolvedLink, canonicalUrl: string): FastifyReply {
  link.previewHtml ??= renderPreviewPage(link.target, canonicalUrl);
  return reply
    .type(HTML)
    .header('cache-control', 'public, max-age=300')
    // Shared caches must not hand the preview to a person, nor the redirect to a fetcher.
    .header('vary', 'User-Agent')
    .send(link.previewHtml);
}

async function redirectPerson(
  deps: RedirectDeps,
  dataCentres: AddressRanges,
  request: FastifyRequest,
  reply: FastifyReply,
  link: ResolvedLink,
  userAgent: string | undefined,
  ownerMark: string | undefined,
): Promise<FastifyReply> {
  const { target } = link;
  const existing = request.cookies[VISITOR_COOKIE];
  const now = deps.clock.now();
  // Read once: behind a trusted proxy each read of `request.ip` parses X-Forwarded-For again.
  const ip = request.ip;
  const visitorId = visitorIdOf({ cookie: existing, ip, userAgent }, deps.ipHashKey, now);
  const click: ClickEvent = {
    id: newClickId(now),
    linkId: target.linkId,
    influencerId: target.influencerId,
    productId: target.productId,
    clickedAt: now.toISOString(),
    visitorId,
    ipHash: ip ? hashVisitorIp(deps.ipHashKey, ip, now) : null,
    userAgent: userAgent?.slice(0, MAX_USER_AGENT) ?? null,
    referer: request.headers.referer?.slice(0, MAX_REFERER) ?? null,
    // Decided here on what is never stored: the raw address, the headers, the owner mark.
    requestFlag: requestFlagOf(userAgent, request.headers['accept-language'], ip, dataCentres, ownerMark, target.influencerId),
  };
  try {
    // Group commit: resolves once the click is in Redis, so a redirected click survives a crash of this process.
    await deps.clicks.enqueue(click);
  } catch (err) {
    request.log.warn({ err, clickId: click.id, linkId: click.linkId }, 'click not durably queued; redirecting anyway');
    deps.metrics?.clickNotQueued();
  }
  if (visitorId !== existing) {
    // Written directly: the id is base64url, so no encoding is needed, and this skips the cookie plugin's serializer.
    reply.header('set-cookie', `${VISITOR_COOKIE}=${visitorId}; ${request.protocol === 'https' ? SECURE_COOKIE_ATTRIBUTES : COOKIE_ATTRIBUTES}`);
  }
  return reply
    .header('cache-control', 'no-store')
    .header('vary', 'User-Agent')
    .redirect(link.trackedUrl(click.id), 302);
}
