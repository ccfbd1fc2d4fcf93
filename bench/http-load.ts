// Shared by the HTTP benchmarks of the DAR and tariff APIs: autocannon runs (best of N after a
// warm-up) with the server process's CPU time per request (from /proc: what the request cost the
// host, whatever else the machine was running), a throw-away PostgreSQL database when a server
// answers, and the lines that print a figure beside its peer and its target.

import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import autocannon from 'autocannon';
import pg from 'pg';

export const PG_URL = process.env.LTDS_BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface Load {
  rps: number;
  p99: number;
  errors: number;
  /** Server CPU (user + system) per request, µs; NaN without a pid. */
  cpuUs: number;
}

/** CPU time of a process in clock ticks (10 ms), or NaN. */
function cpuTicks(pid: number | undefined): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return NaN;
  }
}

/** One autocannon run of `seconds` (16 connections unless `opts` says otherwise). */
export async function load(opts: autocannon.Options, seconds: number, pid?: number): Promise<Load> {
  const t0 = cpuTicks(pid);
  const r = await autocannon({ connections: 16, pipelining: 1, ...opts, duration: seconds });
  const ticks = cpuTicks(pid) - t0;
  return { rps: r.requests.average, p99: r.latency.p99, errors: r.errors + r.timeouts + r.non2xx, cpuUs: (ticks * 10_000) / Math.max(1, r.requests.total) };
}

/** A 3 s warm-up, then the best (by requests/s) of `runs` runs of 5 s. */
export async function best(opts: autocannon.Options, pid?: number, runs = 3): Promise<Load> {
  await load(opts, 3);
  const all: Load[] = [];
  for (let i = 0; i < runs; i++) all.push(await load(opts, 5, pid));
  return all.reduce((a, b) => (b.rps > a.rps ? b : a));
}

/** The 1-minute load average, for every printed figure. */
export const loadAverage = (): string => readFileSync('/proc/loadavg', 'utf8').split(' ')[0]!;

/** One result row: requests/s, p99, errors, server CPU per request and the ratio to the peer. */
export function row(label: string, r: Load, peer: Load): string {
  const cpu = Number.isFinite(r.cpuUs) ? `  server CPU ${r.cpuUs.toFixed(0).padStart(4)} µs/req` : '';
  return `  ${label.padEnd(44)} ${r.rps.toFixed(0).padStart(6)} req/s  p99 ${String(r.p99).padStart(3)} ms  errors ${r.errors}${cpu}   ratio to the bare route ${(r.rps / peer.rps).toFixed(2)}×`;
}

/** A target line: met or NOT MET, with the figures it was judged on and the load average. */
export function target(label: string, r: Load, minRps: number, maxP99: number): string {
  const ok = r.rps >= minRps && r.p99 < maxP99 && r.errors === 0;
  return `  target ${label}: ≥ ${minRps.toLocaleString('en-GB')} req/s with p99 < ${maxP99} ms: ${ok ? 'met' : 'NOT MET'} (${r.rps.toFixed(0)} req/s, p99 ${r.p99} ms, load average ${loadAverage()})`;
}

/** True when a PostgreSQL server answers at PG_URL. */
export async function pgAvailable(): Promise<boolean> {
  const c = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 2000 });
  try {
    await c.connect();
    await c.end();
    return true;
  } catch {
    return false;
  }
}

/** A new PostgreSQL database: its URL and how to drop it. */
export async function pgDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `ltds_bench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: PG_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const u = new URL(PG_URL);
  u.pathname = `/${name}`;
  return {
    url: u.toString(),
    drop: async () => {
      const a = new pg.Client({ connectionString: PG_URL });
      await a.connect();
      await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await a.end();
    },
  };
}
