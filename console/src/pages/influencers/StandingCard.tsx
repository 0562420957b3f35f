import { admin } from '../../http/client.ts';
import { MANAGERS, useAdmin } from '../../http/session.tsx';
import { useTexts } from '../../i18n/i18n.ts';
import { ReasonButton } from '../../ui/controls.tsx';
import { formatDateTime } from '../../ui/format.ts';
import { MutationError } from '../../ui/States.tsx';
import { AnonymiseButton } from './AnonymiseButton.tsx';
import { useInfluencerWrite, type Influencer } from './influencer-api.ts';
import { StatusBadge } from './StatusBadge.tsx';
import './influencers.texts.ts';

/** The influencer's standing, why and since when, and what an admin or manager can do about it. */
export function StandingCard({ influencer: i }: { influencer: Influencer }) {
  const { t } = useTexts('influencers');
  const me = useAdmin();
  const canChange = MANAGERS.includes(me.role);
  const change = useInfluencerWrite(i.id, ({ action, reason }: { action: 'suspend' | 'reinstate' | 'approve'; reason?: string }) =>
    admin.post(`/influencers/${i.id}/${action}`, action === 'approve' ? undefined : { reason }));
  return (
    <section className="card people-card" aria-labelledby="standing-title">
      <h2 id="standing-title">{t('standing.title')}</h2>
      <p><StatusBadge status={i.status} /></p>
      <p className="muted small">{t(`standing.help.${i.status}`)}</p>
      {i.statusChangedAt && <p className="small">{t('standing.changed', { date: formatDateTime(i.statusChangedAt), who: i.statusChangedBy ?? t('common:none') })}</p>}
      {i.statusReason && <p className="small people-reason">{t('standing.reason', { reason: i.statusReason })}</p>}
      {canChange ? (
        <div className="form-actions people-actions">
          {i.status === 'pending' && (
            <button type="button" className="btn btn-primary" disabled={change.isPending} onClick={() => change.mutate({ action: 'approve' })}>{t('standing.approve')}</button>
          )}
          {(i.status === 'active' || i.status === 'pending') && (
            <ReasonButton label={t('standing.suspend')} title={t('standing.suspendTitle', { name: i.displayName })} tone="danger"
              onConfirm={(reason) => change.mutateAsync({ action: 'suspend', reason })} />
          )}
          {i.status === 'suspended' && (
            <ReasonButton label={t('standing.reinstate')} title={t('standing.reinstateTitle', { name: i.displayName })}
              onConfirm={(reason) => change.mutateAsync({ action: 'reinstate', reason })} />
          )}
          {me.role === 'admin' && i.status !== 'deleted' && <AnonymiseButton influencer={i} />}
        </div>
      ) : i.status !== 'deleted' && <p className="muted small">{t('standing.readOnly')}</p>}
      <MutationError error={change.error} />
    </section>
  );
}
