// Webhook deliveries in the store's outbox: queued inside the transaction of the change they
// announce (the body is fixed then), and the alert left when the retry ladder is exhausted.

import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { enqueueJob, type StoreTables } from '../store/index.js';

/** What a queued delivery holds: which endpoint (resolved at delivery), the event id and the exact body. */
export interface WebhookJobPayload {
  endpoint: string;
  eventId: string;
  body: string;
}

/** Queues one delivery in the caller's transaction; returns the job id. */
export function enqueueWebhook(trx: Kysely<StoreTables>, input: { topic: string; endpoint: string; eventId: string; body: string; now?: Date }): Promise<string> {
  const payload: WebhookJobPayload = { endpoint: input.endpoint, eventId: input.eventId, body: input.body };
  return enqueueJob(trx, { topic: input.topic, payload, now: input.now });
}

/** An undelivered event, for the endpoint's alert address. */
export interface WebhookAlertsTable {
  alert_id: string;
  topic: string;
  endpoint: string;
  event_id: string;
  job_id: string;
  alert_email: string | null;
  attempts: number;
  error: string;
  created_at: string;
}

export interface WebhookTables {
  webhook_alerts: WebhookAlertsTable;
}

/** Records an alert (the worker does, after the last attempt). */
export async function recordAlert(db: Kysely<WebhookTables>, alert: Omit<WebhookAlertsTable, 'alert_id'>): Promise<string> {
  const alertId = `alert_${randomBytes(12).toString('hex')}`;
  await db.insertInto('webhook_alerts').values({ alert_id: alertId, ...alert }).execute();
  return alertId;
}

/** Alerts of a topic, newest first. */
export function listAlerts(db: Kysely<WebhookTables>, topic?: string, limit = 100): Promise<WebhookAlertsTable[]> {
  let q = db.selectFrom('webhook_alerts').selectAll();
  if (topic) q = q.where('topic', '=', topic);
  return q.orderBy('created_at', 'desc').limit(limit).execute();
}
