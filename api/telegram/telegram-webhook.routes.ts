import type { FastifyPluginAsync } from 'fastify';
import type { Logger } from 'pino';
import { DomainError } from '../../core/shared/errors.ts';
import { sameSecret } from '../../core/shared/same-secret.ts';
import type { TelegramWebhook } from '../deps.ts';

const SECRET_HEADER = 'x-telegram-bot-api-secret-token';

/**
 * `POST /telegram/webhook`: Telegram delivers updates here in webhook mode. Only a request
 * carrying the secret token given to `setWebhook` is handled (401 otherwise); a handled
 * update is answered 200 even when the bot failed on it, so Telegram does not send it again.
 */
export function telegramWebhookRoutes(webhook: TelegramWebhook, logger: Logger): FastifyPluginAsync {
  return async (app) => {
    app.post('/telegram/webhook', {
      schema: {
        hide: true,
        body: { type: 'object', required: ['update_id'], properties: { update_id: { type: 'integer' } } },
      },
    }, async (request, reply) => {
      if (!sameSecret(request.headers[SECRET_HEADER], webhook.secretToken)) {
        throw new DomainError('unauthorized', 'The X-Telegram-Bot-Api-Secret-Token header is missing or wrong');
      }
      try {
        await webhook.handleUpdate(request.body);
      } catch (err) {
        logger.warn({ err }, 'telegram webhook update failed');
      }
      return reply.status(200).send({ ok: true });
    });
  };
}
