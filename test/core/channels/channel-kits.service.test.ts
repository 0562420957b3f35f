import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import type { Redis } from 'ioredis';
import { createChannelMedia } from '../../../api/media/channel-media.ts';
import { createInstagramKit, createOfflineQr, createPoster, type ChannelKitDeps } from '../../../core/channels/channel-kits.service.ts';
import type { Deal } from '../../../core/influencers/influencer-deals.service.ts';
import { botDealStore } from '../../../db/bot-deals.repository.ts';
import { linkStore } from '../../../db/links.repository.ts';
import type { Link } from '../../../core/links/links.ports.ts';
import { startClickWorker, type ClickWorker } from '../../../queue/clicks.worker.ts';
import { createRedis } from '../../../queue/connection.ts';
import { factories } from '../../factories/index.ts';
import { TEST_PUBLIC_URL, createTestApp, type TestApp } from '../../support/app.ts';
import { startImageServer, type ImageServer } from '../../support/image-server.ts';
import { pdfImages, pdfPageToPng, pdfText } from '../../support/pdf.ts';
import { readQrCode } from '../../support/qr.ts';
import { TEST_REDIS_URL } from '../../support/redis.ts';

const PHONE_BROWSER = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1';

let t: TestApp;
let images: ImageServer;
let workerRedis: Redis;
let worker: ClickWorker | undefined;
let deps: ChannelKitDeps<Link>;
let make: ReturnType<typeof factories>;
let influencerId: string;
let deal: Deal;

beforeAll(async () => {
  t = await createTestApp();
  images = await startImageServer();
  make = factories(t.database.db, t.deps.secretBox);
  deps = {
    deals: botDealStore(t.database.db),
    links: linkStore(t.database.db),
    media: createChannelMedia({ imageFetch: { allowPrivateNetwork: true } }),
    publicUrl: TEST_PUBLIC_URL,
  };
  const brand = await make.brand((await make.vendor()).id, { name: 'Lumio Home', autoApprove: true });
  await t.database.db.updateTable('brands').set({ erid: '2VtzqwXyZ1a' }).where('id', '=', brand.id).execute();
  const product = await make.product(brand, { title: 'Wireless earbuds Pro', price: 2999, currency: 'EUR' });
  await t.database.db.updateTable('products').set({ list_price: 4599, category: 'Audio', image_url: `${images.url}/product.png` })
    .where('id', '=', product.id).execute();
  influencerId = (await make.influencer({ language: 'fr' })).id;
  deal = (await deps.deals.findDealById(influencerId, product.id))!;
});
afterAll(async () => {
  await worker?.close();
  workerRedis?.disconnect();
  await images?.close();
  await t?.close();
});

const ask = { tierMultiplierBps: null, language: 'fr' as const };

async function linkRow(code: string) {
  return t.database.db.selectFrom('links').selectAll().where('code', '=', code).executeTakeFirstOrThrow();
}

describe('/qr: the offline QR code', () => {
  it('gives one offline link per label, as a QR code a phone reads back as that link', async () => {
    const qr = await createOfflineQr(deps, { ...ask, influencerId, deal, label: 'Café  Central ' });
    if (qr.status !== 'ok') throw new Error(`expected a QR code, got ${qr.status}`);
    expect(qr.url).toBe(`${TEST_PUBLIC_URL}/r/${qr.link.code}`);
    expect(readQrCode(qr.png)).toBe(qr.url);
    expect(qr.fileName).toBe(`dealcast-qr-${qr.link.code}.png`);
    expect(await linkRow(qr.link.code)).toMatchObject({ channel: 'offline', group_label: 'Café Central', influencer_id: influencerId, product_id: deal.id });

    const again = await createOfflineQr(deps, { ...ask, influencerId, deal, label: 'Café Central' });
    const otherPlace = await createOfflineQr(deps, { ...ask, influencerId, deal, label: 'Gym' });
    const poster = await createPoster(deps, { ...ask, influencerId, deal, label: 'Café Central' });
    expect(again.status === 'ok' && again.link.code).toBe(qr.link.code);
    expect(poster.status === 'ok' && poster.link.code).toBe(qr.link.code);
    expect(otherPlace.status === 'ok' && otherPlace.link.code).not.toBe(qr.link.code);
  });

  it('counts a scan of the code by a phone as a click on the offline link', async () => {
    const qr = await createOfflineQr(deps, { ...ask, influencerId, deal, label: 'Window display' });
    if (qr.status !== 'ok') throw new Error(qr.status);
    const scanned = new URL(readQrCode(qr.png)!);
    expect(scanned.origin).toBe(TEST_PUBLIC_URL);

    const response = await t.app.inject({ method: 'GET', url: scanned.pathname, headers: { 'user-agent': PHONE_BROWSER, 'accept-language': 'fr-FR' }, remoteAddress: '203.0.113.9' });
    expect(response.statusCode).toBe(302);
    expect(String(response.headers.location)).toMatch(/^https:\/\/shop\.example\/p\/SKU-[0-9a-f]+\?dc_click=[0-9a-f-]{36}$/);

    workerRedis = createRedis(TEST_REDIS_URL);
    worker = await startClickWorker({ connection: workerRedis, prefix: t.prefix, db: t.database.db, logger: pino({ level: 'silent' }) });
    const clicks = () => t.database.db.selectFrom('clicks').innerJoin('links', 'links.id', 'clicks.link_id')
      .select(['links.channel', 'links.group_label', 'clicks.counted', 'clicks.user_agent', 'clicks.influencer_id'])
      .where('links.code', '=', qr.link.code).execute();
    await expect.poll(clicks, { timeout: 20_000, interval: 50 }).toHaveLength(1);
    expect(await clicks()).toEqual([{ channel: 'offline', group_label: 'Window display', counted: true, user_agent: PHONE_BROWSER, influencer_id: influencerId }]);
    const rollup = await t.database.db.selectFrom('click_rollups_daily').select(['clicks_counted']).where('link_id', '=', qr.link.id).execute();
    expect(rollup).toEqual([{ clicks_counted: '1' }]);
  });

  it('refuses a label longer than 64 characters', async () => {
    await expect(createOfflineQr(deps, { ...ask, influencerId, deal, label: 'x'.repeat(65) })).rejects.toMatchObject({ code: 'validation_failed' });
  });

  it('gives no link for a brand the influencer still has to join', async () => {
    const closed = await make.brand((await make.vendor()).id, { autoApprove: false });
    const product = await make.product(closed);
    const closedDeal = (await deps.deals.findDealById(influencerId, product.id))!;
    const answers = await Promise.all([
      createOfflineQr(deps, { ...ask, influencerId, deal: closedDeal }),
      createPoster(deps, { ...ask, influencerId, deal: closedDeal }),
      createInstagramKit(deps, { ...ask, influencerId, deal: closedDeal }),
    ]);
    expect(answers.map((a) => a.status)).toEqual(['needs_join', 'needs_join', 'needs_join']);
    expect(await t.database.db.selectFrom('links').select('id').where('product_id', '=', product.id).execute()).toEqual([]);
  });
});

describe('/poster: the printable poster', () => {
  it('prints the product, its price in its currency, the link as QR code and text, and the disclosure with the brand ERID', async () => {
    const poster = await createPoster(deps, { ...ask, influencerId, deal, label: 'Bakery' });
    if (poster.status !== 'ok') throw new Error(poster.status);
    expect(poster.fileName).toBe(`dealcast-poster-${poster.link.code}.pdf`);
    const text = await pdfText(poster.pdf);
    expect(text).toContain('Publicité · Lumio Home · erid: 2VtzqwXyZ1a');
    expect(text).toContain('Wireless earbuds Pro');
    expect(text).toMatch(/29,99 € 45,99 € −35 %/);
    expect(text).toContain(`dc.test/r/${poster.link.code}`);
    expect(text).toContain('Scannez pour profiter de l’offre');
    expect(await pdfImages(poster.pdf)).toEqual([{ width: 480, height: 360 }]);
    expect(readQrCode(await pdfPageToPng(poster.pdf))).toBe(poster.url);
    expect(await linkRow(poster.link.code)).toMatchObject({ channel: 'offline', group_label: 'Bakery' });
  });
});

describe('/insta: the Instagram kit', () => {
  it('gives the instagram link for the bio, the caption in the influencer language and the image to post', async () => {
    const kit = await createInstagramKit(deps, { ...ask, influencerId, deal });
    if (kit.status !== 'ok') throw new Error(kit.status);
    expect(await linkRow(kit.link.code)).toMatchObject({ channel: 'instagram', group_label: '' });
    expect(kit.url).toBe(`${TEST_PUBLIC_URL}/r/${kit.link.code}`);
    expect(kit.imageUrl).toBe(`${images.url}/product.png`);
    expect(kit.caption.split('\n')[0]).toBe('Publicité · Lumio Home · erid: 2VtzqwXyZ1a');
    expect(kit.caption).toContain('Wireless earbuds Pro');
    expect(kit.caption).toContain('au lieu de');
    expect(kit.caption).toContain('🔗 Lien dans la bio');
    expect(kit.caption).not.toContain(kit.url);
    expect(kit.hashtags).toEqual(['LumioHome', 'Audio', 'bonplan', 'promo']);

    const again = await createInstagramKit(deps, { ...ask, influencerId, deal, language: 'es' });
    expect(again.status === 'ok' && again.link.code).toBe(kit.link.code);
    expect(again.status === 'ok' && again.caption.split('\n')[0]).toBe('Publicidad · Lumio Home · erid: 2VtzqwXyZ1a');
  });
});
