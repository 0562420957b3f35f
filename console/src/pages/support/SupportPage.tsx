import { useQuery } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { admin } from '../../http/client.ts';
import { useTexts } from '../../i18n/i18n.ts';
import { PageHeader } from '../../ui/controls.tsx';
import { Empty, ErrorState, Loading } from '../../ui/States.tsx';
import { useUrlFilters } from '../../ui/url-state.ts';
import { SearchResults, type SearchResult } from './SearchResults.tsx';
import '../influencers/influencers.texts.ts';
import './support.texts.ts';

const KEYS = ['q'] as const;

/**
 * Support's page: one search box (focused on arrival, its query kept in the URL so a search can
 * be shared) that finds an influencer, an order, a click or a link, each result opening the page
 * with the rest of the story (the influencer's money trail on the order, the click, the link).
 */
export default function SupportPage() {
  const { t } = useTexts('support');
  const [filters, setFilters] = useUrlFilters(KEYS);
  const input = useRef<HTMLInputElement>(null);
  const q = filters.q?.trim() ?? '';
  useEffect(() => { input.current?.focus(); }, []);
  const search = useQuery({
    queryKey: ['search', q],
    enabled: q !== '',
    queryFn: ({ signal }) => admin.get<{ query: string; results: SearchResult[] }>('/search', { q }, signal),
  });

  return (
    <div className="support-page">
      <PageHeader title={t('title')} subtitle={t('subtitle')} />
      <form className="support-form" role="search" onSubmit={(e) => {
        e.preventDefault();
        setFilters({ q: input.current?.value.trim() || undefined });
      }}>
        <label className="field">
          <span className="field-label">{t('label')}</span>
          <input ref={input} type="search" name="q" defaultValue={q} key={q} placeholder={t('placeholder')} maxLength={200} autoComplete="off" />
        </label>
        <button type="submit" className="btn btn-primary">{t('submit')}</button>
      </form>
      <p className="muted small">{t('hint')}</p>
      {q !== '' && (search.isPending ? <Loading label={t('searching')} />
        : search.isError ? <ErrorState error={search.error} retry={() => void search.refetch()} />
          : search.data.results.length === 0 ? <Empty>{t('none', { q })}</Empty>
            : <SearchResults results={search.data.results} />)}
    </div>
  );
}
