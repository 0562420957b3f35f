import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngineHarness, type EngineHarness } from '../../support/bot-engine.ts';

let h: EngineHarness;
let now = new Date('2026-12-01T10:00:00Z');
const at = (minutes: number) => new Date(Date.parse('2026-12-01T10:00:00Z') + minutes * 60_000);

beforeAll(async () => {
  h = await createEngineHarness({ clock: { now: () => now } });
});
afterAll(async () => { await h?.close(); });

const sighting = async (senderId: string) => h.database.db.selectFrom('influencer_identities').select(['username', 'last_seen_at'])
  .where('channel', '=', 'telegram').where('external_id', '=', senderId).executeTakeFirstOrThrow();

describe('when support last saw a chat account', () => {
  it('keeps the time to within five minutes, and follows a new handle at once', async () => {
    now = at(0);
    await h.register('7100');
    expect(await sighting('7100')).toEqual({ username: null, last_seen_at: at(0) });

    now = at(4);
    await h.say('7100', '/help');
    expect(await sighting('7100')).toEqual({ username: null, last_seen_at: at(0) });

    now = at(4.5);
    await h.say('7100', '/help', { senderUsername: 'ada_deals' });
    expect(await sighting('7100')).toEqual({ username: 'ada_deals', last_seen_at: at(4.5) });

    now = at(9);
    await h.say('7100', '/help', { senderUsername: 'ada_deals' });
    expect(await sighting('7100')).toEqual({ username: 'ada_deals', last_seen_at: at(4.5) });

    now = at(10);
    await h.say('7100', '/help', { senderUsername: 'ada_deals' });
    expect(await sighting('7100')).toEqual({ username: 'ada_deals', last_seen_at: at(10) });
  });
});
