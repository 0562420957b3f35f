import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enforceDeclaredAccess } from '../../../api/admin/access.ts';
import { createTestApp, type TestApp } from '../../support/app.ts';
import { adminOperations, bodyFor, callAdmin, buildVendorWorld, describeOperation, isStateChanging, urlFor, type AdminOperation, type VendorWorld } from '../../support/admin-world.ts';
import { adminClient, type AdminClient } from './admin-client.ts';

// The route table is the OpenAPI document: a route added later is covered here without a new test.

let t: TestApp;
let operations: AdminOperation[];
let world: VendorWorld;
let clients: Record<'support' | 'manager' | 'vendor', AdminClient>;

beforeAll(async () => {
  t = await createTestApp();
  operations = adminOperations(t);
  world = await buildVendorWorld(t, 'own');
  clients = {
    support: await adminClient(t, 'support'),
    manager: await adminClient(t, 'manager'),
    vendor: await adminClient(t, 'vendor', world.vendor.id),
  };
});
afterAll(async () => { await t?.close(); });

describe('the access table of the admin API', () => {
  it('lists every admin route with the roles that may call it', () => {
    expect(operations.length).toBeGreaterThan(40);
    for (const op of operations) {
      expect(op.access, `${describeOperation(op)} declares its access`).toBeDefined();
      expect(op.access.roles.length, describeOperation(op)).toBeGreaterThan(0);
      expect(op.access.roles, `${describeOperation(op)}: admins may do everything`).toContain('admin');
      expect(op.access.vendorScoped, `${describeOperation(op)}: a vendor account is always confined to its own data`).toBe(op.access.roles.includes('vendor'));
    }
  });

  it('keeps support read-only: no state-changing route admits it', () => {
    const writableBySupport = operations.filter((op) => isStateChanging(op) && op.access.roles.includes('support')).map(describeOperation);
    expect(writableBySupport).toEqual([]);
  });

  it('keeps vendor accounts out of the influencer directory, the money of influencers, payouts and the ledger', () => {
    const staffOnly = operations.filter((op) => /^\/(influencers|payouts|ledger|audit)\b|\/trail$|\/money$|\/statement$/.test(op.path));
    expect(staffOnly.length).toBeGreaterThan(10);
    for (const op of staffOnly) expect(op.access.roles, describeOperation(op)).not.toContain('vendor');
  });

  it('refuses to start an admin route that declares no access', async () => {
    const app = Fastify();
    const start = async () => {
      await app.register(async (admin) => {
        enforceDeclaredAccess(admin, []);
        admin.get('/forgotten', async () => ({ secret: true }));
      });
      await app.ready();
    };
    await expect(start()).rejects.toThrow(/GET \/forgotten declares no access/);
    await app.close().catch(() => undefined);
  });
});

describe('each role gets what the table allows and nothing more', () => {
  for (const role of ['support', 'manager', 'vendor'] as const) {
    it(`${role}: 403 on every route that does not admit the role, never 401 or 403 on the others`, async () => {
      const refusedWrongly: string[] = [];
      const admittedWrongly: string[] = [];
      // Reads first, then writes, so that a write a manager may do does not remove what a read needs.
      const ordered = [...operations].sort((a, b) => Number(isStateChanging(a)) - Number(isStateChanging(b)));
      for (const op of ordered) {
        const allowed = op.access.roles.includes(role);
        const response = await callAdmin(t, clients[role].token, op.method, urlFor(op, world), bodyFor(op, world));
        if (allowed && (response.status === 401 || response.status === 403)) refusedWrongly.push(`${describeOperation(op)} → ${response.status}`);
        if (!allowed && (response.status !== 403 || response.json?.error?.code !== 'forbidden')) admittedWrongly.push(`${describeOperation(op)} → ${response.status}`);
      }
      expect(admittedWrongly, `${role} reached routes its role may not call`).toEqual([]);
      expect(refusedWrongly, `${role} was refused routes its role may call`).toEqual([]);
    });
  }

  it('refuses every admin route without credentials, before reading the body', async () => {
    for (const op of operations) {
      const response = await t.app.inject({ method: op.method, url: `/api/v1/admin${urlFor(op, world)}`, payload: '{"not json' , headers: { 'content-type': 'application/json' } });
      expect(response.statusCode, describeOperation(op)).toBe(401);
      expect(response.json().error.code).toBe('unauthorized');
    }
  });
});
