import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { admin } from '../../http/client.ts';
import { useTexts } from '../../i18n/i18n.ts';
import { formatMoney } from '../../ui/format.ts';
import { ErrorState, Loading } from '../../ui/States.tsx';
import type { InfluencerMoney } from './influencer-api.ts';
import './influencers.texts.ts';

const COLUMNS = ['pending', 'available', 'inPayout', 'paid'] as const;

/** What the platform owes the influencer, per currency: pending, available, in a payout, paid. */
export function BalancesCard({ influencerId }: { influencerId: string }) {
  const { t } = useTexts('influencers');
  const money = useQuery({ queryKey: ['influencer-money', influencerId], queryFn: ({ signal }) => admin.get<InfluencerMoney>(`/influencers/${influencerId}/money`, {}, signal) });
  return (
    <section className="card people-card" aria-labelledby="balances-title">
      <h2 id="balances-title">{t('balances.title')}</h2>
      {money.isPending ? <Loading /> : money.isError ? <ErrorState error={money.error} retry={() => void money.refetch()} />
        : money.data.balances.length === 0 ? <p className="muted">{t('balances.empty')}</p> : money.data.balances.map((b) => (
          <div key={b.currency} className="people-balance">
            <h3>{b.currency}</h3>
            <dl className="people-balance-grid">
              {COLUMNS.map((c) => (
                <div key={c}>
                  <dt>{t(`balances.${c}`)}</dt>
                  <dd>{c === 'inPayout' || c === 'paid'
                    ? <Link to={`/payouts?influencerId=${influencerId}&currency=${b.currency}`}>{formatMoney(b[c], b.currency)}</Link>
                    : formatMoney(b[c], b.currency)}</dd>
                </div>
              ))}
            </dl>
          </div>
        ))}
    </section>
  );
}
