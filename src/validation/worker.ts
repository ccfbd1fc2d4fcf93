// A validation worker thread: validates the input sets it is sent, one at a time, and posts each
// report back (see parallel.ts). Failures go back as their code, reason, parameters and place.

import { parentPort } from 'node:worker_threads';
import { isLtdsError } from '../errors/index.js';
import { validateInputs } from './engine.js';
import type { WorkerRequest, WorkerReply } from './parallel.js';

const port = parentPort;
if (port) {
  port.on('message', (req: WorkerRequest) => {
    validateInputs(req.inputs, req.options).then(
      (report) => port.postMessage({ id: req.id, report } satisfies WorkerReply),
      (err: unknown) => {
        const failure = isLtdsError(err)
          ? { code: err.code, reason: err.reason, params: err.params, place: { file: err.file, line: err.line, column: err.column, offset: err.offset } }
          : { message: err instanceof Error ? err.message : String(err) };
        port.postMessage({ id: req.id, failure } satisfies WorkerReply);
      },
    );
  });
}
