// A real webhook receiver on loopback that checks each delivery's signature with its own HMAC code
// (not the toolkit's), records what came, and answers as the test tells it (status, hang).
// Two header schemes, as the two specs name them: the DAR's `X-Ltds-Signature` (+ `X-Ltds-Timestamp`,
// `X-Ltds-Event-Id`) and the Tariff API's `webhook-signature` (event id and time in the body).

import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Received {
  eventId: string;
  timestamp: number;
  signatureValid: boolean;
  body: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- a JSON body the test reads field by field
  json: any;
  at: number;
  /** The request's headers (lower-case names). */
  headers: Record<string, string | string[] | undefined>;
}

/** Which spec's headers the receiver reads. */
export type ReceiverScheme = 'dar' | 'tariff';

export interface Receiver {
  url: string;
  received: Received[];
  /** The secret to verify with (set after the subscription returns it). */
  secret: string;
  /** What to answer: a status, or 'hang' (never answer). Default 200. */
  respond: (r: Received) => number | 'hang';
  /** How long to wait before answering (default 0). */
  delayMs: number;
  waitFor(n: number, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

/** Checks `t=<ts>,v1=<hex>` over `<ts>.<body>` with plain node:crypto. */
function signatureOk(secret: string, header: string | undefined, body: string): { ok: boolean; t: number } {
  const m = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(header ?? '');
  if (!m) return { ok: false, t: NaN };
  const mac = createHmac('sha256', secret).update(`${m[1]}.${body}`).digest();
  return { ok: timingSafeEqual(mac, Buffer.from(m[2]!, 'hex')), t: Number(m[1]) };
}

export async function startReceiver(scheme: ReceiverScheme = 'dar'): Promise<Receiver> {
  const hanging: ServerResponse[] = [];
  const rec: Receiver = {
    url: '',
    received: [],
    secret: '',
    respond: () => 200,
    delayMs: 0,
    async waitFor(n, timeoutMs = 15_000) {
      const until = Date.now() + timeoutMs;
      while (rec.received.length < n) {
        if (Date.now() > until) throw new Error(`receiver got ${rec.received.length} of ${n} deliveries`);
        await new Promise((r) => setTimeout(r, 20));
      }
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const h of hanging) h.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const json = JSON.parse(body) as Record<string, unknown>;
      let r: Received;
      if (scheme === 'dar') {
        const sig = signatureOk(rec.secret, req.headers['x-ltds-signature'] as string | undefined, body);
        r = { eventId: String(req.headers['x-ltds-event-id']), timestamp: Number(req.headers['x-ltds-timestamp']), signatureValid: sig.ok && sig.t === Number(req.headers['x-ltds-timestamp']), body, json, at: Date.now(), headers: req.headers };
      } else {
        // api-tariffs.md: `webhook-signature`; the signed time must be the body's webhook_timestamp.
        const sig = signatureOk(rec.secret, req.headers['webhook-signature'] as string | undefined, body);
        const bodyTime = Date.parse(String(json.webhook_timestamp)) / 1000;
        r = { eventId: String(json.event_id), timestamp: sig.t, signatureValid: sig.ok && sig.t === bodyTime, body, json, at: Date.now(), headers: req.headers };
      }
      rec.received.push(r);
      const answer = rec.respond(r);
      if (answer === 'hang') {
        hanging.push(res);
        return;
      }
      const send = (): void => {
        res.statusCode = answer;
        res.end('ok');
      };
      if (rec.delayMs > 0) setTimeout(send, rec.delayMs);
      else send();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  rec.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/${scheme}`;
  return rec;
}
