import { registerTexts, type Texts } from '../../i18n/i18n.ts';

// Deal alerts (issue 13, item 4): what an influencer follows, and a brand's followers.
const en = {
  title: 'Deal alerts',
  empty: 'Follows nothing: in chat, /follow a brand or words sends them new products and price drops.',
  'frequency.daily': 'A daily digest at 9:00 their time',
  'frequency.instant': 'As it happens',
  'frequency.off': 'Off',
  brand: 'Brand',
  keyword: 'Words',
  since: 'since {{date}}',
  followers: 'Followers (deal alerts)',
};
type Keys = typeof en;

export const ALERTS_TEXTS: Texts<Keys> = {
  en,
  ru: {
    title: 'Оповещения о скидках',
    empty: 'Ни на что не подписан: в чате /follow бренд или слова — и бот присылает новые товары и снижения цен.',
    'frequency.daily': 'Сводка раз в день в 9:00 по местному времени',
    'frequency.instant': 'Сразу',
    'frequency.off': 'Выключены',
    brand: 'Бренд',
    keyword: 'Слова',
    since: 'с {{date}}',
    followers: 'Подписчики (оповещения о скидках)',
  },
  fr: {
    title: 'Alertes promos',
    empty: 'Ne suit rien : dans la messagerie, /follow une marque ou des mots envoie les nouveaux produits et les baisses de prix.',
    'frequency.daily': 'Un récap quotidien à 9 h, heure locale',
    'frequency.instant': 'En direct',
    'frequency.off': 'Désactivées',
    brand: 'Marque',
    keyword: 'Mots',
    since: 'depuis le {{date}}',
    followers: 'Abonnés (alertes promos)',
  },
  es: {
    title: 'Alertas de ofertas',
    empty: 'No sigue nada: en el chat, /follow una marca o palabras envía productos nuevos y bajadas de precio.',
    'frequency.daily': 'Un resumen diario a las 9:00, hora local',
    'frequency.instant': 'Al momento',
    'frequency.off': 'Desactivadas',
    brand: 'Marca',
    keyword: 'Palabras',
    since: 'desde el {{date}}',
    followers: 'Seguidores (alertas de ofertas)',
  },
  pl: {
    title: 'Alerty o okazjach',
    empty: 'Nic nie obserwuje: na czacie /follow marka lub słowa wysyła nowe produkty i obniżki cen.',
    'frequency.daily': 'Codzienne podsumowanie o 9:00 czasu lokalnego',
    'frequency.instant': 'Na bieżąco',
    'frequency.off': 'Wyłączone',
    brand: 'Marka',
    keyword: 'Słowa',
    since: 'od {{date}}',
    followers: 'Obserwujący (alerty o okazjach)',
  },
};

registerTexts('alerts', ALERTS_TEXTS);
