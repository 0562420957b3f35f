import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { factories } from '../../factories/index.ts';
import { TEST_PUBLIC_URL, createTestApp, type TestApp } from '../../support/app.ts';
import { adminClient, type AdminClient } from './admin-client.ts';

let t: TestApp;
let admin: AdminClient;
let productId: string;
beforeAll(async () => {
  t = await createTestApp();
  admin = await adminClient(t, 'manager');
  const f = factories(t.database.db, t.deps.secretBox);
  productId = (await f.product(await f.brand((await f.vendor()).id))).id;
});
afterAll(async () => { await t?.close(); });

describe('influencers', () => {
  it('registers an influencer with a recruit code and shows it', async () => {
    const created = await admin.call('POST', '/influencers', { displayName: 'Ana García', language: 'ES', country: 'es' });
    expect(created.status).toBe(201);
    expect(created.json).toEqual({
      id: expect.stringMatching(/^\d+$/), displayName: 'Ana García', language: 'es', country: 'ES', status: 'active',
      statusReason: null, statusChangedAt: null, statusChangedBy: null,
      recruitCode: expect.stringMatching(/^[0-9A-Za-z]{8}$/), recruitedBy: null, tierId: null, tierPinned: false, payoutCurrency: 'EUR', createdAt: expect.any(String),
      storefrontHandle: null, storefrontUrl: null,
    });
    expect((await admin.call('GET', `/influencers/${created.json.id}`)).json).toEqual(created.json);
    expect((await admin.call('GET', '/influencers?country=ES')).json.items).toEqual([created.json]);
    expect((await admin.call('GET', '/influencers/99999')).status).toBe(404);
    const bad = await admin.call('POST', '/influencers', { displayName: 'X', language: 'spanish', country: 'ES' });
    expect(bad.status).toBe(400);
    expect(bad.json.error.details[0].field).toBe('language');
  });
});

describe('links', () => {
  it('gives one link per influencer, product, channel and group, and the same link when asked again', async () => {
    const influencer = (await admin.call('POST', '/influencers', { displayName: 'Piotr', language: 'pl', country: 'PL' })).json;
    const body = { influencerId: influencer.id, productId, channel: 'whatsapp', groupLabel: 'Family  chat ' };
    const first = await admin.call('POST', '/links', body);
    expect(first.status).toBe(201);
    expect(first.json).toEqual({
      id: expect.stringMatching(/^\d+$/), code: expect.stringMatching(/^[0-9A-Za-z]{10}$/), url: `${TEST_PUBLIC_URL}/r/${first.json.code}`,
      influencerId: influencer.id, productId, channel: 'whatsapp', groupLabel: 'Family chat', landing: 'vendor', createdAt: expect.any(String),
      qrUrl: `/api/v1/admin/links/${first.json.id}/qr.png`, posterUrl: `/api/v1/admin/links/${first.json.id}/poster`,
    });

    const again = await admin.call('POST', '/links', { ...body, groupLabel: 'Family chat' });
    expect(again.status).toBe(200);
    expect(again.json).toEqual(first.json);

    const otherGroup = await admin.call('POST', '/links', { ...body, groupLabel: 'Work chat' });
    const otherChannel = await admin.call('POST', '/links', { ...body, channel: 'telegram' });
    expect([otherGroup.status, otherChannel.status]).toEqual([201, 201]);
    expect(new Set([first.json.code, otherGroup.json.code, otherChannel.json.code]).size).toBe(3);

    const listed = await admin.call('GET', `/links?influencerId=${influencer.id}&channel=whatsapp`);
    expect(listed.json.items.map((l: { groupLabel: string }) => l.groupLabel).sort()).toEqual(['Family chat', 'Work chat']);
    expect((await admin.call('GET', `/links/${first.json.id}`)).json).toEqual({
      ...first.json, influencerName: 'Piotr', productTitle: expect.any(String), brandName: expect.any(String),
    });
    const audited = await t.database.db.selectFrom('audit_log').select('action').where('entity', '=', 'link').execute();
    expect(audited).toHaveLength(3);
  });

  it('switches a link to its deal page and back: the url follows, the change is audited, bad input is refused', async () => {
    const influencer = (await admin.call('POST', '/influencers', { displayName: 'Marta', language: 'pl', country: 'PL' })).json;
    const link = (await admin.call('POST', '/links', { influencerId: influencer.id, productId, channel: 'telegram' })).json;
    const switched = await admin.call('PATCH', `/links/${link.id}`, { landing: 'deal_page' });
    expect(switched.status).toBe(200);
    expect(switched.json).toMatchObject({ id: link.id, landing: 'deal_page', url: `${TEST_PUBLIC_URL}/d/${link.code}`, influencerName: 'Marta' });
    expect((await admin.call('GET', `/links?code=${link.code}`)).json.items[0]).toMatchObject({ landing: 'deal_page', url: `${TEST_PUBLIC_URL}/d/${link.code}` });
    // The redirect still goes to the shop: what was shared as /r keeps working as it did.
    const tap = await t.app.inject({ url: `/r/${link.code}`, headers: { 'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) Chrome/130.0 Safari/537.36', 'accept-language': 'pl' } });
    expect(tap.statusCode).toBe(302);
    const back = await admin.call('PATCH', `/links/${link.id}`, { landing: 'vendor' });
    expect(back.json).toMatchObject({ landing: 'vendor', url: `${TEST_PUBLIC_URL}/r/${link.code}` });
    const audited = await t.database.db.selectFrom('audit_log').select(['before', 'after']).where('action', '=', 'link.landing').where('entity_id', '=', link.id).orderBy('id').execute();
    expect(audited).toEqual([
      { before: { landing: 'vendor' }, after: { landing: 'deal_page' } },
      { before: { landing: 'deal_page' }, after: { landing: 'vendor' } },
    ]);
    expect((await admin.call('PATCH', `/links/${link.id}`, { landing: 'nowhere' })).status).toBe(400);
    expect((await admin.call('PATCH', `/links/${link.id}`, {})).status).toBe(400);
    expect((await admin.call('PATCH', '/links/99999', { landing: 'vendor' })).status).toBe(404);
  });

  it('ends concurrent requests for the same link with one link', async () => {
    const influencer = (await admin.call('POST', '/influencers', { displayName: 'Claire', language: 'fr', country: 'FR' })).json;
    const body = { influencerId: influencer.id, productId, channel: 'instagram' };
    const answers = await Promise.all(Array.from({ length: 8 }, () => admin.call('POST', '/links', body)));
    expect(new Set(answers.map((a) => a.json.code)).size).toBe(1);
    expect(answers.filter((a) => a.status === 201)).toHaveLength(1);
  });

  it('answers 404 for an unknown influencer or product and 400 for an unknown channel', async () => {
    const influencer = (await admin.call('POST', '/influencers', { displayName: 'Ivan', language: 'ru', country: 'RU' })).json;
    const noInfluencer = await admin.call('POST', '/links', { influencerId: '99999', productId, channel: 'telegram' });
    expect(noInfluencer.status).toBe(404);
    expect(noInfluencer.json.error.message).toContain('influencer');
    expect((await admin.call('POST', '/links', { influencerId: influencer.id, productId: '99999', channel: 'telegram' })).status).toBe(404);
    const badChannel = await admin.call('POST', '/links', { influencerId: influencer.id, productId, channel: 'fax' });
    expect(badChannel.status).toBe(400);
    expect(badChannel.json.error.details[0].field).toBe('channel');
    expect((await admin.call('GET', `/links?influencerId=${influencer.id}`)).json.items).toEqual([]);
  });
});
