import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { pino } from 'pino';
import { createAdmin, createApiToken } from '../support/admins.ts';
import { startClickWorker } from '../../queue/clicks.worker.ts';
import { createRedis } from '../../queue/connection.ts';
import { createTestApp, type TestApp } from '../support/app.ts';
import { TEST_REDIS_URL } from '../support/redis.ts';
import { sendSigned } from '../support/vendor.ts';

const BROWSER_UA = 'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Mobile Safari/537.36';
const WHATSAPP_UA = 'WhatsApp/2.24.12.78 A';

let t: TestApp;
let worker: Awaited<ReturnType<typeof startClickWorker>>;
let token: string;

beforeAll(async () => {
  t = await createTestApp();
  const admin = await createAdmin(t.database.db, { email: 'ops@dealcast.test', password: 'correct horse battery', role: 'admin' });
  token = await createApiToken(t.database.db, admin.id);
  worker = await startClickWorker({ connection: createRedis(TEST_REDIS_URL), prefix: t.prefix, db: t.database.db, logger: pino({ level: 'silent' }) });
});
afterAll(async () => {
  await worker?.close();
  await t?.close();
});

async function admin<T>(method: 'GET' | 'POST', url: string, body?: unknown): Promise<{ status: number; json: T }> {
  const response = await t.app.inject({ method, url: `/api/v1/admin${url}`, headers: { authorization: `Bearer ${token}` }, ...(body === undefined ? {} : { payload: body as object }) });
  return { status: response.statusCode, json: response.json() as T };
}

describe('the tracked-link loop, from link to commission, through HTTP', () => {
  it('turns a tap into a click and an order into an exactly computed, refundable, balanced commission', async () => {
    // The admin API builds the catalog and the influencer's link.
    const vendor = await admin<{ id: string; keyId: string; secret: string }>('POST', '/vendors', { name: 'Shenzhen Gadgets' });
    expect(vendor.status).toBe(201);
    const brand = await admin<{ id: string }>('POST', '/brands', { vendorId: vendor.json.id, name: 'Gizmo', commissionRateBps: 1000 });
    expect(brand.status).toBe(201);
    const product = await admin<{ id: string }>('POST', '/products', {
      brandId: brand.json.id, sku: 'GZ-1', title: 'Gizmo earbuds', url: 'https://shop.example/gz-1?ref=feed',
      price: 12345, currency: 'EUR', imageUrl: 'https://shop.example/gz-1.jpg', commissionRateBps: 1250,
    });
    expect(product.status).toBe(201);
    const influencer = await admin<{ id: string }>('POST', '/influencers', { displayName: 'Ana', language: 'es', country: 'ES' });
    expect(influencer.status).toBe(201);
    const link = await admin<{ id: string; code: string; url: string }>('POST', '/links', {
      influencerId: influencer.json.id, productId: product.json.id, channel: 'whatsapp', groupLabel: 'family',
    });
    expect(link.status).toBe(201);
    expect(link.json.url).toBe(`https://dc.test/r/${link.json.code}`);

    // WhatsApp fetches a preview while the influencer types: OpenGraph HTML, not a click.
    const preview = await t.app.inject({ method: 'GET', url: `/r/${link.json.code}`, headers: { 'user-agent': WHATSAPP_UA } });
    expect(preview.statusCode).toBe(200);
    expect(preview.body).toContain('og:title');
    expect(preview.body).toContain('Gizmo earbuds');

    // A group member taps the link in a browser: 302 to the shop with the click id.
    const tap = await t.app.inject({ method: 'GET', url: `/r/${link.json.code}`, headers: { 'user-agent': BROWSER_UA, 'accept-language': 'es-ES,es;q=0.9' }, remoteAddress: '203.0.113.7' });
    expect(tap.statusCode).toBe(302);
    const location = new URL(tap.headers.location as string);
    expect(location.origin + location.pathname).toBe('https://shop.example/gz-1');
    expect(location.searchParams.get('ref')).toBe('feed');
    const clickId = location.searchParams.get('dc_click')!;
    expect(clickId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(String(tap.headers['set-cookie'])).toMatch(/dc_vid=/);

    // The worker stores exactly that click; the preview left no trace.
    await expect.poll(async () => (await admin<{ items: { id: string }[] }>('GET', `/clicks?linkId=${link.json.id}`)).json.items.map((c) => c.id), { timeout: 15_000 }).toEqual([clickId]);
    const stored = await t.database.db.selectFrom('clicks').selectAll().where('id', '=', clickId).executeTakeFirstOrThrow();
    expect(stored.counted).toBe(true);
    expect(stored.ip_hash).not.toContain('203.0.113.7');

    // The vendor reports the order with the click id: 12345 × 12.5 % = 1543.125 → 1543.
    const credentials = { keyId: vendor.json.keyId, secret: vendor.json.secret };
    const order = { orderId: 'A-1001', clickId, amount: 12345, currency: 'EUR' };
    const first = await sendSigned(t.app, credentials, { method: 'POST', url: '/api/v1/conversions', body: order });
    expect(first.statusCode).toBe(202);
    const answer = first.json() as { conversionId: string; attributed: boolean; commission: { amount: number; currency: string; rateBps: number } };
    expect(answer.attributed).toBe(true);
    expect(answer.commission).toMatchObject({ amount: 1543, currency: 'EUR', rateBps: 1250 });

    // The same postback again: the same answer, still one commission.
    const replay = await sendSigned(t.app, credentials, { method: 'POST', url: '/api/v1/conversions', body: order });
    expect(replay.statusCode).toBe(202);
    expect(replay.json()).toEqual(first.json());
    const commissions = await admin<{ items: { amount: number; status: string }[] }>('GET', `/commissions?influencerId=${influencer.json.id}`);
    expect(commissions.json.items).toHaveLength(1);

    // A partial refund of a third reverses a third of the commission: 1543 × 4115 / 12345 = 514.33 → 514.
    const refund = await sendSigned(t.app, credentials, { method: 'POST', url: '/api/v1/conversions/A-1001/refunds', body: { amount: 4115, reason: 'one of three returned' } });
    expect(refund.statusCode).toBeLessThan(300);
    const commission = await t.database.db.selectFrom('commissions').selectAll().where('conversion_id', '=', answer.conversionId).executeTakeFirstOrThrow();
    expect(Number(commission.reversed_amount)).toBe(514);

    // Per currency, the ledger sums to zero.
    const sums = await sql<{ currency: string; total: string }>`SELECT currency, sum(amount)::text AS total FROM ledger_entries GROUP BY currency`.execute(t.database.db);
    expect(sums.rows.length).toBeGreaterThan(0);
    for (const row of sums.rows) expect(row.total).toBe('0');
  });
});
