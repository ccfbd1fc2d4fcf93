// The store shared by the serving host's APIs: one typed query layer (Kysely) over SQLite (a file,
// the embedded default) or PostgreSQL (a URL). Domains build on it like this:
//
//   const store = await openStore({ file } | { url }, migrations: ALL_MIGRATIONS, now? });
//   store.engine                       'sqlite' | 'postgres'
//   store.db.withTables<DarTables>()   typed query root over the store's and the domain's tables
//   store.transaction(async (trx) => { ... trx.withTables<DarTables>() ... })
//                                      one transaction: SQLite BEGIN IMMEDIATE (one writer);
//                                      PostgreSQL SERIALIZABLE, the body re-run on a serialisation
//                                      failure (so no effects outside the database inside it, and
//                                      only `trx` inside it: on SQLite `store.db` would wait for it)
//   store.ping() / store.close() / store.schemaVersion / store.accounts / store.signingKeys
//
// Migrations: `{ version, name, up(db, engine) }` with Kysely's schema builder, forward-only, each
// in its own transaction, recorded in `store_migrations`; versions: store 1–99, DAR 100–199,
// tariffs 200–299. src/services/migrations.ts composes ALL_MIGRATIONS; server and CLI open with it.
// A database holding a version this build does not know is refused (STORE_VERSION).
//
// Conventions for every table, so the same query means the same on both engines:
// - timestamps: ISO-8601 UTC text with milliseconds (`2026-12-05T16:00:00.000Z`, Date#toISOString),
//   so text comparison is time order on both engines;
// - JSON: text (JSON.stringify / JSON.parse in the repository);
// - exact money: NUMERIC on PostgreSQL, TEXT on SQLite (a decimal string either way in TypeScript);
// - ids: prefixed random text (`newId('acc')` → `acc_<24 hex>`); booleans as integer 0/1;
// - no string-built SQL: values are parameters; `sql` templates only for DDL constants (sql.lit).
// Outbox (outbox.ts): enqueueJob(trx, ...) inside the change's transaction; claimJobs(store, ...)
// with a lease (FOR UPDATE SKIP LOCKED on PostgreSQL); completeJob / retryJob / failJob.

/** Opens a store; the Store and StoreOptions types; Trx is what a transaction body receives. */
export { openStore, type Store, type StoreOptions, type Trx } from './store.js';
/** Runs a migration list against an open Kysely root (openStore does this). */
export { migrate } from './migrate.js';
/** The store's own schema steps, the Migration shape and two schema-builder helpers. */
export { STORE_MIGRATIONS, oneOf, strict, type Engine, type Migration } from './migrations.js';
/** The store's own tables (a domain's table interface extends nothing: widen with withTables). */
export type { StoreTables, AccountsTable, AccountEventsTable, SigningKeysTable, StoreMigrationsTable, JobsTable } from './tables.js';
/** Accounts: roles, ids, the repository. */
export { AccountStore, ROLES, newId, type Account, type AccountStatus, type Role } from './accounts.js';
/** JWT signing keys and their rotation. */
export { SigningKeyStore, type SigningKey } from './signing-keys.js';
/** Account secrets: scrypt hashes compared in constant time. */
export { hashSecret, verifySecret, newSecret, decoyHash } from './secrets.js';
/** The outbox: jobs written with a change, claimed with a lease, completed, retried or failed. */
export { enqueueJob, claimJobs, completeJob, retryJob, failJob, getJob, type Job, type ClaimedJob } from './outbox.js';
/** Queries compiled once per dialect, for the host's per-request lookups. */
export { preparedQuery, PreparedQuery } from './prepared.js';
/** The database URL with its password hidden; a --database-url check. */
export { redactUrl, parsePostgresUrl } from './connect.js';
