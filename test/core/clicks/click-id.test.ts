import { describe, expect, it } from 'vitest';
import { v4 as uuidv4 } from 'uuid';
import { CLICK_ID_TIME_MARGIN_MS, clickIdTime, clickTimeWindow, newClickId } from '../../../core/clicks/click-id.ts';

describe('a click id', () => {
  it('carries the instant of the click it was minted for', () => {
    const at = new Date('2026-11-30T23:59:59.123Z');
    const id = newClickId(at);
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(clickIdTime(id)).toEqual(at);
    expect(clickIdTime(id.toUpperCase())).toEqual(at);
    expect(newClickId(at)).not.toBe(id);
  });

  it('bounds where its click may be stored, a day either side', () => {
    const at = new Date('2026-06-10T08:00:00Z');
    expect(clickTimeWindow(newClickId(at))).toEqual({
      from: new Date(at.getTime() - CLICK_ID_TIME_MARGIN_MS), to: new Date(at.getTime() + CLICK_ID_TIME_MARGIN_MS),
    });
  });

  it('reads a forged id as some instant or as none, never as an error', () => {
    expect(clickIdTime('ffffffff-ffff-7fff-bfff-ffffffffffff')).toEqual(new Date(2 ** 48 - 1));
    expect(clickIdTime('00000000-0000-7000-8000-000000000000')).toEqual(new Date(0));
    for (const notV7 of [uuidv4(), 'not-a-uuid', '', `${newClickId()}x`, 'ffffffff-ffff-7fff-bfff-ffffffffffff; DROP TABLE clicks']) {
      expect(clickIdTime(notV7)).toBeUndefined();
      expect(clickTimeWindow(notV7)).toBeUndefined();
    }
  });
});
