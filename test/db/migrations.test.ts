import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestDatabase, type TestDatabase } from '../support/postgres.ts';

let database: TestDatabase;
beforeAll(async () => { database = await createTestDatabase(); });
afterAll(async () => { await database?.close(); });

describe('the migrated schema', () => {
  it('holds every table of the model', async () => {
    const { rows } = await sql<{ table_name: string }>`
      SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type IN ('BASE TABLE', 'PARTITIONED TABLE')
    `.execute(database.db);
    const names = rows.map((r) => r.table_name);
    for (const table of ['vendors', 'brands', 'products', 'influencers', 'influencer_identities', 'brand_memberships', 'links',
      'clicks', 'click_rollups_daily', 'conversions', 'commissions', 'ledger_entries', 'payouts', 'tiers', 'admins', 'api_tokens', 'audit_log']) {
      expect(names).toContain(table);
    }
  });

  it('refuses a second conversion for the same vendor order (idempotency lives in the database)', async () => {
    const vendor = await database.db.insertInto('vendors').values({ name: 'V', key_id: 'k1', secret_encrypted: 'x' }).returning('id').executeTakeFirstOrThrow();
    const row = { vendor_id: vendor.id, order_id: 'o1', amount: 100, currency: 'EUR', status: 'unattributed' as const, occurred_at: new Date(), request_hash: 'h', response: '{}' };
    await database.db.insertInto('conversions').values(row).execute();
    await expect(database.db.insertInto('conversions').values(row).execute()).rejects.toThrow(/duplicate key/);
  });
});
