import { obtainDealLink, type Deal, type DealLinkOutcome, type DealStore } from '../influencers/influencer-deals.service.ts';
import type { LinkStore } from '../links/links.service.ts';
import type { Clock } from '../shared/clock.ts';
import { ValidationError } from '../shared/errors.ts';
import { handleCandidates, handleFromName, parseHandle } from './handles.ts';
import type { PickStore } from './pages.ports.ts';

/** A note fits a phone screen under the product (the database checks the same bound). */
export const MAX_PICK_NOTE_LENGTH = 280;
/** A storefront people can still browse; past this, older picks must go first. */
export const MAX_PICKS = 500;
/** Handle candidates tried at the first /pick before giving up (practically never reached). */
const HANDLE_ATTEMPTS = 8;

export interface PickPorts<L> {
  deals: DealStore;
  links: LinkStore<L>;
  picks: PickStore;
  clock: Clock;
}

export type PickOutcome<L> =
  | Exclude<DealLinkOutcome<L>, { status: 'ok' }>
  | { status: 'full'; deal: Deal; max: number }
  | { status: 'ok'; link: L; deal: Deal; handle: string; autoJoined: boolean };

/** The note as stored: spaces collapsed, null when empty; `validation_failed` past `MAX_PICK_NOTE_LENGTH` characters. */
export function cleanPickNote(input: string): string | null {
  const note = input.replace(/\s+/g, ' ').trim();
  if ([...note].length > MAX_PICK_NOTE_LENGTH) throw new ValidationError(`note is longer than ${MAX_PICK_NOTE_LENGTH} characters`, { field: 'note' });
  return note === '' ? null : note;
}

/**
 * `/pick`: the deal on the influencer's storefront, newest first, with its own tracked link in
 * the `storefront` channel (the same brand rules as `/link`: core/influencers/influencer-deals.service.ts
 * `obtainDealLink`). A product picked again moves to the top with its new note. The first pick
 * gives the influencer a handle derived from their name (`ensureHandle`).
 */
export async function pickDeal<L extends { id: string }>(
  ports: PickPorts<L>,
  request: { influencerId: string; displayName: string; tierMultiplierBps: number | null; deal: Deal; note: string | null; alreadyPicked: boolean },
): Promise<PickOutcome<L>> {
  const { deal } = request;
  if (!request.alreadyPicked && (await ports.picks.countPicks(request.influencerId)) >= MAX_PICKS) return { status: 'full', deal, max: MAX_PICKS };
  const outcome = await obtainDealLink({ deals: ports.deals, links: ports.links }, {
    influencerId: request.influencerId, tierMultiplierBps: request.tierMultiplierBps, deal, channel: 'storefront', groupLabel: '',
  });
  if (outcome.status !== 'ok') return outcome;
  const handle = await ensureHandle(ports.picks, request.influencerId, request.displayName);
  await ports.picks.savePick({ influencerId: request.influencerId, productId: deal.id, linkId: outcome.link.id, note: request.note, at: ports.clock.now() });
  return { status: 'ok', link: outcome.link, deal, handle, autoJoined: outcome.autoJoined };
}

/** The influencer's handle: theirs, or the first free one their name suggests ("anna", "anna-2", …). */
export async function ensureHandle(picks: PickStore, influencerId: string, displayName: string): Promise<string> {
  const existing = await picks.findHandle(influencerId);
  if (existing) return existing;
  for (const candidate of handleCandidates(handleFromName(displayName), HANDLE_ATTEMPTS)) {
    if (await picks.claimHandle(influencerId, candidate, false)) return (await picks.findHandle(influencerId)) ?? candidate;
  }
  throw new Error(`No free storefront handle for influencer ${influencerId} after ${HANDLE_ATTEMPTS} attempts`);
}

/**
 * `/handle NEW`: the storefront's new address (the old one stops answering, and is free for
 * others). `validation_failed` for a malformed handle; `taken` when someone else has it.
 */
export async function changeHandle(picks: PickStore, influencerId: string, input: string): Promise<{ status: 'ok' | 'taken'; handle: string }> {
  const handle = parseHandle(input);
  return { status: (await picks.claimHandle(influencerId, handle, true)) ? 'ok' : 'taken', handle };
}
