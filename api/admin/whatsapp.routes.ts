import { Type } from 'typebox';
import { CHAT_CONNECTION_STATES, type ChatConnectionStatus } from '../../core/notifications/chat-connection.ts';
import { renderQrPng } from '../media/qr-code.renderer.ts';
import { ACCESS } from './access.ts';
import { adminRouteGroup } from './route-options.ts';
import { Nullable, StringEnum, Timestamp, errors } from './schemas.ts';

const WhatsAppStatus = Type.Object({
  running: Type.Boolean({ description: 'A bots role with WHATSAPP_ENABLED=1 reports its connection' }),
  state: Nullable(StringEnum(CHAT_CONNECTION_STATES, {
    description: 'starting: the browser opens; qr: waiting for the login QR code to be scanned; authenticated: loading chats; ready: sending and receiving; disconnected / auth_failure: a reconnect is scheduled',
  })),
  since: Nullable(Timestamp),
  qr: Nullable(Type.Object({
    text: Type.String({ description: "The QR code's payload, as WhatsApp Web shows it" }),
    dataUrl: Type.String({ description: 'The QR code as a PNG data URL, to show in an <img>' }),
  }, { description: 'While the state is qr: scan it with the bot phone (WhatsApp → Linked devices → Link a device)' })),
  lastError: Nullable(Type.String()),
  lastErrorAt: Nullable(Timestamp),
  reconnectAttempt: Type.Integer({ minimum: 0, description: 'Failed attempts in a row; 0 once ready' }),
  nextReconnectAt: Nullable(Timestamp),
  phone: Nullable(Type.String({ description: 'The logged-in WhatsApp number, once ready' })),
  updatedAt: Nullable(Timestamp),
});

const NOT_RUNNING = {
  running: false, state: null, since: null, qr: null, lastError: null, lastErrorAt: null, reconnectAttempt: 0, nextReconnectAt: null, phone: null, updatedAt: null,
} as const;

async function present(status: ChatConnectionStatus) {
  const qr = status.state === 'qr' && status.qr
    ? { text: status.qr, dataUrl: `data:image/png;base64,${(await renderQrPng(status.qr)).toString('base64')}` }
    : null;
  return {
    running: true, state: status.state, since: status.since, qr, lastError: status.lastError, lastErrorAt: status.lastErrorAt,
    reconnectAttempt: status.reconnectAttempt, nextReconnectAt: status.nextReconnectAt, phone: status.phone, updatedAt: status.updatedAt,
  };
}

/**
 * The WhatsApp connection as the bots role reports it, with the login QR code while it waits
 * for a scan. Admins and managers only: whoever scans the code makes their phone the bot.
 */
export const whatsappRoutes = adminRouteGroup('admin: whatsapp', (app, route, deps) => {
  app.get('/whatsapp/status', route(ACCESS.manage, {
    summary: 'WhatsApp login state and QR code (admins and managers)',
    response: { 200: WhatsAppStatus, ...errors() },
  }), async (_request, reply) => {
    reply.header('cache-control', 'no-store');
    const status = await deps.whatsappStatus?.read();
    return status ? present(status) : NOT_RUNNING;
  });
});
