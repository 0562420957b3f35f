import { describe, expect, it } from 'vitest';
import { parseAddressRanges } from '../../../core/clicks/address-ranges.ts';
import { isOwnerMarkToken, ownerMarkToken } from '../../../core/clicks/owner-mark.ts';
import { requestFlagOf } from '../../../core/clicks/request-signals.ts';

const BROWSER = 'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Mobile Safari/537.36';
const clouds = parseAddressRanges('3.5.0.0/18');

describe('what the redirect sees of a request', () => {
  it('flags a browser\'s user agent without Accept-Language as a bot, a data-centre address, then the owner\'s own device', () => {
    expect(requestFlagOf(BROWSER, 'fr-FR,fr;q=0.9', '203.0.113.7', clouds, undefined, '7')).toBeNull();
    expect(requestFlagOf(BROWSER, undefined, '203.0.113.7', clouds, undefined, '7')).toBe('bot');
    expect(requestFlagOf(BROWSER, '', '203.0.113.7', clouds, undefined, '7')).toBe('bot');
    expect(requestFlagOf(BROWSER, 'en', '3.5.1.2', clouds, undefined, '7')).toBe('datacenter');
    expect(requestFlagOf(BROWSER, 'en', '203.0.113.7', clouds, '7', '7')).toBe('self');
    // The mark of another influencer says nothing about this link.
    expect(requestFlagOf(BROWSER, 'en', '203.0.113.7', clouds, '8', '7')).toBeNull();
    // The first that applies wins.
    expect(requestFlagOf(BROWSER, undefined, '3.5.1.2', clouds, '7', '7')).toBe('bot');
    expect(requestFlagOf(BROWSER, 'en', '3.5.1.2', clouds, '7', '7')).toBe('datacenter');
  });

  it('leaves clients that name themselves to the worker\'s user-agent rule', () => {
    expect(requestFlagOf('curl/8.5.0', undefined, '203.0.113.7', clouds, undefined, '7')).toBeNull();
  });
});

describe('owner mark tokens', () => {
  it('are the influencer\'s own: another influencer\'s token, or another key\'s, does not verify', () => {
    const token = ownerMarkToken('key-1', '42');
    expect(token).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(isOwnerMarkToken('key-1', '42', token)).toBe(true);
    expect(isOwnerMarkToken('key-1', '43', token)).toBe(false);
    expect(isOwnerMarkToken('key-2', '42', token)).toBe(false);
    expect(isOwnerMarkToken('key-1', '42', undefined)).toBe(false);
    expect(isOwnerMarkToken('key-1', '42', `${token}x`)).toBe(false);
  });
});
