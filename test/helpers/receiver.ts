// A real webhook receiver on loopback that checks each delivery's signature with its own HMAC code
// (not the toolkit's), records what came, and answers as the test tells it (status, hang).

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
}

export interface Receiver {
  url: string;
  received: Received[];
  /** The secret to verify with (set after the subscription returns it). */
  secret: string;
  /** What to answer: a status, or 'hang' (never answer). Default 200. */
  respond: (r: Received) => number | 'hang';
  waitFor(n: number, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

/** Checks `t=<ts>,v1=<hex>` over `<ts>.<body>` with plain node:crypto. */
function signatureOk(secret: string, header: string | undefined, body: string): { ok: boolean; t: number } {
  const m = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(header ?? '');
  if (!m) return { ok: false, t: NaN };
  const mac = createHmac('sha256', secret).update(`${m[1]}.${body}`).digest();
  return { ok: timingSafeEqual(mac, Buffer.from(m[2], 'hex')), t: Number(m[1]) };
}

export async function startReceiver(): Promise<Receiver> {
  const hanging: ServerResponse[] = [];
  const rec: Receiver = {
    url: '',
    received: [],
    secret: '',
    respond: () => 200,
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
      const sig = signatureOk(rec.secret, req.headers['x-ltds-signature'] as string | undefined, body);
      const r: Received = { eventId: String(req.headers['x-ltds-event-id']), timestamp: Number(req.headers['x-ltds-timestamp']), signatureValid: sig.ok && sig.t === Number(req.headers['x-ltds-timestamp']), body, json: JSON.parse(body), at: Date.now() };
      rec.received.push(r);
      const answer = rec.respond(r);
      if (answer === 'hang') {
        hanging.push(res);
        return;
      }
      res.statusCode = answer;
      res.end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  rec.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/dar`;
  return rec;
}
