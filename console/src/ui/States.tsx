import type { ReactNode } from 'react';
import { ApiError } from '../http/client.ts';
import { useTexts } from '../i18n/i18n.ts';

export function Loading({ label }: { label?: string }) {
  const { t } = useTexts('common');
  return <div className="state state-loading" role="status" aria-live="polite"><span className="spinner" aria-hidden /> {label ?? t('state.loading')}</div>;
}

/** An error with what to do next: the API's own message, and a retry when one can help. */
export function ErrorState({ error, retry }: { error: unknown; retry?: () => void }) {
  const { t } = useTexts('common');
  if (error instanceof ApiError && error.status === 403) return <div className="state state-error" role="alert">{t('state.forbidden')}</div>;
  if (error instanceof ApiError && error.status === 404) return <div className="state state-error" role="alert">{t('state.notFound')}</div>;
  const message = error instanceof Error ? error.message : String(error);
  return (
    <div className="state state-error" role="alert">
      {t('state.error', { message })}
      {retry && <button type="button" className="btn" onClick={retry}>{t('state.retry')}</button>}
    </div>
  );
}

/** An empty list says how to fill it. */
export function Empty({ children, action }: { children: ReactNode; action?: ReactNode }) {
  return <div className="state state-empty"><p>{children}</p>{action}</div>;
}

/** What a write answered: the API's message on failure, a short confirmation on success. */
export function MutationError({ error }: { error: unknown }) {
  if (!error) return null;
  const message = error instanceof Error ? error.message : String(error);
  return <p className="form-error" role="alert">{message}</p>;
}

/**
 * What a write answered when it failed: the API's message, and each field it named
 * (Fastify's `details: [{field, problem}]` or a domain error's `details.problems`).
 */
export function ApiProblems({ error }: { error: unknown }) {
  if (!error) return null;
  const message = error instanceof Error ? error.message : String(error);
  const details = error instanceof ApiError ? error.details : undefined;
  const list = Array.isArray(details) ? details : (details as { problems?: unknown } | undefined)?.problems;
  const problems = Array.isArray(list)
    ? (list as { field?: string; problem?: string }[]).filter((p) => p.field && p.problem && !message.includes(p.problem))
    : [];
  return (
    <div className="form-error" role="alert">
      <p className="form-error">{message}</p>
      {problems.length > 0 && <ul className="catalog-problems">{problems.map((p) => <li key={`${p.field}-${p.problem}`}><code>{p.field}</code> {p.problem}</li>)}</ul>}
    </div>
  );
}
