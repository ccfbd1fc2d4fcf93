// Runs the migration list against a database: records each applied step in `store_migrations`,
// refuses a database that holds a step this build does not know (it was migrated by a newer
// toolkit), and takes a lock so two hosts starting at once migrate one after the other.

import { sql, type Kysely } from 'kysely';
import { LtdsError } from '../errors/index.js';
import type { Engine, Migration } from './migrations.js';
import type { StoreTables } from './tables.js';

/** Key of the PostgreSQL advisory lock held while migrating (any fixed number; this one spells "ltds"). */
const MIGRATION_LOCK = 0x6c746473;

/** Checks the list: whole positive versions, each used once. */
function ordered(migrations: readonly Migration[]): Migration[] {
  const seen = new Map<number, string>();
  for (const m of migrations) {
    if (!Number.isInteger(m.version) || m.version < 1) throw new LtdsError('STORE_OPEN', `migration '${m.name}' has version ${m.version}; versions are whole numbers from 1`, { migration: m.version });
    const other = seen.get(m.version);
    if (other !== undefined) throw new LtdsError('STORE_OPEN', `migrations '${other}' and '${m.name}' both have version ${m.version}`, { migration: m.version });
    seen.set(m.version, m.name);
  }
  return [...migrations].sort((a, b) => a.version - b.version);
}

/**
 * A SQLite file written before `store_migrations` existed kept its version in `PRAGMA user_version`
 * (1 = the accounts and signing keys of migration 1); such a file is adopted, not migrated again.
 */
async function adoptUserVersion(db: Kysely<StoreTables>, where: string, at: string): Promise<void> {
  const { rows } = await sql<{ user_version: number }>`pragma user_version`.execute(db);
  const legacy = rows[0]?.user_version ?? 0;
  if (legacy === 0) return;
  if (legacy > 1) throw new LtdsError('STORE_VERSION', `the store ${where} has schema version ${legacy}, newer than this build knows; use a newer toolkit`, { where, version: legacy });
  await db.insertInto('store_migrations').values({ version: 1, name: 'accounts and JWT signing keys', applied_at: at }).execute();
}

async function runAll(db: Kysely<StoreTables>, engine: Engine, list: Migration[], where: string, now: () => Date): Promise<number> {
  const known = new Map(list.map((m) => [m.version, m]));
  const latest = list.at(-1)?.version ?? 0;
  const fresh = !(await tableExists(db, engine, 'store_migrations'));
  await db.schema
    .createTable('store_migrations')
    .ifNotExists()
    .addColumn('version', 'integer', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('applied_at', 'text', (c) => c.notNull())
    .execute();
  if (fresh && engine === 'sqlite') await adoptUserVersion(db, where, now().toISOString());

  const applied = await db.selectFrom('store_migrations').select(['version', 'name']).orderBy('version').execute();
  const unknown = applied.filter((r) => !known.has(Number(r.version)));
  if (unknown.length > 0) {
    const newest = unknown.at(-1)!;
    throw new LtdsError(
      'STORE_VERSION',
      `the store ${where} has schema version ${newest.version} ('${newest.name}'), which this build does not know (it knows up to ${latest}); it was migrated by a newer toolkit: run that version or a newer one`,
      { where, version: Number(newest.version), supported: latest },
    );
  }
  const done = new Set(applied.map((r) => Number(r.version)));
  for (const m of list) {
    if (done.has(m.version)) continue;
    try {
      await db.transaction().execute(async (trx) => {
        // Another process may have applied it since we looked (SQLite has no advisory lock; the
        // write transaction is the lock).
        const again = await trx.selectFrom('store_migrations').select('version').where('version', '=', m.version).executeTakeFirst();
        if (again) return;
        await m.up(trx, engine);
        await trx.insertInto('store_migrations').values({ version: m.version, name: m.name, applied_at: now().toISOString() }).execute();
      });
    } catch (err) {
      throw new LtdsError('STORE_OPEN', `migration ${m.version} (${m.name}) failed on ${where}: ${(err as Error).message}`, { where, migration: m.version }, {}, err);
    }
  }
  const top = await db.selectFrom('store_migrations').select((eb) => eb.fn.max('version').as('v')).executeTakeFirst();
  const version = Number(top?.v ?? 0);
  // An older toolkit reads user_version to refuse a newer file; keep it equal to the newest step.
  if (engine === 'sqlite') await sql`pragma user_version = ${sql.lit(version)}`.execute(db);
  return version;
}

async function tableExists(db: Kysely<StoreTables>, engine: Engine, name: string): Promise<boolean> {
  const { rows } =
    engine === 'sqlite'
      ? await sql<{ n: number }>`select count(*) as n from sqlite_master where type = 'table' and name = ${name}`.execute(db)
      : await sql<{ n: number }>`select count(*)::int as n from information_schema.tables where table_schema = current_schema() and table_name = ${name}`.execute(db);
  return Number(rows[0]?.n ?? 0) > 0;
}

/**
 * Applies the pending migrations of `migrations` in version order, each in its own transaction,
 * and returns the schema version (the newest applied step). `where` names the database in messages.
 */
export async function migrate(db: Kysely<StoreTables>, engine: Engine, migrations: readonly Migration[], where: string, now: () => Date = () => new Date()): Promise<number> {
  const list = ordered(migrations);
  if (engine === 'sqlite') return runAll(db, engine, list, where, now);
  // One connection holds a session advisory lock for the whole run: a second host waits, then
  // finds every step applied.
  return db.connection().execute(async (conn) => {
    await sql`select pg_advisory_lock(${sql.lit(MIGRATION_LOCK)})`.execute(conn);
    try {
      return await runAll(conn, engine, list, where, now);
    } finally {
      await sql`select pg_advisory_unlock(${sql.lit(MIGRATION_LOCK)})`.execute(conn);
    }
  });
}
