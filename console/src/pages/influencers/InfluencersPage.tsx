import { useMemo } from 'react';
import { Link, useNavigate } from 'react-router';
import { useTexts } from '../../i18n/i18n.ts';
import { CursorTable, type Column } from '../../ui/DataTable.tsx';
import { FilterSelect, FilterText } from '../../ui/FilterBar.tsx';
import { PageHeader } from '../../ui/controls.tsx';
import { formatDate } from '../../ui/format.ts';
import { useUrlFilters } from '../../ui/url-state.ts';
import { fetchInfluencers, INFLUENCER_STATUSES, useTiers, type Influencer } from './influencer-api.ts';
import { RegistrationPanel } from './RegistrationPanel.tsx';
import { StatusBadge } from './StatusBadge.tsx';
import './influencers.texts.ts';

const KEYS = ['q', 'status', 'country', 'language', 'tierId'] as const;
const LANGUAGES = ['en', 'ru', 'fr', 'es', 'pl'];

/** Influencers: server-paged, every filter in the URL, each row opening the influencer's page. */
export default function InfluencersPage() {
  const { t } = useTexts('influencers');
  const navigate = useNavigate();
  const [filters, setFilters] = useUrlFilters(KEYS);
  const tiers = useTiers();
  const tierName = (id: string | null) => (id ? tiers.data?.find((x) => x.id === id)?.name ?? `#${id}` : t('common:none'));
  const filtered = KEYS.some((k) => filters[k] !== undefined);

  const columns = useMemo<Column<Influencer>[]>(() => [
    {
      id: 'name', header: t('col.name'), sortValue: (i) => i.displayName.toLowerCase(), csv: (i) => i.displayName,
      cell: (i) => <Link to={`/influencers/${i.id}`} onClick={(e) => e.stopPropagation()}><strong>{i.displayName}</strong> <span className="muted">#{i.id}</span></Link>,
    },
    { id: 'status', header: t('col.status'), sortValue: (i) => i.status, csv: (i) => i.status, cell: (i) => <StatusBadge status={i.status} /> },
    { id: 'country', header: t('col.country'), sortValue: (i) => i.country ?? '', cell: (i) => i.country ?? t('common:none') },
    { id: 'language', header: t('col.language'), sortValue: (i) => i.language, cell: (i) => i.language.toUpperCase() },
    { id: 'tier', header: t('col.tier'), csv: (i) => tierName(i.tierId), cell: (i) => <>{tierName(i.tierId)}{i.tierPinned && ' 📌'}</> },
    { id: 'since', header: t('col.since'), sortValue: (i) => i.createdAt, csv: (i) => i.createdAt, cell: (i) => formatDate(i.createdAt) },
  ], [t, tiers.data]);

  return (
    <div className="people-page">
      <PageHeader title={t('title')} subtitle={t('subtitle')} />
      <RegistrationPanel onShowPending={() => setFilters({ status: 'pending' })} />
      <div className="filter-bar" role="search">
        <FilterText className="people-search" type="search" label={t('search.label')} placeholder={t('search.placeholder')} maxLength={100} value={filters.q} onChange={(q) => setFilters({ q })} />
        <FilterSelect label={t('common:filter.status')} value={filters.status} onChange={(status) => setFilters({ status })}
          options={INFLUENCER_STATUSES.map((s) => ({ value: s, label: t(`status.${s}`) }))} />
        <FilterText label={t('common:filter.country')} value={filters.country} maxLength={2} size={4} placeholder="FR"
          normalize={(text) => text.toUpperCase()} onChange={(country) => setFilters({ country })} />
        <FilterSelect label={t('filter.language')} value={filters.language} onChange={(language) => setFilters({ language })}
          options={LANGUAGES.map((l) => ({ value: l, label: l.toUpperCase() }))} />
        <FilterSelect label={t('filter.tier')} value={filters.tierId} onChange={(tierId) => setFilters({ tierId })}
          options={(tiers.data ?? []).map((x) => ({ value: x.id, label: x.name }))} />
        {filtered && <button type="button" className="btn btn-ghost" onClick={() => setFilters(Object.fromEntries(KEYS.map((k) => [k, undefined])))}>{t('common:filter.reset')}</button>}
      </div>
      <CursorTable<Influencer>
        queryKey={['influencers', 'list', filters]}
        fetchPage={(cursor, signal) => fetchInfluencers(filters, cursor, signal)}
        columns={columns}
        csvName="influencers"
        rowKey={(i) => i.id}
        caption={t('caption')}
        onRowClick={(i) => navigate(`/influencers/${i.id}`)}
        empty={filtered ? t('emptyFiltered') : t('empty')}
      />
    </div>
  );
}
