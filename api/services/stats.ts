import type { StatsService } from '../../core/reports/stats.service.ts';

/**
 * What the HTTP app needs for the dashboard routes (figures by day, leaderboards, the overview
 * with its alerts): built by cli/services/stats.services.ts and handed in.
 */
export interface StatsApi {
  readonly stats: StatsService;
}
