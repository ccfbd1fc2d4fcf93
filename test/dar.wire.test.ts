// The DAR wire schemas and rules across fields: the valid bodies pass, and a table of broken
// bodies gives exactly the listed problems (code and field), all of them in one error.

import { describe, expect, test } from 'vitest';
import { isLtdsError } from '../src/errors/index.js';
import { isCalendarDate, isInstant } from '../src/dar/formats.js';
import { newDarId, isDarId } from '../src/dar/ids.js';
import type { Problem } from '../src/dar/problems.js';
import { validateAccessRecord, validateCotEvent, validateDiscoveredAccess, validateIdentityRecord } from '../src/dar/validate.js';
import { consentRecord, identityBody, legitimateInterestsRecord, mutate } from './helpers/dar-fixtures.js';

const IR = 'ir_0123456789abcdef01234567';
const now = new Date('2026-11-26T12:00:00Z');

function problemsOf(fn: () => unknown): { code: string; field: string }[] {
  try {
    fn();
  } catch (err) {
    if (isLtdsError(err) && err.code === 'DAR_INVALID') return (err.params.problems as Problem[]).map((p) => ({ code: p.code, field: p.field })).sort((a, b) => a.field.localeCompare(b.field));
    throw err;
  }
  return [];
}
const sorted = (list: [string, string][]) => list.map(([code, field]) => ({ code, field })).sort((a, b) => a.field.localeCompare(b.field));

describe('valid bodies', () => {
  test('a consent record and a joint legitimate-interests record pass; the jurisdiction defaults to GB', () => {
    expect(validateAccessRecord(consentRecord(IR), 'create', { now }).value.processing.jurisdiction).toBe('GB');
    expect(validateAccessRecord(legitimateInterestsRecord(IR), 'create', { now }).value.processing.jurisdiction).toBe('GB');
  });

  test('public task with a statutory reference, contract with nothing extra, per-controller notices', () => {
    const pt = mutate(mutate(legitimateInterestsRecord(IR), 'processing.legal-basis', 'uk-public-task'), 'record-metadata.controller-arrangement.controllers[0].statutory-reference', 'Electricity Act 1989 s.9');
    expect(problemsOf(() => validateAccessRecord(pt, 'create', { now }))).toEqual([]);
    expect(problemsOf(() => validateAccessRecord(mutate(legitimateInterestsRecord(IR), 'processing.legal-basis', 'uk-contract'), 'create', { now }))).toEqual([]);
    const notices = mutate(consentRecord(IR), 'notice', {
      notices: [
        { 'controller-name': 'A', 'terms-url': 'https://a.example/terms', 'notice-version': '1' },
        { 'controller-name': 'B', 'terms-url': 'https://b.example/terms', 'notice-version': '2' },
      ],
    });
    expect(problemsOf(() => validateAccessRecord(notices, 'create', { now }))).toEqual([]);
  });

  test('an identity record, a discovered access and a change of tenancy pass', () => {
    expect(validateIdentityRecord(identityBody('1312345678907', 'jo@example.com')).value.email).toBe('jo@example.com');
    expect(validateDiscoveredAccess({ mpxn: '1012345678903', 'organisation-name': 'X', 'organisation-reference': 'X-1', 'first-seen': '2026-01-01', 'data-types-observed': ['HH-CONSUMPTION'], 'source-reference': 'DCC-1' }).warnings).toEqual([]);
    expect(validateCotEvent({ mpxn: '2312345678900', 'effective-date': '2026-12-01', 'source-reference': 'COT-9' }).value.mpxn).toBe('2312345678900');
  });
});

// name, body, expected [code, field] — exactly these, nothing else.
const C = consentRecord(IR);
const L = legitimateInterestsRecord(IR);
const CTRL = 'record-metadata.controller-arrangement.controllers';
const BAD: [string, unknown, [string, string][]][] = [
  ['not an object', 'hello', [['VAL001', '(body)']]],
  ['missing processing', mutate(C, 'processing', undefined), [['VAL001', 'processing']]],
  ['unknown top-level field', mutate(C, 'colour', 'blue'), [['VAL001', 'colour']]],
  ['bad legal basis', mutate(C, 'processing.legal-basis', 'uk-whim'), [['VAL001', 'processing.legal-basis']]],
  ['purpose over 500', mutate(C, 'processing.purpose', 'x'.repeat(501)), [['VAL001', 'processing.purpose']]],
  ['empty data types', mutate(C, 'processing.data-types', []), [['VAL001', 'processing.data-types']]],
  ['unknown data type', mutate(C, 'processing.data-types', ['HH-CONSUMPTION', 'GAS']), [['VAL001', 'processing.data-types[1]']]],
  ['jurisdiction FR', mutate(C, 'processing.jurisdiction', 'FR'), [['VAL001', 'processing.jurisdiction']]],
  ['bad postcode', mutate(C, `${CTRL}[0].address.postcode`, 'LS1-4AP'), [['VAL001', `${CTRL}[0].address.postcode`]]],
  ['lower-case postcode', mutate(C, `${CTRL}[0].address.postcode`, 'ls1 4ap'), [['VAL001', `${CTRL}[0].address.postcode`]]],
  ['contact-url not a URL', mutate(C, `${CTRL}[0].contact-url`, 'call us'), [['VAL001', `${CTRL}[0].contact-url`]]],
  ['contact-url javascript:', mutate(C, `${CTRL}[0].contact-url`, 'javascript:alert(1)'), [['VAL001', `${CTRL}[0].contact-url`]]],
  ['registered-at without a zone', mutate(C, 'access-event.registered-at', '2026-11-01T10:00:00'), [['VAL001', 'access-event.registered-at']]],
  ['registered-at on 30 February', mutate(C, 'access-event.registered-at', '2026-02-30T10:00:00Z'), [['VAL001', 'access-event.registered-at']]],
  ['expiry missing (must be present, may be null)', mutate(C, 'access-event.expiry', undefined), [['VAL001', 'access-event.expiry']]],
  ['bad identity-record-ref', mutate(C, 'record-metadata.identity-record-ref', 'ir_XYZ'), [['VAL001', 'record-metadata.identity-record-ref']]],
  ['consent basis with null notice', mutate(C, 'notice', null), [['VAL003', 'notice']]],
  ['consent basis without consent details', mutate(C, 'access-event.consent', undefined), [['VAL003', 'access-event.consent']]],
  ['contract basis with a notice and consent', mutate(C, 'processing.legal-basis', 'uk-contract'), [['VAL003', 'notice'], ['VAL003', 'access-event.consent']]],
  ['notice with both forms', mutate(C, 'notice.notices', [{ 'controller-name': 'A', 'terms-url': 'https://a.example', 'notice-version': '1' }, { 'controller-name': 'B', 'terms-url': 'https://b.example', 'notice-version': '1' }]), [['VAL003', 'notice']]],
  ['notice with neither form', mutate(C, 'notice', {}), [['VAL003', 'notice']]],
  ['one per-controller notice', mutate(C, 'notice', { notices: [{ 'controller-name': 'A', 'terms-url': 'https://a.example', 'notice-version': '1' }] }), [['VAL001', 'notice.notices']]],
  ['legitimate interests without LIA reference', mutate(L, `${CTRL}[0].lia-reference`, undefined), [['VAL003', `${CTRL}[0].lia-reference`]]],
  ['public task without statutory reference', mutate(L, 'processing.legal-basis', 'uk-public-task'), [['VAL003', `${CTRL}[0].statutory-reference`]]],
  ['legal obligation without statutory reference', mutate(L, 'processing.legal-basis', 'uk-legal-obligation'), [['VAL003', `${CTRL}[0].statutory-reference`]]],
  ['joint without art26-reference', mutate(L, 'record-metadata.controller-arrangement.art26-reference', undefined), [['VAL003', 'record-metadata.controller-arrangement.art26-reference']]],
  ['two lead controllers', mutate(L, `${CTRL}[1].role`, 'lead'), [['VAL003', CTRL]]],
  ['no sole or lead controller', mutate(L, `${CTRL}[0].role`, 'member'), [['VAL003', CTRL]]],
  ['no controllers', mutate(L, CTRL, []), [['VAL001', CTRL]]],
  ['state REVOKED on create', mutate(C, 'access-event.state', 'REVOKED'), [['VAL003', 'access-event.state']]],
  ['expiry in the past', mutate(C, 'access-event.expiry', '2026-01-01T00:00:00Z'), [['VAL003', 'access-event.expiry']]],
  ['neither identity-record-ref nor reidentification-token', mutate(C, 'record-metadata.identity-record-ref', undefined), [['VAL003', 'record-metadata.identity-record-ref']]],
  [
    'many faults at once: every field named',
    mutate(mutate(mutate(mutate(L, 'processing.purpose', ''), `${CTRL}[0].lia-reference`, undefined), 'record-metadata.controller-arrangement.art26-reference', undefined), 'access-event.registered-at', 'yesterday'),
    [['VAL001', 'processing.purpose'], ['VAL001', 'access-event.registered-at'], ['VAL003', `${CTRL}[0].lia-reference`], ['VAL003', 'record-metadata.controller-arrangement.art26-reference']],
  ],
];

describe('broken Access Records', () => {
  test.each(BAD)('%s', (_name, body, expected) => {
    expect(problemsOf(() => validateAccessRecord(body, 'create', { now }))).toEqual(sorted(expected));
  });

  test('the error message names every field with why', () => {
    try {
      validateAccessRecord(mutate(mutate(C, 'processing.legal-basis', 'uk-contract'), `${CTRL}[0].address.postcode`, 'nope'), 'create', { now });
      expect.unreachable();
    } catch (err) {
      expect((err as Error).message).toMatch(/address\.postcode: must be a UK postcode/);
      expect((err as Error).message).toMatch(/notice: must be null when legal-basis is 'uk-contract'/);
    }
  });
});

describe('broken identity records and DCC feeds', () => {
  const BAD_OTHER: [string, () => unknown, [string, string][]][] = [
    ['MPAN check digit wrong', () => validateIdentityRecord(identityBody('1312345678901')), [['VAL001', 'pii-principal.mpxn']]],
    ['bad email and move-in date', () => validateIdentityRecord(mutate(identityBody(), 'pii-principal.move-in-date', '2019-13-01'), {}), [['VAL001', 'pii-principal.move-in-date']]],
    ['email not an email', () => validateIdentityRecord(identityBody(undefined, 'not-an-email')), [['VAL001', 'email']]],
    ['expressed-by unknown', () => validateIdentityRecord(mutate(identityBody(), 'expressed-by', 'neighbour')), [['VAL001', 'expressed-by']]],
    ['MPRN check in strict mode', () => validateIdentityRecord(identityBody('12345699'), { strictMprn: true }), [['VAL001', 'pii-principal.mpxn']]],
    ['discovered: last-seen before first-seen', () => validateDiscoveredAccess({ mpxn: '1012345678903', 'organisation-name': 'X', 'organisation-reference': 'X-1', 'first-seen': '2026-02-01', 'last-seen': '2026-01-01', 'data-types-observed': ['HH-CONSUMPTION'], 'source-reference': 'D' }), [['VAL003', 'last-seen']]],
    ['discovered: superseded-by is not the DCC\'s', () => validateDiscoveredAccess({ mpxn: '1012345678903', 'organisation-name': 'X', 'organisation-reference': 'X-1', 'first-seen': '2026-02-01', 'data-types-observed': ['HH-CONSUMPTION'], 'source-reference': 'D', 'superseded-by': 'x' }), [['VAL001', 'superseded-by']]],
    ['cot: every field missing', () => validateCotEvent({}), [['VAL001', 'mpxn'], ['VAL001', 'effective-date'], ['VAL001', 'source-reference']]],
  ];
  test.each(BAD_OTHER)('%s', (_name, fn, expected) => {
    expect(problemsOf(fn)).toEqual(sorted(expected));
  });

  test('an MPRN with wrong check digits is accepted with a warning unless strict', () => {
    const v = validateIdentityRecord(identityBody('12345699'));
    expect(v.warnings).toEqual([{ field: 'pii-principal.mpxn', code: 'VAL001', message: 'MPRN check digits 99 do not match (expected 01)' }]);
  });
});

test('ids: prefix and 24 lowercase hex from the CSPRNG, all different', () => {
  const ids = new Set(Array.from({ length: 1000 }, () => newDarId('ak')));
  expect(ids.size).toBe(1000);
  for (const id of ids) expect(isDarId('ak', id)).toBe(true);
  expect(isDarId('ir', newDarId('ak'))).toBe(false);
});

test('instants need a zone and a real day; dates must exist', () => {
  for (const ok of ['2026-11-26T12:00:00Z', '2026-11-26T12:00:00.123Z', '2024-02-29T00:00:00+01:00']) expect(isInstant(ok)).toBe(true);
  for (const bad of ['2026-11-26', '2026-11-26T12:00:00', '2025-02-29T00:00:00Z', '2026-11-26T24:00:00Z', '2026-11-26 12:00:00Z']) expect(isInstant(bad)).toBe(false);
  expect(isCalendarDate('2024-02-29')).toBe(true);
  expect(isCalendarDate('2026-04-31')).toBe(false);
});
