// Webhook signatures: HMAC-SHA256 with the endpoint's secret over `<timestamp>.<body>`, sent with
// the timestamp so a receiver can refuse replays (the Stripe scheme, in this toolkit's headers).

import { createHmac, timingSafeEqual } from 'node:crypto';

/** Header carrying `t=<unix seconds>,v1=<hex HMAC>`. */
export const SIGNATURE_HEADER = 'x-ltds-signature';
/** Header carrying the unix-seconds timestamp that was signed. */
export const TIMESTAMP_HEADER = 'x-ltds-timestamp';
/** Header carrying the event id (receivers de-duplicate by it). */
export const EVENT_ID_HEADER = 'x-ltds-event-id';

/** The hex HMAC-SHA256 of `<timestamp>.<body>`. */
export function signWebhook(secret: string, timestamp: number, body: string): string {
  return createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
}

/** The signature header value. */
export function signatureHeader(secret: string, timestamp: number, body: string): string {
  return `t=${timestamp},v1=${signWebhook(secret, timestamp, body)}`;
}

/** For receivers: true when `header` signs `body` with `secret` and its timestamp is within `toleranceSeconds` of `now`. */
export function verifyWebhookSignature(secret: string, header: string, body: string, options: { toleranceSeconds?: number; now?: Date } = {}): boolean {
  const parts = Object.fromEntries(header.split(',').map((p) => p.split('=', 2) as [string, string]));
  const t = Number(parts.t);
  if (!Number.isInteger(t) || !parts.v1) return false;
  const now = Math.floor((options.now ?? new Date()).getTime() / 1000);
  if (Math.abs(now - t) > (options.toleranceSeconds ?? 300)) return false;
  const expected = Buffer.from(signWebhook(secret, t, body), 'hex');
  const given = Buffer.from(parts.v1, 'hex');
  return expected.length === given.length && timingSafeEqual(expected, given);
}
