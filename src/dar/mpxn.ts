// Meter point numbers: MPAN cores (electricity, 13 digits, last a check digit), full 21-digit MPANs
// (which end in the core) and MPRNs (gas, 6–10 digits, the last two check digits). api-dar.md §MPxN.

/** Weights of the 12 body digits of an MPAN core. */
const MPAN_WEIGHTS = [3, 5, 7, 13, 17, 19, 23, 29, 31, 37, 41, 43] as const;

/** The check digit of the first 12 digits of an MPAN core: Σ dᵢ·wᵢ mod 11 mod 10. */
export function mpanCheckDigit(body12: string): number {
  let sum = 0;
  for (let i = 0; i < 12; i++) sum += (body12.charCodeAt(i) - 48) * MPAN_WEIGHTS[i]!;
  return (sum % 11) % 10;
}

/** The two check digits of an MPRN body (all digits but the last two): Σ dᵢ·(n−i) mod 11, zero-padded. */
export function mprnCheckDigits(body: string): string {
  const n = body.length;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += (body.charCodeAt(i) - 48) * (n - i);
  return String(sum % 11).padStart(2, '0');
}

/** What kind of meter point number a string is. */
export type MpxnKind = 'mpan-core' | 'mpan-full' | 'mprn';

/** The verdict on one MPxN: an error (refuse) or a warning (accept, say so). */
export interface MpxnCheck {
  kind?: MpxnKind;
  /** Why the value is refused; absent when it is accepted. */
  error?: string;
  /** Why the value is doubtful but accepted (an MPRN whose check digits do not match, not strict). */
  warning?: string;
}

const DIGITS = /^[0-9]+$/;

/** Checks an MPAN core: 13 digits, distributor id 10–99, the check digit. */
export function checkMpanCore(core: string): string | undefined {
  if (core.length !== 13 || !DIGITS.test(core)) return 'an MPAN core is 13 digits';
  const distributor = Number(core.slice(0, 2));
  if (distributor < 10) return `distributor id '${core.slice(0, 2)}' is not a GB distributor (10–23 DNOs, 24 and up independent networks)`;
  const expected = mpanCheckDigit(core.slice(0, 12));
  if (Number(core[12]) !== expected) return `check digit ${core[12]} does not match the MPAN core (expected ${expected})`;
  return undefined;
}

/**
 * Checks an MPxN as api-dar.md says: an MPAN core (check digit enforced), a full 21-digit MPAN
 * whose last 13 digits are a valid core, or an MPRN of 6–10 digits whose check digits are a
 * warning unless `strict`.
 */
export function checkMpxn(value: string, strict = false): MpxnCheck {
  if (!DIGITS.test(value)) return { error: 'an MPxN is digits only (an MPAN core of 13, a full MPAN of 21, or an MPRN of 6–10)' };
  if (value.length === 13) {
    const error = checkMpanCore(value);
    return error ? { kind: 'mpan-core', error } : { kind: 'mpan-core' };
  }
  if (value.length === 21) {
    const error = checkMpanCore(value.slice(8));
    return error ? { kind: 'mpan-full', error: `the core of the full MPAN (its last 13 digits): ${error}` } : { kind: 'mpan-full' };
  }
  if (value.length >= 6 && value.length <= 10) {
    const expected = mprnCheckDigits(value.slice(0, -2));
    if (value.slice(-2) === expected) return { kind: 'mprn' };
    const why = `MPRN check digits ${value.slice(-2)} do not match (expected ${expected})`;
    return strict ? { kind: 'mprn', error: why } : { kind: 'mprn', warning: why };
  }
  return { error: `an MPxN is an MPAN core of 13 digits, a full MPAN of 21 or an MPRN of 6–10 (got ${value.length} digits)` };
}

/** The meter point an MPxN names: a full MPAN is keyed by its core, so both forms find the same records. */
export function meterPointKey(mpxn: string): string {
  return mpxn.length === 21 ? mpxn.slice(8) : mpxn;
}
