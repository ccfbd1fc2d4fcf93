// kill -9 of a pipeline run at random moments: out/ is always either as it was or fully updated
// (every version folder complete, the catalog pointing only at complete folders); a final re-run
// completes. Each attempt publishes a new version, so every kill lands in real work.

import { spawn } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { LTDS, runLtds } from './helpers/cli.js';
import { demoWorkspace, editDefinition, publicationProblems, snapshot, type Workspace } from './helpers/pipeline-fixture.js';

let ws: Workspace;
beforeAll(() => {
  ws = demoWorkspace('ltds-kill-');
});
afterAll(() => rmSync(ws.dir, { recursive: true, force: true }));

function runAndKill(delayMs: number): Promise<{ killed: boolean; code: number | null }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [LTDS, 'pipeline', 'run', ws.definition, '--out', ws.out], { stdio: 'ignore' });
    let killed = false;
    const timer = setTimeout(() => {
      killed = child.kill('SIGKILL');
    }, delayMs);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ killed, code });
    });
  });
}

test('kill -9 at random moments never leaves a partial publication or a catalog pointing at one', async () => {
  const log: string[] = [];
  let killedMidRun = 0;
  for (let attempt = 1; attempt <= 6; attempt++) {
    const before = snapshot(ws.out);
    editDefinition(ws.definition, (d) => {
      d.publications[1].version = attempt;
    });
    // Start-up takes ~0.5-1 s here and the run ~2-4 s: kill anywhere in that span.
    const delay = Math.round(300 + Math.random() * 3500);
    const r = await runAndKill(delay);
    log.push(`attempt ${attempt}: killed after ${delay} ms: ${r.killed}, exit ${r.code}`);
    if (r.killed) killedMidRun++;
    expect(publicationProblems(ws.out), log.join('\n')).toEqual([]);
    const after = snapshot(ws.out);
    // Nothing that was there changed (the catalog may have gained the new version).
    for (const [k, h] of before) if (!k.startsWith('index.')) expect(after.get(k), `${k} after ${log.at(-1)}`).toBe(h);
    // The new version is either absent or complete; the catalog lists it only when present.
    const added = [...after.keys()].filter((k) => !before.has(k) && !k.startsWith('index.'));
    expect(added.every((k) => k.startsWith(`DEMO/2026-02/v${attempt}/`) || k.startsWith('DEMO/2026-01/v1/')), added.join(',')).toBe(true);
  }
  expect(killedMidRun).toBeGreaterThan(0);
  // A final run completes, publishing whatever the killed runs did not.
  const final = await runLtds(['pipeline', 'run', ws.definition, '--out', ws.out]);
  expect(final.code, final.stderr).toBe(0);
  expect(existsSync(`${ws.out}/DEMO/2026-02/v6/manifest.json`)).toBe(true);
  expect(existsSync(`${ws.out}/.lock`)).toBe(false);
  expect(publicationProblems(ws.out)).toEqual([]);
}, 180_000);
