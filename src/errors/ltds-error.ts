// The thrown failure type: a stable code, named parameters, and where in which file it happened.

import type { ErrorCode } from './codes.js';

/** Where a failure happened; every field is optional because not every failure has a place. */
export interface ErrorPlace {
  file?: string;
  line?: number;
  column?: number;
  /** 0-based byte offset in the file. */
  offset?: number;
}

/** A failure with a stable code; `message` is a full sentence that ends with the place, if known. */
export class LtdsError extends Error {
  readonly code: ErrorCode;
  readonly params: Readonly<Record<string, unknown>>;
  file?: string;
  line?: number;
  column?: number;
  offset?: number;
  /** The sentence without the place, so the place can be re-rendered when the file becomes known. */
  readonly reason: string;

  constructor(code: ErrorCode, reason: string, params: Record<string, unknown> = {}, place: ErrorPlace = {}, cause?: unknown) {
    super(reason, cause === undefined ? undefined : { cause });
    this.name = 'LtdsError';
    this.code = code;
    this.reason = reason;
    this.params = params;
    Object.assign(this, place);
    this.message = this.render();
  }

  /** Sets the file name (if not set yet) and re-renders the message. */
  inFile(file: string): this {
    if (this.file === undefined) {
      this.file = file;
      this.message = this.render();
    }
    return this;
  }

  private render(): string {
    const where: string[] = [];
    if (this.file !== undefined) where.push(this.file);
    if (this.line !== undefined) where.push(`line ${this.line}` + (this.column !== undefined ? `, column ${this.column}` : ''));
    return where.length > 0 ? `${this.reason} (${where.join(', ')})` : this.reason;
  }
}

/** True when `err` is an {@link LtdsError}. */
export function isLtdsError(err: unknown): err is LtdsError {
  return err instanceof LtdsError;
}
