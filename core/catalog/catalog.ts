import { CURRENCY_EXPONENTS, isKnownCurrency } from '../money/money.ts';

/** One problem with one field of a catalog item, in words an operator can act on. */
export interface FieldProblem {
  field: string;
  problem: string;
}

/** A product as a vendor, an admin or a CSV row describes it; money already in minor units. */
export interface CatalogProductInput {
  sku: string;
  title: string;
  url: string;
  price: number;
  currency: string;
  listPrice?: number | null;
  imageUrl?: string | null;
  category?: string | null;
  description?: string | null;
  commissionRateBps?: number | null;
  active?: boolean;
}

/** A product that passed every rule, normalised (trimmed, currency upper-cased, absent fields null). */
export interface CatalogProduct {
  sku: string;
  title: string;
  url: string;
  price: number;
  currency: string;
  listPrice: number | null;
  imageUrl: string | null;
  category: string | null;
  description: string | null;
  commissionRateBps: number | null;
  active: boolean;
}

export const CATALOG_LIMITS = Object.freeze({
  sku: 100,
  title: 300,
  url: 2048,
  category: 100,
  description: 5000,
  /** Items in one catalog push. */
  pushItems: 1000,
});

// Control characters in identifiers and titles end up in chat messages and CSV exports.
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/;

/**
 * Checks one catalog item against the catalog rules and normalises it. Never throws: the
 * caller decides whether one bad item refuses a whole batch (catalog push) or only its row
 * (CSV import).
 */
export function checkCatalogProduct(input: CatalogProductInput): { product?: CatalogProduct; problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const text = (field: string, value: string | null | undefined, max: number, required: boolean): string | null => {
    const trimmed = typeof value === 'string' ? value.trim() : '';
    if (trimmed === '') {
      if (required) problems.push({ field, problem: 'is required' });
      return null;
    }
    if (trimmed.length > max) problems.push({ field, problem: `is longer than ${max} characters` });
    return trimmed;
  };

  const sku = text('sku', input.sku, CATALOG_LIMITS.sku, true);
  if (sku !== null && (CONTROL_CHARACTERS.test(sku) || /\s/.test(sku))) problems.push({ field: 'sku', problem: 'must not contain spaces or control characters' });
  // Line breaks and tabs in a title (multi-line CSV cells) become single spaces.
  const title = text('title', typeof input.title === 'string' ? input.title.replace(/\s+/g, ' ') : input.title, CATALOG_LIMITS.title, true);
  if (title !== null && CONTROL_CHARACTERS.test(title)) problems.push({ field: 'title', problem: 'must not contain control characters' });
  const url = text('url', input.url, CATALOG_LIMITS.url, true);
  if (url !== null && !isWebUrl(url)) problems.push({ field: 'url', problem: 'must be an absolute http(s) URL' });
  const imageUrl = text('imageUrl', input.imageUrl, CATALOG_LIMITS.url, false);
  if (imageUrl !== null && !isWebUrl(imageUrl)) problems.push({ field: 'imageUrl', problem: 'must be an absolute http(s) URL' });
  const category = text('category', input.category, CATALOG_LIMITS.category, false);
  const description = text('description', input.description, CATALOG_LIMITS.description, false);

  const currency = typeof input.currency === 'string' ? input.currency.trim().toUpperCase() : '';
  if (!isKnownCurrency(currency)) problems.push({ field: 'currency', problem: `${JSON.stringify(input.currency)} is not a currency we settle in (ISO 4217, e.g. EUR)` });

  const price = input.price;
  if (!isMinorUnits(price)) problems.push({ field: 'price', problem: 'must be a non-negative integer in minor units (1999 for 19.99)' });
  const listPrice = input.listPrice ?? null;
  if (listPrice !== null) {
    if (!isMinorUnits(listPrice)) problems.push({ field: 'listPrice', problem: 'must be a non-negative integer in minor units' });
    else if (isMinorUnits(price) && listPrice < price) problems.push({ field: 'listPrice', problem: 'is the price before discount and cannot be below price' });
  }
  const commissionRateBps = input.commissionRateBps ?? null;
  if (commissionRateBps !== null && !(Number.isInteger(commissionRateBps) && commissionRateBps >= 0 && commissionRateBps <= 10_000)) {
    problems.push({ field: 'commissionRateBps', problem: 'must be an integer between 0 and 10000 basis points' });
  }

  if (problems.length > 0) return { problems };
  return {
    problems,
    product: {
      sku: sku!, title: title!, url: url!, price, currency, listPrice, imageUrl, category, description, commissionRateBps,
      active: input.active ?? true,
    },
  };
}

/**
 * Converts a decimal amount in major units ("19.99") to integer minor units (1999) EXACTLY,
 * by string arithmetic, for the currency's exponent: "19.999" EUR or "100.5" JPY is refused,
 * never rounded. Returns a problem in words instead of throwing, for per-row reports.
 */
export function parseMajorUnits(text: string, currency: string): { value: number } | { problem: string } {
  const trimmed = text.trim();
  if (trimmed === '') return { problem: 'is required' };
  if (/^\d+,\d+$/.test(trimmed)) return { problem: `${JSON.stringify(trimmed)} uses a comma; write the decimal point as a dot (19.99)` };
  const match = /^(\d+)(?:\.(\d*))?$/.exec(trimmed);
  if (!match) return { problem: `${JSON.stringify(trimmed)} is not a non-negative decimal amount such as 19.99` };
  const exponent = CURRENCY_EXPONENTS[currency.trim().toUpperCase()];
  if (exponent === undefined) return { problem: `cannot read an amount in unknown currency ${JSON.stringify(currency)}` };
  const whole = match[1]!;
  const fraction = match[2] ?? '';
  if (fraction.length > exponent) {
    return { problem: `${JSON.stringify(trimmed)} has more than ${exponent} decimal place${exponent === 1 ? '' : 's'} for ${currency.toUpperCase()}` };
  }
  const minor = BigInt(whole) * 10n ** BigInt(exponent) + BigInt(fraction.padEnd(exponent, '0') || '0');
  if (minor > BigInt(Number.MAX_SAFE_INTEGER)) return { problem: `${JSON.stringify(trimmed)} is too large` };
  return { value: Number(minor) };
}

/**
 * A URL-safe brand slug from its name ("Lumio Home" → "lumio-home"). Never all digits, so that
 * a slug can never be mistaken for a brand id where either is accepted.
 */
export function slugify(name: string): string {
  const slug = name.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase()
    .replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 48).replace(/-+$/, '');
  if (slug === '') return 'brand';
  return /^\d+$/.test(slug) ? `brand-${slug}` : slug;
}

/** A brand named by a vendor or a CSV row: slugs are lower-case, so "Lumio" finds "lumio". */
export function normalizeBrandRef(ref: string | null | undefined): string {
  return (ref ?? '').trim().toLowerCase();
}

/** Where a brand id or a brand slug is accepted: an id is all digits, a slug never is. */
export function isBrandId(ref: string): boolean {
  return /^\d{1,18}$/.test(ref);
}

function isMinorUnits(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

function isWebUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.hostname !== '';
  } catch {
    return false;
  }
}
