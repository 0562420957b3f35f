import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.ts';
import { manualClock } from '../support/manual-clock.ts';
import { sendSigned, type VendorCredentials } from '../support/vendor.ts';
import { adminClient, type AdminClient } from './admin/admin-client.ts';

// A signing secret rotated with a grace period: the vendor's servers keep working with the old
// secret while they switch, and the old secret stops verifying once the grace is over. A leaked
// secret is rotated with no grace at all.

const HOUR = 60 * 60 * 1000;
const clock = manualClock(new Date('2026-12-03T09:00:00Z'));
let t: TestApp;
let admin: AdminClient;

beforeAll(async () => {
  t = await createTestApp({ clock });
  admin = await adminClient(t, 'admin');
});
afterAll(async () => { await t?.close(); });

/** A signed order at the test clock's time: 202 when a live secret signed it, 401 otherwise. */
async function orderSignedWith(keyId: string, secret: string) {
  const order = { orderId: `ROT-${crypto.randomBytes(4).toString('hex')}`, amount: 1999, currency: 'EUR' };
  const response = await sendSigned(t.app, { keyId, secret } satisfies VendorCredentials, {
    method: 'POST', url: '/api/v1/conversions', body: order, t: Math.floor(clock.now().getTime() / 1000),
  });
  return { status: response.statusCode, code: response.statusCode === 202 ? null : (response.json() as { error: { code: string } }).error.code };
}

async function newVendor() {
  const created = await admin.call('POST', '/vendors', { name: `Rotating ${crypto.randomBytes(3).toString('hex')}` });
  expect(created.status).toBe(201);
  return created.json as { id: string; keyId: string; secret: string };
}

const rotate = (vendorId: string, query = '') => admin.call('POST', `/vendors/${vendorId}/rotate-secret${query}`);
const accepted = { status: 202, code: null };
const refused = { status: 401, code: 'invalid_signature' };

describe('rotating a vendor signing secret', () => {
  it('accepts the old and the new secret for 24 hours, then only the new one', async () => {
    const vendor = await newVendor();
    const rotatedAt = clock.now();
    const rotated = await rotate(vendor.id);
    expect(rotated.status).toBe(200);
    const fresh = rotated.json.secret as string;
    expect(fresh).not.toBe(vendor.secret);
    expect(rotated.json.previousSecretExpiresAt).toBe(new Date(rotatedAt.getTime() + 24 * HOUR).toISOString());

    expect(await orderSignedWith(vendor.keyId, vendor.secret)).toEqual(accepted);
    expect(await orderSignedWith(vendor.keyId, fresh)).toEqual(accepted);

    clock.advance(24 * HOUR - 60_000);
    expect(await orderSignedWith(vendor.keyId, vendor.secret)).toEqual(accepted);
    const integration = await admin.call('GET', `/vendors/${vendor.id}/integration`);
    expect(integration.json).toMatchObject({ previousSecretExpiresAt: rotated.json.previousSecretExpiresAt });

    clock.advance(60_000);
    expect(await orderSignedWith(vendor.keyId, vendor.secret)).toEqual(refused);
    expect(await orderSignedWith(vendor.keyId, fresh)).toEqual(accepted);
    expect((await admin.call('GET', `/vendors/${vendor.id}/integration`)).json).toMatchObject({ previousSecretExpiresAt: null });
  });

  it('refuses the old secret at once when rotated with no grace (a leaked secret), and takes a grace of its own length', async () => {
    const vendor = await newVendor();
    const leaked = await rotate(vendor.id, '?graceHours=0');
    expect(leaked.json.previousSecretExpiresAt).toBeNull();
    expect(await orderSignedWith(vendor.keyId, vendor.secret)).toEqual(refused);
    expect(await orderSignedWith(vendor.keyId, leaked.json.secret)).toEqual(accepted);

    const start = clock.now();
    const planned = await rotate(vendor.id, '?graceHours=2');
    expect(planned.json.previousSecretExpiresAt).toBe(new Date(start.getTime() + 2 * HOUR).toISOString());
    clock.advance(2 * HOUR);
    expect(await orderSignedWith(vendor.keyId, leaked.json.secret)).toEqual(refused);

    for (const bad of ['?graceHours=169', '?graceHours=-1', '?graceHours=soon']) {
      const answer = await rotate(vendor.id, bad);
      expect(answer.status, bad).toBe(400);
      expect(answer.json.error.code).toBe('validation_failed');
    }
  });

  it('keeps one previous secret: a second rotation within the grace ends the first secret', async () => {
    const vendor = await newVendor();
    const second = (await rotate(vendor.id)).json.secret as string;
    const third = (await rotate(vendor.id)).json.secret as string;
    expect(await orderSignedWith(vendor.keyId, vendor.secret)).toEqual(refused);
    expect(await orderSignedWith(vendor.keyId, second)).toEqual(accepted);
    expect(await orderSignedWith(vendor.keyId, third)).toEqual(accepted);
  });

  it('stores both secrets sealed and audits the end of the grace, never a secret', async () => {
    const vendor = await newVendor();
    const rotated = await rotate(vendor.id);
    const row = await t.database.db.selectFrom('vendors').selectAll().where('id', '=', vendor.id).executeTakeFirstOrThrow();
    expect(row.previous_secret_encrypted).not.toBeNull();
    expect(row.previous_secret_encrypted).not.toContain(vendor.secret);
    expect(t.deps.secretBox.open(row.previous_secret_encrypted!)).toBe(vendor.secret);
    expect(row.secret_encrypted).not.toContain(rotated.json.secret);
    const [audit] = await t.database.db.selectFrom('audit_log').select(['action', 'before', 'after', 'details'])
      .where('entity', '=', 'vendor').where('entity_id', '=', vendor.id).where('action', '=', 'vendor.rotate_secret').execute();
    expect(audit!.details).toEqual({ previousSecretExpiresAt: rotated.json.previousSecretExpiresAt });
    expect(JSON.stringify(audit)).not.toMatch(/whsec_/);
  });
});
