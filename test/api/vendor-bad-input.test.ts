import crypto from 'node:crypto';
import { afterAll, beforeAll, beforeEach, afterEach, describe, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { signVendorRequest } from '../../core/vendors/vendor-signature.ts';
import { factories } from '../factories/index.ts';
import { createTestApp, type TestApp } from '../support/app.ts';
import { storeClick } from '../support/clicks.ts';
import { sendSigned, type VendorCredentials } from '../support/vendor.ts';
import { adminClient } from './admin/admin-client.ts';

let t: TestApp;
let credentials: VendorCredentials;
let clickId: string;
let foreignClickId: string;
let vendorId: string;
const now = () => Math.floor(Date.now() / 1000);

beforeAll(async () => {
  t = await createTestApp();
  const make = factories(t.database.db, t.deps.secretBox);
  const influencer = await make.influencer();
  const vendor = await make.vendor();
  credentials = vendor.credentials;
  vendorId = vendor.id;
  const product = await make.product(await make.brand(vendor.id));
  clickId = await storeClick(t.database.db, await make.link(influencer.id, product.id));
  // Another vendor's product, clicked through the same influencer's link.
  const other = await make.vendor();
  const otherProduct = await make.product(await make.brand(other.id));
  foreignClickId = await storeClick(t.database.db, await make.link(influencer.id, otherProduct.id));
  // One order to refund against.
  const seeded = await post({ orderId: 'ORD-1', clickId, amount: 10000, currency: 'EUR' });
  expect(seeded.statusCode).toBe(202);
});
afterAll(async () => { await t?.close(); });

const TABLES = ['conversions', 'commissions', 'refunds', 'ledger_entries'] as const;
type Snapshot = Record<(typeof TABLES)[number], unknown[]>;

/** Every row of every table a postback can write, so that "nothing written" also means "nothing changed". */
async function snapshot(): Promise<Snapshot> {
  const entries = await Promise.all(TABLES.map(async (table) => [table, await t.database.db.selectFrom(table).selectAll().orderBy('id').execute()] as const));
  return Object.fromEntries(entries) as Snapshot;
}

let before: Snapshot;
let expectUnchanged = true;
beforeEach(async () => { before = await snapshot(); expectUnchanged = true; });
afterEach(async () => { if (expectUnchanged) expect(await snapshot()).toEqual(before); });

const validOrder = () => ({ orderId: `ORD-${crypto.randomBytes(4).toString('hex')}`, clickId, amount: 12345, currency: 'EUR' });
const post = (body: unknown, options: { t?: number; rawBody?: string; url?: string } = {}) =>
  sendSigned(t.app, credentials, { method: 'POST', url: options.url ?? '/api/v1/conversions', body, ...options });

/** A refusal: the status, a JSON `{error: {code, message}}` and never a stack trace. */
function expectRefusal(response: LightMyRequestResponse, status: number, code: string): { code: string; message: string; details?: unknown } {
  expect(response.statusCode, response.body).toBe(status);
  expect(response.headers['content-type']).toMatch(/^application\/json/);
  const { error } = response.json() as { error: { code: string; message: string; details?: unknown } };
  expect(error.code).toBe(code);
  expect(error.message.length).toBeGreaterThan(0);
  expect(response.body).not.toMatch(/\bat .+\.(ts|js):\d+/);
  return error;
}

/** The fields the error names, each once (an empty string breaks both minLength and pattern). */
function fieldsOf(error: { details?: unknown }): string[] {
  return [...new Set((error.details as { field: string }[]).map((d) => d.field))];
}

describe('signed postbacks refuse forged, stale and unknown callers', () => {
  it('refuses a signature made with another secret', async () => {
    const response = await sendSigned(t.app, { keyId: credentials.keyId, secret: 'whsec_not-the-secret' }, { method: 'POST', url: '/api/v1/conversions', body: validOrder() });
    expectRefusal(response, 401, 'invalid_signature');
  });

  it('refuses a body changed after it was signed', async () => {
    const signed = JSON.stringify(validOrder());
    const response = await t.app.inject({
      method: 'POST', url: '/api/v1/conversions', payload: signed.replace('12345', '99999'),
      headers: { 'content-type': 'application/json', 'x-dealcast-key': credentials.keyId, 'x-dealcast-signature': signVendorRequest(credentials.secret, signed, now()) },
    });
    expectRefusal(response, 401, 'invalid_signature');
  });

  it.each([['stale', -301], ['future', 301]])('refuses a %s timestamp beyond 300 s', async (_label, offset) => {
    expectRefusal(await post(validOrder(), { t: now() + offset }), 401, 'stale_signature');
  });

  it('refuses an unknown key', async () => {
    const response = await sendSigned(t.app, { keyId: 'vk_nobody', secret: credentials.secret }, { method: 'POST', url: '/api/v1/conversions', body: validOrder() });
    expectRefusal(response, 401, 'unknown_key');
  });

  it('refuses a request without the key header or without the signature header', async () => {
    const raw = JSON.stringify(validOrder());
    const noKey = await t.app.inject({ method: 'POST', url: '/api/v1/conversions', payload: raw, headers: { 'content-type': 'application/json', 'x-dealcast-signature': signVendorRequest(credentials.secret, raw, now()) } });
    expectRefusal(noKey, 401, 'unknown_key');
    const noSignature = await t.app.inject({ method: 'POST', url: '/api/v1/conversions', payload: raw, headers: { 'content-type': 'application/json', 'x-dealcast-key': credentials.keyId } });
    expectRefusal(noSignature, 401, 'invalid_signature');
  });

  it('refuses an unsigned refund', async () => {
    const response = await t.app.inject({ method: 'POST', url: '/api/v1/conversions/ORD-1/refunds', payload: { amount: 100 } });
    expectRefusal(response, 401, 'unknown_key');
  });
});

describe('conversion bodies are checked field by field', () => {
  it.each(['orderId', 'amount', 'currency'])('names the missing field %s', async (field) => {
    const body: Record<string, unknown> = validOrder();
    delete body[field];
    const error = expectRefusal(await post(body), 400, 'validation_failed');
    expect(fieldsOf(error)).toEqual([field]);
  });

  it.each([
    ['orderId', 1001],
    ['orderId', ''],
    ['orderId', 'x'.repeat(101)],
    ['orderId', 'line\nbreak'],
    ['amount', '12345'],
    ['amount', null],
    ['currency', 978],
    ['clickId', 42],
    ['clickId', 'not-a-uuid'],
    ['occurredAt', 1764322500],
    ['occurredAt', 'yesterday'],
    ['occurredAt', '2026-11-28 10:00:00'],
    ['occurredAt', '2026-11-28T10:00:00'],
    ['occurredAt', '2026-02-30T10:00:00Z'],
    ['items', 'three things'],
  ])('refuses %s = %j', async (field, value) => {
    const error = expectRefusal(await post({ ...validOrder(), [field]: value }), 400, 'validation_failed');
    expect(fieldsOf(error)).toEqual([field]);
  });

  it('names a mistyped field inside items', async () => {
    const error = expectRefusal(await post({ ...validOrder(), items: [{ sku: 'A', quantity: 1 }, { sku: 'B', quantity: 'two' }] }), 400, 'validation_failed');
    expect(fieldsOf(error)).toEqual(['items.1.quantity']);
  });

  it.each([['negative', -1], ['fractional', 123.45], ['zero', 0], ['beyond exact integers', 2 ** 53]])('refuses a %s amount', async (_label, amount) => {
    const error = expectRefusal(await post({ ...validOrder(), amount }), 400, 'validation_failed');
    expect(fieldsOf(error)).toEqual(['amount']);
  });

  it.each(['XYZ', 'eur', 'EURO', ''])('refuses the unknown currency %j and lists the accepted ones', async (currency) => {
    const error = expectRefusal(await post({ ...validOrder(), currency }), 400, 'unknown_currency');
    expect(error.details).toMatchObject({ currency, accepted: expect.arrayContaining(['EUR', 'PLN', 'RUB']) });
  });

  it('refuses unknown fields and names each of them', async () => {
    const error = expectRefusal(await post({ ...validOrder(), commission: 99999, influencerId: '1' }), 400, 'validation_failed');
    expect(fieldsOf(error).sort()).toEqual(['commission', 'influencerId']);
    expect(error.message).toMatch(/commission/);
  });

  it('refuses an order said to happen in the future', async () => {
    const error = expectRefusal(await post({ ...validOrder(), occurredAt: new Date(Date.now() + 3600_000).toISOString() }), 400, 'validation_failed');
    expect(error.details).toMatchObject({ field: 'occurredAt' });
    expectRefusal(await post({ ...validOrder(), occurredAt: '9999-12-31T23:59:59Z' }), 400, 'validation_failed');
  });

  it('refuses a body that is not a JSON object', async () => {
    expectRefusal(await post(undefined, { rawBody: '{"orderId": "A-1", "amount": 12' }), 400, 'validation_failed');
    expectRefusal(await post(undefined, { rawBody: '' }), 400, 'validation_failed');
    expectRefusal(await post([validOrder()]), 400, 'validation_failed');
    expectRefusal(await post('ORD-1'), 400, 'validation_failed');
  });

  it('refuses a body that is not JSON at all', async () => {
    const response = await t.app.inject({ method: 'POST', url: '/api/v1/conversions', payload: 'orderId=1', headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-dealcast-key': credentials.keyId } });
    expectRefusal(response, 415, 'unsupported_media_type');
  });

  it('refuses a 2 MB body with 413', async () => {
    const huge = JSON.stringify({ ...validOrder(), items: [{ sku: 'A', title: 'x'.repeat(500) }], padding: 'x'.repeat(2 * 1024 * 1024) });
    expectRefusal(await post(undefined, { rawBody: huge }), 413, 'payload_too_large');
  });
});

describe('a click that cannot earn the order', () => {
  it('records an order naming an unknown click as unattributed, and writes no commission', async () => {
    expectUnchanged = false;
    const order = { ...validOrder(), clickId: crypto.randomUUID() };
    const response = await post(order);
    expect(response.statusCode).toBe(202);
    expect(response.json()).toMatchObject({ attributed: false, status: 'unattributed', attributionReason: 'unknown_click', commission: null });
    const after = await snapshot();
    expect(after.commissions).toEqual(before.commissions);
    expect(after.ledger_entries).toEqual(before.ledger_entries);
    expect(after.conversions).toHaveLength(before.conversions.length + 1);
    const row = await t.database.db.selectFrom('conversions').selectAll().where('order_id', '=', order.orderId).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ click_id: null, link_id: null, influencer_id: null, product_id: null, attribution_reason: 'unknown_click' });
  });

  it("does not let a vendor claim another vendor's click, nor tell it from a made-up id", async () => {
    expectUnchanged = false;
    const foreign = { ...validOrder(), clickId: foreignClickId };
    const madeUp = { ...validOrder(), clickId: crypto.randomUUID() };
    const [theirs, unknown] = [await post(foreign), await post(madeUp)];
    // Same status, same headers that matter, same body but for the conversion's own id.
    expect(theirs.statusCode).toBe(unknown.statusCode);
    expect(theirs.headers['content-type']).toBe(unknown.headers['content-type']);
    const withoutId = (response: LightMyRequestResponse) => ({ ...response.json(), conversionId: '(id)' });
    expect(withoutId(theirs)).toEqual(withoutId(unknown));
    expect(theirs.json()).toMatchObject({ attributed: false, attributionReason: 'unknown_click', commission: null });
    // A replay of the foreign order is answered from the stored answer: still nothing to tell apart.
    expect(withoutId(await post(foreign))).toEqual(withoutId(unknown));

    const after = await snapshot();
    expect(after.commissions).toEqual(before.commissions);
    expect(after.ledger_entries).toEqual(before.ledger_entries);
    // Staff still see why: the row keeps the true reason.
    const row = await t.database.db.selectFrom('conversions').selectAll().where('order_id', '=', foreign.orderId).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ click_id: null, link_id: null, influencer_id: null, product_id: null, attribution_reason: 'foreign_click' });
    expect(JSON.stringify(row.response)).not.toContain('foreign');

    // The vendor's own console account reads the same reason it was told; staff read the true one.
    const vendorAccount = await adminClient(t, 'vendor', vendorId);
    const staff = await adminClient(t, 'support');
    const seenByVendor = await vendorAccount.call('GET', `/conversions/${row.id}`);
    expect(seenByVendor.json).toMatchObject({ id: row.id, attributionReason: 'unknown_click', clickId: null });
    const listed = await vendorAccount.call('GET', '/conversions?limit=100');
    expect(JSON.stringify(listed.json)).not.toContain('foreign_click');
    expect((await staff.call('GET', `/conversions/${row.id}`)).json).toMatchObject({ attributionReason: 'foreign_click' });
  });
});

describe('refund bodies are checked too', () => {
  const refund = (body: unknown, orderId = 'ORD-1') => post(body, { url: `/api/v1/conversions/${orderId}/refunds` });

  it.each([['amount', -5], ['amount', 0], ['amount', 10.5], ['amount', '100'], ['reason', 42], ['refundId', ''], ['refundId', 7]])('refuses %s = %j', async (field, value) => {
    const error = expectRefusal(await refund({ [field]: value }), 400, 'validation_failed');
    expect(fieldsOf(error)).toEqual([field]);
  });

  it('refuses unknown fields', async () => {
    const error = expectRefusal(await refund({ amount: 100, currency: 'EUR' }), 400, 'validation_failed');
    expect(fieldsOf(error)).toEqual(['currency']);
  });

  it('refuses a refund larger than what is left, saying how much is', async () => {
    const error = expectRefusal(await refund({ amount: 10001 }), 422, 'refund_exceeds_amount');
    expect(error.details).toMatchObject({ requested: 10001, remainingAmount: 10000 });
  });

  it('answers 404 for an unknown order', async () => {
    expectRefusal(await refund({ amount: 100 }, 'NO-SUCH-ORDER'), 404, 'not_found');
  });
});
