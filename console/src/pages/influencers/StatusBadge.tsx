import { useTexts } from '../../i18n/i18n.ts';
import { Badge, type Tone } from '../../ui/controls.tsx';
import type { InfluencerStatus } from './influencer-api.ts';
import './influencers.texts.ts';

const TONES: Record<InfluencerStatus, Tone> = { pending: 'warn', active: 'ok', suspended: 'bad', deleted: 'neutral' };

/** An influencer's standing as a coloured badge, in the console's language. */
export function StatusBadge({ status }: { status: InfluencerStatus }) {
  const { t } = useTexts('influencers');
  return <Badge tone={TONES[status]}>{t(`status.${status}`)}</Badge>;
}
