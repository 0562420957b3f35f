import { execFile, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { Redis } from 'ioredis';
import { findOnPath, freeLoopbackPort } from '../../cli/embedded-redis.ts';

export interface LocalRedisCluster {
  /** The cluster as REDIS_URL names it: `redis-cluster://127.0.0.1:P1,127.0.0.1:P2,127.0.0.1:P3`. */
  readonly url: string;
  readonly ports: readonly number[];
  stop(): Promise<void>;
}

/**
 * A three-master Redis Cluster on loopback (no replicas, no persistence) in a folder of its
 * own: three `redis-server --cluster-enabled yes`, joined by `redis-cli --cluster create`, and
 * ready once every node reports `cluster_state:ok`. `stop()` ends the nodes and removes the folder.
 */
export async function startRedisCluster(nodeCount = 3): Promise<LocalRedisCluster> {
  const binary = findOnPath('redis-server');
  const cli = findOnPath('redis-cli');
  if (!binary || !cli) throw new Error('redis-server and redis-cli must be on PATH for the Redis Cluster tests');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dealcast-cluster-'));
  const nodes: { port: number; child: ChildProcess; exited: Promise<void> }[] = [];
  const stop = async () => {
    await Promise.all(nodes.map(async (node) => {
      if (node.child.exitCode !== null || node.child.signalCode !== null) return;
      node.child.kill('SIGTERM');
      const timer = setTimeout(() => node.child.kill('SIGKILL'), 5000);
      await node.exited;
      clearTimeout(timer);
    }));
    fs.rmSync(dir, { recursive: true, force: true });
  };
  try {
    for (let i = 0; i < nodeCount; i += 1) {
      // The cluster bus gets a free port of its own: the default (port + 10000) may be taken or out of range.
      const [port, busPort] = [await freeLoopbackPort(), await freeLoopbackPort()];
      const child = spawn(binary, [
        '--port', String(port), '--cluster-port', String(busPort), '--bind', '127.0.0.1',
        '--cluster-enabled', 'yes', '--cluster-config-file', `nodes-${port}.conf`, '--cluster-node-timeout', '5000',
        '--save', '', '--appendonly', 'no', '--dir', dir, '--logfile', path.join(dir, `redis-${port}.log`),
      ], { stdio: 'ignore' });
      nodes.push({ port, child, exited: new Promise((resolve) => child.once('exit', () => resolve())) });
    }
    for (const node of nodes) await untilAnswers(node.port, (reply) => reply === 'PONG', ['ping']);
    const addresses = nodes.map((node) => `127.0.0.1:${node.port}`);
    await promisify(execFile)(cli, ['--cluster', 'create', ...addresses, '--cluster-replicas', '0', '--cluster-yes']);
    for (const node of nodes) await untilAnswers(node.port, (reply) => /cluster_state:ok/.test(reply), ['cluster', 'info']);
    return { url: `redis-cluster://${addresses.join(',')}`, ports: nodes.map((node) => node.port), stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** Polls one node until its answer to `command` passes `ok` (30 s at most). */
async function untilAnswers(port: number, ok: (reply: string) => boolean, command: [string, ...string[]]): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const probe = new Redis({ port, host: '127.0.0.1', lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    probe.on('error', () => undefined);
    try {
      await probe.connect();
      const reply = String(await probe.call(...command));
      if (ok(reply)) return;
    } catch {
      // not listening yet
    } finally {
      probe.disconnect();
    }
    if (Date.now() > deadline) throw new Error(`redis node ${port} did not answer ${command.join(' ')} as expected in time`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
