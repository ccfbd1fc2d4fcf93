// Builds dist/ once before the suite, so CLI tests run the real `bin/ltds` as a user would.

import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const SERVER_LOGS = fileURLToPath(new URL('./.output/server-logs/', import.meta.url));

export default function setup(): () => void {
  const root = fileURLToPath(new URL('..', import.meta.url));
  execFileSync(process.execPath, [fileURLToPath(new URL('../node_modules/typescript/bin/tsc', import.meta.url)), '-p', 'tsconfig.json'], { cwd: root, stdio: 'inherit' });
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
