import {
  createInstagramKit, createOfflineQr, createPoster, type ChannelKitDeps, type ChannelKitRequest,
} from '../../../core/channels/channel-kits.service.ts';
import { DomainError } from '../../../core/shared/errors.ts';
import { adDisclosure } from '../../../core/i18n/ad-disclosure.ts';
import type { MessageKey } from '../../../core/i18n/translator.ts';
import { cleanGroupLabel, type Deal } from '../../../core/influencers/influencer-deals.service.ts';
import { MAX_GROUP_LABEL_LENGTH, type LinkLanding } from '../../../core/links/links.service.ts';
import { quote, text, type AccountTurn } from '../deps.ts';
import { splitFirst } from '../parser.ts';
import type { Reply } from '../types.ts';
import { findDeal, refusalReply } from './link.command.ts';

/** The product a kit command names, with its label; or the reply explaining what is missing. */
type Asked = { deal: Deal; label: string } | { reply: Reply };

async function askedDeal(turn: AccountTurn, args: string, usage: MessageKey): Promise<Asked> {
  const [ref, rawLabel] = splitFirst(args);
  if (ref === '') return { reply: text(turn.i18n.t(usage)) };
  const found = await findDeal(turn, ref);
  if ('reply' in found) return found;
  try {
    return { deal: found.deal, label: cleanGroupLabel(rawLabel) };
  } catch (error) {
    if (error instanceof DomainError && error.code === 'validation_failed') {
      return { reply: text(turn.i18n.t('link.groupTooLong', { max: MAX_GROUP_LABEL_LENGTH })) };
    }
    throw error;
  }
}

function kitDeps(turn: AccountTurn): ChannelKitDeps<{ code: string; landing: LinkLanding }> {
  const { deals, links, media, publicUrl } = turn.deps;
  return { deals, links, media, publicUrl };
}

function kitRequest(turn: AccountTurn, deal: Deal): ChannelKitRequest {
  return { influencerId: turn.account.id, tierMultiplierBps: turn.account.tierMultiplierBps, deal, language: turn.language };
}

/** What the captions of the offline kits say about the label: "label “shop window”", or "no label". */
function labelText(turn: AccountTurn, label: string): string {
  const { i18n } = turn;
  return label === '' ? i18n.t('stats.noGroup') : i18n.t('kit.label', { label: i18n.t('deal.groupQuoted', { group: label }) });
}

/** A brand joined on the way is said first, as `/link` does. */
function withJoinNote(turn: AccountTurn, deal: Deal, autoJoined: boolean, replies: Reply[]): Reply[] {
  return autoJoined ? [text(turn.i18n.t('deal.autoJoined', { brand: deal.brand.name })), ...replies] : replies;
}

/**
 * `/qr PRODUCT [LABEL]`: a PNG QR code of the influencer's link with channel `offline` and
 * that label (one link per label, so /stats tells places apart), captioned with the ad
 * disclosure to print next to it.
 */
export async function qrCommand(turn: AccountTurn, args: string): Promise<Reply[]> {
  const asked = await askedDeal(turn, args, 'qr.usage');
  if ('reply' in asked) return [asked.reply];
  const { deal, label } = asked;
  const outcome = await createOfflineQr(kitDeps(turn), { ...kitRequest(turn, deal), label });
  if (outcome.status !== 'ok') return [refusalReply(turn, deal, outcome)];
  const caption = turn.i18n.t('qr.caption', {
    disclosure: adDisclosure(turn.language, deal.brand), title: quote(deal.title, 120), label: labelText(turn, label), url: outcome.url,
  });
  return withJoinNote(turn, deal, outcome.autoJoined, [
    { kind: 'image', text: caption, file: { name: outcome.fileName, mimeType: 'image/png', data: outcome.png } },
  ]);
}

/**
 * `/poster PRODUCT [LABEL]`: the same `offline` link as `/qr` on a printable A6 PDF poster
 * (picture, title, price, QR code, ad disclosure with the ERID when set), in the influencer's
 * language.
 */
export async function posterCommand(turn: AccountTurn, args: string): Promise<Reply[]> {
  const asked = await askedDeal(turn, args, 'poster.usage');
  if ('reply' in asked) return [asked.reply];
  const { deal, label } = asked;
  const outcome = await createPoster(kitDeps(turn), { ...kitRequest(turn, deal), label });
  if (outcome.status !== 'ok') return [refusalReply(turn, deal, outcome)];
  const caption = turn.i18n.t('poster.caption', {
    disclosure: adDisclosure(turn.language, deal.brand), title: quote(deal.title, 120), label: labelText(turn, label), url: outcome.url,
  });
  return withJoinNote(turn, deal, outcome.autoJoined, [
    { kind: 'file', text: caption, file: { name: outcome.fileName, mimeType: 'application/pdf', data: outcome.pdf } },
  ]);
}

/**
 * `/insta PRODUCT`: the product picture with the influencer's link (channel `instagram`) for
 * the profile's bio, then the caption alone in its own message, so that it is copied whole.
 */
export async function instaCommand(turn: AccountTurn, args: string): Promise<Reply[]> {
  const [ref] = splitFirst(args);
  const asked = await askedDeal(turn, ref, 'insta.usage');
  if ('reply' in asked) return [asked.reply];
  const { deal } = asked;
  const outcome = await createInstagramKit(kitDeps(turn), kitRequest(turn, deal));
  if (outcome.status !== 'ok') return [refusalReply(turn, deal, outcome)];
  const note: Reply = outcome.imageUrl
    ? { kind: 'image', text: turn.i18n.t('insta.note', { url: outcome.url }), imageUrl: outcome.imageUrl }
    : text(turn.i18n.t('insta.noteNoImage', { url: outcome.url }));
  return withJoinNote(turn, deal, outcome.autoJoined, [note, text(outcome.caption)]);
}
