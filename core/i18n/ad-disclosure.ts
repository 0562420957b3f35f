import type { Language } from './languages.ts';
import { translator } from './translator.ts';

/** Who a disclosure names: the brand, and its Russian advertising token (ERID) when it has one. */
export interface DisclosedAdvertiser {
  name: string;
  erid: string | null;
}

/**
 * The ad disclosure printed on every deal, caption and poster: the label of the language
 * (catalog key `deal.ad`: "Реклама", "Publicité", "Publicidad", "Reklama", "#ad"), and, when the
 * brand carries an ERID, the advertiser and the token, as Russian advertising law asks:
 * "Реклама · Lumio · erid: 2VtzqwXyZ".
 */
export function adDisclosure(language: Language, advertiser: DisclosedAdvertiser): string {
  const label = translator(language).t('deal.ad');
  const erid = advertiser.erid?.trim();
  if (!erid) return label;
  const name = advertiser.name.trim();
  return name === '' ? `${label} · erid: ${erid}` : `${label} · ${name} · erid: ${erid}`;
}
