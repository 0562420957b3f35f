import { LogController, type FastifyReply, type FastifyRequest } from 'fastify';

/** The API under /api/ gets one log line per request; the redirect, probes, scrapes and console files do not (their volume would drown it). */
const LOGGED_PREFIX = '/api/';

/**
 * Fastify's request logging, reduced to one line per API request when it completes
 * (`request completed` with method, route, status and time, under the request's `reqId`).
 * Errors are logged by the error handler (api/errors.ts) on every route.
 */
export class AccessLog extends LogController {
  constructor() {
    super({ disableRequestLogging: (request: { url?: string }) => !request.url?.startsWith(LOGGED_PREFIX) });
  }

  override incomingRequest(): void {
    // The completion line says it all; two lines per request would double the volume.
  }

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    if (this.isLogDisabled(request)) return;
    const line = { req: request, res: reply, responseTime: reply.elapsedTime };
    if (error) reply.log.error({ ...line, err: error }, 'request errored');
    else reply.log.info(line, 'request completed');
  }

  override routeNotFound(): void {
    // Fastify's line carries the raw URL with its query; the completion line reports the 404.
  }
}

/**
 * How requests appear in every log line that carries one. No address (not even hashed: the
 * request id is what finds a request) and no query string (searches and filters can hold
 * emails, names and tokens): the route pattern, or for an unknown route the path alone.
 */
export const REQUEST_LOG_SERIALIZERS = {
  req(request: FastifyRequest | { method?: string; url?: string }) {
    const route = 'routeOptions' in request ? request.routeOptions.url : undefined;
    const url = request.url ?? '';
    const query = url.indexOf('?');
    return route ? { method: request.method, route } : { method: request.method, path: query < 0 ? url : url.slice(0, query) };
  },
  res(reply: FastifyReply) {
    return { statusCode: reply.statusCode };
  },
};
