import type { StatsApi } from '../../api/services/stats.ts';
import { statsService } from '../../core/reports/stats.service.ts';
import { statsReads } from '../../db/stats.repository.ts';
import { queueBacklog } from '../../queue/queue-backlog.ts';
import type { ServiceInfrastructure } from '../app-services.ts';

/** The dashboard's figures on the database, the queues' backlog in Redis and the WhatsApp status the bots role reports. */
export function buildStatsApi({ db, clock, redis, redisPrefix, whatsappStatus }: ServiceInfrastructure): StatsApi {
  return {
    stats: statsService({
      reads: statsReads(db),
      clock,
      queues: queueBacklog({ connection: redis, prefix: redisPrefix }),
      whatsapp: whatsappStatus,
    }),
  };
}
