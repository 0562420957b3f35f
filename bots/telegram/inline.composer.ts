import { Composer, type Context } from 'telegraf';
import type { InlineQueryResultArticle } from 'telegraf/types';
import type { BotEngine } from '../engine/index.ts';

/** Telegram caches an answer this long; personal, since every card carries this influencer's link. */
const CACHE_SECONDS = 10;

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
      input_message_content: { message_text: deal.text },
    }));
    await ctx.answerInlineQuery(results, {
      cache_time: CACHE_SECONDS,
      is_personal: true,
      ...(answer.register ? { button: { text: answer.register.text, start_parameter: answer.register.startParameter } } : {}),
    });
  });
  return composer;
}
