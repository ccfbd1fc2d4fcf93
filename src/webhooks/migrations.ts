// The webhook module's table (alerts); deliveries themselves live in the store's outbox (jobs).

import type { Kysely } from 'kysely';
import { strict, type Engine, type Migration } from '../store/index.js';

export const WEBHOOK_MIGRATIONS: readonly Migration[] = [
  {
    version: 150,
    name: 'webhooks: alerts for undelivered events',
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- a migration sees tables the types do not know yet
    async up(db: Kysely<any>, engine: Engine) {
      await db.schema
        .createTable('webhook_alerts')
        .addColumn('alert_id', 'text', (c) => c.primaryKey())
        .addColumn('topic', 'text', (c) => c.notNull())
        .addColumn('endpoint', 'text', (c) => c.notNull())
        .addColumn('event_id', 'text', (c) => c.notNull())
        .addColumn('job_id', 'text', (c) => c.notNull())
        .addColumn('alert_email', 'text')
        .addColumn('attempts', 'integer', (c) => c.notNull())
        .addColumn('error', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .modifyEnd(strict(engine))
        .execute();
      await db.schema.createIndex('webhook_alerts_topic').on('webhook_alerts').columns(['topic', 'created_at']).execute();
    },
  },
];
