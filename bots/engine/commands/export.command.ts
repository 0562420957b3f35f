import { dataExportFileName } from '../../../core/privacy/data-export.service.ts';
import { text, type AccountTurn } from '../deps.ts';
import type { Reply } from '../types.ts';

/**
 * `/export`: the influencer's data (core/privacy/data-export.ts) as a JSON document, captioned
 * in their language. One file an hour per influencer, on whichever chat they ask from; a
 * second request within the hour is told when to ask again. Pending and suspended influencers
 * may ask too: everyone may see what is kept about them.
 */
export async function exportCommand(turn: AccountTurn): Promise<Reply[]> {
  const { i18n, account, deps } = turn;
  const rate = await deps.exportLimiter.hit(`export:${account.id}`);
  if (!rate.allowed) return [text(i18n.t('export.tooSoon', { count: Math.max(1, Math.ceil(rate.retryAfterMs / 60_000)) }))];
  const data = await deps.dataExport.exportFor(account.id);
  const bytes = new TextEncoder().encode(`${JSON.stringify(data, null, 2)}\n`);
  return [{
    kind: 'file',
    text: i18n.t('export.caption', {
      links: i18n.t('export.links', { count: data.links.length }), orders: i18n.t('export.orders', { count: data.orders.length }),
    }),
    file: { name: dataExportFileName(deps.clock.now()), mimeType: 'application/json', data: bytes },
  }];
}
