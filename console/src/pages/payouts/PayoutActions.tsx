import { useState } from 'react';
import { useTexts } from '../../i18n/i18n.ts';
import { Dialog, Field, ReasonButton } from '../../ui/controls.tsx';
import { MutationError } from '../../ui/States.tsx';
import { approvePayout, markFailed, markPaid, usePayoutWrite, type Payout } from './payouts-api.ts';

/** A payout's next step as buttons: approve a pending one, mark an approved one paid; fail either. */
export function PayoutActions({ payout: p, canManage }: { payout: Payout; canManage: boolean }) {
  const { t } = useTexts('payouts');
  const approve = usePayoutWrite(approvePayout);
  const fail = usePayoutWrite(markFailed);
  if (p.status === 'paid') return <span className="muted">{p.reference ? t('paid.reference', { reference: p.reference }) : ''}</span>;
  if (p.status === 'failed') return <span className="pay-failed">{t('failed.reason', { reason: p.failureReason ?? '' })}</span>;
  if (!canManage) return <span className="muted">{t(`next.${p.status}`)}</span>;
  return (
    <div className="pay-actions" onClick={(e) => e.stopPropagation()}>
      {p.status === 'pending' && (
        <button type="button" className="btn btn-primary btn-small" disabled={approve.isPending} onClick={() => approve.mutate(p.id)}>{t('action.approve')}</button>
      )}
      {p.status === 'approved' && <ReferenceButton payout={p} />}
      <ReasonButton label={t('action.failed')} title={t('action.failedTitle', { id: p.id })} tone="danger" onConfirm={(reason) => fail.mutateAsync({ id: p.id, reason })} />
      <MutationError error={approve.error} />
    </div>
  );
}

/** Mark paid: asks for the payment reference the bank gave the transfer. */
function ReferenceButton({ payout }: { payout: Payout }) {
  const { t } = useTexts('payouts');
  const [open, setOpen] = useState(false);
  const [reference, setReference] = useState('');
  const paid = usePayoutWrite(markPaid);
  return (
    <>
      <button type="button" className="btn btn-primary btn-small" onClick={() => setOpen(true)}>{t('action.paid')}</button>
      <Dialog open={open} title={t('action.paidTitle', { id: payout.id })} onClose={() => setOpen(false)}>
        <form className="form" onSubmit={(event) => {
          event.preventDefault();
          paid.mutate({ id: payout.id, reference: reference.trim() }, { onSuccess: () => { setOpen(false); setReference(''); } });
        }}>
          <Field label={t('action.reference')}>
            <input required maxLength={200} pattern=".*\S.*" value={reference} onChange={(e) => setReference(e.target.value)} autoFocus />
          </Field>
          <MutationError error={paid.error} />
          <div className="form-actions">
            <button type="button" className="btn btn-ghost" onClick={() => setOpen(false)}>{t('common:action.cancel')}</button>
            <button type="submit" className="btn btn-primary" disabled={paid.isPending}>{t('common:action.confirm')}</button>
          </div>
        </form>
      </Dialog>
    </>
  );
}
