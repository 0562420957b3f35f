import fs from 'node:fs';
import path from 'node:path';
import { Session } from 'node:inspector/promises';
import { fileURLToPath } from 'node:url';

/**
 * A V8 CPU profile of this process over one phase of a benchmark (what `node --cpu-prof`
 * records, limited to the phase), written as a `.cpuprofile` (open it in Chrome DevTools or
 * speedscope) and summarised as text: where the time went by package or source file.
 */

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

export interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

export interface Profiler {
  /** Stops profiling, writes `<dir>/<name>.cpuprofile`, and returns the profile. */
  stop(): Promise<CpuProfile>;
}

/** Starts the V8 sampling profiler of this thread (`intervalMicros` between samples). */
export async function startCpuProfile(dir: string, name: string, intervalMicros = 200): Promise<Profiler> {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: intervalMicros });
  await session.post('Profiler.start');
  return {
    async stop() {
      const { profile } = await session.post('Profiler.stop') as unknown as { profile: CpuProfile };
      session.disconnect();
      fs.mkdirSync(dir, { recursive: true });
      fs.writeFileSync(path.join(dir, `${name}.cpuprofile`), JSON.stringify(profile));
      return profile;
    },
  };
}

/** A `.cpuprofile` file (written by `startCpuProfile`, `node --cpu-prof` or DevTools). */
export function readCpuProfile(file: string): CpuProfile {
  return JSON.parse(fs.readFileSync(file, 'utf8')) as CpuProfile;
}

export interface ProfileSummary {
  /** Milliseconds the profile covers. */
  totalMs: number;
  /** Milliseconds with JavaScript or native work on this thread (everything but idle). */
  busyMs: number;
  /** Self time by area (package, Node module, our source file, GC), largest first. */
  selfByArea: { area: string; ms: number }[];
  /** Time by area counting every sample whose stack passes through the area (once per sample). */
  inclusiveByArea: { area: string; ms: number }[];
  /** Self time by function, largest first. */
  selfByFunction: { name: string; ms: number }[];
}

/** Self and inclusive time per area and per function of a profile. */
export function summariseProfile(profile: CpuProfile): ProfileSummary {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const child of n.children ?? []) parent.set(child, n.id);
  const selfArea = new Map<string, number>();
  const inclusiveArea = new Map<string, number>();
  const selfFunction = new Map<string, number>();
  const stackAreas = new Map<number, Set<string>>();
  const areasOnStack = (id: number): Set<string> => {
    let areas = stackAreas.get(id);
    if (!areas) {
      const up = parent.get(id);
      areas = new Set(up === undefined ? [] : areasOnStack(up));
      areas.add(areaOf(byId.get(id)!.callFrame.url, byId.get(id)!.callFrame.functionName));
      stackAreas.set(id, areas);
    }
    return areas;
  };
  let idleMicros = 0;
  profile.samples.forEach((id, i) => {
    // timeDeltas[i] is the time before sample i: charge the interval that follows each sample to it.
    const micros = profile.timeDeltas[i + 1] ?? 0;
    const node = byId.get(id)!;
    const { functionName, url, lineNumber } = node.callFrame;
    if (functionName === '(idle)') {
      idleMicros += micros;
      return;
    }
    const area = areaOf(url, functionName);
    add(selfArea, area, micros);
    add(selfFunction, `${functionName || '(anonymous)'} ${url ? `${shortUrl(url)}:${lineNumber + 1}` : ''}`.trim(), micros);
    for (const a of areasOnStack(id)) add(inclusiveArea, a, micros);
  });
  const totalMicros = profile.endTime - profile.startTime;
  const sorted = (m: Map<string, number>) => [...m].sort((a, b) => b[1] - a[1]);
  return {
    totalMs: totalMicros / 1000,
    busyMs: (totalMicros - idleMicros) / 1000,
    selfByArea: sorted(selfArea).map(([area, micros]) => ({ area, ms: micros / 1000 })),
    inclusiveByArea: sorted(inclusiveArea).map(([area, micros]) => ({ area, ms: micros / 1000 })),
    selfByFunction: sorted(selfFunction).map(([name, micros]) => ({ name, ms: micros / 1000 })),
  };
}

/** The summary as lines: busy time, then the top areas (self and inclusive) and functions, in % of busy time. */
export function formatProfileSummary(summary: ProfileSummary, top = 15): string[] {
  const pct = (ms: number) => `${((100 * ms) / summary.busyMs).toFixed(1).padStart(5)}%`;
  const lines = [`busy ${summary.busyMs.toFixed(0)} ms of ${summary.totalMs.toFixed(0)} ms`];
  lines.push('self time by area:', ...summary.selfByArea.slice(0, top).map((r) => `  ${pct(r.ms)}  ${r.area}`));
  lines.push('inclusive time by area:', ...summary.inclusiveByArea.slice(0, top).map((r) => `  ${pct(r.ms)}  ${r.area}`));
  lines.push('self time by function:', ...summary.selfByFunction.slice(0, top).map((r) => `  ${pct(r.ms)}  ${r.name}`));
  return lines;
}

/** A package (`fastify`, `ioredis`), a Node module (`node:internal/http`), a file of ours (`api/redirect/redirect.routes.ts`), or a V8 bucket. */
function areaOf(url: string, functionName: string): string {
  if (!url) return functionName.startsWith('(') ? functionName : '(native)';
  if (url.startsWith('node:')) return url.replace(/^node:internal\/(.*?)(\/[^/]*)?$/, 'node:$1');
  const file = url.startsWith('file://') ? fileURLToPath(url) : url;
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(file);
  if (pkg) return pkg[1]!;
  return path.relative(REPO_ROOT, file);
}

function shortUrl(url: string): string {
  const file = url.startsWith('file://') ? fileURLToPath(url) : url;
  const pkg = /.*node_modules\/(.*)$/.exec(file);
  return pkg ? pkg[1]! : file.startsWith(REPO_ROOT) ? path.relative(REPO_ROOT, file) : file;
}

function add(map: Map<string, number>, key: string, micros: number): void {
  map.set(key, (map.get(key) ?? 0) + micros);
}

/** The profile of a process's busiest thread among those `--cpu-prof` wrote to `dir` (tsx's module loader writes one of its own). */
export function busiestProfileIn(dir: string): { file: string; summary: ProfileSummary } | undefined {
  return fs.readdirSync(dir).map((name) => path.join(dir, name))
    .map((file) => ({ file, summary: summariseProfile(readCpuProfile(file)) }))
    .sort((a, b) => b.summary.busyMs - a.summary.busyMs)[0];
}
