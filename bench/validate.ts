// Validation benchmark: `ltds validate` of the generated ~50 MB EQ against the full CGMES 3.0 EQ
// vocabulary and shapes (wall time, CPU time and peak RSS of the CLI, best of 5), and the oracle engine
// (shacl-engine) on a slice of the same file with the same shapes, scaled by size to the whole file.

import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { oracleKeys } from './shacl-oracle.js';
import { CACHE_DIR, generatedEq } from './fixtures.js';

const here = (p: string): string => fileURLToPath(new URL(p, import.meta.url));

/** A Full Model holding the header and the first `bytes` worth of objects of `eq`. */
function slice(eq: string, bytes: number): string {
  const text = readFileSync(eq, 'utf8');
  let end = text.indexOf('\n  <cim:', bytes);
  if (end < 0) end = text.lastIndexOf('</rdf:RDF>');
  const out = join(CACHE_DIR, `validate-slice-${bytes}.xml`);
  mkdirSync(CACHE_DIR, { recursive: true });
  writeFileSync(out, `${text.slice(0, end)}\n</rdf:RDF>\n`);
  return out;
}

export async function validateBench(): Promise<void> {
  const eq = generatedEq(2000);
  const mb = statSync(eq).size / 1e6;
  // Best of 5 (the machine is shared): wall time, and CPU time (user + system) which load disturbs less.
  let best = Infinity;
  let bestCpu = Infinity;
  let rss = 0;
  for (let i = 0; i < 5; i++) {
    const t = performance.now();
    const r = spawnSync(process.execPath, ['--import', here('./usage-on-exit.js'), here('../src/cli/main.js'), 'validate', eq, '--format', 'json'], { encoding: 'utf8', maxBuffer: 1 << 30 });
    const ms = performance.now() - t;
    if (r.status !== 0 && r.status !== 1) throw new Error(`ltds validate failed: ${r.stderr}`);
    const m = /\{"usage":(\{[^}]*\})\}/.exec(r.stderr);
    const u = m ? (JSON.parse(m[1]!) as { maxRssMb: number; userMs: number; systemMs: number }) : undefined;
    best = Math.min(best, ms);
    if (u) {
      bestCpu = Math.min(bestCpu, u.userMs + u.systemMs);
      rss = Math.max(rss, u.maxRssMb);
    }
  }
  const part = slice(eq, 2_000_000);
  const partMb = statSync(part).size / 1e6;
  const t = performance.now();
  await oracleKeys([part]);
  const oracleMs = performance.now() - t;
  const scaled = oracleMs * (mb / partMb);
  process.stdout.write(
    [
      `validate ${mb.toFixed(1)} MB EQ (CGMES 3.0 EQ+SC vocabulary + shapes): ${(best / 1000).toFixed(2)} s wall, ${(bestCpu / 1000).toFixed(2)} s CPU (CLI process, best of 5), peak RSS ${rss.toFixed(0)} MB`,
      `oracle shacl-engine on a ${partMb.toFixed(1)} MB slice of the same file, same shapes (data graph built by our reader): ${(oracleMs / 1000).toFixed(2)} s → scaled linearly to ${mb.toFixed(1)} MB: ${(scaled / 1000).toFixed(1)} s`,
      `ratio: ours is ${(scaled / best).toFixed(0)}× faster than the oracle (scaled, wall)`,
    ].join('\n') + '\n',
  );
}
