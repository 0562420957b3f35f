import { forwardRef } from 'react';
import { useTexts } from '../../i18n/i18n.ts';
import { Badge, type Tone } from '../../ui/controls.tsx';
import { formatBps, formatDate, formatDateTime, formatMoney, formatNumber, formatRelative } from '../../ui/format.ts';
import type { TrailEntry, TrailStep } from './influencer-api.ts';
import './trail.texts.ts';
import './influencers.texts.ts';

const STATUS_TONES: Record<string, Tone> = { pending: 'warn', approved: 'info', in_payout: 'info', paid: 'ok', reversed: 'bad' };

/** Who or what caused a step, in words. */
function useWho() {
  const { t } = useTexts('trail');
  return (step: TrailStep): string => {
    if (step.byName) return step.byName;
    if (step.by === 'visitor') return t('by.visitor');
    if (step.by === 'system') return t('by.system');
    if (step.by === 'refund') return t('by.refund');
    if (step.by.startsWith('job:')) return t('by.job');
    return step.by;
  };
}

function StepDetail({ step, entry }: { step: TrailStep; entry: TrailEntry }) {
  const { t } = useTexts('trail');
  const { click, order, commission: c } = entry;
  switch (step.kind) {
    case 'click':
      return click && (
        <>
          <div>{t('click.detail', { channel: t(`influencers:channel.${click.channel}`), code: click.linkCode, group: click.groupLabel || t('click.noGroup') })}</div>
          <div className="muted small">{click.counted ? t('click.counted') : t('click.notCounted', { reason: t(`notCounted.${click.notCountedBecause ?? 'duplicate'}`) })}</div>
        </>
      );
    case 'order':
      return (
        <>
          <div>{t('order.detail', { amount: formatMoney(order.amount, order.currency), vendor: order.vendorName })}</div>
          {order.productTitle && <div className="muted small">{order.productTitle}{order.brandName && ` · ${order.brandName}`}</div>}
          {order.refundedAmount > 0 && <div className="small">{t('order.refunded', { amount: formatMoney(order.refundedAmount, order.currency) })}</div>}
        </>
      );
    case 'commission':
      return c && (
        <>
          <div><strong>{t('commission.detail', { amount: formatMoney(c.amount, c.currency), base: formatMoney(c.baseAmount, c.currency) })}</strong></div>
          <div className="trail-rate">{t('commission.rate', {
            base: formatBps(c.baseRateBps), multiplier: formatNumber(c.tierMultiplierBps / 10_000), tier: c.tierName ?? t('commission.noTier'), rate: formatBps(c.rateBps),
          })}</div>
          {c.payoutCurrency !== c.currency && <div className="muted small">{t('commission.payout', { amount: formatMoney(c.payoutAmount, c.payoutCurrency) })}</div>}
        </>
      );
    case 'approval':
      return step.expected && step.at && c ? <div className="muted small">{t('approval.lock', { relative: formatRelative(step.at), days: c.lockDays })}</div> : null;
    case 'hold':
      return (
        <>
          {step.note && <div>“{step.note}”</div>}
          {c?.heldAt && <div className="muted small">{t('step.heldNoApproval')}</div>}
        </>
      );
    default:
      return step.note ? <div className="small">{step.note}</div> : null;
  }
}

/** One order's trail: a card with the steps from click to payout as a timeline. */
export const TrailEntryCard = forwardRef<HTMLElement, { entry: TrailEntry; highlighted?: boolean }>(function TrailEntryCard({ entry, highlighted }, ref) {
  const { t } = useTexts('trail');
  const who = useWho();
  const c = entry.commission;
  const title = (s: TrailStep) => (s.kind === 'approval' && s.expected && s.at ? t('step.approvalExpected', { date: formatDate(s.at) }) : t(`step.${s.kind}`));
  return (
    <article ref={ref} className={`card trail-entry${highlighted ? ' trail-highlight' : ''}`} aria-label={t('trail.order', { orderId: entry.order.orderId })}>
      <header className="trail-head">
        <h3>{t('trail.order', { orderId: entry.order.orderId })}</h3>
        <span>{formatMoney(entry.order.amount, entry.order.currency)}</span>
        {c && <Badge tone={c.heldAt ? 'warn' : STATUS_TONES[c.status] ?? 'neutral'}>{c.heldAt ? t('step.hold') : t(`cstatus.${c.status}`)}</Badge>}
      </header>
      <ol className="timeline trail-steps">
        {entry.steps.map((s, index) => (
          <li key={`${s.kind}-${index}`} className={`trail-step trail-${s.kind}${s.expected ? ' trail-expected' : ''}`}>
            <div className="trail-step-title"><strong>{title(s)}</strong></div>
            <div className="when">{s.at ? formatDateTime(s.at) : t('common:none')} · {t('step.by', { who: who(s) })}</div>
            <StepDetail step={s} entry={entry} />
            {s.ledger.length > 0 && (
              <details className="trail-ledger">
                <summary>{t('ledger.show', { count: s.ledger.length })}</summary>
                <ul>{s.ledger.map((l) => <li key={l.id}><code>{l.account}</code> {formatMoney(l.amount, l.currency)} <span className="muted">({l.kind})</span></li>)}</ul>
              </details>
            )}
          </li>
        ))}
      </ol>
    </article>
  );
});
