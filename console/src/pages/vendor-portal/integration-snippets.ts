// The copy-and-paste code of the postback guide, filled with the vendor's key id, URLs and a brand.

/** What GET /admin/vendors/:id/integration answers. */
export interface Integration {
  vendorId: string;
  vendorName: string;
  keyId: string;
  vendorCreatedAt: string;
  secretRotatedAt: string | null;
  /** Until when the secret the last rotation replaced still works; null when none does. */
  previousSecretExpiresAt: string | null;
  urls: { conversions: string; refunds: string; catalog: string };
  signature: { keyHeader: string; signatureHeader: string; format: string; toleranceSeconds: number };
  examples: { conversion: unknown; refund: unknown; catalog: unknown };
}

/** What the snippets say instead of the secret, which the console never has after it was shown. */
export const SECRET_PLACEHOLDER = '<your signing secret>';

export interface SnippetBodies {
  order: unknown;
  refund: unknown;
  refundUrl: string;
  catalog: unknown;
}

/** Short bodies for the snippets: an order, a refund of part of it, and one product of the vendor's first brand. */
export function snippetBodies(integration: Integration, brandSlug: string | undefined): SnippetBodies {
  const orderId = 'ORDER-1001';
  return {
    order: { orderId, clickId: '01938a3e-5f1c-7d2a-9b4e-3c2d1e0f9a8b', amount: 4999, currency: 'EUR' },
    refund: { amount: 1500, reason: 'one item returned', refundId: 'REFUND-1001-1' },
    refundUrl: integration.urls.refunds.replace('{orderId}', orderId),
    catalog: {
      products: [{ sku: 'SKU-1', brand: brandSlug ?? 'your-brand-slug', title: 'Linen shirt', url: 'https://shop.example/p/sku-1', price: 4999, currency: 'EUR' }],
    },
  };
}

/** A POSIX shell snippet: a `dealcast METHOD URL BODY` function signing with openssl, then the three calls. */
export function curlSnippet(integration: Integration, bodies: SnippetBodies): string {
  const quote = (value: unknown) => `'${(typeof value === 'string' ? value : JSON.stringify(value)).replace(/'/g, `'\\''`)}'`;
  return [
    '# Your key id, and the secret shown when it was issued or last rotated',
    `export DEALCAST_KEY_ID=${quote(integration.keyId)}`,
    `export DEALCAST_SECRET=${quote(SECRET_PLACEHOLDER)}`,
    '',
    '# dealcast METHOD URL BODY: sends BODY signed with HMAC-SHA256(secret, "<t>.<body>")',
    'dealcast() {',
    '  t=$(date +%s)',
    `  sig=$(printf '%s.%s' "$t" "$3" | openssl dgst -sha256 -hmac "$DEALCAST_SECRET" -hex | sed 's/^.* //')`,
    `  curl -sS -w '\\n' -X "$1" "$2" \\`,
    `    -H 'Content-Type: application/json' \\`,
    '    -H "X-Dealcast-Key: $DEALCAST_KEY_ID" \\',
    '    -H "X-Dealcast-Signature: t=$t,v1=$sig" \\',
    '    --data-raw "$3"',
    '}',
    '',
    '# An order: clickId is the dc_click your shop received (leave it out for an order without a click)',
    `dealcast POST ${quote(integration.urls.conversions)} ${quote(bodies.order)}`,
    '',
    '# A refund of 15.00 of that order',
    `dealcast POST ${quote(bodies.refundUrl)} ${quote(bodies.refund)}`,
    '',
    '# Your catalog, created or replaced by sku',
    `dealcast PUT ${quote(integration.urls.catalog)} ${quote(bodies.catalog)}`,
    '',
  ].join('\n');
}

/** A Node.js (18+, built-in fetch) module doing the same. */
export function nodeSnippet(integration: Integration, bodies: SnippetBodies): string {
  const js = (value: unknown) => JSON.stringify(value);
  return [
    "import crypto from 'node:crypto';",
    '',
    '// Your key id, and the secret shown when it was issued or last rotated',
    `const KEY_ID = ${js(integration.keyId)};`,
    `const SECRET = process.env.DEALCAST_SECRET ?? ${js(SECRET_PLACEHOLDER)};`,
    '',
    '// Sends the body signed with HMAC-SHA256(secret, "<t>.<body>"), exactly the bytes signed.',
    'async function dealcast(method, url, payload) {',
    '  const body = JSON.stringify(payload);',
    '  const t = Math.floor(Date.now() / 1000);',
    "  const v1 = crypto.createHmac('sha256', SECRET).update(`${t}.${body}`).digest('hex');",
    '  const response = await fetch(url, {',
    '    method,',
    "    headers: { 'Content-Type': 'application/json', 'X-Dealcast-Key': KEY_ID, 'X-Dealcast-Signature': `t=${t},v1=${v1}` },",
    '    body,',
    '  });',
    '  return { status: response.status, answer: await response.json() };',
    '}',
    '',
    '// An order: clickId is the dc_click your shop received (leave it out for an order without a click)',
    `console.log(await dealcast('POST', ${js(integration.urls.conversions)}, ${js(bodies.order)}));`,
    '// A refund of 15.00 of that order',
    `console.log(await dealcast('POST', ${js(bodies.refundUrl)}, ${js(bodies.refund)}));`,
    '// Your catalog, created or replaced by sku',
    `console.log(await dealcast('PUT', ${js(integration.urls.catalog)}, ${js(bodies.catalog)}));`,
    '',
  ].join('\n');
}
