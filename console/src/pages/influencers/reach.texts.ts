import { registerTexts, type Texts } from '../../i18n/i18n.ts';

const en = {
  title: 'Reach (30 days)',
  total: '{{points}} exposure points',
  since: 'Since {{date}}, with the weights set on the Tiers page; tiers compare this total with their threshold.',
  caption: 'Exposure points by source',
  'col.source': 'Source', 'col.count': 'Count', 'col.weight': 'Weight', 'col.points': 'Points',
  'source.clicks': 'Counted clicks', 'source.dealPageViews': 'Deal-page views', 'source.storefrontViews': 'Storefront views',
  'source.channelsPosted': 'Telegram chats posted to', 'source.audience': 'Members of those chats',
  perThousand: '{{weight}} per 1,000',
  empty: 'No reach in the last 30 days: no counted clicks, page views or autopost posts.',
} as const;

type Keys = { [K in keyof typeof en]: string };

export const REACH_TEXTS: Texts<Keys> = {
  en,
  fr: {
    title: 'Audience (30 jours)',
    total: '{{points}} points d’exposition',
    since: 'Depuis le {{date}}, avec les poids définis sur la page Niveaux ; les niveaux comparent ce total à leur seuil.',
    caption: 'Points d’exposition par source',
    'col.source': 'Source', 'col.count': 'Nombre', 'col.weight': 'Poids', 'col.points': 'Points',
    'source.clicks': 'Clics comptés', 'source.dealPageViews': 'Vues des pages d’offre', 'source.storefrontViews': 'Vues de la vitrine',
    'source.channelsPosted': 'Chats Telegram alimentés', 'source.audience': 'Membres de ces chats',
    perThousand: '{{weight}} pour 1 000',
    empty: 'Aucune audience sur les 30 derniers jours : ni clic compté, ni vue de page, ni publication automatique.',
  },
  es: {
    title: 'Alcance (30 días)',
    total: '{{points}} puntos de exposición',
    since: 'Desde el {{date}}, con los pesos fijados en la página Niveles; los niveles comparan este total con su umbral.',
    caption: 'Puntos de exposición por fuente',
    'col.source': 'Fuente', 'col.count': 'Cantidad', 'col.weight': 'Peso', 'col.points': 'Puntos',
    'source.clicks': 'Clics contados', 'source.dealPageViews': 'Visitas a páginas de oferta', 'source.storefrontViews': 'Visitas al escaparate',
    'source.channelsPosted': 'Chats de Telegram con publicaciones', 'source.audience': 'Miembros de esos chats',
    perThousand: '{{weight}} por cada 1.000',
    empty: 'Sin alcance en los últimos 30 días: ni clics contados, ni visitas a páginas, ni publicaciones automáticas.',
  },
  pl: {
    title: 'Zasięg (30 dni)',
    total: 'Punkty zasięgu: {{points}}',
    since: 'Od {{date}}, według wag ustawionych na stronie Poziomy; poziomy porównują tę sumę ze swoim progiem.',
    caption: 'Punkty zasięgu według źródła',
    'col.source': 'Źródło', 'col.count': 'Liczba', 'col.weight': 'Waga', 'col.points': 'Punkty',
    'source.clicks': 'Policzone kliknięcia', 'source.dealPageViews': 'Wyświetlenia stron ofert', 'source.storefrontViews': 'Wyświetlenia witryny',
    'source.channelsPosted': 'Czaty Telegram z publikacjami', 'source.audience': 'Członkowie tych czatów',
    perThousand: '{{weight}} za 1000',
    empty: 'Brak zasięgu w ostatnich 30 dniach: żadnych policzonych kliknięć, wyświetleń stron ani automatycznych publikacji.',
  },
  ru: {
    title: 'Охват (30 дней)',
    total: 'Очки охвата: {{points}}',
    since: 'С {{date}}, по весам со страницы «Уровни»; уровни сравнивают эту сумму со своим порогом.',
    caption: 'Очки охвата по источникам',
    'col.source': 'Источник', 'col.count': 'Количество', 'col.weight': 'Вес', 'col.points': 'Очки',
    'source.clicks': 'Засчитанные клики', 'source.dealPageViews': 'Просмотры страниц предложений', 'source.storefrontViews': 'Просмотры витрины',
    'source.channelsPosted': 'Чаты Telegram с публикациями', 'source.audience': 'Участники этих чатов',
    perThousand: '{{weight}} за 1000',
    empty: 'За последние 30 дней охвата нет: ни засчитанных кликов, ни просмотров страниц, ни автопубликаций.',
  },
};

registerTexts('reach', REACH_TEXTS);
