// Atomic output files: written under a temporary name in the target folder and renamed into place
// on commit, so a crash or an error never leaves a half-written file behind.

import { closeSync, fsyncSync, openSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { LtdsError } from '../errors/index.js';

/** A file being written; nothing appears at `path` until {@link commit}. */
export interface AtomicFile {
  readonly path: string;
  /** Bytes written so far. */
  readonly bytes: number;
  write(chunk: string | Buffer): void;
  /** Flushes, syncs and closes the temporary file (idempotent); `commit` still has to rename it. */
  close(): void;
  /** Closes (if not yet) and renames into place. */
  commit(): void;
  /** Removes the temporary file. Safe to call after commit (does nothing then). */
  abort(): void;
}

/** Opens an atomic file for synchronous writing. */
export function openAtomicFile(path: string): AtomicFile {
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.${Date.now()}.tmp`);
  const fail = (err: unknown): LtdsError => new LtdsError('OUTPUT_WRITE', `cannot write ${path}: ${(err as Error).message}`, { path }, {}, err);
  // A folder in the way is named before any work is done (rename would fail only at the end, raw).
  let isDir = false;
  try {
    isDir = statSync(path).isDirectory();
  } catch {
    // not there yet (or not reachable: opening the temporary file says why)
  }
  if (isDir) throw new LtdsError('OUTPUT_WRITE', `cannot write ${path}: it is a folder; give a file name`, { path });
  let fd: number;
  try {
    fd = openSync(tmp, 'w');
  } catch (err) {
    throw fail(err);
  }
  let open = true;
  let done = false;
  let bytes = 0;
  const close = (): void => {
    if (!open) return;
    try {
      fsyncSync(fd);
      closeSync(fd);
    } catch (err) {
      throw fail(err);
    } finally {
      open = false;
    }
  };
  return {
    path,
    get bytes() {
      return bytes;
    },
    write(chunk) {
      const buf = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
      try {
        let off = 0;
        while (off < buf.length) off += writeSync(fd, buf, off, buf.length - off);
      } catch (err) {
        throw fail(err);
      }
      bytes += buf.length;
    },
    close,
    commit() {
      close();
      try {
        renameSync(tmp, path);
      } catch (err) {
        rmSync(tmp, { force: true });
        done = true;
        throw fail(err);
      }
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

/**
 * Writes a file atomically through `fill`, which gets the write function: committed when `fill`
 * returns, removed (nothing left at `path`) when it throws.
 */
export function writeAtomically(path: string, fill: (write: (chunk: string | Buffer) => void) => void): void {
  const f = openAtomicFile(path);
  try {
    fill((chunk) => f.write(chunk));
    f.commit();
  } catch (err) {
    f.abort();
    throw err;
  }
}

/** Writes a whole file atomically (temporary name in the same folder, fsync, rename). */
export function writeFileAtomic(path: string, content: string | Buffer): void {
  writeAtomically(path, (write) => write(content));
}
