// Valid DAR request bodies, one per legal-basis family, for tests to mutate into broken variants.

/** A deep copy of `v` (bodies are plain JSON). */
export const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

/** Sets `path` (dot path; `[n]` for array items) in a copy of `body`; `undefined` deletes the key. */
export function mutate<T>(body: T, path: string, value: unknown): T {
  const copy = clone(body) as Record<string, unknown>;
  const keys = path.split('.').flatMap((k) => k.split(/\[(\d+)\]/).filter(Boolean)).map((k) => (/^\d+$/.test(k) ? Number(k) : k));
  let o = copy as Record<string | number, unknown>;
  for (const k of keys.slice(0, -1)) o = o[k] as Record<string | number, unknown>;
  const last = keys[keys.length - 1]!;
  if (value === undefined) delete o[last];
  else o[last] = value;
  return copy as T;
}

export const VALID_MPANS = ['1312345678907', '1012345678903', '2312345678900'] as const;

/** A consent-based record of one sole controller. */
export function consentRecord(ir: string, expiry = '2027-06-30T00:00:00Z') {
  return {
    'record-metadata': {
      'schema-version': '1.0',
      'controller-arrangement': {
        'arrangement-type': 'sole',
        controllers: [
          {
            name: 'Octo Flex Ltd',
            role: 'sole',
            'contact-url': 'https://flex.example.co.uk/contact',
            address: { addressLine1: '1 High Street', townCity: 'Leeds', postcode: 'LS1 4AP' },
            'privacy-rights-url': 'https://flex.example.co.uk/privacy',
            'storage-conditions': { location: 'UK', 'retention-period': 'P2Y' },
          },
        ],
      },
      'identity-record-ref': ir,
    },
    notice: { 'shared-notice': { 'terms-url': 'https://flex.example.co.uk/terms', 'notice-version': '3.1', 'notice-language': 'en-GB' } },
    processing: {
      'legal-basis': 'uk-consent',
      purpose: 'Half-hourly consumption to offer a time-of-use tariff',
      'data-types': ['HH-CONSUMPTION', 'TARIFF-IMPORT'],
      jurisdiction: 'GB',
      'data-source': 'DCC',
      recipients: [{ name: 'Analytics Co', role: 'processor', 'privacy-url': 'https://analytics.example.com/privacy' }],
    },
    'access-event': {
      state: 'ACTIVE',
      'registered-at': '2026-11-01T10:00:00Z',
      expiry,
      'controller-reference': 'CUST-0001',
      consent: { 'consent-type': 'expressed-consent', method: 'web form' },
    },
  };
}

/** A legitimate-interests record of a joint arrangement (lead + joint controller). */
export function legitimateInterestsRecord(ir: string) {
  return {
    'record-metadata': {
      'schema-version': '1.0',
      'controller-arrangement': {
        'arrangement-type': 'joint',
        'art26-reference': 'JCA-2026-17',
        controllers: [
          { name: 'Grid Insights plc', role: 'lead', 'contact-url': 'https://grid.example.com', 'lia-reference': 'LIA-42' },
          { name: 'Heat Pumps Ltd', role: 'joint', 'contact-url': 'https://heat.example.com' },
        ],
      },
      'identity-record-ref': ir,
    },
    notice: null,
    processing: { 'legal-basis': 'uk-legitimate-interests', purpose: 'Network planning', 'data-types': ['MTH-CONSUMPTION'] },
    'access-event': { state: 'ACTIVE', 'registered-at': '2026-11-01T10:00:00Z', expiry: null, consent: null },
  };
}

/** An Identity Record body for `mpxn`. */
export function identityBody(mpxn: string = VALID_MPANS[0], email?: string) {
  return {
    'pii-principal': { mpxn, 'move-in-date': '2019-04-01', address: { addressLine1: '22 Acacia Avenue', townCity: 'York', postcode: 'YO1 7HH' } },
    'expressed-by': 'data-subject',
    'principal-verification': { method: 'bill-match', 'verified-at': '2026-10-30T09:00:00Z', outcome: 'verified', reference: 'VER-1' },
    ...(email ? { email } : {}),
  };
}
