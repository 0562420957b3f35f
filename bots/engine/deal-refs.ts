/**
 * How a person names a deal: a bare number is the deal's number in the last list they got
 * (/deals, /search: "/link 3"), "#46" is product 46 for good (what buttons send, and what
 * Telegram's tappable "/link_46" is read as, bots/engine/parser.ts). Anything else is an SKU
 * or a shop URL.
 */
export type DealRef = { kind: 'listed'; number: number } | { kind: 'product'; id: string } | { kind: 'other'; ref: string };

/** The reference a button carries: it keeps naming the same product after newer lists. */
export function productRef(productId: string): string {
  return `#${productId}`;
}

export function readDealRef(ref: string): DealRef {
  const trimmed = ref.trim();
  const product = /^#(\d{1,18})$/.exec(trimmed);
  if (product) return { kind: 'product', id: String(BigInt(product[1]!)) };
  if (/^\d{1,18}$/.test(trimmed)) return { kind: 'listed', number: Number(trimmed) };
  return { kind: 'other', ref: trimmed };
}
