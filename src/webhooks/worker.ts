// The delivery worker: claims due deliveries of one topic from the outbox, posts each (signed, with
// a timeout), completes it on 2xx, otherwise schedules the next step of the ladder; after the last
// step the delivery is dead and an alert is recorded. Deliveries run concurrently and never on a
// request's path, so a receiver that hangs slows nothing but its own delivery.

import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { claimJobs, completeJob, failJob, retryJob, type ClaimedJob, type Store, type StoreTables } from '../store/index.js';
import { deliverWebhook, type DeliveryOutcome } from './deliver.js';
import { RETRY_LADDER_MS, retryDelay } from './ladder.js';
import { recordAlert, type WebhookJobPayload, type WebhookTables } from './outbox.js';
import type { SigningScheme } from './signature.js';

/** Where an endpoint reference delivers, resolved at delivery time (so a changed URL or secret applies). */
export interface WebhookEndpoint {
  url: string;
  secret: string;
  alertEmail?: string;
  /**
   * Wraps the queued body at delivery, for envelopes that carry delivery-time fields (the Tariff
   * API's `webhook_id` and `webhook_timestamp`); gets the unix seconds that are signed. Default: the
   * queued body as it is.
   */
  envelope?: (body: string, timestamp: number) => string;
  /** The headers the domain's spec names for the signature (default: the toolkit's `X-Ltds-*`). */
  signing?: SigningScheme;
}

/** One line per attempt, for the host's log (never the body, the URL's query or the secret). */
export interface AttemptRecord {
  jobId: string;
  eventId: string;
  endpoint: string;
  attempt: number;
  outcome: 'delivered' | 'retry' | 'undelivered' | 'lost-lease';
  status?: number;
  error?: string;
  ms: number;
}

export interface WebhookWorkerOptions {
  store: Pick<Store, 'db' | 'engine'>;
  topic: string;
  resolve: (endpoint: string) => Promise<WebhookEndpoint | undefined>;
  workerId?: string;
  now?: () => Date;
  ladder?: readonly number[];
  /** Per-attempt timeout (default 10 s). */
  timeoutMs?: number;
  /** How long a claim holds a delivery (default timeout + 30 s). */
  leaseMs?: number;
  /** Deliveries in flight at most (default 16). */
  concurrency?: number;
  /** Poll interval of `start()` (default 1 s). */
  pollMs?: number;
  onAttempt?: (record: AttemptRecord) => void;
}

export interface RunResult {
  delivered: number;
  retried: number;
  undelivered: number;
}

export class WebhookWorker {
  readonly workerId: string;
  private readonly now: () => Date;
  private readonly ladder: readonly number[];
  private inFlight = new Set<Promise<void>>();
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(private readonly options: WebhookWorkerOptions) {
    this.workerId = options.workerId ?? `worker_${randomBytes(6).toString('hex')}`;
    this.now = options.now ?? (() => new Date());
    this.ladder = options.ladder ?? RETRY_LADDER_MS;
  }

  private get db(): Kysely<StoreTables> {
    return this.options.store.db;
  }

  /** Claims what is due now and delivers it; resolves when those deliveries are done. */
  async runOnce(): Promise<RunResult> {
    return (await this.claimAndDeliver()).done;
  }

  /** Claims what is due (up to the free slots) and starts delivering; `done` settles when they have. */
  private async claimAndDeliver(): Promise<{ done: Promise<RunResult> }> {
    const result: RunResult = { delivered: 0, retried: 0, undelivered: 0 };
    const room = (this.options.concurrency ?? 16) - this.inFlight.size;
    if (room <= 0) return { done: Promise.resolve(result) };
    const timeoutMs = this.options.timeoutMs ?? 10_000;
    const jobs = await claimJobs(this.options.store, { worker: this.workerId, topic: this.options.topic, limit: room, leaseMs: this.options.leaseMs ?? timeoutMs + 30_000, now: this.now() });
    const running = jobs.map((job) => {
      const tracked: Promise<void> = this.attempt(job, timeoutMs)
        .then((o) => {
          if (o === 'delivered') result.delivered++;
          else if (o === 'retry') result.retried++;
          else if (o === 'undelivered') result.undelivered++;
        })
        .finally(() => this.inFlight.delete(tracked));
      this.inFlight.add(tracked);
      return tracked;
    });
    return { done: Promise.all(running).then(() => result) };
  }

  private async attempt(job: ClaimedJob, timeoutMs: number): Promise<AttemptRecord['outcome']> {
    const payload = job.payload as WebhookJobPayload;
    const endpoint = await this.options.resolve(payload.endpoint);
    let outcome: DeliveryOutcome;
    if (!endpoint) outcome = { ok: false, error: `endpoint ${payload.endpoint} no longer exists`, ms: 0 };
    else {
      const timestamp = Math.floor(this.now().getTime() / 1000);
      const body = endpoint.envelope ? endpoint.envelope(payload.body, timestamp) : payload.body;
      outcome = await deliverWebhook({ url: endpoint.url, secret: endpoint.secret, eventId: payload.eventId, body, timestamp, timeoutMs, ...(endpoint.signing ? { signing: endpoint.signing } : {}) });
    }
    const now = this.now();
    let result: AttemptRecord['outcome'];
    if (outcome.ok) {
      result = (await completeJob(this.db, job, { now })) ? 'delivered' : 'lost-lease';
    } else {
      const delay = endpoint ? retryDelay(job.attempt, this.ladder) : undefined;
      const error = outcome.error ?? 'failed';
      if (delay !== undefined) {
        result = (await retryJob(this.db, job, { nextAt: new Date(now.getTime() + delay), error, now })) ? 'retry' : 'lost-lease';
      } else {
        // Dead and alerted in one transaction: nobody sees (and no crash leaves) a dead job without its alert.
        const failed = await this.db.transaction().execute(async (trx) => {
          if (!(await failJob(trx, job, { error, now }))) return false;
          await recordAlert(trx as unknown as Kysely<WebhookTables>, {
            topic: job.topic,
            endpoint: payload.endpoint,
            event_id: payload.eventId,
            job_id: job.jobId,
            alert_email: endpoint?.alertEmail ?? null,
            attempts: job.attempt,
            error,
            created_at: now.toISOString(),
          });
          return true;
        });
        result = failed ? 'undelivered' : 'lost-lease';
      }
    }
    this.options.onAttempt?.({ jobId: job.jobId, eventId: payload.eventId, endpoint: payload.endpoint, attempt: job.attempt, outcome: result, ...(outcome.status ? { status: outcome.status } : {}), ...(outcome.error ? { error: outcome.error } : {}), ms: Math.round(outcome.ms) });
    return result;
  }

  /** Polls every `pollMs` in the background (timers do not keep the process alive). */
  start(): void {
    this.stopped = false;
    const tick = () => {
      if (this.stopped) return;
      // Deliveries are not awaited here: a slow receiver holds only its own slot.
      void this.claimAndDeliver()
        .catch(() => undefined)
        .finally(() => {
          if (!this.stopped) this.timer = setTimeout(tick, this.options.pollMs ?? 1000).unref();
        });
    };
    this.timer = setTimeout(tick, 0).unref();
  }

  /** Stops polling and waits for deliveries in flight. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await Promise.allSettled([...this.inFlight]);
  }
}
