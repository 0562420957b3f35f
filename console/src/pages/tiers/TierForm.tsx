import { useEffect, useState } from 'react';
import { useTexts } from '../../i18n/i18n.ts';
import { Field } from '../../ui/controls.tsx';
import { formatBps, locale } from '../../ui/format.ts';
import { MutationError } from '../../ui/States.tsx';

import type { Tier } from './tier-api.ts';

export type TierInput = Omit<Tier, 'id'>;

/** The API's upper bound: ×10. */
const MAX_MULTIPLIER_BPS = 100_000;
const MAX_THRESHOLD = 2_000_000_000;

/** "1,25" or "1.25" → 12500 bps; null when it is not a multiplier the API takes. */
export function parseMultiplier(text: string): number | null {
  const match = text.trim().match(/^(\d{1,2})(?:[.,](\d{0,4}))?$/);
  if (!match) return null;
  const bps = Number(match[1]) * 10_000 + Number((match[2] ?? '').padEnd(4, '0'));
  return bps <= MAX_MULTIPLIER_BPS ? bps : null;
}

/** 12500 → "1,25" in the console's language (exact: at most 4 decimals). */
export const formatMultiplier = (bps: number): string => new Intl.NumberFormat(locale(), { maximumFractionDigits: 4 }).format(bps / 10_000);

function parseThreshold(text: string): number | null {
  if (!/^\d{1,10}$/.test(text.trim())) return null;
  const value = Number(text.trim());
  return value <= MAX_THRESHOLD ? value : null;
}

/** Create or edit a tier, checked as the API checks it before anything is sent. */
export function TierForm({ tier, onSubmit, onCancel, busy, error }: {
  tier?: Tier; onSubmit: (input: TierInput) => void; onCancel: () => void; busy: boolean; error: unknown;
}) {
  const { t } = useTexts('tiers');
  const [name, setName] = useState(tier?.name ?? '');
  const [clicks, setClicks] = useState(String(tier?.minClicks30d ?? 0));
  const [sales, setSales] = useState(String(tier?.minSales30d ?? 0));
  const [exposure, setExposure] = useState(String(tier?.minExposure30d ?? 0));
  const [multiplier, setMultiplier] = useState(tier ? formatMultiplier(tier.multiplierBps).replace(/\s/g, '') : '1');
  const [problem, setProblem] = useState<string | null>(null);
  const bps = parseMultiplier(multiplier);
  // A problem is about what was submitted: typing again clears it.
  useEffect(() => setProblem(null), [name, clicks, sales, exposure, multiplier]);

  return (
    <form className="form" noValidate onSubmit={(event) => {
      event.preventDefault();
      const minClicks30d = parseThreshold(clicks);
      const minSales30d = parseThreshold(sales);
      const minExposure30d = parseThreshold(exposure);
      if (name.trim() === '' || name.trim().length > 60) return setProblem(t('error.name'));
      if (minClicks30d === null || minSales30d === null || minExposure30d === null) return setProblem(t('error.threshold'));
      if (bps === null) return setProblem(t('error.multiplier'));
      setProblem(null);
      onSubmit({ name: name.trim(), minClicks30d, minSales30d, minExposure30d, multiplierBps: bps });
    }}>
      <Field label={t('field.name')}><input name="name" value={name} maxLength={60} onChange={(e) => setName(e.target.value)} required /></Field>
      <div className="form-row">
        <Field label={t('field.clicks')}><input name="minClicks30d" inputMode="numeric" value={clicks} onChange={(e) => setClicks(e.target.value)} /></Field>
        <Field label={t('field.sales')}><input name="minSales30d" inputMode="numeric" value={sales} onChange={(e) => setSales(e.target.value)} /></Field>
      </div>
      <Field label={t('field.exposure')}><input name="minExposure30d" inputMode="numeric" value={exposure} onChange={(e) => setExposure(e.target.value)} /></Field>
      <Field label={t('field.multiplier')} hint={bps !== null ? t('multiplier.example', { rate: formatBps(Math.round((1000 * bps) / 10_000)) }) : undefined}>
        <input name="multiplier" inputMode="decimal" value={multiplier} onChange={(e) => setMultiplier(e.target.value)} />
      </Field>
      {problem && <p className="form-error" role="alert">{problem}</p>}
      <MutationError error={error} />
      <div className="form-actions">
        <button type="button" className="btn btn-ghost" onClick={onCancel}>{t('common:action.cancel')}</button>
        <button type="submit" className="btn btn-primary" disabled={busy}>{t('common:action.save')}</button>
      </div>
    </form>
  );
}
