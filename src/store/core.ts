// What the repositories (accounts, signing keys, outbox) need from an open store.

import type { Kysely, Transaction } from 'kysely';
import type { Engine } from './migrations.js';
import type { StoreTables } from './tables.js';

/** The query root, the transaction runner and the clock. */
export interface StoreCore {
  engine: Engine;
  db: Kysely<StoreTables>;
  transaction<T>(fn: (trx: Transaction<StoreTables>) => Promise<T>): Promise<T>;
  now: () => Date;
}
