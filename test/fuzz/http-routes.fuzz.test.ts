import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEAL_PAGE_PATH, SHORT_LINK_PATH, STOREFRONT_PATH } from '../../core/links/short-link.ts';

/** Paths people open in a browser: their refusals are HTML pages. */
const PAGE_PATHS = [SHORT_LINK_PATH, DEAL_PAGE_PATH, STOREFRONT_PATH];
import { factories } from '../factories/index.ts';
import { buildVendorWorld, type VendorWorld } from '../support/admin-world.ts';
import { createAdmin, createApiToken } from '../support/admins.ts';
import { createTestApp } from '../support/app.ts';
import { PASSWORD } from '../api/auth/session-client.ts';
import { callersFor, type Caller, type DraftRequest } from './http-callers.ts';
import { describeOperation, operationsOf, type Operation } from './openapi-operations.ts';
import { requestTo, type FuzzTargets } from './operation-requests.ts';
import { preview, responseProblems } from './response-checks.ts';
import { sweepRequests } from './string-sweep.ts';

// Every operation of the OpenAPI document, fuzzed: hostile path parameters, query strings and
// bodies (of the documented shape, broken, malformed, of another content type), sent by its
// genuine caller and by forged or anonymous ones. Whatever comes in, the answer is below 500,
// a refusal is JSON naming the problem, and nothing internal leaks.
// FUZZ_RUNS=200 FUZZ_SEED=… npx vitest run test/fuzz/http-routes.fuzz.test.ts digs deeper or replays.

const RUNS = Number(process.env.FUZZ_RUNS ?? 25);
const SEED = process.env.FUZZ_SEED === undefined ? undefined : Number(process.env.FUZZ_SEED);
/** The document lists about 90 operations; far fewer means routes went missing from it, and with them from this fuzz. */
const MIN_OPERATIONS = 80;

// The operations name the tests, so the app is built while the file is collected.
const t = await createTestApp();
const operations = operationsOf(t.app);
let targets: FuzzTargets;
let callers: ReturnType<typeof callersFor>;
/** Per operation, how many requests got past authentication: a fuzz that only meets 401 proves nothing. */
const reachedHandler = new Map<string, number>();

beforeAll(async () => {
  const world = await buildVendorWorld(t, 'fuzz');
  // The vendor API is signed by a vendor of its own, so that rotating the admin world's secret cannot silence it.
  const signer = await buildVendorWorld(t, 'signer');
  const tier = await factories(t.database.db, t.deps.secretBox).tier({ name: 'Fuzz tier' });
  targets = targetsOf(world, signer, tier.id, await payoutIdsOf(world));
  callers = callersFor(t, { vendor: signer.vendor, vendorId: world.vendor.id });
});
afterAll(async () => { await t.close(); });

describe('the OpenAPI document the fuzz reads', () => {
  it(`lists at least ${MIN_OPERATIONS} operations, each with a known way to authenticate`, () => {
    expect(operations.length).toBeGreaterThanOrEqual(MIN_OPERATIONS);
    expect(operations.filter((op) => op.auth === 'bearer').length).toBeGreaterThan(60);
    expect(operations.filter((op) => op.auth === 'vendor').length).toBeGreaterThanOrEqual(3);
  });
});

describe('every operation answers hostile input with a clear 4xx, never a 5xx or a stack trace', () => {
  for (const op of operations) {
    it(describeOperation(op), async () => {
      const opCallers = callers[op.auth];
      await fc.assert(fc.asyncProperty(requestTo(op, targets, opCallers.length), async ({ draft, caller }) => {
        await send(op, draft, opCallers[caller]!);
        const anonymous = opCallers.find((c) => c.label === 'anonymous')!;
        if (op.auth !== 'none' && opCallers[caller] !== anonymous) await send(op, draft, anonymous);
      }), { numRuns: RUNS, seed: SEED });
      expect(reachedHandler.get(describeOperation(op)) ?? 0, 'requests that got past authentication').toBeGreaterThan(0);
    }, 120_000);
  }
});

describe('every string field, query and path parameter with a NUL byte, an unpaired surrogate or 10,000 characters; every body malformed or of another type', () => {
  it('is refused with a clear 4xx or taken, never a 5xx', async () => {
    const failures: string[] = [];
    for (const op of operations) {
      for (const { field, text, draft } of sweepRequests(op, targets)) {
        try {
          await send(op, draft, callers[op.auth][0]!);
        } catch (error) {
          failures.push(`${field} with ${text}: ${(error as Error).message.split('\n').slice(0, 2).join(' | ')}`);
        }
      }
    }
    expect(failures).toEqual([]);
  }, 180_000);
});

async function send(op: Operation, draft: DraftRequest, caller: Caller): Promise<void> {
  const credentials = await caller.headersFor(draft);
  const headers = { ...draft.headers, ...credentials };
  const response = await t.app.inject({
    method: draft.method as 'GET', url: draft.url, headers, ...(draft.payload === undefined ? {} : { payload: draft.payload }),
  });
  await caller.afterResponse?.(draft, response);
  const sent = `${draft.url}\n${draft.payload ?? ''}\n${Object.values(headers).join('\n')}`;
  const problems = responseProblems(response, sent, { method: draft.method, htmlErrors: PAGE_PATHS.some((path) => op.path.startsWith(`${path}/`)) });
  if (op.auth !== 'none' && !caller.genuine(draft) && response.statusCode < 400) problems.push(`${response.statusCode} to a caller with no valid credentials`);
  // A route without authentication is reached by every request: its 401 (a wrong password at sign-in) is the handler's own answer.
  const pastAuthentication = op.auth === 'none' ? response.statusCode !== 429 : ![401, 403, 429].includes(response.statusCode);
  if (caller.genuine(draft) && pastAuthentication) reachedHandler.set(describeOperation(op), (reachedHandler.get(describeOperation(op)) ?? 0) + 1);
  if (problems.length > 0) {
    throw new Error([
      `${describeOperation(op)} as ${caller.label}: ${problems.join('; ')}`,
      `request: ${draft.method} ${preview(draft.url, 300)}`,
      `content-type: ${draft.headers['content-type'] ?? '(none)'}; body: ${preview(draft.payload ?? '(none)', 400)}`,
      `answer: ${response.statusCode} ${String(response.headers['content-type'] ?? '')} ${preview(response.body)}`,
    ].join('\n'));
  }
}

/** The world's commission approved and paid out, so that the payout routes have payouts to act on. */
async function payoutIdsOf(world: VendorWorld): Promise<string[]> {
  const admin = await createAdmin(t.database.db, { email: 'fuzz-payouts@dealcast.test', password: PASSWORD, role: 'admin' });
  const headers = { authorization: `Bearer ${await createApiToken(t.database.db, admin.id)}` };
  expect((await t.app.inject({ method: 'POST', url: '/api/v1/admin/commissions/approvals', headers })).statusCode).toBe(200);
  expect((await t.app.inject({ method: 'POST', url: '/api/v1/admin/payouts/runs', headers, payload: { runKey: 'fuzz' } })).statusCode).toBeLessThan(300);
  const payouts = (await t.app.inject({ method: 'GET', url: `/api/v1/admin/payouts?influencerId=${world.influencer.id}`, headers })).json() as { items: { id: string }[] };
  expect(payouts.items.length).toBeGreaterThan(0);
  return payouts.items.map((p) => p.id);
}

function targetsOf(world: VendorWorld, signer: VendorWorld, tierId: string, payoutIds: string[]): FuzzTargets {
  const both = <T>(pick: (w: VendorWorld) => T) => [pick(world), pick(signer)];
  const idsBySegment: Record<string, string[]> = {
    // Not the signer's vendor: a rotated secret there would leave the vendor API unsigned.
    vendors: [world.vendor.id],
    brands: both((w) => w.brand.id), products: both((w) => w.product.id), influencers: both((w) => w.influencer.id),
    links: both((w) => w.link.id), conversions: both((w) => w.conversion.id), commissions: both((w) => w.commission.id),
    memberships: both((w) => w.membership.id), campaigns: both((w) => w.campaign.id), tiers: [tierId], payouts: payoutIds,
  };
  const ids = (segment: string) => idsBySegment[segment]!;
  const byName: Record<string, string[]> = {
    orderId: both((w) => w.conversion.orderId), code: both((w) => w.link.code), clickId: both((w) => w.clickId),
    vendorId: [...ids('vendors'), signer.vendor.id], brandId: ids('brands'), productId: ids('products'), influencerId: ids('influencers'),
    linkId: ids('links'), conversionId: ids('conversions'), commissionId: ids('commissions'), tierId: ids('tiers'), payoutId: ids('payouts'),
    brand: [...both((w) => w.brand.slug), ...ids('brands')], sku: both((w) => w.product.sku),
  };
  const all = [
    ...new Set([...Object.values(idsBySegment).flat(), ...Object.values(byName).flat()]), `Brand ${world.marker}`,
    'EUR', 'PLN', 'USD', 'RUB', 'en', 'fr', 'ru', 'es', 'pl', 'FR', 'PL', 'telegram', 'whatsapp', 'offline',
    'https://shop.example/p/fuzz', '2026-01-01', '2026-01-01T00:00:00Z', 'fuzz@dealcast.test',
  ];
  return { idsBySegment, known: { all, byName } };
}
