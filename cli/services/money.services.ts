import type { MoneyApi } from '../../api/services/money.ts';
import { commissionTrail } from '../../core/commissions/commission-trail.service.ts';
import { checkLedger } from '../../core/ledger/ledger-check.ts';
import { importFxRates, listFxRates, setFxRate, type FxRateContext } from '../../core/money/fx-rates.service.ts';
import { setPayoutCurrency } from '../../core/payouts/payout-currency.service.ts';
import { latestPayoutRuns, payoutBatch, payoutDetail } from '../../core/payouts/payout-reads.service.ts';
import { approvePayout, approvePayoutBatch, markPayoutFailed, markPayoutPaid, runPayoutsNow, type PayoutContext } from '../../core/payouts/payouts.service.ts';
import { influencerMoney } from '../../core/settlement/influencer-money.service.ts';
import { holdCommission, holdConversion, markConversionFraud, releaseCommission, releaseConversion, type ReviewContext } from '../../core/settlement/review.service.ts';
import { approveMaturedCommissions, reverseCommission, type SettlementContext } from '../../core/settlement/settlement.service.ts';
import {
  assignTiers, changeTier, createTier, deleteTier, readExposureWeights, setExposureWeights, setInfluencerTier, unpinInfluencerTier, type TierContext,
} from '../../core/tiers/tiers.service.ts';
import { createFxRateStore } from '../../db/fx-rates.repository.ts';
import { createLedgerCheckStore } from '../../db/ledger-check.repository.ts';
import { balanceReader, ledgerReads } from '../../db/ledger.repository.ts';
import { commissionReads, createPayoutCurrencyStore, moneyProfiles } from '../../db/money.repository.ts';
import { payoutReads } from '../../db/payout-lists.repository.ts';
import { createPayoutStore } from '../../db/payouts.repository.ts';
import { createReviewStore } from '../../db/commission-review.repository.ts';
import { createSettlementStore } from '../../db/settlement.repository.ts';
import { createTierStore } from '../../db/tiers.repository.ts';
import type { ServiceInfrastructure } from '../app-services.ts';

/** The money services on the database, for the api role (and the tests, through createTestApp). */
export function buildMoneyApi(infra: ServiceInfrastructure): MoneyApi {
  const { db, clock, notifier, logger } = infra;
  const onNotifyError = (what: string) => (err: unknown) => logger.error({ err }, `${what} notification could not be handed over`);
  const settlement: SettlementContext = { store: createSettlementStore(db), clock, notifier, onNotifyError: onNotifyError('settlement') };
  const review: ReviewContext = { store: createReviewStore(db), clock, notifier, onNotifyError: onNotifyError('review') };
  const payouts: PayoutContext = { store: createPayoutStore(db), clock, notifier, onNotifyError: onNotifyError('payout') };
  const tiers: TierContext = { store: createTierStore(db), clock, notifier, onNotifyError: onNotifyError('tier') };
  const fxRates: FxRateContext = { store: createFxRateStore(db), clock };
  const payoutCurrencies = createPayoutCurrencyStore(db);
  const ledgerCheck = createLedgerCheckStore(db);
  const reads = {
    profiles: moneyProfiles(db), balances: balanceReader(db), commissions: commissionReads(db), payouts: payoutReads(db), ledger: ledgerReads(db),
    secretBox: infra.secretBox,
  };

  return {
    influencers: {
      money: (influencerId) => influencerMoney(reads, influencerId),
      statement: (influencerId, page) => reads.ledger.statement(influencerId, page),
      setPayoutCurrency: (caller, input) => setPayoutCurrency(payoutCurrencies, caller, input),
    },
    commissions: {
      trail: (caller, commissionId) => commissionTrail(reads, caller, commissionId),
      reverse: (caller, input) => reverseCommission(settlement, caller, input),
      approveMatured: (caller) => approveMaturedCommissions(settlement, caller),
    },
    review: {
      holdCommission: (caller, input) => holdCommission(review, caller, input),
      releaseCommission: (caller, input) => releaseCommission(review, caller, input),
      holdConversion: (caller, input) => holdConversion(review, caller, input),
      releaseConversion: (caller, input) => releaseConversion(review, caller, input),
      markFraud: (caller, input) => markConversionFraud(review, caller, input),
    },
    payouts: {
      list: (filter, page) => reads.payouts.listPayouts(filter, page),
      runs: () => latestPayoutRuns(reads),
      batch: (filter) => payoutBatch(reads, filter),
      detail: (payoutId) => payoutDetail(reads, payoutId),
      run: (caller, input) => runPayoutsNow(payouts, caller, input),
      approve: (caller, input) => approvePayout(payouts, caller, input),
      approveBatch: (caller, input) => approvePayoutBatch(payouts, caller, input),
      markPaid: (caller, input) => markPayoutPaid(payouts, caller, input),
      markFailed: (caller, input) => markPayoutFailed(payouts, caller, input),
    },
    ledger: {
      check: () => checkLedger(ledgerCheck, clock.now()),
      accountTotals: () => reads.ledger.accountTotals(),
    },
    tiers: {
      list: () => tiers.store.listTiers(),
      create: (caller, input) => createTier(tiers, caller, input),
      change: (caller, tierId, changes) => changeTier(tiers, caller, tierId, changes),
      delete: (caller, tierId) => deleteTier(tiers, caller, tierId),
      assign: (caller) => assignTiers(tiers, caller),
      setInfluencerTier: (caller, input) => setInfluencerTier(tiers, caller, input),
      unpinInfluencerTier: (caller, input) => unpinInfluencerTier(tiers, caller, input),
      exposureWeights: () => readExposureWeights(tiers),
      setExposureWeights: (caller, input) => setExposureWeights(tiers, caller, input),
    },
    fxRates: {
      list: (filter) => listFxRates(fxRates, filter),
      set: (caller, input) => setFxRate(fxRates, caller, input),
      import: (caller, lines) => importFxRates(fxRates, caller, lines),
    },
  };
}
