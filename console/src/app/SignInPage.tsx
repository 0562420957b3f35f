import { useState } from 'react';
import { ApiError } from '../http/client.ts';
import { useSession } from '../http/session.tsx';
import { currentLanguage, LANGUAGE_NAMES, LANGUAGES, setLanguage, useTexts, type Language } from '../i18n/i18n.ts';

export function SignInPage() {
  const { t } = useTexts('common');
  const { signIn } = useSession();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  return (
    <main className="sign-in">
      <form className="card form" onSubmit={(event) => {
        event.preventDefault();
        setBusy(true);
        setError(null);
        signIn(email.trim(), password).then(() => {
          // Pages outside the app (Bull Board at /admin/queues) send people here with ?next=.
          const next = new URLSearchParams(window.location.search).get('next');
          if (next && /^\/admin\/[\w/-]*$/.test(next)) window.location.assign(next);
        }, (e: unknown) => {
          if (e instanceof ApiError && e.status === 429) {
            const seconds = Number((e.details as { retryAfterSeconds?: number } | undefined)?.retryAfterSeconds ?? 900);
            setError(t('signIn.rateLimited', { minutes: Math.max(1, Math.ceil(seconds / 60)) }));
          } else if (e instanceof ApiError && e.status === 401) setError(t('signIn.wrong'));
          else setError(e instanceof Error ? e.message : String(e));
        }).finally(() => setBusy(false));
      }}>
        <h1>{t('signIn.title')}</h1>
        <label className="field"><span className="field-label">{t('signIn.email')}</span>
          <input type="email" name="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.target.value)} /></label>
        <label className="field"><span className="field-label">{t('signIn.password')}</span>
          <input type="password" name="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} /></label>
        {error && <p className="form-error" role="alert">{error}</p>}
        <button type="submit" className="btn btn-primary" disabled={busy}>{t('signIn.submit')}</button>
        <p className="muted small">{t('signIn.hint')}</p>
        <select aria-label="Language" value={currentLanguage()} onChange={(e) => setLanguage(e.target.value as Language)}>
          {LANGUAGES.map((language) => <option key={language} value={language}>{LANGUAGE_NAMES[language]}</option>)}
        </select>
      </form>
    </main>
  );
}
