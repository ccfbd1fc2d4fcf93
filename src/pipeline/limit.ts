// Running independent pieces of a pipeline side by side (areas; the zips of a publication, whose
// deflate runs on libuv's thread pool, so two written at once use both cores of a small machine).

/**
 * Runs `task` on every item, at most `limit` at a time, starting them in order. After a failure no
 * new task starts; every started task is waited for, then the first failure is thrown.
 */
export async function eachLimited<T>(items: readonly T[], limit: number, task: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  let failure: { err: unknown } | undefined;
  const worker = async (): Promise<void> => {
    while (failure === undefined && next < items.length) {
      const i = next++;
      try {
        await task(items[i]!, i);
      } catch (err) {
        failure ??= { err };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  if (failure) throw failure.err;
}
