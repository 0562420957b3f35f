import type { Caller } from '../../core/access/access.ts';
import type { CommissionTrail } from '../../core/commissions/commission-trail.service.ts';
import type { LedgerCheckReport } from '../../core/ledger/ledger-check.ts';
import type { AccountTotal, StatementLine } from '../../core/ledger/ledger-reads.ports.ts';
import type { FxRateInput } from '../../core/money/fx-rates.ts';
import type { FxRate } from '../../core/money/fx-rates.ports.ts';
import type { PayoutCurrencyChange } from '../../core/payouts/payout-currency.service.ts';
import type { PayoutFilter, PayoutListItem, PayoutRunSummary } from '../../core/payouts/payout-reads.ports.ts';
import type { PayoutDetail, PayoutExportFilter, PayoutPaymentLine } from '../../core/payouts/payout-reads.service.ts';
import type { PayoutRun } from '../../core/payouts/payouts.service.ts';
import type { Payout, PayoutSelection } from '../../core/payouts/payouts.ports.ts';
import type { InfluencerMoney } from '../../core/settlement/influencer-money.service.ts';
import type { CommissionReview, ConversionReview, FraudResult } from '../../core/settlement/review.service.ts';
import type { ApprovalRun, CommissionReversalResult } from '../../core/settlement/settlement.service.ts';
import type { Page, PageQuery } from '../../core/shared/paging.ts';
import type { StoredExposureWeights, TierChange } from '../../core/tiers/tiers.ports.ts';
import type { Tier, TierInput } from '../../core/tiers/tiers.ts';

/**
 * What the HTTP app needs for the money routes: core services and read stores, built by
 * cli/services/money.services.ts and handed in. No database handle crosses this line.
 */
export interface MoneyApi {
  readonly influencers: {
    /** Balances (the one balance query chat `/balance` reads too), commissions by status, latest payouts. */
    money(influencerId: string): Promise<InfluencerMoney>;
    statement(influencerId: string, page: PageQuery): Promise<Page<StatementLine>>;
    setPayoutCurrency(caller: Caller, input: { influencerId: string; currency: string }): Promise<PayoutCurrencyChange>;
  };
  readonly commissions: {
    trail(caller: Caller, commissionId: string): Promise<CommissionTrail>;
    reverse(caller: Caller, input: { commissionId: string; reason: string }): Promise<CommissionReversalResult>;
    approveMatured(caller: Caller): Promise<ApprovalRun>;
  };
  /** Review before money moves: holds, releases, fraud (core/settlement/review.service.ts). */
  readonly review: {
    holdCommission(caller: Caller, input: { commissionId: string; reason: string }): Promise<CommissionReview>;
    releaseCommission(caller: Caller, input: { commissionId: string }): Promise<CommissionReview>;
    holdConversion(caller: Caller, input: { conversionId: string; reason: string }): Promise<ConversionReview>;
    releaseConversion(caller: Caller, input: { conversionId: string }): Promise<ConversionReview>;
    markFraud(caller: Caller, input: { conversionId: string; reason: string }): Promise<FraudResult>;
  };
  readonly payouts: {
    list(filter: PayoutFilter, page: PageQuery): Promise<Page<PayoutListItem>>;
    runs(): Promise<PayoutRunSummary[]>;
    batch(filter: PayoutExportFilter): Promise<PayoutPaymentLine[]>;
    detail(payoutId: string): Promise<PayoutDetail>;
    run(caller: Caller, input: { runKey?: string }): Promise<PayoutRun>;
    approve(caller: Caller, input: { payoutId: string }): Promise<Payout>;
    approveBatch(caller: Caller, input: PayoutSelection): Promise<Payout[]>;
    markPaid(caller: Caller, input: { payoutId: string; reference: string }): Promise<Payout>;
    markFailed(caller: Caller, input: { payoutId: string; reason: string }): Promise<Payout>;
  };
  readonly ledger: {
    check(): Promise<LedgerCheckReport>;
    accountTotals(): Promise<AccountTotal[]>;
  };
  readonly tiers: {
    list(): Promise<Tier[]>;
    create(caller: Caller, input: Required<TierInput>): Promise<Tier>;
    change(caller: Caller, tierId: string, changes: TierInput): Promise<Tier>;
    delete(caller: Caller, tierId: string): Promise<void>;
    assign(caller: Caller): Promise<{ changed: number; changes: TierChange[] }>;
    setInfluencerTier(caller: Caller, input: { influencerId: string; tierId: string | null; pinned: boolean }): Promise<TierChange>;
    unpinInfluencerTier(caller: Caller, input: { influencerId: string }): Promise<void>;
    exposureWeights(): Promise<StoredExposureWeights>;
    setExposureWeights(caller: Caller, input: Record<string, unknown>): Promise<StoredExposureWeights>;
  };
  readonly fxRates: {
    list(filter: { base?: string; quote?: string; history?: boolean }): Promise<FxRate[]>;
    set(caller: Caller, input: FxRateInput): Promise<FxRate>;
    import(caller: Caller, lines: { line: number; input: FxRateInput }[]): Promise<FxRate[]>;
  };
}
