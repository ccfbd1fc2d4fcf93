// The store's schema, as an ordered list of migrations. Each runs once, in its own transaction, and
// bumps `PRAGMA user_version`. Later APIs (Data Access Register, tariffs) append their migrations here.

/** One schema step. `version` is 1, 2, 3 ... in order; `sql` may hold several statements. */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'accounts and JWT signing keys',
    sql: `
      CREATE TABLE accounts (
        account_id   TEXT PRIMARY KEY,
        name         TEXT NOT NULL,
        role         TEXT NOT NULL CHECK (role IN ('data_user', 'data_provider', 'dcc', 'admin', 'portal')),
        duid         TEXT UNIQUE,
        secret_hash  TEXT NOT NULL,
        status       TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'suspended')),
        created_at   TEXT NOT NULL,
        updated_at   TEXT NOT NULL
      ) STRICT;
      CREATE TABLE account_events (
        id          INTEGER PRIMARY KEY,
        account_id  TEXT NOT NULL REFERENCES accounts(account_id),
        event       TEXT NOT NULL CHECK (event IN ('created', 'secret-rotated', 'suspended', 'reactivated')),
        at          TEXT NOT NULL
      ) STRICT;
      CREATE INDEX account_events_by_account ON account_events(account_id);
      CREATE TABLE signing_keys (
        kid          TEXT PRIMARY KEY,
        alg          TEXT NOT NULL CHECK (alg = 'EdDSA'),
        private_pem  TEXT NOT NULL,
        public_pem   TEXT NOT NULL,
        created_at   TEXT NOT NULL,
        retired_at   TEXT,
        verify_until TEXT
      ) STRICT;
    `,
  },
];
