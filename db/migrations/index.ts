import type { Migration } from 'kysely';
import * as initial from './2026-11-28-0001-initial.ts';
import * as auditBeforeAfter from './2026-12-01-0001-audit-before-after.ts';
import * as adminSessions from './2026-12-01-0002-admin-sessions.ts';
import * as commissionHolds from './2026-12-02-0001-commission-holds.ts';
import * as rateLimitsJoinRequests from './2026-12-02-0002-rate-limits-join-requests.ts';
import * as influencerStanding from './2026-12-02-0003-influencer-standing.ts';
import * as conversionFraud from './2026-12-02-0004-conversion-fraud.ts';
import * as vendorSecretRotatedAt from './2026-12-02-0006-vendor-secret-rotated-at.ts';
import * as settlement from './2026-12-03-0002-settlement.ts';
import * as clickIngest from './2026-12-03-0001-click-ingest.ts';
import * as searchAndLookups from './2026-12-03-0003-search-and-lookups.ts';
import * as security from './2026-12-03-0004-security.ts';
import * as dashboardOrders from './2026-12-04-0001-dashboard-orders.ts';
import * as clickFraud from './2026-12-04-0003-click-fraud.ts';
import * as retention from './2026-12-04-0002-retention.ts';
import * as introLine from './2026-12-05-0001-intro-line.ts';
import * as payoutMethods from './2026-12-05-0002-payout-methods.ts';
import * as clickVelocity from './2026-12-05-0004-click-velocity.ts';
import * as exposure from './2026-12-06-0005-exposure.ts';
import * as autopost from './2026-12-06-0002-autopost.ts';
import * as dealAlerts from './2026-12-06-0003-deal-alerts.ts';
import * as dealPages from './2026-12-06-0001-deal-pages.ts';
import * as campaigns from './2026-12-06-0004-campaigns.ts';

/** Every migration, by its date-prefixed name; listed statically so that no file scan is needed at run time. */
export const migrations: Record<string, Migration> = {
  '2026-11-28-0001-initial': initial,
  '2026-12-01-0001-audit-before-after': auditBeforeAfter,
  '2026-12-01-0002-admin-sessions': adminSessions,
  '2026-12-02-0001-commission-holds': commissionHolds,
  '2026-12-02-0002-rate-limits-join-requests': rateLimitsJoinRequests,
  '2026-12-02-0003-influencer-standing': influencerStanding,
  '2026-12-02-0004-conversion-fraud': conversionFraud,
  '2026-12-02-0006-vendor-secret-rotated-at': vendorSecretRotatedAt,
  '2026-12-03-0002-settlement': settlement,
  '2026-12-03-0001-click-ingest': clickIngest,
  '2026-12-03-0003-search-and-lookups': searchAndLookups,
  '2026-12-03-0004-security': security,
  '2026-12-04-0001-dashboard-orders': dashboardOrders,
  '2026-12-04-0003-click-fraud': clickFraud,
  '2026-12-04-0002-retention': retention,
  '2026-12-05-0001-intro-line': introLine,
  '2026-12-05-0002-payout-methods': payoutMethods,
  '2026-12-05-0004-click-velocity': clickVelocity,
  '2026-12-06-0005-exposure': exposure,
  '2026-12-06-0002-autopost': autopost,
  '2026-12-06-0003-deal-alerts': dealAlerts,
  '2026-12-06-0001-deal-pages': dealPages,
  '2026-12-06-0004-campaigns': campaigns,
};
