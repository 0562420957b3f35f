import { useQuery } from '@tanstack/react-query';
import { admin } from '../../http/client.ts';
import { useTexts } from '../../i18n/i18n.ts';
import { formatDate, formatMoney } from '../../ui/format.ts';
import { ErrorState, Loading } from '../../ui/States.tsx';
import type { Campaign, CampaignMember } from './campaigns.ts';

/** Who joined a campaign, their personal codes, what they sold and the bonus they earned. */
export function CampaignMembers({ campaign }: { campaign: Campaign }) {
  const { t } = useTexts('campaigns');
  const members = useQuery({
    queryKey: ['campaigns', 'members', campaign.id],
    queryFn: ({ signal }) => admin.get<{ items: CampaignMember[] }>(`/campaigns/${campaign.id}/members`, {}, signal),
  });
  if (members.isPending) return <Loading />;
  if (members.isError) return <ErrorState error={members.error} retry={() => void members.refetch()} />;
  if (members.data.items.length === 0) return <p className="muted">{t('members.empty')}</p>;
  return (
    <table className="table">
      <caption>{t('members.caption', { title: campaign.title })}</caption>
      <thead><tr><th>{t('members.who')}</th><th>{t('members.code')}</th><th>{t('members.joined')}</th><th className="num">{t('members.sales')}</th><th className="num">{t('members.bonus')}</th></tr></thead>
      <tbody>
        {members.data.items.map((m) => (
          <tr key={m.influencerId}>
            <td>{m.displayName}</td><td>{m.promoCode ? <code>{m.promoCode}</code> : '—'}</td><td>{formatDate(m.joinedAt)}</td>
            <td className="num">{m.sales}</td><td className="num">{formatMoney(m.bonusAmount, campaign.currency)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
