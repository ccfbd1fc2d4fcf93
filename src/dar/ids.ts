// Prefixed identifiers of the Data Access Register: a prefix that says what the id names, then 24
// lowercase hex characters (96 bits) from the operating system's CSPRNG.

import { randomBytes } from 'node:crypto';

/** The id prefixes of api-dar.md, and the portal's WebAuthn challenges (`chl_`) and record references (`rec_`). */
export const ID_PREFIXES = ['ak', 'ir', 'duid', 'wid', 'tid', 'evt', 'cred', 'mlr', 'chl', 'rec'] as const;
export type IdPrefix = (typeof ID_PREFIXES)[number];

/** A fresh id `<prefix>_<24 hex>`. */
export function newDarId(prefix: IdPrefix): string {
  return `${prefix}_${randomBytes(12).toString('hex')}`;
}

const PATTERNS = new Map(ID_PREFIXES.map((p) => [p, new RegExp(`^${p}_[0-9a-f]{24}$`)]));

/** True when `value` is a well-formed id of kind `prefix`. */
export function isDarId(prefix: IdPrefix, value: unknown): value is string {
  return typeof value === 'string' && PATTERNS.get(prefix)!.test(value);
}

/** The JSON-schema pattern of an id kind (for route parameters). */
export function idPattern(prefix: IdPrefix): string {
  return `^${prefix}_[0-9a-f]{24}$`;
}
