// Webhook signatures: HMAC-SHA256 with the endpoint's secret over `<timestamp>.<body>`, sent with
// the timestamp so a receiver can refuse replays (the Stripe scheme, in this toolkit's headers).

import { createHmac, timingSafeEqual } from 'node:crypto';

/** Header carrying `t=<unix seconds>,v1=<hex HMAC>` (the DAR's; api-dar.md names none). */
export const SIGNATURE_HEADER = 'x-ltds-signature';
/** Header carrying the unix-seconds timestamp that was signed. */
export const TIMESTAMP_HEADER = 'x-ltds-timestamp';
/** Header carrying the event id (receivers de-duplicate by it). */
export const EVENT_ID_HEADER = 'x-ltds-event-id';

/**
 * Which headers a domain's deliveries carry. The signature header's value is always
 * `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`; the timestamp and event-id headers are
 * left out when the domain's body already carries them.
 */
export interface SigningScheme {
  signatureHeader: string;
  timestampHeader?: string;
  eventIdHeader?: string;
}

/** The toolkit's own headers (the DAR's deliveries): `X-Ltds-Signature`, `X-Ltds-Timestamp`, `X-Ltds-Event-Id`. */
export const LTDS_SIGNING: SigningScheme = { signatureHeader: SIGNATURE_HEADER, timestampHeader: TIMESTAMP_HEADER, eventIdHeader: EVENT_ID_HEADER };

/** The delivery headers of `scheme` for one signed body. */
export function signingHeaders(scheme: SigningScheme, secret: string, timestamp: number, body: string, eventId: string): Record<string, string> {
  return {
    [scheme.signatureHeader]: signatureHeader(secret, timestamp, body),
    ...(scheme.timestampHeader ? { [scheme.timestampHeader]: String(timestamp) } : {}),
    ...(scheme.eventIdHeader ? { [scheme.eventIdHeader]: eventId } : {}),
  };
}

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
