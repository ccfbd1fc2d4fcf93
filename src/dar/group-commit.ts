// Group commit for durable creates: concurrent create requests share one transaction, so one
// sync of the log (SQLite's, see src/store/sqlite-driver.ts; PostgreSQL's WAL flush) acknowledges
// many of them. A batch starts once the event loop has handled what had already arrived (a
// setImmediate), so the requests read together are committed together; while one batch commits,
// the next requests queue, and the next batch takes them all. A batch that fails is run again one
// operation per transaction, so only a failing operation fails.

import type { Store, Trx } from '../store/index.js';

interface Pending {
  fn: (trx: Trx) => Promise<unknown>;
  resolve: (v: unknown) => void;
  reject: (e: unknown) => void;
}

export class GroupCommit {
  private queue: Pending[] = [];
  private running = false;

  constructor(
    private readonly store: Pick<Store, 'transaction'>,
    private readonly maxBatch = 64,
  ) {}

  /** Runs `fn` inside a transaction shared with whatever else is queued now; resolves after the commit. */
  run<T>(fn: (trx: Trx) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ fn, resolve: resolve as (v: unknown) => void, reject });
      if (!this.running) {
        this.running = true;
        setImmediate(() => void this.drain());
      }
    });
  }

  private async drain(): Promise<void> {
    try {
      while (this.queue.length > 0) {
        const batch = this.queue.splice(0, this.maxBatch);
        let results: unknown[] | undefined;
        try {
          results = await this.store.transaction(async (trx) => {
            const out: unknown[] = [];
            for (const op of batch) out.push(await op.fn(trx));
            return out;
          });
        } catch {
          results = undefined;
        }
        if (results) batch.forEach((op, i) => op.resolve(results![i]));
        else {
          for (const op of batch) {
            try {
              op.resolve(await this.store.transaction((trx) => op.fn(trx)));
            } catch (err) {
              op.reject(err);
            }
          }
        }
      }
    } finally {
      this.running = false;
    }
  }
}
