// UTF-8 helpers of the scanner: where a chunk's last complete character ends, where invalid
// UTF-8 starts, and joining the pieces of a token split across chunks.

/**
 * The end of `buf` without an incomplete multi-byte sequence at its end (held back until the
 * next chunk completes it).
 */
export function completeUtf8End(buf: Buffer): number {
  const end = buf.length;
  let i = end - 1;
  let cont = 0;
  while (i >= 0 && cont < 3 && (buf[i]! & 0xc0) === 0x80) {
    i--;
    cont++;
  }
  if (i >= 0) {
    const lead = buf[i]!;
    const len = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 1;
    if (len > cont + 1) return i;
  }
  return end;
}

/** Index of the first byte in [a, b) that does not start or continue a valid UTF-8 sequence. */
export function firstInvalidUtf8(buf: Buffer, a: number, b: number): number {
  let i = a;
  while (i < b) {
    const c = buf[i]!;
    if (c < 0x80) {
      i++;
      continue;
    }
    let n: number;
    let min: number;
    if (c >= 0xc2 && c <= 0xdf) {
      n = 1;
      min = 0x80;
    } else if (c >= 0xe0 && c <= 0xef) {
      n = 2;
      min = 0x800;
    } else if (c >= 0xf0 && c <= 0xf4) {
      n = 3;
      min = 0x10000;
    } else return i;
    if (i + n >= b) return i;
    let cp = c & (0x3f >> n);
    for (let k = 1; k <= n; k++) {
      const d = buf[i + k];
      if (d === undefined || (d & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (d & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += n + 1;
  }
  return b;
}

/** Concatenates buffers with one native copy per part. */
export function joinBuffers(parts: Buffer[]): Buffer {
  let total = 0;
  for (const p of parts) total += p.length;
  const out = Buffer.allocUnsafe(total);
  let off = 0;
  for (const p of parts) {
    out.set(p, off);
    off += p.length;
  }
  return out;
}
