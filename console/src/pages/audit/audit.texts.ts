import { registerTexts, type Texts } from '../../i18n/i18n.ts';

const en = {
  title: 'Audit log',
  subtitle: 'Who changed what, and the object before and after. Filter by an object (entity and id), a person (actor) or a kind of change.',
  'filter.entity': 'Entity (e.g. commission)',
  'filter.entityId': 'Entity id',
  'filter.actor': 'Actor (e.g. admin:1)',
  'filter.action': 'Action (e.g. payout.paid)',
  'col.at': 'When',
  'col.actor': 'Who',
  'col.action': 'What',
  'col.object': 'Object',
  many: 'many at once',
  expand: 'Show the change',
  collapse: 'Hide the change',
  'diff.field': 'Field',
  'diff.before': 'Before',
  'diff.after': 'After',
  'diff.created': 'Created: there was nothing before.',
  'diff.deleted': 'Deleted: nothing is left after.',
  'diff.none': 'No field changed (a run or batch: see the details).',
  'diff.unchanged': '{{count}} fields unchanged',
  details: 'Details',
  empty: 'Nothing recorded matches these filters. Widen the dates or clear a filter; every change made in the console or the API lands here.',
};

export type AuditTexts = { [K in keyof typeof en]: string };

const texts: Texts<AuditTexts> = {
  en,
  ru: {
    title: 'Журнал действий', subtitle: 'Кто что изменил, и объект до и после. Фильтруйте по объекту (сущность и ID), по человеку (автор) или по виду изменения.',
    'filter.entity': 'Сущность (например, commission)', 'filter.entityId': 'ID сущности', 'filter.actor': 'Автор (например, admin:1)', 'filter.action': 'Действие (например, payout.paid)',
    'col.at': 'Когда', 'col.actor': 'Кто', 'col.action': 'Что', 'col.object': 'Объект', many: 'сразу много', expand: 'Показать изменение', collapse: 'Скрыть изменение',
    'diff.field': 'Поле', 'diff.before': 'До', 'diff.after': 'После', 'diff.created': 'Создан: до этого ничего не было.', 'diff.deleted': 'Удалён: после ничего не осталось.',
    'diff.none': 'Ни одно поле не изменилось (запуск или пакет: смотрите подробности).', 'diff.unchanged': 'Без изменений полей: {{count}}', details: 'Подробности',
    empty: 'Под эти фильтры записей нет. Расширьте даты или уберите фильтр; сюда попадает каждое изменение из консоли и API.',
  },
  fr: {
    title: 'Journal d’audit', subtitle: 'Qui a changé quoi, et l’objet avant et après. Filtrez par objet (entité et identifiant), par personne (auteur) ou par type de changement.',
    'filter.entity': 'Entité (ex. commission)', 'filter.entityId': 'ID de l’entité', 'filter.actor': 'Auteur (ex. admin:1)', 'filter.action': 'Action (ex. payout.paid)',
    'col.at': 'Quand', 'col.actor': 'Qui', 'col.action': 'Quoi', 'col.object': 'Objet', many: 'plusieurs à la fois', expand: 'Voir le changement', collapse: 'Masquer le changement',
    'diff.field': 'Champ', 'diff.before': 'Avant', 'diff.after': 'Après', 'diff.created': 'Création : rien n’existait avant.', 'diff.deleted': 'Suppression : plus rien après.',
    'diff.none': 'Aucun champ modifié (une exécution ou un lot : voir les détails).', 'diff.unchanged': '{{count}} champs inchangés', details: 'Détails',
    empty: 'Aucune entrée ne correspond à ces filtres. Élargissez les dates ou retirez un filtre ; chaque changement fait dans la console ou l’API arrive ici.',
  },
  es: {
    title: 'Registro de auditoría', subtitle: 'Quién cambió qué, y el objeto antes y después. Filtra por objeto (entidad e ID), por persona (autor) o por tipo de cambio.',
    'filter.entity': 'Entidad (p. ej. commission)', 'filter.entityId': 'ID de la entidad', 'filter.actor': 'Autor (p. ej. admin:1)', 'filter.action': 'Acción (p. ej. payout.paid)',
    'col.at': 'Cuándo', 'col.actor': 'Quién', 'col.action': 'Qué', 'col.object': 'Objeto', many: 'varios a la vez', expand: 'Ver el cambio', collapse: 'Ocultar el cambio',
    'diff.field': 'Campo', 'diff.before': 'Antes', 'diff.after': 'Después', 'diff.created': 'Creado: antes no había nada.', 'diff.deleted': 'Eliminado: después no queda nada.',
    'diff.none': 'No cambió ningún campo (una ejecución o un lote: mira los detalles).', 'diff.unchanged': '{{count}} campos sin cambios', details: 'Detalles',
    empty: 'Nada registrado coincide con estos filtros. Amplía las fechas o quita un filtro; aquí llega cada cambio hecho en la consola o la API.',
  },
  pl: {
    title: 'Dziennik zmian', subtitle: 'Kto co zmienił oraz obiekt przed i po. Filtruj według obiektu (encja i ID), osoby (autor) albo rodzaju zmiany.',
    'filter.entity': 'Encja (np. commission)', 'filter.entityId': 'ID encji', 'filter.actor': 'Autor (np. admin:1)', 'filter.action': 'Działanie (np. payout.paid)',
    'col.at': 'Kiedy', 'col.actor': 'Kto', 'col.action': 'Co', 'col.object': 'Obiekt', many: 'wiele naraz', expand: 'Pokaż zmianę', collapse: 'Ukryj zmianę',
    'diff.field': 'Pole', 'diff.before': 'Przed', 'diff.after': 'Po', 'diff.created': 'Utworzono: wcześniej nic nie było.', 'diff.deleted': 'Usunięto: potem nic nie zostało.',
    'diff.none': 'Żadne pole się nie zmieniło (uruchomienie lub partia: zobacz szczegóły).', 'diff.unchanged': 'Pola bez zmian: {{count}}', details: 'Szczegóły',
    empty: 'Nic z zapisanych nie pasuje do filtrów. Poszerz daty albo usuń filtr; trafia tu każda zmiana zrobiona w konsoli lub przez API.',
  },
};

registerTexts('audit', texts);
