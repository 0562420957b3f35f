import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { admin } from '../../http/client.ts';
import { useTexts } from '../../i18n/i18n.ts';
import { Field } from '../../ui/controls.tsx';
import { parseMoney } from '../../ui/format.ts';
import { ApiProblems } from '../../ui/States.tsx';
import { parsePercent, type Brand } from '../brands/catalog.ts';
import type { Campaign } from './campaigns.ts';

const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

/** A new campaign: the API checks the body and names every problem, which the form lists under it. */
export function CampaignForm({ brands, onDone, onCancel }: { brands: Brand[]; onDone: () => void; onCancel: () => void }) {
  const { t } = useTexts('campaigns');
  const queryClient = useQueryClient();
  const [brandId, setBrandId] = useState(brands.length === 1 ? brands[0]!.id : '');
  const [title, setTitle] = useState('');
  const [productIds, setProductIds] = useState('');
  const [startsAt, setStartsAt] = useState(day(0));
  const [endsAt, setEndsAt] = useState(day(14));
  const [kind, setKind] = useState<'rate' | 'fee'>('rate');
  const [bonus, setBonus] = useState('5');
  const [currency, setCurrency] = useState('EUR');
  const [cap, setCap] = useState('500');
  const [promoCode, setPromoCode] = useState('');
  const [open, setOpen] = useState(true);
  const save = useMutation({
    mutationFn: (body: Record<string, unknown>) => admin.post<Campaign>('/campaigns', body),
    onSuccess: async () => { await queryClient.invalidateQueries({ queryKey: ['campaigns'] }); onDone(); },
  });
  return (
    <form className="form" noValidate onSubmit={(event) => {
      event.preventDefault();
      const ids = productIds.split(/[\s,]+/).filter(Boolean);
      // Values the form cannot read go to the API as they are, so its answer names them.
      const bonusValue = kind === 'rate' ? parsePercent(bonus) ?? -1 : parseMoney(bonus, currency) ?? -1;
      save.mutate({
        brandId, title, startsAt: new Date(`${startsAt}T00:00:00Z`).toISOString(), endsAt: new Date(`${endsAt}T00:00:00Z`).toISOString(),
        currency: currency.trim().toUpperCase(), spendCap: parseMoney(cap, currency) ?? -1, status: open ? 'open' : 'draft',
        ...(kind === 'rate' ? { bonusRateBps: bonusValue } : { bonusFee: bonusValue }),
        ...(ids.length > 0 ? { productIds: ids } : {}), ...(promoCode.trim() ? { promoCode: promoCode.trim() } : {}),
      });
    }}>
      <Field label={t('form.brand')}>
        <select name="brandId" value={brandId} onChange={(e) => setBrandId(e.target.value)}>
          <option value="">{t('form.pickBrand')}</option>
          {brands.map((b) => <option key={b.id} value={b.id}>{b.name}</option>)}
        </select>
      </Field>
      <Field label={t('form.title')}><input name="title" value={title} maxLength={200} onChange={(e) => setTitle(e.target.value)} /></Field>
      <Field label={t('form.products')} hint={t('form.productsHint')}><input name="productIds" value={productIds} onChange={(e) => setProductIds(e.target.value)} /></Field>
      <div className="form-row">
        <Field label={t('form.startsAt')}><input type="date" name="startsAt" value={startsAt} onChange={(e) => setStartsAt(e.target.value)} /></Field>
        <Field label={t('form.endsAt')}><input type="date" name="endsAt" value={endsAt} onChange={(e) => setEndsAt(e.target.value)} /></Field>
      </div>
      <div className="form-row">
        <Field label={t('form.bonusKind')}>
          <select name="bonusKind" value={kind} onChange={(e) => setKind(e.target.value as 'rate' | 'fee')}>
            <option value="rate">{t('form.bonusRate')}</option>
            <option value="fee">{t('form.bonusFee')}</option>
          </select>
        </Field>
        <Field label={kind === 'rate' ? t('form.bonusRateValue') : t('form.bonusFeeValue')}><input name="bonus" inputMode="decimal" value={bonus} onChange={(e) => setBonus(e.target.value)} /></Field>
        <Field label={t('form.currency')}><input name="currency" value={currency} maxLength={3} onChange={(e) => setCurrency(e.target.value)} /></Field>
        <Field label={t('form.cap')} hint={t('form.capHint')}><input name="spendCap" inputMode="decimal" value={cap} onChange={(e) => setCap(e.target.value)} /></Field>
      </div>
      <Field label={t('form.promoCode')} hint={t('form.promoCodeHint')}><input name="promoCode" value={promoCode} maxLength={20} onChange={(e) => setPromoCode(e.target.value)} /></Field>
      <label className="check"><input type="checkbox" name="open" checked={open} onChange={(e) => setOpen(e.target.checked)} /> {t('form.openNow')}</label>
      <ApiProblems error={save.error} />
      <div className="form-actions">
        <button type="button" className="btn btn-ghost" onClick={onCancel}>{t('common:action.cancel')}</button>
        <button type="submit" className="btn btn-primary" disabled={save.isPending}>{t('form.create')}</button>
      </div>
    </form>
  );
}
