// Tariff events for RTI Users' webhooks (api-tariffs.md "Events"): queued in the store's outbox in
// the transaction of the change they announce, delivered by the domain-neutral webhook worker
// (src/webhooks/: signed, retried on the ladder, dead + alert after it). A delivery is addressed to
// the RTI User and supplier, not to one webhook id, and resolved when it is sent: a webhook
// registered or replaced after the event still receives it, with its own id and secret.

import { randomBytes } from 'node:crypto';
import { enqueueWebhook, type SigningScheme, type WebhookEndpoint, type WebhookJobPayload } from '../webhooks/index.js';
import type { Store, Trx } from '../store/index.js';
import type { TariffTables } from './tables.js';

/** The outbox topic of the events for RTI Users' webhooks. */
export const WEBHOOK_TOPIC = 'tariff.webhook';

/** A tariff event as the outbox holds it (`webhook_timestamp` and the signature are added on delivery). */
export interface TariffEvent {
  event_id: string;
  type: 'tariff.change' | 'tariff.update' | 'supplier.change' | 'consent.revoked' | 'supplier.cessation';
  event_timestamp: string;
  user_id: string;
  /** The user's webhook for the supplier when the event was written, or null when it had none. */
  webhook_id: string | null;
  mpxn: string;
  tariff_id: string;
  supplier_mpid: string;
}

/** The body a receiver gets: the spec's `TariffEvent` fields, plus `event_id` to de-duplicate by. */
export interface TariffEventEnvelope {
  webhook_id: string;
  /** When this delivery was sent (the instant its signature covers), ISO 8601 UTC. */
  webhook_timestamp: string;
  event_id: string;
  type: TariffEvent['type'];
  event_timestamp: string;
  mpxn: string;
  tariff_id: string;
  supplier_mpid: string;
}

/**
 * The signature header api-tariffs.md names: `webhook-signature: t=<unix seconds>,v1=<hex
 * HMAC-SHA256 of "<t>.<body>">`. The event id and the sending time are in the body (`event_id`,
 * `webhook_timestamp`), so no other header is sent.
 */
export const TARIFF_SIGNING: SigningScheme = { signatureHeader: 'webhook-signature' };

/** The outbox's endpoint reference of an RTI User's webhook for a supplier. */
export const webhookRef = (userId: string, supplierMpid: string): string => `${userId}/${supplierMpid}`;

/** Queues one event in the caller's transaction (the body is fixed now; the envelope's delivery fields are added when it is sent). */
export async function enqueueEvent(trx: Trx, e: Omit<TariffEvent, 'event_id' | 'event_timestamp' | 'webhook_id'>, at: string): Promise<string> {
  const hook = await trx.withTables<TariffTables>().selectFrom('tariff_webhooks').select('webhook_id').where('user_id', '=', e.user_id).where('supplier_mpid', '=', e.supplier_mpid).executeTakeFirst();
  const eventId = `evt_${randomBytes(16).toString('hex')}`;
  const { user_id: userId, ...rest } = e;
  const body = JSON.stringify({ event_id: eventId, event_timestamp: at, webhook_id: hook?.webhook_id ?? null, ...rest });
  await enqueueWebhook(trx, { topic: WEBHOOK_TOPIC, endpoint: webhookRef(userId, e.supplier_mpid), eventId, body, now: new Date(at) });
  return eventId;
}

/** What a receiver gets for a queued body, sent by `webhookId` at unix second `timestamp`. */
export function tariffEnvelope(body: string, webhookId: string, timestamp: number): string {
  const e = JSON.parse(body) as Omit<TariffEvent, 'user_id'>;
  const envelope: TariffEventEnvelope = {
    webhook_id: webhookId,
    webhook_timestamp: new Date(timestamp * 1000).toISOString(),
    event_id: e.event_id,
    type: e.type,
    event_timestamp: e.event_timestamp,
    mpxn: e.mpxn,
    tariff_id: e.tariff_id,
    supplier_mpid: e.supplier_mpid,
  };
  return JSON.stringify(envelope);
}

/** The webhook worker's resolver: the user's current webhook for the supplier (URL, secret, envelope), or undefined when there is none. */
export async function tariffWebhookEndpoint(store: Pick<Store, 'db'>, ref: string): Promise<WebhookEndpoint | undefined> {
  const [userId, supplierMpid] = ref.split('/');
  if (!userId || !supplierMpid) return undefined;
  const row = await store.db
    .withTables<TariffTables>()
    .selectFrom('tariff_webhooks')
    .select(['webhook_id', 'url', 'signing_secret'])
    .where('user_id', '=', userId)
    .where('supplier_mpid', '=', supplierMpid)
    .executeTakeFirst();
  if (row === undefined) return undefined;
  return { url: row.url, secret: row.signing_secret, signing: TARIFF_SIGNING, envelope: (body, timestamp) => tariffEnvelope(body, row.webhook_id, timestamp) };
}

/** The events written for RTI Users, oldest first, whatever their delivery state (for tests and the CLI). */
export async function pendingEvents(store: Pick<Store, 'db'>): Promise<TariffEvent[]> {
  const rows = await store.db.selectFrom('jobs').select('payload').where('topic', '=', WEBHOOK_TOPIC).orderBy('created_at').orderBy('job_id').execute();
  return rows.map((r) => {
    const job = JSON.parse(r.payload) as WebhookJobPayload;
    const e = JSON.parse(job.body) as Omit<TariffEvent, 'user_id'>;
    return { ...e, user_id: job.endpoint.split('/')[0]! };
  });
}
