// `npm start` compiles only when a source changed: scripts/build-if-stale.mjs, run in a copy of
// the layout it expects with a stand-in compiler that records each call, so the test sees exactly
// when a build happens (no wall-clock limit: what matters is that an unchanged tree is not rebuilt).

import { execFile } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, expect, test } from 'vitest';

const SCRIPT = fileURLToPath(new URL('../scripts/build-if-stale.mjs', import.meta.url));
const root = mkdtempSync(join(tmpdir(), 'ltds-stale-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** The layout the script expects, with a `tsc` that only appends a line to calls.log and writes main.js. */
function layout(): void {
  mkdirSync(join(root, 'scripts'), { recursive: true });
  copyFileSync(SCRIPT, join(root, 'scripts', 'build-if-stale.mjs'));
  mkdirSync(join(root, 'src', 'cli'), { recursive: true });
  writeFileSync(join(root, 'src', 'cli', 'main.ts'), 'export {};\n');
  writeFileSync(join(root, 'tsconfig.json'), '{}\n');
  writeFileSync(join(root, 'package.json'), '{}\n');
  mkdirSync(join(root, 'node_modules', 'typescript', 'bin'), { recursive: true });
  writeFileSync(
    join(root, 'node_modules', 'typescript', 'bin', 'tsc'),
    `const fs = require('node:fs'); fs.appendFileSync(${JSON.stringify(join(root, 'calls.log'))}, process.argv.slice(2).join(' ') + '\\n');
fs.mkdirSync(${JSON.stringify(join(root, 'dist', 'src', 'cli'))}, { recursive: true }); fs.writeFileSync(${JSON.stringify(join(root, 'dist', 'src', 'cli', 'main.js'))}, '');\n`,
  );
}

async function build(...args: string[]): Promise<{ stderr: string; calls: number }> {
  const { stderr } = await promisify(execFile)(process.execPath, [join(root, 'scripts', 'build-if-stale.mjs'), ...args], { cwd: root });
  const log = join(root, 'calls.log');
  return { stderr, calls: existsSync(log) ? readFileSync(log, 'utf8').split('\n').filter((l) => l !== '').length : 0 };
}

test('a build runs when dist/ is missing or a source is newer, and not otherwise', async () => {
  layout();
  const first = await build();
  expect(first.calls).toBe(1);
  expect(first.stderr).toMatch(/dist\/ has not been built; compiling/);
  expect(existsSync(join(root, 'dist', '.build-stamp'))).toBe(true);

  // Nothing changed: no compiler call, however many times.
  for (let i = 0; i < 3; i++) {
    const again = await build();
    expect(again.calls).toBe(1);
    expect(again.stderr).toBe('build: dist/ is up to date\n');
  }

  // A source saved after the build is a reason to compile, named. (The times are moved into the
  // past, build first and source later, rather than waiting for the clock.)
  const now = Date.now() / 1000;
  const stamp = join(root, 'dist', '.build-stamp');
  for (const f of ['src/cli/main.ts', 'tsconfig.json', 'package.json', 'scripts/build-if-stale.mjs']) utimesSync(join(root, f), now - 200, now - 200);
  utimesSync(stamp, now - 100, now - 100);
  utimesSync(join(root, 'src', 'cli', 'main.ts'), now - 50, now - 50);
  const changed = await build();
  expect(changed.calls).toBe(2);
  expect(changed.stderr).toMatch(/src\/cli\/main\.ts changed since the last build; compiling/);
  expect(statSync(stamp).mtimeMs / 1000).toBeGreaterThan(now - 50);
  expect((await build()).calls).toBe(2);

  // So is a changed package.json (new dependencies), and --force always builds.
  utimesSync(stamp, now - 100, now - 100);
  utimesSync(join(root, 'package.json'), now - 50, now - 50);
  expect((await build()).calls).toBe(3);
  expect((await build('--force')).calls).toBe(4);
  expect((await build('--quiet')).stderr).toBe('');
});
