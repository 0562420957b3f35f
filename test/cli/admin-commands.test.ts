import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSecretBox } from '../../core/shared/secret-box.ts';
import { FIRST_ADMIN_EMAIL, prepareFirstStart } from '../../cli/first-start.ts';
import { cleanEnv, runCli } from '../support/cli-process.ts';
import { createTestDatabase, type TestDatabase } from '../support/postgres.ts';
import { TEST_REDIS_URL } from '../support/redis.ts';

let database: TestDatabase;
beforeAll(async () => { database = await createTestDatabase(); });
afterAll(async () => { await database?.close(); });

const auditOf = (action: string) =>
  database.db.selectFrom('audit_log').select(['actor', 'action', 'entity', 'entity_id', 'before', 'after']).where('action', '=', action).execute();

async function cli(...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const run = runCli(args, cleanEnv({ DATABASE_URL: database.url, REDIS_URL: TEST_REDIS_URL, SECRET_KEY: 'test-secret-key-test-secret-key-0000', LOG_LEVEL: 'warn' }));
  const code = await run.exited();
  return { code, stdout: run.stdout(), stderr: run.stderr() };
}

describe('dealcast create-admin and create-token', () => {
  it('create an account and a token through the core service, each with one audit row by `cli` that holds no secret', async () => {
    const created = await cli('create-admin', '--email', 'Ops@CLI.test', '--password', 'correct horse battery', '--role', 'manager');
    expect(created).toMatchObject({ code: 0, stdout: 'admin ops@cli.test created with role manager\n' });
    const admin = await database.db.selectFrom('admins').selectAll().where('email', '=', 'ops@cli.test').executeTakeFirstOrThrow();

    const [adminAudit, ...moreAdmins] = await auditOf('admin.create');
    expect(moreAdmins).toHaveLength(0);
    expect(adminAudit).toMatchObject({ actor: 'cli', entity: 'admin', entity_id: admin.id, before: null, after: { id: admin.id, email: 'ops@cli.test', role: 'manager', vendorId: null } });
    expect(JSON.stringify(adminAudit)).not.toContain(admin.password_hash);
    expect(JSON.stringify(adminAudit)).not.toContain('correct horse battery');

    const issued = await cli('create-token', '--email', 'OPS@cli.test');
    expect(issued.code).toBe(0);
    const token = issued.stdout.trim();
    expect(token).toMatch(/^dct_[A-Za-z0-9_-]{40,}$/);
    const stored = await database.db.selectFrom('api_tokens').selectAll().where('admin_id', '=', admin.id).executeTakeFirstOrThrow();
    const [tokenAudit] = await auditOf('api_token.create');
    expect(tokenAudit).toMatchObject({ actor: 'cli', entity: 'api_token', entity_id: stored.id, after: { id: stored.id, adminId: admin.id, label: 'cli' } });
    expect(JSON.stringify(tokenAudit)).not.toContain(token);
    expect(JSON.stringify(tokenAudit)).not.toContain(stored.token_hash);
  });

  it('refuse what the rules refuse, in one line, and write nothing', async () => {
    const taken = await cli('create-admin', '--email', 'ops@cli.test', '--password', 'another long password');
    expect(taken.code).toBe(1);
    expect(taken.stderr).toBe('dealcast: An admin with email ops@cli.test already exists\n');
    const unknown = await cli('create-token', '--email', 'nobody@cli.test');
    expect(unknown).toMatchObject({ code: 2, stderr: 'dealcast: no admin with email nobody@cli.test\n' });
    expect(await auditOf('admin.create')).toHaveLength(1);
    expect(await auditOf('api_token.create')).toHaveLength(1);
  });
});

describe('the first start', () => {
  it('creates the first admin and its token through the core service, audited as `cli`', async () => {
    const fresh = await createTestDatabase();
    try {
      const greeting = await prepareFirstStart(fresh.db, createSecretBox('test-secret-key-test-secret-key-0000'), 'https://dc.test');
      const token = /Admin API token\s+(\S+)/.exec(greeting ?? '')?.[1];
      expect(token).toMatch(/^dct_/);
      const audit = await fresh.db.selectFrom('audit_log').select(['actor', 'action', 'entity', 'after']).where('action', 'in', ['admin.create', 'api_token.create']).orderBy('id').execute();
      expect(audit).toMatchObject([
        { actor: 'cli', action: 'admin.create', entity: 'admin', after: { email: FIRST_ADMIN_EMAIL, role: 'admin' } },
        { actor: 'cli', action: 'api_token.create', entity: 'api_token', after: { label: 'first start' } },
      ]);
      expect(JSON.stringify(audit)).not.toContain(token);
      expect(await prepareFirstStart(fresh.db, createSecretBox('test-secret-key-test-secret-key-0000'), 'https://dc.test')).toBeUndefined();
    } finally {
      await fresh.close();
    }
  });
});
