import crypto from 'node:crypto';
import { expect } from 'vitest';
import { factories } from '../factories/index.ts';
import type { TestApp } from './app.ts';
import { storeClick } from './clicks.ts';
import { sendSigned } from './vendor.ts';

/**
 * One vendor's corner of the platform, every object of it named with the vendor's marker so
 * that a response leaking any of it is recognisable: vendor, brand, product, an influencer
 * promoting it, the link, a counted click, an attributed order and its commission.
 */
export interface VendorWorld {
  marker: string;
  vendor: { id: string; keyId: string; secret: string };
  brand: { id: string; slug: string };
  product: { id: string; sku: string };
  influencer: { id: string };
  link: { id: string; code: string };
  clickId: string;
  conversion: { id: string; orderId: string };
  commission: { id: string };
  /** A second influencer's pending request to join the brand (`/join`). */
  membership: { id: string };
  /** The vendor's open campaign on the brand (issue 13). */
  campaign: { id: string };
}

/** Builds a vendor's world through the factories and a signed postback over HTTP. */
export async function buildVendorWorld(t: TestApp, label: string): Promise<VendorWorld> {
  const make = factories(t.database.db, t.deps.secretBox);
  const marker = `${label}-${crypto.randomBytes(3).toString('hex')}`;
  const vendor = await make.vendor({ name: `Vendor ${marker}` });
  const brand = await make.brand(vendor.id, { name: `Brand ${marker}`, lockDays: 0 });
  // No image: posters of the world's links render without reaching out to a shop's host.
  const product = await make.product(brand, { sku: `SKU-${marker}`, title: `Product ${marker}`, price: 100_000, imageUrl: null });
  const influencer = await make.influencer({ displayName: `Influencer ${marker}` });
  const link = await make.link(influencer.id, product.id, { groupLabel: `Group ${marker}` });
  const clickId = await storeClick(t.database.db, link, { clickedAt: new Date(Date.now() - 60_000) });
  const orderId = `ORDER-${marker}`;
  const response = await sendSigned(t.app, vendor.credentials, {
    method: 'POST', url: '/api/v1/conversions', body: { orderId, clickId, amount: 100_000, currency: 'EUR' },
  });
  expect(response.statusCode, response.body).toBe(202);
  const answer = response.json() as { conversionId: string; commission: { id: string } | null };
  expect(answer.commission, 'the order of a vendor world earns a commission').not.toBeNull();
  const joiner = await make.influencer({ displayName: `Joiner ${marker}` });
  const membership = await t.database.db.insertInto('brand_memberships')
    .values({ influencer_id: joiner.id, brand_id: brand.id, status: 'pending' }).returning('id').executeTakeFirstOrThrow();
  const campaign = await t.database.db.insertInto('campaigns').values({
    vendor_id: vendor.id, brand_id: brand.id, title: `Campaign ${marker}`, starts_at: new Date(Date.now() - 86_400_000), ends_at: new Date(Date.now() + 7 * 86_400_000),
    bonus_rate_bps: 100, currency: 'EUR', spend_cap: 10_000, status: 'open', created_by: 'test',
  }).returning('id').executeTakeFirstOrThrow();
  return {
    marker,
    vendor: { id: vendor.id, keyId: vendor.key_id, secret: vendor.secret },
    brand: { id: brand.id, slug: brand.slug },
    product: { id: product.id, sku: product.sku },
    influencer: { id: influencer.id },
    link: { id: link.id, code: link.code },
    clickId,
    conversion: { id: answer.conversionId, orderId },
    commission: { id: answer.commission!.id },
    membership: { id: membership.id },
    campaign: { id: campaign.id },
  };
}

/** An operation of the admin API as the OpenAPI document (the route table) lists it. */
export interface AdminOperation {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** OpenAPI path under /api/v1/admin, e.g. `/brands/{id}`. */
  path: string;
  access: { roles: string[]; vendorScoped: boolean };
  queryParameters: string[];
  requestBody?: { contentType: string; schema: JsonSchema };
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type JsonSchema = Record<string, any>;

const PREFIX = '/api/v1/admin';

/** Every admin operation of the running app, read from its OpenAPI document. */
export function adminOperations(t: TestApp): AdminOperation[] {
  const doc = t.app.swagger() as unknown as { paths: Record<string, Record<string, JsonSchema>> };
  const operations: AdminOperation[] = [];
  for (const [path, byMethod] of Object.entries(doc.paths)) {
    if (!path.startsWith(`${PREFIX}/`)) continue;
    for (const [method, operation] of Object.entries(byMethod)) {
      const content = operation.requestBody?.content as Record<string, { schema: JsonSchema }> | undefined;
      const [contentType, body] = content ? Object.entries(content)[0]! : [];
      operations.push({
        method: method.toUpperCase() as AdminOperation['method'],
        path: path.slice(PREFIX.length),
        access: operation['x-dealcast-access'],
        queryParameters: ((operation.parameters ?? []) as { in: string; name: string }[]).filter((p) => p.in === 'query').map((p) => p.name),
        requestBody: contentType ? { contentType, schema: body!.schema } : undefined,
      });
    }
  }
  return operations;
}

export const isStateChanging = (op: AdminOperation) => op.method !== 'GET';
export const describeOperation = (op: AdminOperation) => `${op.method} ${op.path}`;

/**
 * The object kind a path parameter names, from the path segment before it
 * (`/brands/{id}` → brand). A new kind of path fails here until it is added: so that a
 * route added later is covered by the tests built on this table.
 */
export function kindOfPathParameter(path: string): keyof typeof WORLD_IDS {
  const match = /\/([a-z-]+)\/\{id\}/.exec(path);
  if (!match) throw new Error(`${path}: no {id} parameter`);
  const kind = SEGMENT_KINDS[match[1]!];
  if (!kind) throw new Error(`${path}: the tests do not know which object /${match[1]}/{id} names; add it to SEGMENT_KINDS in test/support/admin-world.ts`);
  return kind;
}

const SEGMENT_KINDS: Record<string, keyof typeof WORLD_IDS> = {
  vendors: 'vendor', brands: 'brand', products: 'product', influencers: 'influencer', links: 'link',
  conversions: 'conversion', commissions: 'commission', payouts: 'payout', tiers: 'tier', memberships: 'membership', campaigns: 'campaign',
};

/** How a world's object of each kind is found; payouts and tiers are staff-only, any id will do. */
export const WORLD_IDS = {
  vendor: (w: VendorWorld) => w.vendor.id,
  brand: (w: VendorWorld) => w.brand.id,
  product: (w: VendorWorld) => w.product.id,
  influencer: (w: VendorWorld) => w.influencer.id,
  link: (w: VendorWorld) => w.link.id,
  conversion: (w: VendorWorld) => w.conversion.id,
  commission: (w: VendorWorld) => w.commission.id,
  payout: (_w: VendorWorld) => '1',
  tier: (_w: VendorWorld) => '1',
  membership: (w: VendorWorld) => w.membership.id,
  campaign: (w: VendorWorld) => w.campaign.id,
} as const;

/** The operation's URL with its path parameter filled from `world`. */
export function urlFor(op: AdminOperation, world: VendorWorld, query: Record<string, string> = {}): string {
  const path = op.path.includes('{id}') ? op.path.replace('{id}', WORLD_IDS[kindOfPathParameter(op.path)](world)) : op.path;
  const search = new URLSearchParams(query).toString();
  return search ? `${path}?${search}` : path;
}

/**
 * A request body the operation's schema accepts, aimed at `world`: every id field names the
 * world's object, every other required field gets a plausible value of its type.
 */
export function bodyFor(op: AdminOperation, world: VendorWorld): unknown {
  if (!op.requestBody) return undefined;
  if (op.requestBody.contentType !== 'application/json') return 'base,quote,rate\nEUR,PLN,4.25\n';
  const schema = op.requestBody.schema;
  const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
  const wanted = new Set<string>(schema.required ?? []);
  // A PATCH needs at least one field: change a harmless one.
  if (wanted.size === 0 && schema.minProperties) wanted.add(['title', 'name', 'multiplierBps'].find((k) => k in properties) ?? Object.keys(properties)[0]!);
  const body: Record<string, unknown> = {};
  for (const key of wanted) body[key] = sampleValue(key, properties[key] ?? {}, world);
  return body;
}

function sampleValue(key: string, schema: JsonSchema, world: VendorWorld): unknown {
  const ids: Record<string, string> = {
    vendorId: world.vendor.id, brandId: world.brand.id, productId: world.product.id, influencerId: world.influencer.id,
    linkId: world.link.id, tierId: '1',
  };
  if (key in ids) return ids[key];
  const known: Record<string, unknown> = {
    name: `Changed ${world.marker}`, title: `Changed ${world.marker}`, sku: `NEW-${world.marker}`, url: 'https://shop.example/changed',
    currency: 'EUR', base: 'EUR', quote: 'PLN', rate: '4.25', reason: 'tenant isolation probe', reference: 'PROBE-1', runKey: 'probe-run',
    language: 'en', country: 'FR', displayName: `Changed ${world.marker}`, channel: 'telegram',
    // A catalog import chunk (POST /products/import) with one row under the world's brand.
    csv: `brand,sku,title,url,price,currency\n${world.brand.id},NEW-${world.marker},Changed ${world.marker},https://shop.example/changed,1.00,EUR\n`,
  };
  if (key in known) return known[key];
  const type = schema.type ?? schema.anyOf?.[0]?.type;
  if (schema.enum) return schema.enum[0];
  if (type === 'integer' || type === 'number') return Math.max(1, schema.minimum ?? 1);
  if (type === 'boolean') return true;
  return 'probe';
}

/** Calls an admin route with a token, whatever the answer's type (JSON, CSV, PNG, PDF, empty). */
export async function callAdmin(t: TestApp, token: string, method: AdminOperation['method'], url: string, body?: unknown) {
  const text = typeof body === 'string';
  const response = await t.app.inject({
    method, url: `/api/v1/admin${url}`,
    headers: { authorization: `Bearer ${token}`, ...(text ? { 'content-type': 'text/csv' } : {}) },
    ...(body === undefined ? {} : { payload: text ? body : (body as object) }),
  });
  const isJson = String(response.headers['content-type'] ?? '').startsWith('application/json');
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const json: any = isJson && response.body ? response.json() : undefined;
  return { status: response.statusCode, json, body: response.body };
}
