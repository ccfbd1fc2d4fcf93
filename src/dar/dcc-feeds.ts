// What the DCC feeds the register: discovered access (sparse records from transaction logs; 201 new,
// 200 when the same meter point and organisation reference come again) and change of tenancy
// (201 and tenancy.change to every Data User with an ACTIVE record there; 200 for a duplicate).

import { randomBytes } from 'node:crypto';
import { accessSubject, recordAudit } from './audit.js';
import { iso, type Actor, type RegisterContext } from './context.js';
import { akHint } from './access-records.js';
import { emitEvent } from './events.js';
import { meterPointKey } from './mpxn.js';
import type { Problem } from './problems.js';
import { validateCotEvent, validateDiscoveredAccess } from './validate.js';
import type { DarTables } from './store/tables.js';
import type { DataType } from './wire/index.js';

/** Records or updates a discovered access; `created` tells 201 from 200. */
export async function submitDiscoveredAccess(ctx: RegisterContext, actor: Actor, body: unknown): Promise<{ ak: string; state: 'DISCOVERED'; created: boolean; warnings: Problem[] }> {
  const { value, warnings } = validateDiscoveredAccess(body, { strictMprn: ctx.strictMprn });
  const mpxnKey = meterPointKey(value.mpxn);
  const ak = ctx.keys.discoveredAk(mpxnKey, value['organisation-reference']);
  const hash = ctx.keys.akHash(ak);
  const at = iso(ctx.now());
  const created = await ctx.store.transaction(async (trx) => {
    const db = trx.withTables<DarTables>();
    const existing = await db.selectFrom('dar_access_records').select(['discovered_json']).where('ak_hash', '=', hash).executeTakeFirst();
    if (existing) {
      const before = JSON.parse(existing.discovered_json!) as typeof value;
      const merged = {
        ...value,
        'first-seen': before['first-seen'] < value['first-seen'] ? before['first-seen'] : value['first-seen'],
        'data-types-observed': [...new Set([...before['data-types-observed'], ...value['data-types-observed']])] as DataType[],
      };
      await db.updateTable('dar_access_records').set({ discovered_json: JSON.stringify(merged), updated_at: at }).where('ak_hash', '=', hash).execute();
      await recordAudit(db, { subject: accessSubject(hash), action: 'updated', at, by: actor.accountId, detail: { 'source-reference': value['source-reference'] } });
      return false;
    }
    await db
      .insertInto('dar_access_records')
      .values({
        ak_hash: hash,
        ak_hint: akHint(ak),
        duid: null,
        ir: null,
        mpxn_key: mpxnKey,
        state: 'DISCOVERED',
        legal_basis: null,
        record_json: null,
        discovered_json: JSON.stringify(value),
        organisation_reference: value['organisation-reference'],
        superseded_by: null,
        expiry: null,
        registered_at: at,
        created_at: at,
        updated_at: at,
        revoked_at: null,
        revoke_reason: null,
      })
      .execute();
    await recordAudit(db, { subject: accessSubject(hash), action: 'discovered', at, by: actor.accountId, detail: { 'source-reference': value['source-reference'] } });
    return true;
  });
  return { ak, state: 'DISCOVERED', created, warnings };
}

export interface CotResult {
  mpxn: string;
  effectiveDate: string;
  sourceReference: string;
  activeRecordsAffected: number;
  dataUsersNotified: string[];
  created: boolean;
}

/** Records a change of tenancy and notifies the Data Users with ACTIVE records, once per source reference. */
export async function submitCotEvent(ctx: RegisterContext, actor: Actor, body: unknown): Promise<CotResult & { warnings: Problem[] }> {
  const { value, warnings } = validateCotEvent(body, { strictMprn: ctx.strictMprn });
  const mpxnKey = meterPointKey(value.mpxn);
  const at = iso(ctx.now());
  const result = await ctx.store.transaction(async (trx) => {
    const db = trx.withTables<DarTables>();
    const seen = await db.selectFrom('dar_cot_events').selectAll().where('mpxn_key', '=', mpxnKey).where('source_reference', '=', value['source-reference']).executeTakeFirst();
    if (seen) {
      return { effectiveDate: seen.effective_date, activeRecordsAffected: (JSON.parse(seen.affected_json) as string[]).length, dataUsersNotified: JSON.parse(seen.notified_json) as string[], created: false };
    }
    const active = await db.selectFrom('dar_access_records').select(['ak_hint', 'duid', 'record_json']).where('mpxn_key', '=', mpxnKey).where('state', '=', 'ACTIVE').orderBy('created_at').execute();
    const byDuid = new Map<string, string[]>();
    for (const r of active) if (r.duid) byDuid.set(r.duid, [...(byDuid.get(r.duid) ?? []), r.ak_hint]);
    const notified = [...byDuid.keys()].sort();
    await db
      .insertInto('dar_cot_events')
      .values({ id: randomBytes(12).toString('hex'), mpxn_key: mpxnKey, effective_date: value['effective-date'], source_reference: value['source-reference'], affected_json: JSON.stringify(active.map((r) => r.ak_hint)), notified_json: JSON.stringify(notified), created_at: at, created_by: actor.accountId })
      .execute();
    for (const duid of notified) {
      await emitEvent(trx, duid, 'tenancy.change', at, { mpxn: value.mpxn, 'effective-date': value['effective-date'], 'source-reference': value['source-reference'], 'affected-aks': byDuid.get(duid)! });
    }
    return { effectiveDate: value['effective-date'], activeRecordsAffected: active.length, dataUsersNotified: notified, created: true };
  });
  return { mpxn: value.mpxn, sourceReference: value['source-reference'], ...result, warnings };
}
