import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../support/app.ts';
import {
  adminOperations, bodyFor, callAdmin, buildVendorWorld, describeOperation, isStateChanging, urlFor, type AdminOperation, type VendorWorld,
} from '../../support/admin-world.ts';
import { adminClient, type AdminClient } from './admin-client.ts';

// Vendor A's account calls every admin route of the route table (the OpenAPI document) with
// vendor B's ids and filters. It must get 403 or 404 and none of B's data, and its writes on
// B's objects must change nothing. A route added later is covered without a new test.

let t: TestApp;
let operations: AdminOperation[];
let a: VendorWorld;
let b: VendorWorld;
let vendorA: AdminClient;

beforeAll(async () => {
  t = await createTestApp();
  operations = adminOperations(t);
  a = await buildVendorWorld(t, 'alpha');
  b = await buildVendorWorld(t, 'bravo');
  vendorA = await adminClient(t, 'vendor', a.vendor.id);
});
afterAll(async () => { await t?.close(); });

/** Everything of B's that a write could change, as one comparable value. */
async function snapshotOf(world: VendorWorld) {
  const { rows } = await sql<{ snapshot: unknown }>`
    SELECT json_build_object(
      'vendor', (SELECT row_to_json(v) FROM vendors v WHERE v.id = ${world.vendor.id}),
      'brands', (SELECT json_agg(row_to_json(x) ORDER BY x.id) FROM brands x WHERE x.vendor_id = ${world.vendor.id}),
      'products', (SELECT json_agg(row_to_json(x) ORDER BY x.id) FROM products x WHERE x.vendor_id = ${world.vendor.id}),
      'links', (SELECT json_agg(row_to_json(x) ORDER BY x.id) FROM links x JOIN products p ON p.id = x.product_id WHERE p.vendor_id = ${world.vendor.id}),
      'conversions', (SELECT json_agg(row_to_json(x) ORDER BY x.id) FROM conversions x WHERE x.vendor_id = ${world.vendor.id}),
      'commissions', (SELECT json_agg(row_to_json(x) ORDER BY x.id) FROM commissions x WHERE x.influencer_id = ${world.influencer.id}),
      'memberships', (SELECT json_agg(row_to_json(x) ORDER BY x.id) FROM brand_memberships x JOIN brands b ON b.id = x.brand_id WHERE b.vendor_id = ${world.vendor.id})
    ) AS snapshot`.execute(t.database.db);
  return rows[0]!.snapshot;
}

/** B's filters for the query parameters the operation declares (vendorId is checked on its own). */
function filtersOf(op: AdminOperation, world: VendorWorld): Record<string, string> {
  const values: Record<string, string> = {
    brandId: world.brand.id, productId: world.product.id, linkId: world.link.id, influencerId: world.influencer.id, sku: world.product.sku,
  };
  return Object.fromEntries(op.queryParameters.filter((name) => name in values).map((name) => [name, values[name]!]));
}

/** What in a response would be B's: its marker in any name, title, sku, label or order id, or the id of one of its objects. */
function leaksOf(body: string, world: VendorWorld): string[] {
  const found: string[] = [];
  if (body.includes(world.marker)) found.push(`the marker ${world.marker}`);
  for (const id of [world.clickId, world.link.code, world.vendor.keyId]) if (body.includes(id)) found.push(id);
  return found;
}

/** The ids of a list answer's items, to compare with B's objects of the list's kind. */
function itemIds(json: unknown): string[] {
  const items = (json as { items?: { id?: unknown }[] } | undefined)?.items;
  return Array.isArray(items) ? items.map((item) => String(item.id)) : [];
}

const LIST_KINDS: Record<string, (w: VendorWorld) => string> = {
  '/vendors': (w) => w.vendor.id, '/brands': (w) => w.brand.id, '/products': (w) => w.product.id, '/links': (w) => w.link.id,
  '/clicks': (w) => w.clickId, '/conversions': (w) => w.conversion.id, '/commissions': (w) => w.commission.id,
};

describe("a vendor account and another vendor's data", () => {
  it("reads none of it, by id or by filter, on any route", async () => {
    const problems: string[] = [];
    for (const op of operations.filter((o) => !isStateChanging(o))) {
      const calls = op.path.includes('{id}')
        ? [urlFor(op, b)]
        : [urlFor(op, a, filtersOf(op, b)), ...(op.queryParameters.includes('vendorId') ? [urlFor(op, a, { vendorId: b.vendor.id })] : [])];
      for (const url of calls) {
        const response = await t.app.inject({ method: 'GET', url: `/api/v1/admin${url}`, headers: { authorization: `Bearer ${vendorA.token}` } });
        const where = `GET ${url} → ${response.statusCode}`;
        if (op.path.includes('{id}') || url.includes('vendorId=')) {
          if (response.statusCode !== 403 && response.statusCode !== 404) problems.push(`${where}: expected 403 or 404`);
        } else if (response.statusCode !== 200 && response.statusCode !== 403) {
          problems.push(`${where}: expected 200 without B's rows, or 403`);
        }
        const leaks = leaksOf(response.body, b);
        if (leaks.length) problems.push(`${where}: leaks ${leaks.join(', ')}`);
        const ofKind = LIST_KINDS[op.path];
        if (response.statusCode === 200 && ofKind && itemIds(response.json()).includes(ofKind(b))) problems.push(`${where}: lists B's object ${ofKind(b)}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('still reads its own data on the same routes (the scope narrows, it does not blind)', async () => {
    for (const [path, idOf] of Object.entries(LIST_KINDS)) {
      const response = await vendorA.call('GET', path);
      expect(response.status, path).toBe(200);
      expect(itemIds(response.json), path).toContain(idOf(a));
    }
    const own = { vendors: a.vendor.id, brands: a.brand.id, products: a.product.id, links: a.link.id, conversions: a.conversion.id, commissions: a.commission.id };
    for (const [kind, id] of Object.entries(own)) {
      const response = await vendorA.call('GET', `/${kind}/${id}`);
      expect(response.status, kind).toBe(200);
      expect(response.json.id, kind).toBe(id);
    }
  });

  it("changes nothing of B's on any state-changing route", async () => {
    const before = await snapshotOf(b);
    const problems: string[] = [];
    for (const op of operations.filter(isStateChanging)) {
      const response = await callAdmin(t, vendorA.token, op.method, urlFor(op, b), bodyFor(op, b));
      // A vendor's own create (a product under B's brand) must be refused too: 403 or 404.
      if (response.status !== 403 && response.status !== 404) problems.push(`${describeOperation(op)} → ${response.status} ${JSON.stringify(response.json)}`);
      const leaks = leaksOf(JSON.stringify(response.json ?? ''), b);
      if (leaks.length) problems.push(`${describeOperation(op)}: leaks ${leaks.join(', ')}`);
    }
    expect(problems).toEqual([]);
    expect(await snapshotOf(b)).toEqual(before);
  });
});
