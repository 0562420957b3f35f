import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { admin } from '../../http/client.ts';
import { useTexts } from '../../i18n/i18n.ts';
import { Field } from '../../ui/controls.tsx';
import { formatDateTime } from '../../ui/format.ts';
import { ErrorState, Loading, MutationError } from '../../ui/States.tsx';
import './tiers.texts.ts';

const SOURCES = ['clicks', 'dealPageViews', 'storefrontViews', 'channelsPosted', 'audience'] as const;
type Source = (typeof SOURCES)[number];
type Weights = Record<Source, number>;
interface StoredWeights { weights: Weights; updatedAt: string | null; updatedBy: string | null }

const MAX_WEIGHT = 10_000;
const weightsQuery = { queryKey: ['exposure-weights'], queryFn: ({ signal }: { signal: AbortSignal }) => admin.get<StoredWeights>('/exposure-weights', {}, signal) };

/** The five exposure weights (GET/PUT /exposure-weights): read by everyone, changed by admins and managers. */
export function ExposureWeightsCard({ canManage }: { canManage: boolean }) {
  const { t } = useTexts('tiers');
  const queryClient = useQueryClient();
  const stored = useQuery(weightsQuery);
  const [draft, setDraft] = useState<Record<Source, string> | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  useEffect(() => {
    if (stored.data) setDraft(Object.fromEntries(SOURCES.map((s) => [s, String(stored.data.weights[s])])) as Record<Source, string>);
  }, [stored.data]);
  const save = useMutation({
    mutationFn: (weights: Weights) => admin.put<StoredWeights>('/exposure-weights', weights),
    onSuccess: (data) => queryClient.setQueryData(weightsQuery.queryKey, data),
  });

  if (stored.isError) return <ErrorState error={stored.error} retry={() => void stored.refetch()} />;
  const current = stored.data;
  if (!current || !draft) return <Loading />;
  return (
    <section className="card exposure-weights" aria-labelledby="exposure-weights-title">
      <h2 id="exposure-weights-title">{t('weights.title')}</h2>
      <p className="muted">{t('weights.intro')}</p>
      <form className="form" noValidate onSubmit={(event) => {
        event.preventDefault();
        const parsed = SOURCES.map((s) => [s, /^\d{1,5}$/.test(draft[s].trim()) ? Number(draft[s].trim()) : NaN] as const);
        if (parsed.some(([, v]) => !(v >= 0 && v <= MAX_WEIGHT))) return setProblem(t('weights.error'));
        setProblem(null);
        save.mutate(Object.fromEntries(parsed) as Weights);
      }}>
        <div className="form-row">
          {SOURCES.map((source) => (
            <Field key={source} label={t(`weights.${source}`)}>
              <input name={source} inputMode="numeric" value={draft[source]} disabled={!canManage}
                onChange={(e) => { save.reset(); setDraft({ ...draft, [source]: e.target.value }); }} />
            </Field>
          ))}
        </div>
        {problem && <p className="form-error" role="alert">{problem}</p>}
        <MutationError error={save.error} />
        {save.isSuccess && <p role="status">{t('weights.saved')}</p>}
        {current.updatedAt && <p className="muted">{t('weights.updated', { at: formatDateTime(current.updatedAt), by: current.updatedBy ?? '—' })}</p>}
        {canManage && <div className="form-actions"><button type="submit" className="btn btn-primary" disabled={save.isPending}>{t('common:action.save')}</button></div>}
      </form>
    </section>
  );
}
