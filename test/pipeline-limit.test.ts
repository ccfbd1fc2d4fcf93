// eachLimited: the pipeline's package step writes several zips at once through it.

import { describe, expect, test } from 'vitest';
import { eachLimited } from '../src/pipeline/limit.js';

const tick = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

describe('eachLimited', () => {
  test('runs every item, never more than the limit at once, starting in order', async () => {
    const started: number[] = [];
    let running = 0;
    let peak = 0;
    await eachLimited([5, 1, 4, 2, 3, 1], 2, async (ms, i) => {
      started.push(i);
      running++;
      peak = Math.max(peak, running);
      await tick(ms * 3);
      running--;
    });
    expect(started).toEqual([0, 1, 2, 3, 4, 5]);
    expect(peak).toBe(2);
    expect(running).toBe(0); // every task had finished when eachLimited resolved
  });

  test('after a failure no new task starts; started ones finish; the first failure is thrown', async () => {
    const finished: number[] = [];
    const started: number[] = [];
    const run = eachLimited([0, 1, 2, 3, 4], 2, async (_, i) => {
      started.push(i);
      if (i === 1) {
        await tick(2);
        throw new Error('case 1 failed');
      }
      await tick(i === 0 ? 20 : 1);
      finished.push(i);
      if (i === 0) throw new Error('case 0 failed later');
    });
    await expect(run).rejects.toThrow('case 1 failed');
    expect(started).toEqual([0, 1]);
    expect(finished).toEqual([0]);
  });

  test('no items: nothing runs', async () => {
    let calls = 0;
    await eachLimited([], 4, async () => {
      calls++;
    });
    expect(calls).toBe(0);
  });
});
