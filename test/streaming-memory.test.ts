// Streaming memory: `ltds inspect` of a large generated file keeps a flat, small peak RSS.
// (`npm run bench -- --full` measures the 500 MB file; the suite uses ~100 MB to stay quick.)

import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, expect, test } from 'vitest';
import { generateNetwork } from '../src/samples/index.js';
import { runLtds } from './helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'ltds-mem-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test('inspect of a ~100 MB EQ file peaks under 300 MB RSS', { timeout: 180_000 }, async () => {
  generateNetwork({ substations: 4000, outDir: dir, area: 'MEM', seed: 3 });
  const eq = join(dir, 'MEM_EQ.xml');
  expect(statSync(eq).size).toBeGreaterThan(80e6);
  const preload = fileURLToPath(new URL('../dist/bench/rss-on-exit.js', import.meta.url));
  const r = await runLtds(['inspect', '--json', eq], { preload });
  expect(r.code).toBe(0);
  const [result] = JSON.parse(r.stdout) as [{ classes: Record<string, number> }];
  expect(result.classes['cim:Substation']).toBe(4000);
  const { maxRssMb } = JSON.parse(r.stderr.trim().split('\n').pop() as string) as { maxRssMb: number };
  expect(maxRssMb).toBeLessThan(300);
});
