// The outbox on both engines: a job exists exactly when the transaction that wrote it committed;
// claims are leases (one attempt per claim, claimable again when the lease runs out); complete,
// retry and fail act only for the attempt that holds the job; two workers on one database claim
// 10,000 jobs with every attempt claimed exactly once.

import { setTimeout as sleep } from 'node:timers/promises';
import { expect, test } from 'vitest';
import { ALL_MIGRATIONS } from '../src/services/migrations.js';
import { claimJobs, completeJob, enqueueJob, failJob, getJob, openStore, retryJob, type ClaimedJob, type Store } from '../src/store/index.js';
import { eachEngine, openTestStore } from './helpers/engines.js';

const T0 = Date.parse('2026-12-05T16:00:00.000Z');
const at = (ms: number) => new Date(T0 + ms);

eachEngine('outbox on %s', (engine) => {
  test('a job is written with its change or not at all', async () => {
    const store = await openTestStore(engine);
    try {
      await expect(
        store.transaction(async (trx) => {
          await enqueueJob(trx, { topic: 'webhook', payload: { n: 1 }, now: at(0) });
          throw new Error('the change failed');
        }),
      ).rejects.toThrow('the change failed');
      expect(await claimJobs(store, { worker: 'w1', limit: 10, leaseMs: 1000, now: at(0) })).toEqual([]);
      const id = await store.transaction((trx) => enqueueJob(trx, { topic: 'webhook', payload: { n: 2, text: 'ünïcode' }, now: at(0) }));
      expect(id).toMatch(/^job_[0-9a-f]{24}$/);
      expect(await getJob(store.db, id)).toMatchObject({ topic: 'webhook', payload: { n: 2, text: 'ünïcode' }, status: 'pending', attempts: 0, dueAt: at(0).toISOString() });
    } finally {
      await store.close();
    }
  });

  test('claims take due jobs in due order, once per lease; an expired lease makes the job claimable again as the next attempt', async () => {
    const store = await openTestStore(engine);
    try {
      const later = await enqueueJob(store.db, { topic: 'a', payload: 'later', dueAt: at(5_000), now: at(0) });
      const first = await enqueueJob(store.db, { topic: 'a', payload: 'first', dueAt: at(-2_000), now: at(0) });
      const second = await enqueueJob(store.db, { topic: 'a', payload: 'second', now: at(0) });
      const other = await enqueueJob(store.db, { topic: 'b', payload: 'other topic', now: at(0) });

      const claimed = await claimJobs(store, { worker: 'w1', topic: 'a', limit: 10, leaseMs: 1_000, now: at(0) });
      expect(claimed.map((j) => j.jobId)).toEqual([first, second]);
      expect(claimed.map((j) => [j.attempt, j.lockedBy, j.lockedUntil])).toEqual([
        [1, 'w1', at(1_000).toISOString()],
        [1, 'w1', at(1_000).toISOString()],
      ]);
      // leased: nobody else gets them; the other topic is still there
      expect(await claimJobs(store, { worker: 'w2', topic: 'a', limit: 10, leaseMs: 1_000, now: at(500) })).toEqual([]);
      expect((await claimJobs(store, { worker: 'w2', limit: 10, leaseMs: 1_000, now: at(500) })).map((j) => j.jobId)).toEqual([other]);

      // w1 completes the first; its lease on the second runs out and w2 takes it as attempt 2
      expect(await completeJob(store.db, claimed[0]!, { now: at(600) })).toBe(true);
      const again = await claimJobs(store, { worker: 'w2', topic: 'a', limit: 10, leaseMs: 1_000, now: at(1_000) });
      expect(again.map((j) => [j.jobId, j.attempt])).toEqual([[second, 2]]);
      // w1's stale attempt can no longer finish it; w2's can
      expect(await completeJob(store.db, claimed[1]!, { now: at(1_100) })).toBe(false);
      expect(await retryJob(store.db, claimed[1]!, { nextAt: at(0), error: 'stale', now: at(1_100) })).toBe(false);
      expect(await completeJob(store.db, again[0]!, { now: at(1_200) })).toBe(true);
      expect(await completeJob(store.db, again[0]!, { now: at(1_300) })).toBe(false); // done once
      expect(await getJob(store.db, second)).toMatchObject({ status: 'done', attempts: 2, lockedBy: null, finishedAt: at(1_200).toISOString() });
      expect(await getJob(store.db, first)).toMatchObject({ status: 'done', attempts: 1 });
      // the later job becomes due at its time
      expect(await claimJobs(store, { worker: 'w1', topic: 'a', limit: 10, leaseMs: 1_000, now: at(4_999) })).toEqual([]);
      expect((await claimJobs(store, { worker: 'w1', topic: 'a', limit: 10, leaseMs: 1_000, now: at(5_000) })).map((j) => j.jobId)).toEqual([later]);
    } finally {
      await store.close();
    }
  });

  test('retry schedules the next attempt and records the error; fail makes the job dead', async () => {
    const store = await openTestStore(engine);
    try {
      const id = await enqueueJob(store.db, { topic: 'hook', payload: {}, now: at(0) });
      const a1 = (await claimJobs(store, { worker: 'w', limit: 1, leaseMs: 60_000, now: at(0) }))[0]!;
      expect(await retryJob(store.db, a1, { nextAt: at(30_000), error: 'HTTP 503 from receiver', now: at(10) })).toBe(true);
      expect(await getJob(store.db, id)).toMatchObject({ status: 'pending', attempts: 1, dueAt: at(30_000).toISOString(), lastError: 'HTTP 503 from receiver', lockedBy: null });
      expect(await claimJobs(store, { worker: 'w', limit: 1, leaseMs: 60_000, now: at(29_999) })).toEqual([]);
      const a2 = (await claimJobs(store, { worker: 'w', limit: 1, leaseMs: 60_000, now: at(30_000) }))[0]!;
      expect(a2.attempt).toBe(2);
      expect(await failJob(store.db, a2, { error: 'gave up after 2 attempts', now: at(30_001) })).toBe(true);
      expect(await getJob(store.db, id)).toMatchObject({ status: 'dead', attempts: 2, lastError: 'gave up after 2 attempts', finishedAt: at(30_001).toISOString() });
      expect(await claimJobs(store, { worker: 'w', limit: 1, leaseMs: 60_000, now: at(10_000_000) })).toEqual([]);
    } finally {
      await store.close();
    }
  });

  test('two workers on one database: 10,000 jobs, every attempt claimed exactly once', { timeout: 180_000 }, async () => {
    const N = 10_000;
    const store = await openTestStore(engine);
    const peer: Store = await openStore({ ...store.database.location, migrations: ALL_MIGRATIONS });
    try {
      for (let i = 0; i < N; i += 1000) {
        await store.transaction(async (trx) => {
          for (let j = i; j < i + 1000; j++) await enqueueJob(trx, { topic: 'load', payload: { j } });
        });
      }
      const claims = new Map<string, string>(); // `${jobId}#${attempt}` → worker
      const duplicates: string[] = [];
      let retried = 0;
      const work = async (s: Store, worker: string) => {
        let idle = 0;
        for (;;) {
          const jobs: ClaimedJob[] = await claimJobs(s, { worker, topic: 'load', limit: 25, leaseMs: 120_000 });
          if (jobs.length === 0) {
            const left = await s.db.selectFrom('jobs').select((eb) => eb.fn.countAll().as('n')).where('status', '=', 'pending').executeTakeFirstOrThrow();
            if (Number(left.n) === 0 || ++idle > 2000) return;
            await sleep(2);
            continue;
          }
          idle = 0;
          for (const job of jobs) {
            const key = `${job.jobId}#${job.attempt}`;
            if (claims.has(key)) duplicates.push(`${key} by ${claims.get(key)} and ${worker}`);
            claims.set(key, worker);
            // every tenth job fails its first attempt and is retried at once
            if (job.attempt === 1 && (job.payload as { j: number }).j % 10 === 0) {
              expect(await retryJob(s.db, job, { nextAt: new Date(), error: 'first attempt fails' })).toBe(true);
              retried++;
            } else {
              expect(await completeJob(s.db, job)).toBe(true);
            }
          }
        }
      };
      await Promise.all([work(store, 'w1'), work(peer, 'w2')]);
      expect(duplicates).toEqual([]);
      expect(retried).toBe(N / 10);
      expect(claims.size).toBe(N + N / 10);
      const byWorker = [...claims.values()].reduce((m, w) => m.set(w, (m.get(w) ?? 0) + 1), new Map<string, number>());
      expect(byWorker.get('w1')).toBeGreaterThan(0);
      expect(byWorker.get('w2')).toBeGreaterThan(0);
      const rows = await store.db.selectFrom('jobs').select(['status', 'attempts']).execute();
      expect(rows).toHaveLength(N);
      expect(rows.every((r) => r.status === 'done')).toBe(true);
      expect(rows.filter((r) => Number(r.attempts) === 2)).toHaveLength(N / 10);
      expect(rows.filter((r) => Number(r.attempts) === 1)).toHaveLength(N - N / 10);
    } finally {
      await peer.close();
      await store.close();
    }
  });
});
