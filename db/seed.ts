import crypto from 'node:crypto';
import type { Kysely } from 'kysely';
import { ownVendor } from '../core/access/access.ts';
import type { SecretBox } from '../core/shared/secret-box.ts';
import { generateShortCode } from '../core/shared/ids.ts';
import { listProducts, upsertProducts } from './catalog.repository.ts';
import type { Database } from './schema.ts';

export interface DemoSeed {
  vendorKeyId: string;
  /** Shown once at first start so a newcomer can sign a postback. */
  vendorSecret: string;
  linkCode: string;
}

const BRANDS = [
  { name: 'Lumio Home', slug: 'lumio', commission_rate_bps: 800, lock_days: 30, auto_approve: true },
  { name: 'Veloce Sport', slug: 'veloce', commission_rate_bps: 1200, lock_days: 14, auto_approve: true },
  { name: 'Nordic Tech', slug: 'nordic-tech', commission_rate_bps: 500, lock_days: 30, auto_approve: false },
] as const;

const PRODUCTS: { brand: string; sku: string; title: string; category: string; price: number; list_price: number; currency: string; rate?: number }[] = [
  { brand: 'lumio', sku: 'LUM-LAMP-01', title: 'Lumio smart desk lamp, warm to daylight', category: 'home', price: 2999, list_price: 4599, currency: 'EUR' },
  { brand: 'lumio', sku: 'LUM-DIFF-02', title: 'Lumio ultrasonic aroma diffuser 300 ml', category: 'home', price: 1899, list_price: 2999, currency: 'EUR' },
  { brand: 'lumio', sku: 'LUM-BLND-03', title: 'Lumio blackout roller blind 120 cm', category: 'home', price: 8900, list_price: 12900, currency: 'PLN' },
  { brand: 'lumio', sku: 'LUM-KETL-04', title: 'Lumio glass kettle with tea infuser', category: 'kitchen', price: 249000, list_price: 349000, currency: 'RUB' },
  { brand: 'veloce', sku: 'VEL-RUN-10', title: 'Veloce Aero running shoes', category: 'sport', price: 5999, list_price: 8999, currency: 'EUR', rate: 1500 },
  { brand: 'veloce', sku: 'VEL-BOTL-11', title: 'Veloce insulated bottle 750 ml', category: 'sport', price: 1299, list_price: 1999, currency: 'EUR' },
  { brand: 'veloce', sku: 'VEL-MAT-12', title: 'Veloce yoga mat 6 mm, non-slip', category: 'sport', price: 7900, list_price: 9900, currency: 'PLN' },
  { brand: 'veloce', sku: 'VEL-BAND-13', title: 'Veloce resistance bands, set of 5', category: 'sport', price: 99000, list_price: 149000, currency: 'RUB' },
  { brand: 'nordic-tech', sku: 'NRD-BUDS-20', title: 'Nordic Tech wireless earbuds ANC', category: 'electronics', price: 4999, list_price: 7999, currency: 'EUR' },
  { brand: 'nordic-tech', sku: 'NRD-PWR-21', title: 'Nordic Tech 20,000 mAh power bank', category: 'electronics', price: 2499, list_price: 3499, currency: 'EUR' },
  { brand: 'nordic-tech', sku: 'NRD-CAM-22', title: 'Nordic Tech 2K home camera', category: 'electronics', price: 3999, list_price: 5999, currency: 'GBP' },
  { brand: 'nordic-tech', sku: 'NRD-WTCH-23', title: 'Nordic Tech fitness watch', category: 'electronics', price: 29900, list_price: 39900, currency: 'PLN' },
];

const TIERS = [
  { name: 'Bronze', min_clicks_30d: 0, min_sales_30d: 0, multiplier_bps: 10000 },
  { name: 'Silver', min_clicks_30d: 500, min_sales_30d: 5, multiplier_bps: 11000 },
  { name: 'Gold', min_clicks_30d: 5000, min_sales_30d: 50, multiplier_bps: 12500 },
];

/** True when the database has no catalog yet (first start). */
export async function isDatabaseEmpty(db: Kysely<Database>): Promise<boolean> {
  const row = await db.selectFrom('vendors').select('id').limit(1).executeTakeFirst();
  return row === undefined;
}

/**
 * The demo catalog: one vendor, three brands, a dozen products in four currencies, three tiers,
 * and a demo influencer with one tracked link, all in one transaction.
 */
export async function seedDemoCatalog(db: Kysely<Database>, secretBox: SecretBox): Promise<DemoSeed> {
  return db.transaction().execute(async (trx) => {
    const vendorSecret = `whsec_${crypto.randomBytes(24).toString('hex')}`;
    const vendor = await trx.insertInto('vendors')
      .values({ name: 'Demo Marketplace', key_id: `vk_demo_${crypto.randomBytes(6).toString('hex')}`, secret_encrypted: secretBox.seal(vendorSecret) })
      .returning(['id', 'key_id']).executeTakeFirstOrThrow();
    const brands = await trx.insertInto('brands')
      .values(BRANDS.map((b) => ({ ...b, vendor_id: vendor.id })))
      .returning(['id', 'slug']).execute();
    const brandId = new Map(brands.map((b) => [b.slug, b.id]));
    // The demo products go through the catalog's one product write, as every other product does.
    await upsertProducts(trx, PRODUCTS.map((p) => ({
      vendorId: vendor.id,
      brandId: brandId.get(p.brand)!,
      sku: p.sku,
      title: p.title,
      category: p.category,
      url: `https://shop.example.com/item/${p.sku.toLowerCase()}`,
      imageUrl: `https://shop.example.com/images/${p.sku.toLowerCase()}.jpg`,
      description: null,
      price: p.price,
      listPrice: p.list_price,
      currency: p.currency,
      commissionRateBps: p.rate ?? null,
      active: true,
    })));
    const { items: [firstProduct] } = await listProducts(trx, ownVendor(vendor.id), { sku: PRODUCTS[0]!.sku }, { limit: 1 });
    await trx.insertInto('tiers').values(TIERS).execute();
    const influencer = await trx.insertInto('influencers')
      .values({ display_name: 'Demo Influencer', language: 'en', country: 'FR', recruit_code: generateShortCode(8), terms_accepted_at: new Date() })
      .returning('id').executeTakeFirstOrThrow();
    await trx.insertInto('brand_memberships')
      .values(brands.map((b) => ({ influencer_id: influencer.id, brand_id: b.id, status: 'approved' as const })))
      .execute();
    const link = await trx.insertInto('links')
      .values({ code: generateShortCode(), influencer_id: influencer.id, product_id: firstProduct!.id, channel: 'telegram', group_label: 'demo' })
      .returning('code').executeTakeFirstOrThrow();
    return { vendorKeyId: vendor.key_id, vendorSecret, linkCode: link.code };
  });
}
