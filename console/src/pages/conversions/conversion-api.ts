import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { admin, type Page } from '../../http/client.ts';

// The admin API's conversions and commissions (GET /conversions, /commissions) and the review
// writes (hold, release, fraud, reverse) the page makes.

export const CONVERSION_STATUSES = ['attributed', 'unattributed', 'refunded', 'partially_refunded'] as const;

export interface Conversion {
  id: string; vendorId: string; orderId: string; clickId: string | null; linkId: string | null; influencerId: string | null; productId: string | null;
  amount: number; refundedAmount: number; currency: string; status: (typeof CONVERSION_STATUSES)[number];
  attributionReason: string | null; selfPurchase: boolean; occurredAt: string; receivedAt: string;
  held: boolean; holdReason: string | null; heldAt: string | null; fraudAt: string | null; fraudReason: string | null;
  /** The attributed influencer's display name, the link's code and group label (null when unattributed). */
  influencerName: string | null; linkCode: string | null; linkGroupLabel: string | null;
}

export type CommissionStatus = 'pending' | 'approved' | 'in_payout' | 'paid' | 'reversed';

export interface Commission {
  id: string; conversionId: string; influencerId: string; brandId: string; kind: 'sale' | 'override';
  baseAmount: number; amount: number; reversedAmount: number; currency: string; rateBps: number; baseRateBps: number;
  tierId: string | null; tierMultiplierBps: number; status: CommissionStatus; payoutId: string | null;
  approvesAt: string; createdAt: string; approvedAt: string | null; reversedAt: string | null;
  held: boolean; holdReason: string | null; heldAt: string | null; heldBy: string | null;
}

/** The page's filters, as the URL keeps them (`held=1` from the dashboard's alert). */
export const FILTER_KEYS = ['from', 'to', 'status', 'held', 'influencerId'] as const;
export type ConversionFilters = Partial<Record<(typeof FILTER_KEYS)[number], string>>;

/** The URL's filters as the API's query. */
export function apiQuery(filters: ConversionFilters) {
  const held = filters.held === '1' || filters.held === 'true' ? true : filters.held === '0' || filters.held === 'false' ? false : undefined;
  return { from: filters.from, to: filters.to, status: filters.status, influencerId: filters.influencerId, held };
}

export const listConversions = (filters: ConversionFilters) => (cursor: string | undefined, signal: AbortSignal) =>
  admin.get<Page<Conversion>>('/conversions', { ...apiQuery(filters), cursor, limit: 50 }, signal);

export function useConversion(id: string | undefined) {
  return useQuery({ queryKey: ['conversion', id], enabled: Boolean(id), queryFn: ({ signal }) => admin.get<Conversion>(`/conversions/${id}`, {}, signal) });
}

export function useConversionCommissions(id: string | undefined) {
  return useQuery({
    queryKey: ['conversion-commissions', id], enabled: Boolean(id),
    queryFn: ({ signal }) => admin.get<Page<Commission>>('/commissions', { conversionId: id, limit: 100 }, signal),
  });
}

/** A review write; afterwards every view of conversions and commissions reloads. */
export function useReview() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ path, body }: { path: string; body?: unknown }) => admin.post<unknown>(path, body ?? {}),
    onSuccess: async () => {
      await Promise.all(['conversions', 'conversion', 'conversion-commissions'].map((key) => queryClient.invalidateQueries({ queryKey: [key] })));
    },
  });
}

export interface ApprovalRun { approved: number; overrides: number; batches: number; totals: Record<string, number> }

export function useApprovalRun() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => admin.post<ApprovalRun>('/commissions/approvals'),
    onSuccess: async () => {
      await Promise.all(['conversions', 'conversion', 'conversion-commissions'].map((key) => queryClient.invalidateQueries({ queryKey: [key] })));
    },
  });
}

/** Minor units as an exact decimal for a CSV: 12345 EUR → "123.45". */
