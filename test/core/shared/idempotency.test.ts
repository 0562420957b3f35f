import { describe, expect, it } from 'vitest';
import { canonicalConversion } from '../../../core/conversions/conversions.service.ts';
import { canonicalJson, requestHash } from '../../../core/shared/idempotency.ts';

describe('request fingerprints', () => {
  it('ignore key order at every depth', () => {
    expect(canonicalJson({ b: 1, a: { d: [{ y: 1, x: 2 }], c: null } })).toBe('{"a":{"c":null,"d":[{"x":2,"y":1}]},"b":1}');
    expect(requestHash({ a: 1, b: 2 })).toBe(requestHash({ b: 2, a: 1 }));
  });

  it('treat the same order written differently as the same report, and any changed value as another', () => {
    const order = { orderId: 'A-1', clickId: '0190F7A2-1234-7ABC-8DEF-0123456789AB', amount: 100, currency: 'EUR', occurredAt: '2026-11-28T11:00:00+01:00' };
    const same = { currency: 'EUR', amount: 100, occurredAt: '2026-11-28T10:00:00.000Z', clickId: order.clickId.toLowerCase(), orderId: 'A-1' };
    expect(requestHash(canonicalConversion(order))).toBe(requestHash(canonicalConversion(same)));
    expect(requestHash(canonicalConversion(order))).not.toBe(requestHash(canonicalConversion({ ...order, amount: 101 })));
    expect(requestHash(canonicalConversion(order))).not.toBe(requestHash(canonicalConversion({ ...order, occurredAt: undefined })));
    expect(requestHash(canonicalConversion(order))).not.toBe(requestHash(canonicalConversion({ ...order, items: [] })));
  });
});
