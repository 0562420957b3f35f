import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createClickSpill } from '../../queue/click-spill.ts';
import type { ClickEvent } from '../../core/clicks/clicks.ports.ts';

// The disk the API's clicks wait on while Redis is away: nothing lost, nothing handed over twice.

const click = (n: number): ClickEvent => ({
  id: `0190f000-0000-7000-8000-${String(n).padStart(12, '0')}`, linkId: '1', influencerId: '2', productId: '3',
  clickedAt: new Date(Date.UTC(2026, 11, 2, 12, 0, n % 60)).toISOString(), visitorId: `visitor-${n}`, ipHash: null, userAgent: 'UA', referer: null,
});
const folder = () => fs.mkdtempSync(path.join(os.tmpdir(), 'dealcast-spill-unit-'));
const collect = () => {
  const delivered: string[] = [];
  return { delivered, deliver: async (clicks: ClickEvent[]) => { delivered.push(...clicks.map((c) => c.id)); } };
};

describe('the click spill', () => {
  it('hands back every click it was given, in chunks, and leaves the folder empty', async () => {
    const dir = folder();
    const spill = createClickSpill({ dir });
    await Promise.all(Array.from({ length: 120 }, (_, i) => spill.append([click(i)])));
    expect(spill.pending).toBe(120);
    const chunks: number[] = [];
    const delivered = await spill.replay(async (clicks) => { chunks.push(clicks.length); }, 50);
    expect(delivered).toBe(120);
    expect(chunks).toEqual([50, 50, 20]);
    expect(spill.pending).toBe(0);
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it("leaves another live process's file alone, takes it once it is an orphan, and two replaying processes deliver each click once", async () => {
    const dir = folder();
    const a = createClickSpill({ dir, orphanAfterMs: 400 });
    const b = createClickSpill({ dir, orphanAfterMs: 400 });
    await a.append([click(1), click(2)]);
    const early = collect();
    expect(await b.replay(early.deliver, 10)).toBe(0);
    await new Promise((resolve) => setTimeout(resolve, 500));
    const byA = collect();
    const byB = collect();
    await Promise.all([a.replay(byA.deliver, 10), b.replay(byB.deliver, 10)]);
    expect([...byA.delivered, ...byB.delivered].sort()).toEqual([click(1).id, click(2).id]);
  });

  it('keeps what it could not deliver for the next try, and skips a line a crash cut short', async () => {
    const dir = folder();
    const spill = createClickSpill({ dir });
    await spill.append([click(1), click(2), click(3)]);
    const [file] = fs.readdirSync(dir);
    fs.appendFileSync(path.join(dir, file!), '{"id":"0190f000-0000-7000-8000-0000000');
    await expect(spill.replay(async () => { throw new Error('Redis went away again'); }, 10)).rejects.toThrow('Redis went away again');
    const retry = collect();
    expect(await spill.replay(retry.deliver, 10)).toBe(3);
    expect(retry.delivered).toEqual([click(1).id, click(2).id, click(3).id]);
    expect(fs.readdirSync(dir)).toEqual([]);
  });
});
