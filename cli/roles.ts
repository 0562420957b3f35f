import type { AddressInfo } from 'node:net';
import { buildApp } from '../api/app.ts';
import { systemClock } from '../core/clock.ts';
import { createClickQueue } from '../queue/clicks.queue.ts';
import { startClickWorker } from '../queue/clicks.worker.ts';
import type { Infrastructure } from './infrastructure.ts';

export type RoleName = 'api' | 'worker' | 'bots';
export const ROLE_NAMES: readonly RoleName[] = ['api', 'worker', 'bots'];

export interface RunningRole {
  readonly name: RoleName;
  /** Stops taking work, finishes what is in flight, and releases its resources. */
  stop(): Promise<void>;
}

/** HTTP: redirect, vendor API, admin API, docs. Drains requests and flushes queued clicks on stop. */
export async function startApiRole(infra: Infrastructure): Promise<RunningRole & { url: string }> {
  const clickQueue = createClickQueue({ connection: infra.redis, prefix: infra.redisPrefix });
  const app = await buildApp({
    db: infra.database.db,
    redis: infra.redis,
    clicks: clickQueue.sink,
    secretBox: infra.secretBox,
    clock: systemClock,
    logger: infra.logger,
    publicUrl: infra.config.publicUrl,
    ipHashKey: infra.ipHashKey,
    redisPrefix: infra.redisPrefix,
  });
  await app.listen({ host: infra.config.host, port: infra.config.port });
  const address = app.server.address() as AddressInfo;
  const url = `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}`;
  infra.logger.info({ url }, 'api listening');
  return {
    name: 'api',
    url,
    async stop() {
      await app.close();
      await clickQueue.close();
    },
  };
}

/** Queue workers: click ingestion (later: settlement, notifications). */
export async function startWorkerRole(infra: Infrastructure): Promise<RunningRole> {
  const clicks = await startClickWorker({
    connection: infra.newRedisConnection(),
    prefix: infra.redisPrefix,
    db: infra.database.db,
    logger: infra.logger,
  });
  infra.logger.info('worker started: clicks.ingest');
  return { name: 'worker', stop: () => clicks.close() };
}

/** Chat bots. None is configured until TELEGRAM_BOT_TOKEN or WHATSAPP_ENABLED is set. */
export async function startBotsRole(infra: Infrastructure): Promise<RunningRole> {
  const { telegramBotToken, whatsappEnabled } = infra.config;
  if (!telegramBotToken && !whatsappEnabled) {
    infra.logger.info('bots: no TELEGRAM_BOT_TOKEN and WHATSAPP_ENABLED is off; no chat bot runs');
  } else {
    infra.logger.warn('bots: the Telegram and WhatsApp adapters are not part of this build yet');
  }
  return { name: 'bots', stop: async () => undefined };
}

export const ROLE_STARTERS: Record<RoleName, (infra: Infrastructure) => Promise<RunningRole>> = {
  api: startApiRole,
  worker: startWorkerRole,
  bots: startBotsRole,
};
