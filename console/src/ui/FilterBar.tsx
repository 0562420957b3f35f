import type { InputHTMLAttributes, ReactNode } from 'react';
import { useTexts } from '../i18n/i18n.ts';
import { daysAgoIso, dayInputToIso, isoToDayInput } from './url-state.ts';

/**
 * The one filter bar of a page: a time range (presets and two dates) plus the page's own
 * selects. Values are ISO instants in the URL (`from`, `to`), shown as local days.
 */
export function FilterBar({ from, to, onRange, children, onReset }: {
  from?: string; to?: string;
  onRange: (range: { from?: string; to?: string }) => void;
  children?: ReactNode;
  onReset?: () => void;
}) {
  const { t } = useTexts('common');
  const presets: [string, number][] = [[t('filter.last7'), 6], [t('filter.last30'), 29], [t('filter.last90'), 89]];
  return (
    <div className="filter-bar" role="search">
      <div className="filter-presets">
        {presets.map(([label, days]) => {
          const presetFrom = daysAgoIso(days);
          const active = from === presetFrom && !to;
          return <button key={days} type="button" className={`chip ${active ? 'chip-active' : ''}`} onClick={() => onRange({ from: presetFrom, to: undefined })}>{label}</button>;
        })}
      </div>
      <label className="filter-field">
        <span>{t('filter.from')}</span>
        <input type="date" value={isoToDayInput(from)} onChange={(e) => onRange({ from: dayInputToIso(e.target.value, 'start'), to })} />
      </label>
      <label className="filter-field">
        <span>{t('filter.to')}</span>
        <input type="date" value={isoToDayInput(to ? new Date(new Date(to).getTime() - 1).toISOString() : undefined)} onChange={(e) => onRange({ from, to: dayInputToIso(e.target.value, 'end') })} />
      </label>
      {children}
      {onReset && <button type="button" className="btn btn-ghost" onClick={onReset}>{t('filter.reset')}</button>}
    </div>
  );
}

/** A select in the filter bar; "" means any. */
export function FilterSelect({ label, value, options, onChange }: {
  label: string; value: string | undefined; options: { value: string; label: string }[]; onChange: (value: string | undefined) => void;
}) {
  const { t } = useTexts('common');
  return (
    <label className="filter-field">
      <span>{label}</span>
      <select value={value ?? ''} onChange={(e) => onChange(e.target.value || undefined)}>
        <option value="">{t('filter.any')}</option>
        {options.map((option) => <option key={option.value} value={option.value}>{option.label}</option>)}
      </select>
    </label>
  );
}

/** A free-text field of the filter bar, applied on Enter or when left (no request per keystroke); "" means any. */
export function FilterText({ label, value, onChange, className, normalize = (text) => text, ...input }: {
  label: string; value: string | undefined; onChange: (value: string | undefined) => void;
  /** An extra class on the field. */
  className?: string;
  /** What the trimmed text becomes before it is applied (e.g. upper case). */
  normalize?: (text: string) => string;
} & Omit<InputHTMLAttributes<HTMLInputElement>, 'value' | 'defaultValue' | 'onChange' | 'onBlur' | 'onKeyDown' | 'className'>) {
  const apply = (text: string) => onChange(normalize(text.trim()) || undefined);
  return (
    <label className={className ? `filter-field ${className}` : 'filter-field'}>
      <span>{label}</span>
      <input {...input} defaultValue={value ?? ''} key={value ?? ''}
        onBlur={(e) => apply(e.target.value)}
        onKeyDown={(e) => { if (e.key === 'Enter') apply(e.currentTarget.value); }} />
    </label>
  );
}
