// Diagnostic, off unless LTDS_LOOP_REPORT=<ms>: appends to test/.output/event-loop.txt every test
// that held its worker's event loop for longer than <ms> in one synchronous stretch. Such a stretch
// keeps vitest's worker from hearing its main process: on a busy machine, past 60 s of wall time,
// the run fails with "Timeout calling onTaskUpdate" although every test passed. Reports, never fails.

import { appendFileSync, mkdirSync } from 'node:fs';
import { afterEach, beforeEach } from 'vitest';

const limit = Number(process.env.LTDS_LOOP_REPORT ?? 0);
if (limit > 0) {
  let last = Date.now();
  let worst = 0;
  setInterval(() => {
    const now = Date.now();
    worst = Math.max(worst, now - last);
    last = now;
  }, 50).unref();
  beforeEach(() => {
    worst = 0;
    last = Date.now();
  });
  afterEach(async (ctx) => {
    await new Promise((r) => setTimeout(r, 60)); // let the interval see the end of the last stretch
    if (worst > limit) {
      mkdirSync('test/.output', { recursive: true });
      appendFileSync('test/.output/event-loop.txt', `${Math.round(worst)} ms  ${ctx.task.file?.name ?? ''} > ${ctx.task.name}\n`);
    }
  });
}
