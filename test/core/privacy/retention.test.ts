import { describe, expect, it } from 'vitest';
import { clickDetailsSince, DEFAULT_RETENTION_POLICY, retentionCutoffs } from '../../../core/privacy/retention.ts';

describe('the retention cutoffs', () => {
  it('keep whole UTC months of clicks, counting back across years', () => {
    const at = (now: string) => retentionCutoffs(DEFAULT_RETENTION_POLICY, new Date(now)).clicksBefore.toISOString();
    expect(at('2026-12-15T12:00:00Z')).toBe('2024-11-01T00:00:00.000Z');
    expect(at('2027-01-01T00:00:00Z')).toBe('2024-12-01T00:00:00.000Z');
    expect(at('2026-12-31T23:59:59Z')).toBe('2024-11-01T00:00:00.000Z');
    expect(retentionCutoffs({ ...DEFAULT_RETENTION_POLICY, clickMonths: 1 }, new Date('2026-03-31T10:00:00Z')).clicksBefore.toISOString()).toBe('2026-02-01T00:00:00.000Z');
  });

  it('count days back from the instant for click details, ended sessions and audit rows', () => {
    const cutoffs = retentionCutoffs(DEFAULT_RETENTION_POLICY, new Date('2026-12-15T12:00:00Z'));
    expect(cutoffs.clickDetailsBefore.toISOString()).toBe('2026-09-16T12:00:00.000Z');
    expect(cutoffs.adminSessionsEndedBefore.toISOString()).toBe('2026-11-15T12:00:00.000Z');
    expect(cutoffs.auditBefore.toISOString()).toBe('2024-12-15T12:00:00.000Z');
  });

  it('start clearing click details a week before the last run ended, or at the first click', () => {
    expect(clickDetailsSince(null)).toBeNull();
    expect(clickDetailsSince(new Date('2026-09-16T12:00:00Z'))?.toISOString()).toBe('2026-09-09T12:00:00.000Z');
  });
});
