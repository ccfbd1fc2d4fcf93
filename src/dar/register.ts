// Opens the register over a store: the DAR tables, the keys (LTDS_DAR_KEY or the key the migration
// made), the clock and the strictness. Every operation takes the context this returns.

import { LtdsError } from '../errors/index.js';
import type { Store } from '../store/index.js';
import type { RegisterContext } from './context.js';
import { GroupCommit } from './group-commit.js';
import { DarKeys, masterKeyFromEnv } from './keys.js';
import type { DarTables } from './store/tables.js';

export interface RegisterOptions {
  now?: () => Date;
  /** Refuse MPRNs whose check digits do not match (default false: a warning). */
  strictMprn?: boolean;
  /** The 32-byte master key (default: LTDS_DAR_KEY, else the key stored at migration). */
  masterKey?: Buffer;
}

/** The register's context over an opened, migrated store. */
export async function openRegister(store: Store, options: RegisterOptions = {}): Promise<RegisterContext> {
  const db = store.db.withTables<DarTables>();
  let master = options.masterKey ?? masterKeyFromEnv();
  if (!master) {
    let row: { master_key: string } | undefined;
    try {
      row = await db.selectFrom('dar_keys').select(['master_key']).where('id', '=', 'master').executeTakeFirst();
    } catch (err) {
      throw new LtdsError('STORE_OPEN', 'the store has no Data Access Register tables: open it with ALL_MIGRATIONS (src/services/migrations.ts), as ltds serve does', {}, {}, err);
    }
    if (!row) throw new LtdsError('STORE_OPEN', 'the store has no DAR master key (dar_keys is empty); set LTDS_DAR_KEY or restore the key row', {});
    master = Buffer.from(row.master_key, 'base64');
  }
  return { store, db, keys: new DarKeys(master), now: options.now ?? (() => new Date()), strictMprn: options.strictMprn ?? false, commits: new GroupCommit(store) };
}
