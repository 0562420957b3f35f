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
  const pidFile = path.join(dir, 'redis-server.pid');
  await stopStaleServer(pidFile);
  // Its own process group: Ctrl-C in a terminal (or a supervisor signalling our group) must not
  // stop Redis before the platform has drained into it; `stop()` ends it last, on purpose.
  const child: ChildProcess = spawn(binary, [
    '--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--appendonly', 'yes', '--save', '',
    '--maxmemory-policy', 'noeviction', '--daemonize', 'no', '--logfile', path.join(dir, 'redis.log'),
  ], { stdio: 'ignore', detached: true });
  if (child.pid) fs.writeFileSync(pidFile, `${child.pid} ${port}`);
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
      fs.rmSync(pidFile, { force: true });
    },
  };
}

/**
 * A platform killed with SIGKILL leaves its redis-server running (it is in its own process
 * group); the next start on the same DATA_DIR stops that one first (it flushes its AOF on
 * SIGTERM), so two servers never share one data folder.
 */
async function stopStaleServer(pidFile: string): Promise<void> {
  const [pidText, portText] = readOrEmpty(pidFile).trim().split(' ');
  const pid = Number(pidText);
  if (!Number.isInteger(pid) || pid <= 0 || !portText) return;
  // Only the redis-server this folder started (its title names its port; where /proc cannot
  // tell, nothing is touched).
  const commandLine = readOrEmpty(`/proc/${pid}/cmdline`).replaceAll('\0', ' ');
  if (!commandLine.includes('redis-server') || !commandLine.includes(`:${portText}`)) return;
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    return;
  }
  for (let waited = 0; waited < 5000 && fs.existsSync(`/proc/${pid}`); waited += 50) await new Promise((r) => setTimeout(r, 50));
  if (fs.existsSync(`/proc/${pid}`)) process.kill(pid, 'SIGKILL');
}

function readOrEmpty(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}
