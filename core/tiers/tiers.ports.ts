import type { AuditLog } from '../audit/audit.ports.ts';
import type { UnitOfWork } from '../shared/unit-of-work.ts';
import type { ExposureWeights } from './exposure.ts';
import type { Tier, TierInput } from './tiers.ts';

/** One influencer's tier before and after an assignment or a pin. */
export interface TierChange {
  influencerId: string;
  from: Pick<Tier, 'id' | 'name'> | null;
  to: Pick<Tier, 'id' | 'name' | 'multiplierBps'> | null;
}

/** An influencer's tier as an admin's pin reads and writes it. */
export interface InfluencerTier {
  influencerId: string;
  tierId: string | null;
  tierPinned: boolean;
}

/** The tier writes, bound to one transaction (db/tiers.repository.ts). */
export interface TierTx {
  /**
   * Gives every active, unpinned influencer the tier `pickTier` (core/tiers/tiers.ts) picks from
   * their counted clicks and exposure (weighed by `weights`, core/tiers/exposure.ts) on days from
   * `windowStartDay` and their sale commissions approved since `windowStart`, in one statement;
   * returns only the influencers whose tier changed.
   */
  assignTiers(windowStart: Date, windowStartDay: string, weights: ExposureWeights): Promise<TierChange[]>;
  /** The admins' exposure weights, the defaults until one sets them. */
  readExposureWeights(): Promise<StoredExposureWeights>;
  writeExposureWeights(weights: ExposureWeights, at: Date, by: string): Promise<void>;
  findTier(id: string): Promise<Tier | undefined>;
  /** Undefined when the name is taken (`conflict` is the caller's to raise). */
  insertTier(tier: Required<TierInput>): Promise<Tier | undefined>;
  updateTier(id: string, changes: TierInput): Promise<Tier | undefined | 'name_taken'>;
  /** 'in_use' when influencers or commissions still name it. */
  deleteTier(id: string): Promise<'deleted' | 'missing' | 'in_use'>;
  lockInfluencer(id: string): Promise<InfluencerTier | undefined>;
  setInfluencerTier(id: string, tierId: string | null, pinned: boolean): Promise<InfluencerTier>;
}

export interface StoredExposureWeights {
  weights: ExposureWeights;
  updatedAt: Date | null;
  updatedBy: string | null;
}

export interface TierStores {
  tiers: TierTx;
  audit: AuditLog;
}

/** Where tiers are kept: each `unitOfWork` call is one transaction; `listTiers` reads outside one. */
export interface TierStore {
  unitOfWork: UnitOfWork<TierStores>;
  /** Every tier, lowest multiplier first. */
  listTiers(): Promise<Tier[]>;
}
