// The LtdsError a call throws, for tests that check its code and parameters; any other outcome
// (no error, or an error of another kind) fails the test.

import { LtdsError } from '../../src/errors/index.js';

/** The LtdsError that `run` throws. */
export function caught(run: () => unknown): LtdsError {
  try {
    run();
  } catch (err) {
    if (err instanceof LtdsError) return err;
    throw err;
  }
  throw new Error('expected an LtdsError, but the call returned');
}

/** The LtdsError that `run` rejects with. */
export async function caughtAsync(run: () => Promise<unknown>): Promise<LtdsError> {
  try {
    await run();
  } catch (err) {
    if (err instanceof LtdsError) return err;
    throw err;
  }
  throw new Error('expected an LtdsError, but the call resolved');
}
