import crypto from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../../core/shared/clock.ts';
import { translator } from '../../../core/i18n/translator.ts';
import { silentNotifier } from '../../../core/notifications/notifications.ts';
import { approveMaturedCommissions } from '../../../core/settlement/settlement.service.ts';
import { createSettlementStore } from '../../../db/settlement.repository.ts';
import { ingestClicks } from '../../../queue/clicks.processor.ts';
import type { Reply } from '../../../bots/engine/index.ts';
import { createEngineHarness, type EngineHarness } from '../../support/bot-engine.ts';
import { TEST_CALLER, sellThrough } from '../../support/money.ts';

let h: EngineHarness;
let nextId = 7000;
const newSender = () => String(nextId++);
const en = translator('en');
const DAY = 24 * 60 * 60 * 1000;
const BROWSER = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0 Safari/537.36';

let vendorId: string;
let product: { id: string };

beforeAll(async () => {
  h = await createEngineHarness();
  const vendor = await h.make.vendor();
  vendorId = vendor.id;
  const brand = await h.make.brand(vendor.id, { name: 'Lumio', commissionRateBps: 800, lockDays: 0 });
  product = await h.make.product(brand, { title: 'Desk lamp', price: 2999 });
});
afterAll(async () => { await h?.close(); });

const codeIn = (replies: Reply[]) => /\/r\/([0-9A-Za-z]+)/.exec(replies[0]!.text)![1]!;
const linkOf = (code: string) => h.database.db.selectFrom('links').selectAll().where('code', '=', code).executeTakeFirstOrThrow();

/** Clicks as the redirect reports them, stored by the click worker's own batch code (rollups included). */
async function click(link: { id: string; influencer_id: string; product_id: string }, visitor: string, at = new Date()) {
  await ingestClicks(h.database.db, [{
    id: uuidv7({ msecs: at.getTime() }), linkId: link.id, influencerId: link.influencer_id, productId: link.product_id,
    clickedAt: at.toISOString(), visitorId: visitor, ipHash: null, userAgent: BROWSER, referer: null,
  }]);
}

const approve = () => approveMaturedCommissions({ store: createSettlementStore(h.database.db), clock: systemClock, notifier: silentNotifier }, TEST_CALLER);

describe('/stats', () => {
  it('counts clicks (all and counted), sales and earnings per group label and period', async () => {
    const sender = newSender();
    await h.register(sender);
    expect((await h.say(sender, '/stats'))[0]!.text).toBe(en.t('stats.empty'));
    const family = await linkOf(codeIn(await h.say(sender, `/link #${product.id} family`)));
    const office = await linkOf(codeIn(await h.say(sender, `/link #${product.id} office`)));
    await click(family, 'v_one');
    await click(family, 'v_one'); // the same visitor within 24 h: recorded, not counted
    await click(family, 'v_two');
    await click(office, 'v_three');
    await click(office, 'v_four', new Date(Date.now() - 20 * DAY));
    await sellThrough(h.database.db, systemClock, { vendorId, link: family, orderId: `o-${crypto.randomUUID()}`, amount: 10_000, currency: 'EUR' });

    const month = (await h.say(sender, '/stats'))[0]!.text.split('\n');
    expect(month).toEqual([
      en.t('stats.title', { period: `${en.t('stats.period.30d')} (since ${en.date(new Date(Date.now() - 29 * DAY))})` }),
      '• family: 3 clicks (2 counted), 1 sale, €8.00',
      `• office: 2 clicks (2 counted), 0 sales, ${en.t('stats.nothingEarned')}`,
      'Total: 5 clicks (4 counted), 1 sale, €8.00',
      // The reach tiers look at: 4 counted clicks at 10 points each.
      en.t('stats.reach', { count: 40 }),
      en.t('stats.reachWeights', { click: 10, dealPage: 2, storefront: 2, channel: 50, audience: 10 }),
    ]);
    const week = (await h.say(sender, '/stats 7d'))[0]!.text.split('\n');
    expect(week).toContain('• office: 1 click (1 counted), 0 sales, nothing earned yet');
    expect((await h.say(sender, '/stats all'))[0]!.text).toContain('Total: 5 clicks (4 counted), 1 sale, €8.00');
    expect((await h.say(sender, '/stats yesterday'))[0]!.text).toBe(en.t('stats.usage'));
  });

  it('with one group, shows its line once, without a total that would repeat it', async () => {
    const sender = newSender();
    await h.register(sender);
    const family = await linkOf(codeIn(await h.say(sender, `/link #${product.id} family`)));
    await click(family, 'v_only');
    const lines = (await h.say(sender, '/stats'))[0]!.text.split('\n');
    expect(lines.slice(1)).toEqual([
      `• family: 1 click (1 counted), 0 sales, ${en.t('stats.nothingEarned')}`,
      '⭐ Reach in the last 30 days: 10 points',
      en.t('stats.reachWeights', { click: 10, dealPage: 2, storefront: 2, channel: 50, audience: 10 }),
    ]);
  });

  it('speaks Russian plurals in Russian', async () => {
    const sender = newSender();
    await h.register(sender, { language: 'ru' });
    const link = await linkOf(codeIn(await h.say(sender, `/link #${product.id} семья`)));
    for (const visitor of ['a', 'b', 'c', 'd', 'e']) await click(link, visitor);
    for (const visitor of ['f', 'g']) await click(link, visitor, new Date(Date.now() - 40 * DAY));
    expect((await h.say(sender, '/stats'))[0]!.text).toContain('• семья: 5 кликов (засчитано 5), 0 продаж, заработка пока нет');
    expect((await h.say(sender, '/stats all'))[0]!.text).toContain('• семья: 7 кликов (засчитано 7)');
  });
});

describe('/balance and /payout', () => {
  it('shows pending, available, in-payout and paid money, and turns an available balance above the minimum into a payout', async () => {
    const sender = newSender();
    await h.register(sender);
    expect((await h.say(sender, '/balance'))[0]!.text).toBe(en.t('balance.empty'));
    expect((await h.say(sender, '/payout'))[0]!.text).toBe(en.t('payout.nothing'));
    const link = await linkOf(codeIn(await h.say(sender, `/link #${product.id}`)));

    await sellThrough(h.database.db, systemClock, { vendorId, link, orderId: `o-${crypto.randomUUID()}`, amount: 10_000, currency: 'EUR' });
    const pending = (await h.say(sender, '/balance'))[0]!.text;
    expect(pending).toContain('EUR: available €0.00 · pending €8.00 · in payout €0.00 · paid €0.00');
    expect(pending).toContain(en.t('balance.hint', { minimum: '€10.00' }));

    await approve();
    expect((await h.say(sender, '/balance'))[0]!.text).toContain('EUR: available €8.00 · pending €0.00');
    expect((await h.say(sender, '/payout'))[0]!.text).toBe(en.t('payout.belowMinimum', { available: '€8.00', minimum: '€10.00' }));

    await sellThrough(h.database.db, systemClock, { vendorId, link, orderId: `o-${crypto.randomUUID()}`, amount: 5_000, currency: 'EUR' });
    await approve();
    expect((await h.say(sender, '/payout'))[0]!.text).toBe(en.t('payout.requested', { amount: '€12.00' }));
    expect((await h.say(sender, '/balance'))[0]!.text).toContain('EUR: available €0.00 · pending €0.00 · in payout €12.00 · paid €0.00');
    expect((await h.say(sender, '/payout'))[0]!.text).toBe(en.t('payout.inProgress', { amount: '€12.00' }));
    const payouts = await h.database.db.selectFrom('payouts').select(['amount', 'status']).where('influencer_id', '=', link.influencer_id).execute();
    expect(payouts).toEqual([{ amount: '1200', status: 'pending' }]);
  });
});
