// Builds dist/ (only when a source is newer than the last build) before the end-to-end tests, so
// they run the real `bin/ltds` as a user would.

import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { leakMessage, scanLogText } from './helpers/log-scan.js';

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
  // After the whole run: no server log of any test may hold a secret key, a token, credentials or personal data.
  return () => {
    if (!existsSync(SERVER_LOGS)) return;
    for (const f of readdirSync(SERVER_LOGS)) {
      // Secrets, tokens, credentials; DAR access keys, webhook secrets, emails, postcodes; a meter
      // point next to a person's name (test/helpers/log-scan.ts, unit-tested in test/log-scan.test.ts).
      const leak = scanLogText(readFileSync(join(SERVER_LOGS, f), 'utf8'));
      if (leak) throw new Error(leakMessage(f, leak));
    }
  };
}
