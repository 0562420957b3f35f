import { resolveLanguage, type Language } from '../../core/i18n/languages.ts';
import { translator } from '../../core/i18n/translator.ts';
import type { InfluencerAccount } from '../../core/influencers/influencer-accounts.service.ts';
import { confirmDeleteMe, deleteMeCommand, helpCommand, inviteCommand, langCommand, languageChoiceKey } from './commands/account.command.ts';
import { autopostCommand, chatMembershipReplies } from './commands/autopost.command.ts';
import { alertsCommand, followCommand, unfollowCommand } from './commands/alerts.command.ts';
import { brandsCommand, joinCommand } from './commands/brands.command.ts';
import { campaignsCommand } from './commands/campaigns.command.ts';
import { instaCommand, posterCommand, qrCommand } from './commands/channel-kits.command.ts';
import { dealsCommand, nextPageCommand, searchCommand } from './commands/deals.command.ts';
import { exportCommand } from './commands/export.command.ts';
import { landingCommand, pickCommand, storefrontCommand, unpickCommand } from './commands/storefront.command.ts';
import { introCommand } from './commands/intro.command.ts';
import { answerGroupLabel, groupCommand, linkCommand, pastedUrlsReplies, urlsIn } from './commands/link.command.ts';
import { balanceCommand, payoutCommand, statsCommand } from './commands/money.command.ts';
import { continueRegistration, isYes, startCommand, termsReply } from './commands/registration.command.ts';
import { answerPayoutAccount } from './commands/payout-method.command.ts';
import { standingReply, text, type AccountTurn, type BotEngineDeps, type Turn } from './deps.ts';
import { errorReply } from './error-replies.ts';
import { answerInline } from './inline.ts';
import { commandWordFor } from './command-words.ts';
import { PUBLIC_COMMANDS, parseInput, type CommandName, type ParsedInput, type PublicCommandName } from './parser.ts';
import { conversationOf, endConversation, type Conversation } from './sessions.ts';
import type { ChatMembershipUpdate, IncomingMessage, InlineAnswer, InlineRequest, Reply } from './types.ts';
import { withPromptEscapes } from './prompt-escapes.ts';

/** Telegram's own limit on a message; anything longer from another channel is cut here. */
const MAX_INPUT_LENGTH = 4096;

/** The command engine every chat adapter (Telegram, WhatsApp, the console's playground) talks to. */
export interface BotEngine {
  /** The replies to one message, in the order to send them; none when the message is not for the bot. */
  handle(message: IncomingMessage): Promise<Reply[]>;
  /** Deal cards for `@bot words` (Telegram's inline mode). */
  inline(request: InlineRequest): Promise<InlineAnswer>;
  /** The bot's rights in a chat changed (Telegram's `my_chat_member`): the replies for the sender's private chat. */
  chatMembership(update: ChatMembershipUpdate): Promise<Reply[]>;
}

type AccountHandler = (turn: AccountTurn, args: string) => Promise<Reply[]>;


/** Commands for registered influencers only. */
const ACCOUNT_COMMANDS: Partial<Record<CommandName, AccountHandler>> = {
  brands: (turn) => brandsCommand(turn),
  join: joinCommand,
  deals: dealsCommand,
  search: searchCommand,
  next: (turn) => nextPageCommand(turn),
  link: linkCommand,
  intro: introCommand,
  group: groupCommand,
  qr: qrCommand,
  poster: posterCommand,
  insta: instaCommand,
  stats: statsCommand,
  balance: (turn) => balanceCommand(turn),
  payout: payoutCommand,
  invite: (turn) => inviteCommand(turn),
  deleteme: (turn) => deleteMeCommand(turn),
  confirmdelete: (turn) => deleteMeCommand(turn),
  export: (turn) => exportCommand(turn),
  autopost: autopostCommand,
  follow: followCommand,
  unfollow: unfollowCommand,
  alerts: alertsCommand,
  pick: pickCommand,
  unpick: unpickCommand,
  storefront: storefrontCommand,
  landing: landingCommand,
  campaigns: campaignsCommand,
};

/**
 * What a pending or suspended influencer may still do: read what they earned, get a copy of
 * their data, and erase their account. Anything else is answered with their standing
 * (core/influencers/influencer-standing.ts).
 */
const STANDING_COMMANDS: ReadonlySet<CommandName> = new Set<CommandName>(['stats', 'balance', 'export', 'deleteme', 'confirmdelete']);

/**
 * Builds the engine: it reads a message (`/cmd args`, plain command words on WhatsApp, pasted
 * shop links, answers to its own questions), calls core/ through the ports in `deps`, and
 * answers with replies in the person's language. A failure becomes a polite reply, never an
 * exception; a person sending more than the rate limit gets one "slow down" reply per window.
 */
export function createBotEngine(deps: BotEngineDeps): BotEngine {
  return {
    async handle(incoming) {
      const message = { ...incoming, text: (incoming.text ?? '').replace(/\u0000/g, '').slice(0, MAX_INPUT_LENGTH) };
      let language = resolveLanguage(message.languageHint);
      // Group chatter is not for the bot: no counting, no lookup.
      if (message.chatType === 'group' && !message.addressedToBot) return [];
      try {
        const rate = await deps.limiter.hit(`${message.channel}:${message.senderId}`);
        if (!rate.allowed && !rate.firstRefusal) return [];
        const account = await findAccount(deps, message);
        const sessionKey = `${message.channel}:${message.senderId}`;
        if (account) language = account.language;
        const base: Turn = { deps, message, account, language, i18n: translator(language), sessionKey };
        if (!rate.allowed) return [text(base.i18n.t('rateLimited', { count: Math.max(1, Math.ceil(rate.retryAfterMs / 1000)) }))];
        if (message.chatType === 'group') return answerGroup(base);
        const conversation = await conversationOf(base);
        if (!account) language = await strangerLanguage(base, conversation);
        const turn: Turn = { ...base, language, i18n: translator(language) };
        return await answerPrivate(turn, conversation);
      } catch (error) {
        return [errorReply(error, translator(language), deps.logger, { channel: message.channel, chatType: message.chatType })];
      }
    },
    inline: (request) => answerInline(deps, request),
    async chatMembership(update) {
      const found = await deps.accounts.findAccountByIdentity(update.channel, update.senderId);
      const account = found && found.status !== 'deleted' ? found : undefined;
      const i18n = translator(account?.language ?? resolveLanguage(update.languageHint));
      try {
        return await chatMembershipReplies(deps, account, i18n, update.change);
      } catch (error) {
        return [errorReply(error, i18n, deps.logger, { channel: update.channel, chatType: 'private' })];
      }
    },
  };
}

/** The sender's active influencer profile; a chat account that comes back after blocking the bot is active again. */
async function findAccount(deps: BotEngineDeps, message: IncomingMessage): Promise<InfluencerAccount | undefined> {
  const found = await deps.accounts.findAccountByIdentity(message.channel, message.senderId);
  if (!found || found.status === 'deleted') return undefined;
  if (message.chatType === 'private' && (!found.identityActive || found.chatId !== message.chatId)) {
    await deps.accounts.reactivateIdentity({ channel: message.channel, externalId: message.senderId, chatId: message.chatId });
  }
  // When and under which handle support last saw the person (the console's identities).
  await deps.accounts.recordSeen({ channel: message.channel, externalId: message.senderId, username: message.senderUsername ?? null }, deps.clock.now(), found.lastSeen);
  return found;
}

/** A stranger's language: the one of their registration, else the one they chose with /lang, else their client's. */
async function strangerLanguage(turn: Turn, conversation: Conversation | undefined): Promise<Language> {
  if (conversation?.flow === 'register') return conversation.language;
  const chosen = await turn.deps.sessions.get<string>(languageChoiceKey(turn));
  return resolveLanguage(chosen, turn.language);
}

/** In a group the bot only answers what is addressed to it, and sends people to a private chat. */
function answerGroup(turn: Turn): Reply[] {
  const { message, i18n } = turn;
  if (!message.addressedToBot) return [];
  // Addressed already (a mention, a reply to the bot): WhatsApp's plain command words count here too.
  const input = parseInput(message.text, { bareWords: message.channel !== 'telegram', botUsername: message.botUsername });
  if (input.kind === 'other_bot') return [];
  if (input.kind === 'command' && input.command === 'help') return helpCommand(turn);
  const command = input.kind === 'command' || input.kind === 'unknown_command' ? input.command : 'start';
  if (message.channel === 'telegram' && message.botUsername) {
    return [{
      kind: 'buttons',
      text: i18n.t('groupOnly', { command, bot: message.botUsername }),
      buttons: [{ label: i18n.t('openChat'), url: `https://t.me/${message.botUsername}` }],
    }];
  }
  if (message.channel === 'whatsapp') return [privateChatHintOnWhatsApp(turn, command)];
  return [text(i18n.t('groupOnlyNoBot', { command }))];
}

/** WhatsApp people type words, not slashes: the hint names the word of their language and links to the bot's chat with it typed in. */
function privateChatHintOnWhatsApp(turn: Turn, command: string): Reply {
  const { message, i18n, language } = turn;
  const word = (PUBLIC_COMMANDS as readonly string[]).includes(command) ? commandWordFor(command as PublicCommandName, language) : command;
  if (!message.botPhone) return text(i18n.t('groupOnlyWhatsAppNoLink', { word }));
  return text(i18n.t('groupOnlyWhatsApp', { word, link: `https://wa.me/${message.botPhone}?text=${encodeURIComponent(word)}` }));
}

async function answerPrivate(turn: Turn, conversation: Conversation | undefined): Promise<Reply[]> {
  const { message } = turn;
  const bareWords = message.channel !== 'telegram';
  if (conversation) {
    // While a question waits for its answer, only slash commands interrupt it, and the words for
    // "cancel" and "help" in any of our languages.
    const input = withPromptEscapes(parseInput(message.text, { bareWords: false, botUsername: message.botUsername }));
    if (input.kind === 'other_bot') return [];
    if (conversation.flow === 'register' && !turn.account) return continueRegistration(turn, conversation, input, () => helpCommand(turn));
    if (conversation.flow === 'group_label' && turn.account && input.kind === 'text' && input.text !== '') {
      return answerGroupLabel(turn as AccountTurn, conversation.productId, input.text);
    }
    if (conversation.flow === 'payout_method' && turn.account?.status === 'active' && input.kind === 'text' && input.text !== '') {
      return answerPayoutAccount(turn as AccountTurn, conversation.kind, input.text);
    }
    if (conversation.flow === 'delete_confirm' && turn.account) {
      if ((input.kind === 'command' && input.command === 'confirmdelete') || (input.kind === 'text' && isYes(input.text, turn.language))) {
        return confirmDeleteMe(turn as AccountTurn);
      }
      await endConversation(turn);
      if (input.kind !== 'command' || input.command === 'cancel' || input.command === 'decline') return [text(turn.i18n.t('deleteme.cancelled'))];
      return route(turn, input);
    }
    if (input.kind === 'command' && input.command === 'help') return helpCommand(turn);
    await endConversation(turn);
    if (input.kind === 'command' && input.command === 'cancel') return [text(turn.i18n.t('cancelled'))];
    return route(turn, input);
  }
  const input = parseInput(message.text, { bareWords, botUsername: message.botUsername });
  if (input.kind === 'other_bot') return [];
  return route(turn, input);
}

async function route(turn: Turn, input: ParsedInput): Promise<Reply[]> {
  const { i18n, account } = turn;
  switch (input.kind) {
    case 'other_bot':
      return [];
    case 'unknown_command':
      return [text(i18n.t('unknownCommand', { command: input.command }))];
    case 'text': {
      // A stranger's "hi" is a wish to begin: the registration starts, no "/start" to learn first.
      if (!account) return startCommand(turn, '');
      if (account.status !== 'active') return [standingReply(turn)];
      const urls = urlsIn(input.text);
      if (urls.length > 0) return pastedUrlsReplies(turn as AccountTurn, urls);
      return [text(i18n.t('freeText'))];
    }
    case 'command':
      break;
  }
  const { command, args } = input;
  switch (command) {
    case 'start': return startCommand(turn, args);
    case 'help': return helpCommand(turn);
    case 'lang': return langCommand(turn, args);
    case 'cancel': return [text(i18n.t('cancelled'))];
    case 'terms': return [termsReply(turn)];
  }
  if (!account) return [text(i18n.t('start.required'))];
  if (account.status !== 'active' && !STANDING_COMMANDS.has(command)) return [standingReply(turn)];
  const handler = ACCOUNT_COMMANDS[command];
  if (handler) return handler(turn as AccountTurn, args);
  // accept / decline outside a registration: the registration is over (or expired).
  return [text(i18n.t('start.welcomeBack', { name: account.displayName }))];
}
