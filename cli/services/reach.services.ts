import { influencerReachService, type InfluencerReachService } from '../../core/tiers/influencer-reach.ts';
import { readExposureCounts } from '../../db/exposure-points.repository.ts';
import { readExposureWeights } from '../../db/tiers.repository.ts';
import type { ServiceInfrastructure } from '../app-services.ts';

/** An influencer's 30-day reach for the console, on the same counts query and weights as tiers and `/stats`. */
export function buildReachApi({ db, clock }: ServiceInfrastructure): InfluencerReachService {
  return influencerReachService({
    counts: (influencerId, fromDay) => readExposureCounts(db, influencerId, fromDay),
    weights: async () => (await readExposureWeights(db)).weights,
  }, clock);
}
