// Webhook events of the register: written to the outbox in the transaction of the change that
// caused them, one delivery per matching active subscription of the Data User concerned.

import type { Kysely } from 'kysely';
import type { StoreTables } from '../store/index.js';
import { enqueueWebhook } from '../webhooks/index.js';
import type { WebhookEventType } from './wire/index.js';
import type { DarTables } from './store/tables.js';
import { newDarId } from './ids.js';
import type { DarDb } from './context.js';

/** The outbox topic the register's deliveries use. */
export const DAR_WEBHOOK_TOPIC = 'webhook:dar';

/** The subscriptions of `duid` that want `eventType` (active, not deleted). */
export async function subscribersOf(db: DarDb, duid: string, eventType: WebhookEventType): Promise<{ wid: string; notifyDaysBefore: number }[]> {
  const rows = await db.selectFrom('dar_webhooks').select(['wid', 'event_types_json', 'notify_days_before']).where('duid', '=', duid).where('active', '=', 1).where('deleted_at', 'is', null).execute();
  return rows.filter((r) => (JSON.parse(r.event_types_json) as string[]).includes(eventType)).map((r) => ({ wid: r.wid, notifyDaysBefore: r.notify_days_before }));
}

/** Queues one event for one subscription (inside the caller's transaction); returns its event id. */
export async function emitTo(trx: Kysely<StoreTables>, wid: string, eventType: WebhookEventType, occurredAt: string, payload: Record<string, unknown>): Promise<string> {
  const eventId = newDarId('evt');
  const body = JSON.stringify({ 'event-id': eventId, 'event-type': eventType, 'occurred-at': occurredAt, wid, payload });
  await enqueueWebhook(trx, { topic: DAR_WEBHOOK_TOPIC, endpoint: wid, eventId, body, now: new Date(occurredAt) });
  return eventId;
}

/** Queues `eventType` for every subscription of `duid` that wants it; returns how many. */
export async function emitEvent(trx: Kysely<StoreTables>, duid: string, eventType: WebhookEventType, occurredAt: string, payload: Record<string, unknown>): Promise<number> {
  const subs = await subscribersOf(trx.withTables<DarTables>(), duid, eventType);
  for (const s of subs) await emitTo(trx, s.wid, eventType, occurredAt, payload);
  return subs.length;
}
