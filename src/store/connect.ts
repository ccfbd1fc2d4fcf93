// Opens the database behind a store: a SQLite file through better-sqlite3, or a PostgreSQL
// database through a `pg` pool. Every failure to reach it becomes one LtdsError with one clear line.

import { chmodSync, existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import Database from 'better-sqlite3';
import { CompiledQuery, Kysely, PostgresDialect, SqliteDialect, SqliteDriver, type DatabaseConnection, type SqliteDialectConfig } from 'kysely';
import pg from 'pg';
import { LtdsError } from '../errors/index.js';
import type { Engine } from './migrations.js';
import type { StoreTables } from './tables.js';

/** How long a SQLite writer waits for another connection's write lock. */
const BUSY_MS = 5000;

/**
 * SQLite transactions start with BEGIN IMMEDIATE: the write lock is taken at once, so a
 * transaction that reads and then writes can never fail half-way because another writer came in
 * between. The wait for the lock is asynchronous (busy_timeout 0 and a retry with back-off): the
 * busy handler's wait would block the event loop, and with it the other connection of this
 * process that holds the lock and is waiting for its next query.
 */
class ImmediateSqliteDriver extends SqliteDriver {
  constructor(
    config: SqliteDialectConfig,
    private readonly file: string,
  ) {
    super(config);
  }

  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    const deadline = Date.now() + BUSY_MS;
    await connection.executeQuery(CompiledQuery.raw('pragma busy_timeout = 0'));
    try {
      for (let wait = 1; ; wait = Math.min(wait * 2, 50)) {
        try {
          await connection.executeQuery(CompiledQuery.raw('begin immediate'));
          return;
        } catch (err) {
          if ((err as { code?: string }).code !== 'SQLITE_BUSY') throw err;
          if (Date.now() >= deadline) {
            throw new LtdsError('STORE_CONFLICT', `the SQLite store ${this.file} stayed locked by another writer for ${BUSY_MS / 1000} s; try again`, { where: this.file }, {}, err);
          }
          await sleep(wait * (0.5 + Math.random()));
        }
      }
    } finally {
      await connection.executeQuery(CompiledQuery.raw(`pragma busy_timeout = ${BUSY_MS}`));
    }
  }
}

class ImmediateSqliteDialect extends SqliteDialect {
  constructor(
    private readonly settings: SqliteDialectConfig,
    private readonly file: string,
  ) {
    super(settings);
  }

  override createDriver(): SqliteDriver {
    return new ImmediateSqliteDriver(this.settings, this.file);
  }
}

/** An open database: the typed query root, and how to close it. */
export interface Connection {
  engine: Engine;
  /** The file, or the URL without its password, for messages. */
  where: string;
  db: Kysely<StoreTables>;
}

/** Opens (creating if needed) a SQLite file: WAL, foreign keys on, synchronous=FULL, mode 0600. */
export function openSqlite(file: string): Connection {
  let handle: Database.Database;
  try {
    if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
    const isNew = file !== ':memory:' && !existsSync(file);
    handle = new Database(file);
    if (isNew) chmodSync(file, 0o600); // holds secret hashes and signing keys
    handle.pragma('journal_mode = WAL');
    handle.pragma('foreign_keys = ON');
    handle.pragma('synchronous = FULL');
    handle.pragma(`busy_timeout = ${BUSY_MS}`);
  } catch (err) {
    throw new LtdsError('STORE_OPEN', `cannot open the store ${file}: ${(err as Error).message}`, { where: file }, {}, err);
  }
  return { engine: 'sqlite', where: file, db: new Kysely<StoreTables>({ dialect: new ImmediateSqliteDialect({ database: handle }, file) }) };
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
