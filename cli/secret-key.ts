import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/**
 * SECRET_KEY when set; otherwise the key of the embedded default, generated once under
 * `dataDir/secret.key` (mode 0600) so that sealed vendor secrets stay readable across restarts.
 */
export function resolveSecretKey(configured: string | undefined, dataDir: string): { key: string; generated: boolean; file?: string } {
  if (configured) return { key: configured, generated: false };
  const file = path.join(dataDir, 'secret.key');
  fs.mkdirSync(dataDir, { recursive: true });
  try {
    return { key: fs.readFileSync(file, 'utf8').trim(), generated: false, file };
  } catch {
    const key = crypto.randomBytes(32).toString('base64url');
    fs.writeFileSync(file, `${key}\n`, { mode: 0o600, flag: 'wx' });
    return { key, generated: true, file };
  }
}
