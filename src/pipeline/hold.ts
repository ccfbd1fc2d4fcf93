// A fault-injection point for the kill test: with LTDS_PIPELINE_HOLD=<point> a run announces the
// point on standard error (`{"type":"hold","point":…}`) and stops there, so a test can SIGKILL it at
// exactly that moment (after the lock is taken, in the middle of a zip, between the renames that
// publish) instead of after a random delay that, on a loaded machine, may land anywhere. Without the
// variable it does nothing.

/** Where a run can be held. */
export type HoldPoint = 'locked' | 'zip' | 'rename' | 'catalog';

const HOLD = process.env.LTDS_PIPELINE_HOLD;
/** How long a held run waits for its kill before carrying on (a test that forgot it leaks nothing). */
const HOLD_MS = 120_000;
let held = false;

/** Stops the run here (once) when LTDS_PIPELINE_HOLD names this point. */
export function holdAt(point: HoldPoint): void {
  if (HOLD !== point || held) return;
  held = true;
  // Synchronous on purpose: nothing else of the run may move while it is held.
  process.stderr.write(`${JSON.stringify({ type: 'hold', point, pid: process.pid })}\n`);
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, HOLD_MS);
}
