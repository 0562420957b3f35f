import { joinCampaign } from '../../../core/campaigns/campaign-chat.ts';
import type { ChatCampaign } from '../../../core/campaigns/campaigns.ports.ts';
import type { Translator } from '../../../core/i18n/translator.ts';
import { commandWordFor } from '../command-words.ts';
import { quote, text, withButtons, type AccountTurn } from '../deps.ts';
import type { Button, Reply } from '../types.ts';

/** How many open campaigns one answer lists (and offers as buttons). */
const LISTED = 10;

function bonusText(i18n: Translator, campaign: ChatCampaign): string {
  return campaign.bonus.kind === 'rate' ? i18n.percentBps(campaign.bonus.rateBps) : i18n.money(campaign.bonus.amount, campaign.currency);
}

/** The command as the person types it: `/campaigns` on Telegram, their own word on WhatsApp. */
function commandOf(turn: AccountTurn): string {
  return turn.message.channel === 'whatsapp' ? commandWordFor('campaigns', turn.language) : '/campaigns';
}

/**
 * `/campaigns`: the open campaigns of the brands the influencer promotes (title, brand, bonus,
 * dates, whether it comes with a promo code), each with a join button, then the campaigns they
 * joined with their personal codes. `/campaigns N` joins the N-th open campaign of the list.
 */
export async function campaignsCommand(turn: AccountTurn, args: string): Promise<Reply[]> {
  const store = turn.deps.campaigns;
  if (!store) return [text(turn.i18n.t('comingSoon', { command: 'campaigns' }))];
  const now = turn.deps.clock.now();
  const open = (await store.listOpenCampaigns(turn.account.id, now)).slice(0, LISTED);
  const choice = args.trim();
  if (choice !== '') return joinChosen(turn, open, choice);

  const { i18n } = turn;
  const joined = await store.listJoinedCampaigns(turn.account.id);
  const parts: string[] = [];
  const buttons: Button[] = [];
  if (open.length === 0) parts.push(i18n.t('campaigns.empty'));
  else {
    parts.push(i18n.t('campaigns.title'));
    open.forEach((c, i) => {
      parts.push(i18n.t('campaigns.line', {
        number: i + 1, title: c.title, brand: c.brandName, bonus: bonusText(i18n, c), from: i18n.date(c.startsAt), to: i18n.date(c.endsAt),
      }) + (c.hasPromoCode ? `\n${i18n.t('campaigns.withCode')}` : '') + (c.joined ? `\n${i18n.t('campaigns.alreadyIn')}` : ''));
      if (!c.joined) buttons.push({ label: i18n.t('campaigns.joinButton', { number: i + 1 }), action: `/campaigns ${i + 1}` });
    });
    if (buttons.length > 0) parts.push(i18n.t('campaigns.howToJoin', { command: commandOf(turn) }));
  }
  if (joined.length > 0) {
    parts.push(i18n.t('campaigns.joinedTitle'));
    for (const c of joined) {
      parts.push(i18n.t('campaigns.joinedLine', { title: c.title, brand: c.brandName, status: i18n.t(`campaigns.status.${c.status}` as const) })
        + (c.joined?.promoCode ? ` ${i18n.t('campaigns.yourCode', { code: c.joined.promoCode })}` : ''));
    }
  }
  return [withButtons(parts.join('\n\n'), buttons)];
}

/** `/stats` lines for campaign bonuses in the period (none without any): what the campaigns earned on top of the commission. */
export async function campaignStatsLines(turn: AccountTurn, from: Date | null): Promise<string[]> {
  const earnings = await turn.deps.campaigns?.campaignEarnings(turn.account.id, from) ?? [];
  if (earnings.length === 0) return [];
  const { i18n } = turn;
  return [i18n.t('campaigns.statsTitle'), ...earnings.map((e) => i18n.t('campaigns.statsLine', { title: e.title, count: e.sales, bonus: i18n.money(e.bonus, e.currency) }))];
}

async function joinChosen(turn: AccountTurn, open: ChatCampaign[], choice: string): Promise<Reply[]> {
  const { i18n } = turn;
  const number = /^\d{1,3}$/.test(choice) ? Number(choice) : NaN;
  const campaign = open[number - 1];
  if (!campaign) return [text(i18n.t('campaigns.unknown', { input: quote(choice), command: commandOf(turn) }))];
  const outcome = await joinCampaign(turn.deps.campaigns!, turn.account.id, campaign.id, turn.deps.clock.now());
  if (outcome.status === 'unavailable') return [text(i18n.t('campaigns.unknown', { input: quote(choice), command: commandOf(turn) }))];
  const lines = [i18n.t('campaigns.joined', { title: campaign.title, bonus: bonusText(i18n, campaign), to: i18n.date(campaign.endsAt) })];
  if (outcome.promoCode) lines.push(i18n.t('campaigns.joinedCode', { code: outcome.promoCode }));
  return [text(lines.join('\n\n'))];
}
