import type { Language } from './languages.ts';

/**
 * The words of the printed and posted forms of a deal (posters, Instagram captions). They
 * live apart from the chat catalogs because they are not chat replies: a poster is printed
 * once and read by passers-by, a caption is pasted into Instagram.
 */
export interface ChannelTexts {
  /** Under the poster's QR code. */
  scanToShop: string;
  /** Instagram shows no links in captions: the tracked link goes in the profile. */
  linkInBio: string;
  /** General deal hashtags of the language, without `#`. */
  dealHashtags: readonly string[];
}

export const CHANNEL_TEXTS: Readonly<Record<Language, ChannelTexts>> = Object.freeze({
  en: { scanToShop: 'Scan for the deal', linkInBio: '🔗 Link in bio', dealHashtags: ['deal', 'sale'] },
  ru: { scanToShop: 'Отсканируйте, чтобы открыть предложение', linkInBio: '🔗 Ссылка в шапке профиля', dealHashtags: ['скидка', 'выгодно'] },
  fr: { scanToShop: 'Scannez pour profiter de l’offre', linkInBio: '🔗 Lien dans la bio', dealHashtags: ['bonplan', 'promo'] },
  es: { scanToShop: 'Escanea para ver la oferta', linkInBio: '🔗 Enlace en la bio', dealHashtags: ['oferta', 'chollo'] },
  pl: { scanToShop: 'Zeskanuj, aby skorzystać z oferty', linkInBio: '🔗 Link w bio', dealHashtags: ['promocja', 'okazja'] },
});
