import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startClickWorker, type ClickWorker } from '../../queue/clicks.worker.ts';
import { factories } from '../factories/index.ts';
import { createTestApp, type TestApp } from '../support/app.ts';

// A script that taps one link from one address with one browser string, keeping no cookie.
const SCRIPT_UA = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36';
const OTHER_UA = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1';

let t: TestApp;
let worker: ClickWorker;
let code: string;
let linkId: string;

beforeAll(async () => {
  t = await createTestApp();
  worker = await startClickWorker({ connection: t.redis, prefix: t.prefix, db: t.database.db, logger: t.deps.logger });
  const make = factories(t.database.db, t.deps.secretBox);
  const product = await make.product(await make.brand((await make.vendor()).id));
  const link = await make.link((await make.influencer()).id, product.id, { channel: 'whatsapp' });
  code = link.code;
  linkId = link.id;
});
afterAll(async () => {
  await worker?.close();
  await t?.close();
});

const tap = (remoteAddress: string, userAgent: string) =>
  t.app.inject({ method: 'GET', url: `/r/${code}`, remoteAddress, headers: { 'user-agent': userAgent, 'accept-language': 'pl-PL' } });

async function storedClicks() {
  await expect.poll(() => t.clickQueue.isIdle(), { timeout: 20_000, interval: 20 }).toBe(true);
  return t.database.db.selectFrom('clicks').select(['counted', 'duplicate']).where('link_id', '=', linkId).execute();
}

describe('clicks without a cookie', () => {
  it('300 scripted taps from one address and one browser string are one counted click and 299 recorded duplicates', async () => {
    for (let i = 0; i < 300; i += 1) expect((await tap('203.0.113.7', SCRIPT_UA)).statusCode).toBe(302);
    const clicks = await storedClicks();
    expect(clicks).toHaveLength(300);
    expect(clicks.filter((c) => c.counted)).toHaveLength(1);
    expect(clicks.filter((c) => c.duplicate)).toHaveLength(299);
  });

  it('another person (another address, or another browser at the same address) still counts', async () => {
    expect((await tap('198.51.100.40', SCRIPT_UA)).statusCode).toBe(302);
    expect((await tap('203.0.113.7', OTHER_UA)).statusCode).toBe(302);
    const clicks = await storedClicks();
    expect(clicks).toHaveLength(302);
    expect(clicks.filter((c) => c.counted)).toHaveLength(3);
  });
});
