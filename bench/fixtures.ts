// Benchmark inputs: generated sample networks cached under bench/.cache (ignored by git).

import { existsSync, mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateNetwork } from '../src/samples/index.js';

/** The cache folder for generated benchmark inputs. */
export const CACHE_DIR = fileURLToPath(new URL('../../bench/.cache/', import.meta.url));

/** Path of a generated EQ file with `substations` substations (generated once, then reused). */
export function generatedEq(substations: number): string {
  const dir = join(CACHE_DIR, `net-${substations}`);
  const eq = join(dir, 'BENCH_EQ.xml');
  if (!existsSync(eq)) {
    mkdirSync(dir, { recursive: true });
    const t = performance.now();
    generateNetwork({ substations, outDir: dir, area: 'BENCH', seed: 1 });
    process.stderr.write(`generated ${eq} (${(statSync(eq).size / 1e6).toFixed(1)} MB) in ${((performance.now() - t) / 1000).toFixed(1)} s\n`);
  }
  return eq;
}
