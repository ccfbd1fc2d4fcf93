#!/usr/bin/env node
// Builds dist/ only when it is missing or older than a source: what `npm start` and the test
// suite's global setup run, so a second `npm start` does not spend half a minute recompiling
// sources that did not change. A build that runs is incremental (tsconfig.json's tsBuildInfoFile).
// Plain JavaScript on purpose: it must run before anything is compiled.

import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const stamp = join(root, 'dist', '.build-stamp');
const SOURCES = ['src', 'bench', 'tsconfig.json', 'package.json', 'package-lock.json'];

/** The newest modification time (ms) under a file or folder, and the file that has it. */
function newest(path, best = { ms: 0, file: '' }) {
  if (!existsSync(path)) return best;
  const st = statSync(path);
  if (st.isDirectory()) {
    for (const name of readdirSync(path)) if (name !== '.cache') best = newest(join(path, name), best);
    return best;
  }
  return st.mtimeMs > best.ms ? { ms: st.mtimeMs, file: path } : best;
}

/** Why dist/ must be rebuilt, or undefined when it is up to date. */
export function staleReason() {
  if (!existsSync(stamp) || !existsSync(join(root, 'dist', 'src', 'cli', 'main.js'))) return 'dist/ has not been built';
  const built = statSync(stamp).mtimeMs;
  let src = { ms: 0, file: '' };
  for (const s of SOURCES) src = newest(join(root, s), src);
  return src.ms > built ? `${src.file.slice(root.length)} changed since the last build` : undefined;
}

const invoked = process.argv[1] !== undefined && import.meta.url === new URL(`file://${process.argv[1]}`).href;
if (invoked) {
  const quiet = process.argv.includes('--quiet');
  const reason = process.argv.includes('--force') ? 'asked to build' : staleReason();
  if (reason === undefined) {
    if (!quiet) process.stderr.write('build: dist/ is up to date\n');
  } else {
    if (!quiet) process.stderr.write(`build: ${reason}; compiling\n`);
    const started = Date.now();
    execFileSync(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.json'], { cwd: root, stdio: 'inherit' });
    // The stamp carries the time the build started, so a source saved during the build is newer.
    writeFileSync(stamp, `${new Date(started).toISOString()}\n`);
    utimesSync(stamp, started / 1000, started / 1000);
    if (!quiet) process.stderr.write(`build: done in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  }
}
