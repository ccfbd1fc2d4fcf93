// Lists of records: every record at a meter point (for a Data User with a record there), and a
// Data User's own records, filtered and paged by an opaque cursor that does not shift on inserts.

import { duidOf, forbidden, type Actor, type RegisterContext } from './context.js';
import { discoveredOf, leadController } from './access-records.js';
import { meterPointKey } from './mpxn.js';
import { invalidRequest } from './problems.js';
import { validateMpxnParam } from './validate.js';
import type { DarAccessRecordsTable } from './store/tables.js';
import type { AccessRecord, AccessRecordSummary } from './wire/index.js';

/** The summary of one row (no ak: only its hint). */
export function summaryOf(row: DarAccessRecordsTable, options: { own?: boolean } = {}): AccessRecordSummary {
  if (row.record_json === null) {
    const d = discoveredOf(row);
    return { 'ak-hint': row.ak_hint, 'data-types': d['data-types-observed'], state: row.state as AccessRecordSummary['state'], 'registered-at': row.registered_at, 'discovered-access': d };
  }
  const r = JSON.parse(row.record_json) as AccessRecord;
  const lead = leadController(r);
  const ref = r['access-event']['controller-reference'];
  return {
    'ak-hint': row.ak_hint,
    ...(lead ? { 'lead-controller-name': lead.name } : {}),
    'arrangement-type': r['record-metadata']['controller-arrangement']['arrangement-type'],
    'controller-count': r['record-metadata']['controller-arrangement'].controllers.length,
    'legal-basis': r.processing['legal-basis'],
    purpose: r.processing.purpose,
    'data-types': r.processing['data-types'],
    state: row.state as AccessRecordSummary['state'],
    'registered-at': row.registered_at,
    expiry: row.expiry,
    ...(row.revoked_at ? { 'revoked-at': row.revoked_at } : {}),
    ...(options.own && ref ? { 'controller-reference': ref } : {}),
  };
}

export interface ListFilter {
  state?: string;
  'legal-basis'?: string;
}

/** Every Access and Discovered record at a meter point; the caller must hold a record there. */
export async function listMeterPoint(ctx: RegisterContext, actor: Actor, mpxn: string, filter: ListFilter, options: { any?: boolean } = {}): Promise<{ mpxn: string; records: AccessRecordSummary[]; hashes: string[] }> {
  // `any`: the caller spent a re-identification token for this meter point (a Portal Operator).
  const duid = options.any ? null : duidOf(actor);
  validateMpxnParam(mpxn, 'mpxn', { strictMprn: ctx.strictMprn });
  const key = meterPointKey(mpxn);
  if (duid !== null) {
    const mine = await ctx.db.selectFrom('dar_access_records').select(['ak_hash']).where('mpxn_key', '=', key).where('duid', '=', duid).limit(1).executeTakeFirst();
    if (!mine) throw forbidden('only a Data User holding an access record at this meter point may list its records');
  }
  let q = ctx.db.selectFrom('dar_access_records').selectAll().where('mpxn_key', '=', key);
  if (filter.state) q = q.where('state', '=', filter.state);
  if (filter['legal-basis']) q = q.where('legal_basis', '=', filter['legal-basis']);
  const rows = await q.orderBy('created_at').orderBy('ak_hash').limit(1000).execute();
  return { mpxn, records: rows.map((r) => summaryOf(r, { own: duid !== null && r.duid === duid })), hashes: rows.map((r) => r.ak_hash) };
}

/** The caller's own records, newest first, `limit` per page; `nextCursor` is null on the last page. */
export async function listOwnRecords(ctx: RegisterContext, actor: Actor, query: ListFilter & { limit: number; cursor?: string }): Promise<{ records: AccessRecordSummary[]; nextCursor: string | null }> {
  const duid = duidOf(actor);
  let after: [string, string] | undefined;
  if (query.cursor !== undefined) {
    try {
      const parsed = JSON.parse(ctx.keys.open(query.cursor, `cursor:${duid}`)) as unknown;
      if (!Array.isArray(parsed) || parsed.length !== 2 || !parsed.every((x) => typeof x === 'string')) throw new Error('shape');
      after = parsed as [string, string];
    } catch {
      throw invalidRequest([{ field: 'cursor', code: 'VAL001', message: 'is not a cursor this register gave you (pass next-cursor from the previous page unchanged)' }], 'query');
    }
  }
  let q = ctx.db.selectFrom('dar_access_records').selectAll().where('duid', '=', duid);
  if (query.state) q = q.where('state', '=', query.state);
  if (query['legal-basis']) q = q.where('legal_basis', '=', query['legal-basis']);
  if (after) {
    const [createdAt, hash] = after;
    q = q.where((eb) => eb.or([eb('created_at', '<', createdAt), eb.and([eb('created_at', '=', createdAt), eb('ak_hash', '<', hash)])]));
  }
  const rows = await q.orderBy('created_at', 'desc').orderBy('ak_hash', 'desc').limit(query.limit + 1).execute();
  const page = rows.slice(0, query.limit);
  const last = page[page.length - 1];
  const nextCursor = rows.length > query.limit && last ? ctx.keys.seal(JSON.stringify([last.created_at, last.ak_hash]), `cursor:${duid}`) : null;
  return { records: page.map((r) => summaryOf(r, { own: true })), nextCursor };
}
