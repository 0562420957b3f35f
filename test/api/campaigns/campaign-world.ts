import { joinCampaign } from '../../../core/campaigns/campaign-chat.ts';
import { campaignChatStore } from '../../../db/campaigns-chat.repository.ts';
import { factories } from '../../factories/index.ts';
import type { TestApp } from '../../support/app.ts';
import { sendSigned, type VendorCredentials } from '../../support/vendor.ts';
import { adminClient } from '../admin/admin-client.ts';

const DAY = 24 * 60 * 60 * 1000;

/** A vendor with a brand and product, its vendor account, and an influencer approved to promote the brand, with a link. */
export async function campaignShop(t: TestApp, options: { lockDays?: number; brandRateBps?: number } = {}) {
  const make = factories(t.database.db, t.deps.secretBox);
  const vendor = await make.vendor();
  const brand = await make.brand(vendor.id, { commissionRateBps: options.brandRateBps ?? 1000, lockDays: options.lockDays ?? 30 });
  const product = await make.product(brand);
  const account = await adminClient(t, 'vendor', vendor.id);
  const influencer = await make.influencer();
  await approveMember(t, influencer.id, brand.id);
  const link = await make.link(influencer.id, product.id);
  return { make, vendor, brand, product, account, influencer, link, credentials: vendor.credentials };
}

export async function approveMember(t: TestApp, influencerId: string, brandId: string): Promise<void> {
  await t.database.db.insertInto('brand_memberships').values({ influencer_id: influencerId, brand_id: brandId, status: 'approved', created_at: new Date() }).execute();
}

/** A campaign body running from a day ago for a week, with an extra 5 % and a code. */
export function campaignBody(brandId: string, overrides: Record<string, unknown> = {}) {
  return {
    brandId, title: 'Winter push', startsAt: new Date(Date.now() - DAY).toISOString(), endsAt: new Date(Date.now() + 7 * DAY).toISOString(),
    bonusRateBps: 500, currency: 'EUR', promoCode: `W${Math.random().toString(36).slice(2, 8).toUpperCase()}`, spendCap: 100_000, status: 'open', ...overrides,
  };
}

/** Joins through the same core call `/campaigns N` makes; answers the member's personal code. */
export async function join(t: TestApp, campaignId: string, influencerId: string): Promise<string | null> {
  const outcome = await joinCampaign(campaignChatStore(t.database.db), influencerId, campaignId, new Date());
  if (outcome.status !== 'joined') throw new Error(`could not join campaign ${campaignId}`);
  return outcome.promoCode;
}

export const postConversion = (t: TestApp, credentials: VendorCredentials, body: unknown) =>
  sendSigned(t.app, credentials, { method: 'POST', url: '/api/v1/conversions', body });
export const postRefund = (t: TestApp, credentials: VendorCredentials, orderId: string, body: unknown) =>
  sendSigned(t.app, credentials, { method: 'POST', url: `/api/v1/conversions/${encodeURIComponent(orderId)}/refunds`, body });
