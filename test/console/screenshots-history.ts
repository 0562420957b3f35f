// The month of use the README's screenshots show (`npm run screenshots`, test/console/screenshots.ts):
// clicks stored as the click worker stores them, orders posted through the signed vendor API
// with their past order times, approvals and a payout run through the admin API.
import crypto from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import { signVendorRequest } from '../../core/vendors/vendor-signature.ts';
import { connectPostgres } from '../../db/connect.ts';
import { insertClicksWithRollups, type NewClick } from '../../db/clicks.repository.ts';

const BROWSER_UA = 'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Mobile Safari/537.36';
const DAY = 86_400_000;

/** What the first start printed. */
export interface Printed { email: string; password: string; token: string; vendorKey: string; vendorSecret: string }

// A fixed seed: the same pictures every run (up to today's date).
let seed = 20261201;
function random(): number {
  seed = (seed * 1103515245 + 12345) % 2 ** 31;
  return seed / 2 ** 31;
}

/** The platform's admin API with the printed token. */
export function adminApi(origin: string, token: string) {
  return async <T>(method: string, url: string, body?: unknown): Promise<T> => {
    const response = await fetch(`${origin}/api/v1/admin${url}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${url} answered ${response.status}: ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  };
}

async function postOrder(origin: string, printed: Printed, order: object): Promise<void> {
  const response = await fetch(`${origin}/api/v1/conversions`, signedInit(printed, order));
  if (response.status !== 202) throw new Error(`order answered ${response.status}: ${await response.text()}`);
}

interface Product { id: string; sku: string; price: number; currency: string; brandId: string }
interface Link { id: string; influencerId: string; productId: string; code: string }

const INFLUENCERS = [
  { displayName: 'Marta Kowalska', language: 'pl', country: 'PL' },
  { displayName: 'Lucía Fernández', language: 'es', country: 'ES' },
  { displayName: 'Camille Dubois', language: 'fr', country: 'FR' },
  { displayName: 'Анна Смирнова', language: 'ru', country: 'RU' },
  { displayName: 'Julien Martin', language: 'fr', country: 'FR' },
  { displayName: 'Pablo Ruiz', language: 'es', country: 'ES' },
  { displayName: 'Ola Nowak', language: 'pl', country: 'PL' },
  { displayName: 'Sophie Laurent', language: 'fr', country: 'FR' },
];
const GROUPS = ['Family chat', 'Running club', 'Mums of Lyon', 'Deals PL', 'Office', 'Bio'];
const CHANNELS = ['telegram', 'whatsapp', 'instagram', 'offline'] as const;

/** 30 days of clicks and orders on a dozen links, approvals and a payout: what a month of use leaves. */
export interface History { influencerIds: string[]; paidInfluencerId: string | undefined }

export async function seedHistory(origin: string, printed: Printed, dbUrl: string): Promise<History> {
  const api = adminApi(origin, printed.token);
  // One currency keeps the pictures readable; the console handles several (each figure per currency).
  const products = (await api<{ items: Product[] }>('GET', '/products?limit=100')).items.filter((p) => p.currency === 'EUR');
  const influencerIds: string[] = [];
  for (const influencer of INFLUENCERS) influencerIds.push((await api<{ id: string }>('POST', '/influencers', influencer)).id);
  const links: Link[] = [];
  for (const [i, influencerId] of influencerIds.entries()) {
    for (let n = 0; n < 3; n += 1) {
      const product = products[(i * 3 + n * 5) % products.length]!;
      const link = await api<Link>('POST', '/links', { influencerId, productId: product.id, channel: CHANNELS[(i + n) % CHANNELS.length], groupLabel: GROUPS[(i + n * 2) % GROUPS.length] });
      links.push(link);
    }
  }

  // Clicks, as the click worker stores them (with their daily rollups), growing over the month.
  const handle = connectPostgres(dbUrl);
  const now = Date.now();
  const orders: { clickId: string; at: number; product: Product }[] = [];
  try {
    const clicks: NewClick[] = [];
    for (let day = 29; day >= 1; day -= 1) {
      for (const [i, link] of links.entries()) {
        const weight = 1 + (i % 5) + (29 - day) / 6;
        const count = Math.floor(random() * weight * 3);
        for (let c = 0; c < count; c += 1) {
          const at = now - day * DAY + Math.floor(random() * DAY * 0.9) - DAY * 0.45;
          const duplicate = random() < 0.12;
          const bot = !duplicate && random() < 0.05;
          const id = uuidv7({ msecs: at });
          clicks.push({
            id, linkId: link.id, influencerId: link.influencerId, productId: link.productId, clickedAt: new Date(at).toISOString(),
            visitorId: `v_${crypto.randomBytes(6).toString('hex')}`, ipHash: null, userAgent: 'Mozilla/5.0 (seeded history)', referer: null,
            duplicate, bot, counted: !duplicate && !bot,
          });
          if (!duplicate && !bot && random() < 0.06) orders.push({ clickId: id, at: at + 20 * 60_000, product: products.find((p) => p.id === link.productId)! });
        }
      }
    }
    for (let i = 0; i < clicks.length; i += 500) await insertClicksWithRollups(handle.db, clicks.slice(i, i + 500));
  } finally {
    await handle.close();
  }

  // The shop reports those orders through the signed API, with the time each was placed.
  for (const [n, order] of orders.entries()) {
    const quantity = 1 + Math.floor(random() * 2);
    await postOrder(origin, printed, {
      orderId: `DM-${100_000 + n}`, clickId: order.clickId, amount: order.product.price * quantity, currency: order.product.currency,
      occurredAt: new Date(order.at).toISOString(),
    });
  }
  // A few refunds, approvals of what has matured, and a payout run with one payout paid.
  for (let n = 0; n < orders.length; n += 9) {
    await fetch(`${origin}/api/v1/conversions/DM-${100_000 + n}/refunds`, signedInit(printed, { amount: Math.floor(orders[n]!.product.price / 2), reason: 'one item returned' }));
  }
  await api('POST', '/commissions/approvals');
  const run = await api<{ payouts: { id: string; influencerId: string }[] }>('POST', '/payouts/runs', {});
  const [first] = run.payouts;
  if (first) {
    await api('POST', `/payouts/${first.id}/approve`);
    await api('POST', `/payouts/${first.id}/paid`, { reference: 'SEPA-2026-11-0042' });
  }
  // Today: people tap links through the real redirect (the click worker stores them) and buy.
  let todayOrders = 0;
  for (const [i, link] of links.entries()) {
    for (let n = 0; n < 2 + (i % 4); n += 1) {
      const tap = await fetch(`${origin}/r/${link.code}`, { redirect: 'manual', headers: { 'user-agent': BROWSER_UA } });
      const clickId = new URL(tap.headers.get('location')!).searchParams.get('dc_click');
      if (clickId && (i + n) % 7 === 0) {
        const product = products.find((p) => p.id === link.productId)!;
        await waitForClick(api, clickId);
        await postOrder(origin, printed, { orderId: `DM-T${i}-${n}`, clickId, amount: product.price, currency: product.currency });
        todayOrders += 1;
      }
    }
  }
  console.log(`seeded ${links.length} links, ${orders.length + todayOrders} orders, ${run.payouts.length} payouts`);
  return { influencerIds, paidInfluencerId: first?.influencerId };
}

async function waitForClick(api: ReturnType<typeof adminApi>, clickId: string): Promise<void> {
  for (let tries = 0; tries < 100; tries += 1) {
    const { items } = await api<{ items: { id: string }[] }>('GET', '/clicks?limit=100');
    if (items.some((c) => c.id === clickId)) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`click ${clickId} was not stored`);
}

function signedInit(printed: Printed, payload: object): RequestInit {
  const body = JSON.stringify(payload);
  const signature = signVendorRequest(printed.vendorSecret, body, Math.floor(Date.now() / 1000));
  return { method: 'POST', headers: { 'content-type': 'application/json', 'x-dealcast-key': printed.vendorKey, 'x-dealcast-signature': signature }, body };
}

