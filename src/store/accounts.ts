// Accounts that may obtain bearer tokens: id, role, optional DUID, secret hash, status. Every
// change writes the account row and its event row in one transaction.

import { randomBytes } from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import { LtdsError } from '../errors/index.js';
import type { StoreCore } from './core.js';
import { hashSecret, newSecret } from './secrets.js';
import { preparedQuery } from './prepared.js';
import type { AccountsTable, StoreTables } from './tables.js';

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

type Row = Selectable<AccountsTable>;

const toAccount = (r: Row): Account => ({ accountId: r.account_id, name: r.name, role: r.role, duid: r.duid, status: r.status, createdAt: r.created_at, updatedAt: r.updated_at });

/** `<prefix>_` followed by 24 lowercase hex characters from a CSPRNG. */
export function newId(prefix: string): string {
  return `${prefix}_${randomBytes(12).toString('hex')}`;
}

/** An account by id: every bearer check reads it (compiled once). */
const accountById = preparedQuery((accountId: string) => (db: Kysely<StoreTables>) => db.selectFrom('accounts').selectAll().where('account_id', '=', accountId));

/** Account operations over the store's database. */
export class AccountStore {
  constructor(private readonly store: StoreCore) {}

  /** Creates an account and returns it with its secret (the only time the secret is shown). */
  async add(input: { name: string; role: Role; duid?: string | null }): Promise<{ account: Account; secret: string }> {
    if (!(ROLES as readonly string[]).includes(input.role)) {
      throw new LtdsError('USAGE', `role must be one of ${ROLES.join(', ')}, got '${input.role}'`, { field: 'role', value: input.role });
    }
    const secret = newSecret();
    const hash = await hashSecret(secret);
    const at = this.store.now().toISOString();
    const row: Row = {
      account_id: newId('acc'),
      name: input.name,
      role: input.role,
      duid: input.duid ?? (input.role === 'data_user' ? newId('duid') : null),
      secret_hash: hash,
      status: 'active',
      created_at: at,
      updated_at: at,
    };
    await this.store.transaction(async (trx) => {
      await trx.insertInto('accounts').values(row).execute();
      await trx.insertInto('account_events').values({ account_id: row.account_id, event: 'created', at }).execute();
    });
    return { account: toAccount(row), secret };
  }

  async get(accountId: string): Promise<Account | undefined> {
    const row = await accountById.first(this.store.db, accountId);
    return row && toAccount(row);
  }

  /** The account with its secret hash, for credential checks only. */
  async credentials(accountId: string): Promise<{ account: Account; secretHash: string } | undefined> {
    const row = await this.store.db.selectFrom('accounts').selectAll().where('account_id', '=', accountId).executeTakeFirst();
    return row && { account: toAccount(row), secretHash: row.secret_hash };
  }

  async list(): Promise<Account[]> {
    return (await this.store.db.selectFrom('accounts').selectAll().orderBy('created_at').orderBy('account_id').execute()).map(toAccount);
  }

  /** Replaces the secret; the old one stops working at once. Returns the new secret. */
  async rotateSecret(accountId: string): Promise<string> {
    const secret = newSecret();
    const hash = await hashSecret(secret);
    const at = this.store.now().toISOString();
    await this.store.transaction(async (trx) => {
      const changed = await trx.updateTable('accounts').set({ secret_hash: hash, updated_at: at }).where('account_id', '=', accountId).executeTakeFirst();
      if (Number(changed.numUpdatedRows) === 0) throw notFound(accountId);
      await trx.insertInto('account_events').values({ account_id: accountId, event: 'secret-rotated', at }).execute();
    });
    return secret;
  }

  /** Suspends (or reactivates) an account; a suspended account gets no token and its tokens stop working. */
  async setStatus(accountId: string, status: AccountStatus): Promise<Account> {
    const at = this.store.now().toISOString();
    return this.store.transaction(async (trx) => {
      const current = await trx.selectFrom('accounts').selectAll().where('account_id', '=', accountId).executeTakeFirst();
      if (!current) throw notFound(accountId);
      if (current.status === status) return toAccount(current);
      await trx.updateTable('accounts').set({ status, updated_at: at }).where('account_id', '=', accountId).execute();
      await trx.insertInto('account_events').values({ account_id: accountId, event: status === 'suspended' ? 'suspended' : 'reactivated', at }).execute();
      return toAccount({ ...current, status, updated_at: at });
    });
  }
}

const notFound = (accountId: string) => new LtdsError('ACCOUNT_NOT_FOUND', `no account '${accountId}'`, { accountId });
