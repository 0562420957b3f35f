import os from 'node:os';
import { sql, type Kysely } from 'kysely';
import type { ClickEvent } from '../../core/clicks/clicks.ports.ts';
import { newClickId } from '../../core/clicks/click-id.ts';
import type { Database } from '../../db/schema.ts';
import { bulkLoadClicks } from './click-bulk-load.ts';
import { postgresBackendsCpu, selfCpu, startCpuMeter } from './cpu.ts';

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

export interface CeilingInput {
  /** The redirect floor yardstick's CPU per request (bench/support/baseline-server.ts). */
  floorUs: number;
  /** Redis's CPU per click while clicks are only enqueued (the worker paused). */
  redisEnqueueUs: number;
  store: StoreFloor;
  /** The load generator's CPU per redirect answered, in the all-in-one run. */
  loadGeneratorUs: number;
  bareRequestsPerSecond: number;
}

/**
 * What `start all` could reach on this machine if every stage of a click ran at its floor at
 * once: the cores divided by the CPU one click then costs, the load generator's included (it
 * shares the machine). Leaves out what has no floor measured here (the enqueue's own work in
 * the app, the worker's job handling, the click rules), so the real ceiling is lower still.
 */
export function allInOneCeiling(input: CeilingInput): { perClickUs: number; requestsPerSecond: number; ratio: number; cores: number } {
  const cores = os.availableParallelism();
  const perClickUs = input.floorUs + input.redisEnqueueUs + input.store.processUs + input.store.postgresUs + input.loadGeneratorUs;
  const requestsPerSecond = (cores * 1_000_000) / perClickUs;
  return { perClickUs, requestsPerSecond, ratio: requestsPerSecond / input.bareRequestsPerSecond, cores };
}
