import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Reply } from '../../../bots/engine/index.ts';
import { translator } from '../../../core/i18n/translator.ts';
import { createSecretBox } from '../../../core/shared/secret-box.ts';
import { ENGINE_SECRET_KEY, createEngineHarness, textsOf, type EngineHarness } from '../../support/bot-engine.ts';

let h: EngineHarness;
let nextId = 8100;
const newSender = () => String(nextId++);
const pl = translator('pl');
const es = translator('es');

const VALID_IBAN = 'PL61 1090 1014 0000 0712 1981 2874';
const VALID_IBAN_ELECTRONIC = 'PL61109010140000071219812874';

beforeAll(async () => { h = await createEngineHarness(); });
afterAll(async () => { await h?.close(); });

const methodRowOf = (influencerId: string) => h.database.db.selectFrom('payout_methods').selectAll().where('influencer_id', '=', influencerId).executeTakeFirst();
const last = (replies: Reply[]) => replies[replies.length - 1]!;
const auditOf = (influencerId: string) => h.database.db.selectFrom('audit_log').select(['actor', 'before', 'after'])
  .where('action', '=', 'payout_method.set').where('entity_id', '=', influencerId).orderBy('id').execute();

describe('/payout: where the money goes', () => {
  it('asks a Polish influencer with the methods of Poland, refuses an IBAN with a bad checksum politely, and keeps a good one encrypted and masked', async () => {
    const sender = newSender();
    const id = await h.register(sender, { language: 'pl', country: 'PL' });

    // Nothing to pay yet, and nowhere to pay it: the answer, then the question with BLIK first.
    const first = await h.say(sender, '/payout');
    expect(first[0]!.text).toBe(pl.t('payout.nothing'));
    expect(last(first)).toEqual({
      kind: 'buttons', text: pl.t('payout.askMethod'), buttons: [
        { label: pl.t('payout.method.blik'), action: '/payout blik' },
        { label: pl.t('payout.method.iban'), action: '/payout iban' },
        { label: pl.t('payout.method.paypal'), action: '/payout paypal' },
      ],
    });

    expect(await h.say(sender, '/payout iban')).toEqual([{ kind: 'text', text: pl.t('payout.askIban') }]);
    // One digit off: the mod-97 check digits catch it; nothing is stored and the question stays open.
    expect(await h.say(sender, 'PL61 1090 1014 0000 0712 1981 2875')).toEqual([{ kind: 'text', text: pl.t('payout.invalid.iban_checksum') }]);
    expect(await h.say(sender, 'PL61 1090 1014 0000 0712 1981')).toEqual([{ kind: 'text', text: pl.t('payout.invalid.iban_length') }]);
    expect(await h.say(sender, 'mój numer konta')).toEqual([{ kind: 'text', text: pl.t('payout.invalid.iban_format') }]);
    expect(await methodRowOf(id)).toBeUndefined();

    const saved = await h.say(sender, VALID_IBAN.toLowerCase());
    expect(saved).toEqual([{ kind: 'text', text: pl.t('payout.saved', { method: 'IBAN PL61 **** **** 2874' }) }]);
    const row = await methodRowOf(id);
    expect(row).toMatchObject({ kind: 'iban' });
    // At rest the account is sealed: neither the IBAN nor its account number is in the column.
    expect(row!.account_sealed).not.toContain(VALID_IBAN_ELECTRONIC);
    expect(row!.account_sealed).not.toContain('10901014');
    expect(createSecretBox(ENGINE_SECRET_KEY).open(row!.account_sealed)).toBe(VALID_IBAN_ELECTRONIC);

    // From now on /payout says where the money goes, masked, with a way to change it.
    const again = await h.say(sender, '/payout');
    expect(last(again)).toEqual({
      kind: 'buttons', text: pl.t('payout.current', { method: 'IBAN PL61 **** **** 2874' }),
      buttons: [{ label: pl.t('payout.change'), action: '/payout change' }],
    });
    expect(textsOf(again)).not.toContain(VALID_IBAN_ELECTRONIC);
    expect(last(await h.say(sender, '/payout change')).text).toBe(pl.t('payout.askMethod'));
    await h.say(sender, '/payout blik');
    expect(await h.say(sender, '+48 60123')).toEqual([{ kind: 'text', text: pl.t('payout.invalid.blik_phone') }]);
    expect(await h.say(sender, '601-234-567')).toEqual([{ kind: 'text', text: pl.t('payout.saved', { method: 'BLIK +48 *** *** 567' }) }]);
    expect(createSecretBox(ENGINE_SECRET_KEY).open((await methodRowOf(id))!.account_sealed)).toBe('+48601234567');

    // Each change is in the audit log, masked: support sees that the destination changed, never the account.
    const audit = await auditOf(id);
    expect(audit.map((a) => [a.actor, a.before, a.after])).toEqual([
      [`influencer:${id}`, null, { payoutMethod: 'iban', payoutAccount: 'PL61 **** **** 2874' }],
      [`influencer:${id}`, { payoutMethod: 'iban', payoutAccount: 'PL61 **** **** 2874' }, { payoutMethod: 'blik', payoutAccount: '+48 *** *** 567' }],
    ]);
  });

  it('offers IBAN and PayPal in Spain, and checks the PayPal e-mail', async () => {
    const sender = newSender();
    const id = await h.register(sender, { language: 'es', country: 'ES' });
    expect(last(await h.say(sender, '/payout')).buttons).toEqual([
      { label: es.t('payout.method.iban'), action: '/payout iban' },
      { label: es.t('payout.method.paypal'), action: '/payout paypal' },
    ]);
    await h.say(sender, '/payout paypal');
    expect(await h.say(sender, 'pablo@example')).toEqual([{ kind: 'text', text: es.t('payout.invalid.email') }]);
    expect(await h.say(sender, 'pablo at example.com')).toEqual([{ kind: 'text', text: es.t('payout.invalid.email') }]);
    expect(await h.say(sender, 'Pablo.Ruiz@Example.COM')).toEqual([{ kind: 'text', text: es.t('payout.saved', { method: 'PayPal P***@example.com' }) }]);
    expect(createSecretBox(ENGINE_SECRET_KEY).open((await methodRowOf(id))!.account_sealed)).toBe('Pablo.Ruiz@example.com');
  });

  it('takes "cancel" and "help" in the person\'s language while it waits for the account, never as the account', async () => {
    const sender = newSender();
    const id = await h.register(sender, { language: 'pl', country: 'PL' });
    await h.say(sender, '/payout iban');
    const help = await h.say(sender, 'pomoc');
    expect(textsOf(help)).toContain(pl.t('help.text'));
    // Still waiting for the IBAN after the help.
    expect(await h.say(sender, VALID_IBAN)).toEqual([{ kind: 'text', text: pl.t('payout.saved', { method: 'IBAN PL61 **** **** 2874' }) }]);
    await h.say(sender, '/payout paypal');
    expect(await h.say(sender, 'Anuluj')).toEqual([{ kind: 'text', text: pl.t('cancelled') }]);
    // The IBAN stays; "Anuluj" was not taken as an e-mail, and the next message is not an answer any more.
    expect((await methodRowOf(id))!.kind).toBe('iban');
    expect(await h.say(sender, 'ola@example.com')).toEqual([{ kind: 'text', text: pl.t('freeText') }]);
  });

  it('puts the method masked, never in full, in /export, and /deleteme erases it', async () => {
    const sender = newSender();
    const id = await h.register(sender, { language: 'pl', country: 'PL' });
    await h.say(sender, '/payout iban');
    await h.say(sender, VALID_IBAN);
    const [file] = await h.say(sender, '/export');
    const json = new TextDecoder().decode(file!.file!.data);
    expect(JSON.parse(json).payoutMethod).toEqual({ kind: 'iban', account: 'PL61 **** **** 2874' });
    expect(json).not.toContain(VALID_IBAN_ELECTRONIC);

    await h.say(sender, '/deleteme');
    await h.say(sender, '/confirmdelete');
    expect(await methodRowOf(id)).toBeUndefined();
    expect((await auditOf(id)).map((a) => a.after)).toEqual([{ payoutMethod: 'iban', payoutAccount: '[erased]' }]);
  });
});
