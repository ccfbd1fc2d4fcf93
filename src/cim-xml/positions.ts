// Line and column tracking for the scanner, done lazily: newlines are counted (natively, with
// indexOf) only up to a token whose position is asked for, and columns are counted in characters.

import { NL } from './chars.js';

const EMPTY = Buffer.alloc(0);

/** Lines and columns over the scanner's current buffer, carried across buffers. */
export class LinePositions {
  /** The 1-based line at the last index counted to. */
  line = 1;
  private buf: Buffer = EMPTY;
  private ascii = true;
  /** Newlines are counted up to this index of buf. */
  private countIdx = 0;
  /** Index of the first newline at or after countIdx (MAX_SAFE_INTEGER when there is none in buf). */
  private nextNl = -1;
  /** Index in buf where the current line starts; negative when it started before buf. */
  private lineStartIdx = 0;
  /** Characters on the current line before buf[0], when the line started before buf. */
  private lineCharsBefore = 0;

  /** Counts newlines up to (not including) index `idx` of the current buffer. */
  countTo(idx: number): void {
    let i = this.countIdx;
    if (idx <= i) return;
    // Find newlines natively; remember the next one past idx so the next call starts there.
    let nl = this.nextNl;
    if (nl < i) nl = this.buf.indexOf(NL, i);
    while (nl !== -1 && nl < idx) {
      this.line++;
      this.lineStartIdx = nl + 1;
      i = nl + 1;
      nl = this.buf.indexOf(NL, i);
    }
    this.nextNl = nl === -1 ? Number.MAX_SAFE_INTEGER : nl;
    this.countIdx = idx;
  }

  /** The 1-based line of index `idx` (counting newlines up to it first). */
  lineAt(idx: number): number {
    this.countTo(idx);
    return this.line;
  }

  /** The 1-based column (in characters) of index `idx`, once {@link countTo} has reached it. */
  columnAt(idx: number): number {
    if (this.lineStartIdx >= 0) return idx < this.lineStartIdx ? 1 : this.charsBetween(this.lineStartIdx, idx) + 1;
    return this.lineCharsBefore + this.charsBetween(0, Math.max(0, idx)) + 1;
  }

  /**
   * Moves on to a new buffer whose index 0 is index `consumed` of the current one (the caller has
   * counted to `consumed`): the characters of the current line before it are carried over.
   */
  rebase(consumed: number, buf: Buffer, ascii: boolean): void {
    if (this.lineStartIdx >= 0) {
      this.lineCharsBefore = this.charsBetween(this.lineStartIdx, consumed);
    } else {
      this.lineCharsBefore += this.charsBetween(0, consumed);
    }
    this.lineStartIdx = -1;
    this.buf = buf;
    this.ascii = ascii;
    this.countIdx = 0;
    this.nextNl = -1;
  }

  /** The first line starts after a byte-order mark of `length` bytes. */
  skipBom(length: number): void {
    this.lineCharsBefore = 0;
    this.lineStartIdx = length;
    this.countIdx = length;
  }

  private charsBetween(a: number, b: number): number {
    if (this.ascii) return b - a;
    let n = 0;
    const buf = this.buf;
    for (let i = a; i < b; i++) if ((buf[i]! & 0xc0) !== 0x80) n++;
    return n;
  }
}
