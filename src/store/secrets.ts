// Account secrets: generated from a CSPRNG, stored only as an scrypt hash, compared in constant time.

import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/** scrypt cost parameters (N = 2^14, r = 8, p = 1: ~16 MiB and ~40 ms per hash on this machine). */
const PARAMS = { N: 1 << 14, r: 8, p: 1 } as const;
const KEY_LENGTH = 32;

function scryptAsync(secret: string, salt: Buffer, keylen: number, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => scrypt(secret, salt, keylen, { ...options, maxmem: 64 << 20 }, (err, key) => (err ? reject(err) : resolve(key))));
}

/** A new random secret (256 bits, base64url), shown once to the account holder. */
export function newSecret(): string {
  return `sk_${randomBytes(32).toString('base64url')}`;
}

/** `scrypt$N$r$p$<salt b64>$<hash b64>`. */
export async function hashSecret(secret: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scryptAsync(secret, salt, KEY_LENGTH, PARAMS);
  return ['scrypt', PARAMS.N, PARAMS.r, PARAMS.p, salt.toString('base64'), key.toString('base64')].join('$');
}

/** True when `secret` matches `stored`; the comparison takes the same time whatever the inputs. */
export async function verifySecret(secret: string, stored: string): Promise<boolean> {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [, n, r, p, saltB64 = '', hashB64 = ''] = parts; // six parts, checked above
  const expected = Buffer.from(hashB64, 'base64');
  const key = await scryptAsync(secret, Buffer.from(saltB64, 'base64'), expected.length, { N: Number(n), r: Number(r), p: Number(p) });
  return key.length === expected.length && timingSafeEqual(key, expected);
}

/** A hash of a random secret, to verify against when the account does not exist (same cost either way). */
let decoy: Promise<string> | undefined;
export function decoyHash(): Promise<string> {
  decoy ??= hashSecret(newSecret());
  return decoy;
}
