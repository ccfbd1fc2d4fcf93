// Opens the database behind a store: a SQLite file through better-sqlite3, or a PostgreSQL
// database through a `pg` pool. Every failure to reach it becomes one LtdsError with one clear line.

import { chmodSync, existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect, type SqliteDialectConfig } from 'kysely';
import pg from 'pg';
import { LtdsError } from '../errors/index.js';
import type { Engine } from './migrations.js';
import { BUSY_MS, LogSync, SqliteStoreDriver } from './sqlite-driver.js';
import type { StoreTables } from './tables.js';

/** Kysely's SQLite dialect (compiler, adapter, introspection) over the store's own driver. */
class StoreSqliteDialect extends SqliteDialect {
  constructor(private readonly driver: SqliteStoreDriver) {
    super({ database: {} as SqliteDialectConfig['database'] });
  }

  override createDriver(): SqliteStoreDriver {
    return this.driver;
  }
}

/** An open database: the typed query root, and how to close it. */
export interface Connection {
  engine: Engine;
  /** The file, or the URL without its password, for messages. */
  where: string;
  db: Kysely<StoreTables>;
}

/**
 * Opens (creating if needed) a SQLite file: WAL, foreign keys on, mode 0600. Commits are durable
 * when acknowledged: synchronous=NORMAL plus the driver's own sync of the log after each commit
 * (off the event loop; see sqlite-driver.ts), or synchronous=FULL where WAL is not available.
 * `syncFd` replaces the log's fdatasync (tests observe the order of commits and syncs with it).
 */
export function openSqlite(file: string, syncFd?: (fd: number) => Promise<void>): Connection {
  let handle: Database.Database;
  let logSync: LogSync | undefined;
  try {
    if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
    const isNew = file !== ':memory:' && !existsSync(file);
    handle = new Database(file);
    if (isNew) chmodSync(file, 0o600); // holds secret hashes and signing keys
    const wal = handle.pragma('journal_mode = WAL', { simple: true }) === 'wal';
    handle.pragma('foreign_keys = ON');
    if (wal) {
      handle.pragma('synchronous = NORMAL');
      logSync = new LogSync(`${file}-wal`, syncFd);
    } else handle.pragma('synchronous = FULL');
    handle.pragma(`busy_timeout = ${BUSY_MS}`);
  } catch (err) {
    throw new LtdsError('STORE_OPEN', `cannot open the store ${file}: ${(err as Error).message}`, { where: file }, {}, err);
  }
  return { engine: 'sqlite', where: file, db: new Kysely<StoreTables>({ dialect: new StoreSqliteDialect(new SqliteStoreDriver(handle, file, logSync)) }) };
}

/** The URL as it may be shown: the password replaced by `***`. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return url.replace(/\/\/([^:/@]*):[^@]*@/, '//$1:***@');
  }
}

/** Checks a `--database-url` and returns its parts (STORE_URL when it is not a postgres:// URL). */
export function parsePostgresUrl(url: string): { host: string; port: number; database: string; shown: string } {
  const shown = redactUrl(url);
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new LtdsError('STORE_URL', `the database URL '${shown}' is not a URL; expected postgres://user@host:5432/database`, { url: shown });
  }
  if (u.protocol !== 'postgres:' && u.protocol !== 'postgresql:') {
    throw new LtdsError('STORE_URL', `the database URL '${shown}' has scheme '${u.protocol.replace(/:$/, '')}'; only postgres:// (or postgresql://) is supported (use --db <file> for SQLite)`, { url: shown });
  }
  if (!u.hostname) throw new LtdsError('STORE_URL', `the database URL '${shown}' names no host; expected postgres://user@host:5432/database`, { url: shown });
  const database = decodeURIComponent(u.pathname.replace(/^\//, '')) || decodeURIComponent(u.username) || 'postgres';
  return { host: u.hostname, port: Number(u.port || 5432), database, shown };
}

/** One line saying why PostgreSQL could not be reached. */
function connectFailure(err: unknown, target: { host: string; port: number; database: string; shown: string }): LtdsError {
  const e = err as { code?: string; message?: string };
  const at = `${target.host}:${target.port}`;
  const why =
    e.code === 'ECONNREFUSED'
      ? `connection refused at ${at} (is PostgreSQL running there?)`
      : e.code === 'ENOTFOUND' || e.code === 'EAI_AGAIN'
        ? `host '${target.host}' not found`
        : e.code === '3D000'
          ? `database '${target.database}' does not exist on ${at} (create it with: createdb -h ${target.host} -p ${target.port} ${target.database})`
          : e.code === '28P01' || e.code === '28000'
            ? `authentication failed at ${at}: ${e.message}`
            : /timeout/i.test(e.message ?? '')
              ? `no answer from ${at} within 5 s`
              : (e.message ?? String(err));
  return new LtdsError('STORE_CONNECT', `cannot connect to the PostgreSQL store ${target.shown}: ${why}`, { url: target.shown, reason: e.code ?? 'unknown' }, {}, err);
}

/** Connects to PostgreSQL and checks that the database answers. */
export async function openPostgres(url: string, poolSize = 10): Promise<Connection> {
  const target = parsePostgresUrl(url);
  const pool = new pg.Pool({ connectionString: url, max: poolSize, connectionTimeoutMillis: 5000, application_name: 'ltds' });
  // An idle connection dropped by the server must not crash the host; the next query reconnects
  // and /ready reports the database while it cannot.
  pool.on('error', () => {});
  try {
    const client = await pool.connect();
    client.release();
  } catch (err) {
    await pool.end().catch(() => {});
    throw connectFailure(err, target);
  }
  return { engine: 'postgres', where: target.shown, db: new Kysely<StoreTables>({ dialect: new PostgresDialect({ pool }) }) };
}
