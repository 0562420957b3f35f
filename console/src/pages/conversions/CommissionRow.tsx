import { Link } from 'react-router';
import { useTexts } from '../../i18n/i18n.ts';
import { Badge, ReasonButton, type Tone } from '../../ui/controls.tsx';
import { formatBps, formatDate, formatDateTime, formatMoney } from '../../ui/format.ts';
import type { Commission } from './conversion-api.ts';

const TONES: Record<Commission['status'], Tone> = { pending: 'info', approved: 'ok', in_payout: 'info', paid: 'ok', reversed: 'neutral' };

/** What happens next to a commission, in words: when it approves, why it is held, where its money is. */
export function nextStep(c: Commission, t: (key: string, options?: Record<string, unknown>) => string, now = Date.now()): string {
  if (c.held) return c.status === 'approved' ? `${t('next.heldApproved')} ${t('next.held', { date: formatDateTime(c.heldAt), by: c.heldBy ?? '—', reason: c.holdReason ?? '' })}`
    : t('next.held', { date: formatDateTime(c.heldAt), by: c.heldBy ?? '—', reason: c.holdReason ?? '' });
  switch (c.status) {
    case 'pending': return new Date(c.approvesAt).getTime() <= now ? t('next.matured') : t('next.pending', { date: formatDate(c.approvesAt) });
    case 'approved': return t('next.approved', { date: formatDate(c.approvedAt) });
    case 'in_payout': return t('next.in_payout', { payout: c.payoutId ?? '—' });
    case 'paid': return t('next.paid', { payout: c.payoutId ?? '—' });
    case 'reversed': return t('next.reversed', { date: formatDate(c.reversedAt) });
  }
}

/** One commission of an order: kind, who earns it, how much at which rate, its state and next step. */
export function CommissionRow({ commission: c, canManage, staff, post }: {
  commission: Commission; canManage: boolean; staff: boolean; post: (path: string, body?: unknown) => Promise<unknown>;
}) {
  const { t } = useTexts('conversions');
  const net = c.amount - c.reversedAmount;
  return (
    <li className={`conv-commission ${c.held ? 'conv-commission-held' : ''}`} data-commission={c.id}>
      <div className="conv-commission-head">
        <strong>{t(`kind.${c.kind}`)}</strong>
        <span className="num">{formatMoney(net, c.currency)}</span>
        <Badge tone={c.held ? 'warn' : TONES[c.status]}>{t(`commission.status.${c.status}`)}</Badge>
        {c.held && <Badge tone="warn">{t('badge.held')}</Badge>}
      </div>
      <p className="muted conv-commission-meta">
        {staff ? <Link to={`/influencers/${c.influencerId}`}>{t('detail.influencer')} {c.influencerId}</Link> : `${t('detail.influencer')} ${c.influencerId}`}
        {' · '}{t('commission.rate', { rate: formatBps(c.rateBps) })}
        {c.reversedAmount > 0 && ` · ${t('commission.reversedPart', { amount: formatMoney(c.reversedAmount, c.currency) })}`}
        {c.payoutId && staff && <> · <Link to={`/payouts?influencerId=${c.influencerId}`}>#{c.payoutId}</Link></>}
      </p>
      <p className="conv-next">{nextStep(c, t)}</p>
      {canManage && c.held && (
        <div className="form-actions">
          <button type="button" className="btn btn-small" onClick={() => void post(`/commissions/${c.id}/release`).catch(() => undefined)}>{t('action.release')}</button>
          <ReasonButton label={t('action.reverse')} title={t('action.reverseTitle')} tone="danger" onConfirm={(reason) => post(`/commissions/${c.id}/reverse`, { reason })} />
        </div>
      )}
    </li>
  );
}
