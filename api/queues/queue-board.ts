import { createBullBoard } from '@bull-board/api';
import { FastifyAdapter } from '@bull-board/fastify';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DomainError } from '../../core/shared/errors.ts';
import { authenticateAdmin, authorize, type RouteAccess } from '../admin/access.ts';
import { bearerTokenAuthenticator, type AdminAuthenticator } from '../admin/admin-auth.ts';
import { sessionCookieAuthenticator } from '../auth/session-auth.ts';
import type { AppDeps } from '../deps.ts';
import { sendDomainError } from '../errors.ts';

/** Where the board lives: outside /api/v1, a page of its own. */
export const QUEUE_BOARD_PATH = '/admin/queues';

/**
 * Admins only: the board retries, promotes, cleans and empties queues. Managers and support
 * read the counts on the console's queues page (GET /api/v1/admin/queues).
 */
const BOARD_ACCESS: RouteAccess = { roles: ['admin'] };

type BoardOptions = Parameters<typeof createBullBoard>[0];

function wantsHtml(request: FastifyRequest): boolean {
  return request.method === 'GET' && (request.headers.accept ?? '').includes('text/html');
}

/**
 * Bull Board at /admin/queues, behind the admin sign-in: an API token, or the console's session
 * cookie checked by api/auth/session-auth.ts. The board's own pages cannot send our CSRF header,
 * so its state-changing requests must come from this site (Origin or Referer). A signed-out
 * browser is sent to the console's sign-in, and comes back here after it.
 */
export function queueBoardRoutes(deps: AppDeps) {
  const authenticators: AdminAuthenticator[] = [bearerTokenAuthenticator(deps), sessionCookieAuthenticator(deps, 'same-origin')];
  return async (app: FastifyInstance) => {
    const serverAdapter = new FastifyAdapter();
    const board = createBullBoard({
      queues: [],
      // @bull-board/fastify 9.10.1 types itself against its own copy of @bull-board/api (9.10.1);
      // the board (9.10.2, whose UI is served) only calls the adapter's setters, the same in both.
      serverAdapter: serverAdapter as unknown as BoardOptions['serverAdapter'],
      options: { uiConfig: { boardTitle: 'dealcast queues', hideRedisDetails: false } },
    });
    let loaded = false;

    app.addHook('onRequest', async (request, reply) => {
      reply.header('cache-control', 'no-store');
      const refusal = await refusalOf(request, reply, authenticators);
      if (refusal) return refusal;
      if (!loaded) {
        // The queues are made on the first signed-in visit: an app nobody opens the board of holds none.
        board.setQueues([...deps.services.queues.boardAdapters()]);
        loaded = true;
      }
    });
    app.addHook('onClose', async () => { await deps.services.queues.close(); });
    await app.register(serverAdapter.registerPlugin(), { prefix: QUEUE_BOARD_PATH });
  };
}

/** The reply already sent when the request may not reach the board; undefined when it may. */
async function refusalOf(request: FastifyRequest, reply: FastifyReply, authenticators: AdminAuthenticator[]): Promise<FastifyReply | undefined> {
  try {
    authorize(await authenticateAdmin(request, reply, authenticators), BOARD_ACCESS, {});
    return undefined;
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    if (error.code === 'unauthorized' && wantsHtml(request)) {
      return reply.redirect(`/console/?next=${encodeURIComponent(request.url)}`, 302);
    }
    // The board's plugin has its own error handler, so the refusal is sent here, as the API sends it.
    return sendDomainError(reply, error);
  }
}
