import { ValidationError } from '../shared/errors.ts';

// Rotating a vendor's signing secret: the replaced secret keeps verifying for a grace period so
// that the vendor's servers can switch without refused postbacks; a leaked secret is rotated
// with no grace at all. One previous secret is kept: a second rotation within the grace period
// ends the first secret at once.

/** Hours the replaced secret still verifies when the rotation names none. */
export const DEFAULT_ROTATION_GRACE_HOURS = 24;
/** The longest grace a rotation may give: a week. */
export const MAX_ROTATION_GRACE_HOURS = 7 * 24;

const HOUR_MS = 60 * 60 * 1000;

/**
 * When the replaced secret stops verifying for a rotation at `now` with `graceHours` of grace
 * (default 24); null for no grace (the old secret is refused at once).
 */
export function rotationGraceEnd(now: Date, graceHours: number = DEFAULT_ROTATION_GRACE_HOURS): Date | null {
  if (!Number.isInteger(graceHours) || graceHours < 0 || graceHours > MAX_ROTATION_GRACE_HOURS) {
    throw new ValidationError(`graceHours must be a whole number of hours from 0 to ${MAX_ROTATION_GRACE_HOURS}`, { field: 'graceHours', value: graceHours });
  }
  return graceHours === 0 ? null : new Date(now.getTime() + graceHours * HOUR_MS);
}

/** The sealed secrets that verify a request at `now`: the current one, then the previous one while its grace lasts. */
export function liveSealedSecrets(
  key: { secretSealed: string; previousSecretSealed: string | null; previousSecretExpiresAt: Date | null },
  now: Date,
): string[] {
  const previousLive = key.previousSecretSealed !== null && key.previousSecretExpiresAt !== null && now.getTime() < key.previousSecretExpiresAt.getTime();
  return previousLive ? [key.secretSealed, key.previousSecretSealed!] : [key.secretSealed];
}
