// Accounts that may obtain bearer tokens: id, role, optional DUID, secret hash, status.

import { randomBytes } from 'node:crypto';
import type Database from 'better-sqlite3';
import { LtdsError } from '../errors/index.js';
import { hashSecret, newSecret } from './secrets.js';

export const ROLES = ['data_user', 'data_provider', 'dcc', 'admin', 'portal'] as const;
export type Role = (typeof ROLES)[number];
export type AccountStatus = 'active' | 'suspended';

/** An account as the API and CLI show it (never the secret or its hash). */
export interface Account {
  accountId: string;
  name: string;
  role: Role;
  duid: string | null;
  status: AccountStatus;
  createdAt: string;
  updatedAt: string;
}

interface Row {
  account_id: string;
  name: string;
  role: Role;
  duid: string | null;
  secret_hash: string;
  status: AccountStatus;
  created_at: string;
  updated_at: string;
}

const toAccount = (r: Row): Account => ({ accountId: r.account_id, name: r.name, role: r.role, duid: r.duid, status: r.status, createdAt: r.created_at, updatedAt: r.updated_at });

/** `<prefix>_` followed by 24 lowercase hex characters from a CSPRNG. */
export function newId(prefix: string): string {
  return `${prefix}_${randomBytes(12).toString('hex')}`;
}

/** Account operations over the store's database. */
export class AccountStore {
  constructor(private readonly db: Database.Database, private readonly now: () => Date) {}

  /** Creates an account and returns it with its secret (the only time the secret is shown). */
  async add(input: { name: string; role: Role; duid?: string | null }): Promise<{ account: Account; secret: string }> {
    if (!(ROLES as readonly string[]).includes(input.role)) {
      throw new LtdsError('USAGE', `role must be one of ${ROLES.join(', ')}, got '${input.role}'`, { field: 'role', value: input.role });
    }
    const secret = newSecret();
    const hash = await hashSecret(secret);
    const at = this.now().toISOString();
    const accountId = newId('acc');
    const duid = input.duid ?? (input.role === 'data_user' ? newId('duid') : null);
    this.db.transaction(() => {
      this.db
        .prepare('INSERT INTO accounts (account_id, name, role, duid, secret_hash, status, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
        .run(accountId, input.name, input.role, duid, hash, 'active', at, at);
      this.db.prepare('INSERT INTO account_events (account_id, event, at) VALUES (?, ?, ?)').run(accountId, 'created', at);
    })();
    return { account: this.get(accountId) as Account, secret };
  }

  get(accountId: string): Account | undefined {
    const row = this.db.prepare('SELECT * FROM accounts WHERE account_id = ?').get(accountId) as Row | undefined;
    return row && toAccount(row);
  }

  /** The account with its secret hash, for credential checks only. */
  credentials(accountId: string): { account: Account; secretHash: string } | undefined {
    const row = this.db.prepare('SELECT * FROM accounts WHERE account_id = ?').get(accountId) as Row | undefined;
    return row && { account: toAccount(row), secretHash: row.secret_hash };
  }

  list(): Account[] {
    return (this.db.prepare('SELECT * FROM accounts ORDER BY created_at, account_id').all() as Row[]).map(toAccount);
  }

  /** Replaces the secret; the old one stops working at once. Returns the new secret. */
  async rotateSecret(accountId: string): Promise<string> {
    this.require(accountId);
    const secret = newSecret();
    const hash = await hashSecret(secret);
    const at = this.now().toISOString();
    this.db.transaction(() => {
      this.db.prepare('UPDATE accounts SET secret_hash = ?, updated_at = ? WHERE account_id = ?').run(hash, at, accountId);
      this.db.prepare('INSERT INTO account_events (account_id, event, at) VALUES (?, ?, ?)').run(accountId, 'secret-rotated', at);
    })();
    return secret;
  }

  /** Suspends (or reactivates) an account; a suspended account gets no token and its tokens stop working. */
  setStatus(accountId: string, status: AccountStatus): Account {
    const current = this.require(accountId);
    if (current.status === status) return current;
    const at = this.now().toISOString();
    this.db.transaction(() => {
      this.db.prepare('UPDATE accounts SET status = ?, updated_at = ? WHERE account_id = ?').run(status, at, accountId);
      this.db.prepare('INSERT INTO account_events (account_id, event, at) VALUES (?, ?, ?)').run(accountId, status === 'suspended' ? 'suspended' : 'reactivated', at);
    })();
    return this.require(accountId);
  }

  private require(accountId: string): Account {
    const account = this.get(accountId);
    if (!account) throw new LtdsError('ACCOUNT_NOT_FOUND', `no account '${accountId}'`, { accountId });
    return account;
  }
}
