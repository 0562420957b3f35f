import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { admin, type Page } from '../../http/client.ts';
import { MANAGERS, useAdmin } from '../../http/session.tsx';
import { useTexts } from '../../i18n/i18n.ts';
import { CursorTable, type Column } from '../../ui/DataTable.tsx';
import { FilterSelect } from '../../ui/FilterBar.tsx';
import { Badge, Dialog, PageHeader } from '../../ui/controls.tsx';
import { formatBps, formatDate, formatMoney } from '../../ui/format.ts';
import { useUrlFilters } from '../../ui/url-state.ts';
import { ApiProblems } from '../../ui/States.tsx';
import { useBrands } from '../brands/catalog.ts';
import { CampaignForm } from './CampaignForm.tsx';
import { CampaignMembers } from './CampaignMembers.tsx';
import { NEXT_STATUSES, type Campaign, type CampaignStatus } from './campaigns.ts';
import './campaigns.texts.ts';

const KEYS = ['status', 'members'] as const;
const TONES: Record<CampaignStatus, 'ok' | 'info' | 'warn' | 'neutral'> = { open: 'ok', draft: 'info', paused: 'warn', ended: 'neutral' };

/**
 * Campaigns: a vendor creates and runs its own (for its brands), staff see and run every one.
 * Each row shows the bonus, the dates, who joined, the sales and the bonus spent against the cap.
 */
export default function CampaignsPage() {
  const { t } = useTexts('campaigns');
  const me = useAdmin();
  const canManage = MANAGERS.includes(me.role) || me.role === 'vendor';
  const [filters, setFilters] = useUrlFilters(KEYS);
  const [creating, setCreating] = useState(false);
  const [shown, setShown] = useState<Campaign | null>(null);
  const brands = useBrands();
  const queryClient = useQueryClient();
  const move = useMutation({
    mutationFn: ({ id, status }: { id: string; status: string }) => admin.post<Campaign>(`/campaigns/${id}/status`, { status }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['campaigns'] }),
  });

  const columns: Column<Campaign>[] = [
    { id: 'title', header: t('col.title'), sortValue: (c) => c.title.toLowerCase(), csv: (c) => c.title, cell: (c) => <span><strong>{c.title}</strong><br /><span className="muted">{c.brandName}</span></span> },
    {
      id: 'bonus', header: t('col.bonus'), csv: (c) => (c.bonus.kind === 'rate' ? `${c.bonus.rateBps} bps` : `${c.bonus.amount} ${c.currency}`),
      cell: (c) => (c.bonus.kind === 'rate' ? t('bonus.rate', { rate: formatBps(c.bonus.rateBps) }) : t('bonus.fee', { fee: formatMoney(c.bonus.amount, c.currency) })),
    },
    { id: 'dates', header: t('col.dates'), sortValue: (c) => c.startsAt, csv: (c) => `${c.startsAt}/${c.endsAt}`, cell: (c) => `${formatDate(c.startsAt)} – ${formatDate(c.endsAt)}` },
    { id: 'code', header: t('col.code'), csv: (c) => c.promoCode, cell: (c) => (c.promoCode ? <code>{c.promoCode}</code> : <span className="muted">{t('common:none')}</span>) },
    {
      id: 'status', header: t('col.status'), csv: (c) => c.status,
      cell: (c) => <Badge tone={TONES[c.status]}>{c.endReason === 'spent' ? t('status.spent') : t(`status.${c.status}`)}</Badge>,
    },
    {
      id: 'members', header: t('col.members'), align: 'right', sortValue: (c) => c.members, csv: (c) => c.members,
      cell: (c) => <button type="button" className="btn btn-small btn-ghost" onClick={() => setShown(c)} aria-label={t('members.open', { title: c.title })}>{c.members}</button>,
    },
    { id: 'sales', header: t('col.sales'), align: 'right', sortValue: (c) => c.sales, csv: (c) => c.sales, cell: (c) => `${c.sales} · ${formatMoney(c.salesAmount, c.currency)}` },
    {
      id: 'spent', header: t('col.spent'), align: 'right', sortValue: (c) => c.spent / c.spendCap, csv: (c) => `${c.spent}/${c.spendCap}`,
      cell: (c) => (
        <span title={t('spent.title')}>
          {formatMoney(c.spent, c.currency)} / {formatMoney(c.spendCap, c.currency)}
          <br /><progress max={c.spendCap} value={c.spent} aria-label={t('spent.title')} />
        </span>
      ),
    },
    ...(canManage ? [{
      id: 'actions', header: t('col.actions'),
      cell: (c: Campaign) => (
        <span className="row-actions">
          {NEXT_STATUSES[c.status].map((status) => (
            <button key={status} type="button" className={`btn btn-small ${status === 'ended' ? 'btn-danger' : ''}`} disabled={move.isPending}
              aria-label={t(`action.${status}Who`, { title: c.title })} onClick={() => move.mutate({ id: c.id, status })}>{t(`action.${status}`)}</button>
          ))}
        </span>
      ),
    }] : []),
  ];

  return (
    <div className="campaigns-page">
      <PageHeader title={t('title')} subtitle={me.role === 'vendor' ? t('subtitleVendor') : t('subtitle')}
        actions={canManage && <button type="button" className="btn btn-primary" onClick={() => setCreating(true)}>{t('new')}</button>} />
      <div className="filter-bar" role="search">
        <FilterSelect label={t('col.status')} value={filters.status} onChange={(status) => setFilters({ status })}
          options={(['draft', 'open', 'paused', 'ended'] as const).map((s) => ({ value: s, label: t(`status.${s}`) }))} />
      </div>
      <ApiProblems error={move.error} />
      <CursorTable<Campaign>
        queryKey={['campaigns', 'list', filters.status ?? '']}
        fetchPage={(cursor, signal) => admin.get<Page<Campaign>>('/campaigns', { status: filters.status, cursor }, signal)}
        columns={columns}
        csvName="campaigns"
        rowKey={(c) => c.id}
        caption={t('caption')}
        empty={canManage ? t('empty') : t('emptyReadOnly')}
      />
      <Dialog open={creating} title={t('form.title.new')} onClose={() => setCreating(false)}>
        {creating && <CampaignForm brands={brands.data ?? []} onDone={() => setCreating(false)} onCancel={() => setCreating(false)} />}
      </Dialog>
      <Dialog open={shown !== null} title={t('members.title')} onClose={() => setShown(null)}>
        {shown && <CampaignMembers campaign={shown} />}
      </Dialog>
    </div>
  );
}
