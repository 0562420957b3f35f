import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { isAutomatedClient, isPreviewFetcher } from '../../core/clicks/preview-fetchers.ts';
import { requestFlagOf } from '../../core/clicks/request-signals.ts';
import { visitorIdOf } from '../../core/clicks/visitor-identity.ts';
import { languageOfAcceptLanguage } from '../../core/i18n/accept-language.ts';
import { DEAL_PAGE_PATH, STOREFRONT_PATH, storefrontUrl } from '../../core/links/short-link.ts';
import type { Language } from '../../core/i18n/languages.ts';
import type { ExposureKind } from '../../core/pages/exposure.ts';
import type { DealPageView } from '../../core/pages/pages.ports.ts';
import { HANDLE_PATTERN } from '../../core/pages/handles.ts';
import { SHORT_CODE_PATTERN } from '../../core/shared/ids.ts';
import type { AppDeps } from '../deps.ts';
import { renderQrPng } from '../media/qr-code.renderer.ts';
import { OWNER_COOKIE, VISITOR_COOKIE, visitorCookieFor } from '../redirect/redirect.routes.ts';
import { shippedDataCentreRanges } from '../redirect/data-centres.ts';
import { renderDealPage, renderPageNotFound } from './deal-page.renderer.ts';
import { createPageCache } from './page-cache.ts';
import { renderStorefront } from './storefront.renderer.ts';

const HTML = 'text/html; charset=utf-8';
/** Picks per storefront page: two screens of cards on a phone. */
export const STOREFRONT_PAGE_SIZE = 24;

// No length bound here: a code or handle that cannot exist gets the 404 page, not a JSON refusal.
const codeParams = Type.Object({ code: Type.String() });
const handleParams = Type.Object({ handle: Type.String() });
const storefrontQuery = Type.Object({ cursor: Type.Optional(Type.String({ pattern: '^\\d{1,15}\\.\\d{1,18}$', description: 'The next page, from the page before' })) });

export type DealPageDeps = Pick<AppDeps, 'services' | 'publicUrl' | 'clock' | 'ipHashKey' | 'logger'>;

/**
 * How long this process serves a deal page it rendered without asking PostgreSQL again: a
 * forwarded deal is opened in bursts. A price or note change shows within this time. Each
 * storefront is read fresh (picks and erasures show at once).
 */
const DEAL_PAGE_CACHE = { ttlMs: 15_000, maxEntries: 10_000 };

/**
 * `GET /d/:code`, a deal page, and `GET /s/:handle`, a storefront: server-rendered HTML in the
 * visitor's language (Accept-Language), no script at all. A person's view is counted once per
 * visitor, page and day (core/pages/exposure.ts) after the page is sent, so counting never
 * slows it; a preview fetcher or a bot gets the same page with its OpenGraph tags, uncounted.
 */
export function dealPageRoutes(deps: DealPageDeps): FastifyPluginAsync {
  return async (fastify) => {
    const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
    const { reads } = deps.services.pages;
    const dataCentres = shippedDataCentreRanges();
    // The page per code and language, and the facts the view count needs; null for a code that leads nowhere.
    const dealPages = createPageCache<{ view: DealPageView | null; html: Map<Language, string> }>(DEAL_PAGE_CACHE);
    const dealPageOf = async (code: string) => {
      let entry = dealPages.get(code);
      if (!entry) {
        entry = { view: (SHORT_CODE_PATTERN.test(code) ? await reads.findDealPage(code) : undefined) ?? null, html: new Map() };
        dealPages.set(code, entry);
      }
      return entry;
    };

    const notFound = (request: FastifyRequest, reply: FastifyReply) => reply.status(404).type(HTML).header('cache-control', 'no-store')
      .send(renderPageNotFound(languageOfAcceptLanguage(request.headers['accept-language'])));

    /** Counts the view of a person in the background; a bot, a preview fetcher, a HEAD or the page's own influencer is not one. */
    const countView = (request: FastifyRequest, reply: FastifyReply, view: { influencerId: string; kind: ExposureKind; pageId: string; path: string }) => {
      const userAgent = request.headers['user-agent'];
      if (request.method !== 'GET' || isPreviewFetcher(userAgent) || isAutomatedClient(userAgent)) return;
      const ip = request.ip;
      const flag = requestFlagOf(userAgent, request.headers['accept-language'], ip, dataCentres, request.cookies[OWNER_COOKIE], view.influencerId);
      if (flag !== null) return;
      const now = deps.clock.now();
      const existing = request.cookies[VISITOR_COOKIE];
      const visitorId = visitorIdOf({ cookie: existing, ip, userAgent }, deps.ipHashKey, now);
      if (visitorId !== existing) reply.header('set-cookie', visitorCookieFor(view.path, visitorId, request.protocol === 'https'));
      deps.services.pages.recordView({ influencerId: view.influencerId, kind: view.kind, pageId: view.pageId, visitorId, at: now })
        .catch((err: unknown) => request.log.warn({ err, kind: view.kind }, 'page view not counted'));
    };

    app.get(`${DEAL_PAGE_PATH}/:code`, {
      schema: {
        params: codeParams, tags: ['pages'], summary: 'The deal page of a tracked link',
        description: 'HTML in the visitor\'s language: picture, price and discount, the influencer\'s note and a buy button to `/r/:code` '
          + '(where the click is counted). A person\'s view counts once a day; preview fetchers get the OpenGraph tags, uncounted. Unknown code: 404 HTML.',
      },
    }, async (request, reply) => {
      const entry = await dealPageOf(request.params.code);
      const { view } = entry;
      if (!view) return notFound(request, reply);
      const language = languageOfAcceptLanguage(request.headers['accept-language']);
      countView(request, reply, { influencerId: view.influencerId, kind: 'deal_page_view', pageId: view.linkId, path: DEAL_PAGE_PATH });
      let html = entry.html.get(language);
      if (html === undefined) {
        html = renderDealPage(view, language, deps.publicUrl);
        entry.html.set(language, html);
      }
      return reply.type(HTML).header('cache-control', 'private, no-cache').header('vary', 'Accept-Language, User-Agent').send(html);
    });

    app.get(`${STOREFRONT_PATH}/:handle`, {
      schema: {
        params: handleParams, querystring: storefrontQuery, tags: ['pages'], summary: 'An influencer\'s storefront',
        description: 'HTML in the visitor\'s language: the influencer\'s picks, newest first, 24 a page (`?cursor=` from the "more" link), '
          + 'each opening its deal page; the address and its QR code. A person\'s view counts once a day. Unknown handle: 404 HTML.',
      },
    }, async (request, reply) => {
      const handle = request.params.handle.toLowerCase();
      const view = HANDLE_PATTERN.test(handle) ? await reads.findStorefront(handle, { limit: STOREFRONT_PAGE_SIZE, cursor: request.query.cursor }) : undefined;
      if (!view) return notFound(request, reply);
      const language = languageOfAcceptLanguage(request.headers['accept-language']);
      countView(request, reply, { influencerId: view.influencerId, kind: 'storefront_view', pageId: view.influencerId, path: STOREFRONT_PATH });
      return reply.type(HTML).header('cache-control', 'private, no-cache').header('vary', 'Accept-Language, User-Agent')
        .send(renderStorefront(view, { language, publicUrl: deps.publicUrl, firstPage: request.query.cursor === undefined }));
    });

    app.get(`${STOREFRONT_PATH}/:handle/qr.png`, {
      schema: { params: handleParams, tags: ['pages'], summary: 'The QR code of a storefront\'s address (PNG)' },
    }, async (request, reply) => {
      const handle = request.params.handle.toLowerCase();
      const view = HANDLE_PATTERN.test(handle) ? await reads.findStorefront(handle, { limit: 0 }) : undefined;
      if (!view) return notFound(request, reply);
      return reply.type('image/png').header('cache-control', 'public, max-age=3600')
        .send(await renderQrPng(storefrontUrl(deps.publicUrl, view.handle)));
    });
  };
}
