// Every schema step of the serving host, in one list: the store's (1–99), then the Data Access
// Register's (100–199) and the tariffs' (200–299) as they arrive. It sits above the domains and
// below the server and CLI, which open the store with it.

import { STORE_MIGRATIONS, type Migration } from '../store/index.js';
import { DAR_MIGRATIONS } from '../dar/store/migrations.js';
import { TARIFF_MIGRATIONS } from '../tariffs/migrations.js';
import { WEBHOOK_MIGRATIONS } from '../webhooks/migrations.js';

/** All migrations the host runs at start-up, in version order. */
export const ALL_MIGRATIONS: readonly Migration[] = [...STORE_MIGRATIONS, ...DAR_MIGRATIONS, ...WEBHOOK_MIGRATIONS, ...TARIFF_MIGRATIONS];
