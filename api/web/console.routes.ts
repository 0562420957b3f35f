import fs from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { CONSOLE_CSP } from '../security/security-headers.ts';

/** Where `vite build` puts the console (console/build.mjs); the CLI may point elsewhere. */
export const DEFAULT_CONSOLE_DIR = path.resolve(import.meta.dirname, '../../console/dist');

const NOT_BUILT = `<!doctype html><meta charset="utf-8"><title>dealcast console</title>
<p>The console is not built yet. Run <code>npm run build:console</code> (or <code>npm start</code>, which builds it) and reload.</p>`;

/**
 * The web console at /console/: hashed assets with a year's cache, and index.html for every
 * other path under it (the app's own routes). `/` leads there.
 */
export function consoleRoutes(consoleDir: string = DEFAULT_CONSOLE_DIR) {
  return async (app: FastifyInstance) => {
    const indexFile = path.join(consoleDir, 'index.html');
    app.get('/', { schema: { hide: true } }, async (_request, reply) => reply.redirect('/console/', 302));
    app.get('/console', { schema: { hide: true } }, async (_request, reply) => reply.redirect('/console/', 302));

    await app.register(fastifyStatic, {
      root: path.join(consoleDir, 'assets'),
      prefix: '/console/assets/',
      decorateReply: false,
      immutable: true,
      maxAge: '365d',
      index: false,
      // console/build.mjs writes .br and .gz copies of every asset.
      preCompressed: true,
    });

    const sendIndex = async (_request: unknown, reply: import('fastify').FastifyReply) => {
      // The app's security headers (api/security) apply; the console's page alone is never framed.
      reply.header('content-security-policy', CONSOLE_CSP).header('cache-control', 'no-cache');
      const html = await fs.promises.readFile(indexFile, 'utf8').catch(() => null);
      if (html === null) return reply.code(503).type('text/html; charset=utf-8').send(NOT_BUILT);
      return reply.type('text/html; charset=utf-8').send(html);
    };
    app.get('/console/', { schema: { hide: true } }, sendIndex);
    app.get('/console/*', { schema: { hide: true } }, sendIndex);
  };
}
