import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { obtainLink, type LinkKey } from '../../core/links/links.service.ts';
import { createSecretBox } from '../../core/shared/secret-box.ts';
import { connectPostgres, type DatabaseHandle } from '../../db/connect.ts';
import { findDealById } from '../../db/bot-deals.repository.ts';
import { findOrInsertLink, linkStore } from '../../db/links.repository.ts';
import { factories } from '../factories/index.ts';
import { createTestDatabase, type TestDatabase } from '../support/postgres.ts';

let database: TestDatabase;
let influencerId: string;
let productId: string;
let label = 0;
const newKey = (): LinkKey => ({ influencerId, productId, channel: 'telegram', groupLabel: `group ${label++}` });
const rowsOf = (key: LinkKey) => database.db.selectFrom('links').select('code')
  .where('influencer_id', '=', key.influencerId).where('product_id', '=', key.productId)
  .where('channel', '=', key.channel).where('group_label', '=', key.groupLabel).execute();

beforeAll(async () => {
  database = await createTestDatabase();
  const f = factories(database.db, createSecretBox('test-secret-key-test-secret-key-0000'));
  const vendor = await f.vendor();
  productId = (await f.product(await f.brand(vendor.id))).id;
  influencerId = (await f.influencer()).id;
});
afterAll(async () => { await database?.close(); });

describe('findOrInsertLink', () => {
  it('makes the link on the first ask and finds the same one on the next, whatever code the next ask offers', async () => {
    const key = newKey();
    const first = await findOrInsertLink(database.db, key, 'FirstCode1');
    expect(first).toMatchObject({ created: true, link: { code: 'FirstCode1', ...key } });
    const again = await findOrInsertLink(database.db, key, 'OtherCode2');
    expect(again).toEqual({ created: false, link: first!.link });
    expect(await rowsOf(key)).toEqual([{ code: 'FirstCode1' }]);
  });

  it('gives nothing, and writes nothing, when the offered code belongs to another link', async () => {
    const taken = await findOrInsertLink(database.db, newKey(), 'TakenCode1');
    const key = newKey();
    expect(await findOrInsertLink(database.db, key, taken!.link.code)).toBeUndefined();
    expect(await rowsOf(key)).toEqual([]);
  });
});

describe('obtainLink on the database', () => {
  it('tries another code when the first one is taken', async () => {
    const taken = await findOrInsertLink(database.db, newKey(), 'TakenCode2');
    const codes = [taken!.link.code, 'FreshCode1'];
    const key = newKey();
    const obtained = await obtainLink(linkStore(database.db), key, () => codes.shift()!);
    expect(obtained).toMatchObject({ created: true, link: { code: 'FreshCode1' } });
    expect(await rowsOf(key)).toEqual([{ code: 'FreshCode1' }]);
  });

  it('answers eight simultaneous asks for one new link with one link, made once', async () => {
    const key = newKey();
    const answers = await Promise.all(Array.from({ length: 8 }, () => obtainLink(linkStore(database.db), key)));
    const rows = await rowsOf(key);
    expect(rows).toHaveLength(1);
    expect(answers.map((a) => a.link.code)).toEqual(Array(8).fill(rows[0]!.code));
    expect(answers.filter((a) => a.created)).toHaveLength(1);
  });
});

describe('prepared hot statements', () => {
  let single: DatabaseHandle;
  beforeAll(() => { single = connectPostgres(database.url, { max: 1 }); });
  afterAll(async () => { await single?.close(); });
  const preparedRuns = async () => (await sql<{ statement: string; runs: string }>`
    SELECT statement, (generic_plans + custom_plans)::text AS runs FROM pg_prepared_statements ORDER BY statement
  `.execute(single.db)).rows;

  it('are parsed once per connection and then only run: the link and deal lookups of every /link', async () => {
    const key = newKey();
    for (let i = 0; i < 3; i++) {
      await findOrInsertLink(single.db, key, `Prepared0${i}`);
      await findDealById(single.db, influencerId, productId);
    }
    const prepared = await preparedRuns();
    expect(prepared.find((p) => p.statement.includes('INSERT INTO links'))?.runs).toBe('3');
    expect(prepared.find((p) => p.statement.includes('"brand_memberships"'))?.runs).toBe('3');
  });

  it('keep working when a migration adds a column under them', async () => {
    const key = newKey();
    await findOrInsertLink(single.db, key, 'BeforeAdd1');
    await findDealById(single.db, influencerId, productId);
    await sql`ALTER TABLE links ADD COLUMN test_note text`.execute(single.db);
    await sql`ALTER TABLE products ADD COLUMN test_note text`.execute(single.db);
    expect(await findOrInsertLink(single.db, key, 'AfterAdd01')).toMatchObject({ created: false, link: { code: 'BeforeAdd1' } });
    expect(await findDealById(single.db, influencerId, productId)).toMatchObject({ id: productId });
  });
});
