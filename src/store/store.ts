// The one store every API shares, on SQLite (a file, the embedded default) or PostgreSQL (a URL):
// the connection, the migrations run at open, transactions (retried on PostgreSQL when they lose a
// serialisation race), and the accounts and signing keys repositories.

import { setTimeout as sleep } from 'node:timers/promises';
import { sql, type Kysely, type Transaction } from 'kysely';
import { LtdsError } from '../errors/index.js';
import { AccountStore } from './accounts.js';
import { openPostgres, openSqlite, type Connection } from './connect.js';
import { migrate } from './migrate.js';
import { STORE_MIGRATIONS, type Engine, type Migration } from './migrations.js';
import { SigningKeyStore } from './signing-keys.js';
import type { StoreTables } from './tables.js';

export interface StoreOptions {
  /** SQLite file (`:memory:` for a throw-away store). */
  file?: string;
  /** PostgreSQL URL (`postgres://user@host:5432/database`). */
  url?: string;
  /** Migrations to run (default: the store's own; server and CLI pass ALL_MIGRATIONS). */
  migrations?: readonly Migration[];
  /** Clock for timestamps (tests move it). */
  now?: () => Date;
  /** PostgreSQL pool size (default 10). */
  poolSize?: number;
}

/** What a transaction body receives: the typed query root bound to the transaction. */
export type Trx = Transaction<StoreTables>;

/** The store interface the APIs use. */
export interface Store {
  readonly engine: Engine;
  /** The SQLite file or the PostgreSQL URL (password hidden), for messages. */
  readonly where: string;
  /** Typed query root; a domain widens it with `store.db.withTables<TheirTables>()`. */
  readonly db: Kysely<StoreTables>;
  readonly accounts: AccountStore;
  readonly signingKeys: SigningKeyStore;
  /** Schema version after migrations (the newest applied step). */
  readonly schemaVersion: number;
  /** The store's clock. */
  readonly now: () => Date;
  /**
   * Runs `fn` in one transaction: all its writes or none. SQLite: BEGIN IMMEDIATE (one writer).
   * PostgreSQL: SERIALIZABLE, and `fn` runs again when it loses a serialisation race (at least 10
   * times and for up to 15 s), so it must not have effects outside the database. Use only `trx` inside `fn`.
   */
  transaction<T>(fn: (trx: Trx) => Promise<T>): Promise<T>;
  /** True when the database answers a query within 3 s. */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

/** PostgreSQL's "try again" codes: serialization_failure and deadlock_detected. */
const RETRYABLE = new Set(['40001', '40P01']);
/** A transaction is retried at least this many times, and for as long as this budget lasts (so a slow, busy machine gets the same chances as a quiet one). */
const MIN_ATTEMPTS = 10;
const RETRY_BUDGET_MS = 15_000;

function runner(engine: Engine, db: Kysely<StoreTables>, where: string): Store['transaction'] {
  if (engine === 'sqlite') return (fn) => db.transaction().execute(fn);
  return async (fn) => {
    const started = Date.now();
    for (let attempt = 1; ; attempt++) {
      try {
        return await db.transaction().setIsolationLevel('serializable').execute(fn);
      } catch (err) {
        if (!RETRYABLE.has((err as { code?: string }).code ?? '')) throw err;
        if (attempt >= MIN_ATTEMPTS && Date.now() - started >= RETRY_BUDGET_MS) {
          throw new LtdsError('STORE_CONFLICT', `a transaction on ${where} lost ${attempt} serialisation races in a row (${Math.round((Date.now() - started) / 1000)} s); try again`, { where, attempts: attempt }, {}, err);
        }
        // Jittered back-off, so the racers do not meet again at once.
        await sleep(Math.random() * 5 * 2 ** Math.min(attempt, 6));
      }
    }
  };
}

/** Opens the store (a SQLite `file` or a PostgreSQL `url`) and runs its migrations. */
export async function openStore(options: StoreOptions): Promise<Store> {
  const now = options.now ?? (() => new Date());
  if (options.file !== undefined && options.url !== undefined) throw new LtdsError('USAGE', 'give the store a SQLite file or a PostgreSQL URL, not both', { option: 'url' });
  let conn: Connection;
  if (options.url !== undefined) conn = await openPostgres(options.url, options.poolSize);
  else if (options.file !== undefined) conn = openSqlite(options.file);
  else throw new LtdsError('USAGE', 'the store needs a SQLite file or a PostgreSQL URL', { option: 'file' });
  const { engine, where, db } = conn;
  let schemaVersion: number;
  try {
    schemaVersion = await migrate(db, engine, options.migrations ?? STORE_MIGRATIONS, where, now);
  } catch (err) {
    await db.destroy();
    throw err;
  }
  const transaction = runner(engine, db, where);
  const core = { engine, db, transaction, now };
  let closed: Promise<void> | undefined;
  return {
    engine,
    where,
    db,
    accounts: new AccountStore(core),
    signingKeys: new SigningKeyStore(core),
    schemaVersion,
    now,
    transaction,
    ping: async () => {
      const answer = sql<{ ok: number }>`select 1 as ok`.execute(db).then(
        (r) => Number(r.rows[0]?.ok) === 1,
        () => false,
      );
      const timeout = sleep(3000, false, { ref: false });
      return Promise.race([answer, timeout]);
    },
    close: () => (closed ??= db.destroy()),
  };
}
