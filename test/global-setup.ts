// Builds dist/ (only when a source is newer than the last build) before the end-to-end tests, so
// they run the real `bin/ltds` as a user would.

import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const SERVER_LOGS = fileURLToPath(new URL('./.output/server-logs/', import.meta.url));

export default async function setup(): Promise<() => void> {
  const root = fileURLToPath(new URL('..', import.meta.url));
  // Asynchronous, so vitest's main process stays responsive while a build runs.
  try {
    await promisify(execFile)(process.execPath, [fileURLToPath(new URL('../scripts/build-if-stale.mjs', import.meta.url)), '--quiet'], { cwd: root });
  } catch (err) {
    const e = err as { stdout?: string; stderr?: string };
    throw new Error(`the build failed:\n${e.stdout ?? ''}${e.stderr ?? ''}`);
  }
  rmSync(SERVER_LOGS, { recursive: true, force: true });
  // After the whole run: no server log of any test may hold a secret key, a token or credentials.
  return () => {
    if (!existsSync(SERVER_LOGS)) return;
    for (const f of readdirSync(SERVER_LOGS)) {
      const text = readFileSync(join(SERVER_LOGS, f), 'utf8');
      const m = /sk_[A-Za-z0-9_-]{20,}|eyJ[A-Za-z0-9_-]{10,}\.eyJ|authorization|Basic [A-Za-z0-9+/=]{8,}/i.exec(text);
      if (m) throw new Error(`a server log of the test run (${f}) holds a secret or token: '${m[0].slice(0, 12)}…'`);
      // DAR: access keys, webhook signing secrets, emails and UK postcodes (addresses) never reach a log.
      const dar = /ak_[0-9a-f]{24}|whsec_[A-Za-z0-9_-]{20,}|[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+\.[A-Za-z0-9.-]+|\b[A-Z]{1,2}[0-9][0-9A-Z]? ?[0-9][A-Z]{2}\b/.exec(text);
      if (dar) throw new Error(`a server log of the test run (${f}) holds an access key, a webhook secret, an email or a postcode: '${dar[0].slice(0, 6)}…'`);
    }
  };
}
