import type { AutopostChat } from '../../../core/autopost/autopost.ts';
import type { AutopostPostRow } from '../../../core/autopost/autopost.ports.ts';
import type { BrandSummary } from '../../../core/influencers/influencer-deals.service.ts';
import type { Translator } from '../../../core/i18n/translator.ts';
import { quote, withButtons } from '../deps.ts';
import type { Button, Reply } from '../types.ts';

/** A chat's state in a few words: posting, paused, or stopped and why. */
export function chatState(i18n: Translator, chat: AutopostChat): string {
  if (chat.stoppedReason) return i18n.t(`autopost.state.${chat.stoppedReason}`);
  return i18n.t(chat.enabled ? 'autopost.state.on' : 'autopost.state.off');
}

/** The chat's rules on a few lines, brand names instead of ids. */
export function rulesLines(i18n: Translator, chat: AutopostChat, brands: readonly BrandSummary[]): string[] {
  const names = chat.brandIds.map((id) => brands.find((b) => b.id === id)?.name ?? `#${id}`);
  return [
    i18n.t('autopost.rule.times', { times: chat.postTimes.join(', '), zone: chat.timeZone }),
    chat.quietStart && chat.quietEnd ? i18n.t('autopost.rule.quiet', { from: chat.quietStart, to: chat.quietEnd }) : i18n.t('autopost.rule.noQuiet'),
    i18n.t('autopost.rule.cap', { cap: chat.dailyCap }),
    names.length > 0 ? i18n.t('autopost.rule.brands', { brands: names.join(', ') }) : i18n.t('autopost.rule.allBrands'),
    chat.keywords.length > 0 ? i18n.t('autopost.rule.keywords', { keywords: chat.keywords.join(', ') }) : i18n.t('autopost.rule.noKeywords'),
  ];
}

function members(i18n: Translator, chat: AutopostChat): string {
  return chat.memberCount === null ? '' : ` · 👥 ${i18n.number(chat.memberCount)}`;
}

/** `/autopost`: every chat with its state, a button to open each. */
export function chatListReply(i18n: Translator, chats: readonly AutopostChat[], brands: readonly BrandSummary[]): Reply {
  const blocks = chats.map((chat, index) => [
    `${index + 1}. ${quote(chat.title, 60)} — ${chatState(i18n, chat)}${members(i18n, chat)}`,
    ...rulesLines(i18n, chat, brands).slice(0, 1).map((line) => `   ${line}`),
  ].join('\n'));
  const buttons: Button[] = chats.slice(0, 20).map((chat, index) => ({ label: `⚙️ ${index + 1}. ${quote(chat.title, 24)}`, action: `/autopost ${index + 1}` }));
  return withButtons([i18n.t('autopost.title'), ...blocks, i18n.t('autopost.listHint')].join('\n\n'), buttons);
}

/** One chat in full: state, audience, rules, last posts, the text syntax, and buttons for the usual changes. */
export function chatDetailReply(
  i18n: Translator, chat: AutopostChat, number: number, brands: readonly BrandSummary[], posts: readonly AutopostPostRow[], lead?: string,
): Reply {
  const lines = [
    ...(lead ? [lead, ''] : []),
    `${number}. ${quote(chat.title, 80)} — ${chatState(i18n, chat)}${members(i18n, chat)}`,
    ...rulesLines(i18n, chat, brands).map((line) => `• ${line}`),
  ];
  if (chat.stoppedReason) lines.push('', i18n.t('autopost.restartHint'));
  const posted = posts.filter((p) => p.status === 'posted' && p.postedAt);
  if (posted.length > 0) {
    lines.push('', i18n.t('autopost.lastPosts'));
    for (const post of posted.slice(0, 3)) lines.push(`• ${i18n.date(post.postedAt!)}: ${quote(post.productTitle ?? `#${post.productId}`, 50)}`);
  }
  lines.push('', i18n.t('autopost.howTo', { number }));
  const n = String(number);
  const buttons: Button[] = chat.stoppedReason ? [] : [
    chat.enabled ? { label: i18n.t('autopost.button.pause'), action: `/autopost ${n} off` } : { label: i18n.t('autopost.button.resume'), action: `/autopost ${n} on` },
    { label: '🕘 9 · 13 · 19', action: `/autopost ${n} times 09:00 13:00 19:00` },
    { label: '🕗 8 · 12 · 16 · 20', action: `/autopost ${n} times 08:00 12:00 16:00 20:00` },
    chat.quietStart ? { label: i18n.t('autopost.button.noQuiet'), action: `/autopost ${n} quiet off` } : { label: i18n.t('autopost.button.quiet'), action: `/autopost ${n} quiet 22:00-08:00` },
    { label: i18n.t('autopost.button.cap', { cap: 3 }), action: `/autopost ${n} cap 3` },
    { label: i18n.t('autopost.button.cap', { cap: 5 }), action: `/autopost ${n} cap 5` },
  ];
  buttons.push({ label: i18n.t('autopost.button.all'), action: '/autopost' });
  return withButtons(lines.join('\n'), buttons);
}
