import type { LinkLanding } from '../links/links.service.ts';
import type { CommissionKind, CommissionStatus } from '../commissions/commission.ts';
import type { ConversionStatus } from '../conversions/conversions.ports.ts';
import type { InfluencerStatus } from '../influencers/influencer-accounts.service.ts';
import type { InfluencerBalance } from '../ledger/balances.ts';
import type { PayoutStatus } from '../payouts/payouts.ports.ts';

// What an influencer gets when they ask for their data (`/export`): everything dealcast keeps
// about them, and nothing about anyone else. Clicks are counts per link (never a visitor's
// row), orders carry the shop's order id and amounts (never a buyer), commissions earned on a
// recruit's sale carry no order id, and recruits are a count.

/** Names the document's shape; a later version changes the name. */
export const DATA_EXPORT_FORMAT = 'dealcast.influencer-data.v1';

/** Money is integer minor units of `currency`; times are ISO 8601 (UTC). */
export interface InfluencerDataExport {
  format: typeof DATA_EXPORT_FORMAT;
  generatedAt: string;
  profile: {
    id: string;
    displayName: string;
    language: string;
    country: string | null;
    status: InfluencerStatus;
    recruitCode: string;
    /** Whether they registered through someone's invite (who invited them is that person's data). */
    invited: boolean;
    tier: { name: string; multiplierBps: number; pinned: boolean } | null;
    payoutCurrency: string;
    /** The line they put at the top of their deal cards (`/intro`), when they set one. */
    introLine: string | null;
    termsAcceptedAt: string | null;
    registeredAt: string;
  };
  chatIdentities: {
    channel: string;
    /** The channel's user id (Telegram) or phone number (WhatsApp). */
    userId: string;
    username: string | null;
    active: boolean;
    firstSeenAt: string;
    lastSeenAt: string | null;
  }[];
  brands: { brand: string; status: string; requestedAt: string; decidedAt: string | null }[];
  links: {
    code: string;
    url: string;
    channel: string;
    /** Where the url leads: the vendor or the deal page. */
    landing: LinkLanding;
    groupLabel: string;
    createdAt: string;
    product: { id: string; sku: string; title: string; brand: string };
    clicks: { total: number; counted: number };
  }[];
  /** Orders attributed to their links. */
  orders: {
    orderId: string;
    linkCode: string | null;
    product: string | null;
    amount: number;
    refundedAmount: number;
    currency: string;
    status: ConversionStatus;
    occurredAt: string;
    receivedAt: string;
  }[];
  commissions: {
    id: string;
    /** `sale`: their own order; `override`: a share of a recruit's commission. */
    kind: CommissionKind;
    /** The order of a `sale`; null for an `override`, whose order is the recruit's. */
    orderId: string | null;
    status: CommissionStatus;
    amount: number;
    reversedAmount: number;
    currency: string;
    payoutAmount: number;
    reversedPayoutAmount: number;
    payoutCurrency: string;
    rateBps: number;
    createdAt: string;
    approvedAt: string | null;
    reversedAt: string | null;
    payoutId: string | null;
  }[];
  payouts: {
    id: string;
    amount: number;
    currency: string;
    status: PayoutStatus;
    reference: string | null;
    createdAt: string;
    approvedAt: string | null;
    paidAt: string | null;
    failedAt: string | null;
  }[];
  /** Per currency, from the ledger: the balance `/balance` shows. */
  balances: InfluencerBalance[];
  /** How many people registered with their invite. */
  recruits: number;
  /** Their storefront (`/pick`): its handle and the picks with their own notes, newest first. */
  storefront: { handle: string | null; picks: { productId: string; product: string; note: string | null; pickedAt: string }[] };
  /** Where their payouts go, masked as chat shows it ("PL61 **** **** 2874"); null when none is set. */
  payoutMethod: { kind: string; account: string } | null;
}

/** The rows of one influencer as the store reads them; link URLs and the balance are added by the service. */
export type DataExportRecords = Omit<InfluencerDataExport, 'format' | 'generatedAt' | 'links' | 'balances' | 'payoutMethod'> & {
  links: (Omit<InfluencerDataExport['links'][number], 'url'>)[];
};

/** Reads one influencer's rows, each query keyed by that influencer; db/data-export.repository.ts implements it. */
export interface DataExportStore {
  /** Undefined when there is no such influencer. */
  recordsOf(influencerId: string): Promise<DataExportRecords | undefined>;
}
