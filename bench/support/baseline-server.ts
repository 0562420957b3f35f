import crypto from 'node:crypto';
import type { AddressInfo } from 'node:net';
import Fastify from 'fastify';
import { newClickId } from '../../core/clicks/click-id.ts';
import { hashVisitorIp, visitorIdOf } from '../../core/clicks/visitor-identity.ts';
import { isPreviewFetcher } from '../../core/clicks/preview-fetchers.ts';
import { requestFlagOf } from '../../core/clicks/request-signals.ts';
import { shippedDataCentreRanges } from '../../api/redirect/data-centres.ts';
import { prepareTrackedUrl } from '../../api/redirect/tracked-url.ts';
import { VISITOR_COOKIE, visitorCookieFor } from '../../api/redirect/redirect.routes.ts';

// The yardsticks, run as their own process so that neither their CPU nor their memory is
// counted against the app. Both are the same Fastify with no plugins and no logger.
const app = Fastify({ logger: false });

// The bare 302: one route, a constant URL.
app.get('/r/:code', async (_request, reply) => reply.redirect('https://shop.example/p/constant?ref=feed', 302));

// The redirect's floor: the work every person's redirect must do, and nothing else. Telling a
// preview fetcher from a person and a script or data-centre address from a phone (the design's
// bot detection), the visitor (its cookie, else the salted hash of address and browser), the
// address's daily hash, a click id, the click event serialised as the queue would carry it, the
// URL with `dc_click`, and the response headers the app sends: `Set-Cookie`, `Cache-Control`,
// `Vary`. No link lookup, no queue, no plugins, no hooks. What it reaches against the bare 302
// bounds what any redirect doing this work reaches on this machine, whatever its framework does.
const VISITOR_COOKIE_VALUE = new RegExp(`(?:^|;\\s*)${VISITOR_COOKIE}=([^;]*)`);
const key = crypto.randomBytes(32).toString('hex');
const trackedUrl = prepareTrackedUrl('https://shop.example/p/bench?ref=feed')!;
const dataCentres = shippedDataCentreRanges();
app.get('/floor/:code', async (request, reply) => {
  const now = new Date();
  const userAgent = request.headers['user-agent'];
  const cookie = request.headers.cookie?.match(VISITOR_COOKIE_VALUE)?.[1];
  const ip = request.ip;
  if (isPreviewFetcher(userAgent)) throw new Error('the floor is loaded as a person');
  const requestFlag = requestFlagOf(userAgent, request.headers['accept-language'], ip, dataCentres, undefined, '1');
  const visitorId = visitorIdOf({ cookie, ip, userAgent }, key, now);
  const id = newClickId(now);
  const event = JSON.stringify({
    id, linkId: '1', influencerId: '1', productId: '1', clickedAt: now.toISOString(), visitorId,
    ipHash: hashVisitorIp(key, ip, now), userAgent: userAgent ?? null, referer: request.headers.referer ?? null, requestFlag,
  });
  if (event.length === 0) throw new Error('unreachable: keeps the serialisation from being optimised away');
  if (visitorId !== cookie) reply.header('set-cookie', visitorCookieFor('/r', visitorId, false));
  return reply.header('cache-control', 'no-store').header('vary', 'User-Agent').redirect(trackedUrl(id), 302);
});

await app.listen({ port: 0, host: '127.0.0.1' });
process.stdout.write(`${JSON.stringify({ port: (app.server.address() as AddressInfo).port })}\n`);
process.on('SIGTERM', () => void app.close().then(() => process.exit(0)));
