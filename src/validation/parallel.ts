// Validating several independent input sets (the zips of a publication) on every core: each set
// goes to a worker thread running validateInputs; the reports come back in the order asked. With
// one core, one set, or no compiled worker script (running from the TypeScript sources), the sets
// are validated here, one after another, with the same results.

import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { LtdsError, type ErrorCode, type ErrorPlace } from '../errors/index.js';
import { validateInputs } from './engine.js';
import type { ValidateOptions, ValidationReport } from './types.js';

/** Options a worker can be given (no callbacks cross threads). */
export type WorkerOptions = Omit<ValidateOptions, 'onProgress'>;

/** A message to a worker. */
export interface WorkerRequest {
  id: number;
  inputs: string[];
  options: WorkerOptions;
}

/** A worker's answer: the report, or the failure. */
export interface WorkerReply {
  id: number;
  report?: ValidationReport;
  failure?: { code: ErrorCode; reason: string; params: Readonly<Record<string, unknown>>; place: ErrorPlace } | { message: string };
}

const WORKER = new URL('./worker.js', import.meta.url);

/** Worker threads started by the calls running now, in this process. */
let workersRunning = 0;

function rebuilt(failure: NonNullable<WorkerReply['failure']>): Error {
  if ('code' in failure) {
    const place = Object.fromEntries(Object.entries(failure.place).filter(([, v]) => v !== undefined)) as ErrorPlace;
    return new LtdsError(failure.code, failure.reason, { ...failure.params }, place);
  }
  return new Error(failure.message);
}

/**
 * Validates each input set on its own (as `validateInputs(sets[i], options)` would) and returns the
 * reports in the same order. `onDone` is called as each set finishes. Throws the first failure,
 * after every set started has finished.
 */
export async function validateEach(sets: readonly string[][], options: WorkerOptions = {}, onDone?: (index: number) => void, threads = availableParallelism()): Promise<ValidationReport[]> {
  // Calls running at once (publications of several areas) share the cores rather than each taking them all.
  const workers = Math.max(1, Math.min(threads, sets.length, availableParallelism() - workersRunning));
  const reports: ValidationReport[] = new Array<ValidationReport>(sets.length);
  if (workers === 1 || !existsSync(fileURLToPath(WORKER))) {
    for (const [i, inputs] of sets.entries()) {
      reports[i] = await validateInputs(inputs, options);
      onDone?.(i);
    }
    return reports;
  }
  workersRunning += workers;
  let next = 0;
  let failure: { err: Error } | undefined;
  const run = async (): Promise<void> => {
    const worker = new Worker(WORKER);
    try {
      while (failure === undefined && next < sets.length) {
        const id = next++;
        const reply = await new Promise<WorkerReply>((resolve, reject) => {
          const onError = (err: Error) => reject(err);
          const onExit = (code: number) => reject(new Error(`the validation worker stopped (exit ${code})`));
          worker.once('error', onError);
          worker.once('exit', onExit);
          worker.once('message', (m: WorkerReply) => {
            worker.off('error', onError);
            worker.off('exit', onExit);
            resolve(m);
          });
          worker.postMessage({ id, inputs: sets[id]!, options } satisfies WorkerRequest);
        });
        if (reply.failure) {
          failure ??= { err: rebuilt(reply.failure) };
          break;
        }
        reports[id] = reply.report as ValidationReport;
        onDone?.(id);
      }
    } catch (err) {
      failure ??= { err: err as Error };
    } finally {
      await worker.terminate();
    }
  };
  try {
    await Promise.all(Array.from({ length: workers }, run));
  } finally {
    workersRunning -= workers;
  }
  if (failure) throw failure.err;
  return reports;
}
