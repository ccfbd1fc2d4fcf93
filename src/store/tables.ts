// The store's own tables as one Kysely interface: what every query of accounts, signing keys,
// migrations and jobs is checked against. Domains (DAR, tariffs) declare theirs beside their code.

import type { Generated } from 'kysely';

/** `accounts`: who may obtain bearer tokens. */
export interface AccountsTable {
  account_id: string;
  name: string;
  role: 'data_user' | 'data_provider' | 'dcc' | 'admin' | 'portal';
  duid: string | null;
  secret_hash: string;
  status: 'active' | 'suspended';
  created_at: string;
  updated_at: string;
}

/** `account_events`: one row per change of an account, written in the change's transaction. */
export interface AccountEventsTable {
  id: Generated<number>;
  account_id: string;
  event: 'created' | 'secret-rotated' | 'suspended' | 'reactivated';
  at: string;
}

/** `signing_keys`: Ed25519 JWT keys; one with `retired_at` NULL signs. */
export interface SigningKeysTable {
  kid: string;
  alg: 'EdDSA';
  private_pem: string;
  public_pem: string;
  created_at: string;
  retired_at: string | null;
  verify_until: string | null;
}

/** `store_migrations`: one row per applied migration. */
export interface StoreMigrationsTable {
  version: number;
  name: string;
  applied_at: string;
}

/** `jobs`: the outbox; see outbox.ts for the life of a row. */
export interface JobsTable {
  job_id: string;
  topic: string;
  /** JSON text. */
  payload: string;
  status: 'pending' | 'done' | 'dead';
  attempts: number;
  due_at: string;
  locked_by: string | null;
  locked_until: string | null;
  last_error: string | null;
  created_at: string;
  updated_at: string;
  finished_at: string | null;
}

/** Every table the store itself owns. */
export interface StoreTables {
  accounts: AccountsTable;
  account_events: AccountEventsTable;
  signing_keys: SigningKeysTable;
  store_migrations: StoreMigrationsTable;
  jobs: JobsTable;
}
