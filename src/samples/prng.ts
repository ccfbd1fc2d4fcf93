// Seeded pseudo-random numbers and UUIDs for the sample generator: same seed, same sequence, on
// every platform. xoshiro128** keeps 128 bits of state, so UUIDs from different seeds or areas do
// not collide the way they would with a 32-bit generator such as mulberry32.

const HEX: readonly string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

function hex8(n: number): string {
  return HEX[n >>> 24]! + HEX[(n >>> 16) & 255]! + HEX[(n >>> 8) & 255] + HEX[n & 255];
}

function hex4(n: number): string {
  return HEX[(n >>> 8) & 255]! + HEX[n & 255]!;
}

/** splitmix32 step: spreads a 32-bit seed over the generator state. */
function splitmix32(a: number): number {
  let t = (a + 0x9e3779b9) | 0;
  t = Math.imul(t ^ (t >>> 16), 0x21f0aaad);
  t = Math.imul(t ^ (t >>> 15), 0x735a2d97);
  return (t ^ (t >>> 15)) >>> 0;
}

/** FNV-1a over the label, folded with the (possibly > 32-bit) numeric seed. */
function mixSeed(seed: number, label: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < label.length; i++) h = Math.imul(h ^ label.charCodeAt(i), 0x01000193);
  const whole = Math.trunc(seed);
  h = Math.imul(h ^ (whole >>> 0), 0x01000193);
  h = Math.imul(h ^ Math.trunc(whole / 0x100000000), 0x01000193);
  return h >>> 0;
}

/** A seeded xoshiro128** generator with the helpers the network generator needs. */
export class Prng {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;

  /** Independent streams come from the same seed with different labels. */
  constructor(seed: number, label: string) {
    let x = mixSeed(seed, label);
    x = splitmix32(x);
    this.s0 = x;
    x = splitmix32(x);
    this.s1 = x;
    x = splitmix32(x);
    this.s2 = x;
    x = splitmix32(x);
    this.s3 = x | 1; // the all-zero state is a fixed point
  }

  /** The next unsigned 32-bit integer. */
  next(): number {
    const s1 = this.s1;
    const r = Math.imul(rotl(Math.imul(s1, 5), 7), 9);
    const t = s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return r >>> 0;
  }

  /** Uniform in [0, 1). */
  float(): number {
    return this.next() / 0x100000000;
  }

  /** Uniform in [lo, hi). */
  range(lo: number, hi: number): number {
    return lo + (hi - lo) * this.float();
  }

  /** Uniform integer in [lo, hi] (both inclusive). */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.float() * (hi - lo + 1));
  }

  /** True with probability p. */
  chance(p: number): boolean {
    return this.float() < p;
  }

  /** One element, uniformly. */
  pick<T>(items: readonly T[]): T {
    const item = items[Math.floor(this.float() * items.length)];
    if (item === undefined) throw new Error('Prng.pick: no items to pick from');
    return item;
  }

  /** A random (version 4, RFC 4122 variant) UUID in lower-case canonical form. */
  uuid(): string {
    const a = this.next();
    const b = ((this.next() & 0xffff0fff) | 0x4000) >>> 0;
    const c = ((this.next() & 0x3fffffff) | 0x80000000) >>> 0;
    const d = this.next();
    return `${hex8(a)}-${hex4(b >>> 16)}-${hex4(b)}-${hex4(c >>> 16)}-${hex4(c)}${hex8(d)}`;
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}
