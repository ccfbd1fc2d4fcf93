// Whole-process figures, as a user running `ltds` feels them, each beside its peer measured in the
// same run with the runs interleaved (ours, peer, ours, peer, ...) and the best of each kept:
// start-up (`ltds inspect` of a small file against `node -e 0`), `ltds inspect` of the ~50 MB EQ
// against libxml2's `xmllint --stream --noout`, and `ltds validate` of a copy of that EQ with
// ~40,000 findings (wall, CPU and peak RSS from GNU time when it is installed).

import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CACHE_DIR, generatedEq } from './fixtures.js';

const here = (p: string): string => fileURLToPath(new URL(p, import.meta.url));
const LTDS = here('../../bin/ltds');
const GNU_TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;

interface Timed {
  secs: number;
  /** User + system CPU seconds and peak RSS (MB), when GNU time measured them. */
  cpu?: number;
  rssMb?: number;
  status: number | null;
}

/** Runs a command to completion, output discarded; wall time, and CPU and peak RSS through GNU time. */
function timed(cmd: string, args: string[], okStatus: number[] = [0]): Timed {
  const argv = GNU_TIME ? [GNU_TIME, '-f', 'TIME %U %S %M', cmd, ...args] : [cmd, ...args];
  const t = performance.now();
  const r = spawnSync(argv[0]!, argv.slice(1), { encoding: 'utf8', stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 64 << 20 });
  const secs = (performance.now() - t) / 1000;
  if (r.status === null || !okStatus.includes(r.status)) throw new Error(`${cmd} ${args.join(' ')} exited ${r.status}: ${r.stderr.slice(-2000)}`);
  const m = /TIME ([\d.]+) ([\d.]+) (\d+)\s*$/.exec(r.stderr);
  return m ? { secs, cpu: Number(m[1]) + Number(m[2]), rssMb: Number(m[3]) / 1024, status: r.status } : { secs, status: r.status };
}

/** Interleaves runs of each command `rounds` times; the best wall (and its CPU) of each. */
function interleaved(cmds: { label: string; cmd: string; args: string[]; ok?: number[] }[], rounds: number): Map<string, Timed> {
  const best = new Map<string, Timed>();
  for (let i = 0; i < rounds; i++) {
    for (const c of cmds) {
      const r = timed(c.cmd, c.args, c.ok);
      const prev = best.get(c.label);
      if (prev === undefined || r.secs < prev.secs) best.set(c.label, { ...r, rssMb: Math.max(r.rssMb ?? 0, prev?.rssMb ?? 0) });
    }
  }
  return best;
}

function fmt(label: string, r: Timed): string {
  const cpu = r.cpu !== undefined ? `, CPU ${r.cpu.toFixed(2)} s` : '';
  const rss = r.rssMb !== undefined ? `, peak RSS ${r.rssMb.toFixed(0)} MB` : '';
  return `  ${label.padEnd(34)} ${(r.secs * 1000).toFixed(0).padStart(6)} ms${cpu}${rss}`;
}

function load(): string {
  try {
    return readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
  } catch {
    return 'unknown';
  }
}

/** A copy of the EQ whose first `n` ACDCTerminal.sequenceNumber values are not integers (two findings each). */
function brokenEq(eq: string, n: number): string {
  const out = join(CACHE_DIR, `BENCH_EQ_broken_${n}.xml`);
  if (existsSync(out) && statSync(out).mtimeMs >= statSync(eq).mtimeMs) return out;
  let left = n;
  const text = readFileSync(eq, 'utf8').replace(/<cim:ACDCTerminal\.sequenceNumber>\d+</g, (m) => (left-- > 0 ? '<cim:ACDCTerminal.sequenceNumber>one<' : m));
  writeFileSync(out, text);
  return out;
}

/** Start-up: `ltds inspect` of a small generated file against `node -e 0`, whole process. */
export function startupBench(): void {
  const small = generatedEq(7);
  console.log(`\n# Start-up — ltds inspect of a ${(statSync(small).size / 1e3).toFixed(0)} KB EQ, whole process, best of 15 interleaved (load ${load()})`);
  const r = interleaved(
    [
      { label: 'node -e 0', cmd: process.execPath, args: ['-e', '0'] },
      { label: 'ltds --version', cmd: process.execPath, args: [LTDS, '--version'] },
      { label: 'ltds inspect (small file)', cmd: process.execPath, args: [LTDS, 'inspect', small] },
    ],
    15,
  );
  const node = r.get('node -e 0') as Timed;
  const ours = r.get('ltds inspect (small file)') as Timed;
  for (const [label, t] of r) console.log(fmt(label, t));
  const ratio = ours.secs / node.secs;
  // CPU time is what load disturbs least: on a shared machine the wall ratio can be far off.
  const cpuRatio = ours.cpu !== undefined && node.cpu !== undefined && node.cpu > 0 ? `; CPU ${(ours.cpu / node.cpu).toFixed(2)}×` : '';
  console.log(`  ratio ltds inspect / node -e 0: wall ${ratio.toFixed(2)}×${cpuRatio}; target ≤ 200 ms and ≤ 1.7×: ${ours.secs <= 0.2 && ratio <= 1.7 ? 'met' : 'NOT MET'}`);
}

/** `ltds inspect` of the ~50 MB EQ against `xmllint --stream --noout`, whole process. */
export function inspectProcessBench(): void {
  const eq = generatedEq(2000);
  const mb = statSync(eq).size / 1e6;
  console.log(`\n# Whole-process read — ltds inspect of the ${mb.toFixed(1)} MB EQ, best of 5 interleaved (load ${load()})`);
  const cmds = [{ label: 'ltds inspect', cmd: process.execPath, args: [LTDS, 'inspect', eq] }];
  const xmllint = spawnSync('xmllint', ['--version']).status === 0;
  if (xmllint) cmds.push({ label: 'xmllint --stream --noout', cmd: 'xmllint', args: ['--stream', '--noout', eq] });
  const r = interleaved(cmds, 5);
  for (const [label, t] of r) console.log(`${fmt(label, t)}  (${(mb / t.secs).toFixed(0)} MB/s)`);
  const peer = r.get('xmllint --stream --noout');
  if (peer === undefined) {
    console.log('  xmllint (Debian libxml2-utils) is not installed: ratio skipped');
    return;
  }
  const ours = r.get('ltds inspect') as Timed;
  const ratio = ours.secs / peer.secs;
  const cpuRatio = ours.cpu !== undefined && peer.cpu !== undefined && peer.cpu > 0 ? `; CPU ${(ours.cpu / peer.cpu).toFixed(2)}×` : '';
  console.log(`  ratio ltds inspect / xmllint --stream: wall ${ratio.toFixed(2)}×${cpuRatio}; target ≤ 2×: ${ratio <= 2 ? 'met' : 'NOT MET'}`);
}

/** `ltds validate` of the ~50 MB EQ with ~40,000 findings, and of the valid one, whole process. */
export function validateFindingsBench(): void {
  const eq = generatedEq(2000);
  const broken = brokenEq(eq, 20_000);
  console.log(`\n# Validate, whole process, best of 3 interleaved (load ${load()})`);
  const r = interleaved(
    [
      { label: 'ltds validate (valid EQ)', cmd: process.execPath, args: [LTDS, 'validate', eq], ok: [0] },
      { label: 'ltds validate (~40,000 findings)', cmd: process.execPath, args: [LTDS, 'validate', broken, '--format', 'json'], ok: [1] },
    ],
    3,
  );
  const valid = r.get('ltds validate (valid EQ)') as Timed;
  const many = r.get('ltds validate (~40,000 findings)') as Timed;
  const check = spawnSync(process.execPath, [LTDS, 'validate', broken, '--format', 'json'], { encoding: 'utf8', maxBuffer: 1 << 30 });
  const findings = (JSON.parse(check.stdout) as { findings: unknown[] }).findings.length;
  console.log(fmt('ltds validate (valid EQ)', valid));
  console.log(`${fmt('ltds validate (~40,000 findings)', many)}  (${findings.toLocaleString('en')} findings, JSON)`);
  const okValid = valid.secs <= 1.2 && (valid.rssMb ?? 0) <= 300;
  console.log(`  targets: valid ≤ 1.2 s and ≤ 300 MB: ${okValid ? 'met' : 'NOT MET'}; with ~40,000 findings ≤ 2 s: ${many.secs <= 2 ? 'met' : 'NOT MET'}`);
}
