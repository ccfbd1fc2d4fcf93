// Node's Buffer has fast, argument-check-free `latin1Slice`/`utf8Slice` methods that @types/node
// does not declare. The scanner decodes millions of short slices, so it uses them; this file
// declares them and falls back to `toString` on a runtime that lacks them.

declare global {
  interface Buffer {
    latin1Slice(start: number, end: number): string;
    utf8Slice(start: number, end: number): string;
  }
}

const proto = Buffer.prototype as unknown as Record<string, unknown>;
if (typeof proto.latin1Slice !== 'function') {
  proto.latin1Slice = function (this: Buffer, start: number, end: number): string {
    return this.toString('latin1', start, end);
  };
}
if (typeof proto.utf8Slice !== 'function') {
  proto.utf8Slice = function (this: Buffer, start: number, end: number): string {
    return this.toString('utf8', start, end);
  };
}

export {};
