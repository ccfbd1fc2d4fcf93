// `npm run bench` — the store on each engine, side by side: bearer tokens issued per second (the
// active key read from the store and an EdDSA signature, as the token endpoint does after the
// secret check) and account lookups per second (by id, as every bearer verification does), with
// 8 operations in flight as a busy host has. SQLite: a fresh file; PostgreSQL: a fresh database
// on LTDS_BENCH_PG_URL (default postgres://postgres@127.0.0.1:5432/postgres), dropped afterwards.

import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { TokenService } from '../src/server/auth/tokens.js';
import { ALL_MIGRATIONS } from '../src/services/migrations.js';
import { openStore, type Account, type Engine, type Store } from '../src/store/index.js';

const ADMIN_URL = process.env.LTDS_BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const IN_FLIGHT = 8;
const SECONDS = 2;

interface Rates {
  tokens: number;
  lookups: number;
}

/** Runs `op` with IN_FLIGHT callers for SECONDS and returns operations per second. */
async function rate(op: (i: number) => Promise<unknown>): Promise<number> {
  for (let i = 0; i < 50; i++) await op(i); // warm-up
  let done = 0;
  const end = performance.now() + SECONDS * 1000;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: IN_FLIGHT }, async () => {
      while (performance.now() < end) await op(done++);
    }),
  );
  return done / ((performance.now() - start) / 1000);
}

async function measure(store: Store): Promise<Rates> {
  const accounts: Account[] = [];
  for (let i = 0; i < 20; i++) accounts.push((await store.accounts.add({ name: `bench ${i}`, role: 'data_user' })).account);
  const tokens = new TokenService(store, { ttlSeconds: 7200, issuer: 'ltds-toolkit', audience: 'ltds-api', now: () => new Date() });
  const tokenRate = await rate((i) => tokens.issue(accounts[i % accounts.length]!));
  const lookupRate = await rate(async (i) => {
    if (!(await store.accounts.get(accounts[i % accounts.length]!.accountId))) throw new Error('account lost');
  });
  return { tokens: tokenRate, lookups: lookupRate };
}

async function onEngine(engine: Engine): Promise<Rates | string> {
  if (engine === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'ltds-bench-store-'));
    const store = await openStore({ file: join(dir, 'ltds.sqlite'), migrations: ALL_MIGRATIONS });
    try {
      return await measure(store);
    } finally {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }
  const name = `ltds_bench_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  try {
    await admin.connect();
  } catch (err) {
    return `not measured: PostgreSQL at ${ADMIN_URL} does not answer (${(err as Error).message})`;
  }
  try {
    await admin.query(`CREATE DATABASE ${admin.escapeIdentifier(name)}`);
    const url = new URL(ADMIN_URL);
    url.pathname = `/${name}`;
    const store = await openStore({ url: url.toString(), migrations: ALL_MIGRATIONS });
    try {
      return await measure(store);
    } finally {
      await store.close();
    }
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${admin.escapeIdentifier(name)} WITH (FORCE)`);
    await admin.end();
  }
}

/** Prints tokens/s and lookups/s on SQLite and PostgreSQL side by side. */
export async function storeBench(): Promise<void> {
  console.log(`\n# Store — operations per second on each engine (${IN_FLIGHT} in flight, ${SECONDS} s each)`);
  const sqlite = await onEngine('sqlite');
  const postgres = await onEngine('postgres');
  if (typeof sqlite === 'string') throw new Error(sqlite);
  const cell = (r: Rates | string, k: keyof Rates) => (typeof r === 'string' ? '—' : `${Math.round(r[k])}/s`);
  console.log(`  ${''.padEnd(28)} ${'SQLite'.padStart(10)} ${'PostgreSQL'.padStart(12)}  PostgreSQL / SQLite`);
  for (const [k, label] of [
    ['tokens', 'token issuance'],
    ['lookups', 'account lookup by id'],
  ] as const) {
    const ratio = typeof postgres === 'string' ? '—' : `${(postgres[k] / sqlite[k]).toFixed(2)}×`;
    console.log(`  ${label.padEnd(28)} ${cell(sqlite, k).padStart(10)} ${cell(postgres, k).padStart(12)}  ${ratio}`);
  }
  if (typeof postgres === 'string') console.log(`  PostgreSQL ${postgres}`);
}
