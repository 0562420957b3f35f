import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { factories } from '../../factories/index.ts';
import { createTestApp, type TestApp } from '../../support/app.ts';
import { adminClient, type AdminClient } from './admin-client.ts';

// The console's CSV import: a file goes up in chunks, each with the header line; each chunk's
// answer counts what was created and updated and lists the bad rows by their line in the
// whole file. The rules are those of `dealcast import-catalog`; a vendor imports into its own
// brands only. The product list searches titles and skus.

const HEADER = 'brand,sku,title,url,price,currency,list_price,commission_rate_bps';
let t: TestApp;
let admin: AdminClient;
let vendor: AdminClient;
let brand: { id: string; slug: string; vendor_id: string };
let theirBrand: { id: string; slug: string };

beforeAll(async () => {
  t = await createTestApp();
  const make = factories(t.database.db, t.deps.secretBox);
  admin = await adminClient(t, 'admin');
  const mine = await make.vendor({ name: 'Importer' });
  const theirs = await make.vendor({ name: 'Bystander' });
  brand = await make.brand(mine.id, { name: 'Lumio' });
  theirBrand = await make.brand(theirs.id, { name: 'Rival' });
  vendor = await adminClient(t, 'vendor', mine.id);
});
afterAll(async () => { await t?.close(); });

const row = (sku: string, price = '19.99', listPrice = '', rate = '') => `${brand.slug},${sku},Lamp ${sku},https://shop.example/${sku},${price},EUR,${listPrice},${rate}`;

async function postCsv(token: string, csv: string, query: string) {
  const response = await t.app.inject({
    method: 'POST', url: `/api/v1/admin/products/import?${query}`, payload: csv,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'text/csv' },
  });
  return { status: response.statusCode, json: response.json() };
}

describe('POST /admin/products/import', () => {
  it('imports a chunk and names each bad row by its line in the whole file', async () => {
    // The second chunk of a file: its rows stand on lines 202 to 205 of the file.
    const csv = [HEADER, row('L-1'), row('L-2', '"19,99"'), `${row('L-3', '5.00', '6.00')},`, row('L-4'), ''].join('\n');
    const answer = await admin.call('POST', '/products/import', { csv, firstLine: 202, file: 'lamps.csv' });
    expect(answer.status, JSON.stringify(answer.json)).toBe(200);
    expect(answer.json).toEqual({
      rows: 4, created: 2, updated: 0, failed: 2,
      errors: [
        { line: 203, field: 'price', message: expect.stringContaining('comma') },
        { line: 204, field: 'row', message: 'has 9 fields where the header has 8' },
      ],
    });
    const again = await admin.call('POST', '/products/import', { csv: [HEADER, row('L-1', '17.50'), row('L-5', '1.999')].join('\n') });
    expect(again.json).toMatchObject({ created: 0, updated: 1, failed: 1, errors: [{ line: 3, field: 'price', message: expect.stringMatching(/more than 2 decimal places/) }] });
    const stored = await t.database.db.selectFrom('products').select(['sku', 'price']).where('vendor_id', '=', brand.vendor_id).orderBy('sku').execute();
    expect(stored).toEqual([{ sku: 'L-1', price: '1750' }, { sku: 'L-4', price: '1999' }]);
  });

  it('takes the CSV as text/csv with a brand for rows that name none, and refuses a header that does not fit', async () => {
    const csv = ['sku,title,url,price,currency', 'T-1,Tea,https://shop.example/t-1,3.20,EUR'].join('\r\n');
    const answer = await postCsv(vendor.token, csv, `brandId=${brand.id}&firstLine=2`);
    expect(answer).toEqual({ status: 200, json: { rows: 1, created: 1, updated: 0, failed: 0, errors: [] } });

    const bad = await admin.call('POST', '/products/import', { csv: 'sku,name\nX,Y\n' });
    expect(bad.status).toBe(400);
    expect(bad.json.error.message).toMatch(/unknown column "name".*missing columns brand, title, url, price, currency/);
  });

  it("keeps a vendor in its own brands, and its rates within its limits", async () => {
    const foreign = await vendor.call('POST', '/products/import', { csv: [HEADER, row('V-1'), `${theirBrand.slug},V-2,Other,https://shop.example/v-2,1.00,EUR,,`].join('\n') });
    expect(foreign.status).toBe(403);
    expect(foreign.json.error.message).toMatch(/Line 3 names a brand of another vendor; nothing of this chunk was written/);
    expect((await vendor.call('POST', '/products/import', { brandId: theirBrand.id, csv: 'sku,title,url,price,currency\nV-3,X,https://shop.example/v-3,1.00,EUR' })).status).toBe(404);

    await admin.call('PATCH', `/vendors/${brand.vendor_id}`, { maxRateBps: 1500 });
    const limited = await vendor.call('POST', '/products/import', { csv: [HEADER, row('V-4', '1.00', '', '1200'), row('V-5', '1.00', '', '2500')].join('\n') });
    expect(limited.json).toMatchObject({ created: 1, failed: 1, errors: [{ line: 3, field: 'commission_rate_bps', message: expect.stringContaining('maxRateBps') }] });
    const skus = await t.database.db.selectFrom('products').select('sku').where('sku', 'like', 'V-%').execute();
    expect(skus.map((s) => s.sku)).toEqual(['V-4']);
  });

  it('writes one audit row per chunk with its counts and lines', async () => {
    const rows = await t.database.db.selectFrom('audit_log').select(['actor', 'details']).where('action', '=', 'catalog.import').orderBy('id').execute();
    expect(rows[0]).toEqual({ actor: `admin:${admin.id}`, details: { file: 'lamps.csv', created: 2, updated: 0, failed: 2, firstLine: 202, lastLine: 205 } });
    expect(rows.length).toBe(4);
  });
});

describe('GET /admin/products?search=', () => {
  it('finds a part of the title or the sku in any case, within the brand asked for', async () => {
    const found = await vendor.call('GET', `/products?search=lamp%20l-&brandId=${brand.id}`);
    expect(found.json.items.map((p: { sku: string }) => p.sku).sort()).toEqual(['L-1', 'L-4']);
    expect((await vendor.call('GET', '/products?search=t-1')).json.items.map((p: { sku: string }) => p.sku)).toEqual(['T-1']);
    // LIKE's wildcards are taken literally.
    expect((await admin.call('GET', '/products?search=%25')).json.items).toEqual([]);
  });
});
