import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ValidationError } from '../../core/shared/errors.ts';

/**
 * Text PostgreSQL cannot store: a NUL character (refused in every text column) and a lone
 * UTF-16 surrogate (refused in jsonb, mangled elsewhere), written as `\u0000` or `\ud800` in a
 * JSON body or `%00` in a URL.
 */
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Bodies are walked this deep at most: deeper nesting than any of our schemas is the validator's to refuse. */
const MAX_DEPTH = 16;

/**
 * Refuses, with a 400 naming the field, an API request whose path parameters, query string or
 * body hold text that cannot be stored, before its handler runs: without this, each text
 * field of every route reached PostgreSQL and came back as a 500. A preHandler, so that the
 * caller is authenticated first (the vendor signature is checked in preValidation) and the
 * schema's own refusals come first. Added to the /api/ routes only, as each is declared: the
 * redirect pays nothing on its hot path, and the Telegram webhook must answer Telegram 200
 * whatever a person typed (the bot engine drops NUL itself).
 */
export function refuseUnstorableText(app: FastifyInstance): void {
  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith('/api/')) return;
    const own = route.preHandler === undefined ? [] : Array.isArray(route.preHandler) ? route.preHandler : [route.preHandler];
    route.preHandler = [refuseIfUnstorable, ...own];
  });
}

async function refuseIfUnstorable(request: FastifyRequest): Promise<void> {
  const where = unstorableFieldOf(request);
  if (where !== undefined) {
    throw new ValidationError(`${where} holds a character that cannot be stored (a NUL character or an unpaired UTF-16 surrogate)`, { field: where });
  }
}

function unstorableFieldOf(request: FastifyRequest): string | undefined {
  return find(request.params, 'path') ?? find(request.query, 'query') ?? find(request.body, 'body');
}

function find(value: unknown, path: string, depth = 0): string | undefined {
  if (typeof value === 'string') return UNSTORABLE.test(value) ? path : undefined;
  if (value === null || typeof value !== 'object' || depth > MAX_DEPTH) return undefined;
  for (const [key, inner] of Object.entries(value)) {
    if (UNSTORABLE.test(key)) return `${path}.${key.replace(UNSTORABLE, '?')}`;
    const found = find(inner, `${path}.${key}`, depth + 1);
    if (found !== undefined) return found;
  }
  return undefined;
}
