// DAR schema migrations (versions 100–199), plain Kysely schema-builder modules, same on both engines.

import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { strict, type Engine, type Migration } from '../../store/index.js';

const text = 'text' as const;

export const DAR_MIGRATIONS: readonly Migration[] = [
  {
    version: 100,
    name: 'dar: identity and access records, audit, feeds, data users, webhooks',
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- a migration sees tables the types do not know yet
    async up(db: Kysely<any>, engine: Engine) {
      await db.schema
        .createTable('dar_keys')
        .addColumn('id', text, (c) => c.primaryKey())
        .addColumn('master_key', text, (c) => c.notNull())
        .addColumn('created_at', text, (c) => c.notNull())
        .modifyEnd(strict(engine))
        .execute();
      await db.insertInto('dar_keys').values({ id: 'master', master_key: randomBytes(32).toString('base64'), created_at: new Date().toISOString() }).execute();

      await db.schema
        .createTable('dar_identity_records')
        .addColumn('ir', text, (c) => c.primaryKey())
        .addColumn('duid', text, (c) => c.notNull())
        .addColumn('mpxn_key', text)
        .addColumn('pii_sealed', text)
        .addColumn('email_hash', text)
        .addColumn('email_sealed', text)
        .addColumn('email_masked', text)
        .addColumn('created_at', text, (c) => c.notNull())
        .addColumn('created_by', text, (c) => c.notNull())
        .addColumn('anonymised_at', text)
        .modifyEnd(strict(engine))
        .execute();
      await db.schema.createIndex('dar_identity_records_mpxn').on('dar_identity_records').columns(['duid', 'mpxn_key']).execute();
      await db.schema.createIndex('dar_identity_records_email').on('dar_identity_records').columns(['duid', 'email_hash']).execute();

      await db.schema
        .createTable('dar_access_records')
        .addColumn('ak_hash', text, (c) => c.primaryKey())
        .addColumn('ak_hint', text, (c) => c.notNull())
        .addColumn('duid', text)
        .addColumn('ir', text, (c) => c.references('dar_identity_records.ir'))
        .addColumn('mpxn_key', text, (c) => c.notNull())
        .addColumn('state', text, (c) => c.notNull())
        .addColumn('legal_basis', text)
        .addColumn('record_json', text)
        .addColumn('discovered_json', text)
        .addColumn('organisation_reference', text)
        .addColumn('superseded_by', text)
        .addColumn('expiry', text)
        .addColumn('registered_at', text, (c) => c.notNull())
        .addColumn('created_at', text, (c) => c.notNull())
        .addColumn('updated_at', text, (c) => c.notNull())
        .addColumn('revoked_at', text)
        .addColumn('revoke_reason', text)
        .modifyEnd(strict(engine))
        .execute();
      await db.schema.createIndex('dar_access_records_mpxn').on('dar_access_records').columns(['mpxn_key', 'state']).execute();
      await db.schema.createIndex('dar_access_records_owner').on('dar_access_records').columns(['duid', 'created_at', 'ak_hash']).execute();
      await db.schema.createIndex('dar_access_records_ir').on('dar_access_records').columns(['ir', 'state']).execute();
      await db.schema.createIndex('dar_access_records_expiry').on('dar_access_records').columns(['state', 'expiry']).execute();
      await db.schema.createIndex('dar_access_records_discovered').on('dar_access_records').columns(['mpxn_key', 'organisation_reference']).execute();

      await db.schema
        .createTable('dar_audit')
        .addColumn('id', text, (c) => c.primaryKey())
        .addColumn('subject', text, (c) => c.notNull())
        .addColumn('action', text, (c) => c.notNull())
        .addColumn('at', text, (c) => c.notNull())
        .addColumn('by', text, (c) => c.notNull())
        .addColumn('detail_json', text)
        .modifyEnd(strict(engine))
        .execute();
      await db.schema.createIndex('dar_audit_subject').on('dar_audit').columns(['subject', 'at']).execute();

      await db.schema
        .createTable('dar_cot_events')
        .addColumn('id', text, (c) => c.primaryKey())
        .addColumn('mpxn_key', text, (c) => c.notNull())
        .addColumn('effective_date', text, (c) => c.notNull())
        .addColumn('source_reference', text, (c) => c.notNull())
        .addColumn('affected_json', text, (c) => c.notNull())
        .addColumn('notified_json', text, (c) => c.notNull())
        .addColumn('created_at', text, (c) => c.notNull())
        .addColumn('created_by', text, (c) => c.notNull())
        .addUniqueConstraint('dar_cot_events_source', ['mpxn_key', 'source_reference'])
        .modifyEnd(strict(engine))
        .execute();

      await db.schema
        .createTable('dar_data_users')
        .addColumn('duid', text, (c) => c.primaryKey())
        .addColumn('display_name', text, (c) => c.notNull())
        .addColumn('contact_url', text, (c) => c.notNull())
        .addColumn('data_types_json', text, (c) => c.notNull())
        .addColumn('status', text, (c) => c.notNull())
        .addColumn('registered_at', text, (c) => c.notNull())
        .addColumn('suspended_at', text)
        .modifyEnd(strict(engine))
        .execute();

      await db.schema
        .createTable('dar_webhooks')
        .addColumn('wid', text, (c) => c.primaryKey())
        .addColumn('duid', text, (c) => c.notNull())
        .addColumn('callback_url', text, (c) => c.notNull())
        .addColumn('alert_email', text, (c) => c.notNull())
        .addColumn('notify_days_before', 'integer', (c) => c.notNull())
        .addColumn('event_types_json', text, (c) => c.notNull())
        .addColumn('active', 'integer', (c) => c.notNull())
        .addColumn('secret_sealed', text, (c) => c.notNull())
        .addColumn('created_at', text, (c) => c.notNull())
        .addColumn('updated_at', text, (c) => c.notNull())
        .addColumn('deleted_at', text)
        .modifyEnd(strict(engine))
        .execute();
      await db.schema.createIndex('dar_webhooks_duid').on('dar_webhooks').columns(['duid']).execute();

      await db.schema
        .createTable('dar_expiry_notices')
        .addColumn('ak_hash', text, (c) => c.notNull())
        .addColumn('wid', text, (c) => c.notNull())
        .addColumn('sent_at', text, (c) => c.notNull())
        .addPrimaryKeyConstraint('dar_expiry_notices_pk', ['ak_hash', 'wid'])
        .modifyEnd(strict(engine))
        .execute();
    },
  },
  {
    version: 101,
    name: 'dar: re-identification tokens, passkey credentials, WebAuthn challenges, portal sessions',
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- a migration sees tables the types do not know yet
    async up(db: Kysely<any>, engine: Engine) {
      await db.schema
        .createTable('dar_reidentifications')
        .addColumn('token_ref', text, (c) => c.primaryKey())
        .addColumn('method', text, (c) => c.notNull())
        .addColumn('ir', text)
        .addColumn('mpxn_key', text, (c) => c.notNull())
        .addColumn('initiator', text)
        .addColumn('status', text, (c) => c.notNull())
        .addColumn('link_hash', text, (c) => c.unique())
        .addColumn('link_expires_at', text)
        .addColumn('ceremony_hash', text, (c) => c.unique())
        .addColumn('redirect_url', text)
        .addColumn('return_url', text)
        .addColumn('created_at', text, (c) => c.notNull())
        .addColumn('expires_at', text, (c) => c.notNull())
        .addColumn('confirmed_at', text)
        .addColumn('used_at', text)
        .modifyEnd(strict(engine))
        .execute();
      await db.schema
        .createTable('dar_credentials')
        .addColumn('credential_id', text, (c) => c.primaryKey())
        .addColumn('ir', text, (c) => c.notNull().references('dar_identity_records.ir'))
        .addColumn('webauthn_id', text, (c) => c.notNull().unique())
        .addColumn('public_key', text, (c) => c.notNull())
        .addColumn('counter', engine === 'postgres' ? 'bigint' : 'integer', (c) => c.notNull())
        .addColumn('transports_json', text, (c) => c.notNull())
        .addColumn('registered_at', text, (c) => c.notNull())
        .modifyEnd(strict(engine))
        .execute();
      await db.schema.createIndex('dar_credentials_ir').on('dar_credentials').columns(['ir']).execute();
      await db.schema
        .createTable('dar_challenges')
        .addColumn('challenge_id', text, (c) => c.primaryKey())
        .addColumn('kind', text, (c) => c.notNull())
        .addColumn('challenge', text, (c) => c.notNull())
        .addColumn('ir', text)
        .addColumn('mpxn_key', text)
        .addColumn('token_ref', text)
        .addColumn('session_hash', text)
        .addColumn('created_at', text, (c) => c.notNull())
        .addColumn('expires_at', text, (c) => c.notNull())
        .addColumn('used_at', text)
        .modifyEnd(strict(engine))
        .execute();
      await db.schema
        .createTable('dar_portal_sessions')
        .addColumn('session_hash', text, (c) => c.primaryKey())
        .addColumn('mpxn_key', text, (c) => c.notNull())
        .addColumn('irs_json', text, (c) => c.notNull())
        .addColumn('via', text, (c) => c.notNull())
        .addColumn('created_at', text, (c) => c.notNull())
        .addColumn('expires_at', text, (c) => c.notNull())
        .addColumn('ended_at', text)
        .modifyEnd(strict(engine))
        .execute();
    },
  },
];
