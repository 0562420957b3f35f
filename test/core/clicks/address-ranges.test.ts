import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseAddressRanges } from '../../../core/clicks/address-ranges.ts';
import { DATA_CENTRE_RANGES_FILE } from '../../../core/clicks/request-signals.ts';

describe('address ranges', () => {
  const ranges = parseAddressRanges([
    '# a comment', '', '3.5.0.0/18', '3.5.64.0/19 # adjacent: merged', '10.0.0.0/8', '192.0.2.7/32', '2a05:d000:800::/40', '2001:db8:1:2:3::/96',
  ].join('\n'));

  it('matches IPv4 addresses inside a prefix and nothing outside it, at both edges', () => {
    expect(ranges.contains('3.5.0.0')).toBe(true);
    expect(ranges.contains('3.5.95.255')).toBe(true);
    expect(ranges.contains('3.5.96.0')).toBe(false);
    expect(ranges.contains('3.4.255.255')).toBe(false);
    expect(ranges.contains('10.200.3.4')).toBe(true);
    expect(ranges.contains('192.0.2.7')).toBe(true);
    expect(ranges.contains('192.0.2.8')).toBe(false);
    expect(ranges.size.v4).toBe(3);
  });

  it('matches IPv6 addresses on their first 64 bits, in every spelling, and IPv4 clients of a dual-stack socket', () => {
    expect(ranges.contains('2a05:d000:800::1')).toBe(true);
    expect(ranges.contains('2a05:d000:8ff:ffff:ffff:ffff:ffff:ffff')).toBe(true);
    expect(ranges.contains('2A05:D000:0800:0000:0000:0000:0000:0001')).toBe(true);
    expect(ranges.contains('2a05:d000:900::1')).toBe(false);
    expect(ranges.contains('2a05:d000:800::1%eth0')).toBe(true);
    // A /96 matches its whole /64.
    expect(ranges.contains('2001:db8:1:2:ffff::1')).toBe(true);
    expect(ranges.contains('2001:db8:1:3::1')).toBe(false);
    expect(ranges.contains('::ffff:3.5.1.2')).toBe(true);
    expect(ranges.contains('::ffff:203.0.113.7')).toBe(false);
    expect(ranges.contains('::1')).toBe(false);
  });

  it('answers false for anything that is not an address, and refuses a list line that is not a prefix', () => {
    for (const junk of ['', 'localhost', '3.5.0', '3.5.0.0.1', '3.5.0.256', '3..5.0', '1:2:3:4:5:6:7:8:9', '1::2::3', 'gggg::1', ':1', '12345::1']) {
      expect(ranges.contains(junk), junk).toBe(false);
    }
    expect(() => parseAddressRanges('3.5.0.0/18\n3.5.0.0/33\n')).toThrow(/line 2/);
    expect(() => parseAddressRanges('not-a-range')).toThrow(/line 1/);
  });

  it('ships a list of the major cloud providers\' ranges that parses, and leaves people\'s addresses out', () => {
    const shipped = parseAddressRanges(fs.readFileSync(DATA_CENTRE_RANGES_FILE, 'utf8'));
    expect(shipped.size.v4).toBeGreaterThan(1000);
    expect(shipped.size.v6).toBeGreaterThan(100);
    // AWS (3.5.0.0/18 and eu-central's IPv6), Azure (20.0.0.0/11), Google Cloud (34.64.0.0/10).
    for (const server of ['3.5.7.9', '2a05:d000:800::7', '20.1.2.3', '34.90.1.2', '::ffff:3.5.7.9']) expect(shipped.contains(server), server).toBe(true);
    // Documentation, private and loopback addresses.
    for (const person of ['203.0.113.7', '198.51.100.40', '192.168.1.10', '10.9.1.1', '127.0.0.1', '::1', '2001:db8::1']) expect(shipped.contains(person), person).toBe(false);
  });
});
