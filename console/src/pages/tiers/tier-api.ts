import { useQuery } from '@tanstack/react-query';
import { admin } from '../../http/client.ts';

export interface Tier { id: string; name: string; minClicks30d: number; minSales30d: number; minExposure30d: number; multiplierBps: number }

/** The tiers list: one cache entry (`['tiers']`) of one shape, whichever page reads it. */
export const tiersQuery = {
  queryKey: ['tiers'],
  queryFn: ({ signal }: { signal: AbortSignal }) => admin.get<{ items: Tier[] }>('/tiers', {}, signal).then((r) => r.items),
};

/** The tiers as a picker or a name lookup needs them (changes are rare: a minute's cache). */
export function useTiers() {
  return useQuery({ ...tiersQuery, staleTime: 60_000 });
}
