import { ALERT_FREQUENCIES, MAX_FOLLOWS, type AlertFrequency } from '../../../core/alerts/deal-alerts.ts';
import type { Follow } from '../../../core/alerts/deal-alerts.ports.ts';
import { chooseFrequency, follow, followSummary, readFollowRequest, unfollow } from '../../../core/alerts/follows.service.ts';
import type { MessageKey, Translator } from '../../../core/i18n/translator.ts';
import { quote, text, withButtons, type AccountTurn } from '../deps.ts';
import type { Button, Reply } from '../types.ts';

/** Telegram's limit on a button's callback data: a longer action is left off rather than cut. */
const MAX_ACTION_BYTES = 64;
/** Brands offered as buttons under a bare `/follow`. */
const SUGGESTED_BRANDS = 6;

const FREQUENCY_TEXT: Readonly<Record<AlertFrequency, MessageKey>> = { daily: 'alerts.frequencyDaily', instant: 'alerts.frequencyInstant', off: 'alerts.frequencyOff' };
const FREQUENCY_BUTTON: Readonly<Record<AlertFrequency, MessageKey>> = { daily: 'alerts.buttonDaily', instant: 'alerts.buttonInstant', off: 'alerts.buttonOff' };
const WHEN: Readonly<Record<AlertFrequency, MessageKey>> = { daily: 'follow.whenDaily', instant: 'follow.whenInstant', off: 'follow.whenOff' };

function fits(buttons: Button[]): Button[] {
  return buttons.filter((b) => !('action' in b) || Buffer.byteLength(b.action) <= MAX_ACTION_BYTES);
}

function followName(i18n: Translator, f: Follow): string {
  return f.kind === 'brand' ? f.name : i18n.t('alerts.keywordName', { keyword: f.keyword });
}

/**
 * `/follow BRAND|WORDS`: a brand (by slug or name) or words every new product's title must hold;
 * alone, how to use it with the brands as buttons. Up to `MAX_FOLLOWS`; a brand that approves
 * its promoters by hand is followed too, with a word that its deals reach them once they joined.
 */
export async function followCommand(turn: AccountTurn, args: string): Promise<Reply[]> {
  const { i18n, deps, account } = turn;
  if (args.trim() === '') {
    const brands = await deps.deals.listBrands(account.id);
    const example = brands[0]?.slug ?? 'lumio';
    const buttons = brands.filter((b) => b.membership !== 'rejected').slice(0, SUGGESTED_BRANDS)
      .map((b): Button => ({ label: `🔔 ${b.name}`, action: `/follow ${b.slug}` }));
    return [withButtons(i18n.t('follow.usage', { example }), fits(buttons))];
  }
  const request = await readFollowRequest(deps.follows, args);
  if (request.kind === 'invalid') return [text(i18n.t('follow.invalid', { input: quote(args) }))];
  const outcome = await follow(deps.follows, account.id, request);
  const name = request.kind === 'brand' ? request.brand.name : i18n.t('alerts.keywordName', { keyword: request.keyword });
  if (outcome === 'already') return [text(i18n.t('follow.already', { name }))];
  if (outcome === 'full') return [text(i18n.t('follow.full', { count: MAX_FOLLOWS }))];
  const { frequency } = await followSummary(deps.follows, account.id);
  const lines = [i18n.t('follow.added', { name, when: i18n.t(WHEN[frequency]) })];
  if (request.kind === 'brand') {
    const brand = await deps.deals.findBrand(account.id, request.brand.slug);
    if (brand && brand.membership !== 'approved' && !(brand.membership === null && brand.autoApprove)) {
      lines.push(i18n.t('follow.needsJoin', { brand: brand.name, slug: brand.slug }));
    }
  }
  return [text(lines.join('\n'))];
}

/** `/unfollow BRAND|WORDS`; alone, what they follow as buttons to tap. */
export async function unfollowCommand(turn: AccountTurn, args: string): Promise<Reply[]> {
  const { i18n, deps, account } = turn;
  if (args.trim() === '') {
    const { follows } = await followSummary(deps.follows, account.id);
    if (follows.length === 0) return [text(i18n.t('unfollow.none'))];
    const buttons = follows.map((f): Button => ({ label: `🔕 ${followName(i18n, f)}`, action: `/unfollow ${f.kind === 'brand' ? f.slug : f.keyword}` }));
    return [withButtons(i18n.t('unfollow.usage'), fits(buttons))];
  }
  const request = await readFollowRequest(deps.follows, args);
  if (request.kind === 'invalid') return [text(i18n.t('unfollow.notFollowed', { name: quote(args) }))];
  const name = request.kind === 'brand' ? request.brand.name : i18n.t('alerts.keywordName', { keyword: request.keyword });
  const removed = await unfollow(deps.follows, account.id, request);
  return [text(i18n.t(removed ? 'unfollow.done' : 'unfollow.notFollowed', { name }))];
}

/** `/alerts [daily|instant|off]`: what they follow and how often they hear, with the choices as buttons. */
export async function alertsCommand(turn: AccountTurn, args: string): Promise<Reply[]> {
  const { i18n, deps, account } = turn;
  const choice = args.trim().toLowerCase();
  if (choice !== '') {
    const frequency = ALERT_FREQUENCIES.find((f) => f === choice || i18n.t(FREQUENCY_BUTTON[f]).toLowerCase() === choice);
    if (!frequency) return [text(i18n.t('alerts.unknownFrequency'))];
    await chooseFrequency(deps.follows, account.id, frequency);
    return [text(i18n.t('alerts.changed', { frequency: i18n.t(FREQUENCY_TEXT[frequency]) }))];
  }
  const { frequency, follows } = await followSummary(deps.follows, account.id);
  const header = i18n.t('alerts.summary', { frequency: i18n.t(FREQUENCY_TEXT[frequency]) });
  const body = follows.length === 0
    ? i18n.t('alerts.nothingFollowed')
    : [i18n.t('alerts.following', { count: follows.length, max: MAX_FOLLOWS }), ...follows.map((f) => `• ${followName(i18n, f)}`)].join('\n');
  const buttons = ALERT_FREQUENCIES.map((f): Button => ({ label: `${f === frequency ? '✓ ' : ''}${i18n.t(FREQUENCY_BUTTON[f])}`, action: `/alerts ${f}` }));
  return [withButtons([header, body, i18n.t('alerts.choose')].join('\n\n'), buttons)];
}
