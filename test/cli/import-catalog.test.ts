import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importCatalogFile } from '../../cli/import-catalog.ts';
import { createSecretBox } from '../../core/shared/secret-box.ts';
import { factories } from '../factories/index.ts';
import { createTestDatabase, type TestDatabase } from '../support/postgres.ts';

let database: TestDatabase;
let dir: string;
let brand: { id: string; slug: string; vendor_id: string };
let otherBrand: { id: string; slug: string; vendor_id: string };

beforeAll(async () => {
  database = await createTestDatabase();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dealcast-import-'));
  const f = factories(database.db, createSecretBox('test-secret-key-test-secret-key-0000'));
  brand = await f.brand((await f.vendor()).id, { name: 'Lumio' });
  otherBrand = await f.brand((await f.vendor()).id, { name: 'Yen Goods' });
});
afterAll(async () => {
  await database?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const HEADER = 'brand,sku,title,url,price,currency,list_price,image_url,category,commission_rate_bps';
const products = (vendorId: string) =>
  database.db.selectFrom('products').selectAll().where('vendor_id', '=', vendorId).orderBy('sku').execute();

describe('importCatalogFile', () => {
  it('imports the good rows exactly, and reports the bad ones by line, also next to the file', async () => {
    const file = path.join(dir, 'catalog.csv');
    fs.writeFileSync(file, [
      HEADER,
      `${brand.slug},LAMP-1,Desk lamp,https://shop.example/lamp-1,19.99,EUR,29.99,https://shop.example/lamp-1.jpg,home,1500`,
      `${brand.slug},LAMP-2,"Lamp, with ""quotes""",https://shop.example/lamp-2,0.1,EUR,,,,`,
      `${brand.slug},"LAMP-6","Multi-line`,
      `title",https://shop.example/lamp-6,5,PLN,,,,`,
      `${brand.slug},LAMP-3,Too precise,https://shop.example/lamp-3,19.999,EUR,,,,`,
      `${otherBrand.id},YEN-1,Tea cup,https://shop.example/yen-1,1500,JPY,,,kitchen,`,
      `${otherBrand.slug},YEN-2,Half a yen,https://shop.example/yen-2,100.5,JPY,,,,`,
      '',
      `no-such-brand,X-1,Orphan,https://shop.example/x-1,1.00,EUR,,,,`,
      `${brand.slug},LAMP-4,Bad everything,not-a-url,"1,50",EURO,,,,20000`,
      `${brand.slug},LAMP-1,Duplicate,https://shop.example/lamp-1b,9.99,EUR,,,,`,
      `${brand.slug},LAMP-5,Short row`,
    ].join('\n'));

    const report = await importCatalogFile(database.db, file);

    expect(report).toMatchObject({ imported: 4, created: 4, updated: 0 });
    // Line numbers are the file's: the header is line 1, the quoted title spans lines 4 and 5.
    expect(report.failed.map((f) => f.row)).toEqual([6, 8, 10, 11, 12, 13]);
    const reasons = Object.fromEntries(report.failed.map((f) => [f.row, f.errors.join(' | ')]));
    expect(reasons[6]).toMatch(/^price: "19\.999" has more than 2 decimal places for EUR$/);
    expect(reasons[8]).toMatch(/price: "100\.5" has more than 0 decimal places for JPY/);
    expect(reasons[10]).toMatch(/brand: no brand .*no-such-brand/);
    expect(reasons[11]).toMatch(/price: .*comma/);
    expect(reasons[11]).toMatch(/url: /);
    expect(reasons[11]).toMatch(/currency: /);
    expect(reasons[11]).toMatch(/commission_rate_bps: /);
    expect(reasons[12]).toMatch(/sku: "LAMP-1" appears again .*line 2/);
    expect(reasons[13]).toMatch(/has 3 fields where the header has 10/);

    expect(await products(brand.vendor_id)).toMatchObject([
      { sku: 'LAMP-1', title: 'Desk lamp', price: '1999', list_price: '2999', currency: 'EUR', commission_rate_bps: 1500, category: 'home', image_url: 'https://shop.example/lamp-1.jpg' },
      { sku: 'LAMP-2', title: 'Lamp, with "quotes"', price: '10', list_price: null },
      { sku: 'LAMP-6', title: 'Multi-line title', price: '500', currency: 'PLN' },
    ]);
    expect(await products(otherBrand.vendor_id)).toMatchObject([{ sku: 'YEN-1', price: '1500', currency: 'JPY', brand_id: otherBrand.id }]);

    expect(report.errorsFile).toBe(path.join(dir, 'catalog.errors.csv'));
    const errorsCsv = fs.readFileSync(report.errorsFile!, 'utf8').trim().split('\n');
    expect(errorsCsv[0]).toBe(`line,errors,${HEADER}`);
    expect(errorsCsv[1]).toMatch(/^6,"?price: .*LAMP-3/);
    expect(errorsCsv).toHaveLength(7);
  });

  it('updates on a second import, removes the stale error report, and draws a progress bar when asked', async () => {
    const file = path.join(dir, 'catalog.csv');
    fs.writeFileSync(file, `${HEADER}\r\n${brand.slug},LAMP-1,Desk lamp v2,https://shop.example/lamp-1,17.50,EUR,,,,\r\n${brand.slug},LAMP-7,New,https://shop.example/lamp-7,3,EUR,,,,\r\n`);
    const output = new PassThrough();
    let drawn = '';
    output.on('data', (chunk: Buffer) => { drawn += chunk.toString(); });

    const report = await importCatalogFile(database.db, file, { progress: true, forceProgress: true, output });

    expect(report).toEqual({ imported: 2, created: 1, updated: 1, failed: [], errorsFile: null });
    expect(fs.existsSync(path.join(dir, 'catalog.errors.csv'))).toBe(false);
    expect((await products(brand.vendor_id)).find((p) => p.sku === 'LAMP-1')).toMatchObject({ title: 'Desk lamp v2', price: '1750' });
    expect(drawn).toContain('import-catalog');
    expect(drawn).toContain('100%');
    expect(drawn).toContain('2 rows');
  });

  it('refuses a header it cannot use, before writing anything', async () => {
    const file = path.join(dir, 'bad-header.csv');
    fs.writeFileSync(file, `brand,sku,title,link,price\n${brand.slug},Z-1,Zed,https://shop.example/z,1.00\n`);
    await expect(importCatalogFile(database.db, file)).rejects.toThrow(/unknown column "link".*missing columns url, currency/);
    expect((await products(brand.vendor_id)).some((p) => p.sku === 'Z-1')).toBe(false);
  });

  it('leaves one audit row by the cli per import, with its counts', async () => {
    const file = path.join(dir, 'audited.csv');
    fs.writeFileSync(file, `${HEADER}\n${brand.slug},AUD-1,Audited,https://shop.example/aud-1,1.00,EUR,,,,\n${brand.slug},AUD-2,Bad,nope,1.00,EUR,,,,\n`);
    await importCatalogFile(database.db, file);
    const rows = await database.db.selectFrom('audit_log').select(['actor', 'entity', 'entity_id', 'details'])
      .where('action', '=', 'catalog.import').orderBy('id', 'desc').limit(1).execute();
    expect(rows).toEqual([{ actor: 'cli', entity: 'catalog', entity_id: null, details: { file: 'audited.csv', created: 1, updated: 0, failed: 1 } }]);
  });

  it('says which file it cannot read', async () => {
    await expect(importCatalogFile(database.db, path.join(dir, 'missing.csv'))).rejects.toThrow(/missing\.csv/);
  });
});
