// The store's schema steps (versions 1–99), written once with Kysely's schema builder so the same
// step runs on SQLite and PostgreSQL. Domains keep their own lists (DAR 100–199, tariffs 200–299);
// src/services/migrations.ts composes them all.

import { sql, type Kysely } from 'kysely';

/** The database engine a store runs on. */
export type Engine = 'sqlite' | 'postgres';

/**
 * One forward-only schema step. `version` is unique across every domain's list; `up` runs once, in
 * its own transaction, and is recorded in `store_migrations`. Use `engine` only for the rare
 * difference the schema builder cannot hide (SQLite STRICT tables, identity columns).
 */
export interface Migration {
  version: number;
  name: string;
  up(db: Kysely<any>, engine: Engine): Promise<void>; // eslint-disable-line @typescript-eslint/no-explicit-any -- a migration sees tables that the types do not know yet
}

/** SQLite tables are STRICT (a column holds only its declared type), as PostgreSQL's are anyway. */
export const strict = (engine: Engine) => (engine === 'sqlite' ? sql`strict` : sql``);

/** `col IN ('a', 'b', ...)` for a CHECK constraint over a fixed list of words. */
export const oneOf = (column: string, words: readonly string[]) => sql`${sql.ref(column)} in (${sql.join(words.map((w) => sql.lit(w)))})`;

/** The store's own migrations. */
export const STORE_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'accounts and JWT signing keys',
    async up(db, engine) {
      await db.schema
        .createTable('accounts')
        .addColumn('account_id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('role', 'text', (c) => c.notNull())
        .addColumn('duid', 'text', (c) => c.unique())
        .addColumn('secret_hash', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull().defaultTo('active'))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addCheckConstraint('accounts_role', oneOf('role', ['data_user', 'data_provider', 'dcc', 'admin', 'portal']))
        .addCheckConstraint('accounts_status', oneOf('status', ['active', 'suspended']))
        .modifyEnd(strict(engine))
        .execute();
      await db.schema
        .createTable('account_events')
        .addColumn('id', 'integer', (c) => (engine === 'postgres' ? c.primaryKey().generatedByDefaultAsIdentity() : c.primaryKey()))
        .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.account_id'))
        .addColumn('event', 'text', (c) => c.notNull())
        .addColumn('at', 'text', (c) => c.notNull())
        .addCheckConstraint('account_events_event', oneOf('event', ['created', 'secret-rotated', 'suspended', 'reactivated']))
        .modifyEnd(strict(engine))
        .execute();
      await db.schema.createIndex('account_events_by_account').on('account_events').column('account_id').execute();
      await db.schema
        .createTable('signing_keys')
        .addColumn('kid', 'text', (c) => c.primaryKey())
        .addColumn('alg', 'text', (c) => c.notNull())
        .addColumn('private_pem', 'text', (c) => c.notNull())
        .addColumn('public_pem', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('retired_at', 'text')
        .addColumn('verify_until', 'text')
        .addCheckConstraint('signing_keys_alg', oneOf('alg', ['EdDSA']))
        .modifyEnd(strict(engine))
        .execute();
    },
  },
  {
    version: 2,
    name: 'outbox jobs',
    async up(db, engine) {
      await db.schema
        .createTable('jobs')
        .addColumn('job_id', 'text', (c) => c.primaryKey())
        .addColumn('topic', 'text', (c) => c.notNull())
        .addColumn('payload', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull().defaultTo('pending'))
        .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('due_at', 'text', (c) => c.notNull())
        .addColumn('locked_by', 'text')
        .addColumn('locked_until', 'text')
        .addColumn('last_error', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addColumn('finished_at', 'text')
        .addCheckConstraint('jobs_status', oneOf('status', ['pending', 'done', 'dead']))
        .modifyEnd(strict(engine))
        .execute();
      // The claim query reads pending rows in due order (per topic or across topics).
      await db.schema.createIndex('jobs_due').on('jobs').columns(['status', 'due_at']).execute();
      await db.schema.createIndex('jobs_topic_due').on('jobs').columns(['topic', 'status', 'due_at']).execute();
    },
  },
];
