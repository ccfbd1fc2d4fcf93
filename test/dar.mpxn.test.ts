// MPAN check digits and MPRN checks: the laws as property tests, against a second, independent
// computation written from api-dar.md, plus the spec's valid examples.

import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { checkMpanCore, checkMpxn, meterPointKey, mpanCheckDigit, mprnCheckDigits } from '../src/dar/mpxn.js';
import { VALID_MPANS } from './helpers/dar-fixtures.js';

// The oracle: api-dar.md's sentence, written independently of src/dar/mpxn.ts.
const PRIMES = [3, 5, 7, 13, 17, 19, 23, 29, 31, 37, 41, 43];
const oracleMpan = (body: string) => ([...body].reduce((s, d, i) => s + Number(d) * PRIMES[i]!, 0) % 11) % 10;
const oracleMprn = (body: string) => String([...body].reduce((s, d, i) => s + Number(d) * (body.length - i), 0) % 11).padStart(2, '0');

const digits = (min: number, max: number) => fc.array(fc.integer({ min: 0, max: 9 }), { minLength: min, maxLength: max }).map((a) => a.join(''));
const mpanBody = fc.tuple(fc.integer({ min: 10, max: 99 }), digits(10, 10)).map(([d, rest]) => `${d}${rest}`);

describe('MPAN core', () => {
  test.each(VALID_MPANS)('the spec example %s is valid', (mpan) => {
    expect(checkMpxn(mpan)).toEqual({ kind: 'mpan-core' });
  });

  test('the check digit is the oracle\'s for any body, and the core with it is valid', () => {
    fc.assert(
      fc.property(mpanBody, (body) => {
        expect(mpanCheckDigit(body)).toBe(oracleMpan(body));
        expect(checkMpanCore(body + oracleMpan(body))).toBeUndefined();
      }),
      { numRuns: 2000 },
    );
  });

  test('any other last digit is refused, naming the expected digit', () => {
    fc.assert(
      fc.property(mpanBody, fc.integer({ min: 1, max: 9 }), (body, shift) => {
        const wrong = (oracleMpan(body) + shift) % 10;
        const check = checkMpxn(body + wrong);
        expect(check.error).toBe(`check digit ${wrong} does not match the MPAN core (expected ${oracleMpan(body)})`);
      }),
      { numRuns: 1000 },
    );
  });

  test('a full 21-digit MPAN is valid exactly when its last 13 digits are, and keys to its core', () => {
    fc.assert(
      fc.property(digits(8, 8), mpanBody, fc.boolean(), (top, body, good) => {
        const core = body + (good ? oracleMpan(body) : (oracleMpan(body) + 1) % 10);
        const check = checkMpxn(top + core);
        expect(check.kind).toBe('mpan-full');
        expect(check.error === undefined).toBe(good);
        expect(meterPointKey(top + core)).toBe(core);
      }),
    );
  });

  test('distributor ids below 10, letters and other lengths are refused', () => {
    expect(checkMpxn('0912345678901').error).toMatch(/distributor id '09'/);
    expect(checkMpxn('13123456789O7').error).toMatch(/digits only/);
    expect(checkMpxn('131234567890').error).toMatch(/got 12 digits/);
    expect(checkMpxn('12345').error).toMatch(/got 5 digits/);
    expect(checkMpxn('12345678901234').error).toMatch(/got 14 digits/);
  });
});

describe('MPRN', () => {
  const mprnBody = digits(4, 8);

  test('a body with the oracle\'s check digits is a valid MPRN of 6–10 digits', () => {
    fc.assert(
      fc.property(mprnBody, (body) => {
        expect(mprnCheckDigits(body)).toBe(oracleMprn(body));
        expect(checkMpxn(body + oracleMprn(body))).toEqual({ kind: 'mprn' });
      }),
      { numRuns: 2000 },
    );
  });

  test('wrong check digits are a warning, and an error in strict mode', () => {
    fc.assert(
      fc.property(mprnBody, digits(2, 2), (body, suffix) => {
        fc.pre(suffix !== oracleMprn(body));
        const lax = checkMpxn(body + suffix);
        expect(lax.error).toBeUndefined();
        expect(lax.warning).toBe(`MPRN check digits ${suffix} do not match (expected ${oracleMprn(body)})`);
        expect(checkMpxn(body + suffix, true).error).toBe(lax.warning);
      }),
    );
  });
});
