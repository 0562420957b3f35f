import { ValidationError } from '../shared/errors.ts';

/** A storefront handle: 3 to 32 lowercase letters, digits and inner hyphens (the database checks the same). */
export const HANDLE_PATTERN = /^[a-z0-9][a-z0-9-]{1,30}[a-z0-9]$/;
export const MIN_HANDLE_LENGTH = 3;
export const MAX_HANDLE_LENGTH = 32;

/** Latin letters for the Cyrillic of our Russian speakers' names (a simple, readable transliteration). */
const CYRILLIC: Record<string, string> = {
  а: 'a', б: 'b', в: 'v', г: 'g', д: 'd', е: 'e', ё: 'e', ж: 'zh', з: 'z', и: 'i', й: 'y', к: 'k', л: 'l', м: 'm', н: 'n', о: 'o',
  п: 'p', р: 'r', с: 's', т: 't', у: 'u', ф: 'f', х: 'kh', ц: 'ts', ч: 'ch', ш: 'sh', щ: 'shch', ъ: '', ы: 'y', ь: '', э: 'e',
  ю: 'yu', я: 'ya', ł: 'l', ß: 'ss', æ: 'ae', ø: 'o', œ: 'oe',
};

/**
 * The handle a display name suggests: transliterated, accents dropped, anything else a hyphen
 * ("Zoë Kowalska" → "zoe-kowalska", "Мария" → "mariya"); "shop" when nothing is left.
 */
export function handleFromName(displayName: string): string {
  const latin = [...displayName.toLowerCase()].map((ch) => CYRILLIC[ch] ?? ch).join('');
  const plain = latin.normalize('NFKD').replace(/\p{M}/gu, '');
  const slug = plain.replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, MAX_HANDLE_LENGTH).replace(/-+$/, '');
  if (slug.length >= MIN_HANDLE_LENGTH) return slug;
  return slug === '' ? 'shop' : `${slug}-shop`;
}

/** The candidates tried in turn for a suggested handle: itself, then with a number (`anna-2` …). */
export function handleCandidates(base: string, count: number, random: () => number = Math.random): string[] {
  const candidates = [base];
  for (let i = 0; i < count - 1; i++) {
    // Small numbers first (they read well), then random ones, so a popular name does not walk the whole range.
    const suffix = i < 3 ? String(i + 2) : String(10 + Math.floor(random() * 9990));
    const room = MAX_HANDLE_LENGTH - suffix.length - 1;
    candidates.push(`${base.slice(0, room).replace(/-+$/, '')}-${suffix}`);
  }
  return candidates;
}

/**
 * A handle the influencer typed (`/handle anna-shop`), lowercased; `validation_failed` when it
 * is not 3-32 letters, digits and inner hyphens.
 */
export function parseHandle(input: string): string {
  const handle = input.trim().replace(/^@/, '').toLowerCase();
  if (!HANDLE_PATTERN.test(handle) || handle.includes('--')) {
    throw new ValidationError(`handle must be ${MIN_HANDLE_LENGTH}-${MAX_HANDLE_LENGTH} letters, digits and hyphens`, { field: 'handle' });
  }
  return handle;
}
