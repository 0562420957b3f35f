import type { BalanceReader } from '../ledger/balances.ts';
import { maskPayoutAccount } from '../payouts/payout-method.ts';
import type { PayoutMethods } from '../payouts/payout-methods.service.ts';
import { shortLinkUrl } from '../links/short-link.ts';
import type { Clock } from '../shared/clock.ts';
import { foundOrThrow } from '../shared/errors.ts';
import { DATA_EXPORT_FORMAT, type DataExportStore, type InfluencerDataExport } from './data-export.ts';

/** An influencer's copy of their data (`/export`). */
export interface DataExportService {
  /** Everything kept about the influencer (core/privacy/data-export.ts); `not_found` when there is none. */
  exportFor(influencerId: string): Promise<InfluencerDataExport>;
}

export interface DataExportPorts {
  store: DataExportStore;
  /** The one balance query, the one `/balance` reads. */
  balances: BalanceReader;
  clock: Clock;
  /** Base of the tracked links. */
  publicUrl: string;
  /** Their payout method, shown masked in the file (a copy sent over chat is no place for a full bank account). */
  payoutMethods?: PayoutMethods;
}

export function dataExportService(ports: DataExportPorts): DataExportService {
  return {
    async exportFor(influencerId) {
      const [records, balances, method] = await Promise.all([
        ports.store.recordsOf(influencerId), ports.balances.influencerBalances(influencerId), ports.payoutMethods?.find(influencerId),
      ]);
      const found = foundOrThrow(records, 'influencer', influencerId);
      return {
        format: DATA_EXPORT_FORMAT,
        generatedAt: ports.clock.now().toISOString(),
        ...found,
        links: found.links.map((link) => ({ ...link, url: shortLinkUrl(ports.publicUrl, link) })),
        balances,
        payoutMethod: method ? { kind: method.kind, account: maskPayoutAccount(method) } : null,
      };
    },
  };
}

/** The file name of an export made at `at`: `dealcast-my-data-2026-12-04.json`. */
export function dataExportFileName(at: Date): string {
  return `dealcast-my-data-${at.toISOString().slice(0, 10)}.json`;
}
