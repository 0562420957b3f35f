import { Type } from 'typebox';
import { ACCESS } from './access.ts';
import { pageQuery, pageResponse, timeRange } from './paging.ts';
import { withIsoDates } from './present.ts';
import { adminRouteGroup } from './route-options.ts';
import { Nullable, PageOf, PageQuery, TimeRangeQuery, Timestamp, errors } from './schemas.ts';

const Word = (description: string) => Type.Optional(Type.String({ minLength: 1, maxLength: 100, pattern: '^[^\\u0000-\\u001f\\u007f]+$', description }));

const AuditRecord = Type.Object({
  id: Type.String(), at: Timestamp,
  actor: Type.String({ description: '`admin:<id>`, `vendor:<id>`, `influencer:<id>`, `cli` or `job:<name>`' }),
  action: Type.String({ description: '`entity.verb`, e.g. `product.update`' }),
  entity: Type.String(), entityId: Nullable(Type.String({ description: 'null for a change of many objects at once (a run, a batch, an import)' })),
  before: Type.Unknown({ description: 'The object before the change; null for a creation' }),
  after: Type.Unknown({ description: 'The object after the change; null for a deletion' }),
  details: Nullable(Type.Record(Type.String(), Type.Unknown())),
});

/** The audit log: who changed what, before and after. Staff read it; vendor accounts never. */
export const auditRoutes = adminRouteGroup('admin: audit', (app, route, deps) => {
  const log = deps.services.audit.log;

  app.get('/audit', route(ACCESS.staffRead, {
    summary: "The audit log, newest first: one object's history (entity + entityId), one actor's actions, one kind of change",
    querystring: Type.Object({
      ...PageQuery, ...TimeRangeQuery,
      entity: Word('e.g. product'), entityId: Word('e.g. 42'), actor: Word('e.g. admin:1'), action: Word('e.g. payout.paid'),
    }),
    response: { 200: PageOf(AuditRecord), ...errors(400) },
  }), async ({ query: { entity, entityId, actor, action, ...rest } }) =>
    pageResponse(await log.list({ entity, entityId, actor, action, ...timeRange(rest) }, pageQuery(rest)), withIsoDates));
});
