import { useState } from 'react';
import { admin } from '../../http/client.ts';
import { MANAGERS, useAdmin } from '../../http/session.tsx';
import { useTexts } from '../../i18n/i18n.ts';
import { formatNumber } from '../../ui/format.ts';
import { MutationError } from '../../ui/States.tsx';
import { useInfluencerWrite, useTiers, type Influencer } from './influencer-api.ts';
import './influencers.texts.ts';

/** The influencer's tier, whether an admin pinned it, and (for managers) pin or unpin. */
export function TierCard({ influencer: i }: { influencer: Influencer }) {
  const { t } = useTexts('influencers');
  const me = useAdmin();
  const tiers = useTiers();
  const [picked, setPicked] = useState(i.tierId ?? '');
  const current = tiers.data?.find((x) => x.id === i.tierId);
  const pin = useInfluencerWrite(i.id, (tierId: string) => admin.put(`/influencers/${i.id}/tier`, { tierId: tierId || null, pinned: true }));
  const unpin = useInfluencerWrite(i.id, () => admin.delete(`/influencers/${i.id}/tier/pin`));
  return (
    <section className="card people-card" aria-labelledby="tier-title">
      <h2 id="tier-title">{t('tier.title')}</h2>
      <p><strong>{current ? `${current.name} · ×${formatNumber(current.multiplierBps / 10_000)}` : i.tierId ? `#${i.tierId}` : t('tier.none')}</strong></p>
      <p className="muted small">{i.tierPinned ? `📌 ${t('tier.pinned')}` : t('tier.auto')}</p>
      {MANAGERS.includes(me.role) && (
        <div className="form-row people-tier-form">
          <label className="field">
            <span className="field-label">{t('tier.pick')}</span>
            <select value={picked} onChange={(e) => setPicked(e.target.value)}>
              <option value="">{t('tier.none')}</option>
              {(tiers.data ?? []).map((x) => <option key={x.id} value={x.id}>{x.name} (×{formatNumber(x.multiplierBps / 10_000)})</option>)}
            </select>
          </label>
          <div className="form-actions">
            <button type="button" className="btn" disabled={pin.isPending} onClick={() => pin.mutate(picked)}>{t('tier.pin')}</button>
            {i.tierPinned && <button type="button" className="btn btn-ghost" disabled={unpin.isPending} onClick={() => unpin.mutate(undefined)}>{t('tier.unpin')}</button>}
          </div>
        </div>
      )}
      <MutationError error={pin.error ?? unpin.error} />
    </section>
  );
}
