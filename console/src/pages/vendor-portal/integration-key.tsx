import { useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { admin } from '../../http/client.ts';
import { useTexts } from '../../i18n/i18n.ts';
import { CopyButton, Dialog } from '../../ui/controls.tsx';
import { formatDateTime } from '../../ui/format.ts';
import { MutationError } from '../../ui/States.tsx';
import { ROTATION_GRACE_HOURS, rotateSecretPath, type RotatedSecret } from '../brands/catalog.ts';
import type { Integration } from './integration-snippets.ts';
import './integration.texts.ts';

/** The key id with copy, when the secret last changed, and its rotation (with a grace period, or at once): confirmed, then the new secret shown once. */
export function KeyCard({ integration }: { integration: Integration }) {
  const { t } = useTexts('integration');
  const queryClient = useQueryClient();
  const [confirming, setConfirming] = useState(false);
  const [atOnce, setAtOnce] = useState(false);
  const [rotated, setRotated] = useState<Pick<RotatedSecret, 'secret' | 'previousSecretExpiresAt'> | null>(null);
  const secret = rotated?.secret ?? null;
  const rotate = useMutation({
    mutationFn: () => admin.post<RotatedSecret>(rotateSecretPath(integration.vendorId, atOnce)),
    onSuccess: (answer) => {
      setConfirming(false);
      setRotated({ secret: answer.secret, previousSecretExpiresAt: answer.previousSecretExpiresAt });
      void queryClient.invalidateQueries({ queryKey: ['integration', integration.vendorId] });
    },
  });

  return (
    <section className="card integration-key" aria-labelledby="integration-key-title">
      <h2 id="integration-key-title">{t('key.title')}</h2>
      <dl className="integration-facts">
        <dt>{t('key.id')}</dt>
        <dd><code data-testid="key-id">{integration.keyId}</code> <CopyButton text={integration.keyId} /></dd>
        <dt>{t('key.secret')}</dt>
        <dd>
          <p className="muted small">{t('key.secretHidden')}</p>
          <p className="small">
            {integration.secretRotatedAt
              ? t('key.rotatedAt', { date: formatDateTime(integration.secretRotatedAt) })
              : t('key.issued', { date: formatDateTime(integration.vendorCreatedAt) })}
          </p>
          {integration.previousSecretExpiresAt && !secret && (
            <p className="small">{t('key.graceUntil', { date: formatDateTime(integration.previousSecretExpiresAt) })}</p>
          )}
        </dd>
      </dl>
      {secret && (
        <div className="integration-secret" role="status">
          <p><strong>{t('rotate.done')}</strong></p>
          <p><code data-testid="new-secret">{secret}</code> <CopyButton text={secret} /></p>
          <p className="form-error">
            {rotated?.previousSecretExpiresAt
              ? t('rotate.doneGrace', { date: formatDateTime(rotated.previousSecretExpiresAt) })
              : t('rotate.doneWarning')}
          </p>
          <button type="button" className="btn" onClick={() => setRotated(null)}>{t('rotate.stored')}</button>
        </div>
      )}
      <div className="form-actions">
        <button type="button" className="btn btn-danger" onClick={() => { rotate.reset(); setAtOnce(false); setConfirming(true); }}>{t('key.rotate')}</button>
      </div>
      <Dialog open={confirming} title={t('rotate.title')} onClose={() => setConfirming(false)}>
        <div className="form">
          <p>{atOnce ? t('rotate.warningNow') : t('rotate.warning', { hours: ROTATION_GRACE_HOURS })}</p>
          <label className="check"><input type="checkbox" checked={atOnce} onChange={(e) => setAtOnce(e.target.checked)} /> {t('rotate.now')}</label>
          <MutationError error={rotate.error} />
          <div className="form-actions">
            <button type="button" className="btn btn-ghost" onClick={() => setConfirming(false)}>{t('common:action.cancel')}</button>
            <button type="button" className="btn btn-danger" disabled={rotate.isPending} onClick={() => rotate.mutate()}>{t('rotate.confirm')}</button>
          </div>
        </div>
      </Dialog>
    </section>
  );
}
