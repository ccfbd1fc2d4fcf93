// Where the CLI's commands find the store: `--database-url` (or LTDS_DATABASE_URL) for
// PostgreSQL, else `--db <file>` (or LTDS_DB), else the SQLite file beside the publication folder.

import { dirname, join, resolve } from 'node:path';
import { Option, type Command } from 'commander';
import { LtdsError } from '../errors/index.js';
import type { Store } from '../store/index.js';

/** The options a command that opens the store takes. */
export interface StoreLocationOptions {
  db?: string;
  databaseUrl?: string;
  out: string;
}

/** The default store file: `<out>/../data/ltds.sqlite` (so `./data/ltds.sqlite` for `--out out`). */
export function defaultDbPath(outDir: string): string {
  return join(dirname(resolve(outDir)), 'data', 'ltds.sqlite');
}

/** Adds `--db` and `--database-url` to a command. */
export function storeOptions(cmd: Command): Command {
  return cmd
    .addOption(new Option('--db <file>', 'SQLite store (default <out>/../data/ltds.sqlite)').env('LTDS_DB'))
    .addOption(new Option('--database-url <url>', 'PostgreSQL store instead of SQLite: postgres://user@host:5432/database').env('LTDS_DATABASE_URL'));
}

/** `{ url }` or `{ file }` for openStore; both given is a usage error. */
export function storeLocation(opts: StoreLocationOptions): { url: string } | { file: string } {
  if (opts.databaseUrl !== undefined && opts.db !== undefined) {
    throw new LtdsError('USAGE', 'give --db <file> (SQLite) or --database-url <url> (PostgreSQL), not both (check LTDS_DB and LTDS_DATABASE_URL too)', { option: '--database-url' });
  }
  if (opts.databaseUrl !== undefined) return { url: opts.databaseUrl };
  return { file: resolve(opts.db ?? defaultDbPath(opts.out)) };
}

/** Opens the store the options name, with every migration of the host. */
export async function openCliStore(opts: StoreLocationOptions): Promise<Store> {
  const location = storeLocation(opts);
  const [{ openStore }, { ALL_MIGRATIONS }] = await Promise.all([import('../store/index.js'), import('../services/migrations.js')]);
  return openStore({ ...location, migrations: ALL_MIGRATIONS });
}

/** Runs `fn` with the store the options name, and closes it afterwards (also when `fn` throws). */
export async function withCliStore<T>(opts: StoreLocationOptions, fn: (store: Store) => Promise<T>): Promise<T> {
  const store = await openCliStore(opts);
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}
