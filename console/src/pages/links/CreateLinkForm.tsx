import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { admin, type Page } from '../../http/client.ts';
import { useTexts } from '../../i18n/i18n.ts';
import { Field } from '../../ui/controls.tsx';
import { MutationError } from '../../ui/States.tsx';
import { LINK_CHANNELS, type LinkChannel, type TrackedLink } from './link-api.ts';
import { LinkForms } from './LinkForms.tsx';
import { PickField, type PickOption } from './PickField.tsx';
import '../influencers/influencers.texts.ts';
import './links.texts.ts';

const searchInfluencers = (q: string, signal: AbortSignal) => admin.get<Page<{ id: string; displayName: string; status: string }>>('/influencers', { q, limit: 8 }, signal)
  .then((p) => p.items.map((i) => ({ id: i.id, label: i.displayName, detail: `#${i.id}${i.status === 'active' ? '' : ` · ${i.status}`}` })));
const searchProducts = (search: string, signal: AbortSignal) => admin.get<Page<{ id: string; title: string; sku: string }>>('/products', { search, limit: 8, active: true }, signal)
  .then((p) => p.items.map((x) => ({ id: x.id, label: x.title, detail: x.sku })));

/** Makes the tracked link of an influencer for a product, channel and group label, then shows it with its QR code. */
export function CreateLinkForm({ onCancel }: { onCancel: () => void }) {
  const { t } = useTexts('links');
  const queryClient = useQueryClient();
  const [influencer, setInfluencer] = useState<PickOption | null>(null);
  const [product, setProduct] = useState<PickOption | null>(null);
  const [channel, setChannel] = useState<LinkChannel>('telegram');
  const [groupLabel, setGroupLabel] = useState('');
  const create = useMutation({
    mutationFn: () => admin.post<TrackedLink>('/links', { influencerId: influencer!.id, productId: product!.id, channel, ...(groupLabel.trim() ? { groupLabel } : {}) }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['links'] }),
  });
  if (create.data) {
    return (
      <div className="form">
        <p className="form-ok">{t('form.created')}</p>
        <LinkForms link={create.data} />
        <div className="form-actions">
          <button type="button" className="btn" onClick={() => { create.reset(); setGroupLabel(''); }}>{t('form.another')}</button>
          <button type="button" className="btn btn-primary" onClick={onCancel}>{t('common:action.close')}</button>
        </div>
      </div>
    );
  }
  return (
    <form className="form" onSubmit={(e) => { e.preventDefault(); create.mutate(); }}>
      <PickField label={t('form.influencer')} placeholder={t('form.search')} search={searchInfluencers} value={influencer} onChange={setInfluencer} />
      <PickField label={t('form.product')} placeholder={t('form.searchProduct')} search={searchProducts} value={product} onChange={setProduct} />
      <Field label={t('form.channel')}>
        <select value={channel} onChange={(e) => setChannel(e.target.value as LinkChannel)}>
          {LINK_CHANNELS.map((c) => <option key={c} value={c}>{t(`influencers:channel.${c}`)}</option>)}
        </select>
      </Field>
      <Field label={t('form.group')} hint={t('form.groupHint')}>
        <input value={groupLabel} maxLength={64} onChange={(e) => setGroupLabel(e.target.value)} />
      </Field>
      <MutationError error={create.error} />
      <div className="form-actions">
        <button type="button" className="btn btn-ghost" onClick={onCancel}>{t('common:action.cancel')}</button>
        <button type="submit" className="btn btn-primary" disabled={!influencer || !product || create.isPending}>{t('form.submit')}</button>
      </div>
    </form>
  );
}
