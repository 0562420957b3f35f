import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SESSION_IDLE_MS } from '../../../core/admins/admin-session.ts';
import { createTestApp, type TestApp } from '../../support/app.ts';
import { manualClock } from '../../support/manual-clock.ts';
import { signedInAdmin } from './session-client.ts';

const clock = manualClock(new Date());
let t: TestApp;
beforeAll(async () => { t = await createTestApp({ clock }); });
afterAll(async () => { await t?.close(); });

const lastSeen = async (adminId: string) => (await t.database.db.selectFrom('admin_sessions').select(['last_seen_at', 'expires_at']).where('admin_id', '=', adminId).executeTakeFirstOrThrow());

describe('how long a console session lives', () => {
  it('slides 12 hours with use, writing at most once a minute', async () => {
    const session = await signedInAdmin(t, 'admin');
    const first = await lastSeen(session.adminId);
    clock.advance(30_000);
    expect((await session.call('GET', '/api/v1/admin/tiers')).statusCode).toBe(200);
    expect(await lastSeen(session.adminId)).toEqual(first);

    clock.advance(SESSION_IDLE_MS - 60_000);
    expect((await session.call('GET', '/api/v1/admin/tiers')).statusCode).toBe(200);
    const touched = await lastSeen(session.adminId);
    expect(touched.last_seen_at.getTime()).toBe(clock.now().getTime());
    expect(touched.expires_at.getTime()).toBe(clock.now().getTime() + SESSION_IDLE_MS);

    clock.advance(SESSION_IDLE_MS + 1000);
    expect((await session.call('GET', '/api/v1/admin/tiers')).statusCode).toBe(401);
  });

  it('ends after 7 days however busy', async () => {
    const session = await signedInAdmin(t, 'admin');
    for (let hour = 0; hour < 7 * 24; hour += 10) {
      expect((await session.call('GET', '/api/v1/admin/tiers')).statusCode, `hour ${hour}`).toBe(200);
      clock.advance(10 * 60 * 60 * 1000);
    }
    expect((await session.call('GET', '/api/v1/admin/tiers')).statusCode).toBe(401);
  });
});
