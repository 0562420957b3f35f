import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ownVendor, systemCaller, type Caller } from '../../../core/access/access.ts';
import { linkAdminService } from '../../../core/links/link-admin.service.ts';
import { auditLog } from '../../../db/audit.repository.ts';
import { linkLandings, linkReads, linkStore, linkSubjects } from '../../../db/links.repository.ts';
import { unitOfWork } from '../../../db/unit-of-work.ts';
import { createSecretBox } from '../../../core/shared/secret-box.ts';
import { factories } from '../../factories/index.ts';
import { createTestDatabase, type TestDatabase } from '../../support/postgres.ts';

let database: TestDatabase;
let links: ReturnType<typeof linkAdminService>;
const ids = {} as { vendorA: string; vendorB: string; productA: string; productB: string; influencer: string };

beforeAll(async () => {
  database = await createTestDatabase();
  const db = database.db;
  links = linkAdminService({
    work: unitOfWork(db, (trx) => ({ links: linkStore(trx), landings: linkLandings(trx), subjects: linkSubjects(trx), audit: auditLog(trx) })),
    reads: linkReads(db),
  });
  const f = factories(db, createSecretBox('test-secret-key-test-secret-key-0000'));
  const [a, b] = [await f.vendor(), await f.vendor()];
  const [productA, productB] = [await f.product(await f.brand(a.id)), await f.product(await f.brand(b.id))];
  Object.assign(ids, { vendorA: a.id, vendorB: b.id, productA: productA.id, productB: productB.id, influencer: (await f.influencer()).id });
});
afterAll(async () => { await database?.close(); });

const asVendor = (vendorId: string): Caller => ({ actor: `vendor:${vendorId}`, scope: ownVendor(vendorId) });

describe('linkAdminService', () => {
  it('does not make a link to a product outside the caller\'s scope: not found, nothing written', async () => {
    const request = { influencerId: ids.influencer, productId: ids.productB, channel: 'offline' as const };
    await expect(links.request(asVendor(ids.vendorA), request)).rejects.toMatchObject({ code: 'not_found', details: { entity: 'product', id: ids.productB } });
    expect(await database.db.selectFrom('links').select('id').where('product_id', '=', ids.productB).execute()).toEqual([]);
    expect(await database.db.selectFrom('audit_log').select('id').execute()).toEqual([]);

    const own = await links.request(asVendor(ids.vendorB), request);
    expect(own).toMatchObject({ created: true, link: { productId: ids.productB, channel: 'offline', groupLabel: '' } });
    expect(await links.get(systemCaller('cli'), own.link.id)).toEqual({
      ...own.link, influencerName: expect.any(String), productTitle: expect.any(String), brandName: expect.any(String),
    });
    await expect(links.get(asVendor(ids.vendorA), own.link.id)).rejects.toMatchObject({ code: 'not_found' });
  });

  it('refuses a group label that is too long before writing anything', async () => {
    const request = { influencerId: ids.influencer, productId: ids.productA, channel: 'other' as const, groupLabel: 'x'.repeat(65) };
    await expect(links.request(systemCaller('cli'), request)).rejects.toMatchObject({ code: 'validation_failed', details: { field: 'groupLabel' } });
    expect((await links.list(systemCaller('cli'), { productId: ids.productA }, { limit: 10 })).items).toEqual([]);
  });
});
