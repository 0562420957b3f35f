import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { createWhatsAppSession, DEFAULT_DESTROY_TIMEOUT_MS } from '../../../bots/whatsapp/whatsapp-session.ts';
import { translator } from '../../../core/i18n/translator.ts';
import { FakeWhatsAppNetwork } from '../../support/fake-whatsapp.ts';
import { settle, virtualTimers, type VirtualTimers } from '../../support/virtual-timers.ts';
import { BOT_PHONE, createWhatsAppStack, type WhatsAppStack } from '../../support/whatsapp-stack.ts';

const WATCHDOG = { intervalMs: 30_000, timeoutMs: 10_000 };

describe('a browser that dies while WhatsApp looks ready', () => {
  let s: WhatsAppStack;
  let timers: VirtualTimers;

  beforeAll(async () => {
    timers = virtualTimers({ auto: false });
    s = await createWhatsAppStack({ timers, watchdog: WATCHDOG });
    await s.login();
  });
  afterAll(async () => {
    for (const client of s?.network.clients ?? []) client.finishDestroy();
    await s?.close();
  });

  const state = () => s.whatsapp.bot.session.status().state;
  /** Waits until the engine's answers (and notifications) are in the outbox: the clock only moves when told. */
  const queued = (count: number) => expect.poll(() => s.whatsapp.bot.outbox.size, { timeout: 10_000 }).toBe(count);
  /** Moves the clock a second at a time until the status leaves `ready`; answers how long that took. */
  const untilNotReady = async () => {
    for (let waited = 1000; waited <= 60_000; waited += 1000) {
      await timers.advance(1000);
      if (state() !== 'ready') return waited;
    }
    throw new Error('still ready after a minute');
  };

  it('is noticed by the watchdog, stops saying ready, comes back after the old browser closed, and the outbox delivers what waited', async () => {
    const person = s.person('+48 606 123 456');
    person.say('pomoc');
    await queued(1);
    await timers.advance(20_000);
    const [help] = await person.next();
    expect(help!.text).toContain('wypłata');

    // Chromium crashes: the library sends no event, every call into the page fails.
    const crashed = s.network.client;
    crashed.slowDestroy = true;
    crashed.crash();
    person.say('saldo');
    const notification = s.whatsapp.bot.sender.send(person.jid, 'Nowa sprzedaż: 12,00 zł', { deliveryId: 'crash-1' });
    await queued(2);
    // Within one watchdog round the status stops saying ready.
    expect(await untilNotReady()).toBeLessThanOrEqual(WATCHDOG.intervalMs);
    expect(state()).toBe('disconnected');
    expect(s.whatsapp.bot.session.status().lastError).toContain('page closed');
    expect(s.whatsapp.bot.session.readyClient()).toBeUndefined();

    // The backoff passes, but no new browser opens the profile while the old one is still closing.
    await timers.advance(5_000);
    expect(s.network.clients).toHaveLength(1);
    crashed.finishDestroy();
    await settle();
    expect(crashed.destroyed).toBe(true);
    expect(s.network.clients).toHaveLength(2);

    s.network.client.loginAndBeReady();
    await settle();
    expect(state()).toBe('ready');
    await timers.advance(120_000);
    await notification;
    // Nothing was lost: the reply (first) and the notification went out through the new browser.
    const [balance, sale] = await person.next(2);
    expect(balance!.client).toBe(1);
    expect(balance!.text).not.toBe('Nowa sprzedaż: 12,00 zł');
    expect(sale).toMatchObject({ text: 'Nowa sprzedaż: 12,00 zł', client: 1 });
    expect(s.network.messagesTo(person.jid)).toHaveLength(3);
  });

  it('notices a browser that hangs, and gives up on a close that never ends', async () => {
    const hung = s.network.client;
    hung.hung = true;
    hung.slowDestroy = true;
    expect(await untilNotReady()).toBeLessThanOrEqual(WATCHDOG.intervalMs + WATCHDOG.timeoutMs);
    expect(state()).toBe('disconnected');
    expect(s.whatsapp.bot.session.status().lastError).toContain('did not answer');
    // Its close never ends: the next browser waits for it, but not for ever.
    await timers.advance(DEFAULT_DESTROY_TIMEOUT_MS - 2000);
    expect(s.network.clients).toHaveLength(2);
    await timers.advance(2000);
    expect(s.network.clients).toHaveLength(3);
    s.network.client.loginAndBeReady();
    await settle();
    expect(state()).toBe('ready');
    const person = s.person('+48 606 123 457');
    person.say('help');
    await queued(1);
    await timers.advance(20_000);
    expect((await person.next())[0]!.text).toContain(translator('pl').t('help.text').split('\n')[0]!);
  });
});

describe('opening the browser profile', () => {
  it('waits for the old client to close, then prepares the profile, then opens the next browser', async () => {
    const timers = virtualTimers({ auto: false });
    const network = new FakeWhatsAppNetwork(BOT_PHONE, timers.now);
    const events: string[] = [];
    const session = createWhatsAppSession({
      createClient: () => {
        events.push('open');
        return network.createClient();
      },
      prepareProfile: async () => { events.push('prepare'); },
      publish: () => undefined, timers, logger: pino({ level: 'silent' }), onMessage: () => undefined,
      backoff: { initialMs: 1000, maxMs: 1000 }, watchdog: false,
    });
    session.start();
    await settle();
    const first = network.client;
    first.slowDestroy = true;
    first.disconnect('NAVIGATION');
    await timers.advance(1000);
    expect(events).toEqual(['prepare', 'open']);
    events.push('closed');
    first.finishDestroy();
    await settle();
    expect(events).toEqual(['prepare', 'open', 'closed', 'prepare', 'open']);
    await session.stop();
    expect(network.client.destroyed).toBe(true);
  });
});
