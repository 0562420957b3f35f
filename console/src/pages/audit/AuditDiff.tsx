import { useTexts } from '../../i18n/i18n.ts';

/** An object as `path → text` lines: `commissions.0.status → "approved"`; scalars keep their JSON form. */
export function flatten(value: unknown, prefix = '', out = new Map<string, string>()): Map<string, string> {
  if (value !== null && typeof value === 'object') {
    const entries = Array.isArray(value) ? value.map((v, i) => [String(i), v] as const) : Object.entries(value as Record<string, unknown>);
    if (entries.length === 0) out.set(prefix || '(value)', Array.isArray(value) ? '[]' : '{}');
    for (const [key, v] of entries) flatten(v, prefix ? `${prefix}.${key}` : key, out);
    return out;
  }
  out.set(prefix || '(value)', value === undefined ? '—' : typeof value === 'string' ? value : JSON.stringify(value));
  return out;
}

/** The fields that differ between before and after, in the order they appear, and how many stayed. */
export function diffOf(before: unknown, after: unknown): { changed: { field: string; before?: string; after?: string }[]; unchanged: number } {
  const a = before === null || before === undefined ? new Map<string, string>() : flatten(before);
  const b = after === null || after === undefined ? new Map<string, string>() : flatten(after);
  const changed: { field: string; before?: string; after?: string }[] = [];
  let unchanged = 0;
  for (const field of new Set([...a.keys(), ...b.keys()])) {
    if (a.get(field) === b.get(field)) unchanged += 1;
    else changed.push({ field, before: a.get(field), after: b.get(field) });
  }
  return { changed, unchanged };
}

/** Before and after as a readable diff: only the fields that changed, old value struck through, then the details. */
export function AuditDiff({ before, after, details }: { before: unknown; after: unknown; details: Record<string, unknown> | null }) {
  const { t } = useTexts('audit');
  const { changed, unchanged } = diffOf(before, after);
  const note = before === null && after !== null ? t('diff.created') : after === null && before !== null ? t('diff.deleted') : null;
  return (
    <div className="audit-diff">
      {note && <p className="muted">{note}</p>}
      {changed.length === 0 ? <p className="muted">{t('diff.none')}</p> : (
        <table className="table audit-diff-table">
          <thead><tr><th>{t('diff.field')}</th><th>{t('diff.before')}</th><th>{t('diff.after')}</th></tr></thead>
          <tbody>
            {changed.map((c) => (
              <tr key={c.field}>
                <td data-label={t('diff.field')} className="mono">{c.field}</td>
                <td data-label={t('diff.before')}>{c.before === undefined ? '—' : <del className="audit-old">{c.before}</del>}</td>
                <td data-label={t('diff.after')}>{c.after === undefined ? '—' : <ins className="audit-new">{c.after}</ins>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {unchanged > 0 && <p className="muted">{t('diff.unchanged', { count: unchanged })}</p>}
      {details && Object.keys(details).length > 0 && (
        <>
          <h4>{t('details')}</h4>
          <dl className="audit-details">
            {[...flatten(details)].slice(0, 60).map(([key, value]) => <div key={key}><dt className="mono">{key}</dt><dd>{value}</dd></div>)}
          </dl>
        </>
      )}
    </div>
  );
}
