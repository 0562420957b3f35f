import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backoffDelayMs } from '../../../bots/whatsapp/whatsapp-session.ts';
import { adminClient, type AdminClient } from '../../api/admin/admin-client.ts';
import { readQrCode } from '../../support/qr.ts';
import { virtualTimers, type VirtualTimers } from '../../support/virtual-timers.ts';
import { BOT_PHONE, createWhatsAppStack, type WhatsAppStack } from '../../support/whatsapp-stack.ts';

// WhatsApp renews its login QR code about every 20 seconds; each holds a ref and two keys.
const FIRST_QR = '2@Yx3pQv8d0W1bCkR6hT2mNf0aZ5LuE9sG4jH7kP1qRw==,Hn5Qz7Lr2Wc8Vt1Yb4Xe6Ud9Sa3Fg0Jk,Pm2Nq5Rs8Tv1Wx4Yz7Ab0Cd3Ef==,ZmFrZS1hZHYtc2VjcmV0';
const SECOND_QR = '2@Ab9Cd8Ef7Gh6Ij5Kl4Mn3Op2Qr1St0Uv==,Wx9Yz8Ab7Cd6Ef5Gh4Ij3Kl2Mn1Op0Qr,St9Uv8Wx7Yz6Ab5Cd4Ef3Gh==,c2Vjb25kLXNlY3JldA==';

let s: WhatsAppStack;
let timers: VirtualTimers;
let admin: AdminClient;

beforeAll(async () => {
  timers = virtualTimers({ auto: false });
  s = await createWhatsAppStack({ timers });
  admin = await adminClient(s.app, 'admin');
});
afterAll(async () => { await s?.close(); });

interface StatusBody {
  running: boolean;
  state: string | null;
  qr: { text: string; dataUrl: string } | null;
  lastError: string | null;
  reconnectAttempt: number;
  nextReconnectAt: string | null;
  phone: string | null;
}

const status = async () => (await admin.call<StatusBody>('GET', '/whatsapp/status')).json;
/** Waits for the status the bots role wrote to say `state`. */
const statusIn = async (state: string) => {
  await expect.poll(async () => (await status()).state, { timeout: 10_000 }).toBe(state);
  return status();
};
const at = (ms: number) => new Date(ms).toISOString();

describe('the WhatsApp login, as the console sees it', () => {
  it('shows the QR code to scan while waiting for login, as text and as a picture, then the number once ready', async () => {
    expect(await statusIn('starting')).toMatchObject({ running: true, qr: null, reconnectAttempt: 0 });
    expect(s.network.clients).toHaveLength(1);
    expect(s.network.client.initialized).toBe(true);

    s.network.client.showQr(FIRST_QR);
    const waiting = await statusIn('qr');
    expect(waiting.qr!.text).toBe(FIRST_QR);
    expect(waiting.qr!.dataUrl.startsWith('data:image/png;base64,')).toBe(true);
    expect(readQrCode(Buffer.from(waiting.qr!.dataUrl.split(',')[1]!, 'base64'))).toBe(FIRST_QR);
    // The terminal shows each code too.
    expect(s.printedQrs).toEqual([FIRST_QR]);

    // WhatsApp renews the code: the console shows the new one.
    s.network.client.showQr(SECOND_QR);
    await expect.poll(async () => (await status()).qr?.text, { timeout: 10_000 }).toBe(SECOND_QR);

    s.network.client.loginAndBeReady();
    expect(await statusIn('ready')).toMatchObject({ qr: null, phone: BOT_PHONE, lastError: null });
  });

  it('lets only admins and managers see it: whoever scans the code makes their phone the bot', async () => {
    for (const role of ['support', 'vendor'] as const) {
      const vendorId = role === 'vendor' ? (await s.make.vendor()).id : undefined;
      expect((await (await adminClient(s.app, role, vendorId)).call('GET', '/whatsapp/status')).status).toBe(403);
    }
    expect((await (await adminClient(s.app, 'manager')).call('GET', '/whatsapp/status')).status).toBe(200);
    expect((await s.app.app.inject({ method: 'GET', url: '/api/v1/admin/whatsapp/status' })).statusCode).toBe(401);
  });
});

describe('reconnecting', () => {
  it('starts a fresh client after a disconnect, waiting longer after each failure in a row, and sends what waited meanwhile', async () => {
    const first = s.network.client;
    const chat = '48500100200@c.us';

    first.disconnect('NAVIGATION');
    const lost = await statusIn('disconnected');
    const retryAt = timers.now() + backoffDelayMs(1, { initialMs: 2000, maxMs: 60_000 });
    expect(lost).toMatchObject({ reconnectAttempt: 1, nextReconnectAt: at(retryAt), qr: null });
    expect(lost.lastError).toContain('NAVIGATION');
    expect(first.destroyed).toBe(true);

    // A notification due meanwhile waits in the outbox instead of being lost.
    const waiting = s.whatsapp.bot.sender.send(chat, 'Nowa sprzedaż!');
    await timers.advance(1999);
    expect(s.network.clients).toHaveLength(1);
    await timers.advance(1);
    expect(s.network.clients).toHaveLength(2);
    expect(await statusIn('starting')).toMatchObject({ reconnectAttempt: 1, nextReconnectAt: null });

    // The browser fails again at once: the next wait is twice as long.
    const second = s.network.client;
    second.disconnect('TIMEOUT');
    const again = await statusIn('disconnected');
    expect(again).toMatchObject({ reconnectAttempt: 2, nextReconnectAt: at(timers.now() + 4000) });
    await timers.advance(3999);
    expect(s.network.clients).toHaveLength(2);
    await timers.advance(1);
    expect(s.network.clients).toHaveLength(3);

    // The old client's late events change nothing.
    second.showQr(FIRST_QR);
    second.loginAndBeReady();
    expect(await statusIn('starting')).toMatchObject({ reconnectAttempt: 2 });

    // The new client logs in; the attempt counter resets; the waiting notification goes out through it.
    s.network.client.showQr(SECOND_QR);
    expect((await statusIn('qr')).qr!.text).toBe(SECOND_QR);
    s.network.client.loginAndBeReady();
    const back = await statusIn('ready');
    expect(back).toMatchObject({ reconnectAttempt: 0, nextReconnectAt: null, phone: BOT_PHONE });
    // The last failure stays on record for whoever looks later.
    expect(back.lastError).toContain('TIMEOUT');
    await timers.advance(60_000);
    await waiting;
    expect(s.network.messagesTo(chat).map((m) => [m.text, m.client])).toEqual([['Nowa sprzedaż!', 2]]);
  });

  it('treats a refused session like a disconnect: shown, then a fresh login after the backoff', async () => {
    s.network.client.failAuthentication('session expired');
    const refused = await statusIn('auth_failure');
    expect(refused.lastError).toContain('session expired');
    expect(refused.reconnectAttempt).toBe(1);
    await timers.advance(2000);
    expect(s.network.clients).toHaveLength(4);
    s.network.client.showQr(FIRST_QR);
    expect((await statusIn('qr')).qr!.text).toBe(FIRST_QR);
  });

  it('reports nothing running once the bots role stops', async () => {
    await s.whatsapp.stop();
    expect(s.network.client.destroyed).toBe(true);
    await expect.poll(async () => (await status()).running, { timeout: 10_000 }).toBe(false);
    expect(await status()).toMatchObject({ state: null, qr: null });
  });
});
