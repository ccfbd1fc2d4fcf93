// The scheduled sweep: ACTIVE records past their expiry become EXPIRED (with history), and
// consent.expiring goes `notify-days-before` days ahead, once per record per subscription; the
// portal's expired challenges and sessions are dropped a day after they lapse.

import { accessSubject, recordAudit } from './audit.js';
import { SYSTEM, iso, type RegisterContext } from './context.js';
import { emitTo } from './events.js';
import type { DarTables } from './store/tables.js';
import type { AccessRecord } from './wire/index.js';

const DAY = 86_400_000;

export interface SweepResult {
  expired: number;
  expiringNotices: number;
}

/** Runs one sweep at the register's clock; each change and its events in one transaction. */
export async function sweep(ctx: RegisterContext): Promise<SweepResult> {
  const now = ctx.now();
  const at = iso(now);
  return ctx.store.transaction(async (trx) => {
    const db = trx.withTables<DarTables>();
    const due = await db.selectFrom('dar_access_records').select(['ak_hash']).where('state', '=', 'ACTIVE').where('expiry', 'is not', null).where('expiry', '<=', at).execute();
    for (const r of due) {
      const res = await db.updateTable('dar_access_records').set({ state: 'EXPIRED', updated_at: at }).where('ak_hash', '=', r.ak_hash).where('state', '=', 'ACTIVE').executeTakeFirst();
      if (Number(res.numUpdatedRows) === 1) await recordAudit(db, { subject: accessSubject(r.ak_hash), action: 'expired', at, by: SYSTEM.accountId });
    }

    let notices = 0;
    const subs = await db.selectFrom('dar_webhooks').select(['wid', 'duid', 'notify_days_before', 'event_types_json']).where('active', '=', 1).where('deleted_at', 'is', null).execute();
    for (const s of subs) {
      if (!(JSON.parse(s.event_types_json) as string[]).includes('consent.expiring')) continue;
      const horizon = iso(new Date(now.getTime() + s.notify_days_before * DAY));
      const soon = await db
        .selectFrom('dar_access_records')
        .leftJoin('dar_expiry_notices', (j) => j.onRef('dar_expiry_notices.ak_hash', '=', 'dar_access_records.ak_hash').on('dar_expiry_notices.wid', '=', s.wid))
        .select(['dar_access_records.ak_hash', 'dar_access_records.ak_hint', 'dar_access_records.mpxn_key', 'dar_access_records.expiry', 'dar_access_records.record_json'])
        .where('dar_access_records.duid', '=', s.duid)
        .where('dar_access_records.state', '=', 'ACTIVE')
        .where('dar_access_records.expiry', '>', at)
        .where('dar_access_records.expiry', '<=', horizon)
        .where('dar_expiry_notices.wid', 'is', null)
        .execute();
      for (const r of soon) {
        await db.insertInto('dar_expiry_notices').values({ ak_hash: r.ak_hash, wid: s.wid, sent_at: at }).execute();
        const ref = (JSON.parse(r.record_json!) as AccessRecord)['access-event']['controller-reference'];
        await emitTo(trx, s.wid, 'consent.expiring', at, {
          ak: r.ak_hint,
          mpxn: r.mpxn_key,
          duid: s.duid,
          expiry: r.expiry,
          'days-remaining': Math.ceil((Date.parse(r.expiry!) - now.getTime()) / DAY),
          ...(ref ? { 'controller-reference': ref } : {}),
        });
        notices++;
      }
    }
    // The portal's short-lived secrets: challenges and sessions a day past their expiry are dropped
    // (re-identification tokens stay: their rows say who asked to re-identify whom, and when).
    const dayAgo = iso(new Date(now.getTime() - DAY));
    await db.deleteFrom('dar_challenges').where('expires_at', '<', dayAgo).execute();
    await db.deleteFrom('dar_portal_sessions').where('expires_at', '<', dayAgo).execute();
    return { expired: due.length, expiringNotices: notices };
  });
}
