// Tenant isolation over every route of the DAR prefix: a second Data User, a Data Provider, the DCC
// and an anonymous caller each get the listed status on the first Data User's records, and no
// response carries a byte of them. The table must name every route the OpenAPI document lists
// under /dar/v1: a new route without a row fails this test.

import { afterAll, beforeAll, expect, test } from 'vitest';
import { eachEngine } from './helpers/engines.js';
import { darApi, type Caller, type DarApi } from './helpers/dar-api.js';
import { consentRecord, identityBody } from './helpers/dar-fixtures.js';

const B = '/dar/v1';
type Others = Exclude<Caller, 'du1' | 'admin' | 'portal'>;
interface Row {
  url: (t: Tenant) => string;
  body?: (t: Tenant) => unknown;
  expect: Record<Others, number | number[]>;
}
interface Tenant {
  ir: string;
  ak: string;
  wid: string;
  duid: string;
  mpxn: string;
  account: string;
  tokenRef: string;
  crossTokenRef: string;
}

const MPXN = '1312345678907';
/** The person behind the first tenant's records: never in any answer to anyone else. */
const PII_MARKERS = ['tenant.one@example.com', 'Acacia', 'YO1 7HH'];
/** The first tenant's record itself: only verify (holding the ak) shows it. */
const RECORD_MARKERS = ['CUST-0001', 'Half-hourly consumption', 'tenant-one.example.com'];
const deny = { du2: 403, provider: 403, dcc: 403, anonymous: 401 };
const noSession = { du2: 401, provider: 401, dcc: 401, anonymous: 401 };

const TABLE: Record<string, Row> = {
  'get /auth/token': { url: () => `${B}/auth/token`, expect: { du2: 401, provider: 401, dcc: 401, anonymous: 401 } },
  'post /auth/token': { url: () => `${B}/auth/token`, expect: { du2: 401, provider: 401, dcc: 401, anonymous: 401 } },
  'get /auth/jwks': { url: () => `${B}/auth/jwks`, expect: { du2: 200, provider: 200, dcc: 200, anonymous: 200 } },
  'post /auth/signing-keys/rotate': { url: () => `${B}/auth/signing-keys/rotate`, expect: deny },
  'get /accounts': { url: () => `${B}/accounts`, expect: deny },
  'post /accounts': { url: () => `${B}/accounts`, body: () => ({ name: 'x', role: 'dcc' }), expect: deny },
  'post /accounts/{accountId}/rotate-secret': { url: (t) => `${B}/accounts/${t.account}/rotate-secret`, expect: deny },
  'post /accounts/{accountId}/suspend': { url: (t) => `${B}/accounts/${t.account}/suspend`, expect: deny },
  'post /accounts/{accountId}/reactivate': { url: (t) => `${B}/accounts/${t.account}/reactivate`, expect: deny },
  'post /identity-records': { url: () => `${B}/identity-records`, body: () => identityBody(MPXN), expect: { du2: 201, provider: 403, dcc: 403, anonymous: 401 } },
  'get /identity-records': { url: (t) => `${B}/identity-records?mpxn=${t.mpxn}&email=tenant.one%40example.com`, expect: { du2: 200, provider: 403, dcc: 403, anonymous: 401 } },
  'get /identity-records/{ir}': { url: (t) => `${B}/identity-records/${t.ir}`, expect: deny },
  'delete /identity-records/{ir}': { url: (t) => `${B}/identity-records/${t.ir}`, expect: deny },
  'post /access-records': { url: () => `${B}/access-records`, body: (t) => consentRecord(t.ir), expect: deny },
  // The ak is the bearer credential of verify: whoever holds it reads the record (without PII).
  'get /access-records/{ak}': { url: (t) => `${B}/access-records/${t.ak}`, expect: { du2: 200, provider: 200, dcc: 200, anonymous: 200 } },
  'put /access-records/{ak}': { url: (t) => `${B}/access-records/${t.ak}`, body: (t) => consentRecord(t.ir), expect: deny },
  'delete /access-records/{ak}': { url: (t) => `${B}/access-records/${t.ak}`, expect: deny },
  'get /meter-points/{mpxn}/access-records': { url: (t) => `${B}/meter-points/${t.mpxn}/access-records`, expect: deny },
  'get /records': { url: () => `${B}/records`, expect: { du2: 200, provider: 403, dcc: 403, anonymous: 401 } },
  'get /data-users/{duid}': { url: (t) => `${B}/data-users/${t.duid}`, expect: { du2: 403, provider: 200, dcc: 403, anonymous: 401 } },
  'post /discovered-access': {
    url: () => `${B}/discovered-access`,
    body: () => ({ mpxn: '2312345678900', 'organisation-name': 'Other Org', 'organisation-reference': 'OO-1', 'first-seen': '2026-01-01', 'data-types-observed': ['HH-CONSUMPTION'], 'source-reference': 'S' }),
    expect: { du2: 403, provider: 403, dcc: [200, 201], anonymous: 401 },
  },
  'post /cot-events': { url: () => `${B}/cot-events`, body: () => ({ mpxn: '2312345678900', 'effective-date': '2026-12-01', 'source-reference': 'C-1' }), expect: { du2: 403, provider: 403, dcc: [200, 201], anonymous: 401 } },
  'post /webhooks': { url: () => `${B}/webhooks`, body: () => ({ 'callback-url': 'https://other.example.com/h', 'alert-email': 'o@example.com' }), expect: { du2: 201, provider: 403, dcc: 403, anonymous: 401 } },
  'get /webhooks': { url: () => `${B}/webhooks`, expect: { du2: 200, provider: 403, dcc: 403, anonymous: 401 } },
  'patch /webhooks/{wid}': { url: (t) => `${B}/webhooks/${t.wid}`, body: () => ({ 'callback-url': 'https://evil.example.com/h' }), expect: deny },
  'delete /webhooks/{wid}': { url: (t) => `${B}/webhooks/${t.wid}`, expect: deny },
  // Re-identification (issue 20): the creator starts it on its record, only the initiator polls.
  'post /identity-records/{ir}/re-identify': { url: (t) => `${B}/identity-records/${t.ir}/re-identify`, body: () => ({ method: 'magic-link' }), expect: deny },
  'get /identity-records/{ir}/re-identify/{tokenRef}': { url: (t) => `${B}/identity-records/${t.ir}/re-identify/${t.tokenRef}`, expect: deny },
  'get /identity-records/exists': { url: (t) => `${B}/identity-records/exists?mpxn=${t.mpxn}`, expect: { du2: 200, provider: 403, dcc: 403, anonymous: 401 } },
  // Any Data User (or Portal Operator) may ask the person at a meter point: the mail goes to the person, not to the caller.
  'post /identity-records/reidentify': { url: () => `${B}/identity-records/reidentify`, body: (t) => ({ mpxn: t.mpxn, method: 'magic-link' }), expect: { du2: 201, provider: 403, dcc: 403, anonymous: 401 } },
  'get /identity-records/reidentify/{tokenRef}': { url: (t) => `${B}/identity-records/reidentify/${t.crossTokenRef}`, expect: { du2: 403, provider: 403, dcc: 403, anonymous: 401 } },
  'delete /identity-records/{ir}/credentials/{credentialId}': { url: (t) => `${B}/identity-records/${t.ir}/credentials/cred_${'0'.repeat(24)}`, expect: deny },
  // The portal page's routes: no account; a portal session (pst_…) where it matters, which no account token is.
  'post /portal/magic-link': { url: () => `${B}/portal/magic-link`, body: (t) => ({ mpxn: t.mpxn, email: 'tenant.one@example.com' }), expect: { du2: 202, provider: 202, dcc: 202, anonymous: 202 } },
  'post /portal/session': { url: () => `${B}/portal/session`, body: () => ({ link: 'A'.repeat(43) }), expect: { du2: 404, provider: 404, dcc: 404, anonymous: 404 } },
  'delete /portal/session': { url: () => `${B}/portal/session`, expect: noSession },
  'get /portal/records': { url: () => `${B}/portal/records`, expect: noSession },
  'post /portal/records/{recordRef}/withdraw': { url: () => `${B}/portal/records/rec_${'0'.repeat(24)}/withdraw`, body: () => ({}), expect: noSession },
  'post /portal/passkeys/register/options': { url: () => `${B}/portal/passkeys/register/options`, body: () => ({}), expect: noSession },
  'post /portal/passkeys/register/verify': { url: () => `${B}/portal/passkeys/register/verify`, body: () => ({ 'challenge-id': `chl_${'0'.repeat(24)}`, response: {} }), expect: { du2: 404, provider: 404, dcc: 404, anonymous: 404 } },
  'post /portal/passkeys/assert/options': { url: () => `${B}/portal/passkeys/assert/options`, body: (t) => ({ mpxn: t.mpxn }), expect: { du2: 200, provider: 200, dcc: 200, anonymous: 200 } },
  'post /portal/passkeys/assert/verify': { url: () => `${B}/portal/passkeys/assert/verify`, body: () => ({ 'challenge-id': `chl_${'0'.repeat(24)}`, response: { id: 'x' } }), expect: { du2: 404, provider: 404, dcc: 404, anonymous: 404 } },
  'get /portal/credentials': { url: () => `${B}/portal/credentials`, expect: noSession },
  'delete /portal/credentials/{credentialId}': { url: () => `${B}/portal/credentials/cred_${'0'.repeat(24)}`, expect: noSession },
};

eachEngine('tenant isolation on %s', (engine) => {
  let api: DarApi;
  let t: Tenant;
  beforeAll(async () => {
    api = await darApi(`dar-tenancy-${engine}`, engine);
    const ir = (await api.call('du1', 'POST', `${B}/identity-records`, identityBody(MPXN, 'tenant.one@example.com'))).json.ir;
    const rec = consentRecord(ir);
    rec['record-metadata']['controller-arrangement'].controllers[0]!['contact-url'] = 'https://tenant-one.example.com/contact';
    const ak = (await api.call('du1', 'POST', `${B}/access-records`, rec)).json['access-token'].key;
    const wid = (await api.call('du1', 'POST', `${B}/webhooks`, { 'callback-url': 'https://tenant-one.example.com/hook', 'alert-email': 'ops@tenant-one.example.com' })).json.webhook.wid;
    const account = (await api.s.store.accounts.list()).find((a) => a.duid === api.duid.du1)!.accountId;
    const tokenRef = (await api.call('du1', 'POST', `${B}/identity-records/${ir}/re-identify`, { method: 'magic-link' })).json['magic-link']['token-ref'];
    const crossTokenRef = (await api.call('du1', 'POST', `${B}/identity-records/reidentify`, { mpxn: MPXN, method: 'magic-link' })).json['magic-link']['token-ref'];
    t = { ir, ak, wid, duid: api.duid.du1, mpxn: MPXN, account, tokenRef, crossTokenRef };
  });
  afterAll(() => api.close());

  test('the table names every route under /dar/v1 and nothing else', async () => {
    const doc = (await api.s.app.inject({ url: '/openapi.json' })).json() as { paths: Record<string, Record<string, unknown>> };
    const routes = Object.entries(doc.paths)
      .filter(([p]) => p.startsWith(`${B}/`))
      .flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m} ${p.slice(B.length)}`))
      .sort();
    expect(routes).toEqual(Object.keys(TABLE).sort());
  });

  test.each(Object.keys(TABLE))('%s', async (key) => {
    const row = TABLE[key]!;
    const method = key.split(' ')[0]!.toUpperCase();
    for (const who of ['du2', 'provider', 'dcc', 'anonymous'] as const) {
      const r = await api.call(who, method, row.url(t), row.body?.(t));
      const allowed = [row.expect[who]].flat();
      expect(allowed, `${who} ${key}: ${r.body.slice(0, 200)}`).toContain(r.status);
      const { response: _envelope, ...rest } = (r.json ?? {}) as Record<string, unknown>;
      const text = JSON.stringify(rest);
      const verify = key === 'get /access-records/{ak}';
      for (const marker of verify ? PII_MARKERS : [...PII_MARKERS, ...RECORD_MARKERS]) expect(text, `${who} ${key} leaked '${marker}'`).not.toContain(marker);
      if (!verify) expect(text).not.toContain(t.ak);
      expect(text).not.toContain(t.ir);
    }
    // The first tenant's records are untouched by all of that.
    const mine = await api.call('du1', 'GET', `${B}/identity-records/${t.ir}`);
    expect(mine.status).toBe(200);
    const v = await api.call('du1', 'GET', `${B}/access-records/${t.ak}`);
    expect(v.json['access-record']['access-event'].state).toBe('ACTIVE');
    const hooks = await api.call('du1', 'GET', `${B}/webhooks`);
    expect(hooks.json.webhooks.find((w: { wid: string }) => w.wid === t.wid)['callback-url']).toBe('https://tenant-one.example.com/hook');
  });
});
