import { campaignStatsLines } from './campaigns.command.ts';
import type { Translator } from '../../../core/i18n/translator.ts';
import { parseStatsPeriod, statsWindow, totalStats, type GroupStats } from '../../../core/influencers/influencer-reports.service.ts';
import { payoutMinimum } from '../../../core/settlement/settlement.ts';
import { text, type AccountTurn } from '../deps.ts';
import type { Reply } from '../types.ts';
import { exposureScore } from '../../../core/tiers/exposure.ts';
import { tierWindowFromDay } from '../../../core/tiers/influencer-reach.ts';
import { payoutMethodArgument, payoutMethodFooter } from './payout-method.command.ts';

/** Groups listed one by one; the rest are in the total. */
const MAX_GROUPS = 15;

function statsLine(i18n: Translator, stats: Omit<GroupStats, 'groupLabel'>): Record<string, string> {
  return {
    clicks: i18n.t('stats.clicks', { count: stats.clicksTotal }),
    counted: i18n.t('stats.counted', { count: stats.clicksCounted }),
    sales: i18n.t('stats.sales', { count: stats.sales }),
    earnings: stats.earnings.length === 0
      ? i18n.t('stats.nothingEarned')
      : stats.earnings.map((e) => i18n.money(e.amount, e.currency)).join(' + '),
  };
}

/** `/stats [7d|30d|all]`: clicks (all and counted), sales and earnings per group label, and in total. */
export async function statsCommand(turn: AccountTurn, args: string): Promise<Reply[]> {
  const { i18n } = turn;
  const period = parseStatsPeriod(args);
  if (!period) return [text(i18n.t('stats.usage'))];
  const window = statsWindow(period, turn.deps.clock.now());
  const [groups, views, autopost, campaigns, reach] = await Promise.all([
    turn.deps.reports.groupStats(turn.account.id, window), turn.deps.exposure.viewTotals(turn.account.id, window.fromDay), autopostLine(turn, window.from),
    campaignStatsLines(turn, window.from), reachLines(turn),
  ]);
  const viewed = views.deal_page_view + views.storefront_view > 0;
  if (groups.length === 0 && !viewed) return [text([i18n.t('stats.empty'), ...(autopost ? [autopost] : []), ...campaigns, ...reach].join('\n'))];
  const since = window.from ? ` (${i18n.t('stats.since', { date: i18n.date(window.from) })})` : '';
  const lines = [i18n.t('stats.title', { period: `${i18n.t(`stats.period.${period}`)}${since}` })];
  for (const group of groups.slice(0, MAX_GROUPS)) {
    lines.push(i18n.t('stats.group', { group: group.groupLabel === '' ? i18n.t('stats.noGroup') : group.groupLabel, ...statsLine(i18n, group) }));
  }
  // One group is its own total: the same line twice would read as a mistake.
  if (groups.length > 1) lines.push(i18n.t('stats.total', statsLine(i18n, totalStats(groups))));
  // People who browsed the deal pages and the storefront (counted once per visitor and page a day).
  if (viewed) {
    lines.push(i18n.t('stats.views', {
      dealPage: i18n.t('stats.dealPageViews', { count: views.deal_page_view }),
      storefront: i18n.t('stats.storefrontViews', { count: views.storefront_view }),
    }));
  }
  if (autopost) lines.push(autopost);
  return [text([...lines, ...campaigns, ...reach].join('\n'))];
}

/**
 * The reach tiers look at, whatever the period asked: the tier window's exposure points and the
 * weights that make them, so the influencer sees what a click, a view or a channel is worth.
 */
async function reachLines(turn: AccountTurn): Promise<string[]> {
  const { deps, i18n } = turn;
  if (!deps.reach) return [];
  const fromDay = tierWindowFromDay(deps.clock.now());
  const [counts, weights] = await Promise.all([deps.reach.counts(turn.account.id, fromDay), deps.reach.weights()]);
  const points = exposureScore(counts, weights);
  if (points === 0) return [];
  return [
    i18n.t('stats.reach', { count: points }),
    i18n.t('stats.reachWeights', {
      click: weights.clicks, dealPage: weights.dealPageViews, storefront: weights.storefrontViews, channel: weights.channelsPosted, audience: weights.audience,
    }),
  ];
}

/** The posts the bot made in the influencer's chats over the period (/autopost) and their audience; none when it made none. */
async function autopostLine(turn: AccountTurn, from: Date | null): Promise<string | undefined> {
  const store = turn.deps.autopost?.store;
  if (!store) return undefined;
  const figures = await store.figures(turn.account.id, from, turn.deps.clock.now());
  if (figures.posts === 0) return undefined;
  const { i18n } = turn;
  return i18n.t('stats.autopost', { posts: i18n.number(figures.posts), chats: i18n.number(figures.chats), audience: i18n.number(figures.audience) });
}

/** `/balance`: per currency, what is available, pending, in a payout and paid. */
export async function balanceCommand(turn: AccountTurn): Promise<Reply[]> {
  const { i18n, account } = turn;
  const balances = await turn.deps.reports.balances(account.id);
  if (balances.length === 0) return [text(i18n.t('balance.empty'))];
  const lines = [i18n.t('balance.title')];
  for (const b of balances) {
    lines.push(i18n.t('balance.line', {
      currency: b.currency,
      available: i18n.money(b.available, b.currency),
      pending: i18n.money(b.pending, b.currency),
      inPayout: i18n.money(b.inPayout, b.currency),
      paid: i18n.money(b.paid, b.currency),
    }));
  }
  lines.push(i18n.t('balance.hint', { minimum: i18n.money(payoutMinimum(account.payoutCurrency), account.payoutCurrency) }));
  return [text(lines.join('\n'))];
}

/**
 * `/payout`: every available balance above the minimum becomes a payout request for an admin to
 * approve; under the answer, where the money goes (masked) with a way to change it, or, when
 * nothing is set, the question. `/payout iban|blik|paypal|change` sets where it goes.
 */
export async function payoutCommand(turn: AccountTurn, args = ''): Promise<Reply[]> {
  const method = await payoutMethodArgument(turn, args);
  if (method) return method;
  return [...await payoutRequestReplies(turn), ...await payoutMethodFooter(turn)];
}

async function payoutRequestReplies(turn: AccountTurn): Promise<Reply[]> {
  const { i18n, account } = turn;
  const result = await turn.deps.payouts.requestPayout(account.id);
  if (result.created.length > 0) {
    return result.created.map((p) => text(i18n.t('payout.requested', { amount: i18n.money(p.amount, p.currency) })));
  }
  const inPayout = (await turn.deps.reports.balances(account.id)).filter((b) => b.inPayout > 0);
  if (inPayout.length > 0) {
    return inPayout.map((b) => text(i18n.t('payout.inProgress', { amount: i18n.money(b.inPayout, b.currency) })));
  }
  const waiting = result.belowMinimum.filter((b) => b.available > 0);
  if (waiting.length > 0) {
    return waiting.map((b) => text(i18n.t('payout.belowMinimum', {
      available: i18n.money(b.available, b.currency), minimum: i18n.money(b.minimum, b.currency),
    })));
  }
  return [text(i18n.t('payout.nothing'))];
}
