import { describe, expect, it } from 'vitest';
import { classifyClicks, type ClickHistory, type ClickToClassify } from '../../../core/clicks/click-rules.ts';

const BROWSER = 'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Mobile Safari/537.36';
const T0 = Date.parse('2026-12-01T12:00:00Z');
const MINUTE = 60_000;
const LIMITS = { visitor: { maxClicks: 3, windowMs: 10 * MINUTE }, address: { maxClicks: 5, windowMs: 10 * MINUTE } };
const NOTHING: ClickHistory = { counted: [], freshByVisitor: [], freshByAddress: [] };

let n = 0;
function click(overrides: Partial<ClickToClassify> & { atMs?: number } = {}): ClickToClassify {
  const { atMs, ...rest } = overrides;
  n += 1;
  return {
    id: `0190${String(n).padStart(4, '0')}`, linkId: `l${n}`, visitorId: `v${n}`, clickedAt: new Date(T0 + (atMs ?? n * 1000)),
    userAgent: BROWSER, ipHash: `ip${n}`, ...rest,
  };
}

const flags = (clicks: ClickToClassify[], history = NOTHING) => classifyClicks(clicks, history, LIMITS).map((v) => v.flag);

describe('the velocity limits', () => {
  it('flags a visitor\'s clicks across links past the limit in the window, and counts them again once the window has passed', () => {
    const burst = [0, 1, 2, 3, 4].map((i) => click({ visitorId: 'eager', atMs: i * MINUTE }));
    expect(flags(burst)).toEqual([null, null, null, 'velocity_visitor', 'velocity_visitor']);
    // A flood stays flagged while it lasts: flagged clicks count against the limit too.
    const later = click({ visitorId: 'eager', atMs: 10 * MINUTE + 1 });
    expect(flags([...burst, later]).at(-1)).toBe('velocity_visitor');
    const muchLater = click({ visitorId: 'eager', atMs: 30 * MINUTE });
    expect(flags([...burst, muchLater]).at(-1)).toBeNull();
  });

  it('flags an address past its limit whoever the visitors are, and judges against stored clicks', () => {
    const farm = [0, 1, 2, 3, 4, 5, 6].map((i) => click({ ipHash: 'farm', atMs: i * 1000 }));
    expect(flags(farm)).toEqual([null, null, null, null, null, 'velocity_address', 'velocity_address']);
    const stored: ClickHistory = { ...NOTHING, freshByAddress: [1, 2, 3, 4, 5].map((i) => ({ key: 'farm', clickedAt: new Date(T0 - i * MINUTE) })) };
    expect(flags([click({ ipHash: 'farm', atMs: 0 })], stored)).toEqual(['velocity_address']);
    // Older than the window, stored clicks do not count.
    const old: ClickHistory = { ...NOTHING, freshByAddress: [11, 12, 13, 14, 15].map((i) => ({ key: 'farm', clickedAt: new Date(T0 - i * MINUTE) })) };
    expect(flags([click({ ipHash: 'farm', atMs: 0 })], old)).toEqual([null]);
  });

  it('never lets one visitor\'s duplicates, a bot or a self-click use up the limit of someone else at the same address', () => {
    const repeats = [0, 1, 2, 3, 4, 5].map((i) => click({ ipHash: 'home', visitorId: 'kid', linkId: 'deal', atMs: i * 1000 }));
    const scripted = [0, 1, 2, 3, 4].map((i) => click({ ipHash: 'home', userAgent: 'python-requests/2.32', atMs: 10_000 + i }));
    const parent = click({ ipHash: 'home', visitorId: 'parent', atMs: 20_000 });
    const result = flags([...repeats, ...scripted, parent]);
    expect(result.slice(0, 6)).toEqual([null, 'duplicate', 'duplicate', 'duplicate', 'duplicate', 'duplicate']);
    expect(result.slice(6, 11)).toEqual(['bot', 'bot', 'bot', 'bot', 'bot']);
    expect(result.at(-1)).toBeNull();
  });
});

describe('flags', () => {
  it('names the first rule that applies, and counts only a click with none', () => {
    const verdicts = classifyClicks([
      click({ requestFlag: 'bot' }), click({ userAgent: null }), click({ requestFlag: 'datacenter' }), click({ requestFlag: 'self' }), click(),
    ], NOTHING, LIMITS);
    expect(verdicts.map((v) => v.flag)).toEqual(['bot', 'bot', 'datacenter', 'self', null]);
    expect(verdicts.map((v) => v.counted)).toEqual([false, false, false, false, true]);
    expect(verdicts.map((v) => v.selfClick)).toEqual([false, false, false, true, false]);
    expect(verdicts[0]).toMatchObject({ bot: true });
  });

  it('keeps the duplicate rule as it was: a self-click does not count, so the visitor\'s next click may', () => {
    const own = click({ visitorId: 'me', linkId: 'mine', requestFlag: 'self', atMs: 0 });
    const again = click({ visitorId: 'me', linkId: 'mine', atMs: 1000 });
    const third = click({ visitorId: 'me', linkId: 'mine', atMs: 2000 });
    expect(classifyClicks([own, again, third], NOTHING, LIMITS).map((v) => [v.flag, v.duplicate])).toEqual([['self', false], [null, false], ['duplicate', true]]);
  });
});
