import type { FastifyInstance, FastifyReply, FastifyRequest, HookHandlerDoneFunction, onResponseHookHandler, RouteOptions } from 'fastify';
import type { Registry } from 'prom-client';
import { SHORT_LINK_PATH } from '../../core/links/short-link.ts';
import { registerCounterFamily, registerHistogramFamily, type CounterSeries, type HistogramSeries, type SeriesFamily } from './hot-path-series.ts';

/** Seconds; fine below 10 ms, where the redirect's p99 target lies. */
const REQUEST_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** The pattern redirect.routes.ts mounts the redirect at. */
const REDIRECT_ROUTE = `${SHORT_LINK_PATH}/:code`;

/**
 * What became of a `GET|HEAD /r/:code`: a person sent on (302), a preview page for a link
 * fetcher or a HEAD (200, not counted as a click), an unknown code (404), or a failure.
 */
export type RedirectOutcome = 'redirected' | 'preview' | 'not_found' | 'error';
const OUTCOME_BY_STATUS: Readonly<Record<number, RedirectOutcome>> = { 302: 'redirected', 200: 'preview', 404: 'not_found' };

/** The API's own figures, recorded on the request path and exposed with the process's other metrics. */
export interface HttpMetrics {
  readonly registry: Registry;
  /** Scrapers of `GET /metrics` on the API port send `Authorization: Bearer <token>`; none: the route is not served there. */
  readonly scrapeToken: string | undefined;
  /** A person was redirected although their click could not be made durable in Redis (it waits in memory, or is lost with the process). */
  clickNotQueued(): void;
  readonly requestDuration: SeriesFamily<HistogramSeries>;
  readonly redirects: Readonly<Record<RedirectOutcome, CounterSeries>>;
}

export function createHttpMetrics(registry: Registry, options: { scrapeToken?: string } = {}): HttpMetrics {
  const requestDuration = registerHistogramFamily(registry, {
    name: 'dealcast_http_request_duration_seconds',
    help: 'Time from the request to the end of its response, by route pattern (never the raw URL) and status class.',
    buckets: REQUEST_BUCKETS,
  });
  const redirectFamily = registerCounterFamily(registry, {
    name: 'dealcast_redirects_total',
    help: 'Short-link requests by outcome: redirected (302), preview (OpenGraph page, not a click), not_found (unknown code), error.',
  });
  const notQueued = registerCounterFamily(registry, {
    name: 'dealcast_redirect_clicks_not_queued_total',
    help: 'People redirected whose click could not be made durable in Redis in time (kept in memory until Redis answers).',
  }).series({});
  const redirects = {
    redirected: redirectFamily.series({ outcome: 'redirected' }),
    preview: redirectFamily.series({ outcome: 'preview' }),
    not_found: redirectFamily.series({ outcome: 'not_found' }),
    error: redirectFamily.series({ outcome: 'error' }),
  };
  return { registry, scrapeToken: options.scrapeToken, clickNotQueued: () => notQueued.inc(), requestDuration, redirects };
}

/**
 * Times every route from here on: each route gets its own `onResponse` hook holding its
 * series, so a request costs an array index and a few additions, no label lookup. Call it on
 * the root instance before any route is registered.
 */
export function registerHttpMetrics(app: FastifyInstance, metrics: HttpMetrics): void {
  app.addHook('onRoute', (route) => {
    const hook = timingHook(metrics, route);
    route.onResponse = route.onResponse === undefined ? [hook] : [...[route.onResponse].flat(), hook];
  });
}

function timingHook(metrics: HttpMetrics, route: RouteOptions): onResponseHookHandler {
  const methods = [route.method].flat();
  // By method, then by status class (1 to 5); made on first use so unused classes cost nothing.
  const byMethod = new Map<string, (HistogramSeries | undefined)[]>(methods.map((m) => [m, []]));
  const seriesOf = (method: string, statusClass: number): HistogramSeries => {
    const classes = byMethod.get(method) ?? byMethod.set(method, []).get(method)!;
    return classes[statusClass] ??= metrics.requestDuration.series({ method, route: route.url, status_class: `${statusClass}xx` });
  };
  const single = methods.length === 1 ? methods[0]! : undefined;
  const isRedirect = route.url === REDIRECT_ROUTE;
  return function recordTiming(request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction) {
    const status = reply.statusCode;
    const statusClass = Math.min(Math.max((status / 100) | 0, 1), 5);
    seriesOf(single ?? request.method, statusClass).observe(reply.elapsedTime / 1000);
    if (isRedirect) metrics.redirects[OUTCOME_BY_STATUS[status] ?? 'error'].inc();
    done();
  };
}
