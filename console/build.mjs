// Builds the console into console/dist when it is missing or older than its sources, so that
// `npm ci && npm start` (prestart) and the browser tests always serve the current console
// without a separate step. `node console/build.mjs --force` rebuilds regardless.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import zlib from 'node:zlib';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const consoleDir = path.dirname(fileURLToPath(import.meta.url));
const built = path.join(consoleDir, 'dist', 'index.html');
const sources = ['src', 'index.html', 'vite.config.ts', '../package-lock.json'];

function newestMtime(entry) {
  const stat = fs.statSync(entry, { throwIfNoEntry: false });
  if (!stat) return 0;
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(0, ...fs.readdirSync(entry).map((name) => newestMtime(path.join(entry, name))));
}

const force = process.argv.includes('--force');
const builtAt = fs.statSync(built, { throwIfNoEntry: false })?.mtimeMs ?? 0;
const sourcesAt = Math.max(...sources.map((s) => newestMtime(path.join(consoleDir, s))));
if (!force && builtAt >= sourcesAt) process.exit(0);

console.log('dealcast: building the web console (console/dist)…');
const vite = path.join(consoleDir, '..', 'node_modules', 'vite', 'bin', 'vite.js');
// Built beside dist and swapped in with renames, so a server already serving dist never sees a
// half-written folder (a second build running at the same time only wastes its own work).
const staging = path.join(consoleDir, `dist.build-${process.pid}`);
const retired = path.join(consoleDir, `dist.old-${process.pid}`);
try {
  execFileSync(process.execPath, [vite, 'build', '--config', path.join(consoleDir, 'vite.config.ts'), '--logLevel', 'warn', '--outDir', staging], { stdio: 'inherit', cwd: consoleDir });
  // Brotli and gzip copies beside each asset: the API serves them to browsers that accept them
  // (about a third of the bytes) without compressing on every request.
  const assets = path.join(staging, 'assets');
  for (const name of fs.readdirSync(assets).filter((n) => /\.(js|css|svg)$/.test(n))) {
    const bytes = fs.readFileSync(path.join(assets, name));
    fs.writeFileSync(path.join(assets, `${name}.br`), zlib.brotliCompressSync(bytes, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }));
    fs.writeFileSync(path.join(assets, `${name}.gz`), zlib.gzipSync(bytes, { level: 9 }));
  }
  const dist = path.join(consoleDir, 'dist');
  if (fs.existsSync(dist)) fs.renameSync(dist, retired);
  fs.renameSync(staging, dist);
} finally {
  fs.rmSync(staging, { recursive: true, force: true });
  fs.rmSync(retired, { recursive: true, force: true });
}
