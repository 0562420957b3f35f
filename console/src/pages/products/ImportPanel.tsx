import { useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { admin } from '../../http/client.ts';
import { useTexts } from '../../i18n/i18n.ts';
import { downloadCsv } from '../../ui/csv.ts';
import { Field } from '../../ui/controls.tsx';
import { formatNumber } from '../../ui/format.ts';
import { ApiProblems } from '../../ui/States.tsx';
import type { Brand } from '../brands/catalog.ts';
import { CATALOG_COLUMNS, chunkCsv, recordFields, splitCsv, templateRows, type CsvRecord } from './csv-chunks.ts';

interface ChunkReport { rows: number; created: number; updated: number; failed: number; errors: RowError[] }
interface RowError { line: number; field: string; message: string }
interface Run {
  file: string; total: number; done: number; created: number; updated: number; errors: RowError[];
  state: 'running' | 'done' | 'stopped' | 'failed'; error?: unknown; failedLines?: string;
}

const CHUNK_ROWS = 200;
/** The errors table shows this many; the download has them all. */
const SHOWN_ERRORS = 200;

/**
 * CSV import in the browser: the file is read and cut into chunks of 200 rows, posted one
 * after another; a progress bar counts the rows, bad rows are listed by their line in the file
 * and can be downloaded (with the reasons) to fix and import again.
 */
export function ImportPanel({ brands }: { brands: Brand[] }) {
  const { t } = useTexts('products');
  const queryClient = useQueryClient();
  const [brandId, setBrandId] = useState('');
  const [run, setRun] = useState<Run | null>(null);
  const records = useRef<{ header: string; byLine: Map<number, CsvRecord> }>({ header: '', byLine: new Map() });
  const stop = useRef(false);

  async function start(file: File) {
    const text = await file.text();
    const { header, records: all } = splitCsv(text);
    const chunks = chunkCsv(header, all, CHUNK_ROWS);
    records.current = { header, byLine: new Map(all.map((r) => [r.line, r])) };
    stop.current = false;
    let state: Run = { file: file.name, total: chunks.reduce((n, c) => n + c.rows.length, 0), done: 0, created: 0, updated: 0, errors: [], state: 'running' };
    setRun(state);
    for (const chunk of chunks) {
      if (stop.current) { state = { ...state, state: 'stopped' }; break; }
      try {
        const report = await admin.post<ChunkReport>('/products/import', { csv: chunk.csv, firstLine: chunk.firstLine, file: file.name, ...(brandId ? { brandId } : {}) });
        state = { ...state, done: state.done + chunk.rows.length, created: state.created + report.created, updated: state.updated + report.updated, errors: [...state.errors, ...report.errors] };
      } catch (error) {
        state = { ...state, state: 'failed', error, failedLines: `${chunk.rows[0]!.line}–${chunk.rows[chunk.rows.length - 1]!.line}` };
        break;
      }
      setRun(state);
    }
    setRun(state.state === 'running' ? { ...state, state: 'done' } : state);
    await queryClient.invalidateQueries({ queryKey: ['products'] });
  }

  function downloadFailed() {
    if (!run) return;
    const reasons = new Map<number, string[]>();
    for (const e of run.errors) reasons.set(e.line, [...(reasons.get(e.line) ?? []), `${e.field}: ${e.message}`]);
    const header = recordFields(records.current.header);
    const rows = [...reasons].map(([line, why]) => [line, why.join('; '), ...recordFields(records.current.byLine.get(line)?.text ?? '')]);
    downloadCsv(run.file.replace(/\.csv$/i, '') + '.errors.csv', ['line', 'errors', ...header], rows);
  }

  const failedRows = run ? new Set(run.errors.map((e) => e.line)).size : 0;
  return (
    <section className="card products-import" aria-label={t('import.title')}>
      <h2>{t('import.title')}</h2>
      <p className="muted">{t('import.explain', { columns: CATALOG_COLUMNS.slice(0, 6).join(', ') })}</p>
      <div className="form-row">
        <Field label={t('import.file')} hint={t('import.fileHint')}>
          <input type="file" name="csv" accept=".csv,text/csv" disabled={run?.state === 'running'}
            onChange={(e) => { const file = e.target.files?.[0]; e.target.value = ''; if (file) void start(file); }} />
        </Field>
        <Field label={t('import.brand')} hint={t('import.brandHint')}>
          <select name="importBrand" value={brandId} onChange={(e) => setBrandId(e.target.value)} disabled={run?.state === 'running'}>
            <option value="">{t('import.brandFromFile')}</option>
            {brands.map((b) => <option key={b.id} value={b.id}>{b.name}</option>)}
          </select>
        </Field>
      </div>
      <p>
        <button type="button" className="btn btn-ghost btn-small"
          onClick={() => downloadCsv('catalog-template.csv', [...CATALOG_COLUMNS], templateRows(brands[0]?.slug ?? 'your-brand'))}>{t('import.template')}</button>
      </p>
      {run && (
        <div className="products-import-run" aria-live="polite">
          <progress className="progress" value={run.done} max={Math.max(run.total, 1)} aria-label={t('import.progress')} />
          <p>
            <strong>{t('import.count', { done: formatNumber(run.done), total: formatNumber(run.total) })}</strong>
            {' · '}{t('import.summary', { created: formatNumber(run.created), updated: formatNumber(run.updated), failed: formatNumber(failedRows) })}
          </p>
          {run.state === 'running' && <button type="button" className="btn btn-small" onClick={() => { stop.current = true; }}>{t('import.stop')}</button>}
          {run.state === 'done' && <p className={failedRows ? 'form-error' : 'form-ok'} role="status">{failedRows ? t('import.doneWithErrors', { count: failedRows }) : t('import.done')}</p>}
          {run.state === 'stopped' && <p role="status">{t('import.stopped')}</p>}
          {run.state === 'failed' && (
            <>
              <p className="form-error">{t('import.chunkFailed', { lines: run.failedLines })}</p>
              <ApiProblems error={run.error} />
            </>
          )}
        </div>
      )}
      {run && run.errors.length > 0 && (
        <div className="table-wrap">
          <div className="table-tools">
            <span className="muted">{t('import.errorsCount', { count: run.errors.length })}</span>
            <button type="button" className="btn btn-small" onClick={downloadFailed}>{t('import.downloadFailed')}</button>
          </div>
          <div className="table-scroll">
            <table className="table products-errors">
              <caption className="sr-only">{t('import.errorsCaption')}</caption>
              <thead><tr><th className="num">{t('import.line')}</th><th>{t('import.field')}</th><th>{t('import.message')}</th></tr></thead>
              <tbody>
                {run.errors.slice(0, SHOWN_ERRORS).map((e, i) => (
                  <tr key={`${e.line}-${e.field}-${i}`}>
                    <td className="num" data-label={t('import.line')}>{e.line}</td>
                    <td data-label={t('import.field')}><code>{e.field}</code></td>
                    <td data-label={t('import.message')}>{e.message}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {run.errors.length > SHOWN_ERRORS && <p className="muted table-more">{t('import.moreErrors', { count: run.errors.length - SHOWN_ERRORS })}</p>}
        </div>
      )}
    </section>
  );
}
