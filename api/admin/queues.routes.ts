import { Type } from 'typebox';
import { QUEUE_BOARD_PATH } from '../queues/queue-board.ts';
import { ACCESS } from './access.ts';
import { adminRouteGroup } from './route-options.ts';
import { errors } from './schemas.ts';

const Count = Type.Integer({ minimum: 0 });

const QueueSchema = Type.Object({
  name: Type.String({ examples: ['clicks'] }),
  waiting: Count, active: Count, delayed: Count, prioritized: Count,
  failed: Count, completed: Count,
  paused: Type.Boolean(),
});

/** The BullMQ queues' job counts, for the console's queues page; Bull Board (admins) acts on them. */
export const queuesRoutes = adminRouteGroup('admin: queues', (app, route, deps) => {
  app.get('/queues', route(ACCESS.staffRead, {
    summary: 'Jobs per BullMQ queue and state (clicks, notifications, notifications-whatsapp, settlement)',
    description: `Admins retry, promote and clean jobs on the Bull Board at ${QUEUE_BOARD_PATH} (console sign-in).`,
    response: { 200: Type.Object({ items: Type.Array(QueueSchema), board: Type.String({ description: 'Where Bull Board is' }) }), ...errors() },
  }), async () => ({ items: await deps.services.queues.counts(), board: QUEUE_BOARD_PATH }));
});
