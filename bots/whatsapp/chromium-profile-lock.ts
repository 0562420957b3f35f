import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

/** The files by which Chromium marks a profile as in use by one running browser. */
export const CHROMIUM_SINGLETON_FILES = ['SingletonLock', 'SingletonCookie', 'SingletonSocket'] as const;

export interface ProfileLockCheck {
  hostname(): string;
  /** Whether a process with this id runs and is a browser (a reused id of another program is not). */
  isBrowserRunning(pid: number): Promise<boolean>;
}

async function isBrowserRunning(pid: number): Promise<boolean> {
  try {
    process.kill(pid, 0);
  } catch (error) {
    // EPERM: it runs, as another user.
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  try {
    const commandLine = await fs.readFile(`/proc/${pid}/cmdline`, 'utf8');
    return /chrom/i.test(commandLine);
  } catch {
    // No /proc to tell: a running process may be the browser.
    return true;
  }
}

export const systemProfileLockCheck: ProfileLockCheck = { hostname: () => os.hostname(), isBrowserRunning };

/**
 * Removes Chromium's lock of a profile directory when no running browser holds it. After a
 * container restart (or a browser killed without cleanup) the `SingletonLock` link still names
 * the old `<host>-<pid>`, and every new browser on the profile refuses to start: reconnects would
 * fail forever. A lock of this host whose browser still runs is left alone. Answers whether a
 * stale lock was removed.
 */
export async function removeStaleChromiumLock(profileDir: string, check: ProfileLockCheck = systemProfileLockCheck): Promise<boolean> {
  const lockPath = path.join(profileDir, 'SingletonLock');
  let target: string | undefined;
  try {
    target = await fs.readlink(lockPath);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    // No lock at all: leftovers of the other two are stale too; EINVAL (not a link) is unreadable, so stale.
    if (code !== 'ENOENT' && code !== 'EINVAL') return false;
  }
  const owner = target ? /^(.+)-(\d+)$/.exec(target) : null;
  if (owner && owner[1] === check.hostname() && await check.isBrowserRunning(Number(owner[2]))) return false;
  let removed = false;
  for (const name of CHROMIUM_SINGLETON_FILES) {
    const file = path.join(profileDir, name);
    const present = await fs.lstat(file).then(() => true, () => false);
    if (!present) continue;
    await fs.rm(file, { force: true });
    removed = true;
  }
  return removed;
}
