import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { admin, type Page } from '../../http/client.ts';

// The admin API's influencer shapes as the console reads them, and the calls the pages share.

export type InfluencerStatus = 'pending' | 'active' | 'suspended' | 'deleted';
export const INFLUENCER_STATUSES: InfluencerStatus[] = ['pending', 'active', 'suspended', 'deleted'];

export interface Influencer {
  id: string; displayName: string; language: string; country: string | null; status: InfluencerStatus;
  statusReason: string | null; statusChangedAt: string | null; statusChangedBy: string | null;
  recruitCode: string; recruitedBy: string | null; tierId: string | null; tierPinned: boolean; payoutCurrency: string; createdAt: string;
  /** The storefront's handle and address (`<PUBLIC_URL>/s/<handle>`), given at the first /pick in chat. */
  storefrontHandle: string | null; storefrontUrl: string | null;
}

export interface Identity {
  id: string; channel: 'telegram' | 'whatsapp' | 'playground'; externalId: string; username: string | null; active: boolean;
  firstSeenAt: string; lastSeenAt: string | null;
}

export { useTiers } from '../tiers/tier-api.ts';

export interface Balances { currency: string; pending: number; available: number; inPayout: number; paid: number }
export interface InfluencerMoney { influencerId: string; payoutCurrency: string; tierId: string | null; tierPinned: boolean; balances: Balances[] }

export interface LedgerLine { id: string; at: string; transactionId: string; kind: string; account: string; amount: number; currency: string }

export type StepKind = 'click' | 'order' | 'commission' | 'hold' | 'release' | 'approval' | 'reversal' | 'payout' | 'payout_approved' | 'payout_paid' | 'payout_failed';
export interface TrailStep { kind: StepKind; at: string | null; expected: boolean; by: string; byName: string | null; note: string | null; ledger: LedgerLine[] }

export interface TrailEntry {
  id: string;
  click: { id: string; clickedAt: string; linkId: string; linkCode: string; channel: string; groupLabel: string; counted: boolean; notCountedBecause: string | null } | null;
  order: {
    id: string; orderId: string; vendorId: string; vendorName: string; productId: string | null; productTitle: string | null; brandName: string | null;
    amount: number; refundedAmount: number; currency: string; status: string; attributionReason: string | null; occurredAt: string; receivedAt: string;
  };
  commission: {
    id: string; status: string; amount: number; reversedAmount: number; currency: string; baseAmount: number; baseRateBps: number; rateBps: number;
    tierId: string | null; tierName: string | null; tierMultiplierBps: number; payoutAmount: number; reversedPayoutAmount: number; payoutCurrency: string;
    createdAt: string; approvesAt: string; approvedAt: string | null; reversedAt: string | null; lockDays: number;
    heldAt: string | null; holdReason: string | null; heldBy: string | null; payoutId: string | null;
  } | null;
  payout: { id: string; status: string; reference: string | null; paidAt: string | null } | null;
  steps: TrailStep[];
}

export interface AuditRecord { id: string; at: string; actor: string; action: string; details: Record<string, unknown> | null }

export const influencerKey = (id: string) => ['influencers', 'one', id] as const;

export function useInfluencer(id: string) {
  return useQuery({ queryKey: influencerKey(id), queryFn: ({ signal }) => admin.get<Influencer>(`/influencers/${id}`, {}, signal) });
}

/** A write on one influencer: afterwards the influencer, its lists and its history are read again. */
export function useInfluencerWrite<A>(id: string, write: (arg: A) => Promise<unknown>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: write,
    onSuccess: () => Promise.all([
      queryClient.invalidateQueries({ queryKey: ['influencers'] }),
      queryClient.invalidateQueries({ queryKey: ['influencer-audit', id] }),
      queryClient.invalidateQueries({ queryKey: ['influencer-money', id] }),
    ]),
  });
}

export const fetchInfluencers = (query: Record<string, string | undefined>, cursor: string | undefined, signal: AbortSignal) =>
  admin.get<Page<Influencer>>('/influencers', { ...query, cursor }, signal);
