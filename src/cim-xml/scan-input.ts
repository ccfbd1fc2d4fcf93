// The scanner's input: the chunks it is fed, joined only where a token spans two of them, checked
// as UTF-8, with the bytes a consumer asked to keep, positions (line, column, offset) of the
// current token, and the byte-level checks of names and raw character data. The grammar is
// XmlScanner's (scanner.ts), which extends this class.

import { isAscii, isUtf8 } from 'node:buffer';
import './buffer-slices.js';
import { LtdsError, type ErrorCode } from '../errors/index.js';
import { CR, GT, LT, NAME_CHAR, NL, NON_CHAR, sameAscii, shownByte } from './chars.js';
import { LinePositions } from './positions.js';
import { completeUtf8End, firstInvalidUtf8, joinBuffers } from './utf8.js';

const EMPTY = Buffer.alloc(0);

/** Why the scanner stopped before the end of its buffer: which byte must arrive before it can go on. */
export const NEED_NOTHING = -1;

/** The input side of the scanner; {@link process} (the grammar) scans `buf` from `pos`. */
export abstract class ScanInput {
  protected buf: Buffer = EMPTY;
  protected bufAscii = true;
  protected pos = 0;
  /** Absolute byte offset of buf[0]. */
  protected base = 0;
  protected validated = 0;
  protected pendingChunks: Buffer[] = [];
  protected pendingBytes = 0;
  protected need = NEED_NOTHING;
  protected ended = false;

  protected readonly names = new Map<number, string>();

  /** Lines and columns, counted lazily. */
  protected readonly lines = new LinePositions();
  /** Index in buf of the current token's `<`. */
  tokenIdx = 0;
  /** Index in buf just past the current tag's `>` (set before `open` and `close` are called). */
  tokenEndIdx = 0;

  // Input kept across chunks for a consumer that wants the bytes of a whole element (see keep()).
  protected keepFrom = -1;
  protected kept: Buffer[] = [];

  protected readonly maxTokenBytes: number;

  constructor(maxTokenBytes: number) {
    this.maxTokenBytes = maxTokenBytes;
  }

  /** Scans `buf` from `pos` as far as it can; `final` when no more input will come. */
  protected abstract process(final: boolean): void;

  /** Called before the consumed part of `buf` is dropped: text still pending must be copied out of it. */
  protected abstract holdText(): void;

  /** Feeds the next chunk of bytes. */
  write(chunk: Buffer): void {
    if (this.ended) throw new Error('write after end');
    if (chunk.length === 0) return;
    if (this.need !== NEED_NOTHING && chunk.indexOf(this.need) === -1) {
      // The token still cannot complete: keep the bytes without rescanning.
      this.pendingChunks.push(chunk);
      this.pendingBytes += chunk.length;
      if (this.buf.length - this.pos + this.pendingBytes > this.maxTokenBytes) this.tokenTooLarge();
      return;
    }
    if (this.pos < this.buf.length || this.pendingChunks.length > 0) {
      // Join only the partial token with the head of the chunk, then scan the rest in place,
      // so a large chunk is never copied.
      const from = this.need === LT ? chunk.indexOf(LT) : 0;
      const gt = from === -1 ? -1 : chunk.indexOf(GT, from);
      if (gt !== -1 && gt + 1 < chunk.length) {
        this.append(chunk.subarray(0, gt + 1));
        this.process(false);
        this.append(chunk.subarray(gt + 1));
        this.process(false);
        return;
      }
    }
    this.append(chunk);
    this.process(false);
  }

  /** The current token's 1-based line. */
  get tokenLine(): number {
    return this.lines.lineAt(this.tokenIdx);
  }

  /** The current token's 1-based column (in characters). */
  get tokenColumn(): number {
    this.lines.countTo(this.tokenIdx);
    return this.lines.columnAt(this.tokenIdx);
  }

  /** Absolute byte offset of the current token. */
  get tokenOffset(): number {
    return this.base + this.tokenIdx;
  }

  /** Absolute byte offset just past the current tag (the end of an element, read in `close`). */
  get tokenEndOffset(): number {
    return this.base + this.tokenEndIdx;
  }

  /**
   * Keeps the input from absolute offset `from` (within the current buffer) when the scanner moves
   * on to the next chunk, so {@link bytesBetween} can give it back until {@link release}.
   */
  keep(from: number): void {
    this.keepFrom = from;
    if (this.kept.length > 0) this.kept = [];
  }

  /** Stops keeping input (see {@link keep}). */
  release(): void {
    this.keepFrom = -1;
    if (this.kept.length > 0) this.kept = [];
  }

  /**
   * The input bytes between two absolute offsets: `from` at or after the offset given to
   * {@link keep} (or in the current buffer), `to` at most the end of the current token. A view of
   * the caller's chunk when it holds them all (valid until the caller reuses it), else a copy.
   */
  bytesBetween(from: number, to: number): Buffer {
    if (from >= this.base) return this.buf.subarray(from - this.base, to - this.base);
    if (this.keepFrom < 0 || from < this.keepFrom) throw new Error(`bytes from offset ${from} are no longer held`);
    const all = Buffer.concat([...this.kept, this.buf.subarray(0, to - this.base)]);
    return all.subarray(from - this.keepFrom);
  }

  /** True when the input bytes [from, to) (as for {@link bytesBetween}) equal `other` from `at`. */
  sameBytes(from: number, to: number, other: Buffer, at: number): boolean {
    if (from >= this.base) return other.compare(this.buf, from - this.base, to - this.base, at, at + (to - from)) === 0;
    return other.compare(this.bytesBetween(from, to), 0, to - from, at, at + (to - from)) === 0;
  }

  /** True while the scanner holds chunks it was given but has not scanned (a token longer than a chunk). */
  get holdsChunks(): boolean {
    return this.pendingChunks.length > 0;
  }

  /** Throws a coded error at an index of the current buffer. */
  fail(code: ErrorCode, reason: string, idx: number, params: Record<string, unknown> = {}): never {
    const line = this.lines.lineAt(idx);
    const column = this.lines.columnAt(idx);
    throw new LtdsError(code, reason, params, { line, column, offset: this.base + idx });
  }

  // ---- buffer management -------------------------------------------------------------------

  protected append(chunk: Buffer): void {
    const keep = this.buf.length - this.pos;
    const parts: Buffer[] = [];
    if (keep > 0) parts.push(this.buf.subarray(this.pos));
    for (const p of this.pendingChunks) parts.push(p);
    parts.push(chunk);
    // Count lines and preserve text (and kept input) before dropping the consumed prefix.
    if (this.keepFrom >= 0) {
      const from = Math.max(this.keepFrom - this.base, 0);
      if (from < this.pos) this.kept.push(Buffer.from(this.buf.subarray(from, this.pos)));
    }
    const consumed = this.pos;
    this.lines.countTo(consumed);
    this.holdText();
    this.base += this.pos;
    this.validated = Math.max(0, this.validated - this.pos);
    this.tokenIdx = 0;
    this.buf = parts.length === 1 ? parts[0]! : joinBuffers(parts);
    this.bufAscii = isAscii(this.buf);
    this.lines.rebase(consumed, this.buf, this.bufAscii);
    this.pos = 0;
    this.pendingChunks = [];
    this.pendingBytes = 0;
    this.need = NEED_NOTHING;
  }

  /** Checks that buf holds valid UTF-8 up to the last complete character (all of it at the end). */
  protected validate(final: boolean): void {
    const buf = this.buf;
    // Hold back an incomplete multi-byte sequence at the end of the buffer.
    const end = final || this.bufAscii ? buf.length : completeUtf8End(buf);
    if (end <= this.validated) return;
    if (this.bufAscii || isUtf8(buf.subarray(this.validated, end))) {
      this.validated = end;
      return;
    }
    const bad = firstInvalidUtf8(buf, this.validated, end);
    this.fail('XML_INVALID_UTF8', `invalid UTF-8 byte 0x${buf[bad]!.toString(16).padStart(2, '0')} at byte offset ${this.base + bad}`, bad, { offset: this.base + bad });
  }

  protected tokenTooLarge(): never {
    this.fail('XML_LIMIT', `a single token is larger than the limit of ${this.maxTokenBytes} bytes`, this.pos, { limit: 'maxTokenBytes', value: this.maxTokenBytes });
  }

  /** Marks the scan as waiting for `byte` before the token starting at `from` can complete. */
  protected wait(from: number, byte: number): void {
    this.pos = from;
    this.need = byte;
    if (this.buf.length - from > this.maxTokenBytes) this.tokenTooLarge();
  }

  protected checkNameChars(a: number, b: number, what: string): void {
    const buf = this.buf;
    for (let i = a; i < b; i++) {
      const c = buf[i]!;
      if (c < 0x80 && NAME_CHAR[c] === 0) this.fail('XML_SYNTAX', `unexpected ${shownByte(c)} in ${what}`, i);
    }
  }

  /** A non-ASCII name: its ASCII characters checked, decoded, non-characters refused. */
  protected checkedName(a: number, b: number, what: string): string {
    this.checkNameChars(a, b, what);
    return this.utf8Checked(a, b);
  }

  /** Decodes non-ASCII text, refusing the two non-characters XML forbids. */
  protected utf8Checked(a: number, b: number): string {
    const s = this.buf.utf8Slice(a, b);
    if (NON_CHAR.test(s)) this.fail('XML_SYNTAX', 'character U+FFFE or U+FFFF is not allowed in XML', a);
    return s;
  }

  /** Refuses control characters and U+FFFE/U+FFFF (UTF-8 EF BF BE / EF BF BF) in comments, PIs and CDATA. */
  protected checkRawChars(a: number, b: number): void {
    const buf = this.buf;
    for (let i = a; i < b; i++) {
      const c = buf[i]!;
      if (c < 0x20 && c !== 0x09 && c !== NL && c !== CR) this.fail('XML_SYNTAX', `control character 0x${c.toString(16).padStart(2, '0')} is not allowed in XML`, i);
    }
    if (this.bufAscii) return;
    for (let i = buf.indexOf(0xef, a); i !== -1 && i + 2 < b; i = buf.indexOf(0xef, i + 1)) {
      if (buf[i + 1] === 0xbf && (buf[i + 2] === 0xbe || buf[i + 2] === 0xbf)) {
        this.fail('XML_SYNTAX', 'character U+FFFE or U+FFFF is not allowed in XML', i);
      }
    }
  }

  /** An ASCII name from the intern table, so repeated names cost no allocation and hash fast. */
  protected intern(a: number, b: number, hash: number, what: string): string {
    const key = (hash ^ (b - a)) | 0;
    const found = this.names.get(key);
    // A name in the table was checked when it was first seen; only new names are checked here.
    if (found !== undefined && sameAscii(this.buf, a, b, found)) return found;
    this.checkNameChars(a, b, what);
    const name = this.buf.latin1Slice(a, b);
    if (found === undefined && this.names.size < 100_000) this.names.set(key, name);
    return name;
  }
}
