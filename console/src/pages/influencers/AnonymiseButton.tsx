import { useState } from 'react';
import { admin } from '../../http/client.ts';
import { useTexts } from '../../i18n/i18n.ts';
import { Dialog } from '../../ui/controls.tsx';
import { MutationError } from '../../ui/States.tsx';
import { useInfluencerWrite, type Influencer } from './influencer-api.ts';
import './anonymise.texts.ts';

/** Admins only: erase an influencer who asked for it (the same erasure as /deleteme), after a confirmation. */
export function AnonymiseButton({ influencer: i }: { influencer: Influencer }) {
  const { t } = useTexts('anonymise');
  const [open, setOpen] = useState(false);
  const anonymise = useInfluencerWrite(i.id, () => admin.post(`/influencers/${i.id}/anonymise`));
  return (
    <>
      <button type="button" className="btn btn-danger" onClick={() => setOpen(true)}>{t('button')}</button>
      <Dialog open={open} title={t('title', { name: i.displayName })} onClose={() => setOpen(false)}>
        <p>{t('body')}</p>
        <MutationError error={anonymise.error} />
        <div className="form-actions">
          <button type="button" className="btn btn-ghost" onClick={() => setOpen(false)}>{t('common:action.cancel')}</button>
          <button type="button" className="btn btn-danger" disabled={anonymise.isPending}
            onClick={() => anonymise.mutate(undefined, { onSuccess: () => setOpen(false) })}>{t('confirm')}</button>
        </div>
      </Dialog>
    </>
  );
}
