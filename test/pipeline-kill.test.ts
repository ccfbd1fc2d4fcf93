// kill -9 of a pipeline run at chosen moments inside a publication: out/ is always either as it
// was or fully updated (every version folder complete, the catalog pointing only at complete
// folders), and a final re-run completes. The run is held at each moment (LTDS_PIPELINE_HOLD, see
// src/pipeline/hold.ts) and killed there, so every kill lands where the test says — on a loaded
// machine a random delay may land before the run has even started — and the test checks on disk
// that it did: the dead run's lock is still there, and its half-done work is where that moment puts it.

import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { LTDS, runLtds } from './helpers/cli.js';
import { demoWorkspace, editDefinition, publicationProblems, snapshot, type Workspace } from './helpers/pipeline-fixture.js';

let ws: Workspace;
beforeAll(async () => {
  ws = demoWorkspace('ltds-kill-');
  // The starting state: both DEMO publications, published by a complete run.
  const first = await runLtds(['pipeline', 'run', ws.definition, '--out', ws.out]);
  expect(first.code, first.stderr).toBe(0);
});
afterAll(() => rmSync(ws.dir, { recursive: true, force: true }));

type Point = 'locked' | 'zip' | 'rename' | 'catalog';

/** Runs the pipeline held at `point`, SIGKILLs it there, and returns the events it printed. */
function runHeldAndKill(point: Point): Promise<{ held: boolean; signal: NodeJS.Signals | null; events: Record<string, unknown>[] }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [LTDS, 'pipeline', 'run', ws.definition, '--out', ws.out], {
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { ...process.env, LTDS_PIPELINE_HOLD: point },
    });
    const events: Record<string, unknown>[] = [];
    let held = false;
    let buf = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      buf += d;
      const lines = buf.split('\n');
      buf = lines.pop() ?? '';
      for (const line of lines) {
        if (!line.startsWith('{')) continue;
        const e = JSON.parse(line) as Record<string, unknown>;
        events.push(e);
        if (e.type === 'hold' && e.point === point) {
          held = true;
          child.kill('SIGKILL');
        }
      }
    });
    child.on('error', reject);
    child.on('close', (_code, signal) => resolve({ held, signal, events }));
  });
}

/** The staging folders a killed run left behind (the next run removes them). */
function staged(): string[] {
  const dir = join(ws.out, '.staging');
  return existsSync(dir) ? readdirSync(dir).map((d) => join(dir, d)) : [];
}

/** Every file under a folder, relative paths. */
function filesUnder(dir: string): string[] {
  return [...snapshot(dir, false).keys()];
}

const catalogPaths = (): string[] => (JSON.parse(readFileSync(join(ws.out, 'index.json'), 'utf8')) as { publications: { path: string }[] }).publications.map((p) => p.path);

test.each([
  // point, how the definition changes (each attempt publishes something new), the version folder it would publish
  ['locked', 2026, 2, 'DEMO/2026-02/v2'],
  ['zip', 2026, 3, 'DEMO/2026-02/v3'],
  // A cycle folder that does not exist yet: publishing renames the staged tree, then its top folder.
  ['rename', 2027, 1, 'DEMO/2027-02/v1'],
  ['catalog', 2026, 4, 'DEMO/2026-02/v4'],
] as const)('kill -9 held at %s: the kill lands inside the publication, out/ stays consistent', async (point, year, version, target) => {
  const before = snapshot(ws.out);
  const catalogBefore = catalogPaths();
  editDefinition(ws.definition, (d) => {
    d.publications[1]!.year = year;
    d.publications[1]!.version = version;
  });
  const r = await runHeldAndKill(point);
  expect(r.held, `the run never reached '${point}': ${JSON.stringify(r.events.slice(-3))}`).toBe(true);
  expect(r.signal).toBe('SIGKILL');

  // Where the kill landed, as the disk shows it. The dead run still holds the lock in every case.
  expect(existsSync(join(ws.out, '.lock'))).toBe(true);
  expect(Number(readFileSync(join(ws.out, '.lock'), 'utf8').split('\n')[0])).toBe(r.events.find((e) => e.type === 'hold')?.pid);
  const work = staged().flatMap((s) => filesUnder(s));
  switch (point) {
    case 'locked':
      // Before any step: no step event, nothing staged, nothing new.
      expect(r.events.filter((e) => e.type === 'step')).toEqual([]);
      expect(existsSync(join(ws.out, target))).toBe(false);
      break;
    case 'zip': {
      // In the middle of the zips: the case checks are done, some zip bytes are written, none published.
      expect(r.events.some((e) => e.type === 'step' && e.step === 'cases')).toBe(true);
      expect(r.events.some((e) => e.type === 'step' && e.step === 'package')).toBe(false);
      expect(work.some((f) => /LTDS_DEMO_2026-02_.*_v3\.zip/.test(f)), work.join(',')).toBe(true);
      expect(existsSync(join(ws.out, target))).toBe(false);
      break;
    }
    case 'rename':
      // Between the two renames: the complete version is staged under its tree, not yet in out/.
      expect(r.events.some((e) => e.type === 'step' && e.step === 'manifest')).toBe(true);
      expect(work.some((f) => f.endsWith(`tree/${target}/manifest.json`)), work.join(',')).toBe(true);
      expect(existsSync(join(ws.out, 'DEMO', '2027-02'))).toBe(false);
      break;
    case 'catalog':
      // After the version folder was renamed into place, before the catalog names it.
      expect(r.events.some((e) => e.type === 'publication' && e.status === 'published' && e.path === target)).toBe(true);
      expect(existsSync(join(ws.out, target, 'manifest.json'))).toBe(true);
      expect(catalogPaths()).toEqual(catalogBefore);
      break;
  }

  // Whatever the moment, out/ is consistent and nothing that was published changed.
  expect(publicationProblems(ws.out)).toEqual([]);
  const after = snapshot(ws.out);
  for (const [k, h] of before) if (!k.startsWith('index.')) expect(after.get(k), k).toBe(h);
  const added = [...after.keys()].filter((k) => !before.has(k) && !k.startsWith('index.'));
  expect(added.every((k) => k.startsWith(`${target}/`)), added.join(',')).toBe(true);

  // The next run takes over the dead run's lock, clears its leftovers and completes the publication.
  const next = await runLtds(['pipeline', 'run', ws.definition, '--out', ws.out]);
  expect(next.code, next.stderr).toBe(0);
  expect(existsSync(join(ws.out, '.lock'))).toBe(false);
  expect(staged()).toEqual([]);
  expect(existsSync(join(ws.out, target, 'manifest.json'))).toBe(true);
  expect(catalogPaths()).toContain(target);
  expect(publicationProblems(ws.out)).toEqual([]);
}, 180_000);
