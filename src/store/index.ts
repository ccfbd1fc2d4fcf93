// The SQLite store shared by the serving host's APIs.

export { openStore, migrate, type Store, type StoreOptions } from './store.js';
export { MIGRATIONS, type Migration } from './migrations.js';
export { AccountStore, ROLES, newId, type Account, type AccountStatus, type Role } from './accounts.js';
export { SigningKeyStore, type SigningKey } from './signing-keys.js';
export { hashSecret, verifySecret, newSecret, decoyHash } from './secrets.js';
