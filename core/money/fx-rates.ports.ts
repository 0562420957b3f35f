import type { AuditLog } from '../audit/audit.ports.ts';
import type { UnitOfWork } from '../shared/unit-of-work.ts';

/** A stored rate: quote units per base unit × 10^9, in force from `validFrom`. */
export interface FxRate {
  base: string;
  quote: string;
  rateE9: number;
  validFrom: Date;
}

export interface FxRateFilter {
  base?: string;
  quote?: string;
  /** Only the rate in force now for each pair (default), or every stored rate. */
  history?: boolean;
}

/** The rate writes, bound to one transaction (db/fx-rates.repository.ts). */
export interface FxRateTx {
  /** The rate stored for exactly this pair and instant, if any (an upsert replaces it). */
  findStoredRate(base: string, quote: string, validFrom: Date): Promise<FxRate | undefined>;
  /** Stores rates; one for a stored pair and instant replaces it. Returns them as stored. */
  upsertRates(rates: readonly FxRate[]): Promise<FxRate[]>;
}

export interface FxRateStores {
  fxRates: FxRateTx;
  audit: AuditLog;
}

/** Where rates are kept: each `unitOfWork` call is one transaction; `listRates` reads outside one. */
export interface FxRateStore {
  unitOfWork: UnitOfWork<FxRateStores>;
  /** Newest first per pair; by default only the one in force at `now` for each pair. */
  listRates(filter: FxRateFilter, now: Date): Promise<FxRate[]>;
}
