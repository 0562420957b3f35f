import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { removeStaleChromiumLock, type ProfileLockCheck } from '../../../bots/whatsapp/chromium-profile-lock.ts';

let profile: string;
beforeEach(async () => { profile = await fs.mkdtemp(path.join(os.tmpdir(), 'dc-profile-')); });
afterEach(async () => { await fs.rm(profile, { recursive: true, force: true }); });

/** Chromium's marks of a profile in use, as it leaves them: links naming the host and process. */
async function lockAs(owner: string) {
  await fs.symlink(owner, path.join(profile, 'SingletonLock'));
  await fs.symlink('14236872394', path.join(profile, 'SingletonCookie'));
  await fs.symlink('/tmp/.org.chromium.Chromium.x/SingletonSocket', path.join(profile, 'SingletonSocket'));
  await fs.writeFile(path.join(profile, 'Preferences'), '{}');
}
const left = async () => (await fs.readdir(profile)).sort();
const check = (running: number[]): ProfileLockCheck => ({ hostname: () => 'bots-1', isBrowserRunning: async (pid) => running.includes(pid) });

describe('a Chromium profile lock left behind', () => {
  it('is removed when it names another host (the container restarted)', async () => {
    await lockAs('bots-0-4711');
    expect(await removeStaleChromiumLock(profile, check([4711]))).toBe(true);
    expect(await left()).toEqual(['Preferences']);
  });

  it('is removed when its browser no longer runs on this host', async () => {
    await lockAs('bots-1-4711');
    expect(await removeStaleChromiumLock(profile, check([]))).toBe(true);
    expect(await left()).toEqual(['Preferences']);
  });

  it('is left alone while its browser still runs', async () => {
    await lockAs('bots-1-4711');
    expect(await removeStaleChromiumLock(profile, check([4711]))).toBe(false);
    expect(await left()).toEqual(['Preferences', 'SingletonCookie', 'SingletonLock', 'SingletonSocket']);
  });

  it('leaves a profile without a lock as it is', async () => {
    await fs.writeFile(path.join(profile, 'Preferences'), '{}');
    expect(await removeStaleChromiumLock(profile, check([]))).toBe(false);
    expect(await removeStaleChromiumLock(path.join(profile, 'missing'), check([]))).toBe(false);
    expect(await left()).toEqual(['Preferences']);
  });

  it('tells a live process of this machine that is not a browser from one that is', async () => {
    // This test's own process runs but is no browser: its old lock is stale.
    await lockAs(`${os.hostname()}-${process.pid}`);
    expect(await removeStaleChromiumLock(profile)).toBe(true);
  });
});
