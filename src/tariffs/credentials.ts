// Supplier API keys and RTI User bearer tokens. Both are 256-bit random secrets, shown once; the
// store keeps only their SHA-256 (a password KDF buys nothing against guessing 256 random bits, and
// the tariff list must answer thousands of requests a second) and compares it in constant time.
// A credential names its row, so lookup is by id and never by the secret:
//   supplier key  sk_sup_<key id: 16 hex>_<secret>
//   RTI token     sk_rti_<user id hex: 32>_<secret>

import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

const SUPPLIER_KEY = /^sk_sup_([0-9a-f]{16})_([A-Za-z0-9_-]{43})$/;
const USER_TOKEN = /^sk_rti_([0-9a-f]{32})_([A-Za-z0-9_-]{43})$/;

/** SHA-256 of a secret, hex. */
export function sha256(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

/** True when `secret` hashes to `stored`; constant time for equal-length hex digests. */
export function secretMatches(secret: string, stored: string | null): boolean {
  const a = Buffer.from(sha256(secret), 'hex');
  const b = Buffer.from(stored ?? '0'.repeat(64), 'hex');
  return a.length === b.length && timingSafeEqual(a, b) && stored !== null;
}

/** A new supplier key: its id, the full key (shown once) and the hash to store. */
export function newSupplierKey(): { keyId: string; key: string; hash: string } {
  const keyId = randomBytes(8).toString('hex');
  const secret = randomBytes(32).toString('base64url');
  return { keyId, key: `sk_sup_${keyId}_${secret}`, hash: sha256(secret) };
}

/** A new RTI User token for `userId`: the token (shown once) and the hash to store. */
export function newUserToken(userId: string): { token: string; hash: string } {
  const secret = randomBytes(32).toString('base64url');
  return { token: `sk_rti_${userId.slice(4)}_${secret}`, hash: sha256(secret) };
}

/** The key id and secret of a supplier key, or null when it is not one. */
export function parseSupplierKey(key: string): { keyId: string; secret: string } | null {
  const m = SUPPLIER_KEY.exec(key);
  return m === null ? null : { keyId: m[1]!, secret: m[2]! };
}

/** The user id and secret of an RTI token, or null when it is not one. */
export function parseUserToken(token: string): { userId: string; secret: string } | null {
  const m = USER_TOKEN.exec(token);
  return m === null ? null : { userId: `usr_${m[1]}`, secret: m[2]! };
}
