import { useQuery } from '@tanstack/react-query';
import { admin, type Page } from '../../http/client.ts';
import { locale } from '../../ui/format.ts';

// What the catalog pages (vendors, brands, products) read from the admin API, and the rate
// arithmetic they share. Rates travel in basis points; people type percentages.

export interface Vendor { id: string; name: string; keyId: string; minRateBps: number; maxRateBps: number; createdAt: string }
export interface VendorWithSecret extends Vendor { secret: string }
/** After a rotation: until when the replaced secret still works; null when it stopped at once. */
export interface RotatedSecret extends VendorWithSecret { previousSecretExpiresAt: string | null }

/** Hours the replaced secret keeps working after a rotation made here (what the texts promise). */
export const ROTATION_GRACE_HOURS = 24;

/** The rotation of a vendor's signing secret: the replaced one keeps working for the grace, or stops at once (a leaked secret). */
export function rotateSecretPath(vendorId: string, atOnce: boolean): string {
  return `/vendors/${vendorId}/rotate-secret?graceHours=${atOnce ? 0 : ROTATION_GRACE_HOURS}`;
}

export interface Brand {
  id: string; vendorId: string; name: string; slug: string; commissionRateBps: number; lockDays: number;
  attributionWindowDays: number; autoApprove: boolean; erid: string | null; createdAt: string; pendingJoinRequests?: number;
}

export interface Product {
  id: string; vendorId: string; brandId: string; sku: string; title: string; description: string | null; url: string;
  imageUrl: string | null; category: string | null; price: number; listPrice: number | null; currency: string;
  commissionRateBps: number | null; active: boolean; createdAt: string; updatedAt: string;
}

export type MembershipStatus = 'pending' | 'approved' | 'rejected';
export interface JoinRequest {
  id: string; brandId: string; brandName: string; brandSlug: string; influencerId: string; influencerName: string;
  influencerCountry: string | null; status: MembershipStatus; createdAt: string; decidedAt: string | null;
}

/** Up to 500 of a list in one page: the menus of vendors and brands. */
const MENU_SIZE = 500;

/** Every vendor the caller may see (a vendor account: its own), for names and menus. */
export function useVendors() {
  return useQuery({
    queryKey: ['vendors', 'menu'],
    queryFn: ({ signal }) => admin.get<Page<Vendor>>('/vendors', { limit: MENU_SIZE }, signal),
    select: (page) => page.items,
    staleTime: 30_000,
  });
}

/** Every brand the caller may see, for names and menus. */
export function useBrands() {
  return useQuery({
    queryKey: ['brands', 'menu'],
    queryFn: ({ signal }) => admin.get<Page<Brand>>('/brands', { limit: MENU_SIZE }, signal),
    select: (page) => page.items,
    staleTime: 30_000,
  });
}

/** "8,5" or "8.5" (percent) → 850 bps; null unless a percentage from 0 to 100 with at most 2 decimals. */
export function parsePercent(text: string): number | null {
  const match = text.trim().replace(/\s|%/g, '').match(/^(\d{1,3})(?:[.,](\d{0,2}))?$/);
  if (!match) return null;
  const bps = Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
  return bps <= 10_000 ? bps : null;
}

/** 850 → "8,5" in the console's language, for an input to start from. */
export const percentInput = (bps: number): string => new Intl.NumberFormat(locale(), { maximumFractionDigits: 2, useGrouping: false }).format(bps / 100);

/** Whether a vendor's limits leave any room (0 % to 100 % means none set). */
export const hasLimits = (vendor: Pick<Vendor, 'minRateBps' | 'maxRateBps'>): boolean => vendor.minRateBps > 0 || vendor.maxRateBps < 10_000;
