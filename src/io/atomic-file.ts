// Atomic output files: written under a temporary name in the target folder and renamed into place
// on commit, so a crash or an error never leaves a half-written file behind.

import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { LtdsError } from '../errors/index.js';

/** A file being written; nothing appears at `path` until {@link commit}. */
export interface AtomicFile {
  readonly path: string;
  write(chunk: string | Buffer): void;
  /** Flushes, syncs and renames into place. */
  commit(): void;
  /** Removes the temporary file. Safe to call after commit (does nothing then). */
  abort(): void;
}

/** Opens an atomic file for synchronous writing. */
export function openAtomicFile(path: string): AtomicFile {
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.${Date.now()}.tmp`);
  let fd: number;
  try {
    fd = openSync(tmp, 'w');
  } catch (err) {
    throw new LtdsError('OUTPUT_WRITE', `cannot write ${path}: ${(err as Error).message}`, { path }, {}, err);
  }
  let open = true;
  let done = false;
  return {
    path,
    write(chunk) {
      try {
        if (typeof chunk === 'string') writeSync(fd, chunk);
        else writeSync(fd, chunk, 0, chunk.length);
      } catch (err) {
        throw new LtdsError('OUTPUT_WRITE', `cannot write ${path}: ${(err as Error).message}`, { path }, {}, err);
      }
    },
    commit() {
      fsyncSync(fd);
      closeSync(fd);
      open = false;
      renameSync(tmp, path);
      done = true;
    },
    abort() {
      if (done) return;
      if (open) closeSync(fd);
      open = false;
      rmSync(tmp, { force: true });
    },
  };
}
