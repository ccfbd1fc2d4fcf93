// One delivery attempt: a signed POST with a hard timeout (10 s by default), no redirects followed,
// plain http only to a loopback host. Never throws: the outcome is a record.

import { isLoopbackHost } from './url.js';
import { LTDS_SIGNING, signingHeaders, type SigningScheme } from './signature.js';

export interface DeliveryOutcome {
  ok: boolean;
  /** HTTP status when the receiver answered. */
  status?: number;
  /** Why it failed (status, timeout, refused URL, network error). */
  error?: string;
  ms: number;
}

export interface DeliveryRequest {
  url: string;
  secret: string;
  eventId: string;
  body: string;
  /** Unix seconds signed with the body (default: now). */
  timestamp?: number;
  timeoutMs?: number;
  /** Which headers carry the signature (default: the toolkit's `X-Ltds-*`). */
  signing?: SigningScheme;
}

/** Why a URL may not receive deliveries, or undefined. */
export function deliveryUrlProblem(url: string): string | undefined {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return 'not an absolute URL';
  }
  if (u.protocol === 'https:') return undefined;
  if (u.protocol === 'http:' && isLoopbackHost(u.hostname)) return undefined;
  return 'only https (or plain http to a loopback host) receives deliveries';
}

/** POSTs one signed delivery; 2xx is success, anything else (or no answer in time) a failure. */
export async function deliverWebhook(req: DeliveryRequest): Promise<DeliveryOutcome> {
  const started = performance.now();
  const problem = deliveryUrlProblem(req.url);
  if (problem) return { ok: false, error: problem, ms: 0 };
  const timestamp = req.timestamp ?? Math.floor(Date.now() / 1000);
  try {
    const res = await fetch(req.url, {
      method: 'POST',
      redirect: 'manual',
      signal: AbortSignal.timeout(req.timeoutMs ?? 10_000),
      headers: {
        'content-type': 'application/json',
        'user-agent': 'ltds-webhooks/1',
        ...signingHeaders(req.signing ?? LTDS_SIGNING, req.secret, timestamp, req.body, req.eventId),
      },
      body: req.body,
    });
    await res.arrayBuffer().catch(() => undefined);
    const ms = performance.now() - started;
    return res.status >= 200 && res.status < 300 ? { ok: true, status: res.status, ms } : { ok: false, status: res.status, error: `HTTP ${res.status}`, ms };
  } catch (err) {
    const e = err as Error;
    const ms = performance.now() - started;
    if (e.name === 'TimeoutError' || e.name === 'AbortError') return { ok: false, error: `no answer within ${req.timeoutMs ?? 10_000} ms`, ms };
    return { ok: false, error: `${e.name}: ${(e.cause as Error | undefined)?.message ?? e.message}`.slice(0, 300), ms };
  }
}
