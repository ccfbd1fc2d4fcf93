// What every register operation shares: the store (DAR tables), the keys, the clock, the options,
// who is acting, and the coded failures (not found, forbidden, conflict).

import type { Kysely } from 'kysely';
import { LtdsError } from '../errors/index.js';
import type { Store, StoreTables } from '../store/index.js';
import type { GroupCommit } from './group-commit.js';
import type { DarKeys } from './keys.js';
import type { DarTables } from './store/tables.js';

/** Who is acting: an account with its role and, for Data Users, its DUID; `system` for the sweep. */
export interface Actor {
  accountId: string;
  role: string;
  duid: string | null;
}

/** The sweep and other scheduled work act as this. */
export const SYSTEM: Actor = { accountId: 'system', role: 'system', duid: null };

export interface RegisterContext {
  store: Store;
  /** The store's database seen with the DAR tables. */
  db: DarDb;
  keys: DarKeys;
  now: () => Date;
  /** Refuse an MPRN whose check digits do not match (default: a warning). */
  strictMprn: boolean;
  /** Shares one transaction (one fsync) among concurrent creates. */
  commits: GroupCommit;
}

/** The store's query root (or a transaction) seen with the DAR tables too. */
export type DarDb = Kysely<StoreTables & DarTables>;

export const notFound = (what: string, key: string) => new LtdsError('DAR_NOT_FOUND', `no ${what} ${key}`, { what, key });
export const forbidden = (message: string, params: Record<string, unknown> = {}) => new LtdsError('DAR_FORBIDDEN', message, params);
export const conflict = (message: string, params: Record<string, unknown> = {}) => new LtdsError('DAR_CONFLICT', message, params);

/** The DUID of a Data User actor (403 when the account has none). */
export function duidOf(actor: Actor): string {
  if (!actor.duid) throw forbidden(`account ${actor.accountId} has no DUID; only Data Users hold records`);
  return actor.duid;
}

/** The store's instant form: UTC with milliseconds. */
export const iso = (d: Date) => d.toISOString();
