// The pipeline's out/.lock is exclusive across processes (issue 18): many processes locking in the
// same moment — with no lock, or over a stale one — give exactly one holder. A failing run reports
// its own error, not the clean-up's.

import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, test } from 'vitest';
import { lockOut } from '../src/pipeline/fs-util.js';
import { loadDefinition } from '../src/pipeline/definition.js';
import { runPipelines } from '../src/pipeline/run.js';
import { caught } from './helpers/errors.js';
import { demoWorkspace } from './helpers/pipeline-fixture.js';

const tmp = mkdtempSync(join(tmpdir(), 'ltds-lock-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

// A contender: waits for the common start moment, tries the lock, and if it gets it notes its pid
// in the tally, holds the lock a while (so every later contender sees a live holder) and releases.
const FS_UTIL = new URL('../dist/src/pipeline/fs-util.js', import.meta.url).href;
const CONTENDER = `
import { appendFileSync } from 'node:fs';
const { lockOut } = await import(${JSON.stringify(FS_UTIL)});
const [out, tally, startAt] = process.argv.slice(1);
await new Promise((r) => setTimeout(r, Math.max(0, Number(startAt) - Date.now() - 20)));
while (Date.now() < Number(startAt));
let release;
try {
  release = lockOut(out);
} catch (err) {
  if (err.code !== 'PIPELINE_LOCKED') { console.error(err); process.exit(3); }
  process.exit(0);
}
const acquired = Date.now();
await new Promise((r) => setTimeout(r, 300));
// The interval is noted before the release: recorded intervals of true holders never overlap.
appendFileSync(tally, process.pid + ' ' + acquired + ' ' + Date.now() + '\\n');
release();
`;

function runContender(out: string, tally: string, startAt: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', CONTENDER, out, tally, String(startAt)], { stdio: ['ignore', 'ignore', 'inherit'] });
    child.on('error', reject);
    child.on('exit', (code) => resolve(code ?? -1));
  });
}

/** A pid that is certainly not running: a child that has exited. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '0'], { stdio: 'ignore' });
  await new Promise((r) => child.on('exit', r));
  return child.pid as number;
}

/** Holders' [acquired, released] intervals in ms: the most that overlap at one moment. */
function mostAtOnce(intervals: [number, number][]): number {
  let most = 0;
  for (const [a] of intervals) most = Math.max(most, intervals.filter(([b, e]) => b <= a && a < e).length);
  return most;
}

/** Races `contenders` processes for one lock; returns how many held it at once at most, and how many held it at all. */
async function race(label: string, contenders: number, prepare: (out: string) => Promise<void> | void): Promise<{ atOnce: number; holders: number }> {
  const out = join(tmp, label);
  mkdirSync(out, { recursive: true });
  await prepare(out);
  const tally = join(tmp, `${label}.tally`);
  writeFileSync(tally, '');
  // Node starts in ~0.1-0.5 s on this shared box; a second of margin puts every contender at the line.
  const startAt = Date.now() + 1500;
  const codes = await Promise.all(Array.from({ length: contenders }, () => runContender(out, tally, startAt)));
  expect(codes.every((c) => c === 0), `exit codes ${codes.join(',')}`).toBe(true);
  expect(existsSync(join(out, '.lock')), 'the holder released the lock').toBe(false);
  expect(readdirSync(out).filter((n) => n.startsWith('.lock')), 'no temporary or claim files are left').toEqual([]);
  const intervals = readFileSync(tally, 'utf8').split('\n').filter(Boolean).map((l) => l.split(' ').slice(1).map(Number) as [number, number]);
  return { atOnce: mostAtOnce(intervals), holders: intervals.length };
}

describe('out/.lock is exclusive', () => {
  const CONTENDERS = 8;
  const TRIALS = 6;

  test(`${CONTENDERS} processes locking at the same moment, ${TRIALS} times: never two holders at once`, async () => {
    const atOnce: number[] = [];
    for (let t = 0; t < TRIALS; t++) {
      const r = await race(`fresh-${t}`, CONTENDERS, () => undefined);
      expect(r.holders).toBeGreaterThanOrEqual(1);
      atOnce.push(r.atOnce);
    }
    expect(atOnce).toEqual(Array(TRIALS).fill(1));
  }, 120_000);

  test(`${CONTENDERS} processes finding the same stale lock: never two holders at once`, async () => {
    const atOnce: number[] = [];
    for (let t = 0; t < TRIALS; t++) {
      // Alternately a lock of a process that is gone and an empty lock (as an interrupted older version left).
      const content = t % 2 === 0 ? `${await deadPid()}\n` : '';
      const r = await race(`stale-${t}`, CONTENDERS, (out) => writeFileSync(join(out, '.lock'), content));
      expect(r.holders).toBeGreaterThanOrEqual(1);
      atOnce.push(r.atOnce);
    }
    expect(atOnce).toEqual(Array(TRIALS).fill(1));
  }, 120_000);

  test('a live holder — this very process too — is never taken over; the release removes only its own lock', () => {
    const out = join(tmp, 'self');
    const release = lockOut(out);
    const err = caught(() => lockOut(out));
    expect(err.code).toBe('PIPELINE_LOCKED');
    expect(err.params.pid).toBe(process.pid);
    release();
    expect(existsSync(join(out, '.lock'))).toBe(false);
    // A lock that is no longer this run's (replaced by someone else) is left alone.
    const again = lockOut(out);
    rmSync(join(out, '.lock'));
    writeFileSync(join(out, '.lock'), '1\n');
    again();
    expect(readFileSync(join(out, '.lock'), 'utf8')).toBe('1\n');
  });
});

test("a failing run reports the error that stopped it, not the lock's clean-up failure", async () => {
  const ws = demoWorkspace('ltds-lock-mask-');
  try {
    const steps = [
      {
        name: 'breaks-everything',
        run: async (): Promise<void> => {
          // The lock cannot be removed any more (a folder with content stands in its place) ...
          rmSync(join(ws.out, '.lock'));
          mkdirSync(join(ws.out, '.lock', 'x'), { recursive: true });
          // ... and the step fails for its own reason.
          throw new Error('the real reason the run stopped');
        },
      },
    ];
    const err = await runPipelines([loadDefinition(ws.definition)], { out: ws.out, steps }).then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(err?.message).toMatch(/the real reason the run stopped/);
  } finally {
    rmSync(ws.dir, { recursive: true, force: true });
  }
});

// The compiled module the contenders load exists (global setup builds dist/).
test('the contenders load the built lock', () => {
  expect(existsSync(fileURLToPath(FS_UTIL))).toBe(true);
});
