import { Link } from 'react-router';
import { PAGES } from '../../app/pages.ts';
import { withQuery } from '../../http/client.ts';
import { useAdmin, type Role } from '../../http/session.tsx';
import { useTexts } from '../../i18n/i18n.ts';
import { formatNumber } from '../../ui/format.ts';
import { ErrorState, Loading } from '../../ui/States.tsx';
import './dashboard.texts.ts';
import { conversionsBetween, formatMoneyList, routerPath, useOverview, type Alert, type Overview, type Period } from './stats-api.ts';

/** One figure that opens the rows behind it. */
function Kpi({ label, value, sub, to, testId }: { label: string; value: string; sub?: string; to: string; testId?: string }) {
  return (
    <Link className="kpi" to={to} data-kpi={testId}>
      <div className="kpi-label">{label}</div>
      <div className="kpi-value">{value}</div>
      {sub && <div className="kpi-sub">{sub}</div>}
    </Link>
  );
}

function PeriodCards({ title, period, id, home }: { title: string; period: Period; id: string; home: string }) {
  const { t } = useTexts('dashboard');
  const orders = conversionsBetween(period.from, period.to);
  return (
    <section className="dash-period" aria-labelledby={`kpi-${id}`}>
      <h2 id={`kpi-${id}`}>{title}</h2>
      <div className="kpis">
        <Kpi testId={`${id}-clicks`} label={t('kpi.clicks')} value={formatNumber(period.clicksCounted)} sub={t('kpi.filtered', { n: formatNumber(period.clicksFiltered) })} to={withQuery(home, { from: period.from, to: period.to })} />
        <Kpi testId={`${id}-sales`} label={t('kpi.sales')} value={formatMoneyList(period.sales)} sub={t('kpi.orders', { n: formatNumber(period.conversions) })} to={orders} />
        <Kpi
          testId={`${id}-commission`} label={t('kpi.commission')} value={formatMoneyList(period.commission)}
          sub={t('kpi.owedInPeriod', { amount: formatMoneyList(period.commissionOwed) })} to={orders}
        />
      </div>
    </section>
  );
}

function OwedCards({ overview }: { overview: Overview }) {
  const { t } = useTexts('dashboard');
  const { commissionOwed, payoutsDue } = overview.balances;
  return (
    <section className="dash-period" aria-labelledby="kpi-owed">
      <h2 id="kpi-owed">{t('kpi.owedNow')}</h2>
      <div className="kpis">
        <Kpi testId="owed-commission" label={t('kpi.commissionOwed')} value={formatMoneyList(commissionOwed)} sub={t('kpi.commissionOwedHint')} to="/conversions" />
        {payoutsDue && <Kpi testId="owed-payouts" label={t('kpi.payoutsDue')} value={formatMoneyList(payoutsDue)} sub={t('kpi.payoutsDueHint')} to="/payouts?status=pending" />}
      </div>
    </section>
  );
}

function alertText(alert: Alert, t: ReturnType<typeof useTexts>['t']): string {
  if (alert.kind === 'whatsapp') return t('alerts.whatsapp', { state: t(`whatsapp.${alert.state ?? 'not_running'}`) });
  if (alert.kind === 'queue_backlog' && alert.count === null) return t('alerts.queueUnreachable');
  return t(`alerts.${alert.kind}`, { n: formatNumber(alert.count ?? 0) });
}

/** Whether the role may open a console page (the WhatsApp and queue pages are not everyone's). */
export function mayOpen(role: Role, path: string): boolean {
  const page = path.split('?')[0]!.replace(/^\//, '');
  return PAGES.some((entry) => entry.path === page && entry.roles.includes(role));
}

/** Red badges for what needs someone now, each opening the page that shows its rows (where the role may open it). */
export function AlertBadges({ alerts }: { alerts: Alert[] }) {
  const { t } = useTexts('dashboard');
  const { role } = useAdmin();
  if (alerts.length === 0) return null;
  const raised = alerts.filter((a) => a.raised);
  return (
    <section className="dash-alerts" aria-labelledby="dash-alerts-title">
      <h2 id="dash-alerts-title" className="sr-only">{t('alerts.title')}</h2>
      {raised.length === 0
        ? <span className="badge badge-ok">{t('alerts.clear')}</span>
        : raised.map((alert) => mayOpen(role, routerPath(alert.path))
          ? <Link key={alert.kind} to={routerPath(alert.path)} className="badge badge-bad dash-alert" data-alert={alert.kind}>{alertText(alert, t)}</Link>
          : <span key={alert.kind} className="badge badge-bad dash-alert" data-alert={alert.kind}>{alertText(alert, t)}</span>)}
    </section>
  );
}

/** Today, the last 30 days and what is owed now, with the alerts above them; a clicks figure filters `home` to its period. */
export function OverviewCards({ home }: { home: string }) {
  const { t } = useTexts('dashboard');
  const overview = useOverview();
  if (overview.isPending) return <Loading />;
  if (overview.isError) return <ErrorState error={overview.error} retry={() => void overview.refetch()} />;
  const data = overview.data;
  return (
    <>
      <AlertBadges alerts={data.alerts} />
      <div className="dash-kpi-groups">
        <PeriodCards id="today" title={t('kpi.today')} period={data.today} home={home} />
        <PeriodCards id="last30" title={t('kpi.last30')} period={data.last30Days} home={home} />
        <OwedCards overview={data} />
      </div>
    </>
  );
}
