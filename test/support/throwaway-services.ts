import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { probePostgres } from './throwaway-postgres.ts';
import { probeRedis } from './throwaway-redis.ts';
import type { HostReply, ProbeResult, ServiceKind } from './throwaway-server.ts';

/** Where the run's PostgreSQL (its admin URL) and Redis are. */
export interface ServiceUrls {
  readonly postgresUrl: string;
  readonly redisUrl: string;
}

export interface TestServices extends ServiceUrls {
  /** Stops the throwaway servers this run started and deletes their files (nothing to do when the configured ones answered). */
  stop(): Promise<void>;
}

/** Why the tests cannot run: its message is one line that names the service and the reason. */
export class TestServicesUnavailableError extends Error {
  override readonly name = 'TestServicesUnavailableError';
}

interface Service {
  readonly kind: ServiceKind;
  readonly name: string;
  readonly url: string;
  readonly defaultPort: number;
  readonly setting: string;
  probe(url: string): Promise<ProbeResult>;
}

const HOST = path.join(import.meta.dirname, 'throwaway-services-host.ts');
const REPO_ROOT = path.resolve(import.meta.dirname, '../..');

/**
 * The services the tests use: the configured ones where they answer; where one does not, a
 * throwaway server started by a host process of this run (throwaway-services-host.ts), which
 * `stop()` ends, as does the end of this process. Throws a TestServicesUnavailableError when a
 * service answers but refuses the tests, or when one does not answer and no throwaway one could start.
 */
export async function ensureTestServices(configured: ServiceUrls): Promise<TestServices> {
  const postgres: Service = { kind: 'postgres', name: 'PostgreSQL', url: configured.postgresUrl, defaultPort: 5432, setting: 'TEST_DATABASE_URL', probe: probePostgres };
  const redis: Service = { kind: 'redis', name: 'Redis', url: configured.redisUrl, defaultPort: 6379, setting: 'TEST_REDIS_URL', probe: probeRedis };
  const services = [postgres, redis];
  const probes = await Promise.all(services.map((service) => service.probe(service.url)));
  const refusals = services.flatMap((service, i) => {
    const probe = probes[i]!;
    return probe.answers && probe.refusal ? [`${service.name} at ${address(service)} refused the tests (see ${service.setting}): ${probe.refusal}`] : [];
  });
  if (refusals.length > 0) throw new TestServicesUnavailableError(refusals.join('; '));
  const missing = services.filter((_, i) => !probes[i]!.answers);
  if (missing.length === 0) return { ...configured, stop: async () => undefined };

  const host = await startHost(missing.map(({ kind, url }) => ({ kind, url })));
  const failures = missing.flatMap((service, i) => {
    const answer = host.reply[i]!;
    return 'error' in answer ? [`${service.name} is not reachable at ${address(service)} and no throwaway server could be started: ${answer.error}`] : [];
  });
  if (failures.length > 0) {
    await host.stop();
    throw new TestServicesUnavailableError(failures.join('; '));
  }
  const urlOf = (service: Service): string => {
    const answer = host.reply[missing.indexOf(service)];
    return answer && 'url' in answer ? answer.url : service.url;
  };
  return { postgresUrl: urlOf(postgres), redisUrl: urlOf(redis), stop: host.stop };
}

async function startHost(request: { kind: ServiceKind; url: string }[]): Promise<{ reply: HostReply; stop(): Promise<void> }> {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'dealcast-test-services-'));
  // The PostgreSQL server may run as another user (see throwaway-postgres.ts): it must reach its folder inside.
  fs.chmodSync(folder, 0o711);
  const logFile = path.join(folder, 'host.log');
  const log = fs.openSync(logFile, 'w');
  // Its own process group: Ctrl-C in a terminal ends vitest, whose exit closes the channel; the
  // host then stops the servers and deletes the folder, rather than being cut short by the signal too.
  const child = spawn(process.execPath, ['--import', 'tsx', HOST, folder, JSON.stringify(request)], { cwd: REPO_ROOT, detached: true, stdio: ['ignore', 'ignore', log, 'ipc'] });
  fs.closeSync(log);
  let running = true;
  const exited = new Promise<void>((resolve) => {
    const gone = (): void => { running = false; resolve(); };
    child.once('exit', gone);
    child.once('error', gone);
  });
  const stop = async (): Promise<void> => {
    child.ref();
    child.channel?.ref();
    if (running && child.connected) child.send('stop');
    else if (running) child.kill();
    await exited;
    fs.rmSync(folder, { recursive: true, force: true });
  };
  const reply = await new Promise<HostReply | undefined>((resolve) => {
    child.once('message', (message) => resolve(message as HostReply));
    void exited.then(() => resolve(undefined));
  });
  if (!reply) {
    const why = firstError(readOrEmpty(logFile)) ?? 'it exited without a word';
    await stop();
    return { reply: request.map(() => ({ error: `the throwaway services host failed: ${why}` })), stop };
  }
  // The run's end must not wait for the host: stop() ends it, or the closing channel does.
  child.unref();
  child.channel?.unref();
  return { reply, stop };
}

function address(service: Service): string {
  const url = new URL(service.url);
  return `${url.hostname || 'localhost'}:${url.port || service.defaultPort}`;
}

function firstError(log: string): string | undefined {
  return (log.match(/^\w*Error\b.*$/m) ?? log.match(/\S.*$/m))?.[0].trim();
}

function readOrEmpty(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}
