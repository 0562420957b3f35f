import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { admin, adminUrl, type Page } from '../../http/client.ts';

// The admin API's payouts: the list, runs, the decisions (approve, paid, failed) and the CSV export.

export const PAYOUT_STATUSES = ['pending', 'approved', 'paid', 'failed'] as const;
export type PayoutStatus = (typeof PAYOUT_STATUSES)[number];

/** A payout as the writes (approve, paid, failed) answer it. */
export interface PayoutRecord {
  id: string; influencerId: string; currency: string; amount: number; status: PayoutStatus; runKey: string; reference: string | null;
  createdAt: string; approvedAt: string | null; paidAt: string | null; failedAt: string | null; failureReason: string | null;
}

/** A payout as the list and the detail show it: with the influencer's display name. */
export interface Payout extends PayoutRecord { influencerName: string }

export interface PayoutRunSummary { runKey: string; currency: string; payouts: number; total: number; createdAt: string }

export interface PayoutRun {
  runKey: string;
  payouts: { id: string; influencerId: string; currency: string; amount: number; commissions: number }[];
  totals: Record<string, number>;
}

export const FILTER_KEYS = ['from', 'to', 'status', 'currency', 'influencerId', 'runKey'] as const;
export type PayoutFilters = Partial<Record<(typeof FILTER_KEYS)[number], string>>;

export const listPayouts = (filters: PayoutFilters) => (cursor: string | undefined, signal: AbortSignal) =>
  admin.get<Page<Payout>>('/payouts', { ...filters, cursor, limit: 50 }, signal);

/** The API's payment file for the same filters; every status unless one is picked. */
export const exportUrl = (filters: PayoutFilters): string => adminUrl('/payouts/export', { ...filters, status: filters.status ?? 'all' });

export function useRuns() {
  return useQuery({ queryKey: ['payout-runs'], queryFn: ({ signal }) => admin.get<{ items: PayoutRunSummary[] }>('/payouts/runs', {}, signal) });
}

/** Every payout write; afterwards the lists, the runs and what shows money reload. */
export function usePayoutWrite<T, V>(write: (variables: V) => Promise<T>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: write,
    onSuccess: async () => {
      await Promise.all(['payouts', 'payout-runs', 'conversion-commissions'].map((key) => queryClient.invalidateQueries({ queryKey: [key] })));
    },
  });
}

export const runPayouts = () => admin.post<PayoutRun>('/payouts/runs', {});
export const approvePayout = (id: string) => admin.post<PayoutRecord>(`/payouts/${id}/approve`);
export const markPaid = ({ id, reference }: { id: string; reference: string }) => admin.post<PayoutRecord>(`/payouts/${id}/paid`, { reference });
export const markFailed = ({ id, reason }: { id: string; reason: string }) => admin.post<PayoutRecord>(`/payouts/${id}/failed`, { reason });

/** Approves the pending payouts among these, 500 at a time (the API's limit per call). */
export async function approveAll(ids: string[]): Promise<PayoutRecord[]> {
  const approved: PayoutRecord[] = [];
  for (let i = 0; i < ids.length; i += 500) {
    approved.push(...(await admin.post<{ approved: PayoutRecord[] }>('/payouts/approve-batch', { payoutIds: ids.slice(i, i + 500) })).approved);
  }
  return approved;
}
