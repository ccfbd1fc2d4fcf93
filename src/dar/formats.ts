// Field formats of the DAR wire that a JSON-schema keyword alone does not pin down: UK postcodes,
// ISO 8601 instants (with a zone) and calendar dates that exist, and URLs a register may hold.

import { isLoopbackHost } from '../webhooks/url.js';

/** UK postcode as api-dar-fields.md gives it (outward code, optional space, inward code). */
export const POSTCODE_PATTERN = /^[A-Z]{1,2}[0-9][0-9A-Z]? ?[0-9][A-Z]{2}$/;

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const INSTANT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.\d{1,9})?(Z|[+-](\d{2}):(\d{2}))$/;

function dayExists(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false;
  return d <= new Date(Date.UTC(y, m, 0)).getUTCDate();
}

/** True for `YYYY-MM-DD` naming a day that exists. */
export function isCalendarDate(s: string): boolean {
  const m = DATE.exec(s);
  return m !== null && dayExists(Number(m[1]), Number(m[2]), Number(m[3]));
}

/** True for an ISO 8601 instant: date, time to the second (fraction optional) and `Z` or an offset. */
export function isInstant(s: string): boolean {
  const m = INSTANT.exec(s);
  if (!m || !dayExists(Number(m[1]), Number(m[2]), Number(m[3]))) return false;
  if (Number(m[4]) > 23 || Number(m[5]) > 59 || Number(m[6]) > 59) return false;
  return m[7] === 'Z' || (Number(m[8]) <= 23 && Number(m[9]) <= 59);
}

/** An instant in the store's form: UTC, milliseconds, `Z`. */
export function toUtcInstant(s: string | Date): string {
  return (typeof s === 'string' ? new Date(s) : s).toISOString();
}

/** Why `s` is not an http(s) URL, or undefined when it is one. */
export function webUrlProblem(s: string): string | undefined {
  let u: URL;
  try {
    u = new URL(s);
  } catch {
    return 'must be an absolute URL';
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') return `must be an http or https URL (got '${u.protocol}')`;
  if (u.username || u.password) return 'must not carry credentials';
  return undefined;
}

/** Why `s` may not receive webhooks: https anywhere, plain http only to a loopback host. */
export function callbackUrlProblem(s: string): string | undefined {
  const p = webUrlProblem(s);
  if (p) return p;
  const u = new URL(s);
  if (u.protocol === 'http:' && !isLoopbackHost(u.hostname)) return 'must be https (plain http only to a loopback host, for development)';
  return undefined;
}
