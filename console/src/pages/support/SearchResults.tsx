import { Link } from 'react-router';
import { useTexts } from '../../i18n/i18n.ts';
import { Badge } from '../../ui/controls.tsx';
import { formatDate, formatDateTime, formatMoney } from '../../ui/format.ts';
import { StatusBadge } from '../influencers/StatusBadge.tsx';
import type { InfluencerStatus } from '../influencers/influencer-api.ts';
import '../influencers/trail.texts.ts';
import './support.texts.ts';

export type SearchResult =
  | { kind: 'influencer'; id: string; path: string; displayName: string; status: InfluencerStatus; country: string | null; matched: string; handles: string[] }
  | {
    kind: 'order'; id: string; path: string; orderId: string; vendorName: string; amount: number; currency: string; status: string;
    attributionReason: string | null; occurredAt: string; influencerId: string | null; influencerName: string | null;
    commission: { id: string; status: string; approvesAt: string; heldReason: string | null; amount: number; currency: string } | null;
  }
  | { kind: 'click'; id: string; path: string; clickedAt: string; counted: boolean; influencerName: string; linkCode: string; orders: string[] }
  | { kind: 'link'; id: string; path: string; code: string; influencerName: string; productTitle: string; channel: string; groupLabel: string };

function Summary({ r }: { r: SearchResult }) {
  const { t } = useTexts('support');
  switch (r.kind) {
    case 'influencer':
      return (
        <>
          <strong>{r.displayName}</strong> <span className="muted">#{r.id}</span> <StatusBadge status={r.status} />
          <div className="muted small">{[t(`matched.${r.matched}`), r.country, ...r.handles].filter(Boolean).join(' · ')}</div>
        </>
      );
    case 'order': {
      const c = r.commission;
      const amount = c && formatMoney(c.amount, c.currency);
      return (
        <>
          <strong className="mono">{r.orderId}</strong>
          <div>{t('order.line', { amount: formatMoney(r.amount, r.currency), vendor: r.vendorName, date: formatDateTime(r.occurredAt) })}</div>
          <div className="small">{r.influencerName ? t('order.influencer', { name: r.influencerName }) : t('order.noInfluencer')}</div>
          <div className="small">
            {r.attributionReason ? t('order.unearned', { reason: t(`trail:reason.${r.attributionReason}`) })
              : c?.heldReason ? t('order.held', { amount, reason: c.heldReason })
                : c?.status === 'pending' ? t('order.pending', { amount, date: formatDate(c.approvesAt) })
                  : c ? t('order.commission', { amount, status: t(`trail:cstatus.${c.status}`) }) : null}
          </div>
        </>
      );
    }
    case 'click':
      return (
        <>
          <code>{r.id}</code> <Badge tone={r.counted ? 'ok' : 'warn'}>{r.counted ? t('click.counted') : t('click.notCounted')}</Badge>
          <div>{t('click.line', { date: formatDateTime(r.clickedAt), code: r.linkCode })} · {r.influencerName}</div>
          {r.orders.length > 0 && <div className="small">{t('click.orders', { count: r.orders.length })}</div>}
        </>
      );
    case 'link':
      return (
        <>
          <code>{r.code}</code> · {r.influencerName}
          <div className="small">{t('link.line', { product: r.productTitle, channel: t(`influencers:channel.${r.channel}`), group: r.groupLabel ? ` · ${r.groupLabel}` : '' })}</div>
        </>
      );
  }
}

/** Typed search results, each a link to the page that tells the rest. */
export function SearchResults({ results }: { results: SearchResult[] }) {
  const { t } = useTexts('support');
  return (
    <ul className="support-results" aria-label={t('title')}>
      {results.map((r) => (
        <li key={`${r.kind}-${r.id}`} className="card support-result">
          <Badge tone="info">{t(`kind.${r.kind}`)}</Badge>
          <div className="support-summary"><Summary r={r} /></div>
          <Link className="btn btn-small" to={r.path} aria-label={`${t('open')}: ${t(`kind.${r.kind}`)} ${r.kind === 'order' ? r.orderId : r.kind === 'influencer' ? r.displayName : r.kind === 'link' ? r.code : r.id}`}>{t('open')}</Link>
        </li>
      ))}
    </ul>
  );
}
