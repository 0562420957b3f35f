import type { KyselyPlugin } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dealEventOf, type DealEventKind } from '../../core/alerts/deal-alerts.ts';
import type { PlacedProduct } from '../../core/catalog/catalog.ports.ts';
import { createSecretBox } from '../../core/shared/secret-box.ts';
import { insertProduct, updateProduct, upsertProducts } from '../../db/catalog.repository.ts';
import { factories } from '../factories/index.ts';
import { createTestDatabase, type TestDatabase } from '../support/postgres.ts';

// The deal events a product write records (db/deal-events.ts) against the rule they apply
// (core/alerts/deal-alerts.ts `dealEventOf`), over a bulk upsert where every case occurs.

let database: TestDatabase;
let vendorId: string;
let brandId: string;
/** Statements sent to PostgreSQL through `counted`. */
let statements = 0;
const countStatements: KyselyPlugin = { transformQuery: (args) => { statements++; return args.node; }, transformResult: async (args) => args.result };

beforeAll(async () => {
  database = await createTestDatabase();
  const make = factories(database.db, createSecretBox('test-secret-key-test-secret-key-0000'));
  const vendor = await make.vendor();
  const brand = await make.brand(vendor.id);
  vendorId = vendor.id;
  brandId = brand.id;
});
afterAll(async () => { await database?.close(); });

const product = (sku: string, price: number, currency = 'EUR', active = true): PlacedProduct => ({
  vendorId, brandId, sku, title: `Product ${sku}`, url: `https://shop.example/p/${sku}`, price, currency, active,
  listPrice: null, imageUrl: null, category: null, description: null, commissionRateBps: null,
});

async function eventsAfter(id: string) {
  const rows = await database.db.selectFrom('deal_events').innerJoin('products', 'products.id', 'deal_events.product_id')
    .select(['products.sku', 'deal_events.kind', 'deal_events.old_price', 'deal_events.new_price', 'deal_events.currency'])
    .where('deal_events.id', '>', id).orderBy('products.sku').execute();
  return rows.map((r) => ({ sku: r.sku, kind: r.kind, oldPrice: r.old_price === null ? null : Number(r.old_price), price: Number(r.new_price), currency: r.currency.trim() }));
}

async function lastEventId(): Promise<string> {
  const row = await database.db.selectFrom('deal_events').select((eb) => eb.fn.max('id').as('id')).executeTakeFirst();
  return String(row?.id ?? 0);
}

describe('deal events of a bulk catalog upsert', () => {
  it('records new products and price drops, and nothing else, in the upsert’s one statement', async () => {
    const before = Array.from({ length: 1200 }, (_, i) => product(`SKU-${String(i).padStart(4, '0')}`, 1000 + i, 'EUR', i % 50 !== 7));
    await upsertProducts(database.db, before);
    const start = await lastEventId();

    // Every case: lower, higher, equal, lower in another currency, lower but inactive, new (active or not).
    const after = before.map((p, i): PlacedProduct => {
      switch (i % 6) {
        case 0: return { ...p, price: p.price - 100 };
        case 1: return { ...p, price: p.price + 100 };
        case 2: return { ...p, title: `${p.title} (renamed)` };
        case 3: return { ...p, price: p.price - 100, currency: 'USD' };
        case 4: return { ...p, price: p.price - 1, active: false };
        default: return { ...p, price: p.price - 1 };
      }
    });
    const added = [product('NEW-1', 500), product('NEW-2', 700, 'PLN'), product('NEW-3', 900, 'EUR', false)];
    statements = 0;
    const counts = await upsertProducts(database.db.withPlugin(countStatements), [...after, ...added]);
    expect(statements).toBe(1);
    expect(counts).toEqual({ created: 3, updated: 1200 });

    const expected: { sku: string; kind: DealEventKind; oldPrice: number | null; price: number; currency: string }[] = [];
    after.forEach((p, i) => {
      const kind = dealEventOf(before[i], p);
      if (kind) expected.push({ sku: p.sku, kind, oldPrice: before[i]!.price, price: p.price, currency: p.currency });
    });
    for (const p of added) if (dealEventOf(undefined, p)) expected.push({ sku: p.sku, kind: 'new_product', oldPrice: null, price: p.price, currency: p.currency });
    expected.sort((a, b) => a.sku.localeCompare(b.sku));

    const recorded = await eventsAfter(start);
    expect(recorded).toEqual(expected);
    // Every case occurred: the drops of two cases in six (less the inactive products), two new active products.
    expect(recorded.filter((e) => e.kind === 'price_drop').length).toBeGreaterThan(300);
    expect(recorded.filter((e) => e.kind === 'new_product').map((e) => e.sku)).toEqual(['NEW-1', 'NEW-2']);
  });

  it('records an admin’s new product and price cut, not a rise', async () => {
    const start = await lastEventId();
    const created = await insertProduct(database.db, product('ADMIN-1', 2500));
    await updateProduct(database.db, { vendorId: null }, created!.id, product('ADMIN-1', 3000));
    await updateProduct(database.db, { vendorId: null }, created!.id, product('ADMIN-1', 2000));
    expect(await eventsAfter(start)).toEqual([
      { sku: 'ADMIN-1', kind: 'new_product', oldPrice: null, price: 2500, currency: 'EUR' },
      { sku: 'ADMIN-1', kind: 'price_drop', oldPrice: 3000, price: 2000, currency: 'EUR' },
    ]);
  });
});
