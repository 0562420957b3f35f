import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemCaller } from '../../../core/access/access.ts';
import { influencerAdminService } from '../../../core/influencers/influencer-admin.service.ts';
import { systemClock } from '../../../core/shared/clock.ts';
import { auditLog } from '../../../db/audit.repository.ts';
import { influencerReads, influencerWrites } from '../../../db/influencers.repository.ts';
import { unitOfWork } from '../../../db/unit-of-work.ts';
import { createTestDatabase, type TestDatabase } from '../../support/postgres.ts';

let database: TestDatabase;
beforeAll(async () => { database = await createTestDatabase(); });
afterAll(async () => { await database?.close(); });

/** The service on the real stores, with recruit codes drawn from `codes` in turn. */
function service(codes: string[]) {
  const db = database.db;
  let next = 0;
  return influencerAdminService({
    work: unitOfWork(db, (trx) => ({ influencers: influencerWrites(trx), audit: auditLog(trx) })),
    reads: influencerReads(db),
    clock: systemClock,
    newCode: () => codes[next++ % codes.length]!,
  });
}

describe('influencerAdminService', () => {
  it('retries a recruit code that is taken with the next one, in the same transaction', async () => {
    const first = await service(['TAKEN001']).create(systemCaller('cli'), { displayName: 'First', language: 'EN', country: 'gb' });
    expect(first).toMatchObject({ recruitCode: 'TAKEN001', language: 'en', country: 'GB', status: 'active' });

    const second = await service(['TAKEN001', 'FREE0002']).create(systemCaller('cli'), { displayName: 'Second', language: 'fr', country: 'FR' });
    expect(second.recruitCode).toBe('FREE0002');
    const audited = await database.db.selectFrom('audit_log').select(['entity_id', 'actor']).where('action', '=', 'influencer.create').execute();
    expect(audited).toEqual([{ entity_id: first.id, actor: 'cli' }, { entity_id: second.id, actor: 'cli' }]);
  });

  it('gives up after five taken codes, leaving nothing behind', async () => {
    await expect(service(['TAKEN001']).create(systemCaller('cli'), { displayName: 'Third', language: 'en', country: 'GB' }))
      .rejects.toThrow(/free recruit code/);
    expect(await database.db.selectFrom('influencers').select('id').where('display_name', '=', 'Third').execute()).toEqual([]);
  });

  it('answers not_found for an unknown influencer', async () => {
    await expect(service(['X']).get('99999')).rejects.toMatchObject({ code: 'not_found', details: { entity: 'influencer', id: '99999' } });
  });
});
