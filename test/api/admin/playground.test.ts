import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { factories } from '../../factories/index.ts';
import { createTestApp, type TestApp } from '../../support/app.ts';
import { readQrCode } from '../../support/qr.ts';
import { adminClient, type AdminClient } from './admin-client.ts';

// The bot playground through the admin API: the real command engine on PostgreSQL and Redis,
// answered as a test influencer of the signed-in admin on channel "playground".

let t: TestApp;
let admin: AdminClient;
let other: AdminClient;
let product: { id: string; title: string; url: string; image_url: string | null };

beforeAll(async () => {
  t = await createTestApp();
  admin = await adminClient(t, 'admin');
  other = await adminClient(t, 'manager');
  const make = factories(t.database.db, t.deps.secretBox);
  const brand = await make.brand((await make.vendor()).id, { name: 'Kestrel', commissionRateBps: 1000 });
  product = await make.product(brand, { title: 'Kestrel two-person tent', price: 4900, imageUrl: 'https://img.shop.example/tent.jpg' });
  await make.product(brand, { title: 'Kestrel sleeping bag', price: 2900 });
});
afterAll(async () => { await t?.close(); });

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Reply = any;

async function say(client: AdminClient, persona: string, text: string, extra: object = {}): Promise<Reply[]> {
  const response = await client.call('POST', '/playground/messages', { persona, text, language: 'en', ...extra });
  expect(response.status, JSON.stringify(response.json)).toBe(200);
  return response.json.replies;
}

async function register(client: AdminClient, persona: string, name: string): Promise<void> {
  expect((await say(client, persona, '/start'))[0].text).toMatch(/name/i);
  const country = await say(client, persona, name);
  // The country question comes with buttons; tapping one sends its action.
  const france = country[0].buttons.find((b: { action?: string }) => b.action === 'FR');
  expect(france).toBeDefined();
  const terms = await say(client, persona, france.action);
  const accept = terms.flatMap((r: Reply) => r.buttons ?? []).find((b: { action?: string }) => b.action === '/accept');
  expect(accept, JSON.stringify(terms)).toBeDefined();
  expect((await say(client, persona, accept.action))[0].text).toContain(name);
}

describe('the bot playground', () => {
  it('registers a persona with /start, bound to the admin who plays it', async () => {
    await register(admin, 'lea', 'Lea Test');
    const identity = await t.database.db.selectFrom('influencer_identities').selectAll().where('channel', '=', 'playground').execute();
    expect(identity.map((i) => i.external_id)).toEqual([`${admin.id}:lea`]);
    const personas = await admin.call('GET', '/playground/personas');
    expect(personas.status).toBe(200);
    expect(personas.json.items).toEqual([expect.objectContaining({ persona: 'lea', name: 'Lea Test', language: 'en', country: 'FR', status: 'active', influencerId: identity[0]!.influencer_id })]);
  });

  it('lists the seeded deals with /deals, each with a button that asks for its link', async () => {
    const [list] = await say(admin, 'lea', '/deals');
    expect(list.text).toContain('Kestrel two-person tent');
    expect(list.text).toContain('Kestrel sleeping bag');
    expect(list.buttons).toContainEqual(expect.objectContaining({ action: `/link #${product.id}` }));
    // Telegram's keyboard and WhatsApp's numbered options of the same buttons.
    expect(list.telegram.keyboard.flat()).toContainEqual(expect.objectContaining({ action: `/link #${product.id}` }));
    expect(list.whatsapp.text).toMatch(/1️⃣ 🔗/);
  });

  it('answers /link with the deal card: picture, tracked link whose code exists, and the group view without buttons', async () => {
    const response = await admin.call('POST', '/playground/messages', { persona: 'lea', text: `/link #${product.id}` });
    expect(response.status).toBe(200);
    const [card, commission] = response.json.replies;
    expect(card).toMatchObject({ kind: 'image', imageUrl: product.image_url, dealCard: true });
    const url = /https:\/\/dc\.test\/r\/(\w+)/.exec(card.text);
    expect(url, card.text).not.toBeNull();
    const link = await t.database.db.selectFrom('links').selectAll().where('code', '=', url![1]!).executeTakeFirstOrThrow();
    expect(link).toMatchObject({ product_id: product.id, channel: 'other' });
    expect(commission.text).toMatch(/€4\.90/);
    // WhatsApp: the card is forwarded as it is, so the "another group" button became option 1
    // under the note that follows it, not under the caption; "share" is left out.
    expect(card.whatsapp).toMatchObject({ media: 'image' });
    expect(card.whatsapp.text).not.toContain('1️⃣');
    expect(commission.whatsapp.text).toContain('1️⃣');
    // Option 2 is the note's own: the same link, opening its deal page instead.
    expect(response.json.whatsappOptions).toEqual([`/group #${product.id}`, `/landing ${url![1]} deal_page`]);
    expect(card.telegram.keyboard.flat().map((b: { share?: string }) => b.share)).toContain(`#${product.id}`);
  });

  it('answers /qr with a PNG QR code of a tracked link', async () => {
    const [qr] = await say(admin, 'lea', `/qr #${product.id}`);
    expect(qr.kind).toBe('image');
    expect(qr.image).toMatch(/^data:image\/png;base64,/);
    expect(qr.file).toMatchObject({ mimeType: 'image/png', name: expect.stringMatching(/\.png$/) });
    const decoded = readQrCode(Buffer.from(qr.image.split(',')[1], 'base64'));
    expect(decoded).toMatch(/^https:\/\/dc\.test\/r\/\w+$/);
    expect(qr.text).toContain(decoded);
    const code = decoded!.split('/r/')[1]!;
    expect(await t.database.db.selectFrom('links').select('channel').where('code', '=', code).executeTakeFirst()).toEqual({ channel: 'offline' });
  });

  it('keeps personas apart per admin: the same handle is another person for another admin', async () => {
    expect((await other.call('GET', '/playground/personas')).json.items).toEqual([]);
    const [reply] = await say(other, 'lea', '/deals');
    expect(reply.text).toMatch(/\/start/);
    const before = await t.database.db.selectFrom('influencers').select('id').execute();
    await register(other, 'lea', 'Other Lea');
    expect((await t.database.db.selectFrom('influencers').select('id').execute()).length).toBe(before.length + 1);
    expect((await other.call('GET', '/playground/personas')).json.items.map((p: { name: string }) => p.name)).toEqual(['Other Lea']);
    expect((await admin.call('GET', '/playground/personas')).json.items.map((p: { name: string }) => p.name)).toEqual(['Lea Test']);
  });

  it('records every message in the audit log as the admin', async () => {
    const rows = await t.database.db.selectFrom('audit_log').selectAll().where('action', '=', 'playground.message').where('actor', '=', `admin:${admin.id}`).execute();
    expect(rows.length).toBeGreaterThanOrEqual(7);
    expect(rows.map((r) => r.entity_id)).toContain(`${admin.id}:lea`);
    expect(JSON.stringify(rows)).not.toContain('base64');
  });

  it('refuses support, and bad input naming the field', async () => {
    const support = await adminClient(t, 'support');
    expect((await support.call('POST', '/playground/messages', { persona: 'x', text: '/start' })).status).toBe(403);
    expect((await support.call('GET', '/playground/personas')).status).toBe(403);
    for (const [body, field] of [
      [{ persona: 'lea', text: '' }, 'text'],
      [{ persona: 'lea', text: '   ' }, 'text'],
      [{ persona: 'lea', text: 'x'.repeat(4097) }, 'text'],
      [{ persona: 'lea:2', text: '/start' }, 'persona'],
      [{ persona: 'lea' }, 'text'],
    ] as const) {
      const response = await admin.call('POST', '/playground/messages', body);
      expect(response.status, JSON.stringify(body).slice(0, 80)).toBe(400);
      expect(JSON.stringify(response.json.error)).toContain(field);
    }
  });

  it("answers past the engine's rate limit with its polite chat reply, once", async () => {
    const replies: Reply[][] = [];
    for (let i = 0; i < 32; i += 1) replies.push(await say(admin, 'hasty', '/help'));
    expect(replies[29]![0].text).not.toMatch(/slow down|too many|wait/i);
    expect(replies[30]).toHaveLength(1);
    expect(replies[30]![0].text).toMatch(/second/i);
    expect(replies[31]).toEqual([]);
  });

  it('in a group, the bot sends the persona to a private chat', async () => {
    const [reply] = await say(admin, 'lea', '/deals', { chatType: 'group', groupLabel: 'Family' });
    expect(reply.text).toMatch(/private/i);
  });
});
