// The engines every store test runs on, and a fresh database per test store: a new SQLite file in
// a temporary folder, or a new PostgreSQL database with a random name, dropped when it closes (so
// runs on one machine never collide). LTDS_TEST_ENGINES=sqlite limits a local run to one engine;
// LTDS_TEST_PG_URL points at another server (default postgres://postgres@127.0.0.1:5432/postgres).

import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import pg from 'pg';
import { describe } from 'vitest';
import { openStore, type Engine, type Migration, type Store } from '../../src/store/index.js';
import { ALL_MIGRATIONS } from '../../src/services/migrations.js';

/** The engines to test (both unless LTDS_TEST_ENGINES names fewer). */
export const ENGINES: readonly Engine[] = (process.env.LTDS_TEST_ENGINES ?? 'sqlite,postgres')
  .split(',')
  .map((e) => e.trim())
  .filter((e): e is Engine => e === 'sqlite' || e === 'postgres');

/** The server that test databases are created on (its maintenance database). */
export const PG_ADMIN_URL = process.env.LTDS_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** `describe.each` over the engines: `eachEngine('accounts on %s', (engine) => { ... })`. */
export function eachEngine(name: string, fn: (engine: Engine) => void): void {
  describe.each(ENGINES.map((e) => [e] as const))(name, fn);
}

/** Where a test database lives: what openStore takes, and how to remove it. */
export interface TestDatabase {
  engine: Engine;
  /** `{ file }` or `{ url }`, to pass to openStore (more than once, as a restarted host would). */
  location: { file: string } | { url: string };
  /** Deletes the file's folder or drops the database (closing other sessions on it). */
  drop(): Promise<void>;
}

async function admin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: PG_ADMIN_URL });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** A new, empty database on `engine`. */
export async function testDatabase(engine: Engine): Promise<TestDatabase> {
  if (engine === 'sqlite') {
    const file = join(mkdtempSync(join(tmpdir(), 'ltds-store-')), 'data', 'ltds.sqlite');
    return { engine, location: { file }, drop: async () => rmSync(dirname(dirname(file)), { recursive: true, force: true }) };
  }
  const name = `ltds_test_${randomBytes(6).toString('hex')}`;
  await admin((c) => c.query(`CREATE DATABASE ${c.escapeIdentifier(name)}`));
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    engine,
    location: { url: url.toString() },
    drop: () => admin((c) => c.query(`DROP DATABASE IF EXISTS ${c.escapeIdentifier(name)} WITH (FORCE)`)).then(() => undefined),
  };
}

/** A store on a fresh database; closing it also removes the database. */
export interface TestStore extends Store {
  database: TestDatabase;
}

/** Opens a store on a fresh database of `engine` (with ALL_MIGRATIONS unless given others). */
export async function openTestStore(engine: Engine, migrations: readonly Migration[] = ALL_MIGRATIONS, options: { now?: () => Date } = {}): Promise<TestStore> {
  const database = await testDatabase(engine);
  let store: Store;
  try {
    store = await openStore({ ...database.location, migrations, now: options.now });
  } catch (err) {
    await database.drop();
    throw err;
  }
  return {
    ...store,
    database,
    close: async () => {
      await store.close();
      await database.drop();
    },
  };
}
