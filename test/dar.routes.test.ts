// The DAR API through inject(), on each engine: every route's success, its validation (every
// failing field named in one 400), 401, 403, 404, 409 and the envelope on every body (checked by
// the call helper for every request made here).

import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { eachEngine } from './helpers/engines.js';
import { darApi, errorFields, type DarApi } from './helpers/dar-api.js';
import { consentRecord, identityBody, legitimateInterestsRecord, mutate, VALID_MPANS } from './helpers/dar-fixtures.js';

const B = '/dar/v1';

eachEngine('DAR API on %s', (engine) => {
  let api: DarApi;
  beforeAll(async () => {
    api = await darApi(`dar-routes-${engine}`, engine);
  });
  afterAll(() => api.close());

  const newIr = async (as: 'du1' | 'du2' = 'du1', mpxn: string = VALID_MPANS[0], email?: string) => {
    const r = await api.call(as, 'POST', `${B}/identity-records`, identityBody(mpxn, email));
    expect(r.status, r.body).toBe(201);
    return r.json.ir as string;
  };
  const newAk = async (ir: string, as: 'du1' | 'du2' = 'du1', body: unknown = consentRecord(ir)) => {
    const r = await api.call(as, 'POST', `${B}/access-records`, body);
    expect(r.status, r.body).toBe(201);
    return r.json['access-token'].key as string;
  };

  describe('identity records', () => {
    test('create: 201, Location, ir; the email is looked up by hash and shown masked', async () => {
      const r = await api.call('du1', 'POST', `${B}/identity-records`, identityBody(VALID_MPANS[1], 'Jo.Bloggs@Example.com'));
      expect(r.status).toBe(201);
      expect(r.json.ir).toMatch(/^ir_[0-9a-f]{24}$/);
      expect(r.headers.location).toBe(`${B}/identity-records/${r.json.ir}`);
      const byEmail = await api.call('du1', 'GET', `${B}/identity-records?email=jo.bloggs%40example.com`);
      expect(byEmail.status).toBe(200);
      expect(byEmail.json['identity-records'].map((x: { ir: string }) => x.ir)).toEqual([r.json.ir]);
      expect(byEmail.json['identity-records'][0]).toMatchObject({ 'has-email': true, email: 'J***@E***.com', 'pii-principal': { mpxn: VALID_MPANS[1] }, credentials: [] });
      const byMpxn = await api.call('du1', 'GET', `${B}/identity-records?mpxn=${VALID_MPANS[1]}`);
      expect(byMpxn.json['identity-records'].map((x: { ir: string }) => x.ir)).toContain(r.json.ir);
      const other = await api.call('du2', 'GET', `${B}/identity-records?mpxn=${VALID_MPANS[1]}`);
      expect(other.status).toBe(200);
      expect(other.json['identity-records']).toEqual([]);
      const one = await api.call('du1', 'GET', `${B}/identity-records/${r.json.ir}?include=history`);
      expect(one.status).toBe(200);
      expect(one.json['identity-record'].history.map((h: { action: string }) => h.action)).toEqual(['created']);
    });

    test('the store holds no email, address or MPxN-with-name in clear', async () => {
      const ir = await newIr('du1', VALID_MPANS[2], 'secret.person@example.org');
      const row = await api.s.store.db.withTables<{ dar_identity_records: Record<string, unknown> }>().selectFrom('dar_identity_records').selectAll().where('ir', '=', ir).executeTakeFirstOrThrow();
      const text = JSON.stringify(row);
      expect(text).not.toMatch(/secret\.person|example\.org|Acacia|YO1 7HH/);
      expect(row.email_hash).toMatch(/^[0-9a-f]{64}$/);
    });

    test('validation: every failing field named, VAL001', async () => {
      const body = mutate(mutate(identityBody('1312345678901', 'nope'), 'pii-principal.address.postcode', 'YO17'), 'expressed-by', 'cat');
      const r = await api.call('du1', 'POST', `${B}/identity-records`, body);
      expect(r.status).toBe(400);
      expect(errorFields(r.json)).toEqual([
        ['VAL001', 'email'],
        ['VAL001', 'expressed-by'],
        ['VAL001', 'pii-principal.address.postcode'],
        ['VAL001', 'pii-principal.mpxn'],
      ]);
      const noQuery = await api.call('du1', 'GET', `${B}/identity-records`);
      expect(noQuery.status).toBe(400);
      const unknownQuery = await api.call('du1', 'GET', `${B}/identity-records?mpxn=${VALID_MPANS[0]}&colour=red`);
      expect(errorFields(unknownQuery.json)).toEqual([['VAL001', 'colour']]);
      const badIr = await api.call('du1', 'GET', `${B}/identity-records/ir_nothex`);
      expect(badIr.status).toBe(400);
    });

    test('an MPRN with wrong check digits is accepted with a Warning header', async () => {
      const r = await api.call('du1', 'POST', `${B}/identity-records`, identityBody('12345699'));
      expect(r.status).toBe(201);
      expect(r.headers.warning).toBe('199 ltds "pii-principal.mpxn: MPRN check digits 99 do not match (expected 01)"');
    });

    test('401 without token, 403 for another role or another Data User, 404 unknown', async () => {
      const ir = await newIr('du1');
      expect((await api.call('anonymous', 'GET', `${B}/identity-records/${ir}`)).json.errors[0]['error-code']).toBe('AUTH001');
      const other = await api.call('du2', 'GET', `${B}/identity-records/${ir}`);
      expect([other.status, other.json.errors[0]['error-code']]).toEqual([403, 'AUTH004']);
      expect(other.body).not.toContain('Acacia');
      expect((await api.call('dcc', 'GET', `${B}/identity-records/${ir}`)).status).toBe(403);
      const missing = await api.call('du1', 'GET', `${B}/identity-records/ir_000000000000000000000000`);
      expect([missing.status, missing.json.errors[0]['error-code']]).toEqual([404, 'NOT001']);
    });

    test('anonymise: 409 while an ACTIVE record links; after revoke the PII is gone, the ir stays', async () => {
      const ir = await newIr('du1', VALID_MPANS[0], 'anon@example.com');
      const ak = await newAk(ir);
      const busy = await api.call('du1', 'DELETE', `${B}/identity-records/${ir}`);
      expect([busy.status, busy.json.errors[0]['error-code']]).toEqual([409, 'CON001']);
      expect((await api.call('du2', 'DELETE', `${B}/identity-records/${ir}`)).status).toBe(403);
      expect((await api.call('du1', 'DELETE', `${B}/access-records/${ak}`)).status).toBe(200);
      const done = await api.call('du1', 'DELETE', `${B}/identity-records/${ir}`);
      expect(done.status).toBe(200);
      expect(done.json.ir).toBe(ir);
      const after = await api.call('du1', 'GET', `${B}/identity-records/${ir}?include=history`);
      const rec = after.json['identity-record'];
      expect(rec['pii-principal']).toBeUndefined();
      expect(rec.email).toBeUndefined();
      expect(rec['has-email']).toBe(false);
      expect(rec['anonymised-at']).toBe(done.json['anonymised-at']);
      expect(rec.history.map((h: { action: string }) => h.action)).toEqual(['created', 'anonymised']);
      expect((await api.call('du1', 'GET', `${B}/identity-records?email=anon%40example.com`)).json['identity-records']).toEqual([]);
      expect((await api.call('du1', 'DELETE', `${B}/identity-records/${ir}`)).status).toBe(409);
      const verify = await api.call('anonymous', 'GET', `${B}/access-records/${ak}?include=history`);
      expect(verify.json.history.map((h: { action: string }) => h.action)).toEqual(['created', 'revoked', 'anonymised']);
      expect((await api.call('du1', 'POST', `${B}/access-records`, consentRecord(ir))).status).toBe(409);
    });
  });

  describe('access records', () => {
    test('create → verify (anyone, no PII) → replace → revoke, with the history of who and when', async () => {
      const ir = await newIr('du1');
      const created = await api.call('du1', 'POST', `${B}/access-records`, consentRecord(ir));
      expect(created.status).toBe(201);
      const ak = created.json['access-token'].key;
      expect(ak).toMatch(/^ak_[0-9a-f]{24}$/);
      expect(created.json['access-token'].expiry).toBe('2027-06-30T00:00:00.000Z');
      expect(created.headers.location).toBe(`${B}/access-records/${ak}`);
      const v = await api.call('anonymous', 'GET', `${B}/access-records/${ak}`);
      expect(v.status).toBe(200);
      const rec = v.json['access-record'];
      expect(rec['record-metadata']['record-identifier']).toBe(ak);
      expect(rec['record-metadata']['identity-record-ref']).toBeUndefined();
      expect(rec['access-event'].state).toBe('ACTIVE');
      expect(v.body).not.toContain(ir);
      expect(rec.processing).toEqual(consentRecord(ir).processing);

      const replaced = await api.call('du1', 'PUT', `${B}/access-records/${ak}`, mutate(consentRecord(ir), 'processing.purpose', 'Tariff comparison'));
      expect(replaced.status, replaced.body).toBe(200);
      const v2 = await api.call('provider', 'GET', `${B}/access-records/${ak}`);
      expect(v2.json['access-record'].processing.purpose).toBe('Tariff comparison');
      expect(v2.json['access-record']['record-metadata']['created-at']).toBe(rec['record-metadata']['created-at']);
      expect((await api.call('du2', 'PUT', `${B}/access-records/${ak}`, consentRecord(ir))).status).toBe(403);
      expect((await api.call('du2', 'DELETE', `${B}/access-records/${ak}`)).status).toBe(403);

      const revoked = await api.call('du1', 'DELETE', `${B}/access-records/${ak}`, { reason: 'customer asked' });
      expect(revoked.status).toBe(200);
      expect(revoked.json).toMatchObject({ ak });
      const v3 = await api.call('anonymous', 'GET', `${B}/access-records/${ak}?include=history`);
      expect(v3.json['access-record']['access-event']).toMatchObject({ state: 'REVOKED', 'revoked-at': revoked.json['revoked-at'] });
      expect(v3.json.history.map((h: { action: string; by: string }) => h.action)).toEqual(['created', 'replaced', 'revoked']);
      expect(new Set(v3.json.history.map((h: { by: string }) => h.by)).size).toBe(1);
      for (const [method, body] of [['PUT', consentRecord(ir)], ['DELETE', undefined]] as const) {
        const r = await api.call('du1', method, `${B}/access-records/${ak}`, body);
        expect([r.status, r.json.errors[0]['error-code']]).toEqual([409, 'CON001']);
      }
    });

    test('the ak is stored only as its keyed hash', async () => {
      const ak = await newAk(await newIr('du1'));
      const rows = await api.s.store.db.withTables<{ dar_access_records: Record<string, unknown> }>().selectFrom('dar_access_records').selectAll().execute();
      expect(JSON.stringify(rows)).not.toContain(ak.slice(3));
      const jobs = await api.s.store.db.selectFrom('jobs').selectAll().execute();
      expect(JSON.stringify(jobs)).not.toContain(ak.slice(3));
    });

    test('validation over HTTP: every failing field in one 400, rules as VAL003', async () => {
      const ir = await newIr('du1');
      const body = mutate(mutate(mutate(legitimateInterestsRecord(ir), 'record-metadata.controller-arrangement.controllers[0].lia-reference', undefined), 'processing.data-types', []), 'notice', { 'shared-notice': { 'terms-url': 'x', 'notice-version': '1' } });
      const r = await api.call('du1', 'POST', `${B}/access-records`, body);
      expect(r.status).toBe(400);
      expect(errorFields(r.json)).toEqual([
        ['VAL003', 'notice'],
        ['VAL001', 'notice.shared-notice.terms-url'],
        ['VAL001', 'processing.data-types'],
        ['VAL003', 'record-metadata.controller-arrangement.controllers[0].lia-reference'],
      ]);
      const malformed = await api.s.app.inject({ method: 'POST', url: `${B}/access-records`, headers: { authorization: `Bearer ${api.token.du1}`, 'content-type': 'application/json' }, payload: '{"record-metadata":' });
      expect([malformed.statusCode, malformed.json().errors[0]['error-code']]).toEqual([400, 'VAL001']);
      expect((await api.call('du1', 'GET', `${B}/access-records/ak_123`)).status).toBe(400);
      expect((await api.call('du1', 'GET', `${B}/access-records/ak_000000000000000000000000`)).status).toBe(404);
      expect((await api.call('du1', 'POST', `${B}/access-records`, { ...consentRecord(ir), 'reidentification-token': 'x', 'record-metadata': { ...consentRecord(ir)['record-metadata'], 'identity-record-ref': undefined } })).status).toBe(400);
    });

    test("another Data User's ir is 403; an unknown ir 404; roles other than data_user 403; no token 401", async () => {
      const ir2 = await newIr('du2');
      expect((await api.call('du1', 'POST', `${B}/access-records`, consentRecord(ir2))).status).toBe(403);
      expect((await api.call('du1', 'POST', `${B}/access-records`, consentRecord('ir_000000000000000000000000'))).status).toBe(404);
      for (const who of ['provider', 'dcc', 'admin', 'portal'] as const) expect((await api.call(who, 'POST', `${B}/access-records`, consentRecord(ir2))).status).toBe(403);
      expect((await api.call('anonymous', 'POST', `${B}/access-records`, consentRecord(ir2))).status).toBe(401);
    });
  });

  describe('lists', () => {
    test('own records: newest first, opaque cursor pages cover every record once, filters apply', async () => {
      const ir = await newIr('du2', '1012345678903');
      const aks: string[] = [];
      for (let i = 0; i < 7; i++) aks.push(await newAk(ir, 'du2', mutate(consentRecord(ir), 'access-event.controller-reference', `REF-${i}`)));
      await api.call('du2', 'DELETE', `${B}/access-records/${aks[2]}`);
      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const r: Awaited<ReturnType<DarApi['call']>> = await api.call('du2', 'GET', `${B}/records?limit=3${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
        expect(r.status, r.body).toBe(200);
        seen.push(...r.json['access-records'].map((x: { 'controller-reference': string }) => x['controller-reference']));
        cursor = r.json['next-cursor'];
        pages++;
        // a record created between pages does not shift the pages
        if (pages === 1) await newAk(await newIr('du1'), 'du1');
      } while (cursor);
      expect(pages).toBe(3);
      expect(seen).toEqual(['REF-6', 'REF-5', 'REF-4', 'REF-3', 'REF-2', 'REF-1', 'REF-0']);
      const revoked = await api.call('du2', 'GET', `${B}/records?state=REVOKED`);
      expect(revoked.json['access-records'].map((x: { 'ak-hint': string }) => x['ak-hint'])).toEqual([`ak_…${aks[2]!.slice(-4)}`]);
      expect(JSON.stringify(revoked.json)).not.toContain(aks[2]);
      const bad = await api.call('du2', 'GET', `${B}/records?limit=0&state=GONE&cursor=abc`);
      expect(errorFields(bad.json)).toEqual([['VAL001', 'limit'], ['VAL001', 'state']]);
      const forged = await api.call('du2', 'GET', `${B}/records?cursor=abc`);
      expect(errorFields(forged.json)).toEqual([['VAL001', 'cursor']]);
    });

    test("meter point: a Data User with a record there sees every record (by hint); others 403", async () => {
      const mpxn = '2312345678900';
      const ir1 = await newIr('du1', mpxn);
      await newAk(ir1, 'du1');
      const r = await api.call('du1', 'GET', `${B}/meter-points/${mpxn}/access-records`);
      expect(r.status).toBe(200);
      expect(r.json.mpxn).toBe(mpxn);
      expect(r.json['access-records'].length).toBeGreaterThan(0);
      expect(r.json['access-records'][0]).toMatchObject({ 'lead-controller-name': 'Octo Flex Ltd', 'arrangement-type': 'sole', 'controller-count': 1, 'legal-basis': 'uk-consent', state: 'ACTIVE' });
      expect((await api.call('du2', 'GET', `${B}/meter-points/${mpxn}/access-records`)).status).toBe(403);
      expect((await api.call('du1', 'GET', `${B}/meter-points/${mpxn}/access-records?state=REVOKED`)).json['access-records']).toEqual([]);
      expect((await api.call('du1', 'GET', `${B}/meter-points/2312345678901/access-records`)).status).toBe(400);
      expect((await api.call('du1', 'GET', `${B}/meter-points/12345678${mpxn}/access-records`)).status).toBe(200);
    });
  });

  describe('data users', () => {
    test('providers and admins read any profile, a Data User only its own; unknown 404', async () => {
      for (const who of ['provider', 'admin', 'du1'] as const) {
        const r = await api.call(who, 'GET', `${B}/data-users/${api.duid.du1}`);
        expect(r.status).toBe(200);
        expect(r.json['data-user']).toMatchObject({ duid: api.duid.du1, 'display-name': 'du1 org', status: 'active' });
      }
      expect((await api.call('du1', 'GET', `${B}/data-users/${api.duid.du2}`)).status).toBe(403);
      expect((await api.call('dcc', 'GET', `${B}/data-users/${api.duid.du1}`)).status).toBe(403);
      expect((await api.call('provider', 'GET', `${B}/data-users/duid_000000000000000000000000`)).status).toBe(404);
      expect((await api.call('provider', 'GET', `${B}/data-users/nobody`)).status).toBe(400);
    });
  });

  describe('DCC feeds', () => {
    const discovered = (orgRef: string, extra: Record<string, unknown> = {}) => ({ mpxn: '1312345678907', 'organisation-name': 'Octo Flex Ltd', 'organisation-reference': orgRef, 'first-seen': '2026-09-01', 'last-seen': '2026-10-01', 'data-types-observed': ['HH-CONSUMPTION'], 'source-reference': 'DCC-TL-1', ...extra });

    test('discovered access: 201 new, 200 update with the same ak; superseded when the organisation registers', async () => {
      const first = await api.call('dcc', 'POST', `${B}/discovered-access`, discovered(api.duid.du1));
      expect([first.status, first.json.state]).toEqual([201, 'DISCOVERED']);
      const again = await api.call('dcc', 'POST', `${B}/discovered-access`, discovered(api.duid.du1, { 'last-seen': '2026-11-01', 'data-types-observed': ['HH-EXPORT'] }));
      expect([again.status, again.json.ak]).toEqual([200, first.json.ak]);
      const v = await api.call('anonymous', 'GET', `${B}/access-records/${first.json.ak}`);
      expect(v.json['discovered-access']).toMatchObject({ 'last-seen': '2026-11-01', 'data-types-observed': ['HH-CONSUMPTION', 'HH-EXPORT'] });
      expect((await api.call('du1', 'POST', `${B}/discovered-access`, discovered('x'))).status).toBe(403);
      const bad = await api.call('dcc', 'POST', `${B}/discovered-access`, { ...discovered('x'), mpxn: '1312345678900', 'first-seen': '2026-13-01' });
      expect(errorFields(bad.json)).toEqual([['VAL001', 'first-seen'], ['VAL001', 'mpxn']]);

      await newAk(await newIr('du1', '1312345678907'), 'du1');
      const after = await api.call('anonymous', 'GET', `${B}/access-records/${first.json.ak}?include=history`);
      expect(after.json['discovered-access']['superseded-by']).toMatch(/^ak_…[0-9a-f]{4}$/);
      expect(after.json.state).toBe('DISCOVERED');
      expect(after.json.history.map((h: { action: string }) => h.action)).toEqual(['discovered', 'updated', 'superseded']);
    });

    test('change of tenancy: 201 with the Data Users notified, a duplicate 200 and no second event', async () => {
      const mpxn = '1012345678903';
      const jobsBefore = await api.s.store.db.selectFrom('jobs').select(['job_id']).execute();
      const hook = await api.call('du2', 'POST', `${B}/webhooks`, { 'callback-url': 'https://hooks.example.com/dar', 'alert-email': 'ops@example.com' });
      expect(hook.status).toBe(201);
      const body = { mpxn, 'effective-date': '2026-12-01', 'source-reference': `COT-${engine}` };
      const r = await api.call('dcc', 'POST', `${B}/cot-events`, body);
      expect(r.status).toBe(201);
      expect(r.json['data-users-notified']).toEqual([api.duid.du2]);
      expect(r.json['active-records-affected']).toBeGreaterThan(0);
      const jobs = await api.s.store.db.selectFrom('jobs').selectAll().execute();
      const fresh = jobs.filter((j) => !jobsBefore.some((b) => b.job_id === j.job_id));
      expect(fresh.map((j) => JSON.parse(JSON.parse(j.payload).body)['event-type'])).toEqual(['tenancy.change']);
      const dup = await api.call('dcc', 'POST', `${B}/cot-events`, body);
      expect(dup.status).toBe(200);
      expect(dup.json['data-users-notified']).toEqual(r.json['data-users-notified']);
      expect((await api.s.store.db.selectFrom('jobs').select(['job_id']).execute()).length).toBe(jobs.length);
      expect((await api.call('du1', 'POST', `${B}/cot-events`, body)).status).toBe(403);
      expect(errorFields((await api.call('dcc', 'POST', `${B}/cot-events`, {})).json)).toEqual([['VAL001', 'effective-date'], ['VAL001', 'mpxn'], ['VAL001', 'source-reference']]);
    });
  });

  describe('webhook subscriptions', () => {
    test('create returns the secret once; list, patch given fields, rotate, delete; others 403/404', async () => {
      const c = await api.call('du1', 'POST', `${B}/webhooks`, { 'callback-url': 'https://hooks.example.com/a', 'alert-email': 'ops@example.com', 'event-types': ['consent.withdrawal'] });
      expect(c.status).toBe(201);
      expect(c.json['signing-secret']).toMatch(/^whsec_/);
      expect(c.json.webhook).toMatchObject({ 'notify-days-before': 30, 'event-types': ['consent.withdrawal'], active: true });
      const wid = c.json.webhook.wid;
      expect(c.headers.location).toBe(`${B}/webhooks/${wid}`);
      const list = await api.call('du1', 'GET', `${B}/webhooks`);
      expect(list.json.webhooks.map((w: { wid: string }) => w.wid)).toContain(wid);
      expect(list.body).not.toContain(c.json['signing-secret']);
      expect((await api.call('du2', 'GET', `${B}/webhooks`)).json.webhooks.map((w: { wid: string }) => w.wid)).not.toContain(wid);
      const p = await api.call('du1', 'PATCH', `${B}/webhooks/${wid}`, { 'notify-days-before': 7 });
      expect(p.json.webhook).toMatchObject({ 'notify-days-before': 7, 'callback-url': 'https://hooks.example.com/a', 'event-types': ['consent.withdrawal'] });
      expect(p.json['signing-secret']).toBeUndefined();
      const rot = await api.call('du1', 'PATCH', `${B}/webhooks/${wid}`, { 'rotate-secret': true });
      expect(rot.json['signing-secret']).toMatch(/^whsec_/);
      expect(rot.json['signing-secret']).not.toBe(c.json['signing-secret']);
      expect((await api.call('du2', 'PATCH', `${B}/webhooks/${wid}`, { active: false })).status).toBe(403);
      expect((await api.call('du2', 'DELETE', `${B}/webhooks/${wid}`)).status).toBe(403);
      const bad = await api.call('du1', 'POST', `${B}/webhooks`, { 'callback-url': 'http://hooks.example.com/a', 'alert-email': 'x', 'notify-days-before': 91, 'event-types': [] });
      expect(errorFields(bad.json)).toEqual([['VAL001', 'alert-email'], ['VAL001', 'callback-url'], ['VAL001', 'event-types'], ['VAL001', 'notify-days-before']]);
      expect((await api.call('du1', 'POST', `${B}/webhooks`, { 'callback-url': 'http://127.0.0.1:9/x', 'alert-email': 'ops@example.com' })).status).toBe(201);
      const del = await api.call('du1', 'DELETE', `${B}/webhooks/${wid}`);
      expect(del.status).toBe(204);
      expect((await api.call('du1', 'DELETE', `${B}/webhooks/${wid}`)).status).toBe(404);
      expect((await api.call('du1', 'PATCH', `${B}/webhooks/wid_000000000000000000000000`, {})).status).toBe(404);
    });
  });

  test('the request log of all the above holds no ak, email, postcode or secret; ak routes are logged by pattern', () => {
    const text = api.s.logs.join('');
    expect(text).toContain('"url":"/dar/v1/access-records/:ak"');
    expect(text).not.toMatch(/ak_[0-9a-f]{24}/);
    expect(text).not.toMatch(/whsec_|sk_[A-Za-z0-9_-]{20}|eyJ[A-Za-z0-9_-]{10,}\./);
    expect(text).not.toMatch(/[A-Za-z0-9._%+-]+(@|%40)[A-Za-z0-9-]+\.[A-Za-z]/);
    expect(text).not.toMatch(/\b[A-Z]{1,2}[0-9][0-9A-Z]? ?[0-9][A-Z]{2}\b|Acacia/);
  });

  test('unknown DAR routes are 404 and wrong methods 405, in the DAR shape', async () => {
    const r = await api.call('du1', 'GET', `${B}/nothing-here`);
    expect([r.status, r.json.errors[0]['error-code']]).toEqual([404, 'NOT001']);
    const m = await api.call('du1', 'PATCH', `${B}/records`);
    expect([m.status, m.json.errors[0]['error-code']]).toEqual([405, 'VAL002']);
  });
});
