import { registerTexts, type Texts } from '../../i18n/i18n.ts';

const en = {
  title: 'Queues',
  subtitle: 'Background jobs per BullMQ queue, refreshed every few seconds. Retry, promote or clean jobs on the Bull Board.',
  'board.open': 'Open Bull Board',
  'board.show': 'Show the board here',
  'board.hide': 'Hide the board',
  'board.title': 'Bull Board',
  'col.queue': 'Queue',
  'col.waiting': 'Waiting',
  'col.active': 'Active',
  'col.delayed': 'Delayed',
  'col.failed': 'Failed',
  'col.completed': 'Completed',
  paused: 'paused',
  'about.clicks': 'Tracked-link clicks on their way to the database',
  'about.notifications': 'What influencers are told in chat: sales, approvals, payouts, tiers',
  'about.notifications-whatsapp': 'Chat messages handed to the bots role for WhatsApp',
  'about.settlement': 'Hourly approvals, nightly tiers, the weekly payout run',
  'failed.hint': 'Failed jobs wait for a look: open the queue on the board to see why and retry them.',
  'all.fine': 'No job has failed.',
} as const;

type QueuesTexts = { [K in keyof typeof en]: string };

const texts: Texts<QueuesTexts> = {
  en,
  ru: {
    title: 'Очереди', subtitle: 'Фоновые задачи по очередям BullMQ, обновляются каждые несколько секунд. Повторить, ускорить или очистить задачи можно в Bull Board.',
    'board.open': 'Открыть Bull Board', 'board.show': 'Показать панель здесь', 'board.hide': 'Скрыть панель', 'board.title': 'Bull Board',
    'col.queue': 'Очередь', 'col.waiting': 'Ждут', 'col.active': 'В работе', 'col.delayed': 'Отложены', 'col.failed': 'С ошибкой', 'col.completed': 'Выполнены', paused: 'на паузе',
    'about.clicks': 'Переходы по ссылкам на пути в базу данных', 'about.notifications': 'Сообщения инфлюенсерам в чат: продажи, подтверждения, выплаты, уровни',
    'about.notifications-whatsapp': 'Сообщения, переданные роли bots для WhatsApp', 'about.settlement': 'Ежечасные подтверждения, ночные уровни, еженедельные выплаты',
    'failed.hint': 'Задачи с ошибкой ждут разбора: откройте очередь в панели, чтобы увидеть причину и повторить их.', 'all.fine': 'Ни одна задача не завершилась ошибкой.',
  },
  fr: {
    title: 'Files d’attente', subtitle: 'Les tâches de fond par file BullMQ, rafraîchies toutes les quelques secondes. Relancez, avancez ou nettoyez les tâches dans Bull Board.',
    'board.open': 'Ouvrir Bull Board', 'board.show': 'Afficher le tableau ici', 'board.hide': 'Masquer le tableau', 'board.title': 'Bull Board',
    'col.queue': 'File', 'col.waiting': 'En attente', 'col.active': 'En cours', 'col.delayed': 'Différées', 'col.failed': 'En échec', 'col.completed': 'Terminées', paused: 'en pause',
    'about.clicks': 'Clics sur les liens suivis en route vers la base de données', 'about.notifications': 'Ce que les influenceurs apprennent dans le chat : ventes, validations, paiements, niveaux',
    'about.notifications-whatsapp': 'Messages confiés au rôle bots pour WhatsApp', 'about.settlement': 'Validations horaires, niveaux la nuit, paiements chaque semaine',
    'failed.hint': 'Les tâches en échec attendent qu’on s’en occupe : ouvrez la file dans le tableau pour voir pourquoi et les relancer.', 'all.fine': 'Aucune tâche n’a échoué.',
  },
  es: {
    title: 'Colas', subtitle: 'Tareas en segundo plano por cola de BullMQ, actualizadas cada pocos segundos. Reintenta, adelanta o limpia tareas en Bull Board.',
    'board.open': 'Abrir Bull Board', 'board.show': 'Mostrar el panel aquí', 'board.hide': 'Ocultar el panel', 'board.title': 'Bull Board',
    'col.queue': 'Cola', 'col.waiting': 'En espera', 'col.active': 'Activas', 'col.delayed': 'Aplazadas', 'col.failed': 'Fallidas', 'col.completed': 'Completadas', paused: 'en pausa',
    'about.clicks': 'Clics en enlaces con seguimiento camino de la base de datos', 'about.notifications': 'Lo que se cuenta a los influencers en el chat: ventas, aprobaciones, pagos, niveles',
    'about.notifications-whatsapp': 'Mensajes entregados al rol bots para WhatsApp', 'about.settlement': 'Aprobaciones cada hora, niveles cada noche, pagos cada semana',
    'failed.hint': 'Las tareas fallidas esperan revisión: abre la cola en el panel para ver el motivo y reintentarlas.', 'all.fine': 'Ninguna tarea ha fallado.',
  },
  pl: {
    title: 'Kolejki', subtitle: 'Zadania w tle według kolejek BullMQ, odświeżane co kilka sekund. Ponawiaj, przyspieszaj i czyść zadania w Bull Board.',
    'board.open': 'Otwórz Bull Board', 'board.show': 'Pokaż panel tutaj', 'board.hide': 'Ukryj panel', 'board.title': 'Bull Board',
    'col.queue': 'Kolejka', 'col.waiting': 'Czekające', 'col.active': 'W toku', 'col.delayed': 'Odłożone', 'col.failed': 'Nieudane', 'col.completed': 'Ukończone', paused: 'wstrzymana',
    'about.clicks': 'Kliknięcia śledzonych linków w drodze do bazy danych', 'about.notifications': 'Wiadomości do influencerów na czacie: sprzedaże, zatwierdzenia, wypłaty, poziomy',
    'about.notifications-whatsapp': 'Wiadomości przekazane roli bots dla WhatsAppa', 'about.settlement': 'Zatwierdzenia co godzinę, poziomy co noc, wypłaty co tydzień',
    'failed.hint': 'Nieudane zadania czekają na sprawdzenie: otwórz kolejkę w panelu, aby zobaczyć przyczynę i je ponowić.', 'all.fine': 'Żadne zadanie nie zakończyło się błędem.',
  },
};

registerTexts('queues', texts);
