import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../api/app.ts';
import { buildAppDeps } from '../../cli/app-deps.ts';
import { createTestApp, type TestApp } from '../support/app.ts';
import { createTestDatabase } from '../support/postgres.ts';

let t: TestApp;
beforeAll(async () => { t = await createTestApp(); });
afterAll(async () => { await t?.close(); });

describe('/healthz and /readyz', () => {
  it('answers live and ready while PostgreSQL and Redis answer', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/healthz' })).json()).toEqual({ status: 'ok' });
    const ready = await t.app.inject({ method: 'GET', url: '/readyz' });
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toEqual({ status: 'ready', postgres: true, redis: true });
  });

  it('answers 503 naming PostgreSQL when its database probe fails', async () => {
    const database = await createTestDatabase();
    const app = await buildApp(buildAppDeps({ ...t.deps, db: database.db }));
    try {
      await database.close();
      const response = await app.inject({ method: 'GET', url: '/readyz' });
      expect(response.statusCode).toBe(503);
      expect(response.json()).toEqual({ status: 'unavailable', postgres: false, redis: true });
    } finally {
      await app.close();
    }
  });
});
