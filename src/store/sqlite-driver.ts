// The Kysely driver of the SQLite store (better-sqlite3): one connection behind a queue, prepared
// statements kept by their SQL text, transactions that take the write lock at once, and commits
// made durable by an fdatasync of the write-ahead log that runs off the event loop.
//
// Why not Kysely's own SqliteDriver: it prepares every statement again for every query (the
// preparation cost more than the query itself on the host's hot paths), and with synchronous=FULL
// each commit's fsync (~2.5 ms on the machines here) blocked the event loop, so nothing else —
// parsing requests, answering reads — could run while a commit reached the disk.
//
// Durability is unchanged: the connection runs with synchronous=NORMAL, which in WAL mode writes a
// commit's frames to the log without syncing it, and this driver then syncs the log itself before
// the write is acknowledged (the promise of the statement, or of the transaction, resolves only
// after the sync) and before the connection runs anyone else's query, so this process never reads
// a change that is not yet durable. Commits share a sync when they can. Checkpoints are synced by
// SQLite itself (NORMAL syncs the log before, and the database after, each checkpoint). What FULL
// gave and this does not: another process reading the same file (an `ltds` command beside the
// host) can see a commit during the few milliseconds before its sync; after an operating-system
// crash in that window the commit is gone (it was never acknowledged).

import { closeSync, fdatasync, openSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import type Database from 'better-sqlite3';
import { CompiledQuery, type DatabaseConnection, type Driver, type QueryResult } from 'kysely';
import { LtdsError } from '../errors/index.js';

/** How long a writer waits for another connection's (another process's) write lock. */
export const BUSY_MS = 5000;

/** Prepared statements kept per connection (least recently used dropped beyond this). */
const STATEMENTS = 256;

/**
 * Syncs the write-ahead log file. A sync asked for while one is running waits for the next one
 * (the running one may have started before the caller's frames were written); all who ask during a
 * running sync share that next one.
 */
export class LogSync {
  private fd: number | undefined;
  private running: Promise<void> | undefined;
  private next: Promise<void> | undefined;
  /** Syncs done (for tests and the benchmark). */
  syncs = 0;

  private readonly syncFd: (fd: number) => Promise<void>;

  constructor(
    private readonly walFile: string,
    syncFd?: (fd: number) => Promise<void>,
  ) {
    this.syncFd = syncFd ?? ((fd) => new Promise((resolve, reject) => fdatasync(fd, (err) => (err ? reject(err) : resolve()))));
  }

  /** Resolves once everything written to the log before this call is on disk. */
  sync(): Promise<void> {
    if (this.running === undefined) {
      this.running = this.once().finally(() => (this.running = undefined));
      return this.running;
    }
    this.next ??= this.running.then(
      () => ((this.next = undefined), this.sync()),
      () => ((this.next = undefined), this.sync()),
    );
    return this.next;
  }

  private async once(): Promise<void> {
    if (this.fd === undefined) {
      // Opened on first use. No log file means nothing was written to one: nothing to sync.
      try {
        this.fd = openSync(this.walFile, 'r+');
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
        throw err;
      }
    }
    await this.syncFd(this.fd);
    this.syncs++;
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }
}

/** Runs compiled queries on the one better-sqlite3 handle, with its prepared statements kept. */
class Connection implements DatabaseConnection {
  private readonly statements = new Map<string, Database.Statement>();
  /** Set when a statement changed the database outside a transaction, or ended one: a log sync is owed. */
  wrote = false;

  constructor(private readonly handle: Database.Database) {}

  private prepared(sql: string): Database.Statement {
    let stmt = this.statements.get(sql);
    if (stmt !== undefined) {
      // Most recently used last, so the first key is the one to drop.
      this.statements.delete(sql);
    } else {
      stmt = this.handle.prepare(sql);
      if (this.statements.size >= STATEMENTS) this.statements.delete(this.statements.keys().next().value as string);
    }
    this.statements.set(sql, stmt);
    return stmt;
  }

  executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    const stmt = this.prepared(query.sql);
    const params = query.parameters as unknown[];
    if (stmt.reader) return Promise.resolve({ rows: stmt.all(params) as R[] });
    const { changes, lastInsertRowid } = stmt.run(params);
    if (!this.handle.inTransaction) this.wrote = true;
    return Promise.resolve({ numAffectedRows: BigInt(changes), insertId: BigInt(lastInsertRowid), rows: [] });
  }

  async *streamQuery<R>(query: CompiledQuery): AsyncIterableIterator<QueryResult<R>> {
    // Its own statement: a kept one could be asked for again while this one is still iterating.
    const stmt = this.handle.prepare(query.sql);
    if (!stmt.reader) throw new Error('the SQLite store streams only queries that return rows');
    for (const row of stmt.iterate(query.parameters as unknown[])) yield { rows: [row as R] };
  }
}

/**
 * The driver. `logSync` is given when the connection runs in WAL mode with synchronous=NORMAL;
 * without it (an in-memory database) commits are acknowledged as SQLite returns them.
 */
export class SqliteStoreDriver implements Driver {
  private readonly connection: Connection;
  private readonly waiting: (() => void)[] = [];
  private held = false;

  constructor(
    private readonly handle: Database.Database,
    private readonly file: string,
    private readonly logSync: LogSync | undefined,
  ) {
    this.connection = new Connection(handle);
  }

  async init(): Promise<void> {}

  async acquireConnection(): Promise<DatabaseConnection> {
    if (this.held) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.held = true;
    return this.connection;
  }

  async releaseConnection(): Promise<void> {
    // The connection stays held until this caller's writes are on disk, so no other query of this
    // process sees a change before it is durable (the event loop stays free meanwhile).
    if (this.connection.wrote && this.logSync !== undefined) {
      this.connection.wrote = false;
      try {
        await this.logSync.sync();
      } finally {
        this.handOn();
      }
    } else this.handOn();
  }

  /** Gives the connection to the next waiting query, or marks it free. */
  private handOn(): void {
    this.connection.wrote = false;
    const next = this.waiting.shift();
    if (next) next();
    else this.held = false;
  }

  /**
   * BEGIN IMMEDIATE: the write lock is taken at once, so a transaction that reads and then writes
   * can never fail half-way because another writer came in between. The wait for a lock held by
   * another process is asynchronous (busy_timeout 0 and a retry with back-off): the busy handler's
   * wait would block the event loop.
   */
  async beginTransaction(connection: DatabaseConnection): Promise<void> {
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

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('commit'));
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('rollback'));
    // Nothing of a rolled-back transaction is owed to the disk.
    this.connection.wrote = false;
  }

  async destroy(): Promise<void> {
    this.handle.close();
    this.logSync?.close();
  }
}
