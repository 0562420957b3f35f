import type { AddressInfo } from 'node:net';
import Fastify from 'fastify';

// The yardstick, run as its own process so that neither its CPU nor its memory is counted
// against the app: the same Fastify, one route, a 302 to a constant URL, no plugins, no logger.
const app = Fastify({ logger: false });
app.get('/r/:code', async (_request, reply) => reply.redirect('https://shop.example/p/constant?ref=feed', 302));
await app.listen({ port: 0, host: '127.0.0.1' });
process.stdout.write(`${JSON.stringify({ port: (app.server.address() as AddressInfo).port })}\n`);
process.on('SIGTERM', () => void app.close().then(() => process.exit(0)));
