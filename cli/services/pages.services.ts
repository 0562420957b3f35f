import type { PagesApi } from '../../api/services/pages.ts';
import { recordPageView } from '../../core/pages/exposure.ts';
import { pageReads } from '../../db/deal-pages.repository.ts';
import { exposureStore } from '../../db/exposure.repository.ts';
import { createRedisViewDedup } from '../../queue/view-dedup.store.ts';
import type { ServiceInfrastructure } from '../app-services.ts';

/** The public pages on the database, with the view dedup in the deployment's Redis. */
export function buildPagesApi(infra: ServiceInfrastructure): PagesApi {
  const ports = { dedup: createRedisViewDedup(infra.redis, infra.redisPrefix), store: exposureStore(infra.db) };
  return {
    reads: pageReads(infra.db),
    recordView: (view) => recordPageView(ports, view),
  };
}
