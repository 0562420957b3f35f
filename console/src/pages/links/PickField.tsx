import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTexts } from '../../i18n/i18n.ts';
import './links.texts.ts';

export interface PickOption { id: string; label: string; detail?: string }

/**
 * A field that finds one object by typing (an influencer, a product): matches are fetched as the
 * person types (after a pause) and shown as options; the chosen one is kept by id.
 */
export function PickField({ label, placeholder, search, value, onChange }: {
  label: string; placeholder: string; search: (text: string, signal: AbortSignal) => Promise<PickOption[]>;
  value: PickOption | null; onChange: (option: PickOption | null) => void;
}) {
  const { t } = useTexts('links');
  const [text, setText] = useState('');
  const [typed, setTyped] = useState('');
  const matches = useQuery({ queryKey: ['pick', label, typed], enabled: typed.length > 0 && !value, queryFn: ({ signal }) => search(typed, signal) });
  if (value) {
    return (
      <div className="field">
        <span className="field-label">{label}</span>
        <span className="links-picked"><strong>{value.label}</strong> {value.detail && <span className="muted small">{value.detail}</span>}{' '}
          <button type="button" className="btn btn-small btn-ghost" onClick={() => { onChange(null); setText(''); setTyped(''); }}>✕</button>
        </span>
      </div>
    );
  }
  return (
    <div className="field">
      <label className="field">
        <span className="field-label">{label}</span>
        <input type="search" value={text} placeholder={placeholder} maxLength={100}
          onChange={(e) => { setText(e.target.value); const v = e.target.value.trim(); window.clearTimeout(Number(e.target.dataset.timer)); e.target.dataset.timer = String(window.setTimeout(() => setTyped(v), 250)); }} />
      </label>
      {typed && matches.data && (matches.data.length === 0 ? <span className="field-hint">{t('form.noMatch')}</span> : (
        <ul className="links-options" role="listbox" aria-label={label}>
          {matches.data.map((o) => (
            <li key={o.id} role="option" aria-selected={false}>
              <button type="button" className="btn btn-ghost btn-small" onClick={() => onChange(o)}>{o.label} {o.detail && <span className="muted">{o.detail}</span>}</button>
            </li>
          ))}
        </ul>
      ))}
    </div>
  );
}
