import type { PlaygroundApi } from '../../api/services/playground.ts';
import {
  findPersona, listPersonas, personaSenderId, playgroundAuditEntry, playgroundText, PLAYGROUND_CHANNEL,
} from '../../core/playground/playground.ts';
import { auditLog } from '../../db/audit.repository.ts';
import { playgroundPersonaReads } from '../../db/playground.repository.ts';
import { buildBotEngine } from '../bot-wiring.ts';
import type { ServiceInfrastructure } from '../app-services.ts';
import { presentReplies } from '../playground-wiring.ts';

/**
 * The bot playground on the real command engine, built like the Telegram bot's (cli/bot-wiring.ts):
 * the same stores, sessions and rate counters in Redis, the same QR and poster renderers. Each
 * message is one turn as `<admin id>:<persona>` on channel `playground`, audited as the admin's.
 */
export function buildPlaygroundApi(infra: ServiceInfrastructure): PlaygroundApi {
  const engine = buildBotEngine({
    db: infra.db, redis: infra.redis, redisPrefix: infra.redisPrefix, publicUrl: infra.publicUrl,
    clock: infra.clock, logger: infra.logger, notifier: infra.notifier, media: infra.media, secretBox: infra.secretBox,
  });
  const reads = playgroundPersonaReads(infra.db);
  const audit = auditLog(infra.db);

  return {
    async send(caller, adminId, message) {
      const senderId = personaSenderId(adminId, message.persona);
      const text = playgroundText(message.text);
      const group = message.chatType === 'group';
      const replies = await engine.handle({
        channel: PLAYGROUND_CHANNEL,
        senderId,
        chatId: group ? `${senderId}:group:${message.groupLabel ?? ''}` : senderId,
        chatType: group ? 'group' : 'private',
        text,
        ...(message.language ? { languageHint: message.language } : {}),
        // In the playground a group message is always meant for the bot (as if it mentioned it).
        ...(group ? { addressedToBot: true } : {}),
      });
      const persona = await findPersona(reads, adminId, message.persona);
      await audit.record(playgroundAuditEntry(caller, senderId, { text, influencerId: persona?.influencerId ?? null, replyKinds: replies.map((r) => r.kind) }));
      return { ...await presentReplies(replies), persona };
    },
    personas: (adminId) => listPersonas(reads, adminId),
  };
}
