// The one store every API shares: a SQLite file (WAL, foreign keys on) whose migrations run when it
// opens. The DAR and tariff APIs add their tables through migrations.ts and their repositories here.

import { chmodSync, existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { LtdsError } from '../errors/index.js';
import { AccountStore } from './accounts.js';
import { MIGRATIONS, type Migration } from './migrations.js';
import { SigningKeyStore } from './signing-keys.js';

export interface StoreOptions {
  /** Clock for timestamps (tests move it). */
  now?: () => Date;
  /** Migrations to run (default: all of MIGRATIONS). */
  migrations?: readonly Migration[];
}

/** The store interface the APIs use. */
export interface Store {
  /** Path of the SQLite file (`:memory:` for an in-memory store). */
  readonly file: string;
  /** The database handle, for repositories of later APIs. Use parameterised statements only. */
  readonly db: Database.Database;
  readonly accounts: AccountStore;
  readonly signingKeys: SigningKeyStore;
  /** Schema version after migrations. */
  readonly schemaVersion: number;
  /** Runs `fn` in one transaction (all its writes or none). */
  tx<T>(fn: () => T): T;
  /** True when the database answers a query. */
  ping(): boolean;
  close(): void;
}

/** Applies pending migrations, each in its own transaction; refuses a database newer than this build. */
export function migrate(db: Database.Database, file: string, migrations: readonly Migration[] = MIGRATIONS): number {
  const current = db.pragma('user_version', { simple: true }) as number;
  const latest = migrations.reduce((m, x) => Math.max(m, x.version), 0);
  if (current > latest) {
    throw new LtdsError('STORE_VERSION', `the store ${file} has schema version ${current}, newer than this build's ${latest}; use a newer toolkit`, { file, version: current, supported: latest });
  }
  for (const m of [...migrations].sort((a, b) => a.version - b.version)) {
    if (m.version <= current) continue;
    try {
      db.transaction(() => {
        db.exec(m.sql);
        db.pragma(`user_version = ${Number(m.version)}`);
      })();
    } catch (err) {
      throw new LtdsError('STORE_OPEN', `migration ${m.version} (${m.name}) failed on ${file}: ${(err as Error).message}`, { file, migration: m.version }, {}, err);
    }
  }
  return db.pragma('user_version', { simple: true }) as number;
}

/** Opens (creating if needed) the store at `file` and runs its migrations. */
export function openStore(file: string, options: StoreOptions = {}): Store {
  const now = options.now ?? (() => new Date());
  let db: Database.Database;
  try {
    if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
    const isNew = file !== ':memory:' && !existsSync(file);
    db = new Database(file);
    if (isNew) chmodSync(file, 0o600); // holds secret hashes and signing keys
    db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    db.pragma('synchronous = FULL');
    db.pragma('busy_timeout = 5000');
  } catch (err) {
    throw new LtdsError('STORE_OPEN', `cannot open the store ${file}: ${(err as Error).message}`, { file }, {}, err);
  }
  let schemaVersion: number;
  try {
    schemaVersion = migrate(db, file, options.migrations);
  } catch (err) {
    db.close();
    throw err;
  }
  return {
    file,
    db,
    accounts: new AccountStore(db, now),
    signingKeys: new SigningKeyStore(db, now),
    schemaVersion,
    tx: <T>(fn: () => T): T => db.transaction(fn)(),
    ping: () => {
      try {
        return (db.prepare('SELECT 1 AS ok').get() as { ok: number }).ok === 1;
      } catch {
        return false;
      }
    },
    close: () => db.close(),
  };
}
