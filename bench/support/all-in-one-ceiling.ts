import os from 'node:os';
import { sql, type Kysely } from 'kysely';
import type { ClickEvent } from '../../core/clicks/clicks.ports.ts';
import { newClickId } from '../../core/clicks/click-id.ts';
import type { Database } from '../../db/schema.ts';
import { bulkLoadClicks } from './click-bulk-load.ts';
import { postgresBackendsCpu, selfCpu, startCpuMeter } from './cpu.ts';
import { formatCount, formatRatio } from './format.ts';
import type { Phase } from './redirect-cost-model.ts';

/** CPU µs per click of storing clicks at the floor: this process and the database's backends. */
export interface StoreFloor {
  clicks: number;
  processUs: number;
  postgresUs: number;
}

/**
 * Bulk-loads again (with new ids) up to `limit` of the clicks the load just stored: the same
 * rows, table and indexes, set-based, no rules (click-bulk-load.ts), and measures its CPU.
 */
export async function measureStoreFloor(db: Kysely<Database>, limit: number): Promise<StoreFloor | undefined> {
  const { rows } = await sql<{ link_id: string; influencer_id: string; product_id: string; visitor_id: string; ip_hash: string | null; user_agent: string | null; referer: string | null }>`
    SELECT link_id, influencer_id, product_id, visitor_id, ip_hash, user_agent, referer FROM clicks ORDER BY clicked_at DESC LIMIT ${limit}
  `.execute(db);
  if (rows.length === 0) return undefined;
  const now = new Date();
  const clicks: ClickEvent[] = rows.map((r) => ({
    id: newClickId(now), linkId: r.link_id, influencerId: r.influencer_id, productId: r.product_id, clickedAt: now.toISOString(),
    visitorId: r.visitor_id, ipHash: r.ip_hash, userAgent: r.user_agent, referer: r.referer,
  }));
  const meter = await startCpuMeter({ process: selfCpu(), postgres: postgresBackendsCpu(db) });
  await bulkLoadClicks(db, clicks);
  const cpu = await meter.stop();
  if (cpu.process === undefined || cpu.postgres === undefined) return undefined;
  return { clicks: clicks.length, processUs: cpu.process / clicks.length, postgresUs: cpu.postgres / clicks.length };
}

/** The redirect bench's phases the ceiling reads (bench/support/redirect-cost-model.ts). */
export interface CeilingPhases {
  /** The redirect floor yardstick (bench/support/baseline-server.ts): its CPU per request. */
  floor: Phase;
  /** The worker paused: Redis's CPU per click while clicks are only enqueued. */
  paused: Phase;
  /** All in one: the load generator's CPU per redirect answered. */
  together: Phase;
  bare: Phase;
  store: StoreFloor;
}

/**
 * What `start all` could reach on this machine if every stage of a click ran at its floor at
 * once, as a line for the bench: the cores divided by the CPU one click then costs, the load
 * generator's included (it shares the machine). Leaves out what has no floor measured here
 * (the enqueue's own work in the app, the worker's job handling, the click rules), so the real
 * ceiling is lower still. Undefined when a counter could not be read.
 */
export function describeAllInOneCeiling({ floor, paused, together, bare, store }: CeilingPhases, targetRatio: number): string | undefined {
  const floorCpu = floor.cpu.baseline;
  const redisCpu = paused.cpu.redis;
  const loadGeneratorCpu = together.load.loadGeneratorCpuMicros;
  if (floorCpu === undefined || redisCpu === undefined || loadGeneratorCpu === undefined) return undefined;
  const per = (micros: number, clicks: number) => micros / Math.max(clicks, 1);
  const perClickUs = per(floorCpu, floor.clicks) + per(redisCpu, paused.clicks) + store.processUs + store.postgresUs + per(loadGeneratorCpu, together.clicks);
  const cores = os.availableParallelism();
  const requestsPerSecond = (cores * 1_000_000) / perClickUs;
  const ratio = requestsPerSecond / bare.load.requestsPerSecond;
  return `all in one with every stage at its floor (redirect floor, Redis enqueue, a bulk load of ${formatCount(store.clicks)} of these clicks: `
    + `${store.processUs.toFixed(1)} µs this process + ${store.postgresUs.toFixed(1)} µs PostgreSQL, and the load generator): `
    + `${perClickUs.toFixed(1)} µs CPU a click; ${cores} cores give at most ${formatCount(requestsPerSecond)} req/s = `
    + `${formatRatio(ratio)} of the bare 302, so the ≥ ${formatRatio(targetRatio)} target is `
    + `${ratio >= targetRatio ? 'within reach only with every stage at its floor' : 'out of reach here'}`;
}
