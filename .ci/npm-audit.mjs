// CI: fail on a high or critical advisory in the production dependencies (`npm audit --omit=dev`).
// When the registry's audit endpoint cannot be reached (an offline mirror, a proxy that only
// allows GET), say so in one plain line instead of passing silently; AUDIT_REQUIRED=1 makes that
// a failure too.
import { spawnSync } from 'node:child_process';

const run = spawnSync('npm', ['audit', '--omit=dev', '--json'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
let report;
try {
  report = JSON.parse(run.stdout);
} catch {
  report = undefined;
}

const counts = report?.metadata?.vulnerabilities;
if (!counts) {
  const why = report?.message ?? report?.error?.summary ?? (run.stderr.trim().split('\n').pop() || `npm audit exited ${run.status}`);
  console.log(`npm audit: NOT CHECKED, the registry's audit endpoint could not answer: ${why}`);
  process.exit(process.env.AUDIT_REQUIRED === '1' ? 1 : 0);
}

const serious = Object.values(report.vulnerabilities ?? {}).filter((v) => v.severity === 'high' || v.severity === 'critical');
for (const v of serious) {
  const via = v.via.map((item) => (typeof item === 'string' ? item : `${item.title} (${item.url})`)).join('; ');
  console.log(`${v.severity}: ${v.name} ${v.range} ← ${via}${v.fixAvailable ? '' : ' (no fix available)'}`);
}
console.log(`npm audit (production dependencies): ${counts.critical} critical, ${counts.high} high, ${counts.moderate} moderate, ${counts.low} low`);
process.exit(serious.length > 0 ? 1 : 0);
