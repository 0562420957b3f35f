import { signVendorRequest, SIGNATURE_TOLERANCE_SECONDS } from './vendor-signature.ts';
import type { SignedPostback } from './test-order.ports.ts';

// The vendor API as a vendor's developer sees it: where to send what, and how a test order is made.

export const CONVERSIONS_PATH = '/api/v1/conversions';
export const REFUNDS_PATH = '/api/v1/conversions/{orderId}/refunds';
export const CATALOG_PATH = '/api/v1/catalog/products';

/** What a person types into the "send a test order" form. */
export interface TestOrderInput {
  /** Minor units, e.g. 1999 for 19.99. */
  amount: number;
  currency: string;
  /** A `dc_click` value from a real redirect, to test attribution end to end; absent: an order without a click. */
  clickId?: string;
}

/** The body of a test order: an order id that says it is a test, and nothing the real route would not accept. */
export interface TestOrderBody {
  orderId: string;
  clickId?: string;
  amount: number;
  currency: string;
}

/** `test-<unix ms>-<suffix>`: recognisable as a test in every list, and unique per send. */
export function testOrderId(now: Date, suffix: string): string {
  return `test-${now.getTime()}-${suffix}`;
}

export function testOrderBody(input: TestOrderInput, orderId: string): TestOrderBody {
  const clickId = input.clickId?.trim();
  return { orderId, ...(clickId ? { clickId } : {}), amount: input.amount, currency: input.currency.trim().toUpperCase() };
}

/** The request a vendor's server would send for `body`, signed at unix time `t`. */
export function signedPostback(keyId: string, secret: string, path: string, body: unknown, t: number): SignedPostback {
  const raw = JSON.stringify(body);
  return {
    method: 'POST',
    path,
    headers: { 'content-type': 'application/json', 'x-dealcast-key': keyId, 'x-dealcast-signature': signVendorRequest(secret, raw, t) },
    body: raw,
  };
}

/** Where a vendor's server sends its requests, and what they look like (never the secret). */
export interface IntegrationGuide {
  urls: { conversions: string; refunds: string; catalog: string };
  signature: { keyHeader: string; signatureHeader: string; format: string; toleranceSeconds: number };
  examples: { conversion: unknown; refund: unknown; catalog: unknown };
}

export function integrationGuide(publicUrl: string): IntegrationGuide {
  const base = publicUrl.replace(/\/+$/, '');
  return {
    urls: { conversions: `${base}${CONVERSIONS_PATH}`, refunds: `${base}${REFUNDS_PATH}`, catalog: `${base}${CATALOG_PATH}` },
    signature: {
      keyHeader: 'X-Dealcast-Key',
      signatureHeader: 'X-Dealcast-Signature',
      format: 't=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>',
      toleranceSeconds: SIGNATURE_TOLERANCE_SECONDS,
    },
    examples: {
      conversion: {
        orderId: 'ORDER-1001', clickId: '01938a3e-5f1c-7d2a-9b4e-3c2d1e0f9a8b', amount: 4999, currency: 'EUR',
        occurredAt: '2026-12-02T10:15:00Z', items: [{ sku: 'SKU-1', quantity: 1, amount: 4999 }],
      },
      refund: { amount: 1500, reason: 'one item returned', refundId: 'REFUND-1001-1' },
      catalog: {
        products: [{
          sku: 'SKU-1', brand: 'your-brand-slug', title: 'Linen shirt', url: 'https://shop.example/p/sku-1', price: 4999, currency: 'EUR',
          imageUrl: 'https://shop.example/img/sku-1.jpg',
        }],
      },
    },
  };
}
