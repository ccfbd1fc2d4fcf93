// The outbox: jobs written in the same transaction as the change they announce, then claimed by
// workers, delivered, and completed, retried or failed. Delivery is at least once: a claim is a
// lease; a worker that dies leaves the job to be claimed again when the lease runs out, with its
// attempt count raised. Two hosts on one database never hold the same attempt: on PostgreSQL the
// claim takes rows with FOR UPDATE SKIP LOCKED, on SQLite the claim is one write statement and
// SQLite has one writer at a time.
//
//   pending (locked_by NULL) --claimJobs--> pending (locked_by worker, locked_until, attempts+1)
//     --completeJob--> done     --retryJob--> pending at nextAt     --failJob--> dead

import type { Kysely, Selectable } from 'kysely';
import { newId } from './accounts.js';
import type { StoreCore } from './core.js';
import type { JobsTable, StoreTables } from './tables.js';

/** A job as the outbox holds it. */
export interface Job {
  jobId: string;
  topic: string;
  /** The payload, parsed from its JSON text. */
  payload: unknown;
  status: 'pending' | 'done' | 'dead';
  /** Claims so far (the current attempt's number while claimed). */
  attempts: number;
  dueAt: string;
  lockedBy: string | null;
  lockedUntil: string | null;
  lastError: string | null;
  createdAt: string;
  updatedAt: string;
  finishedAt: string | null;
}

/** A job a worker holds: the attempt it claimed is what complete/retry/fail act on. */
export interface ClaimedJob extends Job {
  worker: string;
  attempt: number;
}

const toJob = (r: Selectable<JobsTable>): Job => ({
  jobId: r.job_id,
  topic: r.topic,
  payload: JSON.parse(r.payload),
  status: r.status,
  attempts: Number(r.attempts),
  dueAt: r.due_at,
  lockedBy: r.locked_by,
  lockedUntil: r.locked_until,
  lastError: r.last_error,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  finishedAt: r.finished_at,
});

const iso = (d: Date | string) => (typeof d === 'string' ? new Date(d).toISOString() : d.toISOString());

/**
 * A query root or transaction that holds the store's tables: `store.db`, a transaction, or a
 * domain's `withTables<…>()` view of either (Kysely's types are invariant in the table set, so the
 * parameter takes any and the functions read it as the store's tables).
 */
type Db = Kysely<any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- see above
const jobsOf = (db: Db) => db as Kysely<StoreTables>;

/**
 * Adds a job inside the caller's transaction (so the job exists exactly when the change it
 * announces does) and returns its id (`job_…`).
 */
export async function enqueueJob(trx: Db, input: { topic: string; payload: unknown; dueAt?: Date | string; now?: Date; jobId?: string }): Promise<string> {
  const at = iso(input.now ?? new Date());
  const jobId = input.jobId ?? newId('job');
  await jobsOf(trx)
    .insertInto('jobs')
    .values({ job_id: jobId, topic: input.topic, payload: JSON.stringify(input.payload ?? null), status: 'pending', attempts: 0, due_at: input.dueAt === undefined ? at : iso(input.dueAt), created_at: at, updated_at: at })
    .execute();
  return jobId;
}

/**
 * Claims up to `limit` due jobs (oldest due first) for `worker` for `leaseMs`: each returned job
 * is this worker's attempt number `attempt` until the lease ends. Jobs whose lease ran out are
 * claimable again. Runs as one statement, outside any transaction of the caller.
 */
export async function claimJobs(store: { db: Db; engine: StoreCore['engine'] }, options: { worker: string; topic?: string; limit: number; leaseMs: number; now?: Date }): Promise<ClaimedJob[]> {
  const now = options.now ?? new Date();
  const at = now.toISOString();
  const until = new Date(now.getTime() + options.leaseMs).toISOString();
  const rows = await jobsOf(store.db)
    .updateTable('jobs')
    .set((eb) => ({ locked_by: options.worker, locked_until: until, attempts: eb('attempts', '+', 1), updated_at: at }))
    .where('job_id', 'in', (eb) => {
      let q = eb
        .selectFrom('jobs')
        .select('job_id')
        .where('status', '=', 'pending')
        .where('due_at', '<=', at)
        .where((w) => w.or([w('locked_until', 'is', null), w('locked_until', '<=', at)]));
      if (options.topic !== undefined) q = q.where('topic', '=', options.topic);
      q = q.orderBy('due_at').orderBy('job_id').limit(options.limit);
      return store.engine === 'postgres' ? q.forUpdate().skipLocked() : q;
    })
    .returningAll()
    .execute();
  return rows
    .map((r) => ({ ...toJob(r), worker: options.worker, attempt: Number(r.attempts) }))
    .sort((a, b) => (a.dueAt < b.dueAt ? -1 : a.dueAt > b.dueAt ? 1 : a.jobId < b.jobId ? -1 : 1));
}

/** Updates `job` only while the attempt that claimed it still holds it. */
async function finish(db: Db, job: ClaimedJob, set: Partial<Selectable<JobsTable>>): Promise<boolean> {
  const r = await jobsOf(db)
    .updateTable('jobs')
    .set(set)
    .where('job_id', '=', job.jobId)
    .where('status', '=', 'pending')
    .where('locked_by', '=', job.worker)
    .where('attempts', '=', job.attempt)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/**
 * Marks a claimed job delivered. False when this attempt no longer holds it (its lease ran out and
 * another worker claimed it, or it was already finished): the caller's result is then not recorded.
 */
export function completeJob(db: Db, job: ClaimedJob, options: { now?: Date } = {}): Promise<boolean> {
  const at = iso(options.now ?? new Date());
  return finish(db, job, { status: 'done', locked_by: null, locked_until: null, updated_at: at, finished_at: at });
}

/** Releases a claimed job to be tried again at `nextAt`, recording why this attempt failed. */
export function retryJob(db: Db, job: ClaimedJob, options: { nextAt: Date | string; error: string; now?: Date }): Promise<boolean> {
  const at = iso(options.now ?? new Date());
  return finish(db, job, { due_at: iso(options.nextAt), locked_by: null, locked_until: null, last_error: options.error.slice(0, 2000), updated_at: at });
}

/** Gives a claimed job up (dead: no more attempts), recording why. */
export function failJob(db: Db, job: ClaimedJob, options: { error: string; now?: Date }): Promise<boolean> {
  const at = iso(options.now ?? new Date());
  return finish(db, job, { status: 'dead', locked_by: null, locked_until: null, last_error: options.error.slice(0, 2000), updated_at: at, finished_at: at });
}

/** One job by id (undefined when there is none). */
export async function getJob(db: Db, jobId: string): Promise<Job | undefined> {
  const row = await jobsOf(db).selectFrom('jobs').selectAll().where('job_id', '=', jobId).executeTakeFirst();
  return row && toJob(row);
}
