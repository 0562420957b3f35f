import type { ReactNode } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { useTexts } from '../../i18n/i18n.ts';
import { CopyButton, PageHeader } from '../../ui/controls.tsx';
import { formatDate } from '../../ui/format.ts';
import { ErrorState, Loading } from '../../ui/States.tsx';
import { FollowsCard } from '../alerts/FollowsCard.tsx';
import { BalancesCard } from './BalancesCard.tsx';
import { HistoryCard } from './HistoryCard.tsx';
import { AutopostCard } from './AutopostCard.tsx';
import { ReachCard } from './ReachCard.tsx';
import { IdentitiesCard } from './IdentitiesCard.tsx';
import { useInfluencer, type Influencer } from './influencer-api.ts';
import { MoneyTrail } from './MoneyTrail.tsx';
import { StandingCard } from './StandingCard.tsx';
import { StatusBadge } from './StatusBadge.tsx';
import { TierCard } from './TierCard.tsx';
import './influencers.texts.ts';

function ProfileCard({ influencer: i }: { influencer: Influencer }) {
  const { t } = useTexts('influencers');
  const rows: [string, ReactNode][] = [
    [t('profile.country'), i.country ?? t('common:none')],
    [t('profile.language'), i.language.toUpperCase()],
    [t('profile.payoutCurrency'), i.payoutCurrency],
    [t('profile.recruitCode'), <code key="code">{i.recruitCode}</code>],
    [t('profile.recruitedBy'), i.recruitedBy ? <Link key="by" to={`/influencers/${i.recruitedBy}`}>#{i.recruitedBy}</Link> : t('common:none')],
    [t('profile.joined'), formatDate(i.createdAt)],
    [t('profile.storefront'), i.storefrontUrl
      ? <span key="storefront" className="links-cell"><a href={i.storefrontUrl} target="_blank" rel="noreferrer">{i.storefrontUrl}</a> <CopyButton text={i.storefrontUrl} /></span>
      : t('profile.noStorefront')],
  ];
  return (
    <section className="card people-card" aria-labelledby="profile-title">
      <h2 id="profile-title">{t('profile.title')}</h2>
      <dl className="people-facts">{rows.map(([label, value]) => <div key={label}><dt>{label}</dt><dd>{value}</dd></div>)}</dl>
    </section>
  );
}

/**
 * One influencer: profile, standing (suspend, reinstate, approve), tier (pin, unpin), chat
 * accounts, balances, history, and the money trail of their orders. `?conversion=` puts the
 * order support searched for on top of the trail; `?click=` explains the click they searched.
 */
export default function InfluencerPage() {
  const { t } = useTexts('influencers');
  const { id = '' } = useParams();
  const [params] = useSearchParams();
  const influencer = useInfluencer(id);
  if (influencer.isPending) return <Loading />;
  if (influencer.isError) return <ErrorState error={influencer.error} retry={() => void influencer.refetch()} />;
  const i = influencer.data;
  return (
    <div className="people-page influencer-page">
      <Link to="/influencers" className="small">{t('back')}</Link>
      <PageHeader title={i.displayName} subtitle={<>#{i.id} <StatusBadge status={i.status} /></>} />
      <div className="grid people-grid">
        <ProfileCard influencer={i} />
        <StandingCard influencer={i} />
        <TierCard influencer={i} />
        <BalancesCard influencerId={i.id} />
        <IdentitiesCard influencerId={i.id} />
        <AutopostCard influencerId={i.id} />
        <ReachCard influencerId={i.id} />
        <FollowsCard influencerId={i.id} />
        <HistoryCard influencerId={i.id} />
      </div>
      <MoneyTrail influencerId={i.id} conversionId={params.get('conversion') ?? undefined} clickId={params.get('click') ?? undefined} />
    </div>
  );
}
