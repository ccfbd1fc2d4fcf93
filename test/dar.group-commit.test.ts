// Group commit: concurrent operations share transactions (far fewer commits than operations), each
// is acknowledged only after its commit, and a failing one fails alone.

import { afterAll, beforeAll, expect, test } from 'vitest';
import { GroupCommit } from '../src/dar/group-commit.js';
import { enqueueJob, type Trx } from '../src/store/index.js';
import { eachEngine, openTestStore, type TestStore } from './helpers/engines.js';

eachEngine('group commit on %s', (engine) => {
  let store: TestStore;
  let commits = 0;
  let gc: GroupCommit;
  beforeAll(async () => {
    store = await openTestStore(engine);
    gc = new GroupCommit({ transaction: <T>(fn: (trx: Trx) => Promise<T>) => (commits++, store.transaction(fn)) });
  });
  afterAll(() => store.close());
  const count = async (topic: string) => (await store.db.selectFrom('jobs').select(['job_id']).where('topic', '=', topic).execute()).length;

  test('60 concurrent operations commit in a few transactions; each is visible when it resolves', async () => {
    commits = 0;
    const done = await Promise.all(
      Array.from({ length: 60 }, (_, i) =>
        gc.run(async (trx) => {
          await enqueueJob(trx, { topic: 'gc-ok', payload: { i } });
          return i;
        }).then(async (v) => ({ v, visible: await count('gc-ok') })),
      ),
    );
    expect(done.map((d) => d.v)).toEqual(Array.from({ length: 60 }, (_, i) => i));
    for (const d of done) expect(d.visible).toBeGreaterThan(d.v >= 1 ? 1 : 0);
    expect(await count('gc-ok')).toBe(60);
    expect(commits).toBeLessThanOrEqual(3);
  });

  test('a failing operation fails alone; the others of its batch are committed', async () => {
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) =>
        gc.run(async (trx) => {
          await enqueueJob(trx, { topic: 'gc-mixed', payload: { i } });
          if (i === 7) throw new Error('bad operation');
          return i;
        }),
      ),
    );
    expect(results.filter((r) => r.status === 'rejected').map((r) => ((r as PromiseRejectedResult).reason as Error).message)).toEqual(['bad operation']);
    expect(await count('gc-mixed')).toBe(19);
  });
});
