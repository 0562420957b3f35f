import { pathToFileURL } from 'node:url';
import { sql, type Kysely } from 'kysely';
import { systemCaller } from '../core/access/access.ts';
import { checkLedger } from '../core/ledger/ledger-check.ts';
import { silentNotifier } from '../core/notifications/notifications.ts';
import { runPayouts } from '../core/payouts/payouts.service.ts';
import { approveMaturedCommissions } from '../core/settlement/settlement.service.ts';
import type { Clock } from '../core/shared/clock.ts';
import { createLedgerCheckStore } from '../db/ledger-check.repository.ts';
import { createPayoutStore } from '../db/payouts.repository.ts';
import type { Database } from '../db/schema.ts';
import { createSettlementStore } from '../db/settlement.repository.ts';
import type { Benchmark } from './support/benchmark.ts';
import { createBenchEnvironment } from './support/environment.ts';
import { formatCount, verdict } from './support/format.ts';

const BENCH = systemCaller('bench');

const COMMISSIONS = Number(process.env.BENCH_SETTLEMENT_COMMISSIONS ?? 1_000_000);
const INFLUENCERS = Number(process.env.BENCH_SETTLEMENT_INFLUENCERS ?? 100_000);
/** One influencer in ten was recruited less than 90 days ago: their approvals earn overrides. */
const RECRUITED_EVERY = 10;
const TARGET_S = 60;

/**
 * DESIGN.md "Figures": 1,000,000 matured commissions approved and rolled into payouts in under
 * 60 s. The commissions (with their conversions and accrual postings, as the postback leaves
 * them) are laid down set-based in a fresh database; then the hourly approval job and the
 * weekly payout run are timed, exactly as the settlement worker calls them.
 */
export const settlementBenchmark: Benchmark = {
  name: 'settlement',
  description: `${formatCount(COMMISSIONS)} matured commissions of ${formatCount(INFLUENCERS)} influencers approved and paid out`,
  async run(log) {
    const env = await createBenchEnvironment();
    try {
      const db = env.database.db;
      const now = new Date();
      const clock: Clock = { now: () => now };
      let t = performance.now();
      await layDown(db, now);
      log(`set-up: ${formatCount(COMMISSIONS)} pending commissions with conversions and accrual postings in ${seconds(t)} s (not timed)`);

      t = performance.now();
      const approval = await approveMaturedCommissions({ store: createSettlementStore(db), clock, notifier: silentNotifier }, BENCH);
      const approveS = (performance.now() - t) / 1000;
      log(`settlement.approve: ${formatCount(approval.approved)} approved, ${formatCount(approval.overrides)} overrides created, ${approval.batches} batches in ${approveS.toFixed(1)} s`);

      t = performance.now();
      const run = await runPayouts({ store: createPayoutStore(db), clock, notifier: silentNotifier }, BENCH, { runKey: 'bench' });
      const payoutS = (performance.now() - t) / 1000;
      const linked = run.payouts.reduce((n, p) => n + p.commissions, 0);
      log(`payouts.run: ${formatCount(run.payouts.length)} payouts taking in ${formatCount(linked)} commissions in ${payoutS.toFixed(1)} s`);

      const total = approveS + payoutS;
      const met = total < TARGET_S && approval.approved === COMMISSIONS;
      log(`approved and rolled into payouts: ${total.toFixed(1)} s ${verdict(met, `< ${TARGET_S} s`)}`);

      t = performance.now();
      const report = await checkLedger(createLedgerCheckStore(db), now);
      log(`ledger check afterwards: ${report.ok ? 'ok' : `FAILED (${report.checks.filter((c) => !c.ok).map((c) => c.name).join(', ')})`} in ${seconds(t)} s`);
      return { targets: [{ label: `${formatCount(COMMISSIONS)} commissions approved and paid out in ${total.toFixed(1)} s (target < ${TARGET_S} s)`, met: met && report.ok }] };
    } finally {
      await env.close();
    }
  },
};

/**
 * One vendor, brand and product; the influencers (every tenth recruited by the one before it);
 * one attributed conversion per commission; the pending commissions, their lock ended; and the
 * balanced accrual posting of each, all with generate_series.
 */
async function layDown(db: Kysely<Database>, now: Date): Promise<void> {
  const vendor = await db.insertInto('vendors').values({ name: 'Bench vendor', key_id: 'vk_bench', secret_encrypted: 'v1.x.x.x' }).returning('id').executeTakeFirstOrThrow();
  const brand = await db.insertInto('brands').values({ vendor_id: vendor.id, name: 'Bench', slug: 'bench', commission_rate_bps: 1000 }).returning('id').executeTakeFirstOrThrow();
  const product = await db.insertInto('products').values({
    vendor_id: vendor.id, brand_id: brand.id, sku: 'B-1', title: 'Bench product', url: 'https://shop.example/b', price: 10_000, currency: 'EUR',
  }).returning('id').executeTakeFirstOrThrow();
  await sql`
    INSERT INTO influencers (display_name, recruit_code, payout_currency, created_at)
    SELECT 'Influencer ' || g, 'bench' || g, 'EUR', ${now}::timestamptz - interval '60 days' FROM generate_series(1, ${INFLUENCERS}) g
  `.execute(db);
  const first = Number((await sql<{ id: string }>`SELECT min(id)::text AS id FROM influencers`.execute(db)).rows[0]!.id);
  await sql`UPDATE influencers SET recruited_by = id - 1 WHERE (id - ${first}) % ${RECRUITED_EVERY} = ${RECRUITED_EVERY - 1}`.execute(db);
  await sql`
    INSERT INTO conversions (vendor_id, order_id, influencer_id, product_id, amount, currency, status, occurred_at, received_at, request_hash, response, payout_currency, fx_rate_e9)
    SELECT ${vendor.id}, 'O-' || g, ${first} + (g % ${INFLUENCERS}), ${product.id}, 1000 + (g::bigint * 7919) % 99000, 'EUR', 'attributed',
      ${now}::timestamptz - interval '31 days', ${now}::timestamptz - interval '31 days', 'bench', '{}', 'EUR', 1000000000
    FROM generate_series(1, ${COMMISSIONS}) g
  `.execute(db);
  await sql`
    INSERT INTO commissions (conversion_id, influencer_id, brand_id, base_amount, amount, currency, rate_bps, base_rate_bps,
      payout_currency, payout_amount, status, approves_at, created_at)
    SELECT c.id, c.influencer_id, ${brand.id}, c.amount / 10, c.amount / 10, 'EUR', 1000, 1000, 'EUR', c.amount / 10, 'pending',
      ${now}::timestamptz - interval '1 day' - (c.id % 3600) * interval '1 second', ${now}::timestamptz - interval '31 days'
    FROM conversions c
  `.execute(db);
  await sql`
    INSERT INTO ledger_entries (transaction_id, account, vendor_id, influencer_id, amount, currency, kind, commission_id, created_at)
    SELECT c.tx, l.account, CASE WHEN l.sign = 1 THEN ${vendor.id}::bigint END, CASE WHEN l.sign = -1 THEN c.influencer_id END,
      l.sign * c.amount, 'EUR', 'commission_accrued', c.id, c.created_at
    FROM (SELECT id, influencer_id, amount, created_at, gen_random_uuid() AS tx FROM commissions) c
    CROSS JOIN (VALUES ('vendor_receivable', 1), ('influencer_pending', -1)) AS l(account, sign)
  `.execute(db);
  await sql`VACUUM ANALYZE`.execute(db);
}

function seconds(since: number): string {
  return ((performance.now() - since) / 1000).toFixed(1);
}

// `tsx bench/settlement.bench.ts` runs this benchmark alone.
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const outcome = await settlementBenchmark.run((line) => console.log(line));
  for (const target of outcome.targets) console.log(`${target.met ? '✓' : '✗'} settlement: ${target.label}`);
}
