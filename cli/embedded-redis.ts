import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { Redis } from 'ioredis';

export class RedisServerMissingError extends Error {
  constructor() {
    super('redis-server was not found on PATH: install it (e.g. `apt-get install redis-server`) or set REDIS_URL=redis://host:6379 to use a running Redis.');
    this.name = 'RedisServerMissingError';
  }
}

export interface EmbeddedRedis {
  readonly url: string;
  readonly port: number;
  stop(): Promise<void>;
}

/** Finds an executable on PATH without a shell. */
export function findOnPath(name: string, envPath = process.env.PATH ?? ''): string | undefined {
  for (const dir of envPath.split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, name);
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

/** A loopback port nobody listens on right now. */
export async function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/**
 * The embedded default for Redis: a `redis-server` from PATH on a free loopback port, with its
 * append-only file under `dataDir/redis` (so queued clicks survive a restart) and no eviction
 * (BullMQ must never lose a key).
 */
export async function startEmbeddedRedis(dataDir: string, options: { port?: number } = {}): Promise<EmbeddedRedis> {
  const binary = findOnPath('redis-server');
  if (!binary) throw new RedisServerMissingError();
  const dir = path.join(dataDir, 'redis');
  fs.mkdirSync(dir, { recursive: true });
  const port = options.port ?? (await freeLoopbackPort());
  const child: ChildProcess = spawn(binary, [
    '--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--appendonly', 'yes', '--save', '',
    '--maxmemory-policy', 'noeviction', '--daemonize', 'no', '--logfile', path.join(dir, 'redis.log'),
  ], { stdio: 'ignore' });
  let exited = false;
  child.once('exit', () => { exited = true; });
  const url = `redis://127.0.0.1:${port}`;

  const probe = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  // Refused connections are expected while redis-server starts; the loop below retries them.
  probe.on('error', () => undefined);
  try {
    for (let attempt = 0; ; attempt += 1) {
      if (exited) throw new Error(`redis-server exited at start; see ${path.join(dir, 'redis.log')}`);
      try {
        await probe.connect();
        await probe.ping();
        break;
      } catch (error) {
        probe.disconnect();
        if (attempt > 100) throw error;
        await new Promise((r) => setTimeout(r, 50));
      }
    }
  } finally {
    probe.disconnect();
  }

  return {
    url,
    port,
    async stop() {
      if (exited) return;
      const done = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await done;
      clearTimeout(timer);
    },
  };
}
