// Builds dist/ (only when a source is newer than the last build) before the end-to-end tests, so
// they run the real `bin/ltds` as a user would.

import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const SERVER_LOGS = fileURLToPath(new URL('./.output/server-logs/', import.meta.url));

export default function setup(): () => void {
  const root = fileURLToPath(new URL('..', import.meta.url));
  execFileSync(process.execPath, [fileURLToPath(new URL('../scripts/build-if-stale.mjs', import.meta.url)), '--quiet'], { cwd: root, stdio: 'inherit' });
  rmSync(SERVER_LOGS, { recursive: true, force: true });
  // After the whole run: no server log of any test may hold a secret key, a token or credentials.
  return () => {
    if (!existsSync(SERVER_LOGS)) return;
    for (const f of readdirSync(SERVER_LOGS)) {
      const text = readFileSync(join(SERVER_LOGS, f), 'utf8');
      const m = /sk_[A-Za-z0-9_-]{20,}|eyJ[A-Za-z0-9_-]{10,}\.eyJ|authorization|Basic [A-Za-z0-9+/=]{8,}/i.exec(text);
      if (m) throw new Error(`a server log of the test run (${f}) holds a secret or token: '${m[0].slice(0, 12)}…'`);
    }
  };
}
