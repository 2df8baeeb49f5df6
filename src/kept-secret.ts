import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';

/**
 * A secret made once and kept in a file readable by its owner only (sandbox mode's session
 * secret, in the app's data dir): the same across restarts, so sessions survive them.
 */
export function keptSecret(file: string, create: () => string): string {
  if (existsSync(file)) {
    chmodSync(file, 0o600);
    const kept = readFileSync(file, 'utf8').trim();
    if (kept) return kept;
  }
  const secret = create();
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  return secret;
}
