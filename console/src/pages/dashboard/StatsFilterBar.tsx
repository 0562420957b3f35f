import { useTexts } from '../../i18n/i18n.ts';
import { FilterBar, FilterSelect } from '../../ui/FilterBar.tsx';
import { useUrlFilters } from '../../ui/url-state.ts';
import { useBrands } from '../brands/catalog.ts';
import './dashboard.texts.ts';
import { LINK_CHANNELS, STATS_FILTER_KEYS, useLeaders, type StatsFilters } from './stats-api.ts';

/** The stats pages' filters, kept in the URL (`from`, `to`, `brandId`, `channel`, `country`, `groupLabel`, `influencerId`). */
export function useStatsFilters() {
  const [filters, setFilters] = useUrlFilters(STATS_FILTER_KEYS);
  return [filters as StatsFilters, setFilters] as const;
}

/** The one filter bar of a stats page: dates, brand, channel, country (and the group label once one is picked). */
export function StatsFilterBar({ filters, setFilters, countries = true }: {
  filters: StatsFilters;
  setFilters: (patch: Partial<StatsFilters>) => void;
  countries?: boolean;
}) {
  const { t } = useTexts('dashboard');
  const brands = useBrands();
  // The countries offered are those with clicks or sales in the range (plus the one picked).
  const countryRows = useLeaders({ ...filters, country: undefined }, 'country', 100);
  const countryOptions = [...new Set([...(countryRows.data?.items.map((i) => i.key).filter(Boolean) ?? []), ...(filters.country ? [filters.country] : [])])].sort();
  const reset = Object.values(filters).some(Boolean)
    ? () => setFilters(Object.fromEntries(Object.keys(filters).map((k) => [k, undefined])) as Partial<StatsFilters>)
    : undefined;
  return (
    <FilterBar from={filters.from} to={filters.to} onRange={(range) => setFilters(range)} onReset={reset}>
      <FilterSelect
        label={t('common:filter.brand')} value={filters.brandId}
        options={(brands.data ?? []).map((b) => ({ value: b.id, label: b.name }))}
        onChange={(brandId) => setFilters({ brandId })}
      />
      <FilterSelect
        label={t('common:filter.channel')} value={filters.channel}
        options={LINK_CHANNELS.map((c) => ({ value: c, label: t(`channel.${c}`) }))}
        onChange={(channel) => setFilters({ channel })}
      />
      {countries && (
        <FilterSelect label={t('common:filter.country')} value={filters.country} options={countryOptions.map((c) => ({ value: c, label: c }))} onChange={(country) => setFilters({ country })} />
      )}
      {filters.groupLabel !== undefined && (
        <FilterSelect label={t('filter.groupLabel')} value={filters.groupLabel} options={[{ value: filters.groupLabel, label: filters.groupLabel }]} onChange={(groupLabel) => setFilters({ groupLabel })} />
      )}
      {filters.influencerId !== undefined && (
        <FilterSelect label={t('common:filter.influencer')} value={filters.influencerId} options={[{ value: filters.influencerId, label: `#${filters.influencerId}` }]} onChange={(influencerId) => setFilters({ influencerId })} />
      )}
    </FilterBar>
  );
}
