import { useState } from 'react';
import { useMutation, useQuery } from '@tanstack/react-query';
import { admin as adminApi, ApiError, request } from '../../http/client.ts';
import { useAdmin, useSession } from '../../http/session.tsx';
import { useTexts } from '../../i18n/i18n.ts';
import { Badge, Dialog, Field, PageHeader } from '../../ui/controls.tsx';
import { MutationError } from '../../ui/States.tsx';
import './account.texts.ts';

/** Everyone's own account: who is signed in, the password, and signing out on every device. */
export default function AccountPage() {
  const { t } = useTexts('account');
  return (
    <>
      <PageHeader title={t('title')} subtitle={t('subtitle')} />
      <div className="grid-2">
        <WhoCard />
        <SignOutEverywhereCard />
      </div>
      <PasswordCard />
    </>
  );
}

function WhoCard() {
  const { t } = useTexts('account');
  const me = useAdmin();
  const vendor = useQuery({
    queryKey: ['vendor', me.vendorId],
    queryFn: ({ signal }) => adminApi.get<{ name: string }>(`/vendors/${me.vendorId}`, {}, signal),
    enabled: me.vendorId !== null,
  });
  return (
    <section className="card" aria-labelledby="account-who">
      <h2 id="account-who">{t('who.title')}</h2>
      <dl className="account-facts">
        <dt>{t('who.email')}</dt><dd data-testid="account-email">{me.email}</dd>
        <dt>{t('who.role')}</dt><dd><Badge tone="info">{me.role}</Badge> <span className="muted small">{t(`role.${me.role}`)}</span></dd>
        {me.vendorId !== null && <><dt>{t('who.vendor')}</dt><dd>{vendor.data?.name ?? `#${me.vendorId}`}</dd></>}
      </dl>
    </section>
  );
}

function PasswordCard() {
  const { t } = useTexts('account');
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [repeat, setRepeat] = useState('');
  const [mismatch, setMismatch] = useState(false);
  const change = useMutation({
    mutationFn: () => request<void>('/api/v1/auth/password', { method: 'PUT', body: { currentPassword: current, newPassword: next } }),
    onSuccess: () => { setCurrent(''); setNext(''); setRepeat(''); },
  });
  return (
    <section className="card" aria-labelledby="account-password">
      <h2 id="account-password">{t('password.title')}</h2>
      <form className="form account-password" onSubmit={(event) => {
        event.preventDefault();
        if (next !== repeat) { setMismatch(true); return; }
        setMismatch(false);
        change.mutate();
      }}>
        <Field label={t('password.current')}>
          <input type="password" name="currentPassword" autoComplete="current-password" required value={current} onChange={(e) => setCurrent(e.target.value)} />
        </Field>
        <Field label={t('password.new')} hint={t('password.hint')}>
          <input type="password" name="newPassword" autoComplete="new-password" required value={next} onChange={(e) => setNext(e.target.value)} />
        </Field>
        <Field label={t('password.repeat')}>
          <input type="password" name="repeatPassword" autoComplete="new-password" required value={repeat} onChange={(e) => setRepeat(e.target.value)} />
        </Field>
        {mismatch && <p className="form-error" role="alert">{t('password.mismatch')}</p>}
        {change.error && <PasswordError error={change.error} />}
        {change.isSuccess && <p className="form-ok" role="status">{t('password.done')}</p>}
        <div className="form-actions">
          <button type="submit" className="btn btn-primary" disabled={change.isPending}>{t('password.submit')}</button>
        </div>
      </form>
    </section>
  );
}

/** The API's refusal in the person's language where we know it, else the API's own message. */
function PasswordError({ error }: { error: Error }) {
  const { t } = useTexts('account');
  if (error instanceof ApiError && error.status === 429) {
    const seconds = Number((error.details as { retryAfterSeconds?: number } | undefined)?.retryAfterSeconds ?? 900);
    return <p className="form-error" role="alert">{t('password.limited', { minutes: Math.max(1, Math.ceil(seconds / 60)) })}</p>;
  }
  if (error instanceof ApiError && (error.details as { field?: string } | undefined)?.field === 'currentPassword') {
    return <p className="form-error" role="alert">{t('password.wrongCurrent')}</p>;
  }
  return <MutationError error={error} />;
}

function SignOutEverywhereCard() {
  const { t } = useTexts('account');
  const { signOut } = useSession();
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  return (
    <section className="card" aria-labelledby="account-everywhere">
      <h2 id="account-everywhere">{t('everywhere.title')}</h2>
      <p className="muted">{t('everywhere.text')}</p>
      <button type="button" className="btn btn-danger" onClick={() => setConfirming(true)}>{t('everywhere.button')}</button>
      <Dialog open={confirming} title={t('everywhere.confirmTitle')} onClose={() => setConfirming(false)}>
        <div className="form">
          <p>{t('everywhere.confirmText')}</p>
          <div className="form-actions">
            <button type="button" className="btn btn-ghost" onClick={() => setConfirming(false)}>{t('common:action.cancel')}</button>
            <button type="button" className="btn btn-danger" disabled={busy} onClick={() => { setBusy(true); void signOut(true); }}>{t('everywhere.button')}</button>
          </div>
        </div>
      </Dialog>
    </section>
  );
}
