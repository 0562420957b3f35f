import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { ClickEvent } from '../core/clicks/clicks.ports.ts';

/**
 * Clicks the API could not hand to Redis and could no longer hold in memory (Redis away longer
 * than the memory bound lasts, or the process stopping while Redis is away), kept on local
 * disk as JSON lines until Redis takes them. A click on disk survives the process being
 * killed: the file is in the kernel's page cache once `append` resolves.
 *
 * Each process appends to files of its own (`clicks-<token>-<n>.jsonl`). A file is replayed
 * by claiming it with an atomic rename, so two processes sharing the folder never replay the
 * same file; another process's file is claimed only once it has not been written for
 * `orphanAfterMs` (its owner died, or stopped while Redis was away). Replaying twice is
 * harmless anyway: the click worker skips a click id it already stored.
 */
export interface ClickSpill {
  /** Appends clicks to this process's current file; resolves once they are written. */
  append(clicks: readonly ClickEvent[]): Promise<void>;
  /** Clicks written by `append` and not yet replayed, in this process. */
  readonly pending: number;
  /**
   * Hands every spilled click it may take (its own, and orphaned files) to `deliver` in chunks
   * of `chunk`, deleting each file once all of its clicks were delivered. Stops at the first
   * failure (rejecting with it), leaving the rest on disk. Resolves with how many clicks were delivered.
   */
  replay(deliver: (clicks: ClickEvent[]) => Promise<void>, chunk: number): Promise<number>;
}

export interface ClickSpillOptions {
  dir: string;
  /** How long another process's file must go unwritten before this one replays it. Default 60 s. */
  orphanAfterMs?: number;
}

const FILE = /^clicks-([0-9a-f]{16})-(\d+)\.jsonl$/;

export function createClickSpill(options: ClickSpillOptions): ClickSpill {
  const { dir } = options;
  const orphanAfterMs = options.orphanAfterMs ?? 60_000;
  const token = crypto.randomBytes(8).toString('hex');
  let sequence = 0;
  let current = fileName();
  let pending = 0;
  let waiting: ClickEvent[] = [];
  let waitingWrite: Promise<void> | undefined;
  // Appends and replays run one after another: a replay never reads a file an append is writing.
  let chain: Promise<unknown> = Promise.resolve();

  function fileName(): string {
    sequence += 1;
    return `clicks-${token}-${sequence}.jsonl`;
  }

  const serially = <T>(work: () => Promise<T>): Promise<T> => {
    const next = chain.then(work, work);
    chain = next.catch(() => undefined);
    return next;
  };

  /** The files this process may replay now, claimed by renaming them to a name only it uses. */
  const claim = async (): Promise<string[]> => {
    let names: string[];
    try {
      names = await fs.promises.readdir(dir);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
    const claimed: string[] = [];
    for (const name of names.sort()) {
      const match = FILE.exec(name);
      if (!match) continue;
      const from = path.join(dir, name);
      if (match[1] !== token) {
        const stat = await fs.promises.stat(from).catch(() => undefined);
        if (!stat || Date.now() - stat.mtimeMs < orphanAfterMs) continue;
      }
      const to = path.join(dir, `${name}.replaying-${token}`);
      try {
        await fs.promises.rename(from, to);
        claimed.push(to);
      } catch (error) {
        // Another process claimed it first.
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      }
    }
    // Files this process claimed before and did not finish (a failed delivery) come first.
    const unfinished = names.filter((n) => n.endsWith(`.replaying-${token}`)).map((n) => path.join(dir, n));
    return [...unfinished, ...claimed];
  };

  return {
    get pending() {
      return pending;
    },
    append(clicks) {
      if (clicks.length === 0) return Promise.resolve();
      // Group commit, as for Redis: clicks arriving while a write runs go out together in the next one.
      waiting.push(...clicks);
      waitingWrite ??= serially(async () => {
        const batch = waiting;
        waiting = [];
        waitingWrite = undefined;
        await fs.promises.mkdir(dir, { recursive: true });
        await fs.promises.appendFile(path.join(dir, current), batch.map((click) => `${JSON.stringify(click)}\n`).join(''));
        pending += batch.length;
      });
      return waitingWrite;
    },
    replay(deliver, chunk) {
      return serially(async () => {
        // New appends go to a new file while the current one is replayed.
        current = fileName();
        let delivered = 0;
        for (const file of await claim()) {
          const clicks = (await fs.promises.readFile(file, 'utf8'))
            .split('\n')
            .filter((line) => line.trim() !== '')
            .flatMap((line) => {
              try {
                return [JSON.parse(line) as ClickEvent];
              } catch {
                // A line cut short by a crash mid-write: the click it held was never acknowledged.
                return [];
              }
            });
          for (let i = 0; i < clicks.length; i += chunk) {
            await deliver(clicks.slice(i, i + chunk));
          }
          await fs.promises.rm(file, { force: true });
          delivered += clicks.length;
          pending = Math.max(0, pending - clicks.length);
        }
        return delivered;
      });
    },
  };
}
