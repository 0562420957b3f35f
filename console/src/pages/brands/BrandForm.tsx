import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { admin } from '../../http/client.ts';
import { useTexts } from '../../i18n/i18n.ts';
import { Field } from '../../ui/controls.tsx';
import { formatBps } from '../../ui/format.ts';
import { ApiProblems } from '../../ui/States.tsx';
import { hasLimits, parsePercent, percentInput, type Brand, type Vendor } from './catalog.ts';

const wholeDays = (text: string, min: number): number | null => (/^\d{1,3}$/.test(text.trim()) && Number(text) >= min && Number(text) <= 365 ? Number(text) : null);

/** Staff create a brand or change its terms; the API's own messages name what it refuses. */
export function BrandForm({ brand, vendors, defaultVendorId, onDone, onCancel }: {
  brand?: Brand; vendors: Vendor[]; defaultVendorId?: string; onDone: () => void; onCancel: () => void;
}) {
  const { t } = useTexts('brands');
  const queryClient = useQueryClient();
  const [vendorId, setVendorId] = useState(brand?.vendorId ?? defaultVendorId ?? (vendors.length === 1 ? vendors[0]!.id : ''));
  const [name, setName] = useState(brand?.name ?? '');
  const [slug, setSlug] = useState('');
  const [rate, setRate] = useState(brand ? percentInput(brand.commissionRateBps) : '10');
  const [lockDays, setLockDays] = useState(String(brand?.lockDays ?? 30));
  const [windowDays, setWindowDays] = useState(String(brand?.attributionWindowDays ?? 30));
  const [autoApprove, setAutoApprove] = useState(brand?.autoApprove ?? true);
  const [erid, setErid] = useState(brand?.erid ?? '');
  const [problem, setProblem] = useState<string | null>(null);
  const save = useMutation({
    mutationFn: (body: Record<string, unknown>) => (brand ? admin.patch<Brand>(`/brands/${brand.id}`, body) : admin.post<Brand>('/brands', body)),
    onSuccess: async () => { await queryClient.invalidateQueries({ queryKey: ['brands'] }); onDone(); },
  });

  return (
    <form className="form" noValidate onSubmit={(event) => {
      event.preventDefault();
      const commissionRateBps = parsePercent(rate);
      const lock = wholeDays(lockDays, 0);
      const attribution = wholeDays(windowDays, 1);
      if (!brand && !vendorId) return setProblem(t('form.errorVendor'));
      if (commissionRateBps === null) return setProblem(t('form.errorRate'));
      if (lock === null || attribution === null) return setProblem(t('form.errorDays'));
      setProblem(null);
      const terms = { name: name.trim(), commissionRateBps, lockDays: lock, attributionWindowDays: attribution, autoApprove };
      save.mutate(brand
        ? { ...terms, erid: erid.trim() === '' ? null : erid.trim() }
        : { ...terms, vendorId, ...(slug.trim() ? { slug: slug.trim() } : {}), ...(erid.trim() ? { erid: erid.trim() } : {}) });
    }}>
      {!brand && (
        <Field label={t('form.vendor')}>
          <select name="vendorId" value={vendorId} onChange={(e) => setVendorId(e.target.value)} required>
            <option value="">{t('form.pickVendor')}</option>
            {vendors.map((v) => <option key={v.id} value={v.id}>{v.name}</option>)}
          </select>
        </Field>
      )}
      <Field label={t('form.name')}><input name="name" value={name} maxLength={200} onChange={(e) => setName(e.target.value)} /></Field>
      {!brand && (
        <Field label={t('form.slug')} hint={t('form.slugHint')}><input name="slug" value={slug} maxLength={60} onChange={(e) => setSlug(e.target.value)} /></Field>
      )}
      <div className="form-row">
        <Field label={t('form.rate')}><input name="rate" inputMode="decimal" value={rate} onChange={(e) => setRate(e.target.value)} /></Field>
        <Field label={t('form.lockDays')} hint={t('form.lockHint')}><input name="lockDays" inputMode="numeric" value={lockDays} onChange={(e) => setLockDays(e.target.value)} /></Field>
        <Field label={t('form.window')} hint={t('form.windowHint')}><input name="attributionWindowDays" inputMode="numeric" value={windowDays} onChange={(e) => setWindowDays(e.target.value)} /></Field>
      </div>
      <label className="check"><input type="checkbox" name="autoApprove" checked={autoApprove} onChange={(e) => setAutoApprove(e.target.checked)} /> {t('form.autoApprove')}</label>
      <Field label={t('form.erid')} hint={t('form.eridHint')}><input name="erid" value={erid} maxLength={64} onChange={(e) => setErid(e.target.value)} /></Field>
      {problem && <p className="form-error" role="alert">{problem}</p>}
      <ApiProblems error={save.error} />
      <div className="form-actions">
        <button type="button" className="btn btn-ghost" onClick={onCancel}>{t('common:action.cancel')}</button>
        <button type="submit" className="btn btn-primary" disabled={save.isPending}>{brand ? t('common:action.save') : t('form.create')}</button>
      </div>
    </form>
  );
}

/** A vendor account sets its own brand's rate; the limits are shown, the API decides and says why. */
export function RateForm({ brand, vendor, onDone, onCancel }: { brand: Brand; vendor: Vendor | undefined; onDone: () => void; onCancel: () => void }) {
  const { t } = useTexts('brands');
  const queryClient = useQueryClient();
  const [rate, setRate] = useState(percentInput(brand.commissionRateBps));
  const [problem, setProblem] = useState<string | null>(null);
  const save = useMutation({
    mutationFn: (commissionRateBps: number) => admin.put<Brand>(`/brands/${brand.id}/commission-rate`, { commissionRateBps }),
    onSuccess: async () => { await queryClient.invalidateQueries({ queryKey: ['brands'] }); onDone(); },
  });
  const limits = vendor && hasLimits(vendor) ? t('rate.limits', { min: formatBps(vendor.minRateBps), max: formatBps(vendor.maxRateBps) }) : t('rate.noLimits');
  return (
    <form className="form" noValidate onSubmit={(event) => {
      event.preventDefault();
      const bps = parsePercent(rate);
      if (bps === null) return setProblem(t('form.errorRate'));
      setProblem(null);
      save.mutate(bps);
    }}>
      <p>{t('rate.current', { rate: formatBps(brand.commissionRateBps) })}</p>
      <p className="brands-limits">{limits}</p>
      <Field label={t('form.rate')} hint={t('rate.hint')}><input name="rate" inputMode="decimal" value={rate} onChange={(e) => setRate(e.target.value)} autoFocus /></Field>
      {problem && <p className="form-error" role="alert">{problem}</p>}
      <ApiProblems error={save.error} />
      <div className="form-actions">
        <button type="button" className="btn btn-ghost" onClick={onCancel}>{t('common:action.cancel')}</button>
        <button type="submit" className="btn btn-primary" disabled={save.isPending}>{t('rate.save')}</button>
      </div>
    </form>
  );
}
