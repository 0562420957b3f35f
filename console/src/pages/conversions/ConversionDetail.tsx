import { useEffect, useRef } from 'react';
import { Link } from 'react-router';
import { useTexts } from '../../i18n/i18n.ts';
import { CopyButton, ReasonButton } from '../../ui/controls.tsx';
import { formatDateTime, formatMoney } from '../../ui/format.ts';
import { ErrorState, Loading, MutationError } from '../../ui/States.tsx';
import { CommissionRow } from './CommissionRow.tsx';
import { useConversion, useConversionCommissions, useReview } from './conversion-api.ts';

/**
 * One order under review: what was bought, how it was attributed, each commission it earned
 * with its state and next step; managers hold, release or mark it as fraud, others read.
 */
export function ConversionDetail({ id, canManage, staff, onClose }: { id: string; canManage: boolean; staff: boolean; onClose: () => void }) {
  const { t } = useTexts('conversions');
  const conversion = useConversion(id);
  const commissions = useConversionCommissions(id);
  const review = useReview();
  const panel = useRef<HTMLElement>(null);
  useEffect(() => { panel.current?.scrollIntoView?.({ block: 'nearest' }); }, [id]);

  const c = conversion.data;
  const items = commissions.data?.items ?? [];
  const post = (path: string, body?: unknown) => review.mutateAsync({ path, body });
  const canHold = items.some((x) => !x.held && (x.status === 'pending' || x.status === 'approved'));
  const anyHeld = items.some((x) => x.held);

  return (
    <aside ref={panel} className="conv-detail card" aria-label={c ? t('detail.title', { orderId: c.orderId }) : t('detail.pick')}>
      <header className="conv-detail-head">
        <h2>{c ? t('detail.title', { orderId: c.orderId }) : t('detail.pick')}</h2>
        <button type="button" className="btn btn-ghost" onClick={onClose} aria-label={t('common:action.close')}>✕</button>
      </header>
      {conversion.isPending ? <Loading /> : conversion.isError ? <ErrorState error={conversion.error} retry={() => void conversion.refetch()} /> : c && (
        <>
          {c.fraudAt && <p className="conv-banner conv-banner-bad" role="note">{t('detail.fraud', { date: formatDateTime(c.fraudAt), reason: c.fraudReason ?? '' })}</p>}
          {!c.fraudAt && c.held && <p className="conv-banner conv-banner-warn" role="note">{t('detail.heldBanner', { reason: c.holdReason ?? '' })}</p>}
          <dl className="conv-facts">
            <dt>{t('detail.amount')}</dt><dd className="num">{formatMoney(c.amount, c.currency)}</dd>
            {c.refundedAmount > 0 && <><dt>{t('detail.refunded')}</dt><dd className="num">{formatMoney(c.refundedAmount, c.currency)}</dd></>}
            <dt>{t('common:filter.status')}</dt><dd>{t(`status.${c.status}`)}</dd>
            <dt>{t('detail.ordered')}</dt><dd>{formatDateTime(c.occurredAt)}</dd>
            <dt>{t('detail.reported')}</dt><dd>{formatDateTime(c.receivedAt)}</dd>
          </dl>
          <h3>{t('detail.attribution')}</h3>
          <p>{c.attributionReason ? t(`reason.${c.attributionReason}`, { defaultValue: c.attributionReason }) : t('detail.attributed')}{c.selfPurchase ? ` ${t('detail.selfPurchase')}` : ''}</p>
          <dl className="conv-facts">
            <dt>{t('detail.click')}</dt>
            <dd>{c.clickId ? <><span className="mono conv-click">{c.clickId}</span> <CopyButton text={c.clickId} /></> : t('common:none')}</dd>
            <dt>{t('detail.link')}</dt>
            <dd>{c.linkId ? <><span className="mono">{c.linkCode ?? c.linkId}</span>{c.linkGroupLabel && <span className="muted"> · {c.linkGroupLabel}</span>}</> : t('common:none')}</dd>
            <dt>{t('detail.influencer')}</dt>
            <dd>{c.influencerId ? (staff ? <Link to={`/influencers/${c.influencerId}`}>{c.influencerName ?? c.influencerId}</Link> : c.influencerName ?? c.influencerId) : t('common:none')}</dd>
          </dl>
          <h3>{t('detail.commissions')}</h3>
          {commissions.isPending ? <Loading /> : commissions.isError ? <ErrorState error={commissions.error} retry={() => void commissions.refetch()} />
            : items.length === 0 ? <p className="muted">{t('detail.noCommissions')}</p> : (
              <ul className="conv-commissions">
                {items.map((x) => <CommissionRow key={x.id} commission={x} canManage={canManage && !c.fraudAt} staff={staff} post={post} />)}
              </ul>
            )}
          {canManage && !c.fraudAt && items.length > 0 && (
            <div className="form-actions conv-actions">
              {canHold && <ReasonButton label={t('action.hold')} title={t('action.holdTitle')} onConfirm={(reason) => post(`/conversions/${c.id}/hold`, { reason })} />}
              {anyHeld && <button type="button" className="btn" disabled={review.isPending} onClick={() => void post(`/conversions/${c.id}/release`).catch(() => undefined)}>{t('action.release')}</button>}
              <ReasonButton label={t('action.fraud')} title={t('action.fraudTitle')} tone="danger" onConfirm={(reason) => post(`/conversions/${c.id}/fraud`, { reason })} />
            </div>
          )}
          {!canManage && items.length > 0 && <p className="muted">{t('readOnly')}</p>}
          <MutationError error={review.error} />
        </>
      )}
    </aside>
  );
}
