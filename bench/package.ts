// Packaging benchmark: `ltds package` of the Existing Fault Level case (EQ + SC + SCR) of a
// generated network, ~55 MB and ~14 MB, each in its own process (peak RSS is its own): time,
// MB/s of input, peak RSS (flat: the same for both sizes), and the ratio to Info-ZIP `zip -6` on
// the same files when it is installed. Best of three runs (the machine is shared and noisy).

import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateNetwork } from '../src/samples/index.js';
import { CACHE_DIR } from './fixtures.js';

const here = (p: string): string => fileURLToPath(new URL(p, import.meta.url));

/** The FaultLevel case files of a generated network (generated once into bench/.cache). */
function faultLevelCase(substations: number): string[] {
  const dir = join(CACHE_DIR, `case-${substations}`);
  const files = ['EQ.xml', 'SC.xml', 'SCR.xml'].map((f) => join(dir, f));
  if (!files.every((f) => existsSync(f))) {
    mkdirSync(dir, { recursive: true });
    generateNetwork({ substations, outDir: dir, area: 'BENCH', seed: 1, profiles: ['SC', 'SCR'] });
  }
  return files;
}

interface Run {
  secs: number;
  maxRssMb: number;
}

function packageOnce(files: string[], out: string): Run {
  rmSync(out, { recursive: true, force: true });
  const t = performance.now();
  const r = spawnSync(process.execPath, ['--import', here('./rss-on-exit.js'), here('../src/cli/main.js'), 'package', '--case', 'FaultLevel', '--area', 'BENCH', '--year', '2026', '--period', '01', ...files, '-o', out], { encoding: 'utf8' });
  const secs = (performance.now() - t) / 1000;
  if (r.status !== 0) throw new Error(`package failed: ${r.stderr}`);
  const rss = JSON.parse(r.stderr.trim().split('\n').pop() as string) as { maxRssMb: number };
  return { secs, maxRssMb: rss.maxRssMb };
}

function best(runs: Run[]): Run {
  return { secs: Math.min(...runs.map((r) => r.secs)), maxRssMb: Math.max(...runs.map((r) => r.maxRssMb)) };
}

/** Runs the packaging benchmark and prints its figures. */
export function packageBench(): void {
  const large = faultLevelCase(2000);
  const small = faultLevelCase(500);
  const bytes = (fs: string[]): number => fs.reduce((a, f) => a + statSync(f).size, 0);
  console.log(`\n# Package a case — FaultLevel (EQ + SC + SCR) of ${(bytes(large) / 1e6).toFixed(1)} MB and of ${(bytes(small) / 1e6).toFixed(1)} MB, best of 3`);
  const out = join(CACHE_DIR, 'package-out');
  const l = best([0, 1, 2].map(() => packageOnce(large, out)));
  const zip = join(out, 'LTDS_BENCH_2026-01_FaultLevel_v1.zip');
  const zipBytes = statSync(zip).size;
  const s = best([0, 1, 2].map(() => packageOnce(small, out)));
  const mbps = bytes(large) / 1e6 / l.secs;
  console.log(`  ltds package ${(bytes(large) / 1e6).toFixed(0)} MB: ${l.secs.toFixed(2)} s wall incl. start-up, checks and hashing (${mbps.toFixed(0)} MB/s), zip ${(zipBytes / 1e6).toFixed(1)} MB, peak RSS ${l.maxRssMb.toFixed(0)} MB`);
  console.log(`  ltds package ${(bytes(small) / 1e6).toFixed(0)} MB: ${s.secs.toFixed(2)} s wall, peak RSS ${s.maxRssMb.toFixed(0)} MB`);
  console.log(`  memory flat (RSS grows < 40 MB for ${(bytes(large) / bytes(small)).toFixed(1)}× the input): ${l.maxRssMb - s.maxRssMb < 40 ? 'met' : 'NOT MET'} (+${(l.maxRssMb - s.maxRssMb).toFixed(0)} MB)`);
  if (spawnSync('zip', ['-v']).status === 0) {
    const times = [0, 1, 2].map(() => {
      const target = join(CACHE_DIR, 'infozip.zip');
      rmSync(target, { force: true });
      const t = performance.now();
      const r = spawnSync('zip', ['-q', '-6', '-j', '-X', target, ...large]);
      if (r.status !== 0) throw new Error('zip failed');
      return (performance.now() - t) / 1000;
    });
    const z = Math.min(...times);
    console.log(`  Info-ZIP zip -6 of the same files: ${z.toFixed(2)} s; ratio ltds / zip: ${(z / l.secs).toFixed(2)}× the speed (ltds also reads every file as CIM XML and hashes it)`);
  } else {
    console.log('  Info-ZIP `zip` is not installed: ratio to zip -6 skipped');
  }
}
