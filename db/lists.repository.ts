import type { Kysely } from 'kysely';
import type { CommissionStatus } from '../core/commissions/commission.ts';
import type { ConversionStatus } from '../core/conversions/conversions.ports.ts';
import type { Page, PageQuery, TimeRange } from '../core/shared/paging.ts';
import { toPage } from './paging.ts';
import type { ClickRow, CommissionRow, ConversionRow, Database } from './schema.ts';

// Read-only lists for the admin API, newest first, paged by keyset on id.

export interface ClickFilter extends TimeRange {
  linkId?: string;
  influencerId?: string;
  productId?: string;
  counted?: boolean;
  /** Only clicks on this vendor's products (vendor-role admins). */
  vendorId?: string;
}

export async function listClicks(db: Kysely<Database>, filter: ClickFilter, page: PageQuery): Promise<Page<ClickRow>> {
  let query = db.selectFrom('clicks').selectAll('clicks');
  if (filter.linkId) query = query.where('clicks.link_id', '=', filter.linkId);
  if (filter.influencerId) query = query.where('clicks.influencer_id', '=', filter.influencerId);
  if (filter.productId) query = query.where('clicks.product_id', '=', filter.productId);
  if (filter.counted !== undefined) query = query.where('clicks.counted', '=', filter.counted);
  if (filter.from) query = query.where('clicks.clicked_at', '>=', filter.from);
  if (filter.to) query = query.where('clicks.clicked_at', '<', filter.to);
  if (filter.vendorId) {
    const vendorId = filter.vendorId;
    query = query.where('clicks.product_id', 'in', (eb) => eb.selectFrom('products').select('products.id').where('products.vendor_id', '=', vendorId));
  }
  if (page.after) query = query.where('clicks.id', '<', page.after);
  return toPage(await query.orderBy('clicks.id', 'desc').limit(page.limit + 1).execute(), page.limit);
}

export interface ConversionFilter extends TimeRange {
  status?: ConversionStatus;
  influencerId?: string;
  vendorId?: string;
}

/** Conversions by the time the order happened (`occurredAt`). */
export async function listConversions(db: Kysely<Database>, filter: ConversionFilter, page: PageQuery): Promise<Page<ConversionRow>> {
  let query = db.selectFrom('conversions').selectAll();
  if (filter.status) query = query.where('status', '=', filter.status);
  if (filter.influencerId) query = query.where('influencer_id', '=', filter.influencerId);
  if (filter.vendorId) query = query.where('vendor_id', '=', filter.vendorId);
  if (filter.from) query = query.where('occurred_at', '>=', filter.from);
  if (filter.to) query = query.where('occurred_at', '<', filter.to);
  if (page.after) query = query.where('id', '<', page.after);
  return toPage(await query.orderBy('id', 'desc').limit(page.limit + 1).execute(), page.limit);
}

export async function findConversionById(db: Kysely<Database>, id: string): Promise<ConversionRow | undefined> {
  return db.selectFrom('conversions').selectAll().where('id', '=', id).executeTakeFirst();
}

export interface CommissionFilter extends TimeRange {
  status?: CommissionStatus;
  influencerId?: string;
  /** Only commissions on this vendor's brands (vendor-role admins). */
  vendorId?: string;
}

/** Commissions by the time they were earned (`createdAt`). */
export async function listCommissions(db: Kysely<Database>, filter: CommissionFilter, page: PageQuery): Promise<Page<CommissionRow>> {
  let query = db.selectFrom('commissions').selectAll();
  if (filter.status) query = query.where('status', '=', filter.status);
  if (filter.influencerId) query = query.where('influencer_id', '=', filter.influencerId);
  if (filter.from) query = query.where('created_at', '>=', filter.from);
  if (filter.to) query = query.where('created_at', '<', filter.to);
  if (filter.vendorId) {
    const vendorId = filter.vendorId;
    query = query.where('brand_id', 'in', (eb) => eb.selectFrom('brands').select('brands.id').where('brands.vendor_id', '=', vendorId));
  }
  if (page.after) query = query.where('id', '<', page.after);
  return toPage(await query.orderBy('id', 'desc').limit(page.limit + 1).execute(), page.limit);
}

export async function findCommissionById(db: Kysely<Database>, id: string): Promise<CommissionRow | undefined> {
  return db.selectFrom('commissions').selectAll().where('id', '=', id).executeTakeFirst();
}
