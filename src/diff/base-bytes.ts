// Where a diff gets the bytes of the base's elements back after reading the base: from the file
// again (a window that follows the new file's order, so the base is never held in memory: fresh
// memory costs more than reading the page cache twice), or from a zip entry's bytes held in memory.

import { closeSync, fstatSync, openSync, readSync, statSync } from 'node:fs';
import { LtdsError } from '../errors/index.js';

/** Byte ranges of the base, by absolute offset. */
export interface BaseBytes {
  /** Makes {@link buffer} hold the bytes [start, end) and gives where they start in it (valid until the next call). */
  find(start: number, end: number): number;
  /** The buffer {@link find} put the bytes in. */
  readonly buffer: Buffer;
  /** The bytes [start, end) in a buffer of their own. */
  copy(start: number, end: number): Buffer;
  close(): void;
}

/** A base held in memory (a zip entry). */
export class MemoryBytes implements BaseBytes {
  constructor(readonly buffer: Buffer) {}

  find(start: number): number {
    return start;
  }

  copy(start: number, end: number): Buffer {
    return Buffer.from(this.buffer.subarray(start, end));
  }

  close(): void {}
}

const WINDOW = 1 << 20;

/** What identifies a file's content between two reads of it. */
export interface FileStamp {
  size: number;
  mtimeMs: number;
}

export function stampOf(path: string): FileStamp {
  const s = statSync(path);
  return { size: s.size, mtimeMs: s.mtimeMs };
}

/** A base file read again where needed. */
export class FileBytes implements BaseBytes {
  private readonly fd: number;
  private readonly window = Buffer.allocUnsafeSlow(WINDOW);
  private from = 0;
  private to = 0;
  private scratch = Buffer.allocUnsafeSlow(0);
  buffer = this.window;

  /** Opens `path`, refusing it when it is not the file that was read (size or time changed). */
  constructor(
    private readonly path: string,
    stamp: FileStamp,
  ) {
    this.fd = openSync(path, 'r');
    const now = fstatSync(this.fd);
    if (now.size !== stamp.size || now.mtimeMs !== stamp.mtimeMs) {
      closeSync(this.fd);
      throw new LtdsError('INPUT_UNREADABLE', `${path} changed while it was being read`, { path });
    }
  }

  find(start: number, end: number): number {
    this.buffer = this.window;
    if (start >= this.from && end <= this.to) return start - this.from;
    const length = end - start;
    if (length <= WINDOW && start >= this.from && start < this.to + WINDOW) {
      // Reading on in file order: move the window.
      this.from = start;
      this.to = start + this.read(this.window, WINDOW, start, length);
      return 0;
    }
    // Out of order: just this element.
    if (this.scratch.length < length) this.scratch = Buffer.allocUnsafeSlow(Math.max(length, 1 << 16));
    this.read(this.scratch, length, start, length);
    this.buffer = this.scratch;
    return 0;
  }

  copy(start: number, end: number): Buffer {
    const out = Buffer.allocUnsafe(end - start);
    this.read(out, out.length, start, out.length);
    return out;
  }

  close(): void {
    closeSync(this.fd);
  }

  /** Reads up to `max` bytes at `position` into `into`, at least `need` of them. */
  private read(into: Buffer, max: number, position: number, need: number): number {
    let got = 0;
    while (got < need) {
      const n = readSync(this.fd, into, got, max - got, position + got);
      if (n === 0) throw new LtdsError('INPUT_UNREADABLE', `${this.path} changed while it was being read (it ends before byte ${position + need})`, { path: this.path });
      got += n;
    }
    return got;
  }
}
