import { ApiError } from '../../http/client.ts';

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
