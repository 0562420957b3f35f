import crypto from 'node:crypto';
import type { Kysely } from 'kysely';
import type { LinkChannel, LinkLanding } from '../../core/links/links.service.ts';
import type { Database } from '../../db/schema.ts';
import type { SecretBox } from '../../core/shared/secret-box.ts';
import { generateShortCode } from '../../core/shared/ids.ts';

/**
 * Test factories with sensible defaults; each writes real rows and returns them.
 * Ids are strings, as in the API.
 */
export function factories(db: Kysely<Database>, secretBox: SecretBox) {
  const seq = () => crypto.randomBytes(4).toString('hex');
  return {
    async vendor(overrides: { name?: string } = {}) {
      const secret = `whsec_${crypto.randomBytes(24).toString('hex')}`;
      const row = await db.insertInto('vendors')
        .values({ name: overrides.name ?? `Vendor ${seq()}`, key_id: `vk_${seq()}${seq()}`, secret_encrypted: secretBox.seal(secret) })
        .returningAll().executeTakeFirstOrThrow();
      return { ...row, secret, credentials: { keyId: row.key_id, secret } };
    },
    async brand(vendorId: string, overrides: Partial<{ name: string; commissionRateBps: number; lockDays: number; attributionWindowDays: number; autoApprove: boolean }> = {}) {
      const name = overrides.name ?? `Brand ${seq()}`;
      return db.insertInto('brands').values({
        vendor_id: vendorId, name, slug: `${name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}-${seq()}`,
        commission_rate_bps: overrides.commissionRateBps ?? 1000,
        lock_days: overrides.lockDays ?? 30,
        attribution_window_days: overrides.attributionWindowDays ?? 30,
        auto_approve: overrides.autoApprove ?? true,
      }).returningAll().executeTakeFirstOrThrow();
    },
    async product(brand: { id: string; vendor_id: string }, overrides: Partial<{
      sku: string; title: string; price: number; currency: string; commissionRateBps: number | null; url: string;
      listPrice: number | null; category: string | null; imageUrl: string | null; active: boolean;
    }> = {}) {
      const sku = overrides.sku ?? `SKU-${seq()}`;
      return db.insertInto('products').values({
        vendor_id: brand.vendor_id, brand_id: brand.id, sku, title: overrides.title ?? `Product ${sku}`,
        url: overrides.url ?? `https://shop.example/p/${sku}`,
        image_url: overrides.imageUrl === undefined ? `https://shop.example/img/${sku}.jpg` : overrides.imageUrl,
        price: overrides.price ?? 4999, currency: overrides.currency ?? 'EUR',
        commission_rate_bps: overrides.commissionRateBps ?? null,
        list_price: overrides.listPrice ?? null, category: overrides.category ?? null, active: overrides.active ?? true,
      }).returningAll().executeTakeFirstOrThrow();
    },
    async influencer(overrides: Partial<{
      displayName: string; language: string; country: string; payoutCurrency: string; recruitedBy: string; createdAt: Date; tierId: string;
    }> = {}) {
      return db.insertInto('influencers').values({
        display_name: overrides.displayName ?? `Influencer ${seq()}`, language: overrides.language ?? 'en',
        country: overrides.country ?? 'FR', recruit_code: generateShortCode(8),
        ...(overrides.payoutCurrency ? { payout_currency: overrides.payoutCurrency } : {}),
        ...(overrides.recruitedBy ? { recruited_by: overrides.recruitedBy } : {}),
        ...(overrides.createdAt ? { created_at: overrides.createdAt } : {}),
        ...(overrides.tierId ? { tier_id: overrides.tierId } : {}),
      }).returningAll().executeTakeFirstOrThrow();
    },
    async tier(overrides: Partial<{ name: string; minClicks30d: number; minSales30d: number; minExposure30d: number; multiplierBps: number }> = {}) {
      return db.insertInto('tiers').values({
        name: overrides.name ?? `Tier ${seq()}`, min_clicks_30d: overrides.minClicks30d ?? 0, min_sales_30d: overrides.minSales30d ?? 0,
        min_exposure_30d: overrides.minExposure30d ?? 0, multiplier_bps: overrides.multiplierBps ?? 10000,
      }).returningAll().executeTakeFirstOrThrow();
    },
    async fxRate(base: string, quote: string, rateE9: number, validFrom: Date = new Date(0)) {
      return db.insertInto('fx_rates').values({ base, quote, rate_e9: rateE9, valid_from: validFrom }).returningAll().executeTakeFirstOrThrow();
    },
    async link(influencerId: string, productId: string, overrides: Partial<{ channel: LinkChannel; groupLabel: string; landing: LinkLanding }> = {}) {
      return db.insertInto('links').values({
        code: generateShortCode(), influencer_id: influencerId, product_id: productId,
        channel: overrides.channel ?? 'telegram', group_label: overrides.groupLabel ?? '',
        ...(overrides.landing ? { landing: overrides.landing } : {}),
      }).returningAll().executeTakeFirstOrThrow();
    },
    /** A product on an influencer's storefront, with its `storefront` link; gives them `handle` when they have none. */
    async pick(influencerId: string, productId: string, overrides: Partial<{ note: string; pickedAt: Date; handle: string }> = {}) {
      if (overrides.handle) await db.updateTable('influencers').set({ handle: overrides.handle }).where('id', '=', influencerId).execute();
      const link = await db.insertInto('links').values({
        code: generateShortCode(), influencer_id: influencerId, product_id: productId, channel: 'storefront', landing: 'deal_page',
      }).returningAll().executeTakeFirstOrThrow();
      await db.insertInto('picks').values({
        influencer_id: influencerId, product_id: productId, link_id: link.id, note: overrides.note ?? null, picked_at: overrides.pickedAt ?? new Date(),
      }).execute();
      return link;
    },
  };
}
