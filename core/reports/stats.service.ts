import type { Caller } from '../access/access.ts';
import type { ChatConnectionState, ChatConnectionStatusSource } from '../notifications/chat-connection.ts';
import type { Clock } from '../shared/clock.ts';
import type { TimeRange } from '../shared/paging.ts';
import {
  addDays, dayStart, DEFAULT_LEADERS, fillDays, MAX_LEADERS, sparklineSeries, statsRange, utcDay, type DayStats, type StatsTotals,
} from './stats.ts';
import type {
  DailyRows, DayRange, LeaderRow, LeaderSort, MoneyAmount, Owed, QueueBacklog, QueueDepth, StatsDimension, StatsFilter, StatsReads,
} from './stats.ports.ts';

export interface DailyStats {
  from: Date;
  to: Date;
  days: DayStats[];
  totals: StatsTotals;
}

export interface Leader extends LeaderRow {
  /** Counted clicks per day over the range, one value per day. */
  sparkline: number[];
}

export interface Leaders {
  by: StatsDimension;
  from: Date;
  to: Date;
  /** The days the sparklines cover, in order. */
  days: string[];
  items: Leader[];
}

/** A period's figures, and what is still owed of what it earned; payouts (staff only) are null for a vendor account. */
export interface PeriodStats extends StatsTotals {
  from: Date;
  to: Date;
  /** Commissions on the period's orders still pending or approved. */
  commissionOwed: MoneyAmount[];
  /** Payouts created in the period and still pending or approved. */
  payoutsDue: MoneyAmount[] | null;
}

export const ALERT_KINDS = ['held_commissions', 'failed_payouts', 'queue_backlog', 'whatsapp'] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];

/** Something that may need someone: how many, whether it is raised now, and the console page that shows its rows. */
export interface Alert {
  kind: AlertKind;
  raised: boolean;
  /** Rows behind it (held commissions, failed payouts, waiting jobs); null where it is a state or could not be read. */
  count: number | null;
  /** WhatsApp's connection state (`not_running` when no bots role reports one); `unreachable` when the queues cannot be read. */
  state: string | null;
  /** Where the console shows the rows (or the state) behind it. */
  path: string;
  queues?: QueueDepth[];
}

export interface Overview {
  today: PeriodStats;
  last30Days: PeriodStats;
  balances: { commissionOwed: MoneyAmount[]; payoutsDue: MoneyAmount[] | null };
  /** Staff only: empty for a vendor account. */
  alerts: Alert[];
}

export interface LeadersQuery {
  by?: StatsDimension;
  sort?: LeaderSort;
  limit?: number;
}

/** The dashboard's figures, read within the caller's scope. */
export interface StatsService {
  daily(caller: Caller, range: TimeRange, filter: StatsFilter): Promise<DailyStats>;
  leaders(caller: Caller, range: TimeRange, filter: StatsFilter, query: LeadersQuery): Promise<Leaders>;
  overview(caller: Caller): Promise<Overview>;
}

/** Waiting and delayed jobs from this many on raise the queue alert. */
export const QUEUE_BACKLOG_ALERT = 100;
/** Failed payouts of this many days back raise the payout alert. */
export const FAILED_PAYOUT_DAYS = 30;
const WHATSAPP_ALERT_STATES: readonly ChatConnectionState[] = ['qr', 'disconnected', 'auth_failure'];

export interface StatsDeps {
  reads: StatsReads;
  clock: Clock;
  queues: QueueBacklog;
  /** The WhatsApp connection as the bots role reports it; none: WhatsApp is not running. */
  whatsapp?: ChatConnectionStatusSource;
}

export function statsService({ reads, clock, queues, whatsapp }: StatsDeps): StatsService {
  /** A period's figures from daily `rows` that cover it (one read serves today and the last 30 days) and what it still owes. */
  function period(caller: Caller, { fromDay, toDay }: DayRange, rows: DailyRows, owed: Owed): PeriodStats {
    const days = statsRange({ from: dayStart(fromDay), to: dayStart(toDay) }, clock.now()).days;
    const { totals } = fillDays(days, rows);
    return {
      from: dayStart(fromDay), to: dayStart(toDay), ...totals,
      commissionOwed: owed.commissionOwed, payoutsDue: caller.scope.vendorId === null ? owed.payoutsDue : null,
    };
  }

  async function queueAlert(): Promise<Alert> {
    try {
      const depths = await queues.read();
      const count = depths.reduce((sum, q) => sum + q.waiting + q.delayed, 0);
      return { kind: 'queue_backlog', raised: count >= QUEUE_BACKLOG_ALERT, count, state: null, path: '/console/queues', queues: depths };
    } catch {
      return { kind: 'queue_backlog', raised: true, count: null, state: 'unreachable', path: '/console/queues' };
    }
  }

  async function whatsappAlert(): Promise<Alert> {
    const status = await whatsapp?.read().catch(() => undefined);
    const state = status?.state ?? 'not_running';
    return { kind: 'whatsapp', raised: status !== undefined && WHATSAPP_ALERT_STATES.includes(status.state), count: null, state, path: '/console/whatsapp' };
  }

  async function alerts(now: Date): Promise<Alert[]> {
    const failedSince = dayStart(addDays(utcDay(now), 1 - FAILED_PAYOUT_DAYS));
    const [counts, queue, chat] = await Promise.all([reads.alertCounts(failedSince), queueAlert(), whatsappAlert()]);
    return [
      { kind: 'held_commissions', raised: counts.heldCommissions > 0, count: counts.heldCommissions, state: null, path: '/console/conversions?held=1' },
      {
        kind: 'failed_payouts', raised: counts.failedPayouts > 0, count: counts.failedPayouts, state: null,
        path: `/console/payouts?status=failed&from=${encodeURIComponent(failedSince.toISOString())}`,
      },
      queue,
      chat,
    ];
  }

  return {
    async daily(caller, range, filter) {
      const { fromDay, toDay, days } = statsRange(range, clock.now());
      const rows = await reads.daily(caller.scope, { fromDay, toDay }, filter);
      return { from: dayStart(fromDay), to: dayStart(toDay), ...fillDays(days, rows) };
    },

    async leaders(caller, range, filter, query) {
      const { fromDay, toDay, days } = statsRange(range, clock.now());
      const by = query.by ?? 'influencer';
      const limit = Math.min(Math.max(query.limit ?? DEFAULT_LEADERS, 1), MAX_LEADERS);
      const rows = await reads.leaders(caller.scope, { fromDay, toDay }, filter, by, query.sort ?? 'conversions', limit);
      const points = rows.length ? await reads.sparklines(caller.scope, { fromDay, toDay }, filter, by, rows.map((r) => r.key)) : [];
      const series = sparklineSeries(days, rows.map((r) => r.key), points);
      return { by, from: dayStart(fromDay), to: dayStart(toDay), days, items: rows.map((row) => ({ ...row, sparkline: series.get(row.key)! })) };
    },

    async overview(caller) {
      const now = clock.now();
      const today = utcDay(now);
      const tomorrow = addDays(today, 1);
      const staff = caller.scope.vendorId === null;
      const day: DayRange = { fromDay: today, toDay: tomorrow };
      const month: DayRange = { fromDay: addDays(tomorrow, -30), toDay: tomorrow };
      const [rows, dayOwed, monthOwed, balances, raised] = await Promise.all([
        reads.daily(caller.scope, month, {}),
        reads.owed(caller.scope, day),
        reads.owed(caller.scope, month),
        reads.owed(caller.scope),
        staff ? alerts(now) : Promise.resolve([]),
      ]);
      return {
        today: period(caller, day, rows, dayOwed), last30Days: period(caller, month, rows, monthOwed),
        balances: { commissionOwed: balances.commissionOwed, payoutsDue: staff ? balances.payoutsDue : null },
        alerts: raised,
      };
    },
  };
}
