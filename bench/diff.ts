// The diff benchmark: `ltds diff` of two ~50 MB generated EQ files differing in ~1% of objects
// (wall, CPU and peak RSS, best of several runs, each run once unpinned and once pinned to each
// core), the ratio to `rapper | sort | comm` on the same pair, and with --full the peak RSS of the
// model index of ~1,000,000 objects.

import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { editedCopy } from './diff-fixture.js';
import { CACHE_DIR, generatedEq } from './fixtures.js';

const here = (p: string): string => fileURLToPath(new URL(p, import.meta.url));

interface Run {
  how: string;
  secs: number;
  userMs: number;
  systemMs: number;
  maxRssMb: number;
}

/** One `ltds diff` in its own process (optionally pinned to one core); wall, CPU and peak RSS. */
function diffRun(base: string, next: string, out: string, cpu: number | undefined): Run {
  const args = ['--import', here('./diff-usage-on-exit.js'), here('../src/cli/main.js'), 'diff', base, next, '-o', out, '--created', '2026-01-01T00:00:00Z'];
  const t = performance.now();
  const r = cpu === undefined ? spawnSync(process.execPath, args, { encoding: 'utf8' }) : spawnSync('taskset', ['-c', String(cpu), process.execPath, ...args], { encoding: 'utf8' });
  const secs = (performance.now() - t) / 1000;
  if (r.status !== 0) throw new Error(`diff failed: ${r.stderr}`);
  const usage = JSON.parse(r.stderr.trim().split('\n').pop() as string) as Omit<Run, 'how' | 'secs'>;
  return { how: cpu === undefined ? 'unpinned' : `core ${cpu}`, secs, ...usage };
}

/** `rapper -o ntriples | sort` on each file, `comm -3` of the two: the Unix peer of a diff. */
function rapperRun(base: string, next: string): { secs: number; lines: string } {
  const t = performance.now();
  const sh = spawnSync('bash', ['-c', `comm -3 <(rapper -q -i rdfxml -o ntriples '${base}' http://bench/m | sort) <(rapper -q -i rdfxml -o ntriples '${next}' http://bench/m | sort) | wc -l`], { encoding: 'utf8' });
  if (sh.status !== 0) throw new Error(`rapper | sort | comm failed: ${sh.stderr}`);
  return { secs: (performance.now() - t) / 1000, lines: sh.stdout.trim() };
}

function modelIndexBench(): void {
  // 20,600 substations: just over 1,000,000 objects in the EQ and GL files (~48.6 per substation).
  const eq = generatedEq(20600);
  const files = readdirSync(dirname(eq))
    .filter((f) => /_(EQ|GL)\.xml$/.test(f))
    .map((f) => join(dirname(eq), f));
  const bytes = files.reduce((n, f) => n + statSync(f).size, 0);
  const r = spawnSync(process.execPath, [here('./diff-index-worker.js'), ...files], { encoding: 'utf8', maxBuffer: 1 << 20 });
  if (r.status !== 0) throw new Error(`model index failed: ${r.stderr}`);
  const m = JSON.parse(r.stdout.trim().split('\n').pop() as string) as { objects: number; entries: number; statements: number; ms: number; maxRssMb: number };
  console.log(
    `  model index (diff ModelIndex, records with positions) of ${m.entries.toLocaleString('en')} objects / ${m.statements.toLocaleString('en')} statements from ${(bytes / 1e6).toFixed(0)} MB (EQ + GL): ` +
      `peak RSS ${m.maxRssMb.toFixed(0)} MB, loaded in ${(m.ms / 1000).toFixed(1)} s (target < 1.5 GB for 1,000,000 objects: ${m.maxRssMb < 1536 && m.entries >= 1_000_000 ? 'met' : 'NOT MET'})`,
  );
}

export async function diffBench(full: boolean): Promise<void> {
  const base = generatedEq(2000);
  const next = await editedCopy(base);
  const out = join(CACHE_DIR, 'bench-diff.xml');
  const pinned = spawnSync('taskset', ['-c', '0', 'true']).status === 0;
  const cpus = pinned ? Array.from({ length: availableParallelism() }, (_, i) => i) : [];
  console.log(`\n# Diff two ~50 MB models differing in ~1% of objects — ${next}`);
  const runs: Run[] = [];
  for (let i = 0; i < 3; i++) for (const cpu of [undefined, ...cpus]) runs.push(diffRun(base, next, out, cpu));
  const best = runs.reduce((a, b) => (b.secs < a.secs ? b : a));
  const rss = Math.max(...runs.map((r) => r.maxRssMb));
  const walls = runs.map((r) => r.secs.toFixed(2)).join(' ');
  console.log(`  ltds diff (process start, reading both, diff, writing): best ${best.secs.toFixed(2)} s wall (${best.how}; CPU ${(best.userMs / 1000).toFixed(2)} s user + ${(best.systemMs / 1000).toFixed(2)} s system), peak RSS ${rss.toFixed(0)} MB`);
  console.log(`    all ${runs.length} runs (unpinned${cpus.map((c) => `, core ${c}`).join('')}, ×3): ${walls} s`);
  console.log(`  target ≤ 2 s wall and ≤ 700 MB: ${best.secs <= 2 && rss <= 700 ? 'met' : 'NOT MET'}`);
  if (spawnSync('rapper', ['--version']).status === 0) {
    const peer = [rapperRun(base, next), rapperRun(base, next)].reduce((a, b) => (b.secs < a.secs ? b : a));
    console.log(`  rapper | sort | comm: best of 2 ${peer.secs.toFixed(2)} s (${peer.lines} differing lines); ratio ${(peer.secs / best.secs).toFixed(2)}× in our favour`);
  } else {
    console.log('  rapper (Debian raptor2-utils) is not installed: ratio to rapper | sort | comm skipped');
  }
  if (full) modelIndexBench();
  else console.log('  (run with --full for the model index of ~1,000,000 objects)');
}
