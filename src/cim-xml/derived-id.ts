// Ids derived from text: the same text always gives the same UUID-shaped id, so re-runs name the
// same models. The SHA-256 of the text, laid out as a UUID with the RFC 4122 variant bits and the
// given version digit.

import { createHash } from 'node:crypto';

/**
 * A UUID-shaped id derived from `text`. `version` is the digit written in the version position:
 * Difference Models use 5 (name-based), the sample generator 4 (its ids are published in
 * samples/DEMO, so they keep the digit they were made with).
 */
export function derivedUuid(text: string, version: 4 | 5 = 5): string {
  const h = createHash('sha256').update(text).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${version}${h.slice(13, 16)}-${((parseInt(h[16]!, 16) & 3) | 8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
