import { registerTexts, type Texts } from '../../i18n/i18n.ts';

const en = {
  button: 'Anonymise…',
  title: 'Anonymise {{name}}',
  body: 'For a person who asked to be erased, as /deleteme does in chat: their name, country, invite code and chat accounts are erased, here and in the history. Their links keep working but earn nothing. Orders, commissions, payouts and the ledger keep their amounts. This cannot be undone.',
  confirm: 'Anonymise for good',
};
type Keys = typeof en;

export const ANONYMISE_TEXTS: Texts<Keys> = {
  en,
  ru: {
    button: 'Обезличить…',
    title: 'Обезличить: {{name}}',
    body: 'Для человека, который попросил удалить его данные, как /deleteme в чате: имя, страна, код приглашения и аккаунты в чатах стираются — здесь и в истории. Ссылки продолжают работать, но ничего не приносят. Заказы, комиссии, выплаты и проводки сохраняют свои суммы. Отменить это нельзя.',
    confirm: 'Обезличить навсегда',
  },
  fr: {
    button: 'Anonymiser…',
    title: 'Anonymiser {{name}}',
    body: 'Pour une personne qui a demandé l’effacement de ses données, comme /deleteme dans la messagerie : son nom, son pays, son code d’invitation et ses comptes de messagerie sont effacés, ici et dans l’historique. Ses liens continuent de fonctionner mais ne rapportent plus rien. Commandes, commissions, paiements et écritures gardent leurs montants. C’est irréversible.',
    confirm: 'Anonymiser définitivement',
  },
  es: {
    button: 'Anonimizar…',
    title: 'Anonimizar a {{name}}',
    body: 'Para una persona que pidió que se borren sus datos, como /deleteme en el chat: su nombre, país, código de invitación y cuentas de chat se borran, aquí y en el historial. Sus enlaces siguen funcionando, pero ya no generan nada. Pedidos, comisiones, pagos y asientos conservan sus importes. No se puede deshacer.',
    confirm: 'Anonimizar para siempre',
  },
  pl: {
    button: 'Anonimizuj…',
    title: 'Anonimizuj: {{name}}',
    body: 'Dla osoby, która poprosiła o usunięcie swoich danych, tak jak /deleteme na czacie: imię, kraj, kod zaproszenia i konta w komunikatorach zostają wymazane, tutaj i w historii. Linki nadal działają, ale nic już nie przynoszą. Zamówienia, prowizje, wypłaty i księgowania zachowują swoje kwoty. Tego nie można cofnąć.',
    confirm: 'Anonimizuj na zawsze',
  },
};

registerTexts('anonymise', ANONYMISE_TEXTS);
