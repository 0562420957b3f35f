import { Composer, type Context } from 'telegraf';
import type { InlineQueryResultArticle } from 'telegraf/types';
import type { BotEngine, InlineAnswer } from '../engine/index.ts';
import { telegramHtml } from './telegram-html.ts';

/** Telegram caches an answer this long; personal, since every card carries this influencer's link. */
const CACHE_SECONDS = 10;
/** Telegram's limit on a message's visible text. */
const MAX_MESSAGE_TEXT = 4096;

/** Inline mode's start parameter: the bot opens on /start, which greets a stranger and welcomes a member back. */
const OPEN_BOT_PARAMETER = 'inline';

/**
 * The bar above the results: "register first", or, when there is nothing to show (no match, too
 * many queries, a failure), the engine's words for why, so that the list is never blank.
 */
function resultsButton(answer: InlineAnswer): { button?: { text: string; start_parameter: string } } {
  if (answer.register) return { button: { text: answer.register.text, start_parameter: answer.register.startParameter } };
  if (answer.deals.length === 0 && answer.emptyText) return { button: { text: answer.emptyText, start_parameter: OPEN_BOT_PARAMETER } };
  return {};
}

/**
 * Inline mode: `@bot words` in any chat offers deal cards; choosing one posts the
 * forward-ready deal, whose link carries the channel telegram and the group label "inline".
 * Articles rather than photos: the posted text's link preview (our OpenGraph page) shows the
 * product's picture even when the shop's image cannot be fetched by Telegram.
 */
export function inlineComposer(engine: BotEngine): Composer<Context> {
  const composer = new Composer<Context>();
  composer.on('inline_query', async (ctx) => {
    const answer = await engine.inline({
      channel: 'telegram', senderId: String(ctx.from.id), query: ctx.inlineQuery.query, languageHint: ctx.from.language_code,
    });
    const results: InlineQueryResultArticle[] = answer.deals.map((deal) => ({
      type: 'article',
      id: deal.id,
      title: deal.title,
      description: deal.description,
      ...(deal.thumbnailUrl ? { thumbnail_url: deal.thumbnailUrl } : {}),
      // The same card as in chat: escaped HTML, bold title, old price struck through.
      input_message_content: deal.rich ? { message_text: telegramHtml(deal.rich, MAX_MESSAGE_TEXT), parse_mode: 'HTML' } : { message_text: deal.text },
    }));
    await ctx.answerInlineQuery(results, {
      cache_time: CACHE_SECONDS,
      is_personal: true,
      ...resultsButton(answer),
    });
  });
  return composer;
}
