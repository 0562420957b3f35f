import { registerTexts, type Texts } from '../../i18n/i18n.ts';

const en = {
  title: 'Autopost chats',
  empty: 'The bot posts in none of their Telegram chats. They start it by making the bot an admin of a channel (or adding it to a group), then set it up with /autopost.',
  members: 'members: {{count}}',
  noCount: 'member count not known yet',
  on: 'Posting',
  off: 'Paused',
  'stopped.rights_lost': 'Stopped: its rights were taken',
  'stopped.removed': 'Stopped: removed from the chat',
  'stopped.send_refused': 'Stopped: Telegram refused a post',
  stoppedAt: 'since {{date}}',
  times: 'Times {{times}} ({{zone}})',
  quiet: 'quiet {{from}}–{{to}}',
  cap: 'at most {{cap}} a day',
  brands: 'Brands: {{brands}}',
  allBrands: 'Brands: all they joined',
  keywords: 'Keywords: {{keywords}}',
  next: 'Next post {{date}}',
  lastPosts: 'Last posts',
  noPosts: 'Nothing posted yet.',
  failed: 'failed',
} as const;

type Keys = { [K in keyof typeof en]: string };

export const AUTOPOST_TEXTS: Texts<Keys> = {
  en,
  ru: {
    title: 'Чаты автопостинга', empty: 'Бот не публикует ни в одном из их чатов Telegram. Чтобы начать, нужно сделать бота администратором канала (или добавить в группу) и настроить через /autopost.',
    members: 'участников: {{count}}', noCount: 'число участников пока неизвестно', on: 'Публикует', off: 'На паузе',
    'stopped.rights_lost': 'Остановлено: права отозваны', 'stopped.removed': 'Остановлено: удалён из чата', 'stopped.send_refused': 'Остановлено: Telegram отклонил пост',
    stoppedAt: 'с {{date}}', times: 'Время {{times}} ({{zone}})', quiet: 'тихие часы {{from}}–{{to}}', cap: 'лимит в день: {{cap}}',
    brands: 'Бренды: {{brands}}', allBrands: 'Бренды: все подключённые', keywords: 'Ключевые слова: {{keywords}}', next: 'Следующий пост {{date}}',
    lastPosts: 'Последние посты', noPosts: 'Пока ничего не опубликовано.', failed: 'ошибка',
  },
  fr: {
    title: 'Discussions en publication auto', empty: 'Le bot ne publie dans aucune de ses discussions Telegram. Pour commencer : faire du bot un admin d’une chaîne (ou l’ajouter à un groupe), puis régler avec /autopost.',
    members: 'membres : {{count}}', noCount: 'nombre de membres pas encore connu', on: 'Publie', off: 'En pause',
    'stopped.rights_lost': 'Arrêté : droits retirés', 'stopped.removed': 'Arrêté : retiré de la discussion', 'stopped.send_refused': 'Arrêté : Telegram a refusé une publication',
    stoppedAt: 'depuis le {{date}}', times: 'Heures {{times}} ({{zone}})', quiet: 'calme {{from}}–{{to}}', cap: 'limite par jour : {{cap}}',
    brands: 'Marques : {{brands}}', allBrands: 'Marques : toutes celles rejointes', keywords: 'Mots-clés : {{keywords}}', next: 'Prochaine publication {{date}}',
    lastPosts: 'Dernières publications', noPosts: 'Rien de publié pour l’instant.', failed: 'échec',
  },
  es: {
    title: 'Chats con publicación automática', empty: 'El bot no publica en ninguno de sus chats de Telegram. Para empezar: hacer al bot admin de un canal (o añadirlo a un grupo) y configurarlo con /autopost.',
    members: 'miembros: {{count}}', noCount: 'aún no se sabe el número de miembros', on: 'Publicando', off: 'En pausa',
    'stopped.rights_lost': 'Parado: le quitaron los permisos', 'stopped.removed': 'Parado: lo sacaron del chat', 'stopped.send_refused': 'Parado: Telegram rechazó una publicación',
    stoppedAt: 'desde {{date}}', times: 'Horas {{times}} ({{zone}})', quiet: 'silencio {{from}}–{{to}}', cap: 'límite diario: {{cap}}',
    brands: 'Marcas: {{brands}}', allBrands: 'Marcas: todas a las que se unió', keywords: 'Palabras clave: {{keywords}}', next: 'Próxima publicación {{date}}',
    lastPosts: 'Últimas publicaciones', noPosts: 'Aún no se ha publicado nada.', failed: 'fallida',
  },
  pl: {
    title: 'Czaty z autopostem', empty: 'Bot nie publikuje w żadnym z ich czatów na Telegramie. Żeby zacząć, trzeba zrobić bota administratorem kanału (albo dodać go do grupy) i ustawić przez /autopost.',
    members: 'członkowie: {{count}}', noCount: 'liczba członków jeszcze nieznana', on: 'Publikuje', off: 'Wstrzymane',
    'stopped.rights_lost': 'Zatrzymane: odebrano uprawnienia', 'stopped.removed': 'Zatrzymane: usunięty z czatu', 'stopped.send_refused': 'Zatrzymane: Telegram odrzucił post',
    stoppedAt: 'od {{date}}', times: 'Godziny {{times}} ({{zone}})', quiet: 'cisza {{from}}–{{to}}', cap: 'dzienny limit: {{cap}}',
    brands: 'Marki: {{brands}}', allBrands: 'Marki: wszystkie, do których dołączono', keywords: 'Słowa kluczowe: {{keywords}}', next: 'Następny post {{date}}',
    lastPosts: 'Ostatnie posty', noPosts: 'Jeszcze nic nie opublikowano.', failed: 'błąd',
  },
};

registerTexts('autopost', AUTOPOST_TEXTS);
