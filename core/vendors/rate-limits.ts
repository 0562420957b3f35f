import { ValidationError } from '../shared/errors.ts';

/**
 * The commission rates a vendor account may set on its own brands and products, in basis
 * points, both bounds included. Staff set them per vendor (`PATCH /admin/vendors/:id`); staff
 * themselves are not bound by them, and rates set before a limit changed stay as they are.
 */
export interface RateLimits {
  minRateBps: number;
  maxRateBps: number;
}

/** A new vendor's limits: any rate from 0 to 100 %. */
export const OPEN_RATE_LIMITS: RateLimits = Object.freeze({ minRateBps: 0, maxRateBps: 10_000 });

const isBps = (value: number) => Number.isInteger(value) && value >= 0 && value <= 10_000;

/** A rate in words: 850 → "850 bps (8.5 %)". */
export function describeBps(bps: number): string {
  return `${bps} bps (${bps / 100} %)`;
}

/** Limits an admin sets: whole basis points between 0 and 10000, the minimum not above the maximum. */
export function checkRateLimits(limits: RateLimits): void {
  for (const field of ['minRateBps', 'maxRateBps'] as const) {
    if (!isBps(limits[field])) throw new ValidationError(`${field} must be a whole number of basis points from 0 to 10000`, { field });
  }
  if (limits.minRateBps > limits.maxRateBps) {
    throw new ValidationError(`minRateBps ${describeBps(limits.minRateBps)} is above maxRateBps ${describeBps(limits.maxRateBps)}`, {
      field: 'minRateBps', minRateBps: limits.minRateBps, maxRateBps: limits.maxRateBps,
    });
  }
}

/** Which limit a rate breaks, in words a vendor can act on; undefined when it is within them. */
export function rateLimitProblem(rateBps: number, limits: RateLimits): { limit: 'minRateBps' | 'maxRateBps'; problem: string } | undefined {
  if (rateBps > limits.maxRateBps) {
    return { limit: 'maxRateBps', problem: `${describeBps(rateBps)} is above this vendor's maximum rate (maxRateBps) of ${describeBps(limits.maxRateBps)}` };
  }
  if (rateBps < limits.minRateBps) {
    return { limit: 'minRateBps', problem: `${describeBps(rateBps)} is below this vendor's minimum rate (minRateBps) of ${describeBps(limits.minRateBps)}` };
  }
  return undefined;
}

/** `validation_failed` naming the limit when a vendor account sets `field` outside its vendor's limits. */
export function enforceRateLimits(field: string, rateBps: number, limits: RateLimits): void {
  const broken = rateLimitProblem(rateBps, limits);
  if (!broken) return;
  throw new ValidationError(`${field} ${broken.problem}; ask the platform's staff to change the limit`, {
    field, limit: broken.limit, minRateBps: limits.minRateBps, maxRateBps: limits.maxRateBps,
  });
}
