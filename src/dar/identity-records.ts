// Identity Records: create, look up (by MPxN or email, the caller's own), retrieve, anonymise.
// PII is sealed at rest; the email is a keyed hash for lookup plus a sealed copy, shown masked.

import type { DarTables } from './store/tables.js';
import { accessSubject, identitySubject, readAudit, recordAudit } from './audit.js';
import { conflict, duidOf, forbidden, iso, notFound, type Actor, type DarDb, type RegisterContext } from './context.js';
import { newDarId } from './ids.js';
import { maskEmail } from './keys.js';
import { meterPointKey } from './mpxn.js';
import type { Problem } from './problems.js';
import { validateIdentityRecord, validateMpxnParam } from './validate.js';
import type { DarIdentityRecordsTable } from './store/tables.js';
import type { CreateIdentityRecordRequest, IdentityRecord, PasskeyCredentialSummary } from './wire/index.js';
import { credentialsOf } from './credentials.js';

type PiiPart = Pick<CreateIdentityRecordRequest, 'pii-principal' | 'expressed-by' | 'principal-verification'>;

/** Creates an Identity Record of the calling Data User; returns its ir. */
export async function createIdentityRecord(ctx: RegisterContext, actor: Actor, body: unknown): Promise<{ ir: string; warnings: Problem[] }> {
  const duid = duidOf(actor);
  const { value, warnings } = validateIdentityRecord(body, { strictMprn: ctx.strictMprn });
  const ir = newDarId('ir');
  const at = iso(ctx.now());
  const pii: PiiPart = { 'pii-principal': value['pii-principal'], 'expressed-by': value['expressed-by'], ...(value['principal-verification'] ? { 'principal-verification': value['principal-verification'] } : {}) };
  await ctx.store.transaction(async (trx) => {
    const db = trx.withTables<DarTables>();
    await db
      .insertInto('dar_identity_records')
      .values({
        ir,
        duid,
        mpxn_key: meterPointKey(value['pii-principal'].mpxn),
        pii_sealed: ctx.keys.seal(JSON.stringify(pii), `pii:${ir}`),
        email_hash: value.email ? ctx.keys.emailHash(value.email) : null,
        email_sealed: value.email ? ctx.keys.seal(value.email, `email:${ir}`) : null,
        email_masked: value.email ? maskEmail(value.email) : null,
        created_at: at,
        created_by: actor.accountId,
        anonymised_at: null,
      })
      .execute();
    await recordAudit(db, { subject: identitySubject(ir), action: 'created', at, by: actor.accountId });
  });
  return { ir, warnings };
}

/** The wire form of a stored Identity Record. */
function toWire(ctx: RegisterContext, row: DarIdentityRecordsTable, credentials: PasskeyCredentialSummary[] = []): IdentityRecord {
  const pii = row.pii_sealed ? (JSON.parse(ctx.keys.open(row.pii_sealed, `pii:${row.ir}`)) as PiiPart) : undefined;
  return {
    ir: row.ir,
    'created-at': row.created_at,
    ...(pii ?? {}),
    'has-email': row.email_hash !== null,
    ...(row.email_masked ? { email: row.email_masked } : {}),
    credentials,
    ...(row.anonymised_at ? { 'anonymised-at': row.anonymised_at } : {}),
  };
}

/** The caller's Identity Records for an MPxN and/or an email (at least one). */
export async function lookupIdentityRecords(ctx: RegisterContext, actor: Actor, query: { mpxn?: string; email?: string }): Promise<IdentityRecord[]> {
  const duid = duidOf(actor);
  let q = ctx.db.selectFrom('dar_identity_records').selectAll().where('duid', '=', duid);
  if (query.mpxn !== undefined) q = q.where('mpxn_key', '=', meterPointKey(validateMpxnParam(query.mpxn, 'mpxn', { strictMprn: ctx.strictMprn }).value));
  if (query.email !== undefined) q = q.where('email_hash', '=', ctx.keys.emailHash(query.email));
  const rows = await q.orderBy('created_at').orderBy('ir').limit(500).execute();
  const out: IdentityRecord[] = [];
  for (const r of rows) out.push(toWire(ctx, r, await credentialsOf(ctx.db, [r.ir])));
  return out;
}

/** A Data User's own Identity Record row (404 unknown, 403 another Data User's). */
export async function ownRow(ctx: RegisterContext, actor: Actor, ir: string, db: DarDb = ctx.db): Promise<DarIdentityRecordsTable> {
  const duid = duidOf(actor);
  const row = await db.selectFrom('dar_identity_records').selectAll().where('ir', '=', ir).executeTakeFirst();
  if (!row) throw notFound('identity record', ir);
  if (row.duid !== duid) throw forbidden('this identity record belongs to another Data User');
  return row;
}

/** One of the caller's Identity Records, with its history when asked. */
export async function getIdentityRecord(ctx: RegisterContext, actor: Actor, ir: string, options: { history?: boolean } = {}): Promise<IdentityRecord> {
  const row = await ownRow(ctx, actor, ir);
  const record = toWire(ctx, row, await credentialsOf(ctx.db, [ir]));
  return options.history ? { ...record, history: await readAudit(ctx.db, identitySubject(ir)) } : record;
}

/**
 * The ir's meter point, for linking an Access Record (403/404 as for a read; 409 when anonymised).
 * Inside a transaction, pass its `db` (on SQLite the store has one connection, which the transaction holds).
 */
export async function linkableIdentity(ctx: RegisterContext, actor: Actor, ir: string, db: DarDb = ctx.db): Promise<{ mpxnKey: string }> {
  const row = await ownRow(ctx, actor, ir, db);
  if (row.anonymised_at || !row.mpxn_key) throw conflict(`identity record ${ir} was anonymised at ${row.anonymised_at}; it cannot take new access records`, { ir });
  return { mpxnKey: row.mpxn_key };
}

/**
 * Anonymises (GDPR Art. 17): every PII field, the email and the credentials erased; the ir stays
 * valid and linked Access Records keep referencing it. 409 while a linked record is ACTIVE.
 */
export async function anonymiseIdentityRecord(ctx: RegisterContext, actor: Actor, ir: string): Promise<{ ir: string; anonymisedAt: string }> {
  await ownRow(ctx, actor, ir);
  const at = iso(ctx.now());
  return ctx.store.transaction(async (trx) => {
    const db = trx.withTables<DarTables>();
    const row = await db.selectFrom('dar_identity_records').select(['anonymised_at']).where('ir', '=', ir).executeTakeFirstOrThrow();
    if (row.anonymised_at) throw conflict(`identity record ${ir} was already anonymised at ${row.anonymised_at}`, { ir });
    const active = await db.selectFrom('dar_access_records').select(['ak_hash']).where('ir', '=', ir).where('state', '=', 'ACTIVE').execute();
    if (active.length > 0) throw conflict(`identity record ${ir} is linked to ${active.length} ACTIVE access record(s); revoke them first`, { ir, active: active.length });
    await db
      .updateTable('dar_identity_records')
      .set({ mpxn_key: null, pii_sealed: null, email_hash: null, email_sealed: null, email_masked: null, anonymised_at: at })
      .where('ir', '=', ir)
      .execute();
    // The passkeys go too, and any re-identification or portal session still open on the record.
    await db.deleteFrom('dar_credentials').where('ir', '=', ir).execute();
    await db.updateTable('dar_reidentifications').set({ status: 'used', used_at: at }).where('ir', '=', ir).where('status', '!=', 'used').execute();
    await recordAudit(db, { subject: identitySubject(ir), action: 'anonymised', at, by: actor.accountId });
    const linked = await db.selectFrom('dar_access_records').select(['ak_hash']).where('ir', '=', ir).execute();
    for (const l of linked) await recordAudit(db, { subject: accessSubject(l.ak_hash), action: 'anonymised', at, by: actor.accountId, detail: { ir } });
    return { ir, anonymisedAt: at };
  });
}
