// Benchmark inputs: generated sample networks cached under bench/.cache (ignored by git).

import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateNetwork } from '../src/samples/index.js';

/** The cache folder for generated benchmark inputs. */
export const CACHE_DIR = fileURLToPath(new URL('../../bench/.cache/', import.meta.url));

/** A digest of the compiled generator, so cached inputs are regenerated when the generator changes. */
function generatorStamp(): string {
  const dir = fileURLToPath(new URL('../src/samples/', import.meta.url));
  const h = createHash('sha256');
  for (const f of readdirSync(dir).filter((n) => n.endsWith('.js')).sort()) h.update(f).update(readFileSync(join(dir, f)));
  return h.digest('hex');
}

/** Path of a generated EQ file with `substations` substations (generated once per generator version, then reused). */
export function generatedEq(substations: number): string {
  const dir = join(CACHE_DIR, `net-${substations}`);
  const eq = join(dir, 'BENCH_EQ.xml');
  const stampFile = join(dir, 'generator.sha256');
  const stamp = generatorStamp();
  if (!existsSync(eq) || !existsSync(stampFile) || readFileSync(stampFile, 'utf8') !== stamp) {
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    const t = performance.now();
    generateNetwork({ substations, outDir: dir, area: 'BENCH', seed: 1 });
    writeFileSync(stampFile, stamp);
    process.stderr.write(`generated ${eq} (${(statSync(eq).size / 1e6).toFixed(1)} MB) in ${((performance.now() - t) / 1000).toFixed(1)} s\n`);
  }
  return eq;
}
