import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { admin, adminUrl, ApiError, request } from '../../http/client.ts';
import { useTexts } from '../../i18n/i18n.ts';
import { Field } from '../../ui/controls.tsx';
import { locale } from '../../ui/format.ts';
import { MutationError } from '../../ui/States.tsx';

export interface FxRate { base: string; quote: string; rate: string; rateE9: string; validFrom: string }

/** The API's exact decimal ("4.2735") in the console's language ("4,2735"), without passing through a float. */
export const formatRate = (rate: string): string =>
  new Intl.NumberFormat(locale(), { maximumFractionDigits: 9 }).format(rate as unknown as number);

/** What a person types ("4,2735" or "4.2735") as the API's decimal, or null. */
export function rateText(typed: string): string | null {
  const text = typed.trim().replace(',', '.');
  return /^[0-9]{1,9}(\.[0-9]{1,9})?$/.test(text) && /[1-9]/.test(text) ? text : null;
}

const currency = (text: string): string | null => (/^[A-Za-z]{3}$/.test(text.trim()) ? text.trim().toUpperCase() : null);

function useReloadRates() {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: ['fx-rates'] });
}

/** Set one rate from a moment on (now by default). */
export function AddRateForm() {
  const { t } = useTexts('fx-rates');
  const reload = useReloadRates();
  const [fields, setFields] = useState({ base: 'EUR', quote: '', rate: '', validFrom: '' });
  const [problem, setProblem] = useState<string | null>(null);
  const save = useMutation({ mutationFn: (body: Record<string, string>) => admin.post<FxRate>('/fx-rates', body), onSuccess: reload });
  const set = (key: keyof typeof fields) => (e: React.ChangeEvent<HTMLInputElement>) => setFields({ ...fields, [key]: e.target.value });

  return (
    <form className="form card" noValidate onSubmit={(event) => {
      event.preventDefault();
      const base = currency(fields.base);
      const quote = currency(fields.quote);
      const rate = rateText(fields.rate);
      if (!base || !quote || base === quote) return setProblem(t('error.currency'));
      if (!rate) return setProblem(t('error.rate'));
      setProblem(null);
      save.mutate({ base, quote, rate, ...(fields.validFrom ? { validFrom: new Date(fields.validFrom).toISOString() } : {}) });
    }}>
      <h2>{t('add')}</h2>
      <div className="form-row">
        <Field label={t('field.base')}><input name="base" value={fields.base} onChange={set('base')} maxLength={3} autoCapitalize="characters" /></Field>
        <Field label={t('field.quote')}><input name="quote" value={fields.quote} onChange={set('quote')} maxLength={3} autoCapitalize="characters" /></Field>
        <Field label={t('field.rate')}><input name="rate" inputMode="decimal" value={fields.rate} onChange={set('rate')} /></Field>
        <Field label={t('field.validFrom')}><input name="validFrom" type="datetime-local" value={fields.validFrom} onChange={set('validFrom')} /></Field>
      </div>
      {problem && <p className="form-error" role="alert">{problem}</p>}
      <MutationError error={save.error} />
      {save.data && <p className="form-ok" role="status">{t('saved', { base: save.data.base, quote: save.data.quote, rate: formatRate(save.data.rate) })}</p>}
      <div className="form-actions"><button type="submit" className="btn btn-primary" disabled={save.isPending}>{t('common:action.save')}</button></div>
    </form>
  );
}

/** Import a CSV file of rates: all or nothing, with every problem listed by line. */
export function ImportRatesForm() {
  const { t } = useTexts('fx-rates');
  const reload = useReloadRates();
  const upload = useMutation({
    mutationFn: (content: string) => request<{ imported: number }>(adminUrl('/fx-rates/import'), { method: 'POST', text: { content, contentType: 'text/csv' } }),
    onSuccess: reload,
  });
  const lines = upload.error instanceof ApiError ? (upload.error.details as { lines?: { line: number; field: string; problem: string }[] } | undefined)?.lines ?? [] : [];
  return (
    <div className="form card">
      <h2>{t('import')}</h2>
      <p className="muted">{t('importHint')}</p>
      <input type="file" accept=".csv,text/csv" aria-label={t('import')} disabled={upload.isPending}
        onChange={(e) => { const file = e.target.files?.[0]; if (file) void file.text().then((text) => upload.mutate(text)); e.target.value = ''; }} />
      <MutationError error={upload.error} />
      {lines.length > 0 && <ul className="form-error">{lines.slice(0, 50).map((l, i) => <li key={i}>{t('importError.line', l)}</li>)}</ul>}
      {upload.data && <p className="form-ok" role="status">{t('imported', { count: upload.data.imported })}</p>}
    </div>
  );
}
