// The tariff register's schema steps (versions 200–299), one Kysely schema-builder step for both engines.

import type { Kysely } from 'kysely';
import { oneOf, strict, type Engine, type Migration } from '../store/index.js';

/** Exact money: NUMERIC on PostgreSQL, TEXT on SQLite (STRICT tables keep it text). */
const money = (engine: Engine) => (engine === 'postgres' ? 'numeric' : 'text');

/** The tariff migrations. */
export const TARIFF_MIGRATIONS: readonly Migration[] = [
  {
    version: 200,
    name: 'tariff register: suppliers, keys, tariffs, RTI Users, consents, webhooks, reports',
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- a migration sees tables the types do not know yet
    async up(db: Kysely<any>, engine) {
      await db.schema
        .createTable('tariff_suppliers')
        .addColumn('mpid', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('api_base_url', 'text', (c) => c.notNull())
        .addColumn('oauth_authorization_url', 'text', (c) => c.notNull())
        .addColumn('oauth_token_url', 'text', (c) => c.notNull())
        .addColumn('active', 'integer', (c) => c.notNull())
        .addColumn('last_modified', 'text', (c) => c.notNull())
        .modifyEnd(strict(engine))
        .execute();
      await db.schema
        .createTable('tariff_supplier_keys')
        .addColumn('key_id', 'text', (c) => c.primaryKey())
        .addColumn('mpid', 'text', (c) => c.notNull().references('tariff_suppliers.mpid'))
        .addColumn('secret_sha256', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('revoked_at', 'text')
        .modifyEnd(strict(engine))
        .execute();
      await db.schema
        .createTable('tariff_tariffs')
        .addColumn('tariff_id', 'text', (c) => c.primaryKey())
        .addColumn('supplier_mpid', 'text', (c) => c.notNull().references('tariff_suppliers.mpid'))
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('tariff_type', 'text', (c) => c.notNull())
        .addColumn('fuel_type', 'text', (c) => c.notNull())
        .addColumn('energy_flow', 'text', (c) => c.notNull())
        .addColumn('payment_method', 'text', (c) => c.notNull())
        .addColumn('meter_type', 'text', (c) => c.notNull())
        .addColumn('customer_type', 'text', (c) => c.notNull())
        .addColumn('region', 'text', (c) => c.notNull())
        .addColumn('valid_from', 'text', (c) => c.notNull())
        .addColumn('valid_to', 'text')
        .addColumn('standing_charge', money(engine), (c) => c.notNull())
        .addColumn('vat_rate', money(engine), (c) => c.notNull())
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('last_modified', 'text', (c) => c.notNull())
        .addColumn('body', 'text', (c) => c.notNull())
        .addCheckConstraint('tariff_tariffs_type', oneOf('tariff_type', ['static', 'dynamic']))
        .modifyEnd(strict(engine))
        .execute();
      await db.schema.createIndex('tariff_tariffs_by_supplier').on('tariff_tariffs').columns(['supplier_mpid', 'tariff_id']).execute();
      await db.schema
        .createTable('tariff_users')
        .addColumn('user_id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('display_name', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('support', 'text', (c) => c.notNull())
        .addColumn('registration', 'text')
        .addColumn('token_sha256', 'text')
        .addColumn('last_modified', 'text', (c) => c.notNull())
        .addCheckConstraint('tariff_users_status', oneOf('status', ['active', 'suspended', 'disabled', 'removed']))
        .modifyEnd(strict(engine))
        .execute();
      await db.schema
        .createTable('tariff_consents')
        .addColumn('user_id', 'text', (c) => c.notNull().references('tariff_users.user_id'))
        .addColumn('registration_id', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('revoked_at', 'text')
        .addPrimaryKeyConstraint('tariff_consents_pk', ['user_id', 'registration_id'])
        .modifyEnd(strict(engine))
        .execute();
      await db.schema
        .createTable('tariff_consent_meters')
        .addColumn('user_id', 'text', (c) => c.notNull())
        .addColumn('registration_id', 'text', (c) => c.notNull())
        .addColumn('mpxn', 'text', (c) => c.notNull())
        .addColumn('tariff_id', 'text', (c) => c.notNull().references('tariff_tariffs.tariff_id'))
        .addPrimaryKeyConstraint('tariff_consent_meters_pk', ['user_id', 'registration_id', 'mpxn'])
        .addForeignKeyConstraint('tariff_consent_meters_consent', ['user_id', 'registration_id'], 'tariff_consents', ['user_id', 'registration_id'])
        .modifyEnd(strict(engine))
        .execute();
      await db.schema.createIndex('tariff_consent_meters_by_mpxn').on('tariff_consent_meters').columns(['user_id', 'mpxn']).execute();
      await db.schema
        .createTable('tariff_webhooks')
        .addColumn('webhook_id', 'text', (c) => c.primaryKey())
        .addColumn('user_id', 'text', (c) => c.notNull().references('tariff_users.user_id'))
        .addColumn('supplier_mpid', 'text', (c) => c.notNull().references('tariff_suppliers.mpid'))
        .addColumn('url', 'text', (c) => c.notNull())
        .addColumn('signing_secret', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addUniqueConstraint('tariff_webhooks_one_per_supplier', ['user_id', 'supplier_mpid'])
        .modifyEnd(strict(engine))
        .execute();
      await db.schema
        .createTable('tariff_reports')
        .addColumn('report_id', 'text', (c) => c.primaryKey())
        .addColumn('supplier_mpid', 'text', (c) => c.notNull().references('tariff_suppliers.mpid'))
        .addColumn('body', 'text', (c) => c.notNull())
        .addColumn('received_at', 'text', (c) => c.notNull())
        .modifyEnd(strict(engine))
        .execute();
    },
  },
];
