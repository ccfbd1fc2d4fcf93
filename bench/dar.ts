// `npm run bench` — the Data Access Register on loopback: verify an Access Record (GET, the Data
// Provider's check) and create one (POST, durable) under autocannon, on SQLite and — when a server
// answers at LTDS_BENCH_PG_URL (default postgres://postgres@127.0.0.1:5432/postgres) — PostgreSQL,
// beside a bare Fastify route returning a constant in the same run; then the host's memory over a
// 60 s mixed run. `ltds serve` runs in its own process (pinned to core 0 when taskset is there).

import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ALL_MIGRATIONS } from '../src/services/migrations.js';
import { openStore } from '../src/store/index.js';
import { CACHE_DIR } from './fixtures.js';
import { best, load, loadAverage, pgAvailable, pgDatabase, row, target } from './http-load.js';
import { pinned, startServerProcess, type ServerProcess } from './server-process.js';

const here = (p: string): string => fileURLToPath(new URL(p, import.meta.url));
const MEMORY_SECONDS = Number(process.env.LTDS_BENCH_DAR_MEMORY_SECONDS ?? 60);

function rssMb(pid: number | undefined): number {
  try {
    return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) / 1024;
  } catch {
    return NaN;
  }
}

const identity = { 'pii-principal': { mpxn: '1312345678907', 'move-in-date': '2019-04-01' }, 'expressed-by': 'data-subject' };
const record = (ir: string) => ({
  'record-metadata': { 'schema-version': '1.0', 'identity-record-ref': ir, 'controller-arrangement': { 'arrangement-type': 'sole', controllers: [{ name: 'Bench Ltd', role: 'sole', 'contact-url': 'https://bench.example.com' }] } },
  notice: { 'shared-notice': { 'terms-url': 'https://bench.example.com/terms', 'notice-version': '1' } },
  processing: { 'legal-basis': 'uk-consent', purpose: 'Benchmark', 'data-types': ['HH-CONSUMPTION'] },
  'access-event': { state: 'ACTIVE', 'registered-at': '2026-11-01T00:00:00Z', expiry: '2030-01-01T00:00:00Z', consent: { 'consent-type': 'expressed-consent' } },
});

/** A host on one engine with a Data User: the token, and one ak to verify. */
async function host(engine: 'sqlite' | 'postgres', dir: string): Promise<{ server: ServerProcess; token: string; ak: string; body: string; cleanup: () => Promise<void> }> {
  let location: { file: string } | { url: string };
  let cleanup = async () => {};
  if (engine === 'sqlite') location = { file: join(dir, 'dar.sqlite') };
  else {
    const db = await pgDatabase();
    location = { url: db.url };
    cleanup = db.drop;
  }
  const store = await openStore({ ...location, migrations: ALL_MIGRATIONS });
  const { account, secret } = await store.accounts.add({ name: 'Bench Ltd', role: 'data_user' });
  await store.close();
  const out = join(dir, 'out');
  mkdirSync(out, { recursive: true });
  const server = await startServerProcess([here('../src/cli/main.js'), 'serve', '--out', out, '--port', '0', '--json', '--log', join(dir, `requests-${engine}.jsonl`), '--dar-verify-rate-limit', '0', ...('file' in location ? ['--db', location.file] : ['--database-url', location.url])]);
  const tokenRes = await fetch(`${server.url}/dar/v1/auth/token`, { headers: { authorization: `Basic ${Buffer.from(`${account.accountId}:${secret}`).toString('base64')}` } });
  const token = ((await tokenRes.json()) as { 'bearer-token': string })['bearer-token'];
  const h = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  const ir = ((await (await fetch(`${server.url}/dar/v1/identity-records`, { method: 'POST', headers: h, body: JSON.stringify(identity) })).json()) as { ir: string }).ir;
  const body = JSON.stringify(record(ir));
  const ak = ((await (await fetch(`${server.url}/dar/v1/access-records`, { method: 'POST', headers: h, body })).json()) as { 'access-token': { key: string } })['access-token'].key;
  return { server, token, ak, body, cleanup };
}

/** Runs the DAR benchmark and prints its figures. */
export async function darBench(): Promise<void> {
  const dir = join(CACHE_DIR, 'dar');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  console.log(`\n# Data Access Register (ltds serve on loopback${pinned ? ', server pinned to core 0' : ''}; 16 connections; best of 3 runs of 5 s after a 3 s warm-up; load average ${loadAverage()})`);
  const peer = await startServerProcess([here('./dar-peer.js')]);
  try {
    const bareGet = await best({ url: `${peer.url}/constant` }, peer.child.pid);
    const barePost = await best({ url: `${peer.url}/constant`, method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' }, peer.child.pid);
    console.log(row('peer: bare Fastify route, constant (GET)', bareGet, bareGet));
    console.log(row('peer: bare Fastify route, constant (POST)', barePost, barePost));
    const engines: ('sqlite' | 'postgres')[] = ['sqlite', ...((await pgAvailable()) ? (['postgres'] as const) : [])];
    for (const engine of engines) {
      const h = await host(engine, join(dir, engine));
      const pid = h.server.child.pid;
      try {
        const verify = await best({ url: `${h.server.url}/dar/v1/access-records/${h.ak}` }, pid);
        const create = await best({ url: `${h.server.url}/dar/v1/access-records`, method: 'POST', headers: { authorization: `Bearer ${h.token}`, 'content-type': 'application/json' }, body: h.body }, pid);
        console.log(row(`verify GET /access-records/{ak} (${engine})`, verify, bareGet));
        console.log(row(`create POST /access-records (${engine})`, create, barePost));
        if (engine === 'sqlite') {
          console.log(target('DAR verify on SQLite', verify, 10_000, 20));
          console.log(target('DAR create on SQLite (durable)', create, 2000, 50));
          // Memory over a long mixed run: verify and create at once, RSS sampled every 5 s.
          const samples: number[] = [];
          const timer = setInterval(() => samples.push(rssMb(h.server.child.pid)), 5000);
          await Promise.all([
            load({ url: `${h.server.url}/dar/v1/access-records/${h.ak}`, connections: 8 }, MEMORY_SECONDS),
            load({ url: `${h.server.url}/dar/v1/access-records`, method: 'POST', connections: 8, headers: { authorization: `Bearer ${h.token}`, 'content-type': 'application/json' }, body: h.body }, MEMORY_SECONDS),
          ]);
          clearInterval(timer);
          const settled = samples.slice(2);
          const growth = settled.length > 1 ? settled[settled.length - 1]! - settled[0]! : NaN;
          console.log(`  host RSS over a ${MEMORY_SECONDS} s mixed run (every 5 s): ${samples.map((s) => s.toFixed(0)).join(' ')} MB; from 10 s to the end ${growth >= 0 ? '+' : ''}${growth.toFixed(0)} MB (target flat: ${Math.abs(growth) < 30 ? 'met' : 'NOT MET'}; load average ${loadAverage()})`);
        }
      } finally {
        h.server.child.kill('SIGTERM');
        await new Promise((r) => h.server.child.once('exit', r));
        await h.cleanup();
      }
    }
  } finally {
    peer.child.kill('SIGTERM');
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await darBench();
