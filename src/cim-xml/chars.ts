// The scanner's character tables: the bytes it dispatches on, which bytes may start or continue
// an XML name, and how a byte is shown in an error message.

export const LT = 0x3c;
export const GT = 0x3e;
export const SLASH = 0x2f;
export const BANG = 0x21;
export const QMARK = 0x3f;
export const AMP = 0x26;
export const EQ = 0x3d;
export const QUOT = 0x22;
export const APOS = 0x27;
export const NL = 0x0a;
export const CR = 0x0d;

/** XML white space: space, tab, line feed, carriage return. */
export function isWs(c: number): boolean {
  return c === 0x20 || c === NL || c === 0x09 || c === CR;
}

/** A byte that may start a name: an ASCII letter, '_', ':' or any non-ASCII byte. */
export function isNameStart(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || c === 0x5f || c === 0x3a || c >= 0x80;
}

/** ASCII name characters (letters, digits, '.', '-', '_', ':'); non-ASCII is allowed as saxes does for common scripts. */
export const NAME_CHAR = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  NAME_CHAR[c] = (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39) || c === 0x2e || c === 0x2d || c === 0x5f || c === 0x3a ? 1 : 0;
}

/** U+FFFE and U+FFFF are valid UTF-8 but not XML characters. */
export const NON_CHAR = /[\uFFFE\uFFFF]/;

/** A processing-instruction target that is a well-formed name. */
export function isPiTarget(t: string): boolean {
  if (t === '' || !isNameStart(t.charCodeAt(0))) return false;
  for (let i = 1; i < t.length; i++) {
    const c = t.charCodeAt(i);
    if (c < 128 && NAME_CHAR[c] === 0) return false;
  }
  return true;
}

/** A byte for a message: a printable ASCII character in quotes, anything else as its hex value. */
export function shownByte(c: number | undefined): string {
  if (c === undefined) return 'the end of the input';
  return c >= 0x20 && c < 0x7f ? `'${String.fromCharCode(c)}'` : `byte 0x${c.toString(16).padStart(2, '0')}`;
}

/** True when buf[a, b) holds exactly the ASCII characters of `s`. */
export function sameAscii(buf: Buffer, a: number, b: number, s: string): boolean {
  if (b - a !== s.length) return false;
  for (let i = 0; i < s.length; i++) if (buf[a + i] !== s.charCodeAt(i)) return false;
  return true;
}
