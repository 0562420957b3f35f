import path from 'node:path';
import { parseRedisClusterUrl, RedisUrlError } from '../queue/connection.ts';
import { TRUSTED_PROXIES_DEFAULT, type TrustedProxies } from '../api/deps.ts';
import { DEFAULT_RETENTION_POLICY, type RetentionPolicy } from '../core/privacy/retention.ts';

/** Every setting of a dealcast process, parsed once at start-up and frozen. */
export interface Config {
  readonly databaseUrl: string | undefined;
  /** One server (`redis://`, `rediss://`) or a Redis Cluster's nodes (`redis-cluster://host:port,host:port`). */
  readonly redisUrl: string | undefined;
  readonly host: string;
  readonly port: number;
  readonly publicUrl: string;
  /** True when PUBLIC_URL was set explicitly (webhook mode for bots). */
  readonly publicUrlExplicit: boolean;
  readonly dataDir: string;
  readonly logLevel: string;
  /** LOG_FORMAT: `json` or `pretty`; undefined: pretty when stdout is a terminal, JSON otherwise. */
  readonly logFormat: LogFormat | undefined;
  /** METRICS_PORT: a listener that serves only `GET /metrics`, in every role; undefined: none. */
  readonly metricsPort: number | undefined;
  /** METRICS_TOKEN: the bearer token every scrape must send; with it the API port serves `/metrics` too. */
  readonly metricsToken: string | undefined;
  /** TRUST_PROXY: whose X-Forwarded-For names the client: `false`, a hop count, or addresses/CIDRs/named ranges. */
  readonly trustProxy: TrustedProxies;
  readonly telegramBotToken: string | undefined;
  readonly telegramApiRoot: string;
  readonly whatsappEnabled: boolean;
  /** The WhatsApp outbox's pace: a random pause of min…max ms before each message to a chat… */
  readonly whatsappMinDelayMs: number;
  readonly whatsappMaxDelayMs: number;
  /** …plus typing time per character… */
  readonly whatsappTypingMsPerChar: number;
  /** …and at most this many messages a minute over all chats. */
  readonly whatsappRatePerMinute: number;
  readonly puppeteerExecutablePath: string | undefined;
  readonly sessionSecret: string | undefined;
  readonly secretKey: string | undefined;
  /** RETENTION_*: how long clicks' details, clicks, ended console sessions and audit rows are kept (README "Privacy and retention"). */
  readonly retention: RetentionPolicy;
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];
export const LOG_FORMATS = ['json', 'pretty'] as const;
export type LogFormat = (typeof LOG_FORMATS)[number];

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration: ${problems.join('; ')}`);
    this.name = 'ConfigError';
  }
}

/** Parses the environment; every problem is reported in one error. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): Config {
  const problems: string[] = [];
  const text = (name: string): string | undefined => {
    const v = env[name]?.trim();
    return v ? v : undefined;
  };
  const url = (name: string, protocols: string[]): string | undefined => {
    const v = text(name);
    if (v === undefined) return undefined;
    try {
      const u = new URL(v);
      if (!protocols.includes(u.protocol)) problems.push(`${name} must use ${protocols.join(' or ')} (got ${u.protocol})`);
    } catch {
      problems.push(`${name} is not a valid URL`);
    }
    return v;
  };

  const redisUrl = (): string | undefined => {
    const v = text('REDIS_URL');
    try {
      if (v !== undefined && parseRedisClusterUrl(v)) return v;
    } catch (error) {
      if (!(error instanceof RedisUrlError)) throw error;
      problems.push(`REDIS_URL: ${error.message}`);
      return v;
    }
    // A cluster URL returned above: 'redis-cluster:' in the list only names it in the problem.
    return url('REDIS_URL', ['redis:', 'rediss:', 'redis-cluster:']);
  };

  const portText = text('PORT') ?? '3000';
  const port = Number(portText);
  if (!Number.isInteger(port) || port < 0 || port > 65535) problems.push(`PORT must be an integer 0..65535 (got "${portText}")`);
  const host = text('HOST') ?? '127.0.0.1';
  const logLevel = text('LOG_LEVEL') ?? 'info';
  if (!LOG_LEVELS.includes(logLevel)) problems.push(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}`);
  const publicUrlSet = url('PUBLIC_URL', ['http:', 'https:']);
  const whatsapp = text('WHATSAPP_ENABLED');
  if (whatsapp !== undefined && !['0', '1', 'true', 'false'].includes(whatsapp)) problems.push('WHATSAPP_ENABLED must be 1 or 0');
  const integer = (name: string, fallback: number, min: number, max: number): number => {
    const v = text(name);
    if (v === undefined) return fallback;
    const n = Number(v);
    if (!/^\d+$/.test(v) || n < min || n > max) {
      problems.push(`${name} must be an integer ${min}..${max} (got "${v}")`);
      return fallback;
    }
    return n;
  };
  const whatsappMinDelayMs = integer('WHATSAPP_MIN_DELAY_MS', 1500, 0, 600_000);
  const whatsappMaxDelayMs = integer('WHATSAPP_MAX_DELAY_MS', Math.max(4000, whatsappMinDelayMs), 0, 600_000);
  if (whatsappMaxDelayMs < whatsappMinDelayMs) problems.push('WHATSAPP_MAX_DELAY_MS must not be below WHATSAPP_MIN_DELAY_MS');
  const whatsappTypingMsPerChar = integer('WHATSAPP_TYPING_MS_PER_CHAR', 25, 0, 1000);
  const whatsappRatePerMinute = integer('WHATSAPP_RATE_PER_MINUTE', 20, 1, 600);
  const logFormat = text('LOG_FORMAT');
  if (logFormat !== undefined && !(LOG_FORMATS as readonly string[]).includes(logFormat)) problems.push(`LOG_FORMAT must be ${LOG_FORMATS.join(' or ')}`);
  const metricsPortText = text('METRICS_PORT');
  const metricsPort = metricsPortText === undefined ? undefined : integer('METRICS_PORT', 0, 1, 65535);
  if (metricsPort !== undefined && metricsPort === port) problems.push('METRICS_PORT must differ from PORT');
  const metricsToken = text('METRICS_TOKEN');
  if (metricsToken !== undefined && metricsToken.length < 16) problems.push('METRICS_TOKEN must be at least 16 characters');
  const trustProxy = parseTrustProxy(text('TRUST_PROXY'), problems);
  const secretKey = text('SECRET_KEY');
  if (secretKey !== undefined && secretKey.length < 32) problems.push('SECRET_KEY must be at least 32 characters');

  const retention: RetentionPolicy = Object.freeze({
    clickDetailsDays: integer('RETENTION_CLICK_DETAILS_DAYS', DEFAULT_RETENTION_POLICY.clickDetailsDays, 1, 3650),
    clickMonths: integer('RETENTION_CLICK_MONTHS', DEFAULT_RETENTION_POLICY.clickMonths, 1, 120),
    adminSessionDays: integer('RETENTION_ADMIN_SESSION_DAYS', DEFAULT_RETENTION_POLICY.adminSessionDays, 0, 3650),
    auditDays: integer('RETENTION_AUDIT_DAYS', DEFAULT_RETENTION_POLICY.auditDays, 30, 3650),
    // At least the 30 days the repeat-order check looks back.
    buyerRefDays: integer('RETENTION_BUYER_REF_DAYS', DEFAULT_RETENTION_POLICY.buyerRefDays, 31, 3650),
  });

  const config: Config = {
    databaseUrl: url('DATABASE_URL', ['postgres:', 'postgresql:']),
    redisUrl: redisUrl(),
    host,
    port,
    publicUrl: (publicUrlSet ?? `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`).replace(/\/+$/, ''),
    publicUrlExplicit: publicUrlSet !== undefined,
    dataDir: path.resolve(cwd, text('DATA_DIR') ?? './data'),
    logLevel,
    logFormat: logFormat as LogFormat | undefined,
    metricsPort,
    metricsToken,
    trustProxy,
    telegramBotToken: text('TELEGRAM_BOT_TOKEN'),
    telegramApiRoot: url('TELEGRAM_API_ROOT', ['http:', 'https:']) ?? 'https://api.telegram.org',
    whatsappEnabled: whatsapp === '1' || whatsapp === 'true',
    whatsappMinDelayMs,
    whatsappMaxDelayMs,
    whatsappTypingMsPerChar,
    whatsappRatePerMinute,
    puppeteerExecutablePath: text('PUPPETEER_EXECUTABLE_PATH'),
    sessionSecret: text('SESSION_SECRET'),
    secretKey,
    retention,
  };
  if (problems.length > 0) throw new ConfigError(problems);
  return Object.freeze(config);
}

const NAMED_RANGES = new Set(['loopback', 'linklocal', 'uniquelocal']);

/** TRUST_PROXY as Fastify's `trustProxy`; `true` (believe anyone) is refused, since any client could then name its own address. */
function parseTrustProxy(value: string | undefined, problems: string[]): TrustedProxies {
  if (value === undefined) return TRUSTED_PROXIES_DEFAULT;
  if (['false', 'none', '0'].includes(value)) return false;
  if (/^\d+$/.test(value)) {
    const hops = Number(value);
    if (hops > 10) problems.push(`TRUST_PROXY must be a hop count of 0..10 (got "${value}")`);
    return hops;
  }
  const entries = value.split(',').map((e) => e.trim()).filter(Boolean);
  const bad = entries.filter((e) => !NAMED_RANGES.has(e) && !/^[0-9a-fA-F:.]+(\/\d{1,3})?$/.test(e));
  if (value === 'true' || bad.length > 0 || entries.length === 0) {
    problems.push(`TRUST_PROXY must be false, a hop count, or addresses, CIDRs and loopback/linklocal/uniquelocal separated by commas (got "${value}")`);
    return TRUSTED_PROXIES_DEFAULT;
  }
  return entries.join(',');
}
