// `npm run bench` — tariffs: `ltds tariffs cost` on a year of half-hourly readings (17,520 rows), the
// compute (parse the CSV + bill) measured in-process as CPU time (the machines here are shared, so
// wall time also counts waiting for a core), best of several runs, for a static, a block and
// a flat tariff; and the command's wall time including Node start-up. Target: compute < 100 ms.

import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { billTariff, parseReadingsCsv, readTariffFile } from '../src/tariffs/index.js';
import { readFileSync } from 'node:fs';
import { CACHE_DIR } from './fixtures.js';
import { best, loadAverage, pgAvailable, pgDatabase, row, target, type Load } from './http-load.js';
import { pinned, startServerProcess, stopServerProcess } from './server-process.js';

const here = (p: string): string => fileURLToPath(new URL(p, import.meta.url));
const SAMPLES = here('../../samples/tariffs/');

/** A year of half-hourly readings (local 2026-01-01 to 2026-12-31): 17,520 rows. */
function yearOfReadings(): string {
  const file = join(CACHE_DIR, 'tariffs', 'year-2026.csv');
  if (existsSync(file)) return file;
  mkdirSync(join(CACHE_DIR, 'tariffs'), { recursive: true });
  const rows = ['timestamp,kWh'];
  let k = 0;
  for (let t = Date.parse('2026-01-01T00:00:00Z'); t < Date.parse('2027-01-01T00:00:00Z'); t += 1_800_000, k++) {
    const wh = 120 + ((k * 7919) % 900);
    rows.push(`${new Date(t).toISOString().replace('.000Z', 'Z')},${Math.floor(wh / 1000)}.${String(wh % 1000).padStart(3, '0')}`);
  }
  writeFileSync(file, rows.join('\n') + '\n');
  return file;
}

/** Runs the bench and prints its figures. */
export function tariffsCostBench(): void {
  const csv = yearOfReadings();
  const text = readFileSync(csv, 'utf8');
  console.log(`\n# Tariffs — ltds tariffs cost on a year of half-hourly readings (${csv})`);
  let worst = 0;
  for (const f of ['lanternwick/economy-7.json', 'lanternwick/seasonal-saver.json', 'fenmoor/night-drive-ev.json']) {
    const tariff = readTariffFile(join(SAMPLES, f));
    let best = Infinity;
    let bestWall = Infinity;
    let rows = 0;
    let total = '';
    for (let run = 0; run < 9; run++) {
      const t0 = performance.now();
      const c0 = process.cpuUsage();
      const readings = parseReadingsCsv(text, csv);
      const bill = billTariff(tariff, readings);
      const cpu = process.cpuUsage(c0);
      bestWall = Math.min(bestWall, performance.now() - t0);
      best = Math.min(best, (cpu.user + cpu.system) / 1000);
      rows = bill.readings;
      total = bill.total;
    }
    worst = Math.max(worst, best);
    console.log(`  ${tariff.name.padEnd(38)} ${rows} rows: parse + bill ${best.toFixed(1).padStart(6)} ms CPU, ${bestWall.toFixed(1).padStart(6)} ms wall (best of 9), total £${total}`);
  }
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [here('../src/cli/main.js'), 'tariffs', 'cost', '--tariff', join(SAMPLES, 'lanternwick/economy-7.json'), '--readings', csv, '--json'], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`ltds tariffs cost failed: ${r.stderr}`);
  console.log(`  ltds tariffs cost (whole command, Node start-up included): ${(performance.now() - t0).toFixed(0)} ms wall`);
  console.log(`  target compute < 100 ms: ${worst < 100 ? 'met' : 'NOT MET'} (slowest tariff ${worst.toFixed(1)} ms)`);
}

/**
 * `GET /tariff/v1/tariff/{mpid}` on `ltds serve` (the samples imported) on SQLite and, when a server
 * answers, PostgreSQL, beside a bare Fastify route answering the same bytes: best of 3 runs of 5 s
 * after a warm-up, 16 connections, with the server's CPU per request and the ratio to the peer.
 */
export async function tariffsListBench(): Promise<void> {
  const dir = join(CACHE_DIR, 'tariffs', 'serve');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, 'out'), { recursive: true });
  const path = '/tariff/v1/tariff/ZLNT?limit=20&meter_type=single_rate';
  console.log(`\n# Tariffs — GET ${path} on ltds serve vs a bare Fastify route with the same body (16 connections; best of 3 runs of 5 s after a 3 s warm-up${pinned ? '; servers pinned to core 0' : ''}; load average ${loadAverage()})`);
  const engines: ('sqlite' | 'postgres')[] = ['sqlite', ...((await pgAvailable()) ? (['postgres'] as const) : [])];
  let peerLoad: Load | undefined;
  for (const engine of engines) {
    const pgDb = engine === 'postgres' ? await pgDatabase() : undefined;
    const where = pgDb ? ['--database-url', pgDb.url] : ['--db', join(dir, 'bench.sqlite')];
    try {
      const imported = spawnSync(process.execPath, [here('../src/cli/main.js'), 'tariffs', 'import', SAMPLES, ...where], { encoding: 'utf8' });
      if (imported.status !== 0) throw new Error(`tariffs import failed: ${imported.stderr}`);
      const ours = await startServerProcess([here('../src/cli/main.js'), 'serve', '--out', join(dir, 'out'), '--port', '0', ...where, '--log', join(dir, `requests-${engine}.jsonl`), '--json']);
      try {
        const body = await (await fetch(ours.url + path)).text();
        if (peerLoad === undefined) {
          const peer = await startServerProcess([here('./tariffs-peer.js'), body]);
          try {
            peerLoad = await best({ url: peer.url + path }, peer.child.pid);
          } finally {
            await stopServerProcess(peer.child);
          }
          console.log(row('peer: bare Fastify route, same body', peerLoad, peerLoad));
        }
        const r = await best({ url: ours.url + path }, ours.child.pid);
        console.log(row(`ltds serve tariff list (${engine})`, r, peerLoad));
        if (engine === 'sqlite') console.log(target('tariff list on SQLite', r, 5000, 20));
      } finally {
        await stopServerProcess(ours.child);
      }
    } finally {
      await pgDb?.drop();
    }
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  tariffsCostBench();
  await tariffsListBench();
}
