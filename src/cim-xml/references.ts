// Character and entity references in text and attribute values: the five predefined entities and
// numeric character references; anything else (DTD entities) is refused.

import type { ErrorCode } from '../errors/index.js';

const PREDEFINED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** How a bad reference is reported: the scanner's `fail` at the text's position. */
export type ReferenceFailure = (code: ErrorCode, reason: string, params?: Record<string, unknown>) => never;

/** Expands the references in `s`; calls `fail` (which throws) for a malformed or unknown one. */
export function expandReferences(s: string, fail: ReferenceFailure): string {
  return s.replace(/&([^;&<\s]*);?/g, (m, body: string) => {
    if (!m.endsWith(';')) fail('XML_BAD_REFERENCE', `'&' must start a reference like '&amp;' (found '${m.slice(0, 12)}')`);
    const pre = PREDEFINED[body];
    if (pre !== undefined) return pre;
    let code = NaN;
    if (/^#x[0-9a-fA-F]+$/.test(body)) code = parseInt(body.slice(2), 16);
    else if (/^#[0-9]+$/.test(body)) code = parseInt(body.slice(1), 10);
    else fail('XML_BAD_REFERENCE', `unknown entity '&${body};' (no DTD entities are accepted)`, { entity: body });
    const ok = code === 0x9 || code === 0xa || code === 0xd || (code >= 0x20 && code <= 0xd7ff) || (code >= 0xe000 && code <= 0xfffd) || (code >= 0x10000 && code <= 0x10ffff);
    if (!ok) fail('XML_BAD_REFERENCE', `character reference '&${body};' is not an XML character`, { reference: body });
    return String.fromCodePoint(code);
  });
}
