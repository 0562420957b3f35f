import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { admin } from '../../http/client.ts';
import { useTexts } from '../../i18n/i18n.ts';
import { Field } from '../../ui/controls.tsx';
import { formatBps, formatMoney, minorDigits, minorToDecimal, parseMoney } from '../../ui/format.ts';
import { ApiProblems } from '../../ui/States.tsx';
import { parsePercent, percentInput, type Brand, type Product } from '../brands/catalog.ts';

/** Minor units as the text of a money input: 1999 EUR → "19.99" (exact, no floats). */
const moneyInput = (minor: number | null | undefined, currency: string): string =>
  (minor === null || minor === undefined ? '' : minorToDecimal(minor, currency));

/** Create a product under a brand, or change one; prices are typed in major units and sent in minor units. */
export function ProductForm({ product, brands, defaultBrandId, onDone, onCancel }: {
  product?: Product; brands: Brand[]; defaultBrandId?: string; onDone: () => void; onCancel: () => void;
}) {
  const { t } = useTexts('products');
  const queryClient = useQueryClient();
  const [brandId, setBrandId] = useState(product?.brandId ?? defaultBrandId ?? (brands.length === 1 ? brands[0]!.id : ''));
  const [sku, setSku] = useState(product?.sku ?? '');
  const [title, setTitle] = useState(product?.title ?? '');
  const [url, setUrl] = useState(product?.url ?? '');
  const [currency, setCurrency] = useState(product?.currency ?? 'EUR');
  const [price, setPrice] = useState(moneyInput(product?.price, product?.currency ?? 'EUR'));
  const [listPrice, setListPrice] = useState(moneyInput(product?.listPrice, product?.currency ?? 'EUR'));
  const [imageUrl, setImageUrl] = useState(product?.imageUrl ?? '');
  const [category, setCategory] = useState(product?.category ?? '');
  const [description, setDescription] = useState(product?.description ?? '');
  const [rate, setRate] = useState(product?.commissionRateBps === null || product?.commissionRateBps === undefined ? '' : percentInput(product.commissionRateBps));
  const [active, setActive] = useState(product?.active ?? true);
  const [problem, setProblem] = useState<string | null>(null);
  const brand = brands.find((b) => b.id === brandId);
  const code = currency.trim().toUpperCase();
  const save = useMutation({
    mutationFn: (body: Record<string, unknown>) => (product ? admin.patch<Product>(`/products/${product.id}`, body) : admin.post<Product>('/products', body)),
    onSuccess: async () => { await queryClient.invalidateQueries({ queryKey: ['products'] }); onDone(); },
  });
  const minor = /^[A-Z]{3}$/.test(code) ? parseMoney(price, code) : null;

  return (
    <form className="form" noValidate onSubmit={(event) => {
      event.preventDefault();
      const list = listPrice.trim() === '' ? null : parseMoney(listPrice, code);
      const bps = rate.trim() === '' ? null : parsePercent(rate);
      if (!brandId) return setProblem(t('form.errorBrand'));
      if (!/^[A-Z]{3}$/.test(code)) return setProblem(t('form.errorCurrency'));
      if (minor === null || (listPrice.trim() !== '' && list === null)) return setProblem(t('form.errorPrice', { digits: minorDigits(code) }));
      if (rate.trim() !== '' && bps === null) return setProblem(t('form.errorRate'));
      setProblem(null);
      save.mutate({
        ...(product && product.brandId === brandId ? {} : { brandId }),
        sku: sku.trim(), title: title.trim(), url: url.trim(), price: minor, currency: code, listPrice: list,
        imageUrl: imageUrl.trim() || null, category: category.trim() || null, description: description.trim() || null,
        commissionRateBps: bps, active,
      });
    }}>
      <Field label={t('form.brand')}>
        <select name="brandId" value={brandId} onChange={(e) => setBrandId(e.target.value)}>
          <option value="">{t('form.pickBrand')}</option>
          {brands.map((b) => <option key={b.id} value={b.id}>{b.name}</option>)}
        </select>
      </Field>
      <div className="form-row">
        <Field label={t('form.sku')}><input name="sku" value={sku} maxLength={100} onChange={(e) => setSku(e.target.value)} /></Field>
        <Field label={t('form.title')}><input name="title" value={title} maxLength={300} onChange={(e) => setTitle(e.target.value)} /></Field>
      </div>
      <Field label={t('form.url')} hint={t('form.urlHint')}><input name="url" type="url" value={url} onChange={(e) => setUrl(e.target.value)} /></Field>
      <div className="form-row">
        <Field label={t('form.price')} hint={minor !== null ? formatMoney(minor, code) : t('form.priceHint')}>
          <input name="price" inputMode="decimal" value={price} onChange={(e) => setPrice(e.target.value)} />
        </Field>
        <Field label={t('form.listPrice')}><input name="listPrice" inputMode="decimal" value={listPrice} onChange={(e) => setListPrice(e.target.value)} /></Field>
        <Field label={t('form.currency')}><input name="currency" value={currency} maxLength={3} onChange={(e) => setCurrency(e.target.value)} /></Field>
      </div>
      <div className="form-row">
        <Field label={t('form.rate')} hint={brand ? t('form.rateHint', { rate: formatBps(brand.commissionRateBps) }) : undefined}>
          <input name="rate" inputMode="decimal" value={rate} onChange={(e) => setRate(e.target.value)} />
        </Field>
        <Field label={t('form.category')}><input name="category" value={category} maxLength={100} onChange={(e) => setCategory(e.target.value)} /></Field>
      </div>
      <Field label={t('form.imageUrl')}><input name="imageUrl" type="url" value={imageUrl} onChange={(e) => setImageUrl(e.target.value)} /></Field>
      <Field label={t('form.description')}><textarea name="description" rows={3} maxLength={5000} value={description} onChange={(e) => setDescription(e.target.value)} /></Field>
      <label className="check"><input type="checkbox" name="active" checked={active} onChange={(e) => setActive(e.target.checked)} /> {t('form.active')}</label>
      {problem && <p className="form-error" role="alert">{problem}</p>}
      <ApiProblems error={save.error} />
      <div className="form-actions">
        <button type="button" className="btn btn-ghost" onClick={onCancel}>{t('common:action.cancel')}</button>
        <button type="submit" className="btn btn-primary" disabled={save.isPending}>{product ? t('common:action.save') : t('form.create')}</button>
      </div>
    </form>
  );
}
