import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { admin } from '../../http/client.ts';
import { MANAGERS, useAdmin } from '../../http/session.tsx';
import { useTexts } from '../../i18n/i18n.ts';
import { Dialog, PageHeader } from '../../ui/controls.tsx';
import { formatNumber } from '../../ui/format.ts';
import { Empty, ErrorState, Loading, MutationError } from '../../ui/States.tsx';
import { TierForm, formatMultiplier, type TierInput } from './TierForm.tsx';
import { ExposureWeightsCard } from './ExposureWeightsCard.tsx';
import { tiersQuery, type Tier } from './tier-api.ts';
import './tiers.texts.ts';

interface TierChange { influencerId: string; from: { id: string; name: string } | null; to: { id: string; name: string; multiplierBps: number } | null }

/** Tiers: thresholds and multipliers (create, edit, delete), and the nightly assignment on demand with what it changed. */
export default function TiersPage() {
  const { t } = useTexts('tiers');
  const canManage = MANAGERS.includes(useAdmin().role);
  const queryClient = useQueryClient();
  const tiers = useQuery(tiersQuery);
  const [editing, setEditing] = useState<Tier | 'new' | null>(null);
  const reload = () => queryClient.invalidateQueries({ queryKey: ['tiers'] });
  const save = useMutation({
    mutationFn: (input: TierInput) => (editing && editing !== 'new' ? admin.patch<Tier>(`/tiers/${editing.id}`, input) : admin.post<Tier>('/tiers', input)),
    onSuccess: async () => { setEditing(null); await reload(); },
  });
  const remove = useMutation({ mutationFn: (tier: Tier) => admin.delete<void>(`/tiers/${tier.id}`), onSuccess: reload });
  const assign = useMutation({ mutationFn: () => admin.post<{ changed: number; changes: TierChange[] }>('/tiers/assignments') });
  const open = (tier: Tier | 'new') => { save.reset(); setEditing(tier); };

  return (
    <div className="tiers-page">
      <PageHeader title={t('title')} subtitle={t('subtitle')} actions={canManage && (
        <>
          <button type="button" className="btn" disabled={assign.isPending} onClick={() => assign.mutate()}>{t('recompute')}</button>
          <button type="button" className="btn btn-primary" onClick={() => open('new')}>{t('new')}</button>
        </>
      )} />
      {!canManage && <p className="muted">{t('readOnly')}</p>}
      {assign.data && (
        <div className="card" role="status">
          {assign.data.changed === 0 ? <p>{t('recompute.none')}</p> : (
            <>
              <p>{t('recompute.done', { count: assign.data.changed })}</p>
              <ul>
                {assign.data.changes.slice(0, 50).map((c) => (
                  <li key={c.influencerId}>
                    <Link to={`/influencers/${c.influencerId}`}>{t('recompute.change', { influencer: c.influencerId, from: c.from?.name ?? t('noTier'), to: c.to?.name ?? t('noTier') })}</Link>
                  </li>
                ))}
              </ul>
            </>
          )}
        </div>
      )}
      <MutationError error={assign.error ?? remove.error} />
      {tiers.isPending ? <Loading /> : tiers.isError ? <ErrorState error={tiers.error} retry={() => void tiers.refetch()} />
        : tiers.data.length === 0 ? <Empty action={canManage && <button type="button" className="btn btn-primary" onClick={() => open('new')}>{t('new')}</button>}>{t('empty')}</Empty> : (
          <div className="table-wrap"><div className="table-scroll">
            <table className="table">
              <thead><tr>
                <th>{t('col.name')}</th><th className="num">{t('col.clicks')}</th><th className="num">{t('col.sales')}</th><th className="num">{t('col.exposure')}</th><th className="num">{t('col.multiplier')}</th>
                {canManage && <th>{t('col.actions')}</th>}
              </tr></thead>
              <tbody>
                {tiers.data.map((tier) => (
                  <tr key={tier.id}>
                    <td data-label={t('col.name')}><strong>{tier.name}</strong></td>
                    <td data-label={t('col.clicks')} className="num">{formatNumber(tier.minClicks30d)}</td>
                    <td data-label={t('col.sales')} className="num">{formatNumber(tier.minSales30d)}</td>
                    <td data-label={t('col.exposure')} className="num">{formatNumber(tier.minExposure30d)}</td>
                    <td data-label={t('col.multiplier')} className="num" title={`${tier.multiplierBps} bps`}>{t('multiplier.value', { value: formatMultiplier(tier.multiplierBps) })}</td>
                    {canManage && (
                      <td data-label={t('col.actions')}>
                        <button type="button" className="btn btn-small" onClick={() => open(tier)}>{t('common:action.edit')}</button>{' '}
                        <button type="button" className="btn btn-small btn-ghost" disabled={remove.isPending}
                          onClick={() => { if (window.confirm(t('deleteConfirm', { name: tier.name }))) remove.mutate(tier); }}>{t('delete')}</button>
                      </td>
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
          </div></div>
        )}
      <ExposureWeightsCard canManage={canManage} />
      <Dialog open={editing !== null} title={editing && editing !== 'new' ? t('editTitle', { name: editing.name }) : t('newTitle')} onClose={() => setEditing(null)}>
        <TierForm key={editing && editing !== 'new' ? editing.id : 'new'} tier={editing && editing !== 'new' ? editing : undefined}
          onSubmit={(input) => save.mutate(input)} onCancel={() => setEditing(null)} busy={save.isPending} error={save.error} />
      </Dialog>
    </div>
  );
}
