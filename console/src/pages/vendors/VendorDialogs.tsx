import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { admin } from '../../http/client.ts';
import { useTexts } from '../../i18n/i18n.ts';
import { CopyButton, Field } from '../../ui/controls.tsx';
import { ApiProblems } from '../../ui/States.tsx';
import { ROTATION_GRACE_HOURS, parsePercent, percentInput, rotateSecretPath, type RotatedSecret, type Vendor, type VendorWithSecret } from '../brands/catalog.ts';

/** The key id and the signing secret, shown this once with copy buttons and what to do with them. */
export function SecretReveal({ vendor, onDone }: { vendor: VendorWithSecret; onDone: () => void }) {
  const { t } = useTexts('vendors');
  return (
    <div className="vendors-secret">
      <p className="vendors-warning" role="alert">{t('secret.warning')}</p>
      <dl className="vendors-keys">
        <dt>{t('secret.keyId')}</dt>
        <dd><code aria-label={t('secret.keyId')}>{vendor.keyId}</code> <CopyButton text={vendor.keyId} /></dd>
        <dt>{t('secret.secret')}</dt>
        <dd><code aria-label={t('secret.secret')}>{vendor.secret}</code> <CopyButton text={vendor.secret} /></dd>
      </dl>
      <p className="muted small">{t('secret.how')}</p>
      <div className="form-actions">
        <button type="button" className="btn btn-primary" onClick={onDone}>{t('secret.done')}</button>
      </div>
    </div>
  );
}

/** A new vendor: its name, then its credentials once. */
export function NewVendorForm({ onClose }: { onClose: () => void }) {
  const { t } = useTexts('vendors');
  const queryClient = useQueryClient();
  const [name, setName] = useState('');
  const create = useMutation({
    mutationFn: () => admin.post<VendorWithSecret>('/vendors', { name: name.trim() }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['vendors'] }),
  });
  if (create.data) return <SecretReveal vendor={create.data} onDone={onClose} />;
  return (
    <form className="form" onSubmit={(event) => { event.preventDefault(); create.mutate(); }}>
      <Field label={t('field.name')} hint={t('field.nameHint')}>
        <input name="name" value={name} required maxLength={200} onChange={(e) => setName(e.target.value)} autoFocus />
      </Field>
      <ApiProblems error={create.error} />
      <div className="form-actions">
        <button type="button" className="btn btn-ghost" onClick={onClose}>{t('common:action.cancel')}</button>
        <button type="submit" className="btn btn-primary" disabled={create.isPending || name.trim() === ''}>{t('new.submit')}</button>
      </div>
    </form>
  );
}

/** A new signing secret: asked for once more, then shown once; the old one keeps working for the grace period, or stops at once. */
export function RotateSecretForm({ vendor, onClose }: { vendor: Vendor; onClose: () => void }) {
  const { t } = useTexts('vendors');
  const queryClient = useQueryClient();
  const [atOnce, setAtOnce] = useState(false);
  const rotate = useMutation({
    mutationFn: () => admin.post<RotatedSecret>(rotateSecretPath(vendor.id, atOnce)),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['vendors'] }),
  });
  if (rotate.data) return <SecretReveal vendor={rotate.data} onDone={onClose} />;
  return (
    <div className="form">
      <p>{atOnce ? t('rotate.explainNow', { name: vendor.name }) : t('rotate.explain', { name: vendor.name, hours: ROTATION_GRACE_HOURS })}</p>
      <label className="check"><input type="checkbox" checked={atOnce} onChange={(e) => setAtOnce(e.target.checked)} /> {t('rotate.now')}</label>
      <ApiProblems error={rotate.error} />
      <div className="form-actions">
        <button type="button" className="btn btn-ghost" onClick={onClose}>{t('common:action.cancel')}</button>
        <button type="button" className="btn btn-danger" disabled={rotate.isPending} onClick={() => rotate.mutate()}>{t('rotate.confirm')}</button>
      </div>
    </div>
  );
}

/** The commission rates the vendor's accounts may set on their brands and products. */
export function LimitsForm({ vendor, onClose }: { vendor: Vendor; onClose: () => void }) {
  const { t } = useTexts('vendors');
  const queryClient = useQueryClient();
  const [min, setMin] = useState(percentInput(vendor.minRateBps));
  const [max, setMax] = useState(percentInput(vendor.maxRateBps));
  const [problem, setProblem] = useState<string | null>(null);
  const save = useMutation({
    mutationFn: (limits: { minRateBps: number; maxRateBps: number }) => admin.patch<Vendor>(`/vendors/${vendor.id}`, limits),
    onSuccess: async () => { await queryClient.invalidateQueries({ queryKey: ['vendors'] }); onClose(); },
  });
  return (
    <form className="form" noValidate onSubmit={(event) => {
      event.preventDefault();
      const minRateBps = parsePercent(min);
      const maxRateBps = parsePercent(max);
      if (minRateBps === null || maxRateBps === null) return setProblem(t('limits.errorPercent'));
      if (minRateBps > maxRateBps) return setProblem(t('limits.errorOrder'));
      setProblem(null);
      save.mutate({ minRateBps, maxRateBps });
    }}>
      <p className="muted">{t('limits.explain', { name: vendor.name })}</p>
      <div className="form-row">
        <Field label={t('limits.min')}><input name="minRate" inputMode="decimal" value={min} onChange={(e) => setMin(e.target.value)} /></Field>
        <Field label={t('limits.max')}><input name="maxRate" inputMode="decimal" value={max} onChange={(e) => setMax(e.target.value)} /></Field>
      </div>
      {problem && <p className="form-error" role="alert">{problem}</p>}
      <ApiProblems error={save.error} />
      <div className="form-actions">
        <button type="button" className="btn btn-ghost" onClick={onClose}>{t('common:action.cancel')}</button>
        <button type="submit" className="btn btn-primary" disabled={save.isPending}>{t('common:action.save')}</button>
      </div>
    </form>
  );
}
