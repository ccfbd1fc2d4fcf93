// Access Records: create, verify (no PII; by the ak's keyed hash), replace (only while ACTIVE) and
// revoke. The ak is a bearer secret: it leaves the register once, in the create response.

import { accessSubject, readAudit, recordAudit } from './audit.js';
import { conflict, duidOf, forbidden, iso, notFound, type Actor, type DarDb, type RegisterContext } from './context.js';
import { emitEvent } from './events.js';
import { isDarId, newDarId } from './ids.js';
import { linkableIdentity } from './identity-records.js';
import { identityForCreate } from './reidentified-create.js';
import { invalidRequest, type Problem } from './problems.js';
import { validateAccessRecord } from './validate.js';
import { preparedQuery } from '../store/index.js';
import type { DarAccessRecordsTable, DarTables } from './store/tables.js';
import type { AccessRecord, AuditEntry, DiscoveredAccessRecord } from './wire/index.js';

/** `ak_…` and the last four hex characters: how lists and events name a record without its secret. */
export const akHint = (ak: string) => `ak_…${ak.slice(-4)}`;

/** The lead (or sole) controller of a stored record. */
export function leadController(record: AccessRecord): AccessRecord['record-metadata']['controller-arrangement']['controllers'][number] | undefined {
  return record['record-metadata']['controller-arrangement'].controllers.find((c) => c.role === 'sole' || c.role === 'lead');
}

/** What the register keeps of a body: the server sets record-identifier and created-at when reading. */
function storedJson(record: AccessRecord): string {
  const { 'record-identifier': _id, 'created-at': _created, ...meta } = record['record-metadata'];
  return JSON.stringify({ ...record, 'record-metadata': meta });
}

/** A record by the ak's keyed hash: what every verify reads (compiled once). */
const recordByAkHash = preparedQuery((hash: string) => (db: DarDb) => db.selectFrom('dar_access_records').selectAll().where('ak_hash', '=', hash));

/** The row of an ak (by its keyed hash, compared in constant time), or 404. */
export async function rowOfAk(ctx: RegisterContext, db: DarDb, ak: string): Promise<DarAccessRecordsTable> {
  if (!isDarId('ak', ak)) throw invalidRequest([{ field: 'ak', code: 'VAL001', message: 'must be ak_ followed by 24 lowercase hex characters' }], 'request parameter');
  const hash = ctx.keys.akHash(ak);
  const row = await recordByAkHash.first(db, hash);
  if (!row || !ctx.keys.hashesMatch(hash, row.ak_hash)) throw notFound('access record', akHint(ak));
  return row;
}

function ownedBy(row: DarAccessRecordsTable, actor: Actor, ak: string): void {
  if (row.duid === null || row.duid !== actor.duid) throw forbidden(`access record ${akHint(ak)} belongs to another Data User`);
}

/** The Identity Record a replacement names (a token creates; a replacement keeps naming the record's ir). */
function irOf(record: AccessRecord): string {
  if (record['reidentification-token'] !== undefined) {
    throw invalidRequest([{ field: 'reidentification-token', code: 'VAL001', message: 'is for creating a record only; a replacement gives record-metadata.identity-record-ref (the create answered it)' }]);
  }
  return record['record-metadata']['identity-record-ref']!;
}

/** Marks the DISCOVERED records of the same organisation at the meter point as superseded by `ak`. */
async function supersedeDiscovered(db: DarDb, mpxnKey: string, duid: string, leadName: string | undefined, ak: string, at: string, by: string): Promise<void> {
  const rows = await db.selectFrom('dar_access_records').select(['ak_hash', 'discovered_json', 'organisation_reference']).where('mpxn_key', '=', mpxnKey).where('state', '=', 'DISCOVERED').where('superseded_by', 'is', null).execute();
  for (const r of rows) {
    const d = JSON.parse(r.discovered_json ?? '{}') as DiscoveredAccessRecord;
    const same = r.organisation_reference === duid || (leadName !== undefined && d['organisation-name'].trim().toLowerCase() === leadName.trim().toLowerCase());
    if (!same) continue;
    await db.updateTable('dar_access_records').set({ superseded_by: akHint(ak), updated_at: at }).where('ak_hash', '=', r.ak_hash).execute();
    await recordAudit(db, { subject: accessSubject(r.ak_hash), action: 'superseded', at, by, detail: { 'superseded-by': akHint(ak) } });
  }
}

/** Registers an Access Record of the calling Data User; the ak is returned here only. */
export async function createAccessRecord(ctx: RegisterContext, actor: Actor, body: unknown): Promise<{ ak: string; expiry: string | null; warnings: Problem[]; ir: string; viaToken: boolean }> {
  const duid = duidOf(actor);
  const now = ctx.now();
  const { value, warnings } = validateAccessRecord(body, 'create', { now });
  const ak = newDarId('ak');
  const hash = ctx.keys.akHash(ak);
  const at = iso(now);
  const expiry = value['access-event'].expiry === null ? null : iso(new Date(value['access-event'].expiry));
  // Durable before the 201, and shared with concurrent creates (one commit for many). The
  // Identity Record is read inside, so waiting requests do not queue for the connection between batches.
  const ir = await ctx.commits.run(async (trx) => {
    const db = trx.withTables<DarTables>();
    // The body's own Identity Record, or a new one of the caller from a spent re-identification token.
    const { ir, mpxnKey, detail } = await identityForCreate(ctx, actor, value, db, at, akHint(ak));
    await db
      .insertInto('dar_access_records')
      .values({
        ak_hash: hash,
        ak_hint: akHint(ak),
        duid,
        ir,
        mpxn_key: mpxnKey,
        state: 'ACTIVE',
        legal_basis: value.processing['legal-basis'],
        record_json: storedJson(value),
        discovered_json: null,
        organisation_reference: null,
        superseded_by: null,
        expiry,
        registered_at: iso(new Date(value['access-event']['registered-at'])),
        created_at: at,
        updated_at: at,
        revoked_at: null,
        revoke_reason: null,
      })
      .execute();
    await recordAudit(db, { subject: accessSubject(hash), action: 'created', at, by: actor.accountId, ...(detail ? { detail } : {}) });
    await supersedeDiscovered(db, mpxnKey, duid, leadController(value)?.name, ak, at, actor.accountId);
    return ir;
  });
  return { ak, expiry, warnings, ir, viaToken: value['reidentification-token'] !== undefined };
}

/** The wire Access Record of a full record's row, without the link to the person (no PII). */
export function accessRecordOf(row: DarAccessRecordsTable, ak: string): AccessRecord {
  const stored = JSON.parse(row.record_json!) as AccessRecord;
  const { 'identity-record-ref': _ir, ...meta } = stored['record-metadata'];
  const { 'reidentification-token': _t, ...rest } = stored;
  return {
    ...rest,
    'record-metadata': { 'schema-version': meta['schema-version'], 'record-identifier': ak, 'created-at': row.created_at, 'controller-arrangement': meta['controller-arrangement'] },
    'access-event': { ...stored['access-event'], state: row.state as AccessRecord['access-event']['state'], ...(row.revoked_at ? { 'revoked-at': row.revoked_at } : {}) },
  };
}

/** What verify answers: the record without PII (or the DCC's sparse record), and its history when asked. */
export interface Verified {
  record?: AccessRecord;
  discovered?: DiscoveredAccessRecord;
  state: string;
  history?: AuditEntry[];
}

/** Verify: anyone holding the ak sees the record (no PII). */
export async function verifyAccessRecord(ctx: RegisterContext, ak: string, options: { history?: boolean } = {}): Promise<Verified> {
  const row = await rowOfAk(ctx, ctx.db, ak);
  const history = options.history ? { history: await readAudit(ctx.db, accessSubject(row.ak_hash)) } : {};
  if (row.record_json === null) return { discovered: discoveredOf(row), state: row.state, ...history };
  return { record: accessRecordOf(row, ak), state: row.state, ...history };
}

/** The DCC's sparse record of a discovered row, with what superseded it. */
export function discoveredOf(row: DarAccessRecordsTable): DiscoveredAccessRecord {
  const d = JSON.parse(row.discovered_json!) as DiscoveredAccessRecord;
  return { ...d, ...(row.superseded_by ? { 'superseded-by': row.superseded_by } : {}) };
}

/** Replaces the whole payload of an ACTIVE record of the caller; the ak, created-at and owner are kept. */
export async function replaceAccessRecord(ctx: RegisterContext, actor: Actor, ak: string, body: unknown): Promise<{ ak: string; expiry: string | null; warnings: Problem[] }> {
  duidOf(actor);
  const first = await rowOfAk(ctx, ctx.db, ak);
  ownedBy(first, actor, ak);
  if (first.state !== 'ACTIVE') throw conflict(`access record ${akHint(ak)} is ${first.state}; only an ACTIVE record can be replaced`, { state: first.state });
  const now = ctx.now();
  const { value, warnings } = validateAccessRecord(body, 'replace', { now });
  const ir = irOf(value);
  const { mpxnKey } = await linkableIdentity(ctx, actor, ir);
  const at = iso(now);
  const expiry = value['access-event'].expiry === null ? null : iso(new Date(value['access-event'].expiry));
  await ctx.store.transaction(async (trx) => {
    const db = trx.withTables<DarTables>();
    const res = await db
      .updateTable('dar_access_records')
      .set({ ir, mpxn_key: mpxnKey, legal_basis: value.processing['legal-basis'], record_json: storedJson(value), expiry, registered_at: iso(new Date(value['access-event']['registered-at'])), updated_at: at })
      .where('ak_hash', '=', first.ak_hash)
      .where('state', '=', 'ACTIVE')
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) !== 1) throw conflict(`access record ${akHint(ak)} stopped being ACTIVE; only an ACTIVE record can be replaced`);
    await recordAudit(db, { subject: accessSubject(first.ak_hash), action: 'replaced', at, by: actor.accountId });
  });
  return { ak, expiry, warnings };
}

/** Revokes an ACTIVE record of the caller and fires consent.withdrawal in the same transaction. */
export async function revokeAccessRecord(ctx: RegisterContext, actor: Actor, ak: string, reason?: string): Promise<{ ak: string; revokedAt: string }> {
  duidOf(actor);
  const first = await rowOfAk(ctx, ctx.db, ak);
  ownedBy(first, actor, ak);
  const revokedAt = await revokeRow(ctx, first, actor.accountId, reason);
  return { ak, revokedAt };
}

/**
 * Revokes the ACTIVE full record of `row` (409 otherwise) and queues consent.withdrawal to its
 * owner's subscriptions in the same transaction; `by` goes into the audit history. The customer
 * portal withdraws through this too.
 */
export async function revokeRow(ctx: RegisterContext, first: DarAccessRecordsTable, by: string, reason?: string, detail: Record<string, unknown> = {}): Promise<string> {
  const hint = first.ak_hint;
  if (first.state !== 'ACTIVE' || first.duid === null || first.record_json === null) throw conflict(`access record ${hint} is ${first.state}; only an ACTIVE record can be revoked`, { state: first.state });
  const duid = first.duid;
  const at = iso(ctx.now());
  await ctx.store.transaction(async (trx) => {
    const db = trx.withTables<DarTables>();
    const res = await db
      .updateTable('dar_access_records')
      .set({ state: 'REVOKED', revoked_at: at, revoke_reason: reason ?? null, updated_at: at })
      .where('ak_hash', '=', first.ak_hash)
      .where('state', '=', 'ACTIVE')
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) !== 1) throw conflict(`access record ${hint} stopped being ACTIVE; only an ACTIVE record can be revoked`);
    const auditDetail = { ...detail, ...(reason ? { reason } : {}) };
    await recordAudit(db, { subject: accessSubject(first.ak_hash), action: 'revoked', at, by, ...(Object.keys(auditDetail).length ? { detail: auditDetail } : {}) });
    const record = JSON.parse(first.record_json!) as AccessRecord;
    const controllerReference = record['access-event']['controller-reference'];
    await emitEvent(trx, duid, 'consent.withdrawal', at, {
      ak: hint,
      mpxn: first.mpxn_key,
      duid,
      'revoked-at': at,
      ...(reason ? { reason } : {}),
      ...(controllerReference ? { 'controller-reference': controllerReference } : {}),
      ...detail,
    });
  });
  return at;
}
