import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signVendorRequest } from '../../core/vendors/vendor-signature.ts';
import { factories } from '../factories/index.ts';
import { createTestApp, type TestApp } from '../support/app.ts';
import { createAdmin } from '../support/admins.ts';
import { storeClick } from '../support/clicks.ts';
import { sendSigned } from '../support/vendor.ts';
import { adminClient } from './admin/admin-client.ts';

// What the API writes to its log while people click, vendors report orders and staff sign in
// and search: never a client address, a buyer's details from a postback body, a search term, a
// password, a token, a cookie or a signing secret.

const ADDRESS = '203.0.113.77';
const BUYER_EMAIL = 'jane.buyer@example.com';
const BUYER_NAME = 'Jane Buyerwoman';
const PASSWORD = 'correct horse battery staple';
const CHROME = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36';

const lines: string[] = [];
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ logger: pino({ level: 'debug' }, { write: (line: string) => { lines.push(line); } }) });
});
afterAll(async () => { await t?.close(); });

describe('the log', () => {
  it('names no address, buyer, search term, password, token, cookie or secret', async () => {
    const make = factories(t.database.db, t.deps.secretBox);
    const vendor = await make.vendor();
    const influencer = await make.influencer();
    const link = await make.link(influencer.id, (await make.product(await make.brand(vendor.id))).id);
    const fromBuyer = { 'x-forwarded-for': ADDRESS, 'user-agent': CHROME };

    // A person taps the link, twice (the second time with the visitor cookie), and a preview fetcher looks.
    const tap = await t.app.inject({ method: 'GET', url: `/r/${link.code}?utm_source=${encodeURIComponent(BUYER_EMAIL)}`, headers: fromBuyer });
    expect(tap.statusCode).toBe(302);
    const visitor = tap.cookies.find((c) => c.name === 'dc_vid')!.value;
    expect((await t.app.inject({ method: 'GET', url: `/r/${link.code}`, headers: { ...fromBuyer, cookie: `dc_vid=${visitor}` } })).statusCode).toBe(302);
    expect((await t.app.inject({ method: 'GET', url: '/r/NoSuchCode1', headers: fromBuyer })).statusCode).toBe(404);

    // The vendor reports the order with the buyer in its lines, then a forged and a malformed copy.
    const order = {
      orderId: 'LOG-1', clickId: await storeClick(t.database.db, link), amount: 4999, currency: 'EUR',
      items: [{ sku: 'SKU-1', title: `Gift for ${BUYER_NAME} <${BUYER_EMAIL}>`, quantity: 1, amount: 4999 }],
    };
    const reported = await sendSigned(t.app, vendor.credentials, { method: 'POST', url: '/api/v1/conversions', body: order });
    expect(reported.statusCode).toBe(202);
    const signature = signVendorRequest(vendor.secret, JSON.stringify(order), Math.floor(Date.now() / 1000));
    expect((await sendSigned(t.app, { keyId: vendor.key_id, secret: 'whsec_forged' }, { method: 'POST', url: '/api/v1/conversions', body: order })).statusCode).toBe(401);
    const malformed = await sendSigned(t.app, vendor.credentials, { method: 'POST', url: '/api/v1/conversions', body: { ...order, orderId: 'LOG-2', buyerEmail: BUYER_EMAIL, amount: BUYER_NAME } });
    expect(malformed.statusCode).toBe(400);
    const refund = await sendSigned(t.app, vendor.credentials, { method: 'POST', url: '/api/v1/conversions/LOG-1/refunds', body: { reason: `${BUYER_NAME} sent it back` } });
    expect(refund.statusCode).toBe(201);

    // Staff sign in (wrong, then right) from the same address, and search for the buyer.
    const staffEmail = 'log-staff@dealcast.test';
    await createAdmin(t.database.db, { email: staffEmail, password: PASSWORD, role: 'support' });
    const signIn = (password: string) => t.app.inject({ method: 'POST', url: '/api/v1/auth/session', payload: { email: staffEmail, password }, headers: fromBuyer });
    expect((await signIn('not the password at all')).statusCode).toBe(401);
    const session = await signIn(PASSWORD);
    expect(session.statusCode).toBe(201);
    const cookie = session.cookies.find((c) => c.name === 'dc_session')!.value;
    const staff = await adminClient(t, 'support');
    const search = await t.app.inject({ method: 'GET', url: `/api/v1/admin/search?q=${encodeURIComponent(BUYER_EMAIL)}`, headers: { authorization: `Bearer ${staff.token}`, ...fromBuyer } });
    expect(search.statusCode).toBe(200);

    const log = lines.join('');
    // The API's requests are logged (so this test reads a real log), by route and status.
    expect(log).toContain('"route":"/api/v1/conversions"');
    expect(log).toContain('"route":"/api/v1/admin/search"');
    for (const secret of [
      ADDRESS, BUYER_EMAIL, encodeURIComponent(BUYER_EMAIL), BUYER_NAME, PASSWORD, staffEmail, staff.token, cookie, visitor,
      vendor.secret, signature.split('v1=')[1]!, CHROME,
    ]) {
      expect(log, `the log holds ${secret}`).not.toContain(secret);
    }
  });
});
