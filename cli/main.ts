import { parseArgs } from 'node:util';
import type { Logger } from 'pino';
import { ConfigError, loadConfig, type Config } from './config.ts';
import { RedisServerMissingError } from './embedded-redis.ts';
import { EmbeddedNotAllowedError, openInfrastructure, type Infrastructure } from './infrastructure.ts';
import { ROLE_NAMES, ROLE_STARTERS, type RoleName, type RunningRole } from './roles.ts';
import { prepareFirstStart } from './first-start.ts';
import { seedDemoCatalog } from '../db/seed.ts';
import { ADMIN_ROLES, systemCaller, type AdminRole } from '../core/access/access.ts';
import { createAdminAccount, issueApiToken } from '../core/admins/admin-accounts.service.ts';
import { DomainError } from '../core/shared/errors.ts';
import { adminAccounts } from '../db/admins.repository.ts';
import { importCatalogFile } from './import-catalog.ts';
import { runLedgerCheck } from './ledger-check.ts';
import { createLogger } from './logger.ts';
import { startProcessMetrics, type ProcessMetrics } from './process-metrics.ts';
import { collectStartUpGarbage, limitHeapGrowth } from './heap-growth.ts';

const USAGE = `Usage: dealcast <command>

  start [all|api|worker|bots]   run every role in one process (default: all) or a single role
  migrate                       bring the database schema up to date
  seed                          add the demo vendor, brands, products and tiers
  import-catalog FILE.csv       upsert products from a CSV file, with a per-row error report
  create-admin --email E --password P [--role admin|manager|support|vendor] [--vendor-id ID]
  create-token --email E        print a new admin API token (shown once)
  ledger check                  verify the ledger and reconcile commissions and payouts (exit 1 on a violation)

Configuration comes from the environment: see README.md.`;

/** A failure the user can fix: printed as one line, no stack trace. */
class UsageError extends Error {}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === 'help' || command === '--help' || command === '-h') {
    process.stdout.write(`${USAGE}\n`);
    return command ? 0 : 1;
  }
  const config = loadConfig();
  const logger = createLogger(config);
  switch (command) {
    case 'start':
      return start(config, logger, rest);
    case 'migrate':
      return withInfrastructure(config, logger, async () => {
        process.stdout.write('database is up to date\n');
      });
    case 'seed':
      return withInfrastructure(config, logger, async (infra) => {
        const seed = await seedDemoCatalog(infra.database.db, infra.secretBox);
        process.stdout.write(`demo catalog seeded; vendor key ${seed.vendorKeyId}, secret ${seed.vendorSecret} (shown once)\n`);
      });
    case 'import-catalog': {
      const file = rest[0];
      if (!file) throw new UsageError('import-catalog needs a CSV file: dealcast import-catalog FILE.csv');
      return withInfrastructure(config, logger, async (infra) => {
        const report = await importCatalogFile(infra.database.db, file, { progress: true, output: process.stderr });
        process.stdout.write(`imported ${report.imported} products (${report.created} new, ${report.updated} updated); ${report.failed.length} rows failed\n`);
        for (const failure of report.failed) process.stdout.write(`  line ${failure.row}: ${failure.errors.join('; ')}\n`);
        if (report.failed.length > 0) process.exitCode = 2;
      });
    }
    case 'create-admin': {
      const { values } = parseArgs({ args: rest, options: { email: { type: 'string' }, password: { type: 'string' }, role: { type: 'string' }, 'vendor-id': { type: 'string' } } });
      if (!values.email || !values.password) throw new UsageError('create-admin needs --email and --password');
      const role = (values.role ?? 'admin') as AdminRole;
      if (!ADMIN_ROLES.includes(role)) throw new UsageError('--role must be admin, manager, support or vendor');
      return withInfrastructure(config, logger, async (infra) => {
        const input = { email: values.email!, password: values.password!, role, vendorId: values['vendor-id'] };
        const admin = await createAdminAccount(adminAccounts(infra.database.db), systemCaller('cli'), input);
        process.stdout.write(`admin ${admin.email} created with role ${admin.role}\n`);
      });
    }
    case 'create-token': {
      const { values } = parseArgs({ args: rest, options: { email: { type: 'string' } } });
      if (!values.email) throw new UsageError('create-token needs --email');
      return withInfrastructure(config, logger, async (infra) => {
        const issued = await issueApiToken(adminAccounts(infra.database.db), systemCaller('cli'), { email: values.email! }, 'cli').catch((error: unknown) => {
          if (error instanceof DomainError && error.code === 'not_found') throw new UsageError(`no admin with email ${values.email}`);
          throw error;
        });
        process.stdout.write(`${issued.token}\n`);
      });
    }
    case 'ledger': {
      if (rest[0] !== 'check') throw new UsageError('ledger needs a subcommand: dealcast ledger check');
      return withInfrastructure(config, logger, async (infra) => {
        const report = await runLedgerCheck(infra.database.db, process.stdout);
        if (!report.ok) process.exitCode = 1;
      });
    }
    default:
      throw new UsageError(`unknown command "${command}"\n\n${USAGE}`);
  }
}

/** Runs a one-shot command against the configured (or embedded) database, then closes. */
async function withInfrastructure(config: Config, logger: Logger, run: (infra: Infrastructure) => Promise<void>): Promise<number> {
  const infra = await openInfrastructure(config, logger, { allowEmbedded: true });
  try {
    await run(infra);
    return 0;
  } finally {
    await infra.close();
  }
}

/** How long a stop may take from the signal before the process ends anyway (the promise is 10 s). */
const STOP_DEADLINE_MS = 8000;

/** True when `work` settles before `deadline` (ms since the epoch), false when the deadline comes first. */
async function withinDeadline(work: Promise<unknown>, deadline: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<false>((resolve) => { timer = setTimeout(() => resolve(false), Math.max(0, deadline - Date.now())); });
  try {
    return await Promise.race([work.then(() => true as const), late]);
  } finally {
    clearTimeout(timer);
  }
}

async function start(config: Config, logger: Logger, args: string[]): Promise<number> {
  const which = args[0] ?? 'all';
  if (which !== 'all' && !ROLE_NAMES.includes(which as RoleName)) throw new UsageError(`unknown role "${which}"; use all, api, worker or bots`);
  limitHeapGrowth();
  const roles: RoleName[] = which === 'all' ? ['worker', 'api', 'bots'] : [which as RoleName];
  const infra = await openInfrastructure(config, logger, { allowEmbedded: which === 'all' });

  const running: RunningRole[] = [];
  let metrics: ProcessMetrics | undefined;
  let stopping: Promise<void> | undefined;
  const stop = (signal: string) => {
    stopping ??= (async () => {
      logger.info({ signal }, 'shutting down: draining requests and queues');
      // The API goes first so that it stops taking clicks and flushes what it holds.
      const order: RoleName[] = ['api', 'bots', 'worker'];
      // Bounded: a dependency that went away (Redis cut mid-stop) can leave a close waiting on a
      // connection that never answers; the process still ends within 10 s of the signal.
      const deadline = Date.now() + STOP_DEADLINE_MS;
      const bounded = (what: string, work: Promise<unknown>) => withinDeadline(work, deadline)
        .then((finished) => { if (!finished) logger.warn({ what }, 'did not stop in time; going on without it'); })
        .catch((error: unknown) => logger.error({ err: error, what }, 'did not stop cleanly'));
      for (const name of order) {
        const role = running.find((r) => r.name === name);
        if (role) await bounded(`role ${name}`, role.stop());
      }
      if (metrics) await bounded('metrics', metrics.close());
      await bounded('infrastructure', infra.close());
      logger.info('stopped');
    })();
    return stopping;
  };
  const exitAfterStop = (signal: NodeJS.Signals) => {
    if (stopping) {
      logger.warn('second signal: exiting now');
      process.exit(1);
    }
    void stop(signal).then(() => process.exit(0));
  };
  process.on('SIGTERM', exitAfterStop);
  process.on('SIGINT', exitAfterStop);

  try {
    metrics = await startProcessMetrics(infra);
    const greeting = await prepareFirstStart(infra.database.db, infra.secretBox, config.publicUrl);
    for (const name of roles) running.push(await ROLE_STARTERS[name](infra));
    collectStartUpGarbage();
    if (greeting) process.stdout.write(`${greeting}\n`);
    const api = running.find((r) => r.name === 'api') as (RunningRole & { url?: string }) | undefined;
    if (api?.url) logger.info(`dealcast is ready: open ${config.publicUrl}/console/ (listening on ${api.url})`);
  } catch (error) {
    await stop('startup-failure');
    throw error;
  }
  return new Promise<number>(() => undefined);
}

main(process.argv.slice(2)).then(
  (code) => { process.exitCode = process.exitCode ?? code; },
  (error: unknown) => {
    if (error instanceof UsageError || error instanceof ConfigError || error instanceof RedisServerMissingError || error instanceof EmbeddedNotAllowedError) {
      process.stderr.write(`dealcast: ${error.message}\n`);
      process.exit(2);
    }
    process.stderr.write(`dealcast: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
