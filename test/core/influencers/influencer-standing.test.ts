import { describe, expect, it } from 'vitest';
import { renderNotification } from '../../../core/i18n/notification-texts.ts';
import { translator } from '../../../core/i18n/translator.ts';
import { changeStanding, standingNotification } from '../../../core/influencers/influencer-standing.ts';
import { notifiesInStanding } from '../../../core/notifications/notifications.ts';

const at = new Date('2026-12-01T12:00:00Z');
const by = 'admin:1';

describe('changeStanding', () => {
  it('moves each standing only where its action applies', () => {
    expect(changeStanding('1', 'pending', 'approve', { at, by })).toEqual({ status: 'active', reason: null, at, by });
    expect(changeStanding('1', 'active', 'suspend', { reason: '  Self   purchases ', at, by })).toEqual({ status: 'suspended', reason: 'Self purchases', at, by });
    expect(changeStanding('1', 'pending', 'suspend', { reason: 'Spam account', at, by }).status).toBe('suspended');
    expect(changeStanding('1', 'suspended', 'reinstate', { at, by })).toMatchObject({ status: 'active', reason: null });
    for (const [from, action] of [['active', 'approve'], ['suspended', 'suspend'], ['active', 'reinstate'], ['deleted', 'suspend'], ['deleted', 'reinstate'], ['deleted', 'approve']] as const) {
      expect(() => changeStanding('1', from, action, { reason: 'a reason', at, by }), `${action} from ${from}`).toThrow(expect.objectContaining({ code: 'conflict' }));
    }
  });

  it('asks a suspension for a reason, and no reason for more than 500 characters', () => {
    expect(() => changeStanding('1', 'active', 'suspend', { at, by })).toThrow(expect.objectContaining({ code: 'validation_failed', details: { field: 'reason' } }));
    expect(() => changeStanding('1', 'active', 'suspend', { reason: ' x ', at, by })).toThrow(expect.objectContaining({ code: 'validation_failed' }));
    expect(() => changeStanding('1', 'suspended', 'reinstate', { reason: 'y'.repeat(501), at, by })).toThrow(expect.objectContaining({ code: 'validation_failed' }));
  });
});

describe('telling the influencer', () => {
  it('reaches a suspended influencer with the suspension only', () => {
    const suspended = standingNotification('1', 'suspend', at);
    expect(suspended).toEqual({ kind: 'account_suspended', influencerId: '1', at: at.toISOString() });
    expect(notifiesInStanding(suspended, 'suspended')).toBe(true);
    expect(notifiesInStanding(standingNotification('1', 'reinstate', at), 'suspended')).toBe(false);
    expect(notifiesInStanding({ kind: 'commission_approved', influencerId: '1', commissionId: '2', amount: 1, currency: 'EUR' }, 'suspended')).toBe(false);
    expect(notifiesInStanding(standingNotification('1', 'approve', at), 'active')).toBe(true);
    expect(notifiesInStanding(standingNotification('1', 'approve', at), 'pending')).toBe(false);
    expect(notifiesInStanding(suspended, 'deleted')).toBe(false);
  });

  it('says it in the influencer\'s language', () => {
    expect(renderNotification(standingNotification('1', 'suspend', at), 'pl')).toBe(translator('pl').t('notify.accountSuspended'));
    expect(renderNotification(standingNotification('1', 'approve', at), 'ru')).toContain('/brands');
  });
});
