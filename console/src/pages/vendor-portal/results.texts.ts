import { registerTexts, type Texts } from '../../i18n/i18n.ts';

const en = {
  title: 'Results',
  subtitle: 'What your commission buys: clicks, orders and commission on your brands, by influencer, group and channel.',
  influencers: 'Influencers selling your products',
  groups: 'Which group labels convert',
  channels: 'Which channels convert',
  rateHint: 'Conversion rate = orders ÷ counted clicks. Counted clicks leave out duplicates, bots and self-clicks.',
  empty: 'No clicks on your products yet. Influencers create links to your products in the bot; once they share them, the results show here.',
} as const;

type ResultsTexts = { [K in keyof typeof en]: string };

export const RESULTS_TEXTS: Texts<ResultsTexts> = {
  en,
  ru: {
    title: 'Результаты',
    subtitle: 'Что даёт ваша комиссия: клики, заказы и комиссия по вашим брендам — по инфлюенсерам, группам и каналам.',
    influencers: 'Инфлюенсеры, которые продают ваши товары',
    groups: 'Какие метки групп приносят заказы',
    channels: 'Какие каналы приносят заказы',
    rateHint: 'Конверсия = заказы ÷ засчитанные клики. Повторы, боты и собственные клики не засчитываются.',
    empty: 'По вашим товарам пока нет кликов. Инфлюенсеры создают ссылки на ваши товары в боте; когда они ими поделятся, результаты появятся здесь.',
  },
  fr: {
    title: 'Résultats',
    subtitle: 'Ce que rapportent vos commissions : clics, commandes et commissions sur vos marques, par influenceur, groupe et canal.',
    influencers: 'Les influenceurs qui vendent vos produits',
    groups: 'Les libellés de groupe qui convertissent',
    channels: 'Les canaux qui convertissent',
    rateHint: 'Taux de conversion = commandes ÷ clics comptés. Les doublons, les robots et les auto-clics ne sont pas comptés.',
    empty: 'Aucun clic sur vos produits pour l’instant. Les influenceurs créent des liens vers vos produits dans le bot ; dès qu’ils les partagent, les résultats s’affichent ici.',
  },
  es: {
    title: 'Resultados',
    subtitle: 'Lo que consigue tu comisión: clics, pedidos y comisión de tus marcas, por influencer, grupo y canal.',
    influencers: 'Influencers que venden tus productos',
    groups: 'Qué etiquetas de grupo convierten',
    channels: 'Qué canales convierten',
    rateHint: 'Tasa de conversión = pedidos ÷ clics contados. No se cuentan los duplicados, los bots ni los clics propios.',
    empty: 'Tus productos aún no tienen clics. Los influencers crean enlaces a tus productos en el bot; en cuanto los compartan, verás aquí los resultados.',
  },
  pl: {
    title: 'Wyniki',
    subtitle: 'Co daje Twoja prowizja: kliknięcia, zamówienia i prowizja Twoich marek według influencerów, grup i kanałów.',
    influencers: 'Influencerzy, którzy sprzedają Twoje produkty',
    groups: 'Które etykiety grup dają zamówienia',
    channels: 'Które kanały dają zamówienia',
    rateHint: 'Współczynnik konwersji = zamówienia ÷ zaliczone kliknięcia. Powtórzenia, boty i własne kliknięcia nie są liczone.',
    empty: 'Twoje produkty nie mają jeszcze kliknięć. Influencerzy tworzą linki do Twoich produktów w bocie; gdy je udostępnią, wyniki pojawią się tutaj.',
  },
};

registerTexts('results', RESULTS_TEXTS);
