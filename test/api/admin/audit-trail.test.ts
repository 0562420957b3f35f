import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { factories } from '../../factories/index.ts';
import { createTestApp, type TestApp } from '../../support/app.ts';
import { adminOperations, buildVendorWorld, callAdmin, describeOperation, isStateChanging, type VendorWorld } from '../../support/admin-world.ts';
import { adminClient, type AdminClient } from './admin-client.ts';

// Every state-changing admin route of the route table, called as an admin the way the console
// would, leaves its audit row: who, what, the object before and after. A route added later
// fails here until it has a recipe below, and then until it writes its row.

interface Step {
  /** The request, built from what earlier steps made. */
  request(): { url: string; body?: unknown };
  /** The entity and id its audit row names; null id for a change of many rows at once (a run, a batch, an import). */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  audits(response: { json: any }): { entity: string; entityId: string | null; after: boolean };
}

let t: TestApp;
let admin: AdminClient;
let world: VendorWorld;
let second: VendorWorld;
const made: Record<string, string> = {};

beforeAll(async () => {
  t = await createTestApp();
  admin = await adminClient(t, 'admin');
  world = await buildVendorWorld(t, 'audit');
  second = await buildVendorWorld(t, 'audit2');
  const make = factories(t.database.db, t.deps.secretBox);
  made.spareTier = (await make.tier({ name: 'Spare', minClicks30d: 999_999 })).id;
  made.tier = (await make.tier({ name: 'Gold', minClicks30d: 1_000_000, multiplierBps: 12_000 })).id;
  // A registration waiting for approval (chat registers them pending when admins require it).
  made.pendingInfluencer = (await make.influencer({ displayName: 'Waiting for approval' })).id;
  await t.database.db.updateTable('influencers').set({ status: 'pending' }).where('id', '=', made.pendingInfluencer).execute();
});
afterAll(async () => { await t?.close(); });

/** The recipes, in the order they run: later ones use what earlier ones made (`made`). */
const STEPS: Record<string, Step> = {
  'POST /vendors': {
    request: () => ({ url: '/vendors', body: { name: 'Audited vendor' } }),
    audits: (r) => ({ entity: 'vendor', entityId: (made.vendor = r.json.id), after: true }),
  },
  'POST /vendors/{id}/rotate-secret': {
    request: () => ({ url: `/vendors/${made.vendor}/rotate-secret` }),
    audits: () => ({ entity: 'vendor', entityId: made.vendor!, after: true }),
  },
  'POST /vendors/{id}/test-order': {
    // Signed with the secret just rotated: the answer is the real conversion route's.
    request: () => ({ url: `/vendors/${made.vendor}/test-order`, body: { amount: 1999, currency: 'EUR' } }),
    audits: () => ({ entity: 'vendor', entityId: made.vendor!, after: true }),
  },
  'PATCH /vendors/{id}': {
    request: () => ({ url: `/vendors/${made.vendor}`, body: { minRateBps: 500, maxRateBps: 3000 } }),
    audits: () => ({ entity: 'vendor', entityId: made.vendor!, after: true }),
  },
  'POST /brands': {
    request: () => ({ url: '/brands', body: { vendorId: made.vendor, name: 'Audited brand', commissionRateBps: 800, lockDays: 0 } }),
    audits: (r) => ({ entity: 'brand', entityId: (made.brand = r.json.id), after: true }),
  },
  'PATCH /brands/{id}': {
    request: () => ({ url: `/brands/${made.brand}`, body: { commissionRateBps: 900 } }),
    audits: () => ({ entity: 'brand', entityId: made.brand!, after: true }),
  },
  'PUT /brands/{id}/commission-rate': {
    request: () => ({ url: `/brands/${made.brand}/commission-rate`, body: { commissionRateBps: 950 } }),
    audits: () => ({ entity: 'brand', entityId: made.brand!, after: true }),
  },
  'POST /campaigns': {
    request: () => ({
      url: '/campaigns',
      body: { brandId: world.brand.id, title: 'Audited campaign', startsAt: new Date(Date.now() - 86_400_000).toISOString(), endsAt: new Date(Date.now() + 86_400_000).toISOString(), bonusRateBps: 200, currency: 'EUR', spendCap: 5_000 },
    }),
    audits: (r) => ({ entity: 'campaign', entityId: (made.campaign = r.json.id), after: true }),
  },
  'POST /campaigns/{id}/status': {
    request: () => ({ url: `/campaigns/${made.campaign}/status`, body: { status: 'open' } }),
    audits: () => ({ entity: 'campaign', entityId: made.campaign!, after: true }),
  },
  'POST /memberships/{id}/approve': {
    request: () => ({ url: `/memberships/${world.membership.id}/approve` }),
    audits: () => ({ entity: 'membership', entityId: world.membership.id, after: true }),
  },
  'POST /memberships/{id}/reject': {
    request: () => ({ url: `/memberships/${second.membership.id}/reject` }),
    audits: () => ({ entity: 'membership', entityId: second.membership.id, after: true }),
  },
  'POST /products': {
    request: () => ({ url: '/products', body: { brandId: made.brand, sku: 'AUD-1', title: 'Audited product', url: 'https://shop.example/aud-1', price: 5000, currency: 'EUR' } }),
    audits: (r) => ({ entity: 'product', entityId: (made.product = r.json.id), after: true }),
  },
  'PATCH /products/{id}': {
    request: () => ({ url: `/products/${made.product}`, body: { price: 4500 } }),
    audits: () => ({ entity: 'product', entityId: made.product!, after: true }),
  },
  'POST /products/import': {
    request: () => ({
      url: '/products/import',
      body: { brandId: made.brand, firstLine: 2, file: 'audit.csv', csv: 'sku,title,url,price,currency\nAUD-2,Imported product,https://shop.example/aud-2,12.50,EUR\n' },
    }),
    audits: () => ({ entity: 'catalog', entityId: null, after: false }),
  },
  'POST /influencers': {
    request: () => ({ url: '/influencers', body: { displayName: 'Audited influencer', language: 'pl', country: 'PL' } }),
    audits: (r) => ({ entity: 'influencer', entityId: (made.influencer = r.json.id), after: true }),
  },
  'POST /links': {
    request: () => ({ url: '/links', body: { influencerId: made.influencer, productId: made.product, channel: 'whatsapp', groupLabel: 'Family' } }),
    audits: (r) => ({ entity: 'link', entityId: r.json.id, after: true }),
  },
  'PUT /influencers/{id}/payout-currency': {
    request: () => ({ url: `/influencers/${made.influencer}/payout-currency`, body: { currency: 'PLN' } }),
    audits: () => ({ entity: 'influencer', entityId: made.influencer!, after: true }),
  },
  'POST /influencers/{id}/suspend': {
    request: () => ({ url: `/influencers/${made.influencer}/suspend`, body: { reason: 'Scripted clicks from one device' } }),
    audits: () => ({ entity: 'influencer', entityId: made.influencer!, after: true }),
  },
  'POST /influencers/{id}/reinstate': {
    request: () => ({ url: `/influencers/${made.influencer}/reinstate`, body: { reason: 'Checked: a family router' } }),
    audits: () => ({ entity: 'influencer', entityId: made.influencer!, after: true }),
  },
  'POST /influencers/{id}/approve': {
    request: () => ({ url: `/influencers/${made.pendingInfluencer}/approve` }),
    audits: () => ({ entity: 'influencer', entityId: made.pendingInfluencer!, after: true }),
  },
  'POST /influencers/{id}/anonymise': {
    // The registration approved just above asks to be erased.
    request: () => ({ url: `/influencers/${made.pendingInfluencer}/anonymise` }),
    audits: () => ({ entity: 'influencer', entityId: made.pendingInfluencer!, after: true }),
  },
  'PUT /influencer-registration': {
    request: () => ({ url: '/influencer-registration', body: { approval: 'required' } }),
    audits: () => ({ entity: 'setting', entityId: 'influencer_approval', after: true }),
  },
  'POST /tiers': {
    request: () => ({ url: '/tiers', body: { name: 'Audited tier', minClicks30d: 5_000_000, minSales30d: 0, multiplierBps: 11_000 } }),
    audits: (r) => ({ entity: 'tier', entityId: (made.newTier = r.json.id), after: true }),
  },
  'PATCH /tiers/{id}': {
    request: () => ({ url: `/tiers/${made.newTier}`, body: { multiplierBps: 11_500 } }),
    audits: () => ({ entity: 'tier', entityId: made.newTier!, after: true }),
  },
  'DELETE /tiers/{id}': {
    request: () => ({ url: `/tiers/${made.spareTier}` }),
    audits: () => ({ entity: 'tier', entityId: made.spareTier!, after: false }),
  },
  'PUT /influencers/{id}/tier': {
    request: () => ({ url: `/influencers/${world.influencer.id}/tier`, body: { tierId: made.tier, pinned: true } }),
    audits: () => ({ entity: 'influencer', entityId: world.influencer.id, after: true }),
  },
  'DELETE /influencers/{id}/tier/pin': {
    request: () => ({ url: `/influencers/${world.influencer.id}/tier/pin` }),
    audits: () => ({ entity: 'influencer', entityId: world.influencer.id, after: true }),
  },
  'POST /tiers/assignments': {
    request: () => ({ url: '/tiers/assignments', body: {} }),
    audits: () => ({ entity: 'tier', entityId: null, after: false }),
  },
  'PUT /exposure-weights': {
    request: () => ({ url: '/exposure-weights', body: { clicks: 12, dealPageViews: 3, storefrontViews: 2, channelsPosted: 40, audience: 5 } }),
    audits: () => ({ entity: 'tier', entityId: null, after: true }),
  },
  'PATCH /links/{id}': {
    request: () => ({ url: `/links/${world.link.id}`, body: { landing: 'deal_page' } }),
    audits: () => ({ entity: 'link', entityId: world.link.id, after: true }),
  },
  'POST /fx-rates': {
    request: () => ({ url: '/fx-rates', body: { base: 'EUR', quote: 'GBP', rate: '0.85' } }),
    audits: () => ({ entity: 'fx_rate', entityId: 'EUR/GBP', after: true }),
  },
  'POST /fx-rates/import': {
    request: () => ({ url: '/fx-rates/import', body: 'base,quote,rate\nEUR,USD,1.08\n' }),
    audits: () => ({ entity: 'fx_rate', entityId: null, after: false }),
  },
  'POST /commissions/{id}/hold': {
    request: () => ({ url: `/commissions/${world.commission.id}/hold`, body: { reason: 'review: burst of orders' } }),
    audits: () => ({ entity: 'commission', entityId: world.commission.id, after: true }),
  },
  'POST /commissions/{id}/release': {
    request: () => ({ url: `/commissions/${world.commission.id}/release` }),
    audits: () => ({ entity: 'commission', entityId: world.commission.id, after: true }),
  },
  'POST /conversions/{id}/hold': {
    request: () => ({ url: `/conversions/${world.conversion.id}/hold`, body: { reason: 'review: chargeback risk' } }),
    audits: () => ({ entity: 'conversion', entityId: world.conversion.id, after: true }),
  },
  'POST /conversions/{id}/release': {
    // Released before the approval run below, which then approves it.
    request: () => ({ url: `/conversions/${world.conversion.id}/release` }),
    audits: () => ({ entity: 'conversion', entityId: world.conversion.id, after: true }),
  },
  'POST /commissions/{id}/reverse': {
    request: () => ({ url: `/commissions/${second.commission.id}/reverse`, body: { reason: 'fraud: scripted orders' } }),
    audits: () => ({ entity: 'commission', entityId: second.commission.id, after: true }),
  },
  'POST /conversions/{id}/fraud': {
    // The second world's commission is reversed already: the order is still marked, once.
    request: () => ({ url: `/conversions/${second.conversion.id}/fraud`, body: { reason: 'fraud: stolen card' } }),
    audits: () => ({ entity: 'conversion', entityId: second.conversion.id, after: true }),
  },
  'POST /commissions/approvals': {
    // The world's brand locks for 0 days: its commission matures at once.
    request: () => ({ url: '/commissions/approvals', body: {} }),
    audits: () => ({ entity: 'commission', entityId: null, after: false }),
  },
  'POST /payouts/runs': {
    request: () => ({ url: '/payouts/runs', body: { runKey: 'audit-run' } }),
    audits: (r) => {
      made.payout = r.json.payouts[0]?.id;
      return { entity: 'payout', entityId: null, after: false };
    },
  },
  'POST /payouts/{id}/approve': {
    request: () => ({ url: `/payouts/${made.payout}/approve` }),
    audits: () => ({ entity: 'payout', entityId: made.payout!, after: true }),
  },
  'POST /payouts/approve-batch': {
    request: () => ({ url: '/payouts/approve-batch', body: { runKey: 'audit-run' } }),
    audits: () => ({ entity: 'payout', entityId: null, after: false }),
  },
  'POST /payouts/{id}/paid': {
    request: () => ({ url: `/payouts/${made.payout}/paid`, body: { reference: 'SEPA-2026-12-01-1' } }),
    audits: () => ({ entity: 'payout', entityId: made.payout!, after: true }),
  },
  'POST /playground/messages': {
    // The engine registers test influencers and makes links for them on the admin's behalf: each message is audited.
    request: () => ({ url: '/playground/messages', body: { persona: 'auditor', text: '/start' } }),
    audits: () => ({ entity: 'playground_persona', entityId: `${admin.id}:auditor`, after: true }),
  },
  'POST /payouts/{id}/failed': {
    // A paid payout cannot fail; a second run pays what is left of nothing, so fail a fresh one below.
    request: () => ({ url: `/payouts/${made.failingPayout}/failed`, body: { reason: 'IBAN closed' } }),
    audits: () => ({ entity: 'payout', entityId: made.failingPayout!, after: true }),
  },
};

interface AuditRow { id: string; actor: string; action: string; entity: string; entity_id: string | null; before: unknown; after: unknown }

async function auditRowsAfter(id: string): Promise<AuditRow[]> {
  return t.database.db.selectFrom('audit_log').select(['id', 'actor', 'action', 'entity', 'entity_id', 'before', 'after'])
    .where('id', '>', id).orderBy('id').execute() as Promise<AuditRow[]>;
}

async function lastAuditId(): Promise<string> {
  const row = await t.database.db.selectFrom('audit_log').select((eb) => eb.fn.max('id').as('id')).executeTakeFirst();
  return String(row?.id ?? '0');
}

describe('the audit log', () => {
  it('has a recipe for every state-changing admin route', () => {
    const missing = adminOperations(t).filter(isStateChanging).map(describeOperation).filter((name) => !(name in STEPS));
    expect(missing, 'add a recipe to STEPS in test/api/admin/audit-trail.test.ts').toEqual([]);
  });

  it('records who changed what, before and after, for every state-changing admin route', async () => {
    const problems: string[] = [];
    for (const [name, step] of Object.entries(STEPS)) {
      if (name === 'POST /payouts/{id}/failed') {
        // Another balance to pay: the second world's influencer has none (reversed), so sell again through the first world.
        made.failingPayout = await payoutToFail();
      }
      const method = name.split(' ')[0] as 'POST';
      const { url, body } = step.request();
      const since = await lastAuditId();
      const response = await callAdmin(t, admin.token, method, url, body);
      if (response.status >= 300) {
        problems.push(`${name} → ${response.status} ${response.body}`);
        continue;
      }
      const expected = step.audits(response);
      const rows = await auditRowsAfter(since);
      const row = rows.find((r) => r.entity === expected.entity && (expected.entityId === null || r.entity_id === expected.entityId));
      if (!row) {
        problems.push(`${name}: no audit row for ${expected.entity} ${expected.entityId ?? '(many)'}; found ${JSON.stringify(rows.map((r) => [r.action, r.entity, r.entity_id]))}`);
        continue;
      }
      if (row.actor !== `admin:${admin.id}`) problems.push(`${name}: actor ${row.actor}`);
      if (!/^[a-z_]+\.[a-z_]+$/.test(row.action)) problems.push(`${name}: action ${row.action} is not entity.verb`);
      if (expected.after && row.after === null) problems.push(`${name}: ${row.action} has no "after"`);
      if (/whsec_|dct_|\$argon2/.test(JSON.stringify(row))) problems.push(`${name}: ${row.action} carries a secret`);
    }
    expect(problems).toEqual([]);
  });

  it('records the object before the change on updates', async () => {
    const since = await lastAuditId();
    const response = await admin.call('PATCH', `/brands/${world.brand.id}`, { commissionRateBps: 1234 });
    expect(response.status).toBe(200);
    const [row] = (await auditRowsAfter(since)).filter((r) => r.entity === 'brand');
    expect(JSON.stringify(row?.before)).toMatch(/1000/);
    expect(JSON.stringify(row?.after)).toMatch(/1234/);
  });
});

/** A pending payout of a fresh sale: sold, approved at once (lock 0), paid out in its own run. */
async function payoutToFail(): Promise<string> {
  const fresh = await buildVendorWorld(t, 'audit3');
  expect((await admin.call('POST', '/commissions/approvals', {})).status).toBe(200);
  const run = await admin.call('POST', '/payouts/runs', { runKey: 'audit-run-2' });
  expect(run.status, JSON.stringify(run.json)).toBe(201);
  const payout = run.json.payouts.find((p: { influencerId: string }) => p.influencerId === fresh.influencer.id);
  expect(payout, 'the fresh sale is paid out in its own run').toBeDefined();
  return payout.id;
}
