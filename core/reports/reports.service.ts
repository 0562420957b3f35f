import type { Caller, Scope } from '../access/access.ts';
import { reasonSeenBy } from '../conversions/attribution.ts';
import { foundOrThrow } from '../shared/errors.ts';
import type { Page, PageQuery } from '../shared/paging.ts';
import type {
  ClickFilter, ClickReport, CommissionFilter, CommissionReport, ConversionFilter, ConversionReport, ReportReads,
} from './reports.ports.ts';

/** What happened, read within the caller's scope. */
export interface ReportService {
  listClicks(caller: Caller, filter: ClickFilter, page: PageQuery): Promise<Page<ClickReport>>;
  listConversions(caller: Caller, filter: ConversionFilter, page: PageQuery): Promise<Page<ConversionReport>>;
  /** A conversion the caller may see; `not_found` otherwise (another vendor's is not found either). */
  getConversion(caller: Caller, id: string): Promise<ConversionReport>;
  listCommissions(caller: Caller, filter: CommissionFilter, page: PageQuery): Promise<Page<CommissionReport>>;
  /** A commission the caller may see; `not_found` otherwise. */
  getCommission(caller: Caller, id: string): Promise<CommissionReport>;
}

/** The report service on the scoped report queries. */
export function reportService(reads: ReportReads): ReportService {
  return {
    listClicks: (caller, filter, page) => reads.listClicks(caller.scope, filter, page),
    listConversions: async (caller, filter, page) => {
      const found = await reads.listConversions(caller.scope, filter, page);
      return { ...found, items: found.items.map((c) => asSeenBy(caller.scope, c)) };
    },
    getConversion: async (caller, id) => asSeenBy(caller.scope, foundOrThrow(await reads.findConversion(caller.scope, id), 'conversion', id)),
    listCommissions: (caller, filter, page) => reads.listCommissions(caller.scope, filter, page),
    getCommission: async (caller, id) => foundOrThrow(await reads.findCommission(caller.scope, id), 'commission', id),
  };
}

/** A vendor account reads the reason its vendor was told, never that a click was another vendor's. */
function asSeenBy(scope: Scope, conversion: ConversionReport): ConversionReport {
  const attributionReason = reasonSeenBy(scope, conversion.attributionReason);
  return attributionReason === conversion.attributionReason ? conversion : { ...conversion, attributionReason };
}
