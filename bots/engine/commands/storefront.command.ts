import { LINK_LANDINGS, type LinkLanding } from '../../../core/links/links.service.ts';
import { dealPageUrl, shortLinkUrl, storefrontUrl } from '../../../core/links/short-link.ts';
import { cleanPickNote, changeHandle, MAX_PICK_NOTE_LENGTH, pickDeal } from '../../../core/pages/picks.service.ts';
import { DomainError } from '../../../core/shared/errors.ts';
import { productRef } from '../deal-refs.ts';
import { quote, text, withButtons, type AccountTurn } from '../deps.ts';
import { splitFirst } from '../parser.ts';
import type { Reply } from '../types.ts';
import { findDeal, refusalReply } from './link.command.ts';

/**
 * `/pick PRODUCT [NOTE]`: the deal on the influencer's storefront, newest first, with their
 * note under it; answered with the storefront's address and the deal's own page.
 */
export async function pickCommand(turn: AccountTurn, args: string): Promise<Reply[]> {
  const { i18n, deps, account } = turn;
  const [ref, rawNote] = splitFirst(args);
  if (ref === '') return [text(i18n.t('pick.usage'))];
  let note: string | null;
  try {
    note = cleanPickNote(rawNote);
  } catch (error) {
    if (error instanceof DomainError && error.code === 'validation_failed') return [text(i18n.t('pick.noteTooLong', { max: MAX_PICK_NOTE_LENGTH }))];
    throw error;
  }
  const found = await findDeal(turn, ref);
  if ('reply' in found) return [found.reply];
  const { deal } = found;
  const alreadyPicked = await deps.picks.isPicked(account.id, deal.id);
  const outcome = await pickDeal({ deals: deps.deals, links: deps.links, picks: deps.picks, clock: deps.clock }, {
    influencerId: account.id, displayName: account.displayName, tierMultiplierBps: account.tierMultiplierBps, deal, note, alreadyPicked,
  });
  if (outcome.status === 'full') return [text(i18n.t('pick.full', { max: outcome.max }))];
  if (outcome.status !== 'ok') return [refusalReply(turn, deal, outcome)];
  const url = storefrontUrl(deps.publicUrl, outcome.handle);
  const title = quote(deal.title, 80);
  const body = alreadyPicked
    ? i18n.t('pick.updated', { title, url })
    : i18n.t('pick.added', { title, url, page: dealPageUrl(deps.publicUrl, outcome.link.code) });
  const replies: Reply[] = [];
  if (outcome.autoJoined) replies.push(text(i18n.t('deal.autoJoined', { brand: deal.brand.name })));
  replies.push(withButtons(body, [{ label: i18n.t('menu.storefront'), action: '/storefront' }]));
  return replies;
}

/** `/unpick PRODUCT`: takes the deal off the storefront (its link keeps working where it was shared). */
export async function unpickCommand(turn: AccountTurn, args: string): Promise<Reply[]> {
  const { i18n, deps, account } = turn;
  const [ref] = splitFirst(args);
  if (ref === '') return [text(i18n.t('unpick.usage'))];
  const found = await findDeal(turn, ref);
  if ('reply' in found) return [found.reply];
  const handle = await deps.picks.findHandle(account.id);
  if (!handle) return [text(i18n.t('unpick.noStorefront'))];
  const removed = await deps.picks.removePick(account.id, found.deal.id);
  const params = { title: quote(found.deal.title, 80), url: storefrontUrl(deps.publicUrl, handle) };
  return [text(i18n.t(removed ? 'unpick.removed' : 'unpick.notPicked', params))];
}

/**
 * `/storefront`: the storefront's address, how many picks it shows and its QR code to print;
 * `/storefront NEW-NAME` moves it to a new address (the old one stops answering).
 */
export async function storefrontCommand(turn: AccountTurn, args: string): Promise<Reply[]> {
  const { i18n, deps, account } = turn;
  const wanted = args.trim();
  if (wanted !== '') {
    if (!(await deps.picks.findHandle(account.id))) return [text(i18n.t('mystore.none'))];
    try {
      const changed = await changeHandle(deps.picks, account.id, wanted);
      if (changed.status === 'taken') return [text(i18n.t('mystore.taken', { handle: changed.handle }))];
      return [text(i18n.t('mystore.renamed', { url: storefrontUrl(deps.publicUrl, changed.handle) }))];
    } catch (error) {
      if (error instanceof DomainError && error.code === 'validation_failed') return [text(i18n.t('mystore.badHandle'))];
      throw error;
    }
  }
  const handle = await deps.picks.findHandle(account.id);
  if (!handle) return [text(i18n.t('mystore.none'))];
  const url = storefrontUrl(deps.publicUrl, handle);
  const caption = i18n.t('mystore.address', { url, picks: i18n.t('mystore.picks', { count: await deps.picks.countPicks(account.id) }) });
  const png = await deps.media.qrCodePng(url);
  return [{ kind: 'image', text: caption, file: { name: `storefront-${handle}.png`, mimeType: 'image/png', data: png } }];
}

/** The button under a `/link` answer: the other landing for that very link. */
export function landingButton(turn: AccountTurn, link: { code: string; landing: LinkLanding }): { label: string; action: string } {
  return link.landing === 'deal_page'
    ? { label: turn.i18n.t('landing.toVendor'), action: `/landing ${link.code} vendor` }
    : { label: turn.i18n.t('landing.toDealPage'), action: `/landing ${link.code} deal_page` };
}

/**
 * `/landing CODE vendor|deal_page` (what the button sends): where the influencer's link leads.
 * The answer carries the new URL to forward; what was shared keeps working as it did.
 */
export async function landingCommand(turn: AccountTurn, args: string): Promise<Reply[]> {
  const { i18n, deps, account } = turn;
  const [code, choice] = splitFirst(args);
  const landing = (LINK_LANDINGS as readonly string[]).includes(choice) ? (choice as LinkLanding) : undefined;
  if (code === '' || !landing || code.length > 64) return [text(i18n.t('landing.unknown'))];
  const link = await deps.landings.setOwnLanding(account.id, code, landing);
  if (!link) return [text(i18n.t('landing.unknown'))];
  const url = shortLinkUrl(deps.publicUrl, link);
  const body = i18n.t(landing === 'deal_page' ? 'landing.nowDealPage' : 'landing.nowVendor', { url });
  return [withButtons(body, [landingButton(turn, link), { label: i18n.t('deal.share'), share: productRef(link.productId) }])];
}
